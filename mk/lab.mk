# The network-namespace lab (tools/lab): its ASN database, the lab test
# suite (runs as root where namespaces work, says SKIP otherwise) and the
# demo over a lab recording.

LAB_ASN_DB	:= $(B)/data/lab-asn.mmdb
LAB_DEMO_ARGS	:= --vnet 10.52.0.0/16 --vnet 10.100.0.0/16 \
		   --asn-db $(LAB_ASN_DB)

TEST_SUITES	+= tests/lab/run.sh
# tests/lab/run.sh finds the binary and the database through these.
export PW_LAB_BUILD := $(B)

$(LAB_ASN_DB): tools/lab-asn.csv tools/mkasn-db.pl
	@echo "  MKASN   $@"
	$(Q)mkdir -p $(@D)
	$(Q)perl tools/mkasn-db.pl -o $@ -d "pathwatch lab ASN database" \
	    tools/lab-asn.csv

lab-asn: $(LAB_ASN_DB)
test-build: $(LAB_ASN_DB)

# make demo: set-up first (packages), then the sample through pathwatch.
demo: deps
	$(Q)$(MAKE) --no-print-directory demo-run

demo-run: pathwatch $(LAB_ASN_DB)
	@echo "pathwatch on captures/lab-sample.pcap, a recording of the lab"
	@echo "(tools/lab): a working private endpoint, an unlinked private"
	@echo "zone that sends the call over Microsoft's public address, and"
	@echo "plain internet egress."
	@echo
	./pathwatch -r captures/lab-sample.pcap $(LAB_DEMO_ARGS)

.PHONY: lab-asn demo demo-run
