/*
 * zones.h: the table of Azure private-link DNS zones and the public zones
 * they shadow ("privatelink.vaultcore.azure.net" shadows "vault.azure.net"
 * and "vaultcore.azure.net").  The default table is filters/zones.txt,
 * compiled in; zones_load_file() reads a user's replacement.
 */
#ifndef PW_ZONES_H
#define PW_ZONES_H

#include <stdbool.h>
#include <stddef.h>

struct zone {
	const char	*privatelink;	/* "privatelink.openai.azure.com" */
	const char	*const *publics;/* shadowed zones, NULL-terminated */
	const char	*service;	/* "Azure OpenAI", for reasons */
};

struct zones;

/* The compiled-in table.  NULL and errbuf filled on failure. */
struct zones	*zones_load_default(char *errbuf);
/* A table from a file in the format of filters/zones.txt. */
struct zones	*zones_load_file(const char *path, char *errbuf);
void		 zones_free(struct zones *);
size_t		 zones_count(const struct zones *);
const struct zone *zones_at(const struct zones *, size_t i);
/* Where the table came from: "built-in (filters/zones.txt, 2025-..)". */
const char	*zones_source(const struct zones *);

/*
 * The zone a private-link name lies under, or NULL.  A name with a label
 * "privatelink" (or "privatelink-global") that no table entry covers still
 * matches, through a generic entry whose service is "unknown service": the
 * label is Azure's mark of a private endpoint alias.
 */
const struct zone *zones_match_privatelink(const struct zones *,
		    const char *name, size_t len);

/*
 * The zone whose public side the name lies under, or NULL.  Both matchers
 * compare whole labels from the right, ignore ASCII case and one trailing
 * dot, and take the longest zone (then the one with fewer placeholders,
 * then the first in the file).  A private-link zone matches itself and
 * names under it; a public zone only names strictly under it (the
 * resource is the label in front).  The zone returned lives as long as
 * the table.
 */
const struct zone *zones_match_public(const struct zones *,
		    const char *name, size_t len);

/*
 * True when name is a shared regional Cognitive Services endpoint
 * ("eastus.api.cognitive.microsoft.com"), which can never go through a
 * private endpoint.
 */
bool		 zones_is_regional_endpoint(const char *name, size_t len);

#endif
