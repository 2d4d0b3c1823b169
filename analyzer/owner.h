/*
 * owner.h: who owns a public address, from MaxMind databases read with
 * libmaxminddb: the origin AS (GeoLite2-ASN layout), the Azure Service
 * Tag (a database made by tools/servicetags2mmdb), and the country
 * (GeoLite2-Country or City).  Each database is optional.
 */
#ifndef PW_OWNER_H
#define PW_OWNER_H

#include <stdbool.h>
#include <stdint.h>

#include "addr.h"

#define OWNER_ORG_MAX	128
#define OWNER_TAG_MAX	96

struct owner_info {
	uint32_t	asn;			/* 0 when unknown */
	char		as_org[OWNER_ORG_MAX];
	char		country[3];		/* ISO 3166 alpha-2 or "" */
	char		service_tag[OWNER_TAG_MAX];	/* or "" */
	bool		microsoft;		/* AS in the Microsoft set, */
						/* or inside a service tag */
};

struct owner_db;

struct owner_paths {
	const char	*asn_db;		/* NULL: no ASN data */
	const char	*tags_db;		/* NULL: no service tags */
	const char	*country_db;		/* NULL: no country */
	const char	*msft_asns;		/* NULL: filters/ default */
};

/* Opens the databases named; NULL and errbuf naming the file on error. */
struct owner_db	*owner_open(const struct owner_paths *, char *errbuf);
void		 owner_close(struct owner_db *);
bool		 owner_has_asn(const struct owner_db *);
/* Looks addr up in every open database; fields left empty when absent. */
void		 owner_lookup(struct owner_db *, const struct addr *,
		    struct owner_info *);
bool		 owner_asn_is_microsoft(const struct owner_db *, uint32_t);
/*
 * Describes the databases for reports: "GeoLite2-ASN, built
 * 2026-06-17T19:00:00Z, /path" (database_type and build_epoch).
 */
void		 owner_describe(const struct owner_db *, char *asn,
		    char *tags, char *country, size_t len);

#endif
