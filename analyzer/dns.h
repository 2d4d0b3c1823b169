/*
 * dns.h: DNS messages (RFC 1035 section 4), parsed into fixed-size structs
 * with no allocation.  Names are kept as text, labels joined by '.', ASCII
 * letters folded to lower case; a '.' or '\' inside a label is written
 * "\." or "\\" so the text splits back into the same labels.  Every other
 * byte, control bytes included, is kept as it came: outputs escape them.
 * Names have no trailing dot; the root name is the empty text (len 0).
 */
#ifndef PW_DNS_H
#define PW_DNS_H

#include <stdbool.h>
#include <stdint.h>

#include "addr.h"
#include "stats.h"

#define DNS_NAME_MAX		255	/* wire form, RFC 1035 2.3.4 */
#define DNS_LABEL_MAX		63
#define DNS_NAME_TEXT_MAX	512	/* text form, worst case, with NUL */
#define DNS_ANSWERS_MAX		128	/* answer records kept per message */
#define DNS_CHAIN_MAX		8	/* names in a CNAME chain, query first */
#define DNS_CHAIN_ADDRS_MAX	16	/* final addresses kept per chain */

#define DNS_TYPE_A		1
#define DNS_TYPE_CNAME		5
#define DNS_TYPE_AAAA		28

#define DNS_RCODE_NOERROR	0
#define DNS_RCODE_SERVFAIL	2
#define DNS_RCODE_NXDOMAIN	3

struct dns_name {
	uint16_t	len;			/* bytes of text, without NUL */
	char		text[DNS_NAME_TEXT_MAX];
};

struct dns_rr {
	struct dns_name	name;
	uint16_t	type;
	uint16_t	rclass;
	uint32_t	ttl;
	struct addr	addr;			/* A, AAAA */
	struct dns_name	target;			/* CNAME */
};

struct dns_msg {
	uint16_t	id;
	bool		qr;			/* a response */
	bool		tc;			/* truncated by the server */
	uint8_t		opcode;
	uint8_t		rcode;
	uint16_t	qdcount;
	uint16_t	ancount;

	bool		has_question;
	struct dns_name	qname;			/* the first question */
	uint16_t	qtype;
	uint16_t	qclass;

	uint16_t	nanswers;		/* A, AAAA and CNAME kept */
	bool		answers_dropped;	/* more than DNS_ANSWERS_MAX */
	struct dns_rr	answers[DNS_ANSWERS_MAX];
};

/* A chain followed from the query name through CNAMEs to its addresses. */
struct dns_chain {
	uint8_t		nnames;			/* names[0] is the query */
	struct dns_name	names[DNS_CHAIN_MAX];
	uint8_t		naddrs;
	struct addr	addrs[DNS_CHAIN_ADDRS_MAX];
	uint32_t	min_ttl;		/* over the records followed */
	bool		cut;			/* longer than DNS_CHAIN_MAX */
};

/*
 * Parses one DNS message of len bytes.  Returns 0 and fills m, or -1 when
 * the message is truncated or malformed; either way it counts the outcome
 * in st (dns_messages, dns_truncated, dns_malformed, dns_answers_dropped
 * once per record past DNS_ANSWERS_MAX); st may be NULL.  On -1 only the
 * header fields are meaningful: has_question is false, nanswers 0.
 * Records other than A, AAAA and CNAME are stepped over.
 */
int	dns_parse(const uint8_t *msg, size_t len, struct dns_msg *m,
	    struct stats *st);

/*
 * Follows the CNAME records of m from its query name, in whatever order
 * they came, and collects the A/AAAA addresses of the last name.  Loops
 * end the chain.  Returns the number of addresses.
 */
int	dns_follow_chain(const struct dns_msg *m, struct dns_chain *c);

#define DNS_CODE_BUF		8	/* "65535" and a NUL */

/* "NXDOMAIN", or the number in buf for a code without a name. */
const char *dns_rcode_name(unsigned rcode, char buf[DNS_CODE_BUF]);
/* "AAAA", or the number in buf. */
const char *dns_type_name(unsigned type, char buf[DNS_CODE_BUF]);

/* Compares two text names, ignoring ASCII case. */
bool	dns_name_equal(const char *a, size_t alen, const char *b,
	    size_t blen);
/*
 * True when name is suffix or lies below it ("a.b.c" under "b.c"), on
 * label boundaries ("xb.c" is not under "b.c"); "" is the root.
 */
bool	dns_name_under(const char *name, size_t len, const char *suffix,
	    size_t slen);

#endif
