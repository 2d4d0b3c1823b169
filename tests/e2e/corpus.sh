#!/bin/sh
# Robustness run over the third-party captures in ../shared/corpus/
# (see its SOURCES.md; several are malformed on purpose).  Each file goes
# through the sanitizer build: pathwatch -r FILE --json /dev/null must
# exit 0, or 2 with exactly one stderr line, within 60 s, and stderr must
# hold no AddressSanitizer/UndefinedBehaviorSanitizer report.  Prints
# PASS/FAIL per file, SKIP when ../shared is absent.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
. "$root/tests/lib.sh"
corpus=$root/../shared/corpus
: "${PATHWATCH:=${PW_E2E_BIN:-build/asan/pathwatch}}"
case $PATHWATCH in /*) pw=$PATHWATCH ;; *) pw=$root/$PATHWATCH ;; esac

if [ ! -d "$corpus" ]; then
	echo "SKIP: corpus (../shared absent)"
	exit 0
fi
need_bin corpus "$pw" "pathwatch binary"
: "${ASAN_OPTIONS:=detect_leaks=1:abort_on_error=1}"
: "${UBSAN_OPTIONS:=print_stacktrace=1:halt_on_error=1}"
export ASAN_OPTIONS UBSAN_OPTIONS

err=$(mktemp)
trap 'rm -f "$err"' EXIT
failed=0
list=$(mktemp)
find "$corpus" -type f ! -name '*.md' ! -name '*.txt' | sort >"$list"
while IFS= read -r f; do
	name=corpus/${f#"$corpus"/}
	timeout 60 "$pw" -r "$f" --json /dev/null </dev/null >/dev/null 2>"$err"
	rc=$?
	lines=$(grep -c . "$err")
	why=
	if grep -qE 'AddressSanitizer|UndefinedBehaviorSanitizer|LeakSanitizer|runtime error:' "$err"; then
		why="sanitizer report: $(grep -m1 -E 'Sanitizer|runtime error:' "$err")"
	elif [ "$rc" -eq 124 ]; then
		why="timed out after 60 s"
	elif [ "$rc" -eq 2 ] && [ "$lines" -ne 1 ]; then
		why="exit 2 with $lines stderr lines, not one"
	elif [ "$rc" -ne 0 ] && [ "$rc" -ne 2 ]; then
		why="exit $rc: $(tail -n 1 "$err")"
	fi
	if [ -n "$why" ]; then
		echo "FAIL: $name ($why)"
		failed=$((failed + 1))
	elif [ "$rc" -eq 2 ]; then
		echo "PASS: $name (rejected: $(head -n 1 "$err" | cut -c1-120))"
	else
		echo "PASS: $name"
	fi
done <"$list"
rm -f "$list"
[ "$failed" -eq 0 ]
