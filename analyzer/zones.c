#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "compat.h"
#include "filters-data.h"
#include "textfile.h"
#include "zones.h"

/*
 * zones.c: the private-link zone table: parsing the text format of
 * filters/zones.txt (documented at the top of that file) and matching DNS
 * names against it.  Names are compared label by label from the right,
 * ignoring ASCII case.  Patterns are indexed in a hash table by their
 * literal suffix (the labels right of any placeholder): a lookup hashes
 * each suffix of the name once, from the right, and compares only the
 * patterns that share one.  It does not decide labels (label.c) or findings.
 */

#define ZONES_LABELS_MAX	32	/* labels in one zone pattern */
#define ZONES_NAME_LABELS	128	/* labels in a 255-byte DNS name */
#define ZONES_NAME_MAX		255	/* RFC 1035 section 2.3.4 */
#define ZONES_LABEL_MAX		63
#define ZONES_ENTRIES_MAX	4096
#define ZONES_FILE_MAX		(4u << 20)
#define ZONES_PH		0xff	/* label length marking a placeholder */

/* One label of a pattern, by offset into the pattern text. */
struct zones_label {
	uint8_t		off;
	uint8_t		len;		/* ZONES_PH for a placeholder */
};

/* One zone name of the table (a private-link or a public zone). */
struct zones_pat {
	const char	*text;		/* literals lower case, no final dot */
	const char	*key;		/* literal suffix, inside text */
	size_t		 keylen;
	uint32_t	 hash;		/* of key, see zones_hash_step() */
	const struct zone *zone;
	size_t		 zidx;		/* index of zone while parsing */
	size_t		 order;		/* position in the file */
	bool		 privatelink;
	uint8_t		 nlabels;
	uint8_t		 nph;		/* placeholders */
	struct zones_label lab[ZONES_LABELS_MAX];	/* rightmost first */
};

struct zones {
	struct zone	*z;
	size_t		 nz;
	struct zones_pat *pats;		/* sorted by key, then order */
	size_t		 npats;
	struct zones_slot *slots;	/* hash table of keys, 2^k slots */
	size_t		 nslots;
	char		*source;
};

/* One key of the hash table: the run of patterns that share it. */
struct zones_slot {
	uint32_t	 hash;
	uint32_t	 first;		/* index into pats */
	uint32_t	 count;		/* 0 for an empty slot */
};

/* A name split into labels, rightmost first. */
struct zones_name {
	const char	*s;
	size_t		 len;
	size_t		 n;
	uint16_t	 off[ZONES_NAME_LABELS];
	uint8_t		 llen[ZONES_NAME_LABELS];
};

static const char *const zones_no_publics[] = { NULL };
static const struct zone zones_generic[] = {
	{ "privatelink.*", zones_no_publics, "unknown service" },
	{ "privatelink-global.*", zones_no_publics, "unknown service" },
};
static const char *const zones_placeholders[] = {
	"{regionName}", "{regionCode}", "{partitionId}", "{dnsPrefix}",
	"{subzone}",
};

static int
zones_lower(int c)
{
	return (c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
}

/* FNV-1a, one lower-cased byte at a time, fed from the right. */
static uint32_t
zones_hash_step(uint32_t h, int c)
{
	return ((h ^ (uint32_t)zones_lower(c)) * 16777619u);
}

#define ZONES_HASH_INIT	2166136261u

static bool
zones_is_ldh(int c)
{
	return ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '-');
}

/* Case-insensitive equality of a name's bytes and a lower-case label. */
static bool
zones_label_eq(const char *s, size_t len, const char *lower, size_t llen)
{
	size_t i;

	if (len != llen)
		return (false);
	for (i = 0; i < len; i++)
		if (zones_lower((unsigned char)s[i]) != lower[i])
			return (false);
	return (true);
}

void
zones_free(struct zones *zs)
{
	size_t i, j;

	if (zs == NULL)
		return;
	for (i = 0; i < zs->nz; i++) {
		free((char *)zs->z[i].privatelink);
		for (j = 0; zs->z[i].publics[j] != NULL; j++)
			free((char *)zs->z[i].publics[j]);
		free((char **)zs->z[i].publics);
		free((char *)zs->z[i].service);
	}
	free(zs->z);
	free(zs->pats);
	free(zs->slots);
	free(zs->source);
	free(zs);
}

size_t
zones_count(const struct zones *zs)
{
	return (zs->nz);
}

const struct zone *
zones_at(const struct zones *zs, size_t i)
{
	return (i < zs->nz ? &zs->z[i] : NULL);
}

const char *
zones_source(const struct zones *zs)
{
	return (zs->source);
}

/* 0 when [s, s + len) is one of the placeholders, ignoring case. */
static int
zones_placeholder(const char *s, size_t len)
{
	size_t k;

	for (k = 0; k < nitems(zones_placeholders); k++)
		if (strlen(zones_placeholders[k]) == len &&
		    strncasecmp(zones_placeholders[k], s, len) == 0)
			return (0);
	return (-1);
}

/*
 * Checks one zone name from the file and splits it into p's labels:
 * letters, digits, hyphens, or one of the placeholders; at least two
 * labels, the last two literal.  Fills why and returns -1 when bad.
 */
static int
zones_compile(struct zones_pat *p, char *text, char *why, size_t whylen)
{
	size_t len = strlen(text), start, i, k, n = 0;
	struct zones_label tmp[ZONES_LABELS_MAX];
	const char *lab;
	bool ph;

	if (len == 0 || len > ZONES_NAME_MAX) {
		snprintf(why, whylen, "zone name of bad length");
		return (-1);
	}
	for (start = 0; start <= len; start = i + 1) {
		for (i = start; i < len && text[i] != '.'; i++)
			;
		lab = text + start;
		if (i == start || i - start > ZONES_LABEL_MAX ||
		    n == ZONES_LABELS_MAX) {
			snprintf(why, whylen, "bad zone name \"%.100s\"", text);
			return (-1);
		}
		ph = lab[0] == '{';
		for (k = 0; k < i - start && !ph; k++) {
			if (!zones_is_ldh((unsigned char)lab[k]))
				break;
			text[start + k] = (char)zones_lower(
			    (unsigned char)lab[k]);
		}
		if (!ph && k < i - start) {
			snprintf(why, whylen, "bad zone name \"%.100s\"", text);
			return (-1);
		}
		if (ph && zones_placeholder(lab, i - start) != 0) {
			snprintf(why, whylen, "unknown placeholder \"%.*s\"",
			    (int)PW_MIN(i - start, 60), lab);
			return (-1);
		}
		tmp[n].off = (uint8_t)start;
		tmp[n].len = ph ? ZONES_PH : (uint8_t)(i - start);
		n++;
	}
	if (n < 2 || tmp[n - 1].len == ZONES_PH || tmp[n - 2].len == ZONES_PH) {
		snprintf(why, whylen, "zone \"%.100s\" needs two literal "
		    "labels at the right", text);
		return (-1);
	}

	p->text = text;
	p->nlabels = (uint8_t)n;
	p->nph = 0;
	for (i = 0; i < n; i++) {
		p->lab[i] = tmp[n - 1 - i];
		p->nph += p->lab[i].len == ZONES_PH;
	}
	for (k = 0; k < n && p->lab[k].len != ZONES_PH; k++)
		;
	p->key = text + p->lab[k - 1].off;
	p->keylen = len - p->lab[k - 1].off;
	p->hash = ZONES_HASH_INIT;
	for (i = p->keylen; i > 0; i--)
		p->hash = zones_hash_step(p->hash, (unsigned char)p->key[i - 1]);
	return (0);
}

/* True when the pattern has a label "privatelink" or "privatelink-global". */
static bool
zones_pat_has_pl_label(const struct zones_pat *p)
{
	size_t i;

	for (i = 0; i < p->nlabels; i++) {
		if (p->lab[i].len == ZONES_PH)
			continue;
		if (zones_label_eq(p->text + p->lab[i].off, p->lab[i].len,
		    "privatelink", 11) ||
		    zones_label_eq(p->text + p->lab[i].off, p->lab[i].len,
		    "privatelink-global", 18))
			return (true);
	}
	return (false);
}

/* State while reading a table. */
struct zones_parse {
	struct zones	*zs;
	size_t		 capz, capp;
	size_t		 lineno;
	size_t		*zline;		/* line of each zone, for duplicates */
	char		 date[11];	/* "as of YYYY-MM-DD" in the header */
};

/* Splits off the next white-space separated token of [*s, end). */
static char *
zones_token(char **s, char *end)
{
	char *t;

	while (*s < end && (**s == ' ' || **s == '\t'))
		(*s)++;
	if (*s == end)
		return (NULL);
	t = *s;
	while (*s < end && **s != ' ' && **s != '\t')
		(*s)++;
	if (*s < end)
		*(*s)++ = '\0';
	else
		**s = '\0';
	return (t);
}

/* Trims spaces and tabs at both ends of [s, s + len) in place. */
static char *
zones_trim(char *s, size_t len)
{
	while (len > 0 && (*s == ' ' || *s == '\t' || *s == '\r')) {
		s++;
		len--;
	}
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t' ||
	    s[len - 1] == '\r'))
		len--;
	s[len] = '\0';
	return (s);
}

/* Remembers the "as of YYYY-MM-DD" of a header comment. */
static void
zones_note_date(struct zones_parse *zp, const char *comment)
{
	const char *d = strstr(comment, "as of ");
	size_t i;

	if (zp->date[0] != '\0' || d == NULL)
		return;
	d += 6;
	for (i = 0; i < 10; i++) {
		if (i == 4 || i == 7) {
			if (d[i] != '-')
				return;
		} else if (d[i] < '0' || d[i] > '9')
			return;
	}
	memcpy(zp->date, d, 10);
	zp->date[10] = '\0';
}

/* Makes room for one more zone and the patterns of a line. */
static int
zones_grow(struct zones_parse *zp, size_t npats, char *why, size_t whylen)
{
	struct zones *zs = zp->zs;
	void *nz, *nl, *np;
	size_t c;

	if (zs->nz == ZONES_ENTRIES_MAX) {
		snprintf(why, whylen, "more than %d zones", ZONES_ENTRIES_MAX);
		return (-1);
	}
	if (zs->nz == zp->capz) {
		c = zp->capz ? zp->capz * 2 : 64;
		nz = realloc(zs->z, c * sizeof(*zs->z));
		if (nz != NULL)
			zs->z = nz;
		nl = realloc(zp->zline, c * sizeof(*zp->zline));
		if (nl != NULL)
			zp->zline = nl;
		if (nz == NULL || nl == NULL)
			goto oom;
		zp->capz = c;
	}
	if (zs->npats + npats > zp->capp) {
		c = PW_MAX(zp->capp * 2, zs->npats + npats + 64);
		if ((np = realloc(zs->pats, c * sizeof(*zs->pats))) == NULL)
			goto oom;
		zs->pats = np;
		zp->capp = c;
	}
	return (0);
oom:
	snprintf(why, whylen, "out of memory");
	return (-1);
}

/* Frees a zone that was being built and did not make it into the table. */
static void
zones_drop(struct zone *z)
{
	size_t j;

	free((char *)z->privatelink);
	for (j = 0; z->publics != NULL && z->publics[j] != NULL; j++)
		free((char *)z->publics[j]);
	free((char **)z->publics);
	free((char *)z->service);
	memset(z, 0, sizeof(*z));
}

/* Rejects a private-link zone that an earlier line already has. */
static int
zones_check_dup(struct zones_parse *zp, const char *pl, char *why,
    size_t whylen)
{
	size_t i;

	for (i = 0; i < zp->zs->nz; i++) {
		if (strcasecmp(zp->zs->z[i].privatelink, pl) == 0) {
			snprintf(why, whylen, "%.100s is already on line %zu",
			    pl, zp->zline[i]);
			return (-1);
		}
	}
	return (0);
}

/*
 * Adds the zone of one entry line (the comment already cut off): the
 * private-link zone, then its public zones.
 */
static int
zones_add_line(struct zones_parse *zp, char *s, char *end,
    const char *service, char *why, size_t whylen)
{
	struct zones *zs = zp->zs;
	struct zone *z;
	struct zones_pat *p;
	char *tok[ZONES_LABELS_MAX + 1];
	size_t ntok = 0, i, base = zs->npats;
	char **pubs;

	while (ntok < nitems(tok) && (tok[ntok] = zones_token(&s, end)) != NULL)
		ntok++;
	if (ntok == nitems(tok)) {
		snprintf(why, whylen, "too many public zones");
		return (-1);
	}
	if (ntok < 2) {
		snprintf(why, whylen, "%.100s shadows no public zone", tok[0]);
		return (-1);
	}
	if (zones_grow(zp, ntok, why, whylen) != 0)
		return (-1);

	z = &zs->z[zs->nz];
	memset(z, 0, sizeof(*z));
	pubs = calloc(ntok, sizeof(*pubs));
	z->publics = (const char *const *)pubs;
	z->privatelink = strdup(tok[0]);
	z->service = strdup(*service != '\0' ? service : tok[0]);
	for (i = 1; i < ntok && pubs != NULL; i++)
		if ((pubs[i - 1] = strdup(tok[i])) == NULL)
			break;
	if (pubs == NULL || i < ntok || z->privatelink == NULL ||
	    z->service == NULL) {
		snprintf(why, whylen, "out of memory");
		goto fail;
	}
	for (i = 0; i < ntok; i++) {
		p = &zs->pats[base + i];
		memset(p, 0, sizeof(*p));
		if (zones_compile(p, i == 0 ? (char *)z->privatelink :
		    pubs[i - 1], why, whylen) != 0)
			goto fail;
		p->privatelink = i == 0;
		p->zidx = zs->nz;	/* zone set once zs->z stops moving */
		p->order = base + i;
	}
	if (!zones_pat_has_pl_label(&zs->pats[base])) {
		snprintf(why, whylen, "%.100s has no label \"privatelink\"",
		    z->privatelink);
		goto fail;
	}
	if (zones_check_dup(zp, z->privatelink, why, whylen) != 0)
		goto fail;
	zp->zline[zs->nz] = zp->lineno;
	zs->nz++;
	zs->npats += ntok;
	return (0);
fail:
	zones_drop(z);
	return (-1);
}

/* Parses one line: a comment, a blank line, or an entry. */
static int
zones_parse_line(struct zones_parse *zp, char *s, size_t len, char *why,
    size_t whylen)
{
	const char *service = "";
	char *hash, *end;

	hash = memchr(s, '#', len);
	if (hash != NULL) {
		*hash = '\0';
		service = zones_trim(hash + 1, len - (size_t)(hash - s) - 1);
		len = (size_t)(hash - s);
	}
	s = zones_trim(s, len);
	if (*s == '\0') {
		if (zp->zs->nz == 0)
			zones_note_date(zp, service);
		return (0);
	}
	end = s + strlen(s);
	return (zones_add_line(zp, s, end, service, why, whylen));
}

/* Orders two patterns by key alone. */
static int
zones_pat_cmp_key(const struct zones_pat *x, const struct zones_pat *y)
{
	size_t n = PW_MIN(x->keylen, y->keylen);
	int c = memcmp(x->key, y->key, n);

	if (c != 0)
		return (c);
	if (x->keylen != y->keylen)
		return (x->keylen < y->keylen ? -1 : 1);
	return (0);
}

/* Orders patterns by key, then by position in the file. */
static int
zones_pat_cmp(const void *a, const void *b)
{
	const struct zones_pat *x = a, *y = b;
	int c = zones_pat_cmp_key(x, y);

	if (c != 0)
		return (c);
	return (x->order < y->order ? -1 : x->order > y->order);
}

/*
 * Points each pattern at its zone, now that zs->z is final, sorts them so
 * that patterns with one key are adjacent, and builds the hash table of
 * keys (at most half full).
 */
static int
zones_index(struct zones *zs)
{
	struct zones_slot *sl;
	size_t i, j, mask;

	for (i = 0; i < zs->npats; i++)
		zs->pats[i].zone = &zs->z[zs->pats[i].zidx];
	qsort(zs->pats, zs->npats, sizeof(*zs->pats), zones_pat_cmp);
	for (zs->nslots = 16; zs->nslots < 2 * zs->npats; zs->nslots *= 2)
		;
	if ((zs->slots = calloc(zs->nslots, sizeof(*zs->slots))) == NULL)
		return (-1);
	mask = zs->nslots - 1;
	for (i = 0; i < zs->npats; i = j) {
		for (j = i + 1; j < zs->npats &&
		    zones_pat_cmp_key(&zs->pats[i], &zs->pats[j]) == 0; j++)
			;
		for (sl = &zs->slots[zs->pats[i].hash & mask]; sl->count != 0;
		    sl = &zs->slots[(size_t)(sl - zs->slots + 1) & mask])
			;
		sl->hash = zs->pats[i].hash;
		sl->first = (uint32_t)i;
		sl->count = (uint32_t)(j - i);
	}
	return (0);
}

/*
 * Reads a table from text (modified in place and kept: the zones' strings
 * are copies, the text is freed by the caller).  desc names the table in
 * zones_source(); origin names it in errors.
 */
static struct zones *
zones_parse(char *text, const char *origin, const char *desc, char *errbuf)
{
	struct zones_parse zp;
	char why[PW_ERRBUF_SIZE], src[PW_ERRBUF_SIZE];
	char *s = text, *nl;
	size_t len;

	memset(&zp, 0, sizeof(zp));
	if ((zp.zs = calloc(1, sizeof(*zp.zs))) == NULL) {
		snprintf(errbuf, PW_ERRBUF_SIZE, "%s: out of memory", origin);
		return (NULL);
	}
	while (*s != '\0') {
		zp.lineno++;
		nl = strchr(s, '\n');
		len = nl != NULL ? (size_t)(nl - s) : strlen(s);
		s[len] = '\0';
		if (zones_parse_line(&zp, s, len, why, sizeof(why)) != 0) {
			snprintf(errbuf, PW_ERRBUF_SIZE, "%s:%zu: %.150s",
			    origin, zp.lineno, why);
			goto fail;
		}
		s += len + (nl != NULL);
	}
	if (zp.zs->nz == 0) {
		snprintf(errbuf, PW_ERRBUF_SIZE, "%s: no zones", origin);
		goto fail;
	}
	if (zones_index(zp.zs) != 0) {
		snprintf(errbuf, PW_ERRBUF_SIZE, "%s: out of memory", origin);
		goto fail;
	}
	if (zp.date[0] != '\0')
		snprintf(src, sizeof(src), "%s, as of %s", desc, zp.date);
	else
		snprintf(src, sizeof(src), "%s", desc);
	if ((zp.zs->source = strdup(src)) == NULL) {
		snprintf(errbuf, PW_ERRBUF_SIZE, "%s: out of memory", origin);
		goto fail;
	}
	free(zp.zline);
	return (zp.zs);
fail:
	free(zp.zline);
	zones_free(zp.zs);
	return (NULL);
}

struct zones *
zones_load_default(char *errbuf)
{
	struct zones *zs;
	char *text;

	if ((text = strdup(filters_zones_txt)) == NULL) {
		snprintf(errbuf, PW_ERRBUF_SIZE, "zones: out of memory");
		return (NULL);
	}
	zs = zones_parse(text, "filters/zones.txt (built-in)",
	    "built-in filters/zones.txt", errbuf);
	free(text);
	return (zs);
}
struct zones *
zones_load_file(const char *path, char *errbuf)
{
	struct zones *zs;
	char *text;

	if ((text = textfile_read(path, ZONES_FILE_MAX, errbuf)) == NULL)
		return (NULL);
	zs = zones_parse(text, path, path, errbuf);
	free(text);
	return (zs);
}

/*
 * True when the '.' at pos separates labels: dns.c writes a dot inside a
 * label as "\." (and a backslash as "\\"), so a dot after an odd run of
 * backslashes is part of its label.
 */
static bool
zones_is_separator(const char *name, size_t pos)
{
	size_t n = 0;

	while (n < pos && name[pos - 1 - n] == '\\')
		n++;
	return (n % 2 == 0);
}

/*
 * Splits name into labels from the right, dropping one trailing dot.
 * False for names no zone can match: empty, longer than 255 bytes, or
 * with more labels than a DNS name can have.
 */
static bool
zones_split(struct zones_name *nm, const char *name, size_t len)
{
	size_t end, i;

	if (len > 0 && name[len - 1] == '.')
		len--;
	if (len == 0 || len > ZONES_NAME_MAX)
		return (false);
	nm->s = name;
	nm->len = len;
	nm->n = 0;
	end = len;
	for (i = len; ; i--) {
		if (i == 0 || (name[i - 1] == '.' &&
		    zones_is_separator(name, i - 1))) {
			if (nm->n == ZONES_NAME_LABELS || end - i > 255)
				return (false);
			nm->off[nm->n] = (uint16_t)i;
			nm->llen[nm->n] = (uint8_t)(end - i);
			nm->n++;
			end = i - 1;
		}
		if (i == 0)
			break;
	}
	return (true);
}

/* Whether a name's label can stand for a placeholder: 1-63 LDH bytes. */
static bool
zones_ph_ok(const char *s, size_t len)
{
	size_t i;

	if (len == 0 || len > ZONES_LABEL_MAX)
		return (false);
	for (i = 0; i < len; i++)
		if (!zones_is_ldh((unsigned char)s[i]))
			return (false);
	return (true);
}

/* True when the name's rightmost labels match every label of p. */
static bool
zones_pat_match(const struct zones_pat *p, const struct zones_name *nm)
{
	const char *l;
	size_t i;

	for (i = 0; i < p->nlabels; i++) {
		l = nm->s + nm->off[i];
		if (p->lab[i].len == ZONES_PH) {
			if (!zones_ph_ok(l, nm->llen[i]))
				return (false);
		} else if (!zones_label_eq(l, nm->llen[i],
		    p->text + p->lab[i].off, p->lab[i].len))
			return (false);
	}
	return (true);
}

/* The run of patterns whose key is the name suffix [s, s + len), or NULL. */
static const struct zones_slot *
zones_probe(const struct zones *zs, uint32_t h, const char *s, size_t len)
{
	const struct zones_slot *sl;
	const struct zones_pat *p;
	size_t mask = zs->nslots - 1, i = h & mask;

	for (; (sl = &zs->slots[i])->count != 0; i = (i + 1) & mask) {
		p = &zs->pats[sl->first];
		if (sl->hash == h && zones_label_eq(s, len, p->key, p->keylen))
			return (sl);
	}
	return (NULL);
}

/* Keeps the better of best and p: more labels, fewer placeholders, first. */
static const struct zones_pat *
zones_better(const struct zones_pat *best, const struct zones_pat *p)
{
	if (best == NULL || p->nlabels > best->nlabels)
		return (p);
	if (p->nlabels < best->nlabels)
		return (best);
	if (p->nph != best->nph)
		return (p->nph < best->nph ? p : best);
	return (p->order < best->order ? p : best);
}

/*
 * The best pattern of one kind (private-link or public) for the name:
 * most labels, then fewest placeholders, then first in the file.  A
 * private-link zone matches the name itself or a name under it; a public
 * zone only names strictly under it.  Each suffix of two labels or more
 * is looked up by its hash, grown one byte at a time from the right.
 */
static const struct zones_pat *
zones_best(const struct zones *zs, const struct zones_name *nm, bool pl)
{
	const struct zones_pat *best = NULL, *p;
	const struct zones_slot *sl;
	uint32_t h = ZONES_HASH_INIT, i;
	size_t k, pos = nm->len, start;

	for (k = 0; k < nm->n; k++) {
		start = nm->off[k];
		while (pos > start)
			h = zones_hash_step(h, (unsigned char)nm->s[--pos]);
		if (k == 0 || (sl = zones_probe(zs, h, nm->s + start,
		    nm->len - start)) == NULL)
			continue;
		for (i = 0; i < sl->count; i++) {
			p = &zs->pats[sl->first + i];
			if (p->privatelink != pl || nm->n < p->nlabels ||
			    (!pl && nm->n == p->nlabels))
				continue;
			if (zones_pat_match(p, nm))
				best = zones_better(best, p);
		}
	}
	return (best);
}

const struct zone *
zones_match_privatelink(const struct zones *zs, const char *name,
    size_t len)
{
	const struct zones_pat *p;
	struct zones_name nm;
	const char *l;
	size_t i;

	if (!zones_split(&nm, name, len))
		return (NULL);
	if ((p = zones_best(zs, &nm, true)) != NULL)
		return (p->zone);
	/*
	 * Azure's private endpoint aliases carry the label; one left of the
	 * last two, so "privatelink.com" itself is not taken for one.
	 */
	for (i = 2; i < nm.n; i++) {
		l = nm.s + nm.off[i];
		if (zones_label_eq(l, nm.llen[i], "privatelink", 11))
			return (&zones_generic[0]);
		if (zones_label_eq(l, nm.llen[i], "privatelink-global", 18))
			return (&zones_generic[1]);
	}
	return (NULL);
}

const struct zone *
zones_match_public(const struct zones *zs, const char *name, size_t len)
{
	const struct zones_pat *p;
	struct zones_name nm;

	if (!zones_split(&nm, name, len))
		return (NULL);
	p = zones_best(zs, &nm, false);
	return (p != NULL ? p->zone : NULL);
}

bool
zones_is_regional_endpoint(const char *name, size_t len)
{
	static const char *const tail[] = { "com", "microsoft", "cognitive",
	    "api" };
	struct zones_name nm;
	size_t i;

	if (!zones_split(&nm, name, len) || nm.n != 5)
		return (false);
	for (i = 0; i < nitems(tail); i++)
		if (!zones_label_eq(nm.s + nm.off[i], nm.llen[i], tail[i],
		    strlen(tail[i])))
			return (false);
	return (zones_ph_ok(nm.s + nm.off[4], nm.llen[4]));
}
