#!/bin/bash
# NFQUEUE suite (issue 7): builds the namespace lab (tools/lab), installs
# the rules that 'pathwatch --print-rules 0' prints inside the app
# namespace only, and runs pathwatch -q there with real clients:
#   observe   every packet passes; the same flows and labels as -i, and as
#             -r over the -w file
#   enforce   the bypassed private endpoint is dropped at its SYN (curl
#             fails fast, the finding says enforced); private-link and
#             allowed calls pass
#   dry-run   nothing is dropped, the same findings are reported
#   fail-open pathwatch stopped (SIGSTOP) under a flood: traffic passes,
#             and the skipped packets are counted
#   kill      SIGKILL during traffic: traffic goes on (--queue-bypass); a
#             restarted pathwatch picks up again
# Prints SKIP: nfq (reason) and exits 0 when not root or when namespaces
# or NFQUEUE are unavailable.  Every wait is bounded.
set -u

cd "$(dirname "$0")/../.." || exit 1
. tests/lib.sh
ROOT=$(pwd)
BUILD=${PW_LAB_BUILD:-build}
PATHWATCH=${PATHWATCH:-$BUILD/asan/pathwatch}
case $PATHWATCH in /*) ;; *) PATHWATCH=$ROOT/$PATHWATCH ;; esac
PW_LABASN=${PW_LABASN:-$BUILD/data/lab-asn.mmdb}
case $PW_LABASN in /*) ;; *) PW_LABASN=$ROOT/$PW_LABASN ;; esac
LAB=$ROOT/tools/lab
PY=/usr/bin/python3
CHECK="$PY $ROOT/tests/nfq/check.py"
POLICY=$ROOT/tests/nfq/lab-policy.conf
AOAI=contoso-aoai.openai.azure.com
INET=api.example.net
Q=0

skip() {
	echo "SKIP: nfq ($*)"
	exit 0
}

[ "$(id -u)" -eq 0 ] || skip "not root"
for t in ip iptables dnsmasq curl dig openssl ss timeout "$PY"; do
	command -v "$t" >/dev/null 2>&1 || skip "no $t"
done
probe=pwnfq$$
ip netns add "$probe" >/dev/null 2>&1 || skip "network namespaces unavailable"
# The NFQUEUE target: iptables (nf_tables or legacy) must take the rule.
IPT=
for t in iptables iptables-legacy; do
	if ip netns exec "$probe" "$t" -A OUTPUT -o lo -j NFQUEUE \
	    --queue-num $Q --queue-bypass >/dev/null 2>&1; then
		IPT=$t
		break
	fi
done
ip netns del "$probe"
[ -n "$IPT" ] || skip "iptables has no NFQUEUE target here"
need_bin nfq "$PATHWATCH" "pathwatch binary"
need_file nfq "$PW_LABASN" "lab ASN database"

TMP=$(mktemp -d /tmp/pathwatch-nfqtest.XXXXXX) || exit 1
export PW_LAB_STATE=$TMP/state
PW_PID=
BG_PID=

cleanup() {
	[ -n "$PW_PID" ] && kill -KILL "$PW_PID" 2>/dev/null
	[ -n "$BG_PID" ] && kill -KILL "$BG_PID" 2>/dev/null
	timeout 60 "$LAB" down >/dev/null 2>&1
	if [ -n "${PW_NFQ_KEEP:-}" ]; then
		echo "nfq: files kept in $TMP"
	else
		rm -rf "$TMP"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

pass() { echo "PASS: nfq/$1"; }

# fail NAME REASON [LOG]: the reason, and the tail of LOG if given.
fail() {
	echo "FAIL: nfq/$1 ($2)"
	[ -n "${3:-}" ] && [ -f "$3" ] && tail -n 15 "$3" | sed 's/^/    /'
	return 0
}

# check NAME CHECK-ARGS...: one check.py assertion as one case.
check() {
	local name=$1 err
	shift
	if err=$($CHECK "$@" 2>&1); then
		pass "$name"
	else
		fail "$name" "$err"
	fi
}

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

# --- cases that need no lab

out=$("$PATHWATCH" --print-rules 7 2>&1)
ok=1
for rule in "-I OUTPUT ! -o lo" "-I INPUT ! -i lo" "-D OUTPUT ! -o lo" \
    "-D INPUT ! -i lo"; do
	echo "$out" | grep -qxF -- \
	    "iptables $rule -j NFQUEUE --queue-num 7 --queue-bypass" || ok=0
done
if [ "$ok" = 1 ]; then
	pass print-rules
else
	fail print-rules "unexpected rules: $(echo "$out" | grep -v '^#' |
	    tr '\n' '|')"
fi

out=$("$PATHWATCH" -q 3-70000 2>&1)
rc=$?
if [ "$rc" -eq 2 ] && echo "$out" | grep -q "not a queue list"; then
	pass bad-queue-list
else
	fail bad-queue-list "exit $rc: $out"
fi

if command -v setpriv >/dev/null 2>&1; then
	out=$(timeout 20 setpriv --reuid=65534 --regid=65534 --clear-groups \
	    --inh-caps=-all "$PATHWATCH" -q $Q --no-asn-db --json /dev/null 2>&1)
	rc=$?
	if [ "$rc" -eq 2 ] && echo "$out" | grep -q "CAP_NET_ADMIN"; then
		pass no-capability
	else
		fail no-capability "exit $rc, no word of CAP_NET_ADMIN: $out"
	fi
else
	echo "SKIP: nfq/no-capability (no setpriv)"
fi

# --- the lab

if ! timeout 60 "$LAB" up >"$TMP/up.log" 2>&1; then
	fail up "tools/lab up failed" "$TMP/up.log"
	exit 1
fi
read -r NS IFACE < <("$LAB" where app)
CA=$PW_LAB_STATE/pki/ca.pem

in_app() {
	ip netns exec "$NS" "$@"
}

# The rules as --print-rules gives them (IPv4: the lab has no IPv6).
rules() {
	"$PATHWATCH" --print-rules $Q | grep "^iptables $1 "
}

while read -r _ args; do
	# shellcheck disable=SC2086
	in_app "$IPT" $args || { fail rules "$IPT $args failed"; exit 1; }
done < <(rules -I)
if in_app "$IPT" -S | grep -c 'NFQUEUE --queue-num 0 --queue-bypass' |
    grep -qx 2; then
	pass rules
else
	fail rules "$(in_app "$IPT" -S | tr '\n' '|')"
fi

# Is queue $Q bound in the app namespace (by any program)?
queue_bound() {
	in_app awk -v q=$Q '$1 == q { found = 1 } END { exit !found }' \
	    /proc/net/netfilter/nfnetlink_queue
}

not() {
	! "$@"
}

# pw_start TAG ARGS...: pathwatch -q in app, in the background, until
# its queue is bound.  Sets PW_PID; the JSON goes to $TMP/TAG.json.
pw_start() {
	local tag=$1
	shift
	# Not through in_app: $! must be pathwatch itself, not a subshell.
	ip netns exec "$NS" "$PATHWATCH" -q $Q --vnet 10.52.0.0/16 \
	    --vnet 10.100.0.0/16 \
	    --asn-db "$PW_LABASN" --json "$TMP/$tag.json" "$@" \
	    >"$TMP/$tag.out" 2>"$TMP/$tag.err" </dev/null &
	PW_PID=$!
	if ! wait_for 15 queue_bound; then
		fail "$tag/start" "queue $Q not bound in 15 s" "$TMP/$tag.err"
		kill -KILL "$PW_PID" 2>/dev/null
		wait "$PW_PID" 2>/dev/null
		PW_PID=
		return 1
	fi
	return 0
}

# pw_stop TAG SIGNAL WANT-EXIT: stops it; the exit and a clean unbind
# are one case.
pw_stop() {
	local tag=$1 sig=$2 want=$3 rc
	kill "-$sig" "$PW_PID" 2>/dev/null
	if ! wait_for 20 sh -c "! kill -0 $PW_PID"; then
		fail "$tag/stop" "pathwatch ignored SIG$sig for 20 s"
		kill -KILL "$PW_PID" 2>/dev/null
	fi
	wait "$PW_PID"
	rc=$?
	PW_PID=
	if [ "$rc" -ne "$want" ]; then
		fail "$tag/stop" "exit $rc after SIG$sig, want $want" "$TMP/$tag.err"
	elif queue_bound; then
		fail "$tag/stop" "queue $Q still bound after exit"
	else
		pass "$tag/stop"
	fi
}

# app_curl MAX-TIME URL [CURL-ARGS]: prints "code exit milliseconds".
app_curl() {
	local t=$1 url=$2 start end code rc
	shift 2
	start=$(date +%s%N)
	code=$(in_app timeout $((t + 5)) curl -4 -sS --max-time "$t" \
	    --cacert "$CA" -o /dev/null -w '%{http_code}' "$@" "$url" \
	    2>/dev/null)
	rc=$?
	end=$(date +%s%N)
	echo "${code:-000} $rc $(((end - start) / 1000000))"
}

# --- observe: -q and -i side by side, the same traffic

pw_capturing() {
	in_app ss -H -0 -p | grep -q '"pathwatch"'
}

if pw_start observe --policy "$POLICY" -w "$TMP/observe.pcap"; then
	ip netns exec "$NS" "$PATHWATCH" -i "$IFACE" --vnet 10.52.0.0/16 \
	    --vnet 10.100.0.0/16 --asn-db "$PW_LABASN" --policy "$POLICY" \
	    --json "$TMP/iface.json" >"$TMP/iface.out" 2>"$TMP/iface.err" \
	    </dev/null &
	BG_PID=$!
	wait_for 15 pw_capturing || fail observe/iface "pathwatch -i did not start"
	sleep 0.3
	# 1 private-link, 4 internet (allowed), 2 bypassed (forbidden): all
	# must work, as nothing is enforced; 2 leaves the hub unlinked.
	if timeout 90 "$LAB" scenario 1,4,2 >"$TMP/observe.log" 2>&1; then
		pass observe/traffic
	else
		fail observe/traffic "a scenario failed with pathwatch -q" \
		    "$TMP/observe.log"
	fi
	sleep 0.5
	kill -INT "$BG_PID" 2>/dev/null
	wait_for 20 sh -c "! kill -0 $BG_PID" || kill -KILL "$BG_PID"
	wait "$BG_PID" 2>/dev/null
	BG_PID=
	pw_stop observe INT 1
	check observe/private-link flows "$TMP/observe.json" 10.52.8.4:443 \
	    label=private-link name=$AOAI findings=-
	check observe/bypassed flows "$TMP/observe.json" 198.51.100.10:443 \
	    label=backbone-public name=$AOAI enforced=false \
	    findings=policy-violation,private-endpoint-bypassed at_first=true
	check observe/internet flows "$TMP/observe.json" 203.0.113.10:443 \
	    label=internet-egress name=$INET findings=-
	check observe/all-accepted stats "$TMP/observe.json" nfq_dropped=0 \
	    nfq_accepted\>20 nfq_failopen=0 nfq_enobufs=0
	check observe/same-as-iface same observe "$TMP/observe.json" \
	    "$TMP/iface.json"
	# -w wrote raw IP; the file read back gives the same flows.
	timeout 60 "$PATHWATCH" -r "$TMP/observe.pcap" --vnet 10.52.0.0/16 \
	    --vnet 10.100.0.0/16 --asn-db "$PW_LABASN" --policy "$POLICY" \
	    --json "$TMP/reread.json" >/dev/null 2>"$TMP/reread.err"
	check observe/dump-reread same dump "$TMP/observe.json" \
	    "$TMP/reread.json"
fi

# --- enforce: the hub is unlinked now (scenario 2 ran last)

if pw_start enforce --policy "$POLICY" --enforce; then
	read -r code rc ms < <(app_curl 3 "https://$AOAI/")
	if [ "$rc" -ne 0 ] && [ "$ms" -lt 6000 ]; then
		pass enforce/bypass-blocked
	else
		fail enforce/bypass-blocked "curl exit $rc (HTTP $code) in $ms ms"
	fi
	read -r code rc ms < <(app_curl 10 "https://$INET/")
	if [ "$rc" -eq 0 ] && [ "$code" = 200 ]; then
		pass enforce/allowed-passes
	else
		fail enforce/allowed-passes "curl exit $rc (HTTP $code)"
	fi
	if timeout 60 "$LAB" scenario 1 >"$TMP/enforce-s1.log" 2>&1; then
		pass enforce/private-link-passes
	else
		fail enforce/private-link-passes "scenario 1 failed" \
		    "$TMP/enforce-s1.log"
	fi
	sleep 0.3
	pw_stop enforce TERM 1
	check enforce/judged-at-syn flows "$TMP/enforce.json" \
	    198.51.100.10:443 label=backbone-public name=$AOAI \
	    findings=policy-violation,private-endpoint-bypassed \
	    enforced=true at_first=true pkts_in=0 detail~"(dropped)"
	check enforce/private-link flows "$TMP/enforce.json" 10.52.8.4:443 \
	    label=private-link findings=-
	check enforce/internet flows "$TMP/enforce.json" 203.0.113.10:443 \
	    label=internet-egress findings=-
	check enforce/one-violation nfinding "$TMP/enforce.json" \
	    policy-violation 1
	check enforce/counted stats "$TMP/enforce.json" nfq_dropped\>0 \
	    nfq_accepted\>10 policy_violations=1
fi

# --- dry run: the same traffic, nothing dropped

if pw_start dryrun --policy "$POLICY" --enforce=dry-run; then
	if timeout 90 "$LAB" scenario 1,2 >"$TMP/dryrun.log" 2>&1; then
		pass dryrun/nothing-blocked
	else
		fail dryrun/nothing-blocked "a scenario failed" "$TMP/dryrun.log"
	fi
	read -r code rc ms < <(app_curl 10 "https://$INET/")
	[ "$rc" -eq 0 ] || fail dryrun/allowed "curl exit $rc"
	sleep 0.3
	pw_stop dryrun INT 1
	check dryrun/would-drop flows "$TMP/dryrun.json" 198.51.100.10:443 \
	    label=backbone-public enforced=false at_first=true \
	    findings=policy-violation,private-endpoint-bypassed \
	    detail~"would be dropped"
	check dryrun/no-drops stats "$TMP/dryrun.json" nfq_dropped=0 \
	    policy_violations=1
fi

# --- fail-open: pathwatch stopped, a flood fills its socket, and traffic
# still passes; the packets it never saw are counted.

if pw_start failopen; then
	kill -STOP "$PW_PID"
	sent=$(in_app timeout 30 "$PY" "$ROOT/tests/nfq/flood.py" \
	    203.0.113.10 9 6000)
	read -r code rc ms < <(app_curl 8 "https://$INET/" \
	    --resolve "$INET:443:203.0.113.10")
	kill -CONT "$PW_PID"
	if [ "$rc" -eq 0 ] && [ "$code" = 200 ]; then
		pass failopen/traffic-passes
	else
		fail failopen/traffic-passes "curl exit $rc while pathwatch was stopped"
	fi
	sleep 1
	pw_stop failopen INT 0
	[ "${sent:-0}" -eq 6000 ] || fail failopen/flood "sent ${sent:-0} of 6000"
	check failopen/counted stats "$TMP/failopen.json" nfq_failopen\>0 \
	    nfq_enobufs\>=1
	# Every packet id is accounted for: judged, or passed by fail-open.
	if $PY - "$TMP/failopen.json" <<'EOF'
import json, sys
s = [json.loads(l) for l in open(sys.argv[1]) if '"stats"' in l][-1]
sys.exit(0 if s["nfq_accepted"] + s["nfq_failopen"] >= 6000 else 1)
EOF
	then
		pass failopen/accounted
	else
		fail failopen/accounted "accepted + failopen < 6000 packets sent"
	fi
fi

# --- SIGKILL during traffic: --queue-bypass keeps traffic flowing, and a
# restarted pathwatch picks up again.

# A curl a 0.3 s for about 6 s; one "seconds-since-start exit" a line.
traffic() {
	local t0 now i rc
	t0=$(date +%s%N)
	for i in $(seq 1 20); do
		in_app timeout 8 curl -4 -s --max-time 5 --cacert "$CA" \
		    -o /dev/null --resolve "$INET:443:203.0.113.10" \
		    "https://$INET/"
		rc=$?
		now=$(date +%s%N)
		echo "$(((now - t0) / 1000000)) $rc"
		sleep 0.3
	done
}

if pw_start kill; then
	traffic >"$TMP/traffic.log" 2>&1 &
	BG_PID=$!
	sleep 2
	kill_ms=2000
	kill -KILL "$PW_PID"
	wait "$PW_PID" 2>/dev/null
	PW_PID=
	if wait_for 5 not queue_bound; then
		pass kill/unbound
	else
		fail kill/unbound "queue still bound after SIGKILL"
	fi
	wait_for 60 sh -c "! kill -0 $BG_PID"
	wait "$BG_PID" 2>/dev/null
	BG_PID=
	# Calls that ended after the kill (plus one retransmit) must work.
	late=$(awk -v k=$((kill_ms + 1500)) '$1 > k' "$TMP/traffic.log" | wc -l)
	bad=$(awk -v k=$((kill_ms + 1500)) '$1 > k && $2 != 0' \
	    "$TMP/traffic.log" | wc -l)
	if [ "$late" -ge 5 ] && [ "$bad" -eq 0 ]; then
		pass kill/traffic-flows
	else
		fail kill/traffic-flows "$bad of $late calls after the kill failed" \
		    "$TMP/traffic.log"
	fi
	if pw_start restart; then
		read -r code rc ms < <(app_curl 10 "https://$INET/")
		[ "$rc" -eq 0 ] || fail restart/traffic "curl exit $rc"
		sleep 0.3
		pw_stop restart INT 0
		check restart/sees-flows flows "$TMP/restart.json" \
		    203.0.113.10:443 label=internet-egress name=$INET
		check restart/counted stats "$TMP/restart.json" nfq_accepted\>10 \
		    nfq_dropped=0
	fi
fi

# The rules come out as --print-rules says.
while read -r _ args; do
	# shellcheck disable=SC2086
	in_app "$IPT" $args || fail rules-removed "$IPT $args failed"
done < <(rules -D)
if in_app "$IPT" -S | grep -q NFQUEUE; then
	fail rules-removed "an NFQUEUE rule is left"
else
	pass rules-removed
fi
exit 0
