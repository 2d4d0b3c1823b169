#!/bin/sh
# make lint: the style facts of analyzer/ (STYLE.md C3, C7): lines over 80
# columns, trailing white space, space before tab, and the TODO/XXX marks
# per module.  Exits 1 when any line breaks the white-space rules.
set -u
cd "$(dirname "$0")/.." || exit 2

status=0
wide=$(expand analyzer/*.[ch] | awk 'length > 80' | wc -l)
trailing=$(grep -nE '[[:space:]]+$' analyzer/*.[ch] | wc -l)
spacetab=$(grep -nE ' +	' analyzer/*.[ch] | wc -l)
echo "lines over 80 columns: $wide"
echo "trailing white space:  $trailing"
echo "space before tab:      $spacetab"
[ "$trailing" -eq 0 ] && [ "$spacetab" -eq 0 ] || status=1
echo "marks per module (TODO: missing, XXX: questionable):"
grep -cE '(TODO|XXX):' analyzer/*.[ch] | grep -v ':0$' | sed 's/^/  /'
if grep -nE '/\* *(TODO|XXX|FIXME):? *\*/' analyzer/*.[ch]; then
	echo "bare marks above: say what is missing and why" >&2
	status=1
fi
exit $status
