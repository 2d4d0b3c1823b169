# Evidence reports: tests/report/run.sh makes reports from the sample
# captures (and merges of their JSON Lines) and checks them, in a browser
# too when Chromium can be had.  It uses the lab ASN database.

PW_REPORT_ASN	:= $(B)/data/lab-asn.mmdb
export PW_REPORT_ASN

TEST_SUITES	+= tests/report/run.sh

test-build: $(PW_REPORT_ASN)
