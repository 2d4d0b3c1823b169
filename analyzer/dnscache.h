/*
 * dnscache.h: what each client was told.  DNS answers are shared,
 * reference-counted records (the chain as interned names, TTL, frame,
 * resolver); the cache maps (client, address) to the answers that gave
 * that address, newest first.  Flows take a reference to the answer that
 * named them, so evidence outlives eviction from the cache.  Answers are
 * kept past their TTL: clients cache longer, and a flow that uses an
 * expired answer is marked stale, not left unnamed.
 */
#ifndef PW_DNSCACHE_H
#define PW_DNSCACHE_H

#include <stdbool.h>
#include <stdint.h>

#include "addr.h"
#include "dns.h"
#include "stats.h"
#include "strpool.h"

struct dns_answer {
	uint32_t	refs;			/* 0 while free */
	uint32_t	names[DNS_CHAIN_MAX];	/* strpool ids, query first */
	uint8_t		nnames;
	uint8_t		rcode;
	uint8_t		pl_index;		/* first private-link name, */
	bool		via_privatelink;	/* when via_privatelink */
	uint16_t	qtype;
	uint16_t	file;			/* input index */
	uint32_t	ttl;			/* seconds, chain minimum */
	uint64_t	ts_us;
	uint64_t	frame;
	struct addr	client;
	struct addr	server;
	uint32_t	next_free;
};

struct dnscache;

struct dnscache	*dnscache_create(struct strpool *, uint32_t max_entries,
		    uint32_t max_answers);
void		 dnscache_free(struct dnscache *);

/* A fresh answer with one reference for the caller; 0 when full. */
uint32_t	 dnscache_answer_new(struct dnscache *);
struct dns_answer *dnscache_answer(struct dnscache *, uint32_t id);
void		 dnscache_answer_ref(struct dnscache *, uint32_t id);
void		 dnscache_answer_unref(struct dnscache *, uint32_t id);

/*
 * Records that answer told client about addr (the cache takes its own
 * reference).  A newer answer for the same client, address and query
 * replaces the older; a full cache evicts its oldest entry (counted).
 */
void		 dnscache_insert(struct dnscache *, const struct addr *client,
		    const struct addr *addr, uint32_t answer,
		    struct stats *);

/*
 * The newest answer that mapped client to addr, or 0.  When several
 * names map to the address and one of them (query or CNAME) is prefer,
 * that answer wins.  *names gets the number of distinct answers found.
 */
uint32_t	 dnscache_lookup(struct dnscache *, const struct addr *client,
		    const struct addr *addr, uint32_t prefer,
		    unsigned *names);
/* True when the answer's chain holds the name id. */
bool		 dnscache_answer_names(const struct dns_answer *, uint32_t);
uint32_t	 dnscache_entries(const struct dnscache *);

#endif
