#include <stdlib.h>
#include <string.h>

#include "strpool.h"

/*
 * strpool.c: a chained hash of names.  Entries live in one growable array
 * and are recycled through a free list, so a steady stream of the same
 * names allocates nothing; only a name never seen before costs a malloc.
 */

struct strpool_entry {
	char		*s;		/* NULL while on the free list */
	uint32_t	 hash;
	uint32_t	 refs;
	uint32_t	 next;		/* chain or free list, 0 = end */
	uint16_t	 len;
	uint8_t		 marks;
	struct addr	 private_addr;	/* with STRPOOL_M_PRIVATE_ANS */
};

struct strpool {
	struct strpool_entry	*e;	/* e[0] unused: id 0 is "none" */
	uint32_t		 cap;	/* entries allocated */
	uint32_t		 used;	/* high-water mark of ids */
	uint32_t		 live;
	uint32_t		 max;
	uint32_t		 free_head;
	uint32_t		*bucket;
	uint32_t		 nbuckets;	/* a power of two */
};

static uint32_t
strpool_hash(const char *s, size_t len)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= (uint8_t)s[i];
		h *= 16777619u;
	}
	return (h);
}

struct strpool *
strpool_create(uint32_t max_names)
{
	struct strpool *p;

	p = calloc(1, sizeof(*p));
	if (p == NULL)
		return (NULL);
	p->max = max_names;
	p->nbuckets = 1024;	/* doubles with the names: see grow_index */
	p->bucket = calloc(p->nbuckets, sizeof(*p->bucket));
	p->cap = 256;
	p->e = calloc(p->cap, sizeof(*p->e));
	p->used = 1;
	if (p->bucket == NULL || p->e == NULL) {
		strpool_free(p);
		return (NULL);
	}
	return (p);
}

void
strpool_free(struct strpool *p)
{
	uint32_t i;

	if (p == NULL)
		return;
	for (i = 1; p->e != NULL && i < p->used; i++)
		free(p->e[i].s);
	free(p->e);
	free(p->bucket);
	free(p);
}

/* Folds ASCII to lower case into dst; names compare without case. */
static void
strpool_fold(char *dst, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		dst[i] = s[i];
		if (dst[i] >= 'A' && dst[i] <= 'Z')
			dst[i] = (char)(dst[i] - 'A' + 'a');
	}
}

static uint32_t
strpool_lookup(const struct strpool *p, const char *folded, size_t len,
    uint32_t h)
{
	uint32_t id;

	for (id = p->bucket[h & (p->nbuckets - 1)]; id != 0;
	    id = p->e[id].next) {
		if (p->e[id].hash == h && p->e[id].len == len &&
		    memcmp(p->e[id].s, folded, len) == 0)
			return (id);
	}
	return (0);
}

uint32_t
strpool_find(const struct strpool *p, const char *s, size_t len)
{
	char buf[1024];

	if (len > sizeof(buf))
		return (0);
	strpool_fold(buf, s, len);
	return (strpool_lookup(p, buf, len, strpool_hash(buf, len)));
}

/* Takes an entry off the free list or the end of the array. */
static uint32_t
strpool_new_entry(struct strpool *p)
{
	struct strpool_entry *ne;
	uint32_t id;

	if (p->free_head != 0) {
		id = p->free_head;
		p->free_head = p->e[id].next;
		return (id);
	}
	if (p->used == p->cap) {
		ne = realloc(p->e, (size_t)p->cap * 2 * sizeof(*ne));
		if (ne == NULL)
			return (0);
		memset(ne + p->cap, 0, (size_t)p->cap * sizeof(*ne));
		p->e = ne;
		p->cap *= 2;
	}
	return (p->used++);
}

/* Doubles the hash index once there are as many names as buckets. */
static void
strpool_grow_index(struct strpool *p)
{
	uint32_t n = p->nbuckets * 2, *nb, id, b;

	if (p->live < p->nbuckets || n > (1u << 22))
		return;
	if ((nb = calloc(n, sizeof(*nb))) == NULL)
		return;
	for (id = 1; id < p->used; id++) {
		if (p->e[id].s == NULL)
			continue;
		b = p->e[id].hash & (n - 1);
		p->e[id].next = nb[b];
		nb[b] = id;
	}
	free(p->bucket);
	p->bucket = nb;
	p->nbuckets = n;
}

uint32_t
strpool_intern(struct strpool *p, const char *s, size_t len)
{
	char buf[1024];
	uint32_t h, id, b;

	if (len > sizeof(buf) || len > UINT16_MAX)
		return (0);
	strpool_fold(buf, s, len);
	h = strpool_hash(buf, len);
	if ((id = strpool_lookup(p, buf, len, h)) != 0) {
		p->e[id].refs++;
		return (id);
	}
	if (p->live >= p->max)
		return (0);
	strpool_grow_index(p);
	if ((id = strpool_new_entry(p)) == 0)
		return (0);
	if ((p->e[id].s = malloc(len + 1)) == NULL) {
		p->e[id].next = p->free_head;
		p->free_head = id;
		return (0);
	}
	memcpy(p->e[id].s, buf, len);
	p->e[id].s[len] = '\0';
	p->e[id].len = (uint16_t)len;
	p->e[id].hash = h;
	p->e[id].refs = 1;
	p->e[id].marks = 0;
	b = h & (p->nbuckets - 1);
	p->e[id].next = p->bucket[b];
	p->bucket[b] = id;
	p->live++;
	return (id);
}

void
strpool_ref(struct strpool *p, uint32_t id)
{
	if (id != 0)
		p->e[id].refs++;
}

/* Unlinks a dead entry from its chain and frees its text. */
static void
strpool_release(struct strpool *p, uint32_t id)
{
	uint32_t *link = &p->bucket[p->e[id].hash & (p->nbuckets - 1)];

	while (*link != id)
		link = &p->e[*link].next;
	*link = p->e[id].next;
	free(p->e[id].s);
	p->e[id].s = NULL;
	p->e[id].next = p->free_head;
	p->free_head = id;
	p->live--;
}

void
strpool_unref(struct strpool *p, uint32_t id)
{
	if (id == 0 || p->e[id].refs == 0)
		return;
	if (--p->e[id].refs == 0)
		strpool_release(p, id);
}

const char *
strpool_get(const struct strpool *p, uint32_t id, size_t *len)
{
	if (id == 0 || id >= p->used || p->e[id].s == NULL) {
		if (len != NULL)
			*len = 0;
		return (NULL);
	}
	if (len != NULL)
		*len = p->e[id].len;
	return (p->e[id].s);
}

/* The first mark pins the name: evidence must outlive the flows. */
void
strpool_mark(struct strpool *p, uint32_t id, uint8_t marks)
{
	if (id == 0)
		return;
	if (p->e[id].marks == 0)
		p->e[id].refs++;
	p->e[id].marks |= marks;
}

uint8_t
strpool_marks(const struct strpool *p, uint32_t id)
{
	return (id == 0 ? 0 : p->e[id].marks);
}

void
strpool_set_private_addr(struct strpool *p, uint32_t id,
    const struct addr *a)
{
	if (id != 0)
		p->e[id].private_addr = *a;
}

const struct addr *
strpool_private_addr(const struct strpool *p, uint32_t id)
{
	return (id == 0 ? NULL : &p->e[id].private_addr);
}

size_t
strpool_count(const struct strpool *p)
{
	return (p->live);
}
