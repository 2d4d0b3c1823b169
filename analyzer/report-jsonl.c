#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report-int.h"

/*
 * report-jsonl.c: a small JSON reader (RFC 8259) for the JSON Lines that
 * `pathwatch report` merges.  Input is untrusted: the line, the number of
 * values, the nesting depth and every string are bounded; strings decode
 * into one buffer no larger than the line.  \u0080..\u00ff decode to the
 * single byte, the way out-json.c writes a byte that is not UTF-8.
 */

struct rl_cur {
	const char	*s;
	size_t		 len, pos;
	struct report_jdoc *d;
	char		*err;
};

static int	rl_value(struct rl_cur *, int depth);

static int
rl_fail(struct rl_cur *c, const char *what)
{
	snprintf(c->err, 128, "%s at byte %zu", what, c->pos + 1);
	return (-1);
}

static void
rl_ws(struct rl_cur *c)
{
	while (c->pos < c->len && (c->s[c->pos] == ' ' ||
	    c->s[c->pos] == '\t' || c->s[c->pos] == '\r' ||
	    c->s[c->pos] == '\n'))
		c->pos++;
}

static int
rl_node(struct rl_cur *c, enum report_jv_type t)
{
	struct report_jv *v;

	if (c->d->nnodes == REPORT_JSONL_NODES_MAX)
		return (rl_fail(c, "too many values"));
	v = &c->d->nodes[c->d->nnodes];
	memset(v, 0, sizeof(*v));
	v->type = t;
	v->child = v->next = -1;
	return (c->d->nnodes++);
}

static int
rl_hex4(struct rl_cur *c, unsigned *out)
{
	unsigned i, v = 0;
	char ch;

	if (c->len - c->pos < 4)
		return (rl_fail(c, "short \\u escape"));
	for (i = 0; i < 4; i++) {
		ch = c->s[c->pos + i];
		v <<= 4;
		if (ch >= '0' && ch <= '9')
			v |= (unsigned)(ch - '0');
		else if (ch >= 'a' && ch <= 'f')
			v |= (unsigned)(ch - 'a' + 10);
		else if (ch >= 'A' && ch <= 'F')
			v |= (unsigned)(ch - 'A' + 10);
		else
			return (rl_fail(c, "bad \\u escape"));
	}
	c->pos += 4;
	*out = v;
	return (0);
}

/* Appends code point u as UTF-8 (or, below U+0100 and above 0x7f, the
 * byte itself: see the module comment). */
static void
rl_put_cp(struct report_jdoc *d, unsigned u)
{
	char *o = d->strbuf + d->strused;

	if (u < 0x100) {
		o[0] = (char)u;
		d->strused += 1;
	} else if (u < 0x800) {
		o[0] = (char)(0xc0 | (u >> 6));
		o[1] = (char)(0x80 | (u & 0x3f));
		d->strused += 2;
	} else if (u < 0x10000) {
		o[0] = (char)(0xe0 | (u >> 12));
		o[1] = (char)(0x80 | ((u >> 6) & 0x3f));
		o[2] = (char)(0x80 | (u & 0x3f));
		d->strused += 3;
	} else {
		o[0] = (char)(0xf0 | (u >> 18));
		o[1] = (char)(0x80 | ((u >> 12) & 0x3f));
		o[2] = (char)(0x80 | ((u >> 6) & 0x3f));
		o[3] = (char)(0x80 | (u & 0x3f));
		d->strused += 4;
	}
}

static int
rl_escape(struct rl_cur *c)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	const char *p;
	unsigned u, lo;

	if (c->pos == c->len)
		return (rl_fail(c, "unterminated string"));
	if ((p = memchr(from, c->s[c->pos], sizeof(from) - 1)) != NULL) {
		c->d->strbuf[c->d->strused++] = to[p - from];
		c->pos++;
		return (0);
	}
	if (c->s[c->pos++] != 'u')
		return (rl_fail(c, "bad escape"));
	if (rl_hex4(c, &u) == -1)
		return (-1);
	if (u >= 0xd800 && u < 0xdc00) {	/* RFC 8259 7: a pair */
		if (c->len - c->pos < 2 || c->s[c->pos] != '\\' ||
		    c->s[c->pos + 1] != 'u')
			return (rl_fail(c, "lone surrogate"));
		c->pos += 2;
		if (rl_hex4(c, &lo) == -1)
			return (-1);
		if (lo < 0xdc00 || lo > 0xdfff)
			return (rl_fail(c, "bad surrogate pair"));
		u = 0x10000 + ((u - 0xd800) << 10) + (lo - 0xdc00);
	} else if (u >= 0xdc00 && u < 0xe000)
		return (rl_fail(c, "lone surrogate"));
	rl_put_cp(c->d, u);
	return (0);
}

/* A string at c (after its quote) into the buffer; *s, *len set. */
static int
rl_string(struct rl_cur *c, const char **s, size_t *len)
{
	size_t start = c->d->strused;
	unsigned char ch;

	for (;;) {
		if (c->pos == c->len)
			return (rl_fail(c, "unterminated string"));
		/* The output never outgrows the input: see rl_put_cp. */
		if (c->d->strused + 4 >= c->d->strsize)
			return (rl_fail(c, "string buffer full"));
		ch = (unsigned char)c->s[c->pos++];
		if (ch == '"')
			break;
		if (ch < 0x20)
			return (rl_fail(c, "control byte in string"));
		if (ch == '\\') {
			if (rl_escape(c) == -1)
				return (-1);
		} else
			c->d->strbuf[c->d->strused++] = (char)ch;
	}
	c->d->strbuf[c->d->strused++] = '\0';
	*s = c->d->strbuf + start;
	*len = c->d->strused - start - 1;
	return (0);
}

static int
rl_number(struct rl_cur *c, int ix)
{
	char buf[64];
	size_t n = 0;
	char *end;

	while (c->pos < c->len && n < sizeof(buf) - 1 &&
	    strchr("+-0123456789.eE", c->s[c->pos]) != NULL &&
	    c->s[c->pos] != '\0')
		buf[n++] = c->s[c->pos++];
	buf[n] = '\0';
	c->d->nodes[ix].num = strtod(buf, &end);
	if (n == 0 || *end != '\0')
		return (rl_fail(c, "bad number"));
	return (0);
}

static int
rl_word(struct rl_cur *c, const char *w)
{
	size_t n = strlen(w);

	if (c->len - c->pos < n || memcmp(c->s + c->pos, w, n) != 0)
		return (rl_fail(c, "unexpected word"));
	c->pos += n;
	return (0);
}

/* Links item after *last under parent ix. */
static void
rl_link(struct report_jdoc *d, int ix, int *last, int item)
{
	if (*last < 0)
		d->nodes[ix].child = item;
	else
		d->nodes[*last].next = item;
	*last = item;
}

static int
rl_container(struct rl_cur *c, int depth, bool obj)
{
	int ix = rl_node(c, obj ? REPORT_JV_OBJ : REPORT_JV_ARR), last = -1;
	int item;
	const char *key = NULL;
	size_t keylen = 0;

	if (ix < 0)
		return (-1);
	c->pos++;
	rl_ws(c);
	if (c->pos < c->len && c->s[c->pos] == (obj ? '}' : ']')) {
		c->pos++;
		return (ix);
	}
	for (;;) {
		rl_ws(c);
		if (obj) {
			if (c->pos == c->len || c->s[c->pos] != '"')
				return (rl_fail(c, "expected a key"));
			c->pos++;
			if (rl_string(c, &key, &keylen) == -1)
				return (-1);
			rl_ws(c);
			if (c->pos == c->len || c->s[c->pos++] != ':')
				return (rl_fail(c, "expected ':'"));
		}
		if ((item = rl_value(c, depth + 1)) < 0)
			return (-1);
		c->d->nodes[item].key = key;
		c->d->nodes[item].keylen = keylen;
		rl_link(c->d, ix, &last, item);
		rl_ws(c);
		if (c->pos == c->len)
			return (rl_fail(c, "unterminated container"));
		if (c->s[c->pos] == ',') {
			c->pos++;
			continue;
		}
		if (c->s[c->pos++] != (obj ? '}' : ']'))
			return (rl_fail(c, "expected ',' or the end"));
		return (ix);
	}
}

/* One value at c; its node index, or -1. */
static int
rl_value(struct rl_cur *c, int depth)
{
	int ix;

	if (depth > REPORT_JSONL_DEPTH_MAX)
		return (rl_fail(c, "nested too deep"));
	rl_ws(c);
	if (c->pos == c->len)
		return (rl_fail(c, "expected a value"));
	switch (c->s[c->pos]) {
	case '{':
		return (rl_container(c, depth, true));
	case '[':
		return (rl_container(c, depth, false));
	case '"':
		if ((ix = rl_node(c, REPORT_JV_STR)) < 0)
			return (-1);
		c->pos++;
		return (rl_string(c, &c->d->nodes[ix].s,
		    &c->d->nodes[ix].len) == -1 ? -1 : ix);
	case 't':
	case 'f':
		if ((ix = rl_node(c, REPORT_JV_BOOL)) < 0)
			return (-1);
		c->d->nodes[ix].b = c->s[c->pos] == 't';
		return (rl_word(c, c->s[c->pos] == 't' ? "true" : "false") ==
		    -1 ? -1 : ix);
	case 'n':
		if ((ix = rl_node(c, REPORT_JV_NULL)) < 0)
			return (-1);
		return (rl_word(c, "null") == -1 ? -1 : ix);
	default:
		if ((ix = rl_node(c, REPORT_JV_NUM)) < 0)
			return (-1);
		return (rl_number(c, ix) == -1 ? -1 : ix);
	}
}

int
report_jsonl_parse(struct report_jdoc *d, const char *line, size_t len,
    char *err)
{
	struct rl_cur c = { line, len, 0, d, err };
	int root;

	if (len > REPORT_JSONL_LINE_MAX) {
		snprintf(err, 128, "line longer than %u bytes",
		    REPORT_JSONL_LINE_MAX);
		return (-1);
	}
	if (d->strsize < len + 8) {
		char *b = realloc(d->strbuf, len + 8);

		if (b == NULL) {
			snprintf(err, 128, "out of memory");
			return (-1);
		}
		d->strbuf = b;
		d->strsize = len + 8;
	}
	d->nnodes = 0;
	d->strused = 0;
	if ((root = rl_value(&c, 0)) < 0)
		return (-1);
	rl_ws(&c);
	if (c.pos != len)
		return (rl_fail(&c, "text after the value"));
	if (d->nodes[root].type != REPORT_JV_OBJ) {
		snprintf(err, 128, "a line must hold an object");
		return (-1);
	}
	return (0);
}

const struct report_jv *
report_jv_get(const struct report_jdoc *d, const struct report_jv *o,
    const char *key)
{
	size_t n = strlen(key);
	int i;

	if (o == NULL || o->type != REPORT_JV_OBJ)
		return (NULL);
	for (i = o->child; i >= 0; i = d->nodes[i].next)
		if (d->nodes[i].keylen == n &&
		    memcmp(d->nodes[i].key, key, n) == 0)
			return (&d->nodes[i]);
	return (NULL);
}

const char *
report_jv_str(const struct report_jdoc *d, const struct report_jv *o,
    const char *key, size_t *len)
{
	const struct report_jv *v = report_jv_get(d, o, key);

	if (v == NULL || v->type != REPORT_JV_STR) {
		if (len != NULL)
			*len = 0;
		return (NULL);
	}
	if (len != NULL)
		*len = v->len;
	return (v->s);
}

uint64_t
report_jv_u64(const struct report_jdoc *d, const struct report_jv *o,
    const char *key)
{
	const struct report_jv *v = report_jv_get(d, o, key);

	if (v == NULL || v->type != REPORT_JV_NUM || !(v->num >= 0) ||
	    v->num > 18446744073709549568.0)
		return (0);
	return ((uint64_t)v->num);
}

bool
report_jv_bool(const struct report_jdoc *d, const struct report_jv *o,
    const char *key)
{
	const struct report_jv *v = report_jv_get(d, o, key);

	return (v != NULL && v->type == REPORT_JV_BOOL && v->b);
}

static bool
rl_digits(const char *s, size_t n, unsigned *out)
{
	size_t i;

	*out = 0;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return (false);
		*out = *out * 10 + (unsigned)(s[i] - '0');
	}
	return (true);
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian). */
static int64_t
rl_days(int64_t y, unsigned m, unsigned d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (era * 146097 + doe - 719468);
}

uint64_t
report_parse_time(const char *s, size_t len)
{
	unsigned y, mo, d, h, mi, sec, us = 0, i;
	int64_t days;

	if (s == NULL || len < 20 || s[4] != '-' || s[7] != '-' ||
	    s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[len - 1] != 'Z')
		return (0);
	if (!rl_digits(s, 4, &y) || !rl_digits(s + 5, 2, &mo) ||
	    !rl_digits(s + 8, 2, &d) || !rl_digits(s + 11, 2, &h) ||
	    !rl_digits(s + 14, 2, &mi) || !rl_digits(s + 17, 2, &sec))
		return (0);
	if (len > 20) {
		if (s[19] != '.' || len - 21 > 6 || len < 22 ||
		    !rl_digits(s + 20, len - 21, &us))
			return (0);
		for (i = (unsigned)(len - 21); i < 6; i++)
			us *= 10;
	}
	if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 ||
	    mi > 59 || sec > 60)
		return (0);
	days = rl_days(y, mo, d);
	return ((uint64_t)((days * 86400 + h * 3600 + mi * 60 + sec)) *
	    1000000 + us);
}
