#!/bin/sh
# Runs every test suite given on the command line (executables or shell
# scripts), shows their output, and counts the PASS:, FAIL: and SKIP:
# lines they print.  Exits non-zero when any case or suite failed.
set -u

log=$(mktemp)
trap 'rm -f "$log"' EXIT
crashed=0

for suite in "$@"; do
	echo "== $suite"
	if ! "$suite" >>"$log" 2>&1; then
		grep -q '^FAIL:' "$log" || true
		echo "FAIL: suite $suite exited non-zero" >>"$log"
		crashed=$((crashed + 1))
	fi
	# Show this suite's lines as they come, then start a new log slice.
	cat "$log" >>"$log.all"
	grep -E '^(PASS|FAIL|SKIP):' "$log" | sed 's/^/  /'
	grep -vE '^(PASS|FAIL|SKIP):' "$log" | tail -n 40 | sed 's/^/  | /'
	: >"$log"
done

passed=$(grep -c '^PASS:' "$log.all" 2>/dev/null || true)
failed=$(grep -c '^FAIL:' "$log.all" 2>/dev/null || true)
skipped=$(grep -c '^SKIP:' "$log.all" 2>/dev/null || true)
rm -f "$log.all"
echo "${passed:-0} passed, ${failed:-0} failed, ${skipped:-0} skipped"
[ "${failed:-0}" -eq 0 ] && [ "$crashed" -eq 0 ]
