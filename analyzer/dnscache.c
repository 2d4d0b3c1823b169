#include <stdlib.h>
#include <string.h>

#include "dnscache.h"

/*
 * dnscache.c: a chained hash over (client, address) with an LRU list for
 * eviction, and a pool of answer records recycled through a free list.
 * Both arrays grow by doubling up to their bound, so steady traffic
 * allocates nothing.
 */

struct dnscache_entry {
	struct addr	client;
	struct addr	addr;
	uint32_t	answer;		/* 0 while free */
	uint32_t	hash;
	uint32_t	hnext;		/* hash chain or free list */
	uint32_t	prev, next;	/* LRU: head is the oldest */
};

struct dnscache {
	struct strpool		*names;
	struct dnscache_entry	*e;	/* e[0] unused */
	uint32_t		 ecap, eused, emax, elive, efree;
	uint32_t		 head, tail;
	uint32_t		*bucket;
	uint32_t		 nbuckets;
	struct dns_answer	*a;	/* a[0] unused */
	uint32_t		 acap, aused, amax, afree;
};

static void *
dnscache_grow(void *arr, uint32_t *cap, uint32_t max, size_t size)
{
	uint32_t ncap = *cap * 2;
	char *n;

	if (ncap > max + 1)
		ncap = max + 1;
	if (ncap <= *cap)
		return (NULL);
	if ((n = realloc(arr, (size_t)ncap * size)) == NULL)
		return (NULL);
	memset(n + (size_t)*cap * size, 0, (size_t)(ncap - *cap) * size);
	*cap = ncap;
	return (n);
}

struct dnscache *
dnscache_create(struct strpool *names, uint32_t max_entries,
    uint32_t max_answers)
{
	struct dnscache *c;

	if ((c = calloc(1, sizeof(*c))) == NULL)
		return (NULL);
	c->names = names;
	c->emax = max_entries;
	c->amax = max_answers;
	c->nbuckets = 1024;	/* doubles with the entries: see grow_index */
	c->bucket = calloc(c->nbuckets, sizeof(*c->bucket));
	c->ecap = c->acap = 256;
	c->e = calloc(c->ecap, sizeof(*c->e));
	c->a = calloc(c->acap, sizeof(*c->a));
	c->eused = c->aused = 1;
	if (c->bucket == NULL || c->e == NULL || c->a == NULL) {
		dnscache_free(c);
		return (NULL);
	}
	return (c);
}

void
dnscache_free(struct dnscache *c)
{
	if (c == NULL)
		return;
	free(c->bucket);
	free(c->e);
	free(c->a);
	free(c);
}

uint32_t
dnscache_answer_new(struct dnscache *c)
{
	struct dns_answer *n;
	uint32_t id;

	if (c->afree != 0) {
		id = c->afree;
		c->afree = c->a[id].next_free;
	} else {
		if (c->aused == c->acap) {
			n = dnscache_grow(c->a, &c->acap, c->amax, sizeof(*n));
			if (n == NULL)
				return (0);
			c->a = n;
		}
		id = c->aused++;
	}
	memset(&c->a[id], 0, sizeof(c->a[id]));
	c->a[id].refs = 1;
	return (id);
}

struct dns_answer *
dnscache_answer(struct dnscache *c, uint32_t id)
{
	return (id == 0 ? NULL : &c->a[id]);
}

void
dnscache_answer_ref(struct dnscache *c, uint32_t id)
{
	if (id != 0)
		c->a[id].refs++;
}

void
dnscache_answer_unref(struct dnscache *c, uint32_t id)
{
	struct dns_answer *a;
	unsigned i;

	if (id == 0 || c->a[id].refs == 0)
		return;
	a = &c->a[id];
	if (--a->refs > 0)
		return;
	for (i = 0; i < a->nnames; i++)
		strpool_unref(c->names, a->names[i]);
	a->next_free = c->afree;
	c->afree = id;
}

bool
dnscache_answer_names(const struct dns_answer *a, uint32_t name)
{
	unsigned i;

	for (i = 0; i < a->nnames; i++)
		if (a->names[i] == name)
			return (true);
	return (false);
}

static uint32_t
dnscache_key_hash(const struct addr *client, const struct addr *addr)
{
	return (addr_hash(addr, addr_hash(client, 0x9e3779b9u)));
}

static void
dnscache_lru_unlink(struct dnscache *c, uint32_t id)
{
	struct dnscache_entry *e = &c->e[id];

	if (e->prev != 0)
		c->e[e->prev].next = e->next;
	else
		c->head = e->next;
	if (e->next != 0)
		c->e[e->next].prev = e->prev;
	else
		c->tail = e->prev;
	e->prev = e->next = 0;
}

static void
dnscache_lru_append(struct dnscache *c, uint32_t id)
{
	c->e[id].prev = c->tail;
	c->e[id].next = 0;
	if (c->tail != 0)
		c->e[c->tail].next = id;
	else
		c->head = id;
	c->tail = id;
}

/* Drops an entry: out of its chain and the LRU, onto the free list. */
static void
dnscache_remove(struct dnscache *c, uint32_t id)
{
	struct dnscache_entry *e = &c->e[id];
	uint32_t *link = &c->bucket[e->hash & (c->nbuckets - 1)];

	while (*link != id)
		link = &c->e[*link].hnext;
	*link = e->hnext;
	dnscache_lru_unlink(c, id);
	dnscache_answer_unref(c, e->answer);
	e->answer = 0;
	e->hnext = c->efree;
	c->efree = id;
	c->elive--;
}

static uint32_t
dnscache_new_entry(struct dnscache *c, struct stats *st)
{
	struct dnscache_entry *n;
	uint32_t id;

	if (c->elive >= c->emax && c->head != 0) {
		dnscache_remove(c, c->head);
		st->dns_cache_evicted++;
	}
	if (c->efree != 0) {
		id = c->efree;
		c->efree = c->e[id].hnext;
		return (id);
	}
	if (c->eused == c->ecap) {
		n = dnscache_grow(c->e, &c->ecap, c->emax, sizeof(*n));
		if (n == NULL)
			return (0);
		c->e = n;
	}
	return (c->eused++);
}

/*
 * Names kept per (client, address).  One CDN address can front thousands
 * of names; without a cap every insert and eviction would walk them all.
 */
#define DNSCACHE_NAMES_PER_ADDR	8

/*
 * The entry for this key whose answer has the same query name, or 0;
 * *oldest gets the key's oldest entry and *n how many the key has.
 */
static uint32_t
dnscache_find_same(struct dnscache *c, const struct addr *client,
    const struct addr *addr, uint32_t h, uint32_t qname, uint32_t *oldest,
    unsigned *n)
{
	uint32_t id;

	*oldest = 0;
	*n = 0;
	for (id = c->bucket[h & (c->nbuckets - 1)]; id != 0;
	    id = c->e[id].hnext) {
		if (c->e[id].hash != h || !addr_equal(&c->e[id].addr, addr) ||
		    !addr_equal(&c->e[id].client, client))
			continue;
		if (c->a[c->e[id].answer].names[0] == qname)
			return (id);
		(*n)++;
		if (*oldest == 0 || c->a[c->e[id].answer].ts_us <
		    c->a[c->e[*oldest].answer].ts_us)
			*oldest = id;
	}
	return (0);
}

/* Doubles the hash index once there are as many entries as buckets. */
static void
dnscache_grow_index(struct dnscache *c)
{
	uint32_t n = c->nbuckets * 2, *nb, id, b;

	if (c->elive < c->nbuckets || n > (1u << 22))
		return;
	if ((nb = calloc(n, sizeof(*nb))) == NULL)
		return;
	for (id = 1; id < c->eused; id++) {
		if (c->e[id].answer == 0)
			continue;
		b = c->e[id].hash & (n - 1);
		c->e[id].hnext = nb[b];
		nb[b] = id;
	}
	free(c->bucket);
	c->bucket = nb;
	c->nbuckets = n;
}

void
dnscache_insert(struct dnscache *c, const struct addr *client,
    const struct addr *addr, uint32_t answer, struct stats *st)
{
	uint32_t h = dnscache_key_hash(client, addr), id, b, oldest;
	unsigned n;

	id = dnscache_find_same(c, client, addr, h, c->a[answer].names[0],
	    &oldest, &n);
	if (id == 0 && n >= DNSCACHE_NAMES_PER_ADDR) {
		dnscache_remove(c, oldest);
		st->dns_cache_evicted++;
	}
	if (id != 0) {
		dnscache_answer_ref(c, answer);
		dnscache_answer_unref(c, c->e[id].answer);
		c->e[id].answer = answer;
		dnscache_lru_unlink(c, id);
		dnscache_lru_append(c, id);
		return;
	}
	if ((id = dnscache_new_entry(c, st)) == 0)
		return;
	dnscache_grow_index(c);
	c->e[id].client = *client;
	c->e[id].addr = *addr;
	c->e[id].hash = h;
	c->e[id].answer = answer;
	dnscache_answer_ref(c, answer);
	b = h & (c->nbuckets - 1);
	c->e[id].hnext = c->bucket[b];
	c->bucket[b] = id;
	dnscache_lru_append(c, id);
	c->elive++;
}

uint32_t
dnscache_lookup(struct dnscache *c, const struct addr *client,
    const struct addr *addr, uint32_t prefer, unsigned *names)
{
	uint32_t h = dnscache_key_hash(client, addr), id, best = 0;
	uint32_t preferred = 0;
	const struct dns_answer *a;

	*names = 0;
	for (id = c->bucket[h & (c->nbuckets - 1)]; id != 0;
	    id = c->e[id].hnext) {
		if (c->e[id].hash != h || !addr_equal(&c->e[id].addr, addr) ||
		    !addr_equal(&c->e[id].client, client))
			continue;
		a = &c->a[c->e[id].answer];
		(*names)++;
		if (best == 0 || a->ts_us > c->a[best].ts_us)
			best = c->e[id].answer;
		if (prefer != 0 && dnscache_answer_names(a, prefer) &&
		    (preferred == 0 || a->ts_us > c->a[preferred].ts_us))
			preferred = c->e[id].answer;
	}
	return (preferred != 0 ? preferred : best);
}

uint32_t
dnscache_entries(const struct dnscache *c)
{
	return (c->elive);
}
