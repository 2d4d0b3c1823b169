# The terminal view's suite (issue 4): tests/tui/run.sh drives the real
# binary in tmux over sample captures and the live lab, and runs the
# sanitizer build for a fixed number of refreshes.

TEST_SUITES	+= tests/tui/run.sh
# tests/tui/run.sh finds the binaries and the lab database through this.
export PW_TUI_BUILD := $(B)
