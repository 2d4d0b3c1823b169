# Tests: unit tests link single modules against the sanitizer build; the
# other suites are scripts in tests/ that drive $(B)/asan/pathwatch.
# A fragment that adds a suite appends it to TEST_SUITES.

UNIT_SRCS	:= $(wildcard tests/unit/test-*.c)
UNIT_BINS	:= $(UNIT_SRCS:tests/unit/%.c=$(B)/asan/%)
TEST_SUITES	+= $(UNIT_BINS)

$(B)/asan/test-%: tests/unit/test-%.c $(B)/asan/libpw.a tests/unit/check.h
	@echo "  CC      $@"
	$(Q)$(CC) $(ALL_CFLAGS) -O1 $(SAN_FLAGS) -Itests/unit -o $@ $< \
	    $(B)/asan/libpw.a $(LDFLAGS) $(PW_LDLIBS)

test-build: $(UNIT_BINS) $(B)/asan/pathwatch pathwatch
.PHONY: test-build

test: deps
	$(Q)$(MAKE) --no-print-directory data test-build
	$(Q)ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	    tests/run.sh $(TEST_SUITES)

# test-classify looks owners up in the e2e test ASN database.
export PW_TEST_ASN_DB = $(E2E_ASN_DB)
