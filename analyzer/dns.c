#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "dns.h"
#include "rd.h"

/*
 * dns.c: DNS messages (RFC 1035 section 4) read from untrusted bytes into
 * struct dns_msg: the header, the first question and the A, AAAA and CNAME
 * answers.  Authority and additional sections are not read, so a message
 * cut inside them still parses.  Also the CNAME chain walk and name tests.
 */

/*
 * Every jump goes strictly further back, so loops cannot happen; the cap
 * only bounds the work a hostile chain of pointers to pointers can cause.
 * It is above the 127 labels a 255-byte name can hold.
 */
#define DNS_JUMPS_MAX	128
#define DNS_HDR_LEN	12	/* RFC 1035 4.1.1 */
#define DNS_Q_MIN	5	/* root name, QTYPE, QCLASS */
#define DNS_RR_MIN	11	/* root name, TYPE, CLASS, TTL, RDLENGTH */

/* dns_follow_chain's set of records used: one bit per answer. */
#define DNS_USED_WORDS	((DNS_ANSWERS_MAX + 31) / 32)
#define DNS_USED(u, i)	((u)[(i) / 32] & (1u << ((i) % 32)))
#define DNS_USE(u, i)	((u)[(i) / 32] |= 1u << ((i) % 32))

/* Appends one label to n in text form; -1 when the text would not fit. */
static int
dns_name_put(struct dns_name *n, const uint8_t *lab, size_t ll)
{
	size_t i;
	uint8_t c;

	/* Worst case: a separator, every byte escaped, the NUL. */
	if (n->len + 1 + 2 * ll + 1 > sizeof(n->text))
		return (-1);
	if (n->len > 0)
		n->text[n->len++] = '.';
	for (i = 0; i < ll; i++) {
		c = lab[i];
		if (c >= 'A' && c <= 'Z')
			c = (uint8_t)(c - 'A' + 'a');
		else if (c == '.' || c == '\\')
			n->text[n->len++] = '\\';
		n->text[n->len++] = (char)c;
	}
	n->text[n->len] = '\0';
	return (0);
}

/*
 * Reads the name at r, a window over part of msg[0..len), into out (RFC
 * 1035 4.1.4) and steps r over the bytes the name takes there.  Pointers
 * are followed through the whole message; each must point strictly before
 * the place the name, or the previous jump, started.  The root name is
 * the empty text.  Failure sets r's status: RD_SHORT when the name runs
 * past the bytes captured, RD_BAD when it breaks the rules.
 */
static void
dns_read_name(const uint8_t *msg, size_t len, struct rd *r,
    struct dns_name *out)
{
	struct rd	 jr;
	struct rd	*cr = r;
	const uint8_t	*lab;
	size_t		 limit, wire = 0, t;
	unsigned	 jumps = 0;
	uint8_t		 c, lo;

	out->len = 0;
	out->text[0] = '\0';
	if (r->status != RD_OK)
		return;
	limit = (size_t)(r->cur - msg);
	for (;;) {
		c = rd_u8(cr);
		if (cr->status != RD_OK)
			break;
		if (c == 0)
			break;		/* the root label ends the name */
		switch (c & 0xc0) {
		case 0x00:
			/* Length bytes, labels and the root byte to come. */
			wire += 1 + (size_t)c;
			if (wire + 1 > DNS_NAME_MAX) {
				rd_fail(cr, RD_BAD);
				break;
			}
			lab = rd_bytes(cr, c);
			if (lab != NULL && dns_name_put(out, lab, c) == -1)
				rd_fail(cr, RD_BAD);
			break;
		case 0xc0:
			lo = rd_u8(cr);
			if (cr->status != RD_OK)
				break;
			t = (size_t)(c & 0x3f) << 8 | lo;
			if (t >= limit || ++jumps > DNS_JUMPS_MAX) {
				rd_fail(cr, RD_BAD);
				break;
			}
			/* t < limit <= len: the window is inside msg. */
			limit = t;
			jr = rd_make(msg + t, len - t);
			cr = &jr;
			break;
		default:
			/* 0x40 (RFC 6891 extended) and 0x80 are not allowed. */
			rd_fail(cr, RD_BAD);
			break;
		}
		if (cr->status != RD_OK)
			break;
	}
	if (cr != r && cr->status != RD_OK)
		rd_fail(r, cr->status);
	if (r->status != RD_OK) {
		out->len = 0;
		out->text[0] = '\0';
	}
}

/* RFC 2181 8: a TTL with the top bit set is to be treated as zero. */
static uint32_t
dns_ttl(uint32_t ttl)
{
	return (ttl > 0x7fffffffu ? 0 : ttl);
}

/*
 * Reads one resource record (RFC 1035 4.1.3) into rr.  Returns true when
 * it is an A, AAAA or CNAME record; others are stepped over.  Failure sets
 * r's status.
 */
static bool
dns_parse_rr(const uint8_t *msg, size_t len, struct rd *r,
    struct dns_rr *rr)
{
	struct rd	rdata;
	uint16_t	rdlen;

	dns_read_name(msg, len, r, &rr->name);
	rr->type = rd_be16(r);
	rr->rclass = rd_be16(r);
	rr->ttl = dns_ttl(rd_be32(r));
	rdlen = rd_be16(r);
	if (r->status != RD_OK)
		return (false);
	if (rdlen > r->left) {
		rd_fail(r, RD_SHORT);
		return (false);
	}
	rdata = rd_sub(r, rdlen);
	memset(&rr->addr, 0, sizeof(rr->addr));
	rr->target.len = 0;
	rr->target.text[0] = '\0';
	switch (rr->type) {
	case DNS_TYPE_A:
		if (rdlen != 4)
			break;
		addr_set_v4(&rr->addr, rd_bytes(&rdata, 4));
		return (true);
	case DNS_TYPE_AAAA:
		if (rdlen != 16)
			break;
		addr_set_v6(&rr->addr, rd_bytes(&rdata, 16));
		return (true);
	case DNS_TYPE_CNAME:
		/*
		 * The whole RDATA is here, so a name that runs past it, or
		 * stops short of it, contradicts RDLENGTH.
		 */
		dns_read_name(msg, len, &rdata, &rr->target);
		if (rdata.status != RD_OK || rdata.left != 0)
			break;
		return (true);
	default:
		return (false);
	}
	rd_fail(r, RD_BAD);
	return (false);
}

/* Reads the header, RFC 1035 4.1.1; NSCOUNT and ARCOUNT are not used. */
static void
dns_parse_header(struct rd *r, struct dns_msg *m)
{
	uint16_t flags;

	m->id = rd_be16(r);
	flags = rd_be16(r);
	m->qdcount = rd_be16(r);
	m->ancount = rd_be16(r);
	rd_skip(r, 4);			/* NSCOUNT, ARCOUNT */
	m->qr = (flags & 0x8000) != 0;
	m->opcode = (uint8_t)(flags >> 11 & 0x0f);
	m->tc = (flags & 0x0200) != 0;
	m->rcode = (uint8_t)(flags & 0x000f);
}

/* Reads the question section, RFC 1035 4.1.2, keeping the first entry. */
static void
dns_parse_questions(const uint8_t *msg, size_t len, struct rd *r,
    struct dns_msg *m)
{
	struct dns_name	skip;
	uint16_t	i;

	for (i = 0; i < m->qdcount && r->status == RD_OK; i++) {
		/* More entries than the bytes left can hold: cut short. */
		if ((size_t)(m->qdcount - i) > r->left / DNS_Q_MIN) {
			rd_fail(r, RD_SHORT);
			return;
		}
		if (i == 0) {
			dns_read_name(msg, len, r, &m->qname);
			m->qtype = rd_be16(r);
			m->qclass = rd_be16(r);
			m->has_question = r->status == RD_OK;
		} else {
			dns_read_name(msg, len, r, &skip);
			rd_skip(r, 4);
		}
	}
}

/* Reads the answer section; returns how many records did not fit in m. */
static uint32_t
dns_parse_answers(const uint8_t *msg, size_t len, struct rd *r,
    struct dns_msg *m)
{
	struct dns_rr	 spare;
	struct dns_rr	*rr;
	uint32_t	 dropped = 0;
	uint16_t	 i;

	for (i = 0; i < m->ancount && r->status == RD_OK; i++) {
		if ((size_t)(m->ancount - i) > r->left / DNS_RR_MIN) {
			rd_fail(r, RD_SHORT);
			break;
		}
		/* Read into the next free slot; it is kept only if wanted. */
		rr = m->nanswers < DNS_ANSWERS_MAX ?
		    &m->answers[m->nanswers] : &spare;
		if (!dns_parse_rr(msg, len, r, rr))
			continue;
		if (rr == &spare)
			dropped++;
		else
			m->nanswers++;
	}
	return (dropped);
}

int
dns_parse(const uint8_t *msg, size_t len, struct dns_msg *m,
    struct stats *st)
{
	struct rd	r = rd_make(msg, len);
	uint32_t	dropped;

	/* Only the fields below are set; the 32 KB of answers stay as is. */
	m->qr = m->tc = false;
	m->id = m->qdcount = m->ancount = 0;
	m->opcode = m->rcode = 0;
	m->has_question = false;
	m->qname.len = 0;
	m->qname.text[0] = '\0';
	m->qtype = m->qclass = 0;
	m->nanswers = 0;
	m->answers_dropped = false;

	dns_parse_header(&r, m);
	dns_parse_questions(msg, len, &r, m);
	dropped = dns_parse_answers(msg, len, &r, m);
	if (r.status != RD_OK) {
		if (st != NULL) {
			if (r.status == RD_SHORT)
				st->dns_truncated++;
			else
				st->dns_malformed++;
		}
		m->has_question = false;
		m->nanswers = 0;
		return (-1);
	}
	m->answers_dropped = dropped > 0;
	if (st != NULL) {
		st->dns_messages++;
		st->dns_answers_dropped += dropped;
	}
	return (0);
}

/* Index of the first CNAME record owned by name, or -1. */
static int
dns_find_cname(const struct dns_msg *m, const struct dns_name *name)
{
	int i;

	for (i = 0; i < m->nanswers; i++) {
		if (m->answers[i].type == DNS_TYPE_CNAME &&
		    dns_name_equal(m->answers[i].name.text,
		    m->answers[i].name.len, name->text, name->len))
			return (i);
	}
	return (-1);
}

/*
 * True when name was already reached: it is the query or the target of a
 * CNAME record used so far (the set used, one bit per answer).
 */
static bool
dns_chain_seen(const struct dns_msg *m, const uint32_t *used,
    const struct dns_name *name)
{
	int i;

	if (dns_name_equal(m->qname.text, m->qname.len, name->text,
	    name->len))
		return (true);
	for (i = 0; i < m->nanswers; i++) {
		if (DNS_USED(used, i) &&
		    dns_name_equal(m->answers[i].target.text,
		    m->answers[i].target.len, name->text, name->len))
			return (true);
	}
	return (false);
}

/* Copies only the bytes of the name that are in use. */
static void
dns_name_copy(struct dns_name *to, const struct dns_name *from)
{
	to->len = from->len;
	memcpy(to->text, from->text, (size_t)from->len + 1);
}

/* Collects the A/AAAA addresses owned by name into c. */
static void
dns_chain_addrs(const struct dns_msg *m, const struct dns_name *name,
    struct dns_chain *c, uint32_t *ttl)
{
	const struct dns_rr	*rr;
	int			 i;

	for (i = 0; i < m->nanswers && c->naddrs < DNS_CHAIN_ADDRS_MAX;
	    i++) {
		rr = &m->answers[i];
		if (rr->type != DNS_TYPE_A && rr->type != DNS_TYPE_AAAA)
			continue;
		if (!dns_name_equal(rr->name.text, rr->name.len, name->text,
		    name->len))
			continue;
		c->addrs[c->naddrs++] = rr->addr;
		if (rr->ttl < *ttl)
			*ttl = rr->ttl;
	}
}

/*
 * A chain longer than DNS_CHAIN_MAX is still walked to its end, so its
 * addresses are found; only the names past the cap are not kept.  A CNAME
 * back to a name already reached ends the walk at the name before it,
 * past the cap as well as before it.  Each step uses a new record, so the
 * walk takes at most nanswers steps.
 */
int
dns_follow_chain(const struct dns_msg *m, struct dns_chain *c)
{
	const struct dns_name	*cur;
	const struct dns_rr	*rr;
	uint32_t		 used[DNS_USED_WORDS] = { 0 };
	uint32_t		 ttl = UINT32_MAX;
	int			 i, steps;

	c->nnames = 0;
	c->naddrs = 0;
	c->min_ttl = 0;
	c->cut = false;
	if (!m->has_question)
		return (0);
	dns_name_copy(&c->names[0], &m->qname);
	c->nnames = 1;
	cur = &m->qname;
	for (steps = 0; steps < m->nanswers; steps++) {
		i = dns_find_cname(m, cur);
		if (i < 0)
			break;
		rr = &m->answers[i];
		if (dns_chain_seen(m, used, &rr->target))
			break;
		DNS_USE(used, i);
		if (rr->ttl < ttl)
			ttl = rr->ttl;
		if (c->nnames < DNS_CHAIN_MAX)
			dns_name_copy(&c->names[c->nnames++], &rr->target);
		else
			c->cut = true;
		cur = &rr->target;
	}
	dns_chain_addrs(m, cur, c, &ttl);
	c->min_ttl = ttl == UINT32_MAX ? 0 : ttl;
	return (c->naddrs);
}

static inline uint8_t
dns_fold(uint8_t c)
{
	return (c >= 'A' && c <= 'Z' ? (uint8_t)(c - 'A' + 'a') : c);
}

bool
dns_name_equal(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t i;

	if (alen != blen)
		return (false);
	for (i = 0; i < alen; i++) {
		if (dns_fold((uint8_t)a[i]) != dns_fold((uint8_t)b[i]))
			return (false);
	}
	return (true);
}

/*
 * The byte before the suffix must be a label separator: a '.' preceded by
 * an even run of '\', since "\." is a dot inside a label and "\\" a
 * backslash.  The empty suffix is the root, which every name is under.
 */
bool
dns_name_under(const char *name, size_t len, const char *suffix,
    size_t slen)
{
	size_t dot, bs;

	if (slen == 0)
		return (true);
	if (slen > len)
		return (false);
	if (!dns_name_equal(name + (len - slen), slen, suffix, slen))
		return (false);
	if (slen == len)
		return (true);
	dot = len - slen - 1;
	if (name[dot] != '.')
		return (false);
	for (bs = 0; bs < dot && name[dot - 1 - bs] == '\\'; bs++)
		;
	return (bs % 2 == 0);
}

const char *
dns_rcode_name(unsigned rcode, char buf[DNS_CODE_BUF])
{
	static const char *const names[] = {	/* RFC 1035 4.1.1 */
		"NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP",
		"REFUSED"
	};

	if (rcode < sizeof(names) / sizeof(names[0]))
		return (names[rcode]);
	snprintf(buf, DNS_CODE_BUF, "%u", rcode & 0xffff);
	return (buf);
}

const char *
dns_type_name(unsigned type, char buf[DNS_CODE_BUF])
{
	switch (type) {
	case DNS_TYPE_A:
		return ("A");
	case DNS_TYPE_AAAA:
		return ("AAAA");
	case DNS_TYPE_CNAME:
		return ("CNAME");
	case 65:
		return ("HTTPS");	/* RFC 9460 */
	default:
		snprintf(buf, DNS_CODE_BUF, "%u", type & 0xffff);
		return (buf);
	}
}
