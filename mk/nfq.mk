# Inline mode (issue 7): the NFQUEUE lab suite.  It runs as root where
# network namespaces and the NFQUEUE target work, and says SKIP
# otherwise; it finds the binary and the lab ASN database through
# PW_LAB_BUILD (mk/lab.mk).

TEST_SUITES	+= tests/nfq/run.sh
test-build: $(B)/data/lab-asn.mmdb

# Runs only the NFQUEUE suite.
nfq-test: $(B)/asan/pathwatch $(B)/data/lab-asn.mmdb
	$(Q)PW_LAB_BUILD=$(B) tests/run.sh tests/nfq/run.sh
.PHONY: nfq-test
