#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compat.h"
#include "policy.h"

/*
 * policy.c: parsing policy files into rules and finding the rule that
 * judges a flow.  It knows labels only by name; deciding a flow's label is
 * classify.c's job, and turning a verdict into a finding is finding.c's.
 */

#define POLICY_ALL_LABELS	(((1u << LABEL_COUNT) - 1) & ~1u)
#define POLICY_SHOW_MAX		40	/* bytes of a token quoted in errors */

struct policy {
	char		*origin;
	char		*text;		/* the bytes loaded, NUL added */
	size_t		 textlen;
	char		 sha[SHA256_HEXLEN];
	struct policy_rule *rules;
	size_t		 nrules;
	size_t		 cap;
};

/* The parser's place, for error messages. */
struct policy_parse {
	struct policy	*p;
	unsigned	 lineno;
	char		*errbuf;
};

/* One whitespace-separated field of a line. */
struct policy_tok {
	const char	*s;
	size_t		 len;
	unsigned	 col;		/* from 1 */
};

/* Fills errbuf with "origin:line:col: message"; returns -1. */
static int PW_PRINTFLIKE(3, 4)
policy_error(struct policy_parse *ps, unsigned col, const char *fmt, ...)
{
	va_list ap;
	int n;

	n = snprintf(ps->errbuf, PW_ERRBUF_SIZE, "%s:%u:%u: ", ps->p->origin,
	    ps->lineno, col);
	if (n < 0 || n >= PW_ERRBUF_SIZE)
		return (-1);
	va_start(ap, fmt);
	vsnprintf(ps->errbuf + n, PW_ERRBUF_SIZE - (size_t)n, fmt, ap);
	va_end(ap);
	return (-1);
}

/*
 * A token for quoting in an error: at most POLICY_SHOW_MAX bytes, cut on
 * a UTF-8 character boundary, "..." marking the cut.
 */
static const char *
policy_show(const char *s, size_t len, char *buf, size_t size)
{
	size_t n = len;

	if (n > POLICY_SHOW_MAX) {
		n = POLICY_SHOW_MAX;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
	}
	snprintf(buf, size, "%.*s%s", (int)n, s, n < len ? "..." : "");
	return (buf);
}

/*
 * The length of the UTF-8 sequence at s (RFC 3629 section 4: no overlong
 * forms, no surrogates, nothing past U+10FFFF), or 0 when it is invalid.
 */
static size_t
policy_utf8_len(const unsigned char *s, size_t left)
{
	unsigned char lo = 0x80, hi = 0xbf;
	size_t n, i;

	if (s[0] < 0x80)
		return (1);
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		if (s[0] == 0xe0)
			lo = 0xa0;
		if (s[0] == 0xed)
			hi = 0x9f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		if (s[0] == 0xf0)
			lo = 0x90;
		if (s[0] == 0xf4)
			hi = 0x8f;
	} else
		return (0);
	if (n > left || s[1] < lo || s[1] > hi)
		return (0);
	for (i = 2; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return (0);
	return (n);
}

/* Rejects control bytes and bytes that are not UTF-8 in one line. */
static int
policy_check_bytes(struct policy_parse *ps, const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, n;

	while (i < len) {
		if ((u[i] < 0x20 && u[i] != '\t') || u[i] == 0x7f)
			return (policy_error(ps, (unsigned)i + 1,
			    "expected text, got control byte 0x%02x", u[i]));
		if ((n = policy_utf8_len(u + i, len - i)) == 0)
			return (policy_error(ps, (unsigned)i + 1,
			    "expected UTF-8 text, got byte 0x%02x", u[i]));
		i += n;
	}
	return (0);
}

/* The next field at or after *pos; false at the end or at a comment. */
static bool
policy_next_tok(const char *s, size_t len, size_t *pos,
    struct policy_tok *t)
{
	size_t i = *pos, start;

	while (i < len && (s[i] == ' ' || s[i] == '\t'))
		i++;
	*pos = i;
	if (i == len || s[i] == '#')
		return (false);
	start = i;
	while (i < len && s[i] != ' ' && s[i] != '\t')
		i++;
	t->s = s + start;
	t->len = i - start;
	t->col = (unsigned)start + 1;
	*pos = i;
	return (true);
}

static bool
policy_is_digit(char c)
{
	return (c >= '0' && c <= '9');
}

/* A prefix length of 1-3 decimal digits, at most max; -1 otherwise. */
static int
policy_prefixlen(const char *s, size_t len, unsigned max)
{
	unsigned v = 0;
	size_t i;

	if (len == 0 || len > 3)
		return (-1);
	for (i = 0; i < len; i++) {
		if (!policy_is_digit(s[i]))
			return (-1);
		v = v * 10 + (unsigned)(s[i] - '0');
	}
	return (v > max ? -1 : (int)v);
}

/* Whether a sits inside the prefix net/plen of the same family. */
static bool
policy_in_prefix(const struct addr *a, const struct addr *net,
    unsigned plen)
{
	unsigned full = plen / 8, rest = plen % 8;
	uint8_t mask;

	if (a->family != net->family)
		return (false);
	if (memcmp(a->b, net->b, full) != 0)
		return (false);
	if (rest == 0)
		return (true);
	mask = (uint8_t)(0xff << (8 - rest));
	return ((a->b[full] & mask) == net->b[full]);
}

/* Clears the bits of a past plen into out; true when any was set. */
static bool
policy_mask(const struct addr *a, unsigned plen, struct addr *out)
{
	unsigned i;

	*out = *a;
	for (i = plen; i < 128; i++)
		out->b[i / 8] &= (uint8_t)~(0x80 >> (i % 8));
	return (!addr_equal(a, out));
}

/* Parses "ADDR" or "ADDR/LEN" into the rule. */
static int
policy_parse_cidr(struct policy_parse *ps, const struct policy_tok *t,
    struct policy_rule *r)
{
	const char *slash = memchr(t->s, '/', t->len);
	size_t alen = slash ? (size_t)(slash - t->s) : t->len;
	char abuf[ADDR_STRLEN], show[64];
	struct addr masked;
	unsigned max;
	int plen;

	if (alen >= sizeof(abuf))
		goto bad_addr;
	memcpy(abuf, t->s, alen);
	abuf[alen] = '\0';
	if (addr_parse(&r->net, abuf) != 0)
		goto bad_addr;
	max = r->net.family == ADDR_V4 ? 32 : 128;
	plen = (int)max;
	if (slash != NULL) {
		plen = policy_prefixlen(slash + 1, t->len - alen - 1, max);
		if (plen < 0)
			return (policy_error(ps, t->col + (unsigned)alen + 1,
			    "expected a prefix length 0-%u, got '%s'", max,
			    policy_show(slash + 1, t->len - alen - 1, show,
			    sizeof(show))));
	}
	r->kind = POLICY_CIDR;
	r->prefixlen = (unsigned)plen;
	/* 10.1.0.0/8 is most likely a typo for /16: refuse, do not guess. */
	if (policy_mask(&r->net, r->prefixlen, &masked))
		return (policy_error(ps, t->col, "expected the address bits "
		    "past /%d to be zero, got '%s' (%s/%d?)", plen,
		    policy_show(t->s, t->len, show, sizeof(show)),
		    addr_format(&masked, abuf), plen));
	return (0);

bad_addr:
	return (policy_error(ps, t->col,
	    "expected an IPv4 or IPv6 address, got '%s'",
	    policy_show(t->s, alen, show, sizeof(show))));
}

static bool
policy_is_glob_char(char c)
{
	return ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    policy_is_digit(c) || c == '-' || c == '_' || c == '.' ||
	    c == '*' || c == '?');
}

/* Checks a name glob; len excludes the trailing dot already removed. */
static int
policy_parse_glob(struct policy_parse *ps, const struct policy_tok *t,
    size_t len)
{
	char show[64];
	bool addrlike = true, digit = false;
	size_t i;

	if (len == 0)
		return (policy_error(ps, t->col,
		    "expected a name glob, got an empty one"));
	for (i = 0; i < len; i++) {
		if (!policy_is_glob_char(t->s[i]))
			return (policy_error(ps, t->col + (unsigned)i,
			    "expected a letter, digit or one of - _ . * ? "
			    "in a name glob, got '%s'", policy_show(t->s + i,
			    policy_utf8_len((const unsigned char *)t->s + i,
			    len - i), show, sizeof(show))));
		if (t->s[i] == '.' && (i == 0 || t->s[i - 1] == '.'))
			return (policy_error(ps, t->col + (unsigned)i,
			    "expected a name glob, got an empty label in "
			    "'%s'", policy_show(t->s, t->len, show,
			    sizeof(show))));
		if (policy_is_digit(t->s[i]))
			digit = true;
		else if (t->s[i] != '.' && t->s[i] != '*' && t->s[i] != '?')
			addrlike = false;
	}
	if (t->s[len - 1] == '.')
		return (policy_error(ps, t->col + (unsigned)len,
		    "expected a name glob, got an empty label in '%s'",
		    policy_show(t->s, t->len, show, sizeof(show))));
	if (addrlike && digit)
		return (policy_error(ps, t->col,
		    "expected a name glob or a CIDR prefix, got '%s' "
		    "(address ranges are written 10.0.0.0/8)",
		    policy_show(t->s, t->len, show, sizeof(show))));
	return (0);
}

/* Decides the pattern's kind and checks it. */
static int
policy_parse_pattern(struct policy_parse *ps, const struct policy_tok *t,
    struct policy_rule *r, size_t *patlen)
{
	size_t len = t->len, i;
	bool addrlike = true, digit = false;

	*patlen = len;
	if (len == 1 && t->s[0] == '*') {
		r->kind = POLICY_ANY;
		return (0);
	}
	/* Names hold no '/' or ':'; digits and dots only is IPv4 or a typo. */
	for (i = 0; i < len; i++) {
		if (policy_is_digit(t->s[i]))
			digit = true;
		else if (t->s[i] != '.')
			addrlike = false;
	}
	if ((addrlike && digit) || memchr(t->s, '/', len) ||
	    memchr(t->s, ':', len))
		return (policy_parse_cidr(ps, t, r));
	if (t->s[len - 1] == '.')
		len--;
	*patlen = len;
	r->kind = POLICY_NAME;
	return (policy_parse_glob(ps, t, len));
}

/* Reads the label fields into the rule's allowed set. */
static int
policy_parse_labels(struct policy_parse *ps, const char *s, size_t len,
    size_t *pos, const struct policy_tok *pat, struct policy_rule *r,
    size_t *textend)
{
	struct policy_tok t;
	unsigned allow = 0, deny = 0, bit;
	bool neg, any = false;
	enum label l;
	char show[64];

	while (policy_next_tok(s, len, pos, &t)) {
		any = true;
		*textend = (size_t)(t.s - s) + t.len;
		neg = t.s[0] == '!';
		if (neg && t.len == 1)
			return (policy_error(ps, t.col,
			    "expected a label after '!', got nothing"));
		l = label_from_name(t.s + neg, t.len - neg);
		if (l == LABEL_NONE)
			return (policy_error(ps, t.col + neg,
			    "expected a label (local, platform, private-link, "
			    "vnet-private, backbone-public, internet-egress), "
			    "got '%s'", policy_show(t.s + neg, t.len - neg,
			    show, sizeof(show))));
		bit = 1u << l;
		if ((neg ? allow : deny) & bit)
			return (policy_error(ps, t.col + neg,
			    "expected each label either allowed or forbidden, "
			    "got '%s' as both", label_name(l)));
		if (neg)
			deny |= bit;
		else
			allow |= bit;
	}
	if (!any)
		return (policy_error(ps, pat->col + (unsigned)pat->len,
		    "expected a label after '%s', got %s",
		    policy_show(pat->s, pat->len, show, sizeof(show)),
		    *pos < len ? "a comment" : "end of line"));
	r->allowed = (allow != 0 ? allow : POLICY_ALL_LABELS) & ~deny;
	return (0);
}

/* Copies the rule's texts and appends it to the policy. */
static int
policy_add_rule(struct policy_parse *ps, struct policy_rule *r,
    const char *pat, size_t patlen, const char *text, size_t textlen)
{
	struct policy *p = ps->p;
	struct policy_rule *nr;
	char *buf;

	if (p->nrules == POLICY_RULES_MAX)
		return (policy_error(ps, 1, "expected at most %u rules, "
		    "got more", POLICY_RULES_MAX));
	if (p->nrules == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 16;

		if ((nr = realloc(p->rules, cap * sizeof(*nr))) == NULL)
			goto nomem;
		p->rules = nr;
		p->cap = cap;
	}
	if ((buf = malloc(patlen + 1 + textlen + 1)) == NULL)
		goto nomem;
	memcpy(buf, pat, patlen);
	buf[patlen] = '\0';
	memcpy(buf + patlen + 1, text, textlen);
	buf[patlen + 1 + textlen] = '\0';
	r->pattern = buf;
	r->text = buf + patlen + 1;
	r->origin = p->origin;
	r->line = ps->lineno;
	p->rules[p->nrules++] = *r;
	return (0);

nomem:
	return (policy_error(ps, 1, "out of memory"));
}

/* Parses one line, without its end; blank and comment lines add nothing. */
static int
policy_parse_line(struct policy_parse *ps, const char *s, size_t len)
{
	struct policy_rule r;
	struct policy_tok pat;
	size_t pos = 0, patlen, textend;

	if (len > POLICY_LINE_MAX)
		return (policy_error(ps, POLICY_LINE_MAX + 1,
		    "expected a line of at most %u bytes, got %zu",
		    POLICY_LINE_MAX, len));
	if (policy_check_bytes(ps, s, len) != 0)
		return (-1);
	if (!policy_next_tok(s, len, &pos, &pat))
		return (0);
	memset(&r, 0, sizeof(r));
	if (policy_parse_pattern(ps, &pat, &r, &patlen) != 0)
		return (-1);
	textend = (size_t)(pat.s - s) + pat.len;
	if (policy_parse_labels(ps, s, len, &pos, &pat, &r, &textend) != 0)
		return (-1);
	return (policy_add_rule(ps, &r, pat.s, patlen, pat.s,
	    textend - (size_t)(pat.s - s)));
}

/* Splits the text into lines (LF or CRLF ends) and parses each. */
static int
policy_parse_text(struct policy_parse *ps, const char *text, size_t len)
{
	const char *nl, *s = text, *end = text + len;
	size_t n;

	while (s < end) {
		ps->lineno++;
		nl = memchr(s, '\n', (size_t)(end - s));
		n = nl ? (size_t)(nl - s) : (size_t)(end - s);
		if (n > 0 && s[n - 1] == '\r')
			n--;
		if (policy_parse_line(ps, s, n) != 0)
			return (-1);
		if (nl == NULL)
			break;
		s = nl + 1;
	}
	if (ps->p->nrules == 0) {
		snprintf(ps->errbuf, PW_ERRBUF_SIZE, "%s: expected at least "
		    "one rule, got only blank lines and comments",
		    ps->p->origin);
		return (-1);
	}
	return (0);
}

struct policy *
policy_load_mem(const void *text, size_t len, const char *origin,
    char *errbuf)
{
	struct policy_parse ps;
	struct policy *p;
	uint8_t d[SHA256_LEN];

	if (len > POLICY_FILE_MAX) {
		snprintf(errbuf, PW_ERRBUF_SIZE, "%s: expected at most %u "
		    "bytes, got %zu", origin, POLICY_FILE_MAX, len);
		return (NULL);
	}
	if ((p = calloc(1, sizeof(*p))) == NULL ||
	    (p->origin = strdup(origin)) == NULL ||
	    (p->text = malloc(len + 1)) == NULL) {
		snprintf(errbuf, PW_ERRBUF_SIZE, "%s: out of memory", origin);
		policy_free(p);
		return (NULL);
	}
	memcpy(p->text, text, len);
	p->text[len] = '\0';
	p->textlen = len;
	sha256_buf(p->text, len, d);
	sha256_hex(d, p->sha);
	memset(&ps, 0, sizeof(ps));
	ps.p = p;
	ps.errbuf = errbuf;
	if (policy_parse_text(&ps, p->text, len) != 0) {
		policy_free(p);
		return (NULL);
	}
	return (p);
}

struct policy *
policy_load_text(const char *text, const char *origin, char *errbuf)
{
	return (policy_load_mem(text, strlen(text), origin, errbuf));
}

struct policy *
policy_load_file(const char *path, char *errbuf)
{
	struct policy *p = NULL;
	char *buf = NULL, *nb;
	size_t len = 0, cap = 0, n;
	FILE *f;

	if ((f = fopen(path, "rb")) == NULL) {
		snprintf(errbuf, PW_ERRBUF_SIZE, "%s: open: %s", path,
		    strerror(errno));
		return (NULL);
	}
	for (;;) {
		if (len == cap) {
			cap = cap ? cap * 2 : 8192;
			if ((nb = realloc(buf, cap)) == NULL) {
				snprintf(errbuf, PW_ERRBUF_SIZE,
				    "%s: out of memory", path);
				goto out;
			}
			buf = nb;
		}
		if ((n = fread(buf + len, 1, cap - len, f)) == 0)
			break;
		len += n;
		/* One byte past the cap is enough to refuse the file. */
		if (len > POLICY_FILE_MAX)
			break;
	}
	if (ferror(f)) {
		snprintf(errbuf, PW_ERRBUF_SIZE, "%s: read: %s", path,
		    strerror(errno));
		goto out;
	}
	p = policy_load_mem(buf, len, path, errbuf);
out:
	fclose(f);
	free(buf);
	return (p);
}

void
policy_free(struct policy *p)
{
	size_t i;

	if (p == NULL)
		return;
	for (i = 0; i < p->nrules; i++)
		free((char *)p->rules[i].pattern);
	free(p->rules);
	free(p->text);
	free(p->origin);
	free(p);
}

static unsigned char
policy_lower(unsigned char c)
{
	return (c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c);
}

/*
 * Glob match, ASCII case-insensitive.  On a mismatch after a '*', the '*'
 * takes one more byte and matching resumes: at most len(g) * len(s) steps.
 */
static bool
policy_glob(const char *g, size_t gl, const char *s, size_t sl)
{
	size_t gi = 0, si = 0, star = SIZE_MAX, mark = 0;

	while (si < sl) {
		if (gi < gl && g[gi] == '*') {
			star = gi++;
			mark = si;
		} else if (gi < gl && (g[gi] == '?' ||
		    policy_lower((unsigned char)g[gi]) ==
		    policy_lower((unsigned char)s[si]))) {
			gi++;
			si++;
		} else if (star != SIZE_MAX) {
			gi = star + 1;
			si = ++mark;
		} else
			return (false);
	}
	while (gi < gl && g[gi] == '*')
		gi++;
	return (gi == gl);
}

/* Whether one rule matches the flow. */
static bool
policy_rule_matches(const struct policy_rule *r, const char *name,
    size_t namelen, const struct addr *dst)
{
	switch (r->kind) {
	case POLICY_ANY:
		return (true);
	case POLICY_NAME:
		return (namelen > 0 && policy_glob(r->pattern,
		    strlen(r->pattern), name, namelen));
	case POLICY_CIDR:
		return (dst != NULL &&
		    policy_in_prefix(dst, &r->net, r->prefixlen));
	}
	return (false);
}

const struct policy_rule *
policy_match(const struct policy *p, const char *name, size_t namelen,
    const struct addr *dst)
{
	size_t i;

	if (name == NULL)
		namelen = 0;
	if (namelen > 0 && name[namelen - 1] == '.')
		namelen--;
	for (i = 0; i < p->nrules; i++)
		if (policy_rule_matches(&p->rules[i], name, namelen, dst))
			return (&p->rules[i]);
	return (NULL);
}

bool
policy_rule_allows(const struct policy_rule *r, enum label l)
{
	if (l <= LABEL_NONE || l >= LABEL_COUNT)
		return (false);
	return ((r->allowed & (1u << l)) != 0);
}

const char *
policy_rule_where(const struct policy_rule *r, char *buf, size_t len)
{
	snprintf(buf, len, "%s:%u", r->origin, r->line);
	return (buf);
}

const char *
policy_rule_allowed_names(const struct policy_rule *r, char *buf,
    size_t len)
{
	size_t used = 0;
	int l, n;

	if (len == 0)
		return (buf);
	buf[0] = '\0';
	for (l = LABEL_LOCAL; l < LABEL_COUNT; l++) {
		if (!(r->allowed & (1u << l)))
			continue;
		n = snprintf(buf + used, len - used, "%s%s",
		    used ? ", " : "", label_name((enum label)l));
		if (n < 0 || (size_t)n >= len - used) {
			/* Whole names only: drop the part that was cut. */
			buf[used] = '\0';
			break;
		}
		used += (size_t)n;
	}
	if (r->allowed == 0)
		snprintf(buf, len, "no label");
	return (buf);
}

const char *
policy_violation_detail(const struct policy_rule *r, enum label l,
    char *buf, size_t len)
{
	snprintf(buf, len, "%s is not allowed by rule %s:%u (%s)",
	    label_name(l), r->origin, r->line, r->text);
	return (buf);
}

size_t
policy_count(const struct policy *p)
{
	return (p->nrules);
}

const struct policy_rule *
policy_rule_at(const struct policy *p, size_t i)
{
	return (i < p->nrules ? &p->rules[i] : NULL);
}

const char *
policy_origin(const struct policy *p)
{
	return (p->origin);
}

const char *
policy_text(const struct policy *p)
{
	return (p->text);
}

size_t
policy_text_len(const struct policy *p)
{
	return (p->textlen);
}

const char *
policy_sha256(const struct policy *p)
{
	return (p->sha);
}
