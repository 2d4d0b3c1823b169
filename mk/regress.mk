# Regression captures from breaking the engine (tests/regress/README.md).
TEST_SUITES	+= tests/regress/run.sh
