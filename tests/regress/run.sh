#!/bin/sh
# tests/regress/run.sh [BIN] [--flood]: runs the regression captures in
# this folder (see README.md) and says FAIL where pathwatch still does the
# wrong thing.  --flood also generates the big inputs in a temporary
# folder (tools/flood.py) for the memory and time bounds.
set -u
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:-build/asan/pathwatch}
flood=${2:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0

# check NAME EXPECTED_RC PYTHON_EXPR ARGS...: runs pathwatch on NAME with
# ARGS, then evaluates PYTHON_EXPR over 'flows' (dicts, final flow records),
# 'dns', 'stats', 'out' (stdout text) and 'err' (stderr text).
check() {
	name=$1 want_rc=$2 expr=$3
	shift 3
	"$bin" -r "$here/$name" --no-asn-db --json "$tmp/j" "$@" \
	    >"$tmp/o" 2>"$tmp/e"
	rc=$?
	if python3 - "$tmp" "$rc" "$want_rc" "$expr" <<'EOF'
import json, sys
tmp, rc, want_rc, expr = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
recs = [json.loads(l) for l in open(tmp + "/j", "rb")]
flows = [r for r in recs if r["event"] == "flow" and r.get("final", True)]
dns = [r for r in recs if r["event"] == "dns"]
stats = [r for r in recs if r["event"] == "stats"][-1]
out = open(tmp + "/o", errors="replace").read()
err = open(tmp + "/e", errors="replace").read()
ok = eval(expr) and (want_rc == "-" or rc == int(want_rc))
sys.exit(0 if ok else 1)
EOF
	then
		echo "PASS: regress/$name"
	else
		echo "FAIL: regress/$name (rc=$rc): $expr"
		fails=$((fails + 1))
	fi
}


check ts-after-2038.pcap 0 \
    "all(f['first_ts'].startswith('2040-01-01T00:00:0') for f in flows)"
check pcapng-two-linktypes.pcapng - \
    "(stats['packets'] == 2 and len(flows) == 2) or rc != 0"
check dns-cname-chain33.pcap 0 \
    "[f['name'] for f in flows if f['proto'] == 'tcp'] == ['c0.example.com']"
check ip-total-length-lie.pcap 0 \
    "all(f['bytes_out'] + f['bytes_in'] <= 40 for f in flows)"
check dns-dot-in-label.pcap 0 \
    "[f['label'] for f in flows if f['proto'] == 'tcp'] == ['vnet-private']" \
    --vnet 10.52.0.0/16

# A file that cannot be read: one error line, no empty summary table.
check ../../captures/not-a-capture.pcap 2 "out == '' and err.count('\\n') == 1"
# One address, many names (a CDN): the cache keeps 8 names per address,
# so each new answer past them evicts one; counted, not timed.
python3 "$here/../../tools/flood.py" same-addr "$tmp/same.pcap" 8000
here_save=$here
here=$tmp
check same.pcap 0 "stats['dns_cache_evicted'] == 8000 - 8 and \
    [f['name'] for f in flows if f['proto'] == 'tcp'] != [None]"
here=$here_save
if [ "$flood" = "--flood" ]; then
	# A million answered names: names that carry no private-link
	# evidence must leave the pool with their answers.
	python3 "$here/../../tools/flood.py" pool-full "$tmp/pool.pcap" 1048600
	here=$tmp
	check pool.pcap 0 "[f['name'] for f in flows if f['proto'] == 'tcp'] == ['victim.example.com']"
	here=$here_save
fi
[ "$fails" -eq 0 ]
