#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "addr.h"
#include "check.h"
#include "dns.h"
#include "stats.h"

/*
 * test-dns.c: dns_parse, dns_follow_chain and the name tests over messages
 * built byte by byte, good ones and hostile ones.
 */

/* A message under construction. */
struct mb {
	uint8_t		b[4096];
	size_t		n;
};

static struct dns_msg	msg;	/* 32 KB: kept off the stack */
static struct dns_chain	chain;

static void
put8(struct mb *m, uint8_t v)
{
	if (m->n < sizeof(m->b))
		m->b[m->n++] = v;
}

static void
put16(struct mb *m, uint16_t v)
{
	put8(m, (uint8_t)(v >> 8));
	put8(m, (uint8_t)v);
}

static void
put32(struct mb *m, uint32_t v)
{
	put16(m, (uint16_t)(v >> 16));
	put16(m, (uint16_t)v);
}

static void
putbytes(struct mb *m, const void *p, size_t n)
{
	const uint8_t *b = p;
	size_t i;

	for (i = 0; i < n; i++)
		put8(m, b[i]);
}

/* Writes the labels of a dotted name, without the root byte. */
static void
putlabels(struct mb *m, const char *dotted)
{
	const char *dot;
	size_t ll;

	while (*dotted != '\0') {
		dot = strchr(dotted, '.');
		ll = dot != NULL ? (size_t)(dot - dotted) : strlen(dotted);
		put8(m, (uint8_t)ll);
		putbytes(m, dotted, ll);
		dotted += ll;
		if (*dotted == '.')
			dotted++;
	}
}

/* Writes a whole uncompressed name; "" is the root. */
static void
putname(struct mb *m, const char *dotted)
{
	putlabels(m, dotted);
	put8(m, 0);
}

static void
putptr(struct mb *m, size_t off)
{
	put16(m, (uint16_t)(0xc000 | off));
}

static void
header(struct mb *m, uint16_t flags, uint16_t qd, uint16_t an)
{
	m->n = 0;
	put16(m, 0x1234);
	put16(m, flags);
	put16(m, qd);
	put16(m, an);
	put16(m, 0);
	put16(m, 0);
}

static void
question(struct mb *m, const char *name, uint16_t type)
{
	putname(m, name);
	put16(m, type);
	put16(m, 1);
}

/* Type, class IN, TTL; the caller writes RDLENGTH and RDATA. */
static void
rrhead(struct mb *m, uint16_t type, uint32_t ttl)
{
	put16(m, type);
	put16(m, 1);
	put32(m, ttl);
}

static void
rr_a(struct mb *m, const char *owner, uint32_t ttl, uint8_t a, uint8_t b,
    uint8_t c, uint8_t d)
{
	putname(m, owner);
	rrhead(m, DNS_TYPE_A, ttl);
	put16(m, 4);
	put8(m, a);
	put8(m, b);
	put8(m, c);
	put8(m, d);
}

static void
rr_cname(struct mb *m, const char *owner, uint32_t ttl, const char *target)
{
	putname(m, owner);
	rrhead(m, DNS_TYPE_CNAME, ttl);
	put16(m, (uint16_t)(strlen(target) + 2));
	putname(m, target);
}

static const char *
fmt(const struct addr *a)
{
	static char buf[ADDR_STRLEN];

	return (addr_format(a, buf));
}

static int
parse(const struct mb *m, struct stats *st)
{
	int i;

	/*
	 * Garbage first: the parser must not rely on a cleared struct.
	 * The texts end in NUL so a failing check prints, not overflows.
	 */
	memset(&msg, 0xa5, sizeof(msg));
	msg.qname.text[DNS_NAME_TEXT_MAX - 1] = '\0';
	for (i = 0; i < DNS_ANSWERS_MAX; i++) {
		msg.answers[i].name.text[DNS_NAME_TEXT_MAX - 1] = '\0';
		msg.answers[i].target.text[DNS_NAME_TEXT_MAX - 1] = '\0';
	}
	return (dns_parse(m->b, m->n, &msg, st));
}

static void
test_simple_a(void)
{
	struct mb m;
	struct stats st;

	memset(&st, 0, sizeof(st));
	header(&m, 0x8180, 1, 1);
	question(&m, "example.com", DNS_TYPE_A);
	rr_a(&m, "example.com", 300, 93, 184, 216, 34);
	CHECK_INT(parse(&m, &st), 0);
	CHECK_INT(msg.id, 0x1234);
	CHECK(msg.qr);
	CHECK(!msg.tc);
	CHECK_INT(msg.opcode, 0);
	CHECK_INT(msg.rcode, DNS_RCODE_NOERROR);
	CHECK_INT(msg.qdcount, 1);
	CHECK_INT(msg.ancount, 1);
	CHECK(msg.has_question);
	CHECK_STR(msg.qname.text, "example.com");
	CHECK_INT(msg.qname.len, 11);
	CHECK_INT(msg.qtype, DNS_TYPE_A);
	CHECK_INT(msg.qclass, 1);
	CHECK_INT(msg.nanswers, 1);
	CHECK(!msg.answers_dropped);
	CHECK_STR(msg.answers[0].name.text, "example.com");
	CHECK_INT(msg.answers[0].type, DNS_TYPE_A);
	CHECK_INT(msg.answers[0].rclass, 1);
	CHECK_INT(msg.answers[0].ttl, 300);
	CHECK_INT(msg.answers[0].addr.family, ADDR_V4);
	CHECK_STR(fmt(&msg.answers[0].addr), "93.184.216.34");
	CHECK_INT(msg.answers[0].target.len, 0);

	CHECK_INT(dns_follow_chain(&msg, &chain), 1);
	CHECK_INT(chain.nnames, 1);
	CHECK_STR(chain.names[0].text, "example.com");
	CHECK_INT(chain.naddrs, 1);
	CHECK_STR(fmt(&chain.addrs[0]), "93.184.216.34");
	CHECK_INT(chain.min_ttl, 300);
	CHECK(!chain.cut);

	CHECK_INT(st.dns_messages, 1);
	CHECK_INT(st.dns_truncated, 0);
	CHECK_INT(st.dns_malformed, 0);
	CHECK_INT(st.dns_answers_dropped, 0);
}

/*
 * The private endpoint case, compressed as servers do: the A record of
 * the privatelink name comes before the CNAME that leads to it.
 */
static void
build_privatelink(struct mb *m)
{
	size_t q, pl;

	header(m, 0x8180, 1, 3);
	q = m->n;
	question(m, "contoso-aoai.openai.azure.com", DNS_TYPE_A);
	/* A: contoso-aoai.privatelink.<openai.azure.com of the question> */
	pl = m->n;
	putlabels(m, "contoso-aoai.privatelink");
	putptr(m, q + 13);
	rrhead(m, DNS_TYPE_A, 10);
	put16(m, 4);
	putbytes(m, "\x0a\x34\x08\x04", 4);
	/* An unrelated TXT record, stepped over. */
	putptr(m, q);
	rrhead(m, 16, 60);
	put16(m, 4);
	putbytes(m, "\x03" "abc", 4);
	/* CNAME: the question's name -> the privatelink name */
	putptr(m, q);
	rrhead(m, DNS_TYPE_CNAME, 300);
	put16(m, 2);
	putptr(m, pl);
}

static void
test_privatelink_chain(void)
{
	struct mb m;
	struct stats st;

	memset(&st, 0, sizeof(st));
	build_privatelink(&m);
	CHECK_INT(parse(&m, &st), 0);
	CHECK_INT(msg.nanswers, 2);
	CHECK_STR(msg.answers[0].name.text,
	    "contoso-aoai.privatelink.openai.azure.com");
	CHECK_STR(fmt(&msg.answers[0].addr), "10.52.8.4");
	CHECK_INT(msg.answers[1].type, DNS_TYPE_CNAME);
	CHECK_STR(msg.answers[1].name.text, "contoso-aoai.openai.azure.com");
	CHECK_STR(msg.answers[1].target.text,
	    "contoso-aoai.privatelink.openai.azure.com");
	CHECK_INT(msg.answers[1].ttl, 300);

	CHECK_INT(dns_follow_chain(&msg, &chain), 1);
	CHECK_INT(chain.nnames, 2);
	CHECK_STR(chain.names[0].text, "contoso-aoai.openai.azure.com");
	CHECK_STR(chain.names[1].text,
	    "contoso-aoai.privatelink.openai.azure.com");
	CHECK_INT(chain.names[1].len, 41);
	CHECK_INT(chain.naddrs, 1);
	CHECK_STR(fmt(&chain.addrs[0]), "10.52.8.4");
	CHECK_INT(chain.min_ttl, 10);
	CHECK(!chain.cut);
	CHECK(dns_name_under(chain.names[1].text, chain.names[1].len,
	    "privatelink.openai.azure.com", 28));
	CHECK_INT(st.dns_messages, 1);
}

static void
test_aaaa(void)
{
	static const uint8_t v6[16] = { 0xfd, 0, 0, 0, 0, 0, 0, 0,
	    0, 0, 0, 0, 0, 0, 0, 5 };
	struct mb m;
	struct stats st;

	memset(&st, 0, sizeof(st));
	header(&m, 0x8180, 1, 1);
	question(&m, "v6.example.net", DNS_TYPE_AAAA);
	putptr(&m, 12);
	rrhead(&m, DNS_TYPE_AAAA, 60);
	put16(&m, 16);
	putbytes(&m, v6, 16);
	CHECK_INT(parse(&m, &st), 0);
	CHECK_INT(msg.qtype, DNS_TYPE_AAAA);
	CHECK_INT(msg.nanswers, 1);
	CHECK_INT(msg.answers[0].addr.family, ADDR_V6);
	CHECK_STR(fmt(&msg.answers[0].addr), "fd00::5");
	CHECK_INT(dns_follow_chain(&msg, &chain), 1);
	CHECK_STR(fmt(&chain.addrs[0]), "fd00::5");
	CHECK_INT(chain.min_ttl, 60);
}

static void
test_nxdomain_after_cname(void)
{
	struct mb m;
	struct stats st;

	memset(&st, 0, sizeof(st));
	header(&m, 0x8183, 1, 1);
	question(&m, "kv1.vault.azure.net", DNS_TYPE_A);
	rr_cname(&m, "kv1.vault.azure.net", 60,
	    "kv1.privatelink.vaultcore.azure.net");
	CHECK_INT(parse(&m, &st), 0);
	CHECK_INT(msg.rcode, DNS_RCODE_NXDOMAIN);
	CHECK_INT(dns_follow_chain(&msg, &chain), 0);
	CHECK_INT(chain.nnames, 2);
	CHECK_STR(chain.names[1].text, "kv1.privatelink.vaultcore.azure.net");
	CHECK_INT(chain.naddrs, 0);
	CHECK_INT(chain.min_ttl, 60);
	CHECK_INT(st.dns_messages, 1);
}

/* Names built from labels and pointers to pointers, each further back. */
static void
test_compression(void)
{
	struct mb m;
	struct stats st;
	size_t cdn, edge;

	memset(&st, 0, sizeof(st));
	header(&m, 0x8180, 1, 3);
	question(&m, "www.example.com", DNS_TYPE_A);
	/* www.example.com CNAME cdn.<example.com at 16> */
	putptr(&m, 12);
	rrhead(&m, DNS_TYPE_CNAME, 100);
	put16(&m, 6);
	cdn = m.n;
	putlabels(&m, "cdn");
	putptr(&m, 16);
	/* cdn.example.com CNAME edge.<cdn...> */
	putptr(&m, cdn);
	rrhead(&m, DNS_TYPE_CNAME, 50);
	put16(&m, 7);
	edge = m.n;
	putlabels(&m, "edge");
	putptr(&m, cdn);
	/* edge.cdn.example.com A: three jumps, each further back */
	putptr(&m, edge);
	rrhead(&m, DNS_TYPE_A, 20);
	put16(&m, 4);
	putbytes(&m, "\xc0\x00\x02\x07", 4);
	CHECK_INT(parse(&m, &st), 0);
	CHECK_INT(msg.nanswers, 3);
	CHECK_STR(msg.answers[0].target.text, "cdn.example.com");
	CHECK_STR(msg.answers[1].name.text, "cdn.example.com");
	CHECK_STR(msg.answers[1].target.text, "edge.cdn.example.com");
	CHECK_STR(msg.answers[2].name.text, "edge.cdn.example.com");
	CHECK_INT(dns_follow_chain(&msg, &chain), 1);
	CHECK_INT(chain.nnames, 3);
	CHECK_STR(chain.names[2].text, "edge.cdn.example.com");
	CHECK_STR(fmt(&chain.addrs[0]), "192.0.2.7");
	CHECK_INT(chain.min_ttl, 20);
}

/* Parses and expects failure, counted as malformed. */
static void
expect_malformed(const struct mb *m, int line)
{
	struct stats st;
	int rc;

	memset(&st, 0, sizeof(st));
	rc = parse(m, &st);
	if (rc != -1 || st.dns_malformed != 1 || st.dns_truncated != 0 ||
	    st.dns_messages != 0) {
		fprintf(stderr, "%s:%d: want malformed, got rc %d, "
		    "malformed %llu truncated %llu\n", __FILE__, line, rc,
		    (unsigned long long)st.dns_malformed,
		    (unsigned long long)st.dns_truncated);
		check_failures++;
	}
	CHECK(!msg.has_question);
	CHECK_INT(msg.nanswers, 0);
}

static void
test_pointer_loops(void)
{
	struct mb m;
	struct stats st;

	/* The question's name points at itself. */
	header(&m, 0x0100, 1, 0);
	putptr(&m, 12);
	put16(&m, 1);
	put16(&m, 1);
	expect_malformed(&m, __LINE__);

	/* "a" then a pointer back to the start of its own name. */
	header(&m, 0x0100, 1, 0);
	putlabels(&m, "a");
	putptr(&m, 12);
	put16(&m, 1);
	put16(&m, 1);
	expect_malformed(&m, __LINE__);

	/*
	 * Two pointers at each other, hidden in a TXT record's RDATA
	 * (31 -> 33, 33 -> 31); the next owner name jumps into them.
	 */
	header(&m, 0x8180, 1, 2);
	question(&m, "a", DNS_TYPE_A);
	putptr(&m, 12);
	rrhead(&m, 16, 60);
	put16(&m, 4);
	CHECK_INT(m.n, 31);
	putptr(&m, 33);
	putptr(&m, 31);
	putptr(&m, 31);
	rrhead(&m, DNS_TYPE_A, 60);
	put16(&m, 4);
	put32(&m, 0x0a000001);
	expect_malformed(&m, __LINE__);
	/* The same entered at the other pointer. */
	m.b[36] = 33;
	expect_malformed(&m, __LINE__);

	/*
	 * No loop, but the second jump goes forward: RDATA at 31 holds a
	 * pointer to 33 and the name "z" at 33; an owner name pointing to
	 * 31 must be refused, since each jump must go further back.
	 */
	header(&m, 0x8180, 1, 2);
	question(&m, "a", DNS_TYPE_A);
	putptr(&m, 12);
	rrhead(&m, 16, 60);
	put16(&m, 5);
	putptr(&m, 33);
	putname(&m, "z");
	CHECK_INT(m.n, 36);
	putptr(&m, 31);
	rrhead(&m, DNS_TYPE_A, 60);
	put16(&m, 4);
	put32(&m, 0x0a000001);
	expect_malformed(&m, __LINE__);
	/* Entered at 33 directly, the name is fine. */
	m.b[37] = 33;
	memset(&st, 0, sizeof(st));
	CHECK_INT(parse(&m, &st), 0);
	CHECK_STR(msg.answers[0].name.text, "z");
}

static void
test_forward_and_outside_pointers(void)
{
	struct mb m;

	/* Points forward, inside the message. */
	header(&m, 0x0100, 1, 0);
	putptr(&m, 18);
	put16(&m, 1);
	put16(&m, 1);
	putname(&m, "later");
	expect_malformed(&m, __LINE__);

	/* Points past the end. */
	header(&m, 0x0100, 1, 0);
	putptr(&m, 0x3fff);
	put16(&m, 1);
	put16(&m, 1);
	expect_malformed(&m, __LINE__);

	/* A CNAME target pointing past the end. */
	header(&m, 0x8180, 1, 1);
	question(&m, "a.example", DNS_TYPE_A);
	putptr(&m, 12);
	rrhead(&m, DNS_TYPE_CNAME, 60);
	put16(&m, 2);
	putptr(&m, 200);
	expect_malformed(&m, __LINE__);
}

/* Writes a label of n copies of c. */
static void
putrun(struct mb *m, size_t n, uint8_t c)
{
	size_t i;

	put8(m, (uint8_t)n);
	for (i = 0; i < n; i++)
		put8(m, c);
}

static void
test_label_limits(void)
{
	struct mb m;
	struct stats st;

	/* 63 is the longest label. */
	memset(&st, 0, sizeof(st));
	header(&m, 0x0100, 1, 0);
	putrun(&m, 63, 'x');
	put8(&m, 0);
	put16(&m, 1);
	put16(&m, 1);
	CHECK_INT(parse(&m, &st), 0);
	CHECK_INT(msg.qname.len, 63);

	/* 64 reads as label type 0x40. */
	header(&m, 0x0100, 1, 0);
	putrun(&m, 64, 'x');
	put8(&m, 0);
	put16(&m, 1);
	put16(&m, 1);
	expect_malformed(&m, __LINE__);

	/* Label types 0x80 and 0x40, placed where a pointer would be good. */
	header(&m, 0x8180, 1, 1);
	question(&m, "x", DNS_TYPE_A);
	put16(&m, 0x800c);
	rrhead(&m, DNS_TYPE_A, 1);
	put16(&m, 4);
	put32(&m, 0x0a000001);
	expect_malformed(&m, __LINE__);
	m.b[19] = 0x40;
	expect_malformed(&m, __LINE__);
	m.b[19] = 0xc0;
	memset(&st, 0, sizeof(st));
	CHECK_INT(parse(&m, &st), 0);
	CHECK_STR(msg.answers[0].name.text, "x");
}

static void
test_name_limits(void)
{
	struct mb m;
	struct stats st;

	/* 3 x (1 + 63) + (1 + 62) + 1 root = 256 wire bytes. */
	header(&m, 0x0100, 1, 0);
	putrun(&m, 63, 'a');
	putrun(&m, 63, 'b');
	putrun(&m, 63, 'c');
	putrun(&m, 62, 'd');
	put8(&m, 0);
	put16(&m, 1);
	put16(&m, 1);
	expect_malformed(&m, __LINE__);

	/* 255 is allowed: 63 + 63 + 63 + 61 bytes and three dots. */
	memset(&st, 0, sizeof(st));
	header(&m, 0x0100, 1, 0);
	putrun(&m, 63, 'a');
	putrun(&m, 63, 'b');
	putrun(&m, 63, 'c');
	putrun(&m, 61, 'd');
	put8(&m, 0);
	put16(&m, 1);
	put16(&m, 1);
	CHECK_INT(parse(&m, &st), 0);
	CHECK_INT(msg.qname.len, 253);
	CHECK_INT(msg.qname.text[63], '.');
	CHECK_INT(msg.qname.text[252], 'd');
	CHECK_INT(msg.qname.text[253], '\0');

	/* 256 reached through a pointer: the limit spans jumps. */
	header(&m, 0x8180, 1, 1);
	putrun(&m, 63, 'a');
	putrun(&m, 63, 'b');
	putrun(&m, 63, 'c');
	put8(&m, 0);
	put16(&m, 1);
	put16(&m, 1);
	putrun(&m, 62, 'd');
	putptr(&m, 12);
	rrhead(&m, DNS_TYPE_A, 1);
	put16(&m, 4);
	put32(&m, 0x0a000001);
	expect_malformed(&m, __LINE__);

	/* The root name is the empty text. */
	memset(&st, 0, sizeof(st));
	header(&m, 0x0100, 1, 0);
	question(&m, "", 2);
	CHECK_INT(parse(&m, &st), 0);
	CHECK(msg.has_question);
	CHECK_INT(msg.qname.len, 0);
	CHECK_STR(msg.qname.text, "");
}

static void
test_truncated_everywhere(void)
{
	struct mb m;
	struct stats st;
	size_t n;
	int rc, bad = 0;

	build_privatelink(&m);
	memset(&st, 0, sizeof(st));
	for (n = 0; n < m.n; n++) {
		memset(&msg, 0xa5, sizeof(msg));
		rc = dns_parse(m.b, n, &msg, &st);
		if (rc != -1 || st.dns_truncated != n + 1) {
			fprintf(stderr, "%s:%d: cut at %zu: rc %d\n",
			    __FILE__, __LINE__, n, rc);
			bad++;
		}
	}
	CHECK_INT(bad, 0);
	CHECK_INT(st.dns_truncated, m.n);
	CHECK_INT(st.dns_malformed, 0);
	CHECK_INT(st.dns_messages, 0);
	CHECK_INT(dns_parse(m.b, m.n, &msg, &st), 0);
	CHECK_INT(st.dns_messages, 1);
}

static void
test_too_many_answers(void)
{
	struct mb m;
	struct stats st;
	int i;

	memset(&st, 0, sizeof(st));
	header(&m, 0x8180, 1, DNS_ANSWERS_MAX + 9);
	question(&m, "many.example", DNS_TYPE_A);
	/* A TXT first: stepped over, takes no slot. */
	putptr(&m, 12);
	rrhead(&m, 16, 5);
	put16(&m, 2);
	put16(&m, 0x0178);
	for (i = 0; i < DNS_ANSWERS_MAX + 8; i++) {
		putptr(&m, 12);
		rrhead(&m, DNS_TYPE_A, (uint32_t)(1000 - i));
		put16(&m, 4);
		put32(&m, 0xc6336400u | (uint32_t)i);
	}
	CHECK_INT(parse(&m, &st), 0);
	CHECK_INT(msg.nanswers, DNS_ANSWERS_MAX);
	CHECK(msg.answers_dropped);
	CHECK_INT(st.dns_answers_dropped, 8);
	CHECK_STR(fmt(&msg.answers[31].addr), "198.51.100.31");
	CHECK_INT(dns_follow_chain(&msg, &chain), DNS_CHAIN_ADDRS_MAX);
	CHECK_STR(fmt(&chain.addrs[0]), "198.51.100.0");
	CHECK_STR(fmt(&chain.addrs[15]), "198.51.100.15");
	CHECK_INT(chain.min_ttl, 985);
}

static void
test_odd_bytes_in_labels(void)
{
	static const uint8_t lab[] = { 'a', '.', 'b', '\\', 'c', 0x1b, '<',
	    0xc4 };
	struct mb m;
	struct stats st;

	memset(&st, 0, sizeof(st));
	header(&m, 0x0100, 1, 0);
	put8(&m, sizeof(lab));
	putbytes(&m, lab, sizeof(lab));
	putname(&m, "Example");
	put16(&m, 1);
	put16(&m, 1);
	CHECK_INT(parse(&m, &st), 0);
	CHECK_STR(msg.qname.text, "a\\.b\\\\c\x1b<\xc4.example");
	CHECK_INT(msg.qname.len, 18);

	/* An escaped dot is not a label boundary. */
	header(&m, 0x0100, 1, 0);
	put8(&m, 8);
	putbytes(&m, "x.openai", 8);
	putname(&m, "azure.com");
	put16(&m, 1);
	put16(&m, 1);
	CHECK_INT(parse(&m, &st), 0);
	CHECK_STR(msg.qname.text, "x\\.openai.azure.com");
	CHECK(!dns_name_under(msg.qname.text, msg.qname.len,
	    "openai.azure.com", 16));
	CHECK(dns_name_under(msg.qname.text, msg.qname.len, "azure.com", 9));
}

static void
test_case_folding(void)
{
	struct mb m;
	struct stats st;

	memset(&st, 0, sizeof(st));
	header(&m, 0x8180, 1, 2);
	question(&m, "WWW.Example.COM", DNS_TYPE_A);
	rr_cname(&m, "www.EXAMPLE.com", 30, "Edge.Example.Com");
	rr_a(&m, "EDGE.example.COM", 40, 203, 0, 113, 9);
	CHECK_INT(parse(&m, &st), 0);
	CHECK_STR(msg.qname.text, "www.example.com");
	CHECK_STR(msg.answers[0].name.text, "www.example.com");
	CHECK_STR(msg.answers[0].target.text, "edge.example.com");
	CHECK_STR(msg.answers[1].name.text, "edge.example.com");
	CHECK_INT(dns_follow_chain(&msg, &chain), 1);
	CHECK_INT(chain.nnames, 2);
	CHECK_STR(fmt(&chain.addrs[0]), "203.0.113.9");
	CHECK_INT(chain.min_ttl, 30);
}

static void
test_cname_loops(void)
{
	struct mb m;
	struct stats st;

	memset(&st, 0, sizeof(st));
	header(&m, 0x8180, 1, 3);
	question(&m, "a.example", DNS_TYPE_A);
	rr_a(&m, "a.example", 5, 192, 0, 2, 1);
	rr_cname(&m, "b.example", 7, "a.example");
	rr_cname(&m, "a.example", 9, "b.example");
	CHECK_INT(parse(&m, &st), 0);
	CHECK_INT(dns_follow_chain(&msg, &chain), 0);
	CHECK_INT(chain.nnames, 2);
	CHECK_STR(chain.names[0].text, "a.example");
	CHECK_STR(chain.names[1].text, "b.example");
	CHECK(!chain.cut);
	CHECK_INT(chain.min_ttl, 9);

	/* A name that is its own alias. */
	header(&m, 0x8180, 1, 1);
	question(&m, "self.example", DNS_TYPE_A);
	rr_cname(&m, "self.example", 7, "self.example");
	CHECK_INT(parse(&m, &st), 0);
	CHECK_INT(dns_follow_chain(&msg, &chain), 0);
	CHECK_INT(chain.nnames, 1);
	CHECK_INT(chain.min_ttl, 0);
}

static void
test_long_chain(void)
{
	struct mb m;
	struct stats st;
	char own[16], tgt[16];
	int i;

	/* n0 -> n1 -> ... -> n10, A on n10, records in reverse order. */
	memset(&st, 0, sizeof(st));
	header(&m, 0x8180, 1, 11);
	question(&m, "n0", DNS_TYPE_A);
	rr_a(&m, "n10", 77, 192, 0, 2, 10);
	for (i = 9; i >= 0; i--) {
		snprintf(own, sizeof(own), "n%d", i);
		snprintf(tgt, sizeof(tgt), "n%d", i + 1);
		rr_cname(&m, own, (uint32_t)(100 + i), tgt);
	}
	CHECK_INT(parse(&m, &st), 0);
	CHECK_INT(dns_follow_chain(&msg, &chain), 1);
	CHECK_INT(chain.nnames, DNS_CHAIN_MAX);
	CHECK_STR(chain.names[7].text, "n7");
	CHECK(chain.cut);
	CHECK_STR(fmt(&chain.addrs[0]), "192.0.2.10");
	CHECK_INT(chain.min_ttl, 77);

	/* Past the cap: ... n8 -> n9 -> n8 ends at n9, as before it. */
	header(&m, 0x8180, 1, 12);
	question(&m, "n0", DNS_TYPE_A);
	rr_a(&m, "n8", 77, 192, 0, 2, 8);
	rr_a(&m, "n9", 77, 192, 0, 2, 9);
	rr_cname(&m, "n9", 5, "n8");
	for (i = 0; i < 9; i++) {
		snprintf(own, sizeof(own), "n%d", i);
		snprintf(tgt, sizeof(tgt), "n%d", i + 1);
		rr_cname(&m, own, (uint32_t)(100 + i), tgt);
	}
	CHECK_INT(parse(&m, &st), 0);
	CHECK_INT(dns_follow_chain(&msg, &chain), 1);
	CHECK(chain.cut);
	CHECK_INT(chain.nnames, DNS_CHAIN_MAX);
	CHECK_STR(fmt(&chain.addrs[0]), "192.0.2.9");
	CHECK_INT(chain.min_ttl, 77);
}

static void
test_bad_rdata(void)
{
	struct mb m;
	struct stats st;

	/* A with RDLENGTH 5. */
	header(&m, 0x8180, 1, 1);
	question(&m, "x.example", DNS_TYPE_A);
	putptr(&m, 12);
	rrhead(&m, DNS_TYPE_A, 1);
	put16(&m, 5);
	put32(&m, 0x0a000001);
	put8(&m, 0);
	expect_malformed(&m, __LINE__);

	/* AAAA with RDLENGTH 4. */
	header(&m, 0x8180, 1, 1);
	question(&m, "x.example", DNS_TYPE_AAAA);
	putptr(&m, 12);
	rrhead(&m, DNS_TYPE_AAAA, 1);
	put16(&m, 4);
	put32(&m, 0x0a000001);
	expect_malformed(&m, __LINE__);

	/* CNAME whose RDATA is longer than its name. */
	header(&m, 0x8180, 1, 1);
	question(&m, "x.example", DNS_TYPE_A);
	putptr(&m, 12);
	rrhead(&m, DNS_TYPE_CNAME, 1);
	put16(&m, 4);
	putname(&m, "y");
	put8(&m, 0);
	expect_malformed(&m, __LINE__);

	/* CNAME whose name runs past RDLENGTH. */
	header(&m, 0x8180, 1, 1);
	question(&m, "x.example", DNS_TYPE_A);
	putptr(&m, 12);
	rrhead(&m, DNS_TYPE_CNAME, 1);
	put16(&m, 2);
	putname(&m, "y");
	expect_malformed(&m, __LINE__);

	/* RDLENGTH past the captured end: truncated, not malformed. */
	memset(&st, 0, sizeof(st));
	header(&m, 0x8180, 1, 1);
	question(&m, "x.example", DNS_TYPE_A);
	putptr(&m, 12);
	rrhead(&m, 16, 1);
	put16(&m, 100);
	put32(&m, 0);
	CHECK_INT(parse(&m, &st), -1);
	CHECK_INT(st.dns_truncated, 1);
	CHECK_INT(st.dns_malformed, 0);
}

static void
test_questions_and_flags(void)
{
	struct mb m;
	struct stats st;

	/* Two questions: the first is kept, the second stepped over. */
	memset(&st, 0, sizeof(st));
	header(&m, 0x0100, 2, 1);
	question(&m, "first.example", DNS_TYPE_AAAA);
	question(&m, "second.example", DNS_TYPE_A);
	rr_a(&m, "first.example", 0x80000000u, 192, 0, 2, 44);
	CHECK_INT(parse(&m, &st), 0);
	CHECK(!msg.qr);
	CHECK_STR(msg.qname.text, "first.example");
	CHECK_INT(msg.qtype, DNS_TYPE_AAAA);
	CHECK_INT(msg.nanswers, 1);
	/* RFC 2181 8: top bit set means zero. */
	CHECK_INT(msg.answers[0].ttl, 0);

	/* TC, opcode 2 (STATUS), SERVFAIL. */
	header(&m, 0x8000 | 2 << 11 | 0x0200 | DNS_RCODE_SERVFAIL, 1, 0);
	question(&m, "x", DNS_TYPE_A);
	CHECK_INT(parse(&m, &st), 0);
	CHECK(msg.qr);
	CHECK(msg.tc);
	CHECK_INT(msg.opcode, 2);
	CHECK_INT(msg.rcode, DNS_RCODE_SERVFAIL);

	/* No question: an empty chain. */
	header(&m, 0x8180, 0, 1);
	rr_a(&m, "x", 5, 192, 0, 2, 1);
	CHECK_INT(parse(&m, &st), 0);
	CHECK(!msg.has_question);
	CHECK_INT(dns_follow_chain(&msg, &chain), 0);
	CHECK_INT(chain.nnames, 0);
	CHECK_INT(chain.naddrs, 0);

	/* A QDCOUNT the bytes cannot hold is cut short. */
	memset(&st, 0, sizeof(st));
	header(&m, 0x0100, 0xffff, 0);
	question(&m, "x", DNS_TYPE_A);
	CHECK_INT(parse(&m, &st), -1);
	CHECK_INT(st.dns_truncated, 1);
	CHECK_INT(dns_parse(m.b, m.n, &msg, NULL), -1);
}

static void
test_name_tests(void)
{
	CHECK(dns_name_equal("A.Example", 9, "a.eXample", 9));
	CHECK(!dns_name_equal("a.example", 9, "a.exampl", 8));
	CHECK(!dns_name_equal("a.example", 9, "b.example", 9));
	CHECK(dns_name_equal("", 0, "", 0));
	/* Only ASCII folds. */
	CHECK(!dns_name_equal("\xc4", 1, "\xe4", 1));

	CHECK(dns_name_under("a.openai.azure.com", 18, "openai.azure.com",
	    16));
	CHECK(dns_name_under("openai.azure.com", 16, "openai.azure.com",
	    16));
	CHECK(dns_name_under("X.OpenAI.Azure.com", 18, "openai.azure.com",
	    16));
	CHECK(!dns_name_under("evil-openai.azure.com", 21,
	    "openai.azure.com", 16));
	CHECK(!dns_name_under("azure.com", 9, "openai.azure.com", 16));
	CHECK(!dns_name_under("a.openai.azure.co", 17, "openai.azure.com",
	    16));
	CHECK(dns_name_under("anything", 8, "", 0));
	/* "x\." is a dot in a label; "x\\." ends a label "x\". */
	CHECK(!dns_name_under("x\\.openai.azure.com", 19, "openai.azure.com",
	    16));
	CHECK(dns_name_under("x\\\\.openai.azure.com", 20,
	    "openai.azure.com", 16));
	CHECK(!dns_name_under("x\\\\\\.openai.azure.com", 21,
	    "openai.azure.com", 16));
}

int
main(void)
{
	TEST(test_simple_a);
	TEST(test_privatelink_chain);
	TEST(test_aaaa);
	TEST(test_nxdomain_after_cname);
	TEST(test_compression);
	TEST(test_pointer_loops);
	TEST(test_forward_and_outside_pointers);
	TEST(test_label_limits);
	TEST(test_name_limits);
	TEST(test_truncated_everywhere);
	TEST(test_too_many_answers);
	TEST(test_odd_bytes_in_labels);
	TEST(test_case_folding);
	TEST(test_cname_loops);
	TEST(test_long_chain);
	TEST(test_bad_rdata);
	TEST(test_questions_and_flags);
	TEST(test_name_tests);
	return (CHECK_DONE());
}
