#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "compat.h"
#include "filters-data.h"
#include "netset.h"

/* test-netset.c: prefix sets and their text format (netset.c). */

/* True when the set holds the address given as text. */
static bool
has(const struct netset *ns, const char *s)
{
	struct addr a;

	if (addr_parse(&a, s) != 0) {
		fprintf(stderr, "bad test address %s\n", s);
		return (false);
	}
	return (netset_contains(ns, &a));
}

static void
test_add_and_contains(void)
{
	char err[PW_ERRBUF_SIZE], buf[64];
	struct netset *ns = netset_create();

	CHECK_INT(netset_add(ns, "10.0.0.0/8", err), 0);
	CHECK_INT(netset_add(ns, "172.16.5.4/12", err), 0);	/* masked */
	CHECK_INT(netset_add(ns, "192.0.2.7", err), 0);
	CHECK_INT(netset_add(ns, "fd00::/8", err), 0);
	CHECK_INT(netset_add(ns, "10.1.2.0/23", err), 0);
	CHECK_INT(netset_count(ns), 5);
	CHECK(has(ns, "10.255.255.255"));
	CHECK(!has(ns, "11.0.0.0"));
	CHECK(has(ns, "172.31.0.1"));
	CHECK(!has(ns, "172.32.0.1"));
	CHECK(!has(ns, "172.15.255.255"));
	CHECK(has(ns, "192.0.2.7"));
	CHECK(!has(ns, "192.0.2.8"));
	CHECK(has(ns, "fd12:3456::1"));
	CHECK(!has(ns, "fe80::1"));
	/* An IPv4 prefix never holds an IPv6 address and back. */
	CHECK(!has(ns, "::a00:1"));
	CHECK_STR(netset_at(ns, 1, buf, sizeof(buf)), "172.16.0.0/12");
	CHECK_STR(netset_at(ns, 2, buf, sizeof(buf)), "192.0.2.7/32");
	CHECK_STR(netset_at(ns, 3, buf, sizeof(buf)), "fd00::/8");
	CHECK_STR(netset_at(ns, 4, buf, sizeof(buf)), "10.1.2.0/23");
	CHECK(netset_at(ns, 5, buf, sizeof(buf)) == NULL);
	netset_free(ns);
}

static void
test_odd_lengths(void)
{
	char err[PW_ERRBUF_SIZE];
	struct netset *ns = netset_create();

	CHECK_INT(netset_add(ns, "100.64.0.0/10", err), 0);
	CHECK_INT(netset_add(ns, "2001:db8:8000::/33", err), 0);
	CHECK(has(ns, "100.127.255.255"));
	CHECK(!has(ns, "100.128.0.0"));
	CHECK(!has(ns, "100.63.255.255"));
	CHECK(has(ns, "2001:db8:ffff::1"));
	CHECK(!has(ns, "2001:db8:7fff::1"));
	netset_free(ns);

	ns = netset_create();
	CHECK_INT(netset_add(ns, "0.0.0.0/0", err), 0);
	CHECK(has(ns, "203.0.113.1"));
	CHECK(!has(ns, "2001:db8::1"));
	netset_free(ns);
}

static void
test_bad_prefixes(void)
{
	static const char *const bad[] = { "10.0.0.0/33", "10.0.0.0/",
	    "10.0.0/8", "fd00::/129", "10.0.0.0/8x", "10.0.0.0/-1", "",
	    "host.example", "10.0.0.0/08000000000000000000" };
	char err[PW_ERRBUF_SIZE];
	struct netset *ns = netset_create();
	size_t i;

	for (i = 0; i < nitems(bad); i++) {
		err[0] = '\0';
		CHECK_INT(netset_add(ns, bad[i], err), -1);
		CHECK(strncmp(err, "bad prefix \"", 12) == 0);
	}
	CHECK_INT(netset_count(ns), 0);
	CHECK_INT(netset_add(ns, "10.0.0.0/33", err), -1);
	CHECK_STR(err, "bad prefix \"10.0.0.0/33\"");
	netset_free(ns);
}

static void
test_text(void)
{
	char err[PW_ERRBUF_SIZE];
	struct netset *ns = netset_create();

	CHECK_INT(netset_add_text(ns, "# comment\n\n  10.0.0.0/8  # a\r\n"
	    "\tfc00::/7\n192.168.0.0/16", "t", err), 0);
	CHECK_INT(netset_count(ns), 3);
	CHECK(has(ns, "192.168.1.1"));
	CHECK_INT(netset_add_text(ns, "1.2.3.0/24\n\n1.2.3.4/40\n", "vnets.txt",
	    err), -1);
	CHECK_STR(err, "vnets.txt:3: bad prefix \"1.2.3.4/40\"");
	CHECK_INT(netset_add_text(ns, "1.2.3.0/24 5.6.7.0/24\n", "x", err), -1);
	CHECK_STR(err, "x:1: unexpected text \"5.6.7.0/24\" after the prefix");
	netset_free(ns);
}

static void
test_defaults(void)
{
	char err[PW_ERRBUF_SIZE];
	struct netset *priv = netset_create(), *plat = netset_create();

	CHECK_INT(netset_add_text(priv, filters_private_txt,
	    "filters/private.txt", err), 0);
	CHECK_INT(netset_add_text(plat, filters_platform_txt,
	    "filters/platform.txt", err), 0);
	CHECK_INT(netset_count(priv), 5);
	CHECK(has(priv, "10.2.0.5"));
	CHECK(has(priv, "100.64.0.1"));
	CHECK(has(priv, "fd00::5"));
	CHECK(!has(priv, "20.42.65.92"));
	CHECK(!has(priv, "168.63.129.16"));
	CHECK(has(plat, "168.63.129.16"));
	CHECK(!has(plat, "168.63.129.17"));
	CHECK(has(plat, "169.254.169.254"));
	CHECK(!has(plat, "10.0.0.1"));
	netset_free(priv);
	netset_free(plat);
}

static void
test_file(void)
{
	char err[PW_ERRBUF_SIZE], path[] = "/tmp/test-netset-XXXXXX";
	char want[PW_ERRBUF_SIZE];
	struct netset *ns = netset_create();
	FILE *f;
	int fd;

	fd = mkstemp(path);
	CHECK(fd >= 0 && (f = fdopen(fd, "w")) != NULL);
	if (fd < 0)
		return;
	fputs("10.50.0.0/16\nnot-a-prefix\n", f);
	fclose(f);
	CHECK_INT(netset_add_file(ns, path, err), -1);
	snprintf(want, sizeof(want), "%s:2: bad prefix \"not-a-prefix\"",
	    path);
	CHECK_STR(err, want);
	unlink(path);
	CHECK_INT(netset_add_file(ns, "/nonexistent/vnets", err), -1);
	CHECK_STR(err, "/nonexistent/vnets: No such file or directory");
	CHECK_INT(netset_add_file(ns, "filters/private.txt", err), 0);
	CHECK(has(ns, "172.20.0.1"));
	netset_free(ns);
}

int
main(void)
{
	TEST(test_add_and_contains);
	TEST(test_odd_lengths);
	TEST(test_bad_prefixes);
	TEST(test_text);
	TEST(test_defaults);
	TEST(test_file);
	return (CHECK_DONE());
}
