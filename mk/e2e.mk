# End-to-end tests: the captures in captures/ with their .expect files,
# the tshark differential test and the corpus robustness run.  They use a
# small ASN database built from tests/data/test-asn.csv.

# The suites take the binary from PATHWATCH when the environment sets it,
# else from PW_E2E_BIN (PATHWATCH in make is bench.mk's, the rel build).
E2E_ASN_DB	:= $(B)/data/test-asn.mmdb
PW_E2E_BIN	:= $(B)/asan/pathwatch
PW_TESTASN	?= $(E2E_ASN_DB)
export PW_E2E_BIN PW_TESTASN

TEST_SUITES	+= tests/e2e/run.sh tests/e2e/tshark-diff.py tests/e2e/corpus.sh

$(E2E_ASN_DB): tests/data/test-asn.csv tools/mkasn-db.pl
	@echo "  ASNDB   $@"
	$(Q)mkdir -p $(@D)
	$(Q)tools/mkasn-db.pl -o $@ -t pathwatch-ASN-test \
	    -d 'pathwatch end-to-end test ASN database' $<

test-build: $(E2E_ASN_DB)

# Runs only the end-to-end suites.
e2e: $(B)/asan/pathwatch $(E2E_ASN_DB)
	$(Q)tests/run.sh tests/e2e/run.sh tests/e2e/tshark-diff.py \
	    tests/e2e/corpus.sh

# Rewrites the captures from tools/mkcaps.py (needs Debian's scapy).
captures:
	$(Q)/usr/bin/python3 tools/mkcaps.py -q
.PHONY: e2e captures
