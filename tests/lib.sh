# tests/lib.sh: what the shell suites share.  Source it, then call
# need_bin / need_file before a suite starts, so a missing build step
# fails the suite with one line that says which.

# need_bin SUITE PATH WHAT: an executable the suite cannot run without.
need_bin() {
	[ -x "$2" ] && return 0
	echo "FAIL: $1/setup (no $3 at $2)"
	exit 1
}

# need_file SUITE PATH WHAT: a readable file the suite cannot run without.
need_file() {
	[ -r "$2" ] && return 0
	echo "FAIL: $1/setup (no $3 at $2)"
	exit 1
}
