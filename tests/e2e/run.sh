#!/bin/sh
# End-to-end suite: runs tests/e2e/check.py over every capture in
# captures/ with its .expect.  PATHWATCH and PW_TESTASN (set by mk/e2e.mk)
# name the binary and the test ASN database.
set -u
here=$(dirname "$0")
: "${PATHWATCH:=${PW_E2E_BIN:-build/asan/pathwatch}}"
: "${PW_TESTASN:=build/data/test-asn.mmdb}"
export PATHWATCH PW_TESTASN
if [ ! -r "$PW_TESTASN" ]; then
	echo "FAIL: e2e/setup (no test ASN database at $PW_TESTASN: make $PW_TESTASN)"
	exit 1
fi
exec /usr/bin/python3 "$here/check.py" "$@"
