#!/bin/sh
# Evidence reports (issue 5): the facts in the JSON report, the same
# verdict and names in the HTML and Markdown, escaping of hostile names,
# a merge of JSON Lines against one run over both captures, atomic
# writes, exit statuses, and the HTML in headless Chromium.
# PATHWATCH (else PW_E2E_BIN) is the binary, PW_REPORT_ASN the lab ASN db.
set -u

: "${PATHWATCH:=${PW_E2E_BIN:-build/asan/pathwatch}}"
: "${PW_REPORT_ASN:=build/data/lab-asn.mmdb}"
PY=/usr/bin/python3
POL=filters/policy-chatbot-strict.conf
VNETS="--vnet 10.52.0.0/16 --vnet 10.100.0.0/16"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

pass() { echo "PASS: report/$1"; }
fail() { echo "FAIL: report/$1${2:+ ($2)}"; }
check() { if [ "$2" = "$3" ]; then pass "$1"; else fail "$1" "got '$2', want '$3'"; fi; }

if [ ! -x "$PATHWATCH" ] || [ ! -r "$PW_REPORT_ASN" ]; then
	echo "FAIL: report/setup (need $PATHWATCH and $PW_REPORT_ASN)"
	exit 1
fi

# pw CAPTURE OUTBASE [more args]: one run writing .html, .json, .md
pw() {
	cap=$1 out=$2
	shift 2
	"$PATHWATCH" -r "captures/$cap.pcap" $VNETS --asn-db "$PW_REPORT_ASN" \
	    --quiet --report "$out.html" --report "$out.json" \
	    --report "$out.md" "$@" 2>"$out.err"
}

# jq-like reads of the JSON report with Python: jget FILE EXPR
jget() {
	$PY -c 'import json,sys; r=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2" 2>&1
}

# 1. A sample whose private endpoint is bypassed: exit 1, facts asserted.
pw lab-sample "$T/s" --policy "$POL"
check exit-violated "$?" 1
check json-verdict "$(jget "$T/s.json" 'r["verdict"]["result"]')" violated
check json-violations "$(jget "$T/s.json" 'r["verdict"]["violations"]')" 2
check json-sha256 "$(jget "$T/s.json" 'r["inputs"][0]["sha256"]')" \
    "$(sha256sum captures/lab-sample.pcap | cut -d' ' -f1)"
check json-size "$(jget "$T/s.json" 'r["inputs"][0]["size"]')" \
    "$(wc -c <captures/lab-sample.pcap | tr -d ' ')"
check json-policy-sha256 "$(jget "$T/s.json" 'r["policy"]["sha256"]')" \
    "$(sha256sum "$POL" | cut -d' ' -f1)"
check json-name-labels "$(jget "$T/s.json" \
    '[",".join(n["labels"]) for n in r["names"] if n["name"]=="contoso-aoai.openai.azure.com"]')" \
    "['private-link,backbone-public']"
check json-egress-label "$(jget "$T/s.json" \
    '[",".join(n["labels"]) for n in r["names"] if n["name"]=="api.example.net"]')" \
    "['internet-egress']"
# The bypass: flow's first packet frame 20, its DNS answer frame 19.
check json-evidence-frames "$(jget "$T/s.json" \
    '[(e["flow"]["frame"], e["dns"]["frame"], e["flow"]["file"]) for n in r["names"] if n["name"]=="contoso-aoai.openai.azure.com" for e in n["evidence"]]')" \
    "[(20, 19, 'captures/lab-sample.pcap')]"
check json-ta-types "$(jget "$T/s.json" 'r["totals"]["by_ta_flow_type"]["ExternalPublic"], r["totals"]["by_ta_flow_type"]["IntraVNet"], r["totals"]["by_ta_flow_type"]["InterVNet"]')" \
    "(1, 1, 3)"
check json-first-dns "$(jget "$T/s.json" 'r["blind_spots"]["before_first_dns"][0]["flows"]')" 1
check json-vnets "$(jget "$T/s.json" 'r["decided_by"]["vnets"]')" \
    "['10.100.0.0/16', '10.52.0.0/16']"
if grep -q 'Policy VIOLATED' "$T/s.html" &&
    grep -q 'contoso-aoai.openai.azure.com' "$T/s.html" &&
    grep -q 'api.example.net' "$T/s.html" &&
    grep -q 'frame 20</span>' "$T/s.html"; then
	pass html-verdict-names
else
	fail html-verdict-names
fi
if grep -q 'Verdict: \*\*violated\*\*' "$T/s.md" &&
    grep -q 'contoso-aoai.openai.azure.com' "$T/s.md"; then
	pass md-verdict-names
else
	fail md-verdict-names
fi
if grep -q -e 'http://' -e 'https://' "$T/s.html" &&
    grep -v 'xmlns="http://www.w3.org/2000/svg"' "$T/s.html" |
    grep -q -e 'src=' -e 'href=' -e '<link' -e '<script'; then
	fail html-self-contained "fetches found"
else
	pass html-self-contained
fi

# 2. The private endpoint works: the policy holds, exit 0.
pw lab-private-link "$T/p" --policy "$POL"
check exit-holds "$?" 0
check json-holds "$(jget "$T/p.json" 'r["verdict"]["result"]')" holds
grep -q 'Policy HOLDS' "$T/p.html" && pass html-holds || fail html-holds

# 3. Without a policy: exit 0, verdict no-policy.
pw lab-sample "$T/n"
check exit-no-policy "$?" 0
check json-no-policy "$(jget "$T/n.json" 'r["verdict"]["result"]')" no-policy

# 4. Hostile names: escaped in every format, no raw ESC anywhere.
pw hostile-names "$T/h"
check exit-hostile "$?" 0
esc=$(printf '\033')
if grep -q "$esc" "$T/h.html" "$T/h.md" "$T/h.json"; then
	fail hostile-no-esc "raw ESC in a report"
else
	pass hostile-no-esc
fi
if grep -q '<script>' "$T/h.html" || grep -q '<script>' "$T/h.md"; then
	fail hostile-no-script "raw <script> in HTML or Markdown"
else
	pass hostile-no-script
fi
grep -q '&lt;script&gt;' "$T/h.html" && pass hostile-html-entity ||
    fail hostile-html-entity
check hostile-json-exact "$(jget "$T/h.json" \
    '[n["name"] for n in r["names"] if not n["unnamed"]] == ["\x1b[31mred.<script>.x\"y.openai.azure.com"]')" True

# 5. Merge: JSON Lines of two runs give the report of one run over both.
A="$VNETS --asn-db $PW_REPORT_ASN --policy $POL --quiet"
"$PATHWATCH" -r captures/lab-sample.pcap $A --hash --json "$T/a.jsonl" 2>/dev/null
"$PATHWATCH" -r captures/lab-private-link.pcap $A --hash --json "$T/b.jsonl" \
    2>/dev/null
"$PATHWATCH" -r captures/lab-sample.pcap -r captures/lab-private-link.pcap \
    $A --report "$T/one.json" 2>/dev/null
check exit-one-run "$?" 1
"$PATHWATCH" report "$T/a.jsonl" "$T/b.jsonl" --report "$T/m.json" \
    --report "$T/m.html" --policy "$POL"
check exit-merge-violated "$?" 1
cmp="import json,sys
a=json.load(open(sys.argv[1])); b=json.load(open(sys.argv[2]))
for r in (a, b):
    for k in ('generated', 'runs'):
        r.pop(k)
print('same' if a == b else 'differ: ' + ' '.join(k for k in a if a[k] != b.get(k)))"
check merge-same-report "$($PY -c "$cmp" "$T/one.json" "$T/m.json" 2>&1)" same
check merge-runs "$(jget "$T/m.json" 'len(r["runs"]), len(r["inputs"])')" "(2, 2)"
"$PATHWATCH" report "$T/b.jsonl" --report "$T/mb.json" --policy "$POL"
check exit-merge-holds "$?" 0
# Judged again by another policy: one that allows everything holds.
printf '*\tlocal platform private-link vnet-private backbone-public internet-egress\n' >"$T/all.conf"
"$PATHWATCH" report "$T/a.jsonl" --report "$T/ma.json" --policy "$T/all.conf"
check exit-merge-rejudged "$?" 0
check merge-rejudged "$(jget "$T/ma.json" 'r["verdict"]["violations"], r["totals"]["findings"]["private-endpoint-bypassed"]')" "(0, 1)"

# 6. Hostile JSON Lines: garbage, deep nesting, bad escapes: no crash.
{
	printf '{"event":"flow","name":"\\ud800"}\n'
	printf '%0500d\n' 0 | tr 0 '['
	printf '{"event":"dns","query":"a\\u0000b","answers":[1,2,"x"]}\n'
	printf '{"event":"flow","final":true,"label":"internet-egress","name":"q","dst":"not an address","first_ts":"9999-99-99T"}\n'
	printf 'not json\n{"event":\n'
	head -c 3000 /dev/urandom | tr -d '\n'
	printf '\n'
} >"$T/bad.jsonl"
"$PATHWATCH" report "$T/bad.jsonl" --report "$T/bad.json" 2>"$T/bad.err"
check merge-hostile-exit "$?" 0
check merge-hostile-flows "$(jget "$T/bad.json" 'r["totals"]["flows"]')" 1

# 7. Atomic writes: a missing or read-only folder gives exit 2, no temp.
pw lab-sample "$T/missing/x" --policy "$POL" 2>/dev/null
check atomic-missing-exit "$?" 2
mkdir "$T/ro" && chmod 555 "$T/ro"
if [ "$(id -u)" -eq 0 ]; then
	# root writes anywhere: a folder that is a file stands in for it.
	rmdir "$T/ro" && : >"$T/ro"
fi
"$PATHWATCH" -r captures/lab-sample.pcap $A --report "$T/ro/r.html" \
    2>"$T/ro.err"
check atomic-ro-exit "$?" 2
grep -q 'report' "$T/ro.err" && pass atomic-message || fail atomic-message
if ls -a "$T" "$T/ro" 2>/dev/null | grep -q 'XXXXXX\|\.tmp\|^\.r\.html\.\|^\.s\.'; then
	fail atomic-no-temp "$(ls -a "$T")"
else
	pass atomic-no-temp
fi
"$PATHWATCH" report "$T/a.jsonl" --report "$T/missing/m.json" 2>/dev/null
check atomic-merge-exit "$?" 2
"$PATHWATCH" report "$T/nosuch.jsonl" --report "$T/x.json" 2>/dev/null
check merge-unreadable-exit "$?" 2
"$PATHWATCH" -r captures/lab-sample.pcap --quiet --report "$T/x.txt" 2>/dev/null
check bad-extension-exit "$?" 2

# 8. The HTML in a real browser: the verdict and the offending row.
CHROME=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROME" ] && [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
	    --no-install-recommends chromium >/dev/null 2>&1
	CHROME=$(command -v chromium || true)
fi
if [ -z "$CHROME" ]; then
	echo "SKIP: report/browser (Chromium is not installed and cannot be installed here)"
else
	prof=$(mktemp -d)
	timeout 120 "$CHROME" --headless --no-sandbox --disable-gpu \
	    --disable-background-networking --disable-component-update \
	    --disable-sync --no-first-run --user-data-dir="$prof" \
	    --dump-dom "file://$T/s.html" >"$T/dom.html" 2>/dev/null
	rm -rf "$prof"
	text=$($PY -c 'import html,re,sys; t=open(sys.argv[1]).read(); print(html.unescape(re.sub(r"<[^>]+>", " ", t)))' "$T/dom.html")
	echo "$text" | grep -q 'Policy VIOLATED' && pass browser-verdict ||
	    fail browser-verdict "verdict not in the rendered page"
	echo "$text" | tr -s ' \n' ' ' |
	    grep -q 'contoso-aoai.openai.azure.com backbone-public private-endpoint-bypassed' &&
	    pass browser-row || fail browser-row "offending row not rendered"
fi
exit 0
