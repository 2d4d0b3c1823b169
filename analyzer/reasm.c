#include <stdlib.h>
#include <string.h>

#include "reasm.h"

/*
 * reasm.c: fixed slots with a use counter for LRU takeover.  Only
 * in-order data is kept: a gap ends the stream, which costs at most one
 * name or one DNS message, never a wrong one.
 */

struct reasm_slot {
	const void	*owner;		/* NULL when free */
	uint64_t	 used_at;	/* reasm tick of the last use */
	uint32_t	 next_seq;	/* sequence number of data[len] */
	size_t		 len;
	uint8_t		 data[REASM_SLOT_SIZE];
};

struct reasm {
	uint64_t		tick;
	struct reasm_slot	slot[REASM_SLOTS];
};

struct reasm *
reasm_create(void)
{
	return (calloc(1, sizeof(struct reasm)));
}

void
reasm_free(struct reasm *r)
{
	free(r);
}

uint16_t
reasm_claim(struct reasm *r, const void *owner, uint32_t seq,
    struct stats *st)
{
	unsigned i, pick = 0;

	for (i = 0; i < REASM_SLOTS; i++) {
		if (r->slot[i].owner == NULL) {
			pick = i;
			break;
		}
		if (r->slot[i].used_at < r->slot[pick].used_at)
			pick = i;
	}
	if (i == REASM_SLOTS)
		st->reasm_dropped++;
	r->slot[pick].owner = owner;
	r->slot[pick].used_at = ++r->tick;
	r->slot[pick].next_seq = seq;
	r->slot[pick].len = 0;
	return ((uint16_t)(pick + 1));
}

bool
reasm_owns(const struct reasm *r, uint16_t slot, const void *owner)
{
	return (slot >= 1 && slot <= REASM_SLOTS &&
	    r->slot[slot - 1].owner == owner);
}

bool
reasm_append(struct reasm *r, uint16_t slot, uint32_t seq,
    const uint8_t *data, size_t len)
{
	struct reasm_slot *s = &r->slot[slot - 1];
	uint32_t skip = s->next_seq - seq;	/* modulo 2^32 */

	s->used_at = ++r->tick;
	if (seq != s->next_seq) {
		/* Behind the stream: a retransmission, maybe with news. */
		if (skip > len || (int32_t)(s->next_seq - seq) < 0)
			return ((int32_t)(s->next_seq - seq) > 0);
		data += skip;
		len -= skip;
	}
	if (len > sizeof(s->data) - s->len)
		return (false);
	memcpy(s->data + s->len, data, len);
	s->len += len;
	s->next_seq += (uint32_t)len;
	return (true);
}

const uint8_t *
reasm_data(const struct reasm *r, uint16_t slot, size_t *len)
{
	*len = r->slot[slot - 1].len;
	return (r->slot[slot - 1].data);
}

void
reasm_consume(struct reasm *r, uint16_t slot, size_t n)
{
	struct reasm_slot *s = &r->slot[slot - 1];

	if (n >= s->len) {
		s->len = 0;
		return;
	}
	memmove(s->data, s->data + n, s->len - n);
	s->len -= n;
}

void
reasm_release(struct reasm *r, uint16_t slot)
{
	if (slot >= 1 && slot <= REASM_SLOTS)
		r->slot[slot - 1].owner = NULL;
}
