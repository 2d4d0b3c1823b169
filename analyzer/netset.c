#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compat.h"
#include "netset.h"
#include "textfile.h"

/*
 * netset.c: sets of IPv4 and IPv6 prefixes and the text format they are
 * read from (filters/private.txt, platform.txt, --vnet files).  A set is
 * a flat array scanned in order: sets hold tens of prefixes and are read
 * once per new flow, so a trie would cost more than it saves.
 */

#define NETSET_LINE_MAX		256	/* longest line of a prefix file */
#define NETSET_FILE_MAX		(16u << 20)	/* bytes of a prefix file */

struct netset_prefix {
	uint8_t		b[16];		/* network, host bits zero */
	uint8_t		family;		/* ADDR_V4 or ADDR_V6 */
	uint8_t		plen;		/* prefix length in bits */
};

struct netset {
	struct netset_prefix	*v;
	size_t			 n;
	size_t			 cap;
};

struct netset *
netset_create(void)
{
	return (calloc(1, sizeof(struct netset)));
}

void
netset_free(struct netset *ns)
{
	if (ns == NULL)
		return;
	free(ns->v);
	free(ns);
}

/* Copies s for an error message: at most 40 bytes, non-printables as '?'. */
static void
netset_quote(char *dst, size_t size, const char *s, size_t len)
{
	size_t i, n = PW_MIN(len, PW_MIN(size - 1, (size_t)40));

	for (i = 0; i < n; i++)
		dst[i] = (s[i] >= 0x20 && s[i] < 0x7f) ? s[i] : '?';
	dst[n] = '\0';
}

/* Clears the bits of p->b past the prefix length. */
static void
netset_mask(struct netset_prefix *p)
{
	size_t i, bits = p->plen;

	for (i = 0; i < 16; i++) {
		if (bits >= 8)
			bits -= 8;
		else {
			p->b[i] &= (uint8_t)(0xff00u >> bits);
			bits = 0;
		}
	}
}

/* Parses a decimal prefix length of at most max; -1 when it is not one. */
static int
netset_parse_plen(const char *s, int max)
{
	int v = 0;

	if (*s == '\0')
		return (-1);
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return (-1);
		v = v * 10 + (*s - '0');
		if (v > max)
			return (-1);
	}
	return (v);
}

/* Appends one prefix, growing the array. */
static int
netset_push(struct netset *ns, const struct netset_prefix *p, char *errbuf)
{
	struct netset_prefix *nv;
	size_t ncap;

	if (ns->n == ns->cap) {
		ncap = ns->cap ? ns->cap * 2 : 16;
		nv = realloc(ns->v, ncap * sizeof(*nv));
		if (nv == NULL) {
			snprintf(errbuf, PW_ERRBUF_SIZE, "out of memory");
			return (-1);
		}
		ns->v = nv;
		ns->cap = ncap;
	}
	ns->v[ns->n++] = *p;
	return (0);
}

int
netset_add(struct netset *ns, const char *cidr, char *errbuf)
{
	char buf[ADDR_STRLEN + 8], q[48];
	struct netset_prefix p;
	struct addr a;
	char *slash;
	size_t len = strlen(cidr);
	int plen, max;

	netset_quote(q, sizeof(q), cidr, len);
	if (len >= sizeof(buf))
		goto bad;
	memcpy(buf, cidr, len + 1);
	slash = strchr(buf, '/');
	if (slash != NULL)
		*slash++ = '\0';
	if (addr_parse(&a, buf) != 0)
		goto bad;
	max = a.family == ADDR_V4 ? 32 : 128;
	plen = slash != NULL ? netset_parse_plen(slash, max) : max;
	if (plen < 0)
		goto bad;

	memset(&p, 0, sizeof(p));
	memcpy(p.b, a.b, 16);
	p.family = a.family;
	p.plen = (uint8_t)plen;
	netset_mask(&p);
	return (netset_push(ns, &p, errbuf));

bad:
	snprintf(errbuf, PW_ERRBUF_SIZE, "bad prefix \"%s\"", q);
	return (-1);
}

/* Reads one line's prefix into tok; 1 for a prefix, 0 for none, -1. */
static int
netset_line(const char *s, size_t len, char *tok, size_t size, char *why,
    size_t whylen)
{
	const char *end, *hash;
	size_t n;

	hash = memchr(s, '#', len);
	if (hash != NULL)
		len = (size_t)(hash - s);
	while (len > 0 && strchr(" \t\r", *s) != NULL) {
		s++;
		len--;
	}
	while (len > 0 && strchr(" \t\r", s[len - 1]) != NULL)
		len--;
	if (len == 0)
		return (0);
	for (end = s, n = 0; n < len && *end != ' ' && *end != '\t'; end++)
		n++;
	if (n < len) {
		while (*end == ' ' || *end == '\t') {
			end++;
			n++;
		}
		netset_quote(tok, size, end, len - n);
		snprintf(why, whylen,
		    "unexpected text \"%.60s\" after the prefix", tok);
		return (-1);
	}
	if (n >= size) {
		snprintf(why, whylen, "prefix too long");
		return (-1);
	}
	memcpy(tok, s, n);
	tok[n] = '\0';
	return (1);
}

int
netset_add_text(struct netset *ns, const char *text, const char *origin,
    char *errbuf)
{
	char tok[NETSET_LINE_MAX], why[PW_ERRBUF_SIZE];
	const char *p = text, *nl;
	size_t len, lineno = 0;
	int r;

	while (*p != '\0') {
		lineno++;
		nl = strchr(p, '\n');
		len = nl != NULL ? (size_t)(nl - p) : strlen(p);
		r = netset_line(p, len, tok, sizeof(tok), why, sizeof(why));
		if (r > 0 && netset_add(ns, tok, why) != 0)
			r = -1;
		if (r < 0) {
			snprintf(errbuf, PW_ERRBUF_SIZE, "%s:%zu: %.150s",
			    origin, lineno, why);
			return (-1);
		}
		p += len + (nl != NULL);
	}
	return (0);
}
int
netset_add_file(struct netset *ns, const char *path, char *errbuf)
{
	char *text;
	int rc;

	if ((text = textfile_read(path, NETSET_FILE_MAX, errbuf)) == NULL)
		return (-1);
	rc = netset_add_text(ns, text, path, errbuf);
	free(text);
	return (rc);
}

/* True when a lies inside prefix p. */
static bool
netset_prefix_has(const struct netset_prefix *p, const struct addr *a)
{
	size_t full = p->plen / 8, rest = p->plen % 8;

	if (p->family != a->family)
		return (false);
	if (memcmp(p->b, a->b, full) != 0)
		return (false);
	if (rest == 0)
		return (true);
	return ((a->b[full] & (uint8_t)(0xff00u >> rest)) == p->b[full]);
}

bool
netset_contains(const struct netset *ns, const struct addr *a)
{
	size_t i;

	if (ns == NULL || a->family == 0)
		return (false);
	for (i = 0; i < ns->n; i++)
		if (netset_prefix_has(&ns->v[i], a))
			return (true);
	return (false);
}

size_t
netset_count(const struct netset *ns)
{
	return (ns != NULL ? ns->n : 0);
}

const char *
netset_at(const struct netset *ns, size_t i, char *buf, size_t len)
{
	char a[ADDR_STRLEN];
	struct addr ad;

	if (ns == NULL || i >= ns->n || len == 0)
		return (NULL);
	memset(&ad, 0, sizeof(ad));
	memcpy(ad.b, ns->v[i].b, 16);
	ad.family = ns->v[i].family;
	snprintf(buf, len, "%s/%u", addr_format(&ad, a), ns->v[i].plen);
	return (buf);
}
