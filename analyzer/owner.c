#include <sys/socket.h>
#include <netinet/in.h>

#include <errno.h>
#include <maxminddb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "compat.h"
#include "filters-data.h"
#include "owner.h"
#include "textfile.h"

/*
 * owner.c: who owns a public address, from up to three MaxMind databases
 * (ASN in the GeoLite2-ASN layout, Azure Service Tags as written by
 * tools/servicetags2mmdb, country in the GeoLite2-Country/City layout) and
 * the set of Microsoft AS numbers (filters/microsoft-asns.txt).  Lookups
 * run once per flow and keep nothing; the label itself is label.c's.
 */

#define OWNER_ASNS_MAX	65536

enum owner_kind { OWNER_ASN, OWNER_TAGS, OWNER_COUNTRY, OWNER_NKINDS };

struct owner_mmdb {
	MMDB_s		 db;
	bool		 open;
	char		*path;
};

struct owner_db {
	struct owner_mmdb m[OWNER_NKINDS];
	uint32_t	*asns;		/* Microsoft's, sorted */
	size_t		 nasns;
};

static const char *const owner_kind_name[] = { "an ASN", "a service tags",
    "a country" };

/* Orders AS numbers for qsort and bsearch. */
static int
owner_asn_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x < y ? -1 : x > y);
}

/* Parses "AS8075" or "8075" into *asn; -1 when it is neither. */
static int
owner_parse_asn(const char *s, size_t len, uint32_t *asn)
{
	uint64_t v = 0;
	size_t i = 0;

	if (len >= 2 && (s[0] == 'A' || s[0] == 'a') &&
	    (s[1] == 'S' || s[1] == 's'))
		i = 2;
	if (i == len || len - i > 10)
		return (-1);
	for (; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return (-1);
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	if (v == 0 || v > UINT32_MAX)
		return (-1);
	*asn = (uint32_t)v;
	return (0);
}

/* Reads one line of an AS number list; 1 with *asn, 0 for none, -1. */
static int
owner_asn_line(const char *s, size_t len, uint32_t *asn)
{
	const char *hash = memchr(s, '#', len);
	size_t n;

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
	for (n = 0; n < len && s[n] != ' ' && s[n] != '\t'; n++)
		;
	if (n < len)
		return (-1);
	return (owner_parse_asn(s, len, asn) == 0 ? 1 : -1);
}

/* Fills db's Microsoft AS set from a list in the microsoft-asns format. */
static int
owner_load_asns(struct owner_db *db, const char *text, const char *origin,
    char *errbuf)
{
	const char *p = text, *nl;
	size_t len, lineno = 0, cap = 0;
	uint32_t asn, *nv;
	int r;

	for (; *p != '\0'; p += len + (nl != NULL)) {
		lineno++;
		nl = strchr(p, '\n');
		len = nl != NULL ? (size_t)(nl - p) : strlen(p);
		if ((r = owner_asn_line(p, len, &asn)) == 0)
			continue;
		if (r < 0) {
			snprintf(errbuf, PW_ERRBUF_SIZE, "%s:%zu: bad AS "
			    "number \"%.*s\"", origin, lineno,
			    (int)PW_MIN(len, 40), p);
			return (-1);
		}
		if (db->nasns == cap) {
			cap = cap ? cap * 2 : 64;
			nv = cap > OWNER_ASNS_MAX ? NULL :
			    realloc(db->asns, cap * sizeof(*nv));
			if (nv == NULL) {
				snprintf(errbuf, PW_ERRBUF_SIZE, "%s:%zu: too "
				    "many AS numbers", origin, lineno);
				return (-1);
			}
			db->asns = nv;
		}
		db->asns[db->nasns++] = asn;
	}
	qsort(db->asns, db->nasns, sizeof(*db->asns), owner_asn_cmp);
	return (0);
}

static int
owner_load_asn_file(struct owner_db *db, const char *path, char *errbuf)
{
	char *text;
	int rc;

	if ((text = textfile_read(path, 1 << 20, errbuf)) == NULL)
		return (-1);
	rc = owner_load_asns(db, text, path, errbuf);
	free(text);
	return (rc);
}

/*
 * Rejects a database given in the wrong slot, judged by its
 * database_type: a country database as the ASN one, and so on.
 */
static int
owner_check_type(const struct owner_mmdb *m, enum owner_kind kind,
    char *errbuf)
{
	const char *t = m->db.metadata.database_type;
	bool ok;

	if (t == NULL)
		t = "";
	switch (kind) {
	case OWNER_ASN:
		ok = strstr(t, "ASN") != NULL || (strstr(t, "Country") ==
		    NULL && strstr(t, "City") == NULL &&
		    strstr(t, "ServiceTags") == NULL);
		break;
	case OWNER_TAGS:
		ok = strstr(t, "ServiceTags") != NULL;
		break;
	default:
		ok = strstr(t, "ASN") == NULL &&
		    strstr(t, "ServiceTags") == NULL;
		break;
	}
	if (!ok)
		snprintf(errbuf, PW_ERRBUF_SIZE, "%s: a \"%.40s\" database is "
		    "not %s database", m->path, t, owner_kind_name[kind]);
	return (ok ? 0 : -1);
}

/* Opens one database into its slot. */
static int
owner_open_one(struct owner_db *db, enum owner_kind kind, const char *path,
    char *errbuf)
{
	struct owner_mmdb *m = &db->m[kind];
	int st;

	if (path == NULL)
		return (0);
	if ((m->path = strdup(path)) == NULL) {
		snprintf(errbuf, PW_ERRBUF_SIZE, "%s: out of memory", path);
		return (-1);
	}
	st = MMDB_open(path, MMDB_MODE_MMAP, &m->db);
	if (st != MMDB_SUCCESS) {
		snprintf(errbuf, PW_ERRBUF_SIZE, "%s: %s%s%s", path,
		    MMDB_strerror(st), st == MMDB_IO_ERROR ? ": " : "",
		    st == MMDB_IO_ERROR ? strerror(errno) : "");
		return (-1);
	}
	m->open = true;
	return (owner_check_type(m, kind, errbuf));
}

struct owner_db *
owner_open(const struct owner_paths *paths, char *errbuf)
{
	struct owner_db *db;
	int r;

	if ((db = calloc(1, sizeof(*db))) == NULL) {
		snprintf(errbuf, PW_ERRBUF_SIZE, "owner: out of memory");
		return (NULL);
	}
	if (paths->msft_asns != NULL)
		r = owner_load_asn_file(db, paths->msft_asns, errbuf);
	else
		r = owner_load_asns(db, filters_microsoft_asns_txt,
		    "filters/microsoft-asns.txt (built-in)", errbuf);
	if (r != 0 ||
	    owner_open_one(db, OWNER_ASN, paths->asn_db, errbuf) != 0 ||
	    owner_open_one(db, OWNER_TAGS, paths->tags_db, errbuf) != 0 ||
	    owner_open_one(db, OWNER_COUNTRY, paths->country_db, errbuf) != 0) {
		owner_close(db);
		return (NULL);
	}
	return (db);
}

void
owner_close(struct owner_db *db)
{
	size_t i;

	if (db == NULL)
		return;
	for (i = 0; i < OWNER_NKINDS; i++) {
		if (db->m[i].open)
			MMDB_close(&db->m[i].db);
		free(db->m[i].path);
	}
	free(db->asns);
	free(db);
}

bool
owner_has_asn(const struct owner_db *db)
{
	return (db != NULL && db->m[OWNER_ASN].open);
}

bool
owner_asn_is_microsoft(const struct owner_db *db, uint32_t asn)
{
	if (db == NULL || asn == 0 || db->nasns == 0)
		return (false);
	return (bsearch(&asn, db->asns, db->nasns, sizeof(*db->asns),
	    owner_asn_cmp) != NULL);
}

/* Looks a in one open database; true with *entry when it holds data. */
static bool
owner_find(struct owner_mmdb *m, const struct addr *a, MMDB_entry_s *entry)
{
	struct sockaddr_storage ss;
	struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;
	MMDB_lookup_result_s res;
	int err;

	if (!m->open)
		return (false);
	memset(&ss, 0, sizeof(ss));
	if (a->family == ADDR_V4) {
		s4->sin_family = AF_INET;
		memcpy(&s4->sin_addr, a->b, 4);
	} else if (a->family == ADDR_V6) {
		s6->sin6_family = AF_INET6;
		memcpy(&s6->sin6_addr, a->b, 16);
	} else
		return (false);
	/* An IPv6 address in an IPv4-only database is an error: no data. */
	res = MMDB_lookup_sockaddr(&m->db, (struct sockaddr *)&ss, &err);
	if (err != MMDB_SUCCESS || !res.found_entry)
		return (false);
	*entry = res.entry;
	return (true);
}

/*
 * Copies the UTF-8 string at path into dst (size bytes with the NUL),
 * cutting at a character boundary; false when there is none.
 */
static bool
owner_get_string(MMDB_entry_s *e, char *dst, size_t size, const char *k1,
    const char *k2)
{
	MMDB_entry_data_s d;
	size_t n;

	if (MMDB_get_value(e, &d, k1, k2, NULL) != MMDB_SUCCESS ||
	    !d.has_data || d.type != MMDB_DATA_TYPE_UTF8_STRING)
		return (false);
	n = PW_MIN((size_t)d.data_size, size - 1);
	/* Step back over continuation bytes of a character cut short. */
	while (n > 0 && n < d.data_size &&
	    ((unsigned char)d.utf8_string[n] & 0xc0) == 0x80)
		n--;
	memcpy(dst, d.utf8_string, n);
	dst[n] = '\0';
	return (n > 0);
}

/* The AS number of an entry in the GeoLite2-ASN layout, or 0. */
static uint32_t
owner_get_asn(MMDB_entry_s *e)
{
	MMDB_entry_data_s d;

	if (MMDB_get_value(e, &d, "autonomous_system_number", NULL) !=
	    MMDB_SUCCESS || !d.has_data)
		return (0);
	switch (d.type) {
	case MMDB_DATA_TYPE_UINT32:
		return (d.uint32);
	case MMDB_DATA_TYPE_UINT16:
		return (d.uint16);
	case MMDB_DATA_TYPE_UINT64:
		return (d.uint64 <= UINT32_MAX ? (uint32_t)d.uint64 : 0);
	default:
		return (0);
	}
}

void
owner_lookup(struct owner_db *db, const struct addr *a,
    struct owner_info *oi)
{
	MMDB_entry_s e;
	char cc[8];

	memset(oi, 0, sizeof(*oi));
	if (db == NULL)
		return;
	if (owner_find(&db->m[OWNER_ASN], a, &e)) {
		oi->asn = owner_get_asn(&e);
		owner_get_string(&e, oi->as_org, sizeof(oi->as_org),
		    "autonomous_system_organization", NULL);
	}
	if (owner_find(&db->m[OWNER_TAGS], a, &e))
		owner_get_string(&e, oi->service_tag, sizeof(oi->service_tag),
		    "service_tag", NULL);
	/* ISO 3166-1 alpha-2: exactly two letters, nothing else is kept. */
	if (owner_find(&db->m[OWNER_COUNTRY], a, &e) &&
	    owner_get_string(&e, cc, sizeof(cc), "country", "iso_code") &&
	    strlen(cc) == 2)
		memcpy(oi->country, cc, 3);
	oi->microsoft = owner_asn_is_microsoft(db, oi->asn) ||
	    oi->service_tag[0] != '\0';
}

/* "TYPE, built 2026-06-17T19:00:00Z, PATH", or "none". */
static void
owner_describe_one(const struct owner_mmdb *m, char *buf, size_t len)
{
	char when[32] = "unknown";
	time_t t;
	struct tm tm;

	if (buf == NULL || len == 0)
		return;
	if (!m->open) {
		snprintf(buf, len, "none");
		return;
	}
	t = (time_t)m->db.metadata.build_epoch;
	if (gmtime_r(&t, &tm) != NULL)
		strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	snprintf(buf, len, "%s, built %s, %s", m->db.metadata.database_type ?
	    m->db.metadata.database_type : "unknown type", when, m->path);
}

void
owner_describe(const struct owner_db *db, char *asn, char *tags,
    char *country, size_t len)
{
	static const struct owner_mmdb none;

	owner_describe_one(db ? &db->m[OWNER_ASN] : &none, asn, len);
	owner_describe_one(db ? &db->m[OWNER_TAGS] : &none, tags, len);
	owner_describe_one(db ? &db->m[OWNER_COUNTRY] : &none, country, len);
}
