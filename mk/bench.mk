# Benchmarks (issue 6): 'make bench' prints pathwatch against a bare
# libpcap reader, tcpdump and tshark, and the scale table; 'make
# bench-alloc' counts heap calls.  Tools are built optimised, without
# sanitizers; captures are generated once into $(BENCH_DIR), never
# committed.  PATHWATCH may name another binary to measure.

BENCH_DIR	 = $(B)/bench
BENCH_CFLAGS	 = -O2
BENCH_SEED	?= 1
BENCH_TOOLS	 = $(BENCH_DIR)/gencap $(BENCH_DIR)/bare-reader \
		   $(BENCH_DIR)/malloc-count.so
BENCH_CAPS	 = $(BENCH_DIR)/big.pcap $(BENCH_DIR)/small.pcap \
		   $(BENCH_DIR)/flows10k.pcap $(BENCH_DIR)/flows1m.pcap
PATHWATCH	?= $(B)/rel/pathwatch

# gencap arguments per capture: 3M packets at 100k, 10k and 1M flows; a
# 100k-packet file of the same mix for tshark; twice the packets of the
# same flows for the allocation check.
BENCH_ARGS_big		= -n 3000000 -f 100000
BENCH_ARGS_small	= -n 100000 -f 3333
BENCH_ARGS_flows10k	= -n 3000000 -f 10000
BENCH_ARGS_flows1m	= -n 3000000 -f 1000000
BENCH_ARGS_big2x	= -n 6000000 -f 100000

.PHONY: bench bench-alloc bench-tools bench-pathwatch
bench-tools: $(BENCH_TOOLS)

$(BENCH_DIR):
	$(Q)mkdir -p $@

$(BENCH_DIR)/gencap: tools/gencap.c | $(BENCH_DIR)
	@echo "  CC      $@"
	$(Q)$(CC) $(PW_CPPFLAGS) $(PW_CFLAGS) $(BENCH_CFLAGS) -o $@ $< \
	    $(LDFLAGS) -lpcap -lm

$(BENCH_DIR)/bare-reader: tools/bare-reader.c | $(BENCH_DIR)
	@echo "  CC      $@"
	$(Q)$(CC) $(PW_CPPFLAGS) $(PW_CFLAGS) $(BENCH_CFLAGS) -o $@ $< \
	    $(LDFLAGS) -lpcap

$(BENCH_DIR)/malloc-count.so: tools/malloc-count.c | $(BENCH_DIR)
	@echo "  CC      $@"
	$(Q)$(CC) $(PW_CFLAGS) -D_GNU_SOURCE $(BENCH_CFLAGS) -fPIC -shared \
	    -o $@ $<

# One rule per capture; written to a temporary name so an interrupted
# run never leaves a short file that looks finished.
$(BENCH_DIR)/%.pcap: $(BENCH_DIR)/gencap
	@echo "  GENCAP  $@"
	$(Q)$(BENCH_DIR)/gencap -s $(BENCH_SEED) $(BENCH_ARGS_$*) \
	    -i $@.info -o $@.tmp 2>/dev/null && mv $@.tmp $@

# pathwatch itself, optimised; when the engine does not link yet the
# script reports its rows as skipped.
bench-pathwatch:
	-$(Q)$(MAKE) --no-print-directory B=$(B) $(B)/rel/pathwatch

# The tables are also kept in $(BENCH_DIR)/bench.txt for the README.
bench: bench-tools bench-pathwatch $(BENCH_CAPS)
	$(Q)PATHWATCH=$(PATHWATCH) CC=$(CC) tools/bench.sh $(BENCH_DIR) \
	    >$(BENCH_DIR)/bench.txt; rc=$$?; cat $(BENCH_DIR)/bench.txt; \
	    exit $$rc

bench-alloc: bench-tools bench-pathwatch $(BENCH_DIR)/big.pcap \
    $(BENCH_DIR)/big2x.pcap
	$(Q)PATHWATCH=$(PATHWATCH) tools/bench.sh -a $(BENCH_DIR)
