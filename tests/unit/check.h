/*
 * check.h: the unit tests' only machinery.  CHECK() records a failure with
 * file:line and the expression and goes on; TEST() runs one named case and
 * prints "PASS: name" or "FAIL: name", the lines tests/run.sh counts.
 */
#ifndef PW_CHECK_H
#define PW_CHECK_H

#include <stdio.h>
#include <string.h>

static int check_failures;	/* failures in the running case */
static int check_cases_failed;

#define CHECK(expr) do {						\
	if (!(expr)) {							\
		fprintf(stderr, "%s:%d: check failed: %s\n",		\
		    __FILE__, __LINE__, #expr);				\
		check_failures++;					\
	}								\
} while (0)

#define CHECK_INT(got, want) do {					\
	long long g_ = (long long)(got), w_ = (long long)(want);	\
	if (g_ != w_) {							\
		fprintf(stderr, "%s:%d: %s is %lld, want %lld\n",	\
		    __FILE__, __LINE__, #got, g_, w_);			\
		check_failures++;					\
	}								\
} while (0)

#define CHECK_STR(got, want) do {					\
	const char *g_ = (got), *w_ = (want);				\
	if (g_ == NULL || strcmp(g_, w_) != 0) {			\
		fprintf(stderr, "%s:%d: %s is \"%s\", want \"%s\"\n",	\
		    __FILE__, __LINE__, #got, g_ ? g_ : "(null)", w_);	\
		check_failures++;					\
	}								\
} while (0)

#define TEST(fn) do {							\
	check_failures = 0;						\
	fn();								\
	printf("%s: %s\n", check_failures ? "FAIL" : "PASS", #fn);	\
	if (check_failures)						\
		check_cases_failed++;					\
} while (0)

#define CHECK_DONE()	(check_cases_failed ? 1 : 0)

#endif
