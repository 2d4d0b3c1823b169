#!/bin/bash
# Lab suite: builds the namespace lab (tools/lab) and, for each scenario,
# runs pathwatch live on the app host's veth while tcpdump records the
# same traffic, then checks the live JSON and an offline run over the
# recording against tests/lab/expect.py (bytes from tshark).  Prints
# SKIP: lab (reason) and exits 0 when not root or without namespaces.
# Every wait is bounded.
set -u

cd "$(dirname "$0")/../.." || exit 1
. tests/lib.sh
ROOT=$(pwd)
BUILD=${PW_LAB_BUILD:-build}
PATHWATCH=${PATHWATCH:-$BUILD/asan/pathwatch}
case $PATHWATCH in /*) ;; *) PATHWATCH=$ROOT/$PATHWATCH ;; esac
PW_LABASN=${PW_LABASN:-$BUILD/data/lab-asn.mmdb}
case $PW_LABASN in /*) ;; *) PW_LABASN=$ROOT/$PW_LABASN ;; esac
export PATHWATCH PW_LABASN
LAB=$ROOT/tools/lab

skip() {
	echo "SKIP: lab ($*)"
	exit 0
}

[ "$(id -u)" -eq 0 ] || skip "not root"
for t in ip dnsmasq tcpdump tshark curl dig openssl ss timeout; do
	command -v "$t" >/dev/null 2>&1 || skip "no $t"
done
probe=pwprobe$$
ip netns add "$probe" >/dev/null 2>&1 || skip "network namespaces unavailable"
ip netns del "$probe"
need_bin lab "$PATHWATCH" "pathwatch binary"
need_file lab "$PW_LABASN" "lab ASN database"

TMP=$(mktemp -d /tmp/pathwatch-labtest.XXXXXX) || exit 1
export PW_LAB_STATE=$TMP/state
PW_PID=

cleanup() {
	if [ -n "$PW_PID" ]; then
		kill -KILL "$PW_PID" 2>/dev/null
	fi
	timeout 60 "$LAB" down >/dev/null 2>&1
	if [ -n "${PW_LAB_KEEP:-}" ]; then
		echo "lab: files kept in $TMP"
	else
		rm -rf "$TMP"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if ! timeout 60 "$LAB" up >"$TMP/up.log" 2>&1; then
	echo "FAIL: lab/up"
	sed 's/^/    /' "$TMP/up.log"
	exit 1
fi
echo "PASS: lab/up"
read -r NS IFACE < <("$LAB" where app)

# Polls for at most $1 seconds.
wait_for() {
	local limit=$1 i=0
	shift
	while [ "$i" -lt $((limit * 10)) ]; do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# Is a pathwatch in the app namespace holding a packet socket yet?
pw_capturing() {
	ip netns exec "$NS" ss -H -0 -p | grep -q '"pathwatch"'
}

run_one() {
	local s=$1 tag=${1//,/+} live rec log rc
	live=$TMP/live-$tag.json
	rec=$TMP/rec-$tag.pcap
	log=$TMP/pathwatch-$tag.log
	ip netns exec "$NS" timeout 300 "$PATHWATCH" -i "$IFACE" --json "$live" \
	    --vnet 10.52.0.0/16 --vnet 10.100.0.0/16 \
	    --asn-db "$PW_LABASN" >"$log" 2>&1 </dev/null &
	PW_PID=$!
	if ! wait_for 15 pw_capturing; then
		echo "FAIL: lab/s$tag/live (pathwatch -i $IFACE did not start" \
		    "capturing in 15 s)"
		sed 's/^/    /' "$log" | tail -n 20
		kill -KILL "$PW_PID" 2>/dev/null
		wait "$PW_PID" 2>/dev/null
		PW_PID=
		return
	fi
	sleep 0.3
	if timeout 120 "$LAB" record "$s" "$rec" >"$TMP/record-$tag.log" 2>&1
	then
		echo "PASS: lab/s$tag/record"
	else
		echo "FAIL: lab/s$tag/record"
		sed 's/^/    /' "$TMP/record-$tag.log"
	fi
	sleep 0.5
	kill -INT "$PW_PID" 2>/dev/null
	wait_for 20 sh -c "! kill -0 $PW_PID" || {
		echo "FAIL: lab/s$tag/stop (pathwatch ignored SIGINT for 20 s)"
		kill -KILL "$PW_PID" 2>/dev/null
	}
	wait "$PW_PID"
	rc=$?
	PW_PID=
	if [ "$rc" -ne 0 ]; then
		echo "FAIL: lab/s$tag/exit (pathwatch -i exited $rc)"
		sed 's/^/    /' "$log" | tail -n 20
	fi
	if [ ! -s "$rec" ]; then
		echo "FAIL: lab/s$tag/check (no recording)"
		return
	fi
	timeout 180 /usr/bin/python3 tests/lab/expect.py check "$s" "$rec" \
	    "$live" || echo "FAIL: lab/s$tag/check (expect.py exited $?)"
}

for s in 1 2 3 4 5 6 1,2,4; do
	run_one "$s"
done
exit 0
