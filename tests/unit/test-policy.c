/* test-policy: policy parsing, every error, matching and the examples. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "compat.h"
#include "policy.h"

#define LBIT(l)		(1u << (l))

static char errbuf[PW_ERRBUF_SIZE];

/* The error that loading text gives, or "loaded" when it loads. */
static const char *
load_err(const char *text)
{
	struct policy *p;

	errbuf[0] = '\0';
	if ((p = policy_load_text(text, "t.conf", errbuf)) == NULL)
		return (errbuf);
	policy_free(p);
	return ("loaded");
}

/* Loads text that must load; reports why when it does not. */
static struct policy *
load_ok(const char *text)
{
	struct policy *p;

	if ((p = policy_load_text(text, "t.conf", errbuf)) == NULL)
		fprintf(stderr, "unexpected error: %s\n", errbuf);
	return (p);
}

static struct addr
ip(const char *s)
{
	struct addr a;

	memset(&a, 0, sizeof(a));
	if (addr_parse(&a, s) != 0)
		fprintf(stderr, "bad test address %s\n", s);
	return (a);
}

/* The line of the rule matching a name (NUL-terminated) and address. */
static long
match_line(const struct policy *p, const char *name, const char *dst)
{
	const struct policy_rule *r;
	struct addr a;

	if (dst != NULL)
		a = ip(dst);
	r = policy_match(p, name, name ? strlen(name) : 0,
	    dst ? &a : NULL);
	return (r ? (long)r->line : 0);
}

static void
test_rule_kinds(void)
{
	const struct policy_rule *r;
	struct policy *p;

	p = load_ok("*.openai.azure.com private-link\n"
	    "10.0.0.0/8\tvnet-private private-link\n"
	    "fd00::/8 vnet-private\n"
	    "168.63.129.16 platform\n"
	    "* !internet-egress\n");
	CHECK(p != NULL);
	if (p == NULL)
		return;
	CHECK_INT(policy_count(p), 5);
	r = policy_rule_at(p, 0);
	CHECK_INT(r->kind, POLICY_NAME);
	CHECK_STR(r->pattern, "*.openai.azure.com");
	CHECK_STR(r->text, "*.openai.azure.com private-link");
	CHECK_INT(r->line, 1);
	CHECK_STR(r->origin, "t.conf");
	CHECK_INT(r->allowed, LBIT(LABEL_PRIVATE_LINK));
	r = policy_rule_at(p, 1);
	CHECK_INT(r->kind, POLICY_CIDR);
	CHECK_INT(r->prefixlen, 8);
	CHECK_INT(r->net.family, ADDR_V4);
	CHECK_INT(r->net.b[0], 10);
	CHECK_INT(r->allowed,
	    LBIT(LABEL_VNET_PRIVATE) | LBIT(LABEL_PRIVATE_LINK));
	CHECK_STR(r->text, "10.0.0.0/8\tvnet-private private-link");
	r = policy_rule_at(p, 2);
	CHECK_INT(r->kind, POLICY_CIDR);
	CHECK_INT(r->net.family, ADDR_V6);
	CHECK_INT(r->net.b[0], 0xfd);
	CHECK_INT(r->prefixlen, 8);
	r = policy_rule_at(p, 3);
	CHECK_INT(r->kind, POLICY_CIDR);
	CHECK_INT(r->prefixlen, 32);
	r = policy_rule_at(p, 4);
	CHECK_INT(r->kind, POLICY_ANY);
	CHECK_INT(r->allowed, LBIT(LABEL_LOCAL) | LBIT(LABEL_PLATFORM) |
	    LBIT(LABEL_PRIVATE_LINK) | LBIT(LABEL_VNET_PRIVATE) |
	    LBIT(LABEL_BACKBONE_PUBLIC));
	CHECK(policy_rule_at(p, 5) == NULL);
	policy_free(p);
}

static void
test_first_match_wins(void)
{
	struct policy *p;

	p = load_ok("kv.vault.azure.net backbone-public\n"
	    "*.vault.azure.net private-link\n"
	    "10.1.2.0/24 vnet-private\n"
	    "10.0.0.0/8 private-link\n"
	    "* !internet-egress\n"
	    "*.openai.azure.com private-link\n");
	CHECK(p != NULL);
	if (p == NULL)
		return;
	CHECK_INT(match_line(p, "kv.vault.azure.net", "10.1.2.3"), 1);
	CHECK_INT(match_line(p, "other.vault.azure.net", "10.1.2.3"), 2);
	/* An address rule before a later name rule decides. */
	CHECK_INT(match_line(p, "x.example", "10.1.2.3"), 3);
	CHECK_INT(match_line(p, "x.example", "10.1.3.3"), 4);
	/* The catch-all shadows the rule after it. */
	CHECK_INT(match_line(p, "a.openai.azure.com", "20.0.0.1"), 5);
	CHECK_INT(match_line(p, NULL, "20.0.0.1"), 5);
	policy_free(p);
}

static void
test_no_match(void)
{
	struct policy *p;

	p = load_ok("*.openai.azure.com private-link\n10.0.0.0/8 local\n");
	CHECK(p != NULL);
	if (p == NULL)
		return;
	CHECK_INT(match_line(p, "example.com", "192.0.2.1"), 0);
	CHECK_INT(match_line(p, NULL, NULL), 0);
	CHECK_INT(match_line(p, "", "11.0.0.1"), 0);
	policy_free(p);
}

static void
test_comments_blank_crlf(void)
{
	struct policy *p;

	/* A '#' inside a field does not start a comment. */
	CHECK_STR(load_err("# a policy\r\n"
	    "\r\n"
	    "*.a.example\tprivate-link   # trailing comment\r\n"
	    "\n\n"
	    "*.b.example local#not-a-comment\n"),
	    "t.conf:6:13: expected a label (local, platform, "
	    "private-link, vnet-private, backbone-public, internet-egress), "
	    "got 'local#not-a-comment'");

	p = load_ok("# a policy\r\n"
	    "\r\n"
	    "   \t  \r\n"
	    "  # indented comment\n"
	    "*.a.example\tprivate-link   # trailing comment\r\n"
	    "*.b.example local #comment\n"
	    "*.c.example platform\r");
	CHECK(p != NULL);
	if (p == NULL)
		return;
	CHECK_INT(policy_count(p), 3);
	CHECK_INT(policy_rule_at(p, 0)->line, 5);
	CHECK_STR(policy_rule_at(p, 0)->text, "*.a.example\tprivate-link");
	CHECK_INT(policy_rule_at(p, 0)->allowed, LBIT(LABEL_PRIVATE_LINK));
	CHECK_INT(policy_rule_at(p, 1)->line, 6);
	CHECK_INT(policy_rule_at(p, 1)->allowed, LBIT(LABEL_LOCAL));
	/* The last line has no LF; its CR is still a line end. */
	CHECK_INT(policy_rule_at(p, 2)->line, 7);
	CHECK_STR(policy_rule_at(p, 2)->text, "*.c.example platform");
	CHECK_INT(policy_rule_at(p, 2)->allowed, LBIT(LABEL_PLATFORM));
	policy_free(p);

	/* UTF-8 is welcome in comments. */
	CHECK_STR(load_err("# caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\n"
	    "* local\n"), "loaded");
}

static void
test_allowed_sets(void)
{
	const struct policy_rule *r;
	struct policy *p;
	char buf[128];

	p = load_ok("a.example private-link backbone-public\n"
	    "b.example !internet-egress !backbone-public\n"
	    "c.example private-link !internet-egress\n"
	    "d.example !local !platform !private-link !vnet-private "
	    "!backbone-public !internet-egress\n"
	    "e.example local local\n");
	CHECK(p != NULL);
	if (p == NULL)
		return;
	r = policy_rule_at(p, 0);
	CHECK(policy_rule_allows(r, LABEL_PRIVATE_LINK));
	CHECK(policy_rule_allows(r, LABEL_BACKBONE_PUBLIC));
	CHECK(!policy_rule_allows(r, LABEL_INTERNET_EGRESS));
	CHECK(!policy_rule_allows(r, LABEL_LOCAL));
	CHECK(!policy_rule_allows(r, LABEL_NONE));
	CHECK(!policy_rule_allows(r, LABEL_COUNT));
	CHECK_STR(policy_rule_allowed_names(r, buf, sizeof(buf)),
	    "private-link, backbone-public");
	r = policy_rule_at(p, 1);
	CHECK(policy_rule_allows(r, LABEL_LOCAL));
	CHECK(policy_rule_allows(r, LABEL_PLATFORM));
	CHECK(policy_rule_allows(r, LABEL_PRIVATE_LINK));
	CHECK(policy_rule_allows(r, LABEL_VNET_PRIVATE));
	CHECK(!policy_rule_allows(r, LABEL_BACKBONE_PUBLIC));
	CHECK(!policy_rule_allows(r, LABEL_INTERNET_EGRESS));
	CHECK(!policy_rule_allows(r, LABEL_NONE));
	CHECK_STR(policy_rule_allowed_names(r, buf, sizeof(buf)),
	    "local, platform, private-link, vnet-private");
	/* Mixed: the plain ones, minus the forbidden ones. */
	r = policy_rule_at(p, 2);
	CHECK_INT(r->allowed, LBIT(LABEL_PRIVATE_LINK));
	r = policy_rule_at(p, 3);
	CHECK_INT(r->allowed, 0);
	CHECK_STR(policy_rule_allowed_names(r, buf, sizeof(buf)), "no label");
	r = policy_rule_at(p, 4);
	CHECK_INT(r->allowed, LBIT(LABEL_LOCAL));
	/* A short buffer is cut, never overrun. */
	r = policy_rule_at(p, 0);
	CHECK_STR(policy_rule_allowed_names(r, buf, 16), "private-link");
	policy_free(p);
}

static void
test_label_errors(void)
{
	CHECK_STR(load_err("* local\n*.openai.azure.com  privat-link\n"),
	    "t.conf:2:21: expected a label (local, platform, private-link, "
	    "vnet-private, backbone-public, internet-egress), got "
	    "'privat-link'");
	/* The column of a forbidden label is that of its name, after '!'. */
	CHECK_STR(load_err("*\tlocal !egress\n"),
	    "t.conf:1:10: expected a label (local, platform, private-link, "
	    "vnet-private, backbone-public, internet-egress), got 'egress'");
	/* Label names are exact: no case folding, no "none". */
	CHECK_STR(load_err("* Local\n"),
	    "t.conf:1:3: expected a label (local, platform, private-link, "
	    "vnet-private, backbone-public, internet-egress), got 'Local'");
	CHECK_STR(load_err("* none\n"),
	    "t.conf:1:3: expected a label (local, platform, private-link, "
	    "vnet-private, backbone-public, internet-egress), got 'none'");
	CHECK_STR(load_err("* local !\n"),
	    "t.conf:1:9: expected a label after '!', got nothing");
	CHECK_STR(load_err("\n\n*.vault.azure.net\n"),
	    "t.conf:3:18: expected a label after '*.vault.azure.net', got "
	    "end of line");
	CHECK_STR(load_err("10.0.0.0/8   # private-link\n"),
	    "t.conf:1:11: expected a label after '10.0.0.0/8', got a "
	    "comment");
	CHECK_STR(load_err("* private-link !private-link\n"),
	    "t.conf:1:17: expected each label either allowed or forbidden, "
	    "got 'private-link' as both");
	CHECK_STR(load_err("* !local local\n"),
	    "t.conf:1:10: expected each label either allowed or forbidden, "
	    "got 'local' as both");
}

static void
test_cidr_errors(void)
{
	CHECK_STR(load_err("10.0.0.0/33 local\n"),
	    "t.conf:1:10: expected a prefix length 0-32, got '33'");
	CHECK_STR(load_err("fd00::/129 local\n"),
	    "t.conf:1:8: expected a prefix length 0-128, got '129'");
	CHECK_STR(load_err("10.0.0.0/ local\n"),
	    "t.conf:1:10: expected a prefix length 0-32, got ''");
	CHECK_STR(load_err("10.0.0.0/+8 local\n"),
	    "t.conf:1:10: expected a prefix length 0-32, got '+8'");
	CHECK_STR(load_err("10.0.0.0/0008 local\n"),
	    "t.conf:1:10: expected a prefix length 0-32, got '0008'");
	CHECK_STR(load_err("  10.0.0.300/8 local\n"),
	    "t.conf:1:3: expected an IPv4 or IPv6 address, got '10.0.0.300'");
	CHECK_STR(load_err("10.0.0/8 local\n"),
	    "t.conf:1:1: expected an IPv4 or IPv6 address, got '10.0.0'");
	CHECK_STR(load_err("10.0.0.1.5 local\n"),
	    "t.conf:1:1: expected an IPv4 or IPv6 address, got '10.0.0.1.5'");
	CHECK_STR(load_err("fd00:::1/64 local\n"),
	    "t.conf:1:1: expected an IPv4 or IPv6 address, got 'fd00:::1'");
	CHECK_STR(load_err("/8 local\n"),
	    "t.conf:1:1: expected an IPv4 or IPv6 address, got ''");
	CHECK_STR(load_err("10.1.0.0/8 local\n"),
	    "t.conf:1:1: expected the address bits past /8 to be zero, got "
	    "'10.1.0.0/8' (10.0.0.0/8?)");
	CHECK_STR(load_err("fd00::1/64 local\n"),
	    "t.conf:1:1: expected the address bits past /64 to be zero, got "
	    "'fd00::1/64' (fd00::/64?)");
	CHECK_STR(load_err("0.0.0.0/0 local\n::/0 local\n"), "loaded");
}

static void
test_glob_errors(void)
{
	CHECK_STR(load_err(". local\n"),
	    "t.conf:1:1: expected a name glob, got an empty one");
	CHECK_STR(load_err("foo..example local\n"),
	    "t.conf:1:5: expected a name glob, got an empty label in "
	    "'foo..example'");
	CHECK_STR(load_err(".example local\n"),
	    "t.conf:1:1: expected a name glob, got an empty label in "
	    "'.example'");
	CHECK_STR(load_err("example.. local\n"),
	    "t.conf:1:9: expected a name glob, got an empty label in "
	    "'example..'");
	CHECK_STR(load_err("a@b.example local\n"),
	    "t.conf:1:2: expected a letter, digit or one of - _ . * ? in a "
	    "name glob, got '@'");
	CHECK_STR(load_err("!a.example local\n"),
	    "t.conf:1:1: expected a letter, digit or one of - _ . * ? in a "
	    "name glob, got '!'");
	CHECK_STR(load_err("caf\xc3\xa9.example local\n"),
	    "t.conf:1:4: expected a letter, digit or one of - _ . * ? in a "
	    "name glob, got '\xc3\xa9'");
	CHECK_STR(load_err("10.* local\n"),
	    "t.conf:1:1: expected a name glob or a CIDR prefix, got '10.*' "
	    "(address ranges are written 10.0.0.0/8)");
	/* Long tokens are cut in messages, on a character boundary. */
	CHECK_STR(load_err("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\xc3\xa9"
	    "bbbbbbbbbb local\n"),
	    "t.conf:1:40: expected a letter, digit or one of - _ . * ? in a "
	    "name glob, got '\xc3\xa9'");
	CHECK_STR(load_err("*.example zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz"
	    "z\xc3\xa9zzz\n"),
	    "t.conf:1:11: expected a label (local, platform, private-link, "
	    "vnet-private, backbone-public, internet-egress), got "
	    "'zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz...'");
}

static void
test_byte_errors(void)
{
	struct policy *p;

	CHECK_STR(load_err("* local\n*.a.example\x01 local\n"),
	    "t.conf:2:12: expected text, got control byte 0x01");
	CHECK_STR(load_err("* local \x1b[2J\n"),
	    "t.conf:1:9: expected text, got control byte 0x1b");
	CHECK_STR(load_err("* local\x7f\n"),
	    "t.conf:1:8: expected text, got control byte 0x7f");
	/* A CR that does not end a line is a control byte. */
	CHECK_STR(load_err("* local\rplatform\n"),
	    "t.conf:1:8: expected text, got control byte 0x0d");
	CHECK_STR(load_err("# \xff\n* local\n"),
	    "t.conf:1:3: expected UTF-8 text, got byte 0xff");
	/* Overlong form of '/', a surrogate, a cut sequence at line end. */
	CHECK_STR(load_err("# \xc0\xaf\n"),
	    "t.conf:1:3: expected UTF-8 text, got byte 0xc0");
	CHECK_STR(load_err("#\n# x \xed\xa0\x80\n"),
	    "t.conf:2:5: expected UTF-8 text, got byte 0xed");
	CHECK_STR(load_err("# \xe2\x82\n* local\n"),
	    "t.conf:1:3: expected UTF-8 text, got byte 0xe2");
	CHECK_STR(load_err("# \xf4\x90\x80\x80\n"),
	    "t.conf:1:3: expected UTF-8 text, got byte 0xf4");
	p = policy_load_mem("* local\n#\0\n", 11, "m.conf", errbuf);
	CHECK(p == NULL);
	CHECK_STR(errbuf, "m.conf:2:2: expected text, got control byte 0x00");
	policy_free(p);
}

static void
test_size_errors(void)
{
	char *big;
	size_t i, n;

	/* 1024 bytes a line is fine, 1025 is not. */
	big = malloc(POLICY_RULES_MAX * 8 + 16 + POLICY_FILE_MAX + 2);
	CHECK(big != NULL);
	if (big == NULL)
		return;
	memset(big, ' ', 1024);
	big[0] = '*';
	memcpy(big + 1024 - 5, "local", 5);
	big[1024] = '\0';
	CHECK_STR(load_err(big), "loaded");
	memmove(big + 1, big, 1025);
	CHECK_INT(strlen(big), 1025);
	CHECK_STR(load_err(big),
	    "t.conf:1:1025: expected a line of at most 1024 bytes, got 1025");

	for (i = 0; i < POLICY_RULES_MAX; i++)
		memcpy(big + 8 * i, "* local\n", 8);
	big[8 * i] = '\0';
	CHECK_STR(load_err(big), "loaded");
	memcpy(big + 8 * i, "# last\n* local\n", 16);
	CHECK_STR(load_err(big),
	    "t.conf:4098:1: expected at most 4096 rules, got more");

	n = POLICY_FILE_MAX + 1;
	memset(big, '#', n);
	CHECK(policy_load_mem(big, n, "big.conf", errbuf) == NULL);
	CHECK_STR(errbuf, "big.conf: expected at most 4194304 bytes, got "
	    "4194305");
	free(big);

	CHECK_STR(load_err(""), "t.conf: expected at least one rule, got "
	    "only blank lines and comments");
	CHECK_STR(load_err("# nothing\n\n  \n"), "t.conf: expected at least "
	    "one rule, got only blank lines and comments");
}

static void
test_globs(void)
{
	struct policy *p;

	p = load_ok("*.openai.azure.com private-link\n"
	    "api.EXAMPLE.com. local\n"
	    "a?c.example platform\n"
	    "x*y*z.example vnet-private\n"
	    "*ab.example backbone-public\n"
	    "*.* internet-egress\n");
	CHECK(p != NULL);
	if (p == NULL)
		return;
	CHECK_STR(policy_rule_at(p, 1)->pattern, "api.EXAMPLE.com");
	CHECK_INT(match_line(p, "contoso.openai.azure.com", NULL), 1);
	/* '*' spans dots. */
	CHECK_INT(match_line(p, "contoso.privatelink.openai.azure.com", NULL),
	    1);
	CHECK_INT(match_line(p, "CONTOSO.OpenAI.Azure.Com", NULL), 1);
	CHECK_INT(match_line(p, "contoso.openai.azure.com.", NULL), 1);
	/* The apex is not under "*." ... */
	CHECK_INT(match_line(p, "openai.azure.com", NULL), 6);
	/* ... and '*' may be empty, so ".openai.azure.com" is. */
	CHECK_INT(match_line(p, ".openai.azure.com", NULL), 1);
	CHECK_INT(match_line(p, "evil-openai.azure.com", NULL), 6);
	CHECK_INT(match_line(p, "contoso.openai.azure.com.evil", NULL), 6);
	CHECK_INT(match_line(p, "api.example.com", NULL), 2);
	CHECK_INT(match_line(p, "api.example.com.", NULL), 2);
	CHECK_INT(match_line(p, "api.example.co", NULL), 6);
	CHECK_INT(match_line(p, "abc.example", NULL), 3);
	CHECK_INT(match_line(p, "a.c.example", NULL), 3);
	CHECK_INT(match_line(p, "ac.example", NULL), 6);
	CHECK_INT(match_line(p, "abbc.example", NULL), 6);
	CHECK_INT(match_line(p, "xyz.example", NULL), 4);
	CHECK_INT(match_line(p, "x1y2y3z.example", NULL), 4);
	CHECK_INT(match_line(p, "x1z2y.example", NULL), 6);
	/* Backtracking: the '*' must give back the first 'a'. */
	CHECK_INT(match_line(p, "aab.example", NULL), 5);
	CHECK_INT(match_line(p, "ab.example", NULL), 5);
	/* A glob never matches an unnamed flow, nor a dotless name here. */
	CHECK_INT(match_line(p, NULL, "192.0.2.1"), 0);
	CHECK_INT(match_line(p, "", "192.0.2.1"), 0);
	CHECK_INT(match_line(p, ".", "192.0.2.1"), 0);
	CHECK_INT(match_line(p, "localhost", NULL), 0);
	/* A '*' in the name is a plain character to the glob. */
	CHECK_INT(match_line(p, "*", NULL), 0);
	policy_free(p);
}

/* Names from the wire are bytes with a length, not C strings. */
static void
test_name_length(void)
{
	const struct policy_rule *r;
	struct policy *p;
	static const char wire[] = "kv.vault.azure.netXXXX";

	p = load_ok("kv.vault.azure.net private-link\n"
	    "kv.vault.azure.net?* local\n");
	CHECK(p != NULL);
	if (p == NULL)
		return;
	r = policy_match(p, wire, 18, NULL);
	CHECK(r != NULL && r->line == 1);
	r = policy_match(p, wire, 19, NULL);
	CHECK(r != NULL && r->line == 2);
	r = policy_match(p, wire, 17, NULL);
	CHECK(r == NULL);
	/* A NULL name with a length is still no name. */
	CHECK(policy_match(p, NULL, 18, NULL) == NULL);
	policy_free(p);
}

static void
test_bare_star(void)
{
	struct policy *p;

	p = load_ok("*.example local\n*\tplatform\n");
	CHECK(p != NULL);
	if (p == NULL)
		return;
	CHECK_INT(match_line(p, NULL, NULL), 2);
	CHECK_INT(match_line(p, NULL, "fd00::1"), 2);
	CHECK_INT(match_line(p, "a.example", NULL), 1);
	CHECK_INT(match_line(p, "other", NULL), 2);
	policy_free(p);

	/* Only '*' alone is the catch-all; "**" is a glob, names only. */
	p = load_ok("** local\n");
	CHECK(p != NULL);
	if (p == NULL)
		return;
	CHECK_INT(policy_rule_at(p, 0)->kind, POLICY_NAME);
	CHECK_INT(match_line(p, NULL, "192.0.2.1"), 0);
	CHECK_INT(match_line(p, "", NULL), 0);
	CHECK_INT(match_line(p, "x", NULL), 1);
	policy_free(p);
}

static void
test_cidr_match(void)
{
	struct policy *p;

	p = load_ok("fd00::1/128 local\n"
	    "fc00::/7 vnet-private\n"
	    "2001:db8:10::/44 backbone-public\n"
	    "172.16.0.0/12 vnet-private\n"
	    "192.0.2.128/25 platform\n"
	    "::/0 internet-egress\n"
	    "0.0.0.0/0 internet-egress\n");
	CHECK(p != NULL);
	if (p == NULL)
		return;
	CHECK_INT(match_line(p, NULL, "fd00::1"), 1);
	CHECK_INT(match_line(p, NULL, "fd00::2"), 2);
	CHECK_INT(match_line(p, NULL, "fc12:3456::9"), 2);
	CHECK_INT(match_line(p, NULL, "fe00::1"), 6);
	CHECK_INT(match_line(p, NULL, "2001:db8:1f:ffff::1"), 3);
	CHECK_INT(match_line(p, NULL, "2001:db8:10::"), 3);
	CHECK_INT(match_line(p, NULL, "2001:db8:20::1"), 6);
	CHECK_INT(match_line(p, NULL, "2001:db8:0f::1"), 6);
	CHECK_INT(match_line(p, NULL, "172.16.0.1"), 4);
	CHECK_INT(match_line(p, NULL, "172.31.255.255"), 4);
	CHECK_INT(match_line(p, NULL, "172.32.0.0"), 7);
	CHECK_INT(match_line(p, NULL, "172.15.255.255"), 7);
	CHECK_INT(match_line(p, NULL, "192.0.2.128"), 5);
	CHECK_INT(match_line(p, NULL, "192.0.2.127"), 7);
	/* IPv4 rules do not match IPv4-mapped IPv6 destinations. */
	CHECK_INT(match_line(p, NULL, "::ffff:172.16.0.1"), 6);
	/* No address: no CIDR rule can match. */
	CHECK_INT(match_line(p, "a.example", NULL), 0);
	policy_free(p);
}

static void
test_detail_and_where(void)
{
	const struct policy_rule *r;
	struct policy *p;
	struct addr a = ip("203.0.113.9");
	char buf[256];

	p = load_ok("# strict\n*.vault.azure.net private-link\n"
	    "*   !internet-egress   # no egress\n");
	CHECK(p != NULL);
	if (p == NULL)
		return;
	r = policy_match(p, "x.example", 9, &a);
	CHECK(r != NULL);
	if (r == NULL)
		goto out;
	CHECK(!policy_rule_allows(r, LABEL_INTERNET_EGRESS));
	CHECK_STR(policy_rule_where(r, buf, sizeof(buf)), "t.conf:3");
	CHECK_STR(policy_violation_detail(r, LABEL_INTERNET_EGRESS, buf,
	    sizeof(buf)), "internet-egress is not allowed by rule t.conf:3 "
	    "(*   !internet-egress)");
	r = policy_match(p, "kv.vault.azure.net", 18, &a);
	CHECK(r != NULL && r->line == 2);
	CHECK_STR(policy_violation_detail(r, LABEL_BACKBONE_PUBLIC, buf,
	    sizeof(buf)), "backbone-public is not allowed by rule t.conf:2 "
	    "(*.vault.azure.net private-link)");
out:
	policy_free(p);
}

static void
test_text_and_sha(void)
{
	static const char text[] = "* local\n";
	char path[] = "/tmp/test-policy-XXXXXX", want[SHA256_HEXLEN];
	uint8_t d[SHA256_LEN];
	struct policy *p;
	FILE *f;
	int fd;

	sha256_buf(text, strlen(text), d);
	sha256_hex(d, want);
	p = load_ok(text);
	CHECK(p != NULL);
	if (p == NULL)
		return;
	CHECK_STR(policy_text(p), text);
	CHECK_INT(policy_text_len(p), 8);
	CHECK_STR(policy_sha256(p), want);
	CHECK_STR(policy_sha256(p), "1a27cca4021537ce233864afa9dee869"
	    "1fcc4b176f6a37277370e4534d666727");
	CHECK_STR(policy_origin(p), "t.conf");
	policy_free(p);

	/* From a file: the origin is the path, the text its bytes. */
	fd = mkstemp(path);
	CHECK(fd >= 0);
	if (fd < 0)
		return;
	f = fdopen(fd, "w");
	fputs("*.a.example private-link\r\n* !internet-egress\r\n", f);
	fclose(f);
	p = policy_load_file(path, errbuf);
	CHECK(p != NULL);
	if (p != NULL) {
		CHECK_STR(policy_origin(p), path);
		CHECK_STR(policy_rule_at(p, 1)->origin, path);
		CHECK_STR(policy_text(p), "*.a.example private-link\r\n"
		    "* !internet-egress\r\n");
		CHECK_INT(policy_count(p), 2);
	}
	policy_free(p);
	f = fopen(path, "w");
	fputs("* local\n* bogus\n", f);
	fclose(f);
	CHECK(policy_load_file(path, errbuf) == NULL);
	CHECK(strncmp(errbuf, path, strlen(path)) == 0);
	CHECK_STR(errbuf + strlen(path), ":2:3: expected a label (local, "
	    "platform, private-link, vnet-private, backbone-public, "
	    "internet-egress), got 'bogus'");
	unlink(path);
	CHECK(policy_load_file(path, errbuf) == NULL);
	CHECK(strncmp(errbuf, path, strlen(path)) == 0);
	CHECK(strstr(errbuf, ": open: No such file") != NULL);
}

/* The example policies in filters/ (tests run from the top folder). */
static void
test_example_chatbot(void)
{
	const struct policy_rule *r;
	struct policy *p;
	struct addr a;

	p = policy_load_file("filters/policy-chatbot-strict.conf", errbuf);
	CHECK(p != NULL);
	if (p == NULL) {
		fprintf(stderr, "%s\n", errbuf);
		return;
	}
	CHECK(policy_count(p) >= 10);
	a = ip("10.2.0.5");
	r = policy_match(p, "contoso-aoai.openai.azure.com", 29, &a);
	CHECK(r != NULL && r->kind == POLICY_NAME);
	CHECK(r != NULL && policy_rule_allows(r, LABEL_PRIVATE_LINK));
	CHECK(r != NULL && !policy_rule_allows(r, LABEL_BACKBONE_PUBLIC));
	CHECK(r != NULL && !policy_rule_allows(r, LABEL_VNET_PRIVATE));
	r = policy_match(p, "kv1.vault.azure.net", 19, &a);
	CHECK(r != NULL && !policy_rule_allows(r, LABEL_BACKBONE_PUBLIC));
	r = policy_match(p, "docs.blob.core.windows.net", 26, &a);
	CHECK(r != NULL && !policy_rule_allows(r, LABEL_BACKBONE_PUBLIC));
	CHECK(r != NULL && policy_rule_allows(r, LABEL_PRIVATE_LINK));
	a = ip("168.63.129.16");
	r = policy_match(p, NULL, 0, &a);
	CHECK(r != NULL && r->kind == POLICY_CIDR);
	CHECK(r != NULL && policy_rule_allows(r, LABEL_PLATFORM));
	CHECK(r != NULL && !policy_rule_allows(r, LABEL_INTERNET_EGRESS));
	a = ip("169.254.169.254");
	r = policy_match(p, NULL, 0, &a);
	CHECK(r != NULL && policy_rule_allows(r, LABEL_PLATFORM));
	a = ip("127.0.0.1");
	r = policy_match(p, NULL, 0, &a);
	CHECK(r != NULL && policy_rule_allows(r, LABEL_LOCAL));
	a = ip("104.18.32.7");
	r = policy_match(p, "example.com", 11, &a);
	CHECK(r != NULL && r->kind == POLICY_ANY);
	CHECK(r != NULL && !policy_rule_allows(r, LABEL_INTERNET_EGRESS));
	CHECK(r != NULL && policy_rule_allows(r, LABEL_BACKBONE_PUBLIC));
	r = policy_match(p, NULL, 0, &a);
	CHECK(r != NULL && r->kind == POLICY_ANY);
	policy_free(p);
}

static void
test_example_report_only(void)
{
	const struct policy_rule *r;
	struct policy *p;
	struct addr a = ip("104.18.32.7");
	int l;

	p = policy_load_file("filters/policy-report-only.conf", errbuf);
	CHECK(p != NULL);
	if (p == NULL) {
		fprintf(stderr, "%s\n", errbuf);
		return;
	}
	r = policy_match(p, NULL, 0, &a);
	CHECK(r != NULL);
	for (l = LABEL_LOCAL; r != NULL && l < LABEL_COUNT; l++)
		CHECK(policy_rule_allows(r, (enum label)l));
	CHECK(r == policy_match(p, "x.openai.azure.com", 18, NULL));
	policy_free(p);
}

int
main(void)
{
	TEST(test_rule_kinds);
	TEST(test_first_match_wins);
	TEST(test_no_match);
	TEST(test_comments_blank_crlf);
	TEST(test_allowed_sets);
	TEST(test_label_errors);
	TEST(test_cidr_errors);
	TEST(test_glob_errors);
	TEST(test_byte_errors);
	TEST(test_size_errors);
	TEST(test_globs);
	TEST(test_name_length);
	TEST(test_bare_star);
	TEST(test_cidr_match);
	TEST(test_detail_and_where);
	TEST(test_text_and_sha);
	TEST(test_example_chatbot);
	TEST(test_example_report_only);
	return (CHECK_DONE());
}
