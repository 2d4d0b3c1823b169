#!/bin/sh
# bench.sh: the benchmark tables of issue 6.  Called by 'make bench' (and
# 'make bench-alloc' with -a) once the captures exist; see mk/bench.mk.
#
#   tools/bench.sh [-a] DIR
#
# DIR holds gencap, bare-reader, malloc-count.so and the captures
# (big, small, flows10k, flows1m, big2x for -a), each with its .info.
# PATHWATCH names the program under test; when it does not answer
# --version its rows are skipped.  BENCH_RUNS (5) and BENCH_SCALE_RUNS (3)
# set the repetitions.  Wall time comes from date(1) in nanoseconds, CPU
# and peak RSS from /usr/bin/time.
set -eu

alloc=0
if [ "${1:-}" = "-a" ]; then
	alloc=1
	shift
fi
dir=${1:?usage: bench.sh [-a] DIR}
pw=${PATHWATCH:-./pathwatch}
runs=${BENCH_RUNS:-5}
sruns=${BENCH_SCALE_RUNS:-3}
res=$dir/results
mkdir -p "$res"

# info FILE KEY: one value from a capture's .info (written by gencap).
info() {
	sed -n "s/^$2=//p" "$1.info"
}

# machine: the line that says what the figures were taken on.
machine() {
	model=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo |
	    head -1)
	mem=$(awk '/^MemTotal/ { printf "%.0f", $2 / 1048576 }' /proc/meminfo)
	load=$(cut -d' ' -f1-3 /proc/loadavg)
	pcapv=$(tcpdump --version 2>&1 |
	    sed -n 's/^libpcap version \([^ ]*\).*/\1/p')
	ccv=$(${CC:-gcc} -dumpfullversion 2>/dev/null || echo '?')
	echo "machine: $(nproc) cores, ${model:-unknown CPU}, ${mem} GB RAM," \
	    "Linux $(uname -r), libpcap ${pcapv:-?}, gcc $ccv," \
	    "load $load, $(date -u +%Y-%m-%dT%H:%MZ)"
}

# run TAG CMD...: runs CMD once with output discarded and appends
# "wall cpu rss_kb" to $res/TAG.  A failing command stops the benchmark.
run() {
	tag=$1
	shift
	t0=$(date +%s%N)
	if ! /usr/bin/time -f '%U %S %M' -o "$res/time.tmp" "$@" \
	    >/dev/null 2>"$res/stderr.tmp"; then
		echo "bench: '$*' failed:" >&2
		tail -5 "$res/stderr.tmp" >&2
		exit 1
	fi
	t1=$(date +%s%N)
	tail -1 "$res/time.tmp" | awk -v w="$(( t1 - t0 ))" \
	    '{ printf "%.4f %.2f %d\n", w / 1e9, $1 + $2, $3 }' >>"$res/$tag"
}

# med TAG COL: the median of column COL (1 wall, 2 cpu, 3 rss) of TAG.
med() {
	awk -v c="$2" '{ print $c }' "$res/$1" | sort -g | awk '
	    { v[NR] = $1 }
	    END {
		if (NR == 0) { print "nan"; exit }
		if (NR % 2) print v[(NR + 1) / 2]
		else print (v[NR / 2] + v[NR / 2 + 1]) / 2
	    }'
}

# pairmed A B COL: the median over runs i of B_i / A_i.
pairmed() {
	paste -d' ' "$res/$1" "$res/$2" | awk -v c="$3" '
	    { print $(c + 3) / $c }' | sort -g | awk '
	    { v[NR] = $1 }
	    END {
		if (NR % 2) print v[(NR + 1) / 2]
		else print (v[NR / 2] + v[NR / 2 + 1]) / 2
	    }'
}

# row LABEL FILE TAG [RATIO]: one line of the main table.
row() {
	pk=$(info "$dir/$2.pcap" packets)
	n=$(wc -l <"$res/$3")
	printf '%-34s %-8s %4d %9.3f %8.2f %9.3f %9.1f  %s\n' "$1" "$2" \
	    "$n" "$(med "$3" 1)" "$(med "$3" 2)" \
	    "$(awk -v p="$pk" -v w="$(med "$3" 1)" \
	    'BEGIN { print p / w / 1e6 }')" \
	    "$(awk -v k="$(med "$3" 3)" 'BEGIN { print k / 1024 }')" "${4:-}"
}

# verdict NAME VALUE OP LIMIT: PASS or FAIL for one target.
verdict() {
	awk -v n="$1" -v v="$2" -v op="$3" -v l="$4" 'BEGIN {
		ok = (op == "<=") ? v <= l : v >= l
		printf "  %-44s %10.3f %s %-8s %s\n", n, v, op, l,
		    ok ? "PASS" : "FAIL"
	}'
}

havepw=1
if ! "$pw" --version >/dev/null 2>&1; then
	havepw=0
	echo "bench: $pw --version does not answer; pathwatch rows skipped" \
	    "(build it with 'make pathwatch')" >&2
fi

if [ "$alloc" = 1 ]; then
	echo "== allocation check: heap calls during one run =="
	machine
	rm -f "$res"/alloc.*
	for f in big big2x; do
		p=$(info "$dir/$f.pcap" packets)
		MALLOC_COUNT_OUT=$res/alloc.bare.$f \
		    LD_PRELOAD=$dir/malloc-count.so \
		    "$dir/bare-reader" "$dir/$f.pcap" >/dev/null
		if [ "$havepw" = 1 ]; then
			MALLOC_COUNT_OUT=$res/alloc.pw.$f \
			    LD_PRELOAD=$dir/malloc-count.so \
			    "$pw" -r "$dir/$f.pcap" --json /dev/null >/dev/null
		fi
	done
	for t in bare pw; do
		[ -f "$res/alloc.$t.big" ] || continue
		awk -v t="$t" -v p1="$(info "$dir/big.pcap" packets)" \
		    -v p2="$(info "$dir/big2x.pcap" packets)" '
		    FNR == 1 { n[++k] = $NF }
		    END {
			d = (n[2] - n[1]) / (p2 - p1)
			printf "%-10s big %d pkts: %d calls; big2x %d pkts:" \
			    " %d calls; %.6f per added packet %s\n", t, p1,
			    n[1], p2, n[2], d, d < 0.001 ? "PASS" : "FAIL"
		    }' "$res/alloc.$t.big" "$res/alloc.$t.big2x"
	done
	[ "$havepw" = 1 ] || echo "pathwatch   skipped (not built)"
	echo "(PASS: under 0.001 heap calls per added packet; same flows," \
	    "twice the packets)"
	exit 0
fi

# warm FILE: reads FILE once so the runs that follow find it in the page
# cache (done right before them: other work on the machine may evict it).
warm() {
	cat "$dir/$1.pcap" >/dev/null
}

rm -f "$res"/bare.* "$res"/pw.* "$res"/tcpdump.* "$res"/tshark.*

# Main table: bare reader and pathwatch alternate, pair by pair.
echo "bench: big.pcap, $runs pairs" >&2
warm big
i=0
while [ "$i" -lt "$runs" ]; do
	run bare.big "$dir/bare-reader" "$dir/big.pcap"
	[ "$havepw" = 0 ] ||
	    run pw.big "$pw" -r "$dir/big.pcap" --json /dev/null
	i=$((i + 1))
done
echo "bench: small.pcap: bare, pathwatch, tcpdump, tshark" >&2
warm small
i=0
while [ "$i" -lt "$sruns" ]; do
	run bare.small "$dir/bare-reader" "$dir/small.pcap"
	[ "$havepw" = 0 ] ||
	    run pw.small "$pw" -r "$dir/small.pcap" --json /dev/null
	run tcpdump.small tcpdump -nr "$dir/small.pcap"
	run tshark.small tshark -n -r "$dir/small.pcap" -T fields \
	    -e dns.qry.name -e dns.a -e dns.aaaa -e dns.cname
	i=$((i + 1))
done
# Scale: the same packet count at 10x fewer and 10x more flows.
for f in flows10k flows1m; do
	echo "bench: $f.pcap, $sruns pairs" >&2
	warm "$f"
	i=0
	while [ "$i" -lt "$sruns" ]; do
		run "bare.$f" "$dir/bare-reader" "$dir/$f.pcap"
		[ "$havepw" = 0 ] ||
		    run "pw.$f" "$pw" -r "$dir/$f.pcap" --json /dev/null
		i=$((i + 1))
	done
done

big=$dir/big.pcap
echo
echo "== pathwatch benchmark: big.pcap, $(info "$big" packets) packets," \
    "$(info "$big" flows) flows, $(( $(info "$big" bytes) / 1000000 )) MB =="
machine
printf '%-34s %-8s %4s %9s %8s %9s %9s  %s\n' tool file runs wall_s \
    cpu_s Mpkt/s rss_MB "pathwatch/bare (pair median, wall)"
row "bare-reader" big bare.big "1.00"
if [ "$havepw" = 1 ]; then
	row "pathwatch -r --json /dev/null" big pw.big \
	    "$(pairmed bare.big pw.big 1) (cpu $(pairmed bare.big pw.big 2))"
else
	echo "pathwatch -r --json /dev/null      (skipped: not built)"
fi
row "bare-reader" small bare.small
[ "$havepw" = 0 ] || row "pathwatch -r --json /dev/null" small pw.small
row "tcpdump -nr >/dev/null" small tcpdump.small
row "tshark -T fields -e dns.*" small tshark.small
echo "versions: $(tcpdump --version 2>&1 | head -1);" \
    "$(tshark --version 2>/dev/null | head -1)"

echo
echo "== scale: the same $(info "$big" packets) packets over 10x fewer" \
    "and 10x more flows =="
printf '%-9s %8s %6s %9s %9s %9s %9s %7s %9s %8s %8s\n' flows live_max \
    B/pkt bare_s bare_ns/p pw_s pw_ns/p ratio pw_rss_MB +B/flow +B/live
k0=nan
for f in flows10k big flows1m; do
	p=$(info "$dir/$f.pcap" packets)
	b=$(med "bare.$f" 1)
	if [ "$havepw" = 1 ]; then
		w=$(med "pw.$f" 1)
		k=$(med "pw.$f" 3)
		r=$(pairmed "bare.$f" "pw.$f" 1)
	else
		w=nan k=nan r=nan
	fi
	[ "$k0" != nan ] || k0=$k
	awk -v f="$(info "$dir/$f.pcap" flows)" -v p="$p" \
	    -v l="$(info "$dir/$f.pcap" max_live_conversations)" \
	    -v by="$(info "$dir/$f.pcap" bytes)" -v b="$b" -v w="$w" \
	    -v k="$k" -v r="$r" -v k0="$k0" \
	    -v f0="$(info "$dir/flows10k.pcap" flows)" \
	    -v l0="$(info "$dir/flows10k.pcap" max_live_conversations)" '
	    BEGIN {
		printf "%-9d %8d %6.0f %9.3f %9.1f", f, l, by / p, b,
		    b * 1e9 / p
		if (w == "nan") { print "   (pathwatch skipped)"; exit }
		printf " %9.3f %9.1f %7.2f %9.1f", w, w * 1e9 / p, r,
		    k / 1024
		if (f == f0) { print "        -        -"; exit }
		printf " %8.0f %8.0f\n", (k - k0) * 1024 / (f - f0),
		    (k - k0) * 1024 / (l - l0)
	    }'
done
echo "(live_max: most conversations open at once in the file, each a" \
    "connection and at most one DNS exchange; +B/flow and +B/live: peak" \
    "RSS added over the 10k-flow row per added flow in the file and per" \
    "added live conversation; pathwatch may keep closed flows until they" \
    "time out, so its own live count lies between the two)"

[ "$havepw" = 1 ] || exit 0
echo
echo "targets:"
verdict "pathwatch / bare reader, wall (big)" \
    "$(pairmed bare.big pw.big 1)" "<=" 1.5
verdict "pathwatch pkt/s (big) / tshark pkt/s (small)" "$(awk \
    -v t="$(med tshark.small 1)" -v tp="$(info "$dir/small.pcap" packets)" \
    -v w="$(med pw.big 1)" -v p="$(info "$big" packets)" \
    'BEGIN { print (p / w) / (tp / t) }')" ">=" 200
verdict "pathwatch ns/pkt, 1M flows / 10k flows" "$(awk \
    -v a="$(med pw.flows1m 1)" -v b="$(med pw.flows10k 1)" \
    'BEGIN { print a / b }')" "<=" 1.5
