#!/bin/bash
# Terminal view suite (issue 4): drives the real binary (the sanitizer
# build by default) in tmux on a private socket at a fixed size, reads the
# screen with capture-pane and every byte the program wrote with
# pipe-pane.  Sample captures first, then the live lab when root.  Every
# wait is bounded.  Prints PASS:/FAIL:/SKIP: lines.
set -u

cd "$(dirname "$0")/../.." || exit 1
ROOT=$(pwd)
BUILD=${PW_TUI_BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$ROOT/$BUILD ;; esac
PW=${PW_TUI_BIN:-$BUILD/asan/pathwatch}
case $PW in /*) ;; *) PW=$ROOT/$PW ;; esac
LABASN=$BUILD/data/lab-asn.mmdb
LAB=$ROOT/tools/lab
LABARGS="--vnet 10.52.0.0/16 --vnet 10.100.0.0/16 --asn-db $LABASN"
SOCK=pwtui-$$
ESC=$(printf '\033')

command -v tmux >/dev/null 2>&1 || { echo "SKIP: tui (no tmux)"; exit 0; }
if [ ! -x "$PW" ] || [ ! -r "$LABASN" ]; then
	echo "FAIL: tui/setup (need $PW and $LABASN)"
	exit 1
fi
TMP=$(mktemp -d /tmp/pathwatch-tuitest.XXXXXX) || exit 1
LAB_UP=0

cleanup() {
	tmux -L "$SOCK" kill-server >/dev/null 2>&1
	[ "$LAB_UP" = 1 ] && timeout 60 "$LAB" down >/dev/null 2>&1
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# A UTF-8 locale shows cuts as an ellipsis, any other as '>'.
if locale -a 2>/dev/null | grep -qix 'c\.utf-\?8'; then
	LOC=C.UTF-8
	MARK=$(printf '\342\200\246')
else
	LOC=C
	MARK='>'
fi
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

T() {
	tmux -L "$SOCK" "$@"
}

pass() {
	echo "PASS: tui/$1"
}

# fail NAME WHY: says why and shows the screen of session $S.
fail() {
	echo "FAIL: tui/$1 ($2)"
	T capture-pane -p -t "$S" 2>/dev/null | sed 's/^/    |/'
}

# start SESSION [ENV=V ...] -- ARGS...: runs pathwatch in a new 100x30
# session once pipe-pane records its output; $S names the session.
start() {
	local envs=() cmd i
	S=$1
	shift
	while [ "$1" != "--" ]; do
		envs+=("$1")
		shift
	done
	shift
	rm -f "$TMP/$S".*
	cmd="cd '$ROOT' || exit; trap '' INT; i=0;"
	cmd+=" while [ ! -e '$TMP/$S.go' ] && [ \$i -lt 100 ]; do"
	cmd+=" sleep 0.05; i=\$((i+1)); done;"
	cmd+=" env TERM=xterm-256color LANG=$LOC LC_ALL=$LOC ${envs[*]:-}"
	if [ -n "${TTY_STDERR:-}" ]; then
		cmd+=" $PW $*; echo \$? >'$TMP/$S.rc'; sleep 10"
	else
		cmd+=" $PW $* 2>'$TMP/$S.err'; echo \$? >'$TMP/$S.rc'"
	fi
	T new-session -d -s "$S" -x 100 -y 30 "$cmd"
	T pipe-pane -o -t "$S" "cat >'$TMP/$S.raw'"
	touch "$TMP/$S.go"
}

screen() {
	T capture-pane -p -t "$S" 2>/dev/null
}

# line N: the Nth line of the screen (1-based).
line() {
	screen | sed -n "${1}p"
}

# wait_screen SECONDS ERE: polls the screen until a line matches.
wait_screen() {
	local i=0
	while [ "$i" -lt $(($1 * 10)) ]; do
		screen | grep -qE -- "$2" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# keys K...: sends keys, then waits for the screen to settle.
keys() {
	T send-keys -t "$S" "$@"
	sleep 0.3
}

# wait_exit SECONDS: until the program wrote its status; echoes it.
wait_exit() {
	local i=0
	while [ "$i" -lt $(($1 * 10)) ]; do
		if [ -s "$TMP/$S.rc" ]; then
			cat "$TMP/$S.rc"
			return 0
		fi
		sleep 0.1
		i=$((i + 1))
	done
	echo timeout
	return 1
}

# expect NAME ERE [LINE]: the screen (or one line of it) matches.
expect() {
	local text
	if [ $# -ge 3 ]; then
		text=$(line "$3")
	else
		text=$(screen)
	fi
	if printf '%s\n' "$text" | grep -qE -- "$2"; then
		pass "$1"
	else
		fail "$1" "no /$2/${3:+ on line $3}"
	fi
}

# restored NAME: the program left the alternate screen after its last
# entry and showed the cursor again, and no sanitizer spoke.
restored() {
	local raw=$TMP/$S.raw
	if [ -s "$raw" ] && /usr/bin/python3 - "$raw" <<'EOF'
import sys
b = open(sys.argv[1], 'rb').read()
enter, leave = b.rfind(b'\x1b[?1049h'), b.rfind(b'\x1b[?1049l')
sys.exit(0 if 0 <= enter < leave and b.rfind(b'\x1b[?25h') > enter else 1)
EOF
	then
		pass "$1/terminal-restored"
	else
		fail "$1/terminal-restored" "no rmcup/cnorm after the last smcup"
	fi
	if grep -qE 'AddressSanitizer|LeakSanitizer|runtime error' \
	    "$TMP/$S.err" 2>/dev/null; then
		fail "$1/sanitizers" "a sanitizer report"
		sed 's/^/    /' "$TMP/$S.err" | head -n 30
	else
		pass "$1/sanitizers"
	fi
}

quit() {
	local rc
	keys q
	rc=$(wait_exit 20)
	if [ "$rc" = 0 ]; then
		pass "$1/quit"
	else
		fail "$1/quit" "exit status $rc"
		sed 's/^/    /' "$TMP/$S.err" | head -n 20
	fi
	restored "$1"
}

# --- the lab sample: header, rows, sorting, filters, detail, panes -----
sample_main() {
	start sample -- -r captures/lab-sample.pcap --tui $LABARGS \
	    --json "$TMP/sample.jsonl"
	if ! wait_screen 20 'packets 51'; then
		fail sample/open "no header in 20 s"
		cat "$TMP/$S.err"
		return
	fi
	pass sample/open
	expect sample/header 'file captures/lab-sample.pcap .*packets 51, dropped 0' 1
	expect sample/label-private-link '3 private-link +1 2\.7K' 2
	expect sample/label-vnet '4 vnet-private +3 +627' 3
	expect sample/label-backbone '5 backbone-public +1 2\.7K' 3
	expect sample/label-internet '6 internet-egress +1 2\.6K' 3
	expect sample/row1 '^  private-link +contoso-aoai\.openai\.azure\.com +10\.52\.8\.4:443 +1 1\.1K 1\.6K' 5
	expect sample/row2-finding-mark '^! backbone-public +contoso-aoai\.openai\.azure\.com +198\.51\.100\.10:443 +1 ' 6
	expect sample/row3 '^  internet-egress +api\.example\.net +203\.0\.113\.10:443 +1 ' 7
	expect sample/row4-unnamed '^  vnet-private +10\.100\.1\.132 +10\.100\.1\.132:53 +3 +211 +416' 8
	expect sample/findings-line '^! 14:30:27 private-endpoint-bypassed: contoso-aoai\.openai\.azure\.com went public: private-link CNAME' 28
	expect sample/status '^4/4 names +sort bytes +label all' 30

	keys s s s s
	expect sort/name-status 'sort name' 30
	expect sort/name-first '10\.100\.1\.132' 5
	expect sort/name-last 'contoso-aoai.*198\.51\.100\.10' 8
	keys r
	expect sort/reversed 'sort name \(reversed\)' 30
	expect sort/reversed-first 'contoso-aoai' 5
	expect sort/reversed-last '10\.100\.1\.132' 8
	keys s s s r
	expect sort/back-to-bytes 'sort bytes  ' 30
	expect sort/bytes-first 'private-link +contoso' 5

	keys 5
	expect filter/label-only '^1/4 names .*label backbone-public' 30
	expect filter/label-row '^! backbone-public +contoso' 5
	expect filter/label-alone '^$' 6
	keys 0
	expect filter/label-all '^4/4 names' 30
	keys / ; T send-keys -t "$S" -l example ; keys Enter
	expect filter/name-status '^1/4 names .*/example' 30
	expect filter/name-row 'internet-egress +api\.example\.net' 5
	keys / BSpace BSpace BSpace BSpace BSpace BSpace BSpace Enter
	expect filter/name-cleared '^4/4 names' 30

	keys 5 Enter
	expect detail/title '^details: destination' 1
	expect detail/name '^Name contoso-aoai\.openai\.azure\.com'
	expect detail/label '^Label: backbone-public'
	expect detail/reason 'owned by Microsoft \(AS8075 MICROSOFT-CORP-MSN-AS-BLOCK\)'
	expect detail/chain-query '^  query +contoso-aoai\.openai\.azure\.com$'
	expect detail/chain-cname '^  CNAME +contoso-aoai\.privatelink\.openai\.azure\.com$'
	expect detail/chain-answer '^  answer +198\.51\.100\.10$'
	expect detail/ttl-age-resolver 'TTL 60 s, answered 0\.008 s before the flow, resolver 10\.100\.1\.132, frame 19'
	expect detail/owner '^  AS8075 MICROSOFT-CORP-MSN-AS-BLOCK \(Microsoft\)'
	keys End
	expect detail/finding 'private-endpoint-bypassed: contoso-aoai\.openai\.azure\.com went public'
	expect detail/flow 'tcp 10\.52\.32\.4:50926 -> 198\.51\.100\.10:443 reset, out 1160 B in 1587 B \(8/7 packets\), first frame'
	expect detail/flow-frame '^ +20 of captures/lab-sample\.pcap \[private-endpoint-bypassed\]$'
	keys Escape 0
	expect detail/back '^4/4 names' 30

	keys g
	expect group/flows '^6/6 flows' 30
	expect group/dns-flow 'vnet-private +10\.100\.1\.132 +10\.100\.1\.132:53 +1 '
	keys g
	expect group/names '^4/4 names' 30

	keys d
	expect dns/count '^3 answers' 30
	expect dns/newest '^14:30:28 A +NOERROR +10\.100\.1\.132 +api\.example\.net = 203\.0\.113\.10 +ttl 300' 2
	expect dns/chain "A +NOERROR +10\\.100\\.1\\.132 +contoso-aoai\\.openai\\.azure\\.com > contoso-aoai\\.privatelink\\.op$MARK\$" 3
	keys Enter
	expect dns/detail '^  query +api\.example\.net$'
	keys Escape f
	expect findings/pane '^1 findings' 30
	expect findings/line '^14:30:27 private-endpoint-bypassed: contoso-aoai\.openai\.azure\.com went public' 2
	keys Escape ?
	expect help/title '^help: ' 1
	local k ok=1 help
	help=$(screen; keys End; screen)
	for k in 'Up, k' 'Down, j' PgUp PgDn Home End Enter Esc q s r 1\\.\\.6 0 / g p d f l '\?, F1'; do
		printf '%s\n' "$help" | grep -qE "^  $k +[[:alnum:]]" || { ok=0; echo "    no help line for $k"; }
	done
	[ $ok = 1 ] && pass help/every-key || fail help/every-key "missing"
	keys Escape p
	expect pause/status 'PAUSED' 30
	expect pause/header '\[PAUSED\]' 1
	keys p

	T resize-window -t "$S" -x 80 -y 24
	sleep 0.5
	expect resize/80-header 'packets 51' 1
	expect resize/80-status '^4/4 names' 24
	expect resize/80-row-cut "^  priv-link +contoso-aoai\.open[a-z.]*$MARK +10\.52\.8\.4:443" 5
	expect resize/80-next-row '^! backbone +contoso' 6
	expect resize/80-findings '^! 14:30:27 private-endpoint-bypassed' 22
	T resize-window -t "$S" -x 132 -y 40
	sleep 0.5
	expect resize/132-row '^  private-link +contoso-aoai\.openai\.azure\.com +10\.52\.8\.4:443' 5
	expect resize/132-status '^4/4 names' 40
	quit sample
	if [ "$(grep -c '"event":"flow"' "$TMP/sample.jsonl")" = 6 ]; then
		pass sample/json-beside
	else
		fail sample/json-beside "not 6 flow events in --json"
	fi
}

# --- hostile names: escaped, never sent to the terminal raw ------------
hostile() {
	start hostile -- -r captures/hostile-names.pcap --tui
	if ! wait_screen 20 'packets 14'; then
		fail hostile/open "no header in 20 s"
		return
	fi
	expect hostile/escaped-row 'private-link +\\x1b\[31mred\.<script>\.x"y\.openai'
	keys Enter
	expect hostile/escaped-detail '^Name \\x1b\[31mred\.<script>\.x"y\.openai\.azure\.com'
	keys Escape d
	expect hostile/escaped-dns '\\x1b\[31mred\.<script>'
	keys Escape f Escape
	quit hostile
	if grep -q "${ESC}\[31mred" "$TMP/$S.raw"; then
		fail hostile/no-raw-escape "ESC [31m reached the terminal"
	elif grep -qF '\x1b[31mred' "$TMP/$S.raw"; then
		pass hostile/no-raw-escape
	else
		fail hostile/no-raw-escape "the visible \\x1b text is missing"
	fi
}

# --- colours: roles in colour, and a monochrome fallback ---------------
colours() {
	local c
	start colour -- -r captures/lab-sample.pcap --tui $LABARGS
	wait_screen 20 'packets 51' || { fail colour/open "no header"; return; }
	c=$(T capture-pane -e -p -t "$S" | sed -n 5p)
	case $c in
	*"${ESC}[32m"*private-link*|*"${ESC}[1m${ESC}[32m"*|*";32m"*private-link*)
		pass colour/private-link-green ;;
	*) fail colour/private-link-green "row 1 is not green" ;;
	esac
	c=$(T capture-pane -e -p -t "$S" | sed -n 7p)
	case $c in
	*31m*internet-egress*) pass colour/internet-red ;;
	*) fail colour/internet-red "row 3 is not red" ;;
	esac
	quit colour
	start mono NO_COLOR=1 -- -r captures/lab-sample.pcap --tui $LABARGS
	wait_screen 20 'packets 51' || { fail mono/open "no header"; return; }
	c=$(T capture-pane -e -p -t "$S" | sed -n '4,9p')
	if printf '%s' "$c" | grep -qE "$ESC\[[0-9;]*3[1-7]m"; then
		fail mono/no-colours "colour codes without colours"
	elif printf '%s' "$c" | grep -q "private-link" &&
	    [ "$(printf '%s\n' "$c" | grep -c "$ESC\[")" -ge 3 ]; then
		pass mono/labels-apart
	else
		fail mono/labels-apart "no attributes on the label rows"
	fi
	quit mono
}

# --- signals and fixed refreshes ----------------------------------------
signals() {
	local sig pid rc
	for sig in TERM INT; do
		start sig$sig -- -r captures/lab-sample.pcap --tui $LABARGS
		wait_screen 20 'packets 51' || { fail sig$sig "no header"; continue; }
		if [ $sig = INT ]; then
			T send-keys -t "$S" C-c
		else
			pid=$(pgrep -P "$(T list-panes -t "$S" -F '#{pane_pid}')" \
			    -f pathwatch | head -n 1)
			kill -TERM "$pid"
		fi
		rc=$(wait_exit 20)
		[ "$rc" = 0 ] && pass "sig$sig/exit" ||
		    fail "sig$sig/exit" "status $rc"
		restored "sig$sig"
	done
	# A fatal error while the screen is up: the message comes after.
	TTY_STDERR=1 start fatal -- -i pwtui-no-such-if --tui
	rc=$(wait_exit 20)
	[ "$rc" = 2 ] && pass fatal/exit || fail fatal/exit "status $rc"
	sleep 0.3
	expect fatal/message-after '^pathwatch: .*pwtui-no-such-if'
	restored fatal
	start iter -- -r captures/hostile-names.pcap --tui --iterations 3 \
	    --interval 0.1
	rc=$(wait_exit 30)
	[ "$rc" = 0 ] && pass iterations/exit ||
	    fail iterations/exit "status $rc"
	restored iterations
}

# --- the live lab --------------------------------------------------------
live() {
	local ns iface probe=pwtuiprobe$$ n rc
	if [ "$(id -u)" -ne 0 ]; then
		echo "SKIP: tui/live (not root)"
		return
	fi
	for n in ip dnsmasq curl dig openssl ss timeout; do
		command -v "$n" >/dev/null 2>&1 ||
		    { echo "SKIP: tui/live (no $n)"; return; }
	done
	if ! ip netns add "$probe" >/dev/null 2>&1; then
		echo "SKIP: tui/live (network namespaces unavailable)"
		return
	fi
	ip netns del "$probe"
	export PW_LAB_STATE=$TMP/labstate
	LAB_UP=1
	if ! timeout 90 "$LAB" up >"$TMP/lab-up.log" 2>&1; then
		S=none fail live/lab-up "tools/lab up failed"
		sed 's/^/    /' "$TMP/lab-up.log" | tail -n 20
		return
	fi
	read -r ns iface < <("$LAB" where app)
	S=live
	local cmd="cd '$ROOT' || exit; trap '' INT; i=0;"
	cmd+=" while [ ! -e '$TMP/live.go' ] && [ \$i -lt 100 ]; do"
	cmd+=" sleep 0.05; i=\$((i+1)); done;"
	cmd+=" ip netns exec $ns env TERM=xterm-256color LANG=$LOC LC_ALL=$LOC"
	cmd+=" $PW -i $iface --tui --interval 0.5 -v $LABARGS"
	cmd+=" --json '$TMP/live.jsonl' -w '$TMP/live.pcap'"
	cmd+=" 2>'$TMP/live.err'; echo \$? >'$TMP/live.rc'"
	T new-session -d -s live -x 100 -y 30 "$cmd"
	T pipe-pane -o -t live "cat >'$TMP/live.raw'"
	touch "$TMP/live.go"
	if ! wait_screen 20 "pathwatch +on $iface"; then
		fail live/open "no header in 20 s"
		cat "$TMP/live.err"
		return
	fi
	pass live/open
	n=0
	while [ $n -lt 150 ] &&
	    ! ip netns exec "$ns" ss -H -0 -p | grep -q '"pathwatch"'; do
		sleep 0.1
		n=$((n + 1))
	done
	sleep 0.3
	if timeout 120 "$LAB" scenario 1,2,4 >"$TMP/scen.log" 2>&1; then
		pass live/scenario
	else
		fail live/scenario "tools/lab scenario 1,2,4 failed"
		sed 's/^/    /' "$TMP/scen.log" | tail -n 10
	fi
	if wait_screen 15 'private-link +contoso-aoai\.openai\.azure\.com +10\.52\.8\.4:443' &&
	    wait_screen 5 '^! backbone-public +contoso-aoai\.openai\.azure\.com +198\.51\.100\.10:443' &&
	    wait_screen 5 'internet-egress +api\.example\.net +203\.0\.113\.10:443'; then
		pass live/rows
	else
		fail live/rows "the three destinations did not appear"
	fi
	n=$(line 1 | sed -n 's/.*packets \([0-9]*\).*/\1/p')
	[ "${n:-0}" -gt 20 ] && pass live/header-packets ||
	    fail live/header-packets "packets ${n:-none}"
	expect live/findings-line 'private-endpoint-bypassed: contoso-aoai\.openai\.azure\.com went public' 28
	keys d
	n=$(line 30 | sed -n 's/^\([0-9]*\) answers.*/\1/p')
	[ "${n:-0}" -ge 3 ] && pass live/dns-pane ||
	    fail live/dns-pane "${n:-no} answers"
	keys Escape
	quit live
	grep -q '"label":"private-link"' "$TMP/live.jsonl" 2>/dev/null &&
	    pass live/json-beside || fail live/json-beside "no private-link flow"
	[ -s "$TMP/live.pcap" ] && pass live/write-beside ||
	    fail live/write-beside "no -w file"
	if grep -q 'listening on' "$TMP/live.err" &&
	    ! grep -q 'listening on' "$TMP/live.raw"; then
		pass live/log-after
	else
		fail live/log-after "log line missing from stderr, or on screen"
	fi
	timeout 60 "$LAB" down >/dev/null 2>&1
	LAB_UP=0
}

sample_main
hostile
colours
signals
live
exit 0
