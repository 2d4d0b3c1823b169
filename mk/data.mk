# Data: the compiled-in filters/ tables and the default ASN database.
#
#   $(B)/gen/filters-data.c  the files in FILTERS_EMBED as C strings
#                            (analyzer/filters-data.h), part of every build
#   make data                $(B)/data/asn.mmdb from the npm package
#                            @ip-location-db/asn (RouteViews, DB-IP and NRO
#                            data, CC BY 4.0); a no-op when up to date
#   make test-data           the small databases the unit tests use

FILTERS_EMBED	:= filters/zones.txt filters/microsoft-asns.txt \
		   filters/platform.txt filters/private.txt \
		   filters/bpf-presets.txt
GEN_SRCS	+= $(B)/gen/filters-data.c

$(B)/gen/filters-data.c: $(FILTERS_EMBED) tools/embed-text.sh | $(B)/gen
	@echo "  GEN     $@"
	$(Q)tools/embed-text.sh $@ $(FILTERS_EMBED)

# The ASN data set is pinned; a new version gets a new stamp and a rebuild.
ASN_NPM_PKG	:= @ip-location-db/asn
ASN_NPM_VERSION	:= 2.3.2026061719
ASN_NPM_DIR	 = $(B)/npm
ASN_CSV_DIR	 = $(ASN_NPM_DIR)/node_modules/$(ASN_NPM_PKG)
ASN_STAMP	 = $(ASN_NPM_DIR)/asn-$(ASN_NPM_VERSION).stamp
ASN_DB		 = $(B)/data/asn.mmdb

data: $(ASN_DB)

$(ASN_STAMP):
	@echo "  NPM     $(ASN_NPM_PKG)@$(ASN_NPM_VERSION)"
	$(Q)mkdir -p $(ASN_NPM_DIR)
	$(Q)npm install --prefix $(ASN_NPM_DIR) --no-save --no-audit \
	    --no-fund --loglevel=error $(ASN_NPM_PKG)@$(ASN_NPM_VERSION)
	$(Q)test -s $(ASN_CSV_DIR)/asn-ipv4.csv && \
	    test -s $(ASN_CSV_DIR)/asn-ipv6.csv
	$(Q)touch $@

$(ASN_DB): $(ASN_STAMP) tools/mkasn-db.pl
	@echo "  MMDB    $@ (about 20 s)"
	$(Q)mkdir -p $(@D)
	$(Q)tools/mkasn-db.pl -o $@ -d "pathwatch ASN data from \
	    $(ASN_NPM_PKG) $(ASN_NPM_VERSION) (RouteViews, DB-IP, NRO; \
	    CC BY 4.0)" $(ASN_CSV_DIR)/asn-ipv4.csv $(ASN_CSV_DIR)/asn-ipv6.csv

# Small databases for unit tests and demos, from tests/data/.
TEST_ASN_DB	 = $(B)/data/asn-test.mmdb
TEST_TAGS_DB	 = $(B)/data/tags-test.mmdb

test-data: $(TEST_ASN_DB) $(TEST_TAGS_DB)
.PHONY: test-data

$(TEST_ASN_DB): tests/data/asn-test.csv tools/mkasn-db.pl
	$(Q)mkdir -p $(@D)
	$(Q)tools/mkasn-db.pl -o $@ -d "pathwatch unit-test ASN data" \
	    tests/data/asn-test.csv

$(TEST_TAGS_DB): tests/data/ServiceTags_Public_test.json \
    tools/servicetags2mmdb
	$(Q)mkdir -p $(@D)
	$(Q)tools/servicetags2mmdb -o $@ tests/data/ServiceTags_Public_test.json

# Installs the ASN database where pathwatch looks by default
# ($(DATADIR)/asn.mmdb), when make data has built it.
install-data:
	$(Q)if [ -f $(ASN_DB) ]; then \
	    install -d $(DESTDIR)$(DATADIR) && \
	    install -m 644 $(ASN_DB) $(DESTDIR)$(DATADIR)/asn.mmdb; \
	else echo "install-data: no $(ASN_DB); run make data" >&2; fi

uninstall-data:
	rm -f $(DESTDIR)$(DATADIR)/asn.mmdb
.PHONY: install-data uninstall-data
