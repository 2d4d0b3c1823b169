/*
 * reasm.h: a small shared pool of in-order stream buffers, for the few
 * messages that span TCP segments (a TLS ClientHello, DNS over TCP).
 * Flows borrow a slot and give it back; when every slot is busy the least
 * recently used one is taken over (counted), so memory is fixed however
 * many flows want one.  A flow must check that it still owns its slot.
 */
#ifndef PW_REASM_H
#define PW_REASM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "stats.h"

#define REASM_SLOTS	64
#define REASM_SLOT_SIZE	16384

struct reasm;

struct reasm	*reasm_create(void);
void		 reasm_free(struct reasm *);
/* A slot for owner (1-based), its stream starting at seq; 0 if none. */
uint16_t	 reasm_claim(struct reasm *, const void *owner, uint32_t seq,
		    struct stats *);
bool		 reasm_owns(const struct reasm *, uint16_t slot,
		    const void *owner);
/*
 * Appends a segment that starts at seq.  Bytes already held are skipped
 * (retransmissions); false on a gap or when the slot is full.
 */
bool		 reasm_append(struct reasm *, uint16_t slot, uint32_t seq,
		    const uint8_t *data, size_t len);
const uint8_t	*reasm_data(const struct reasm *, uint16_t slot, size_t *len);
/* Drops the first n bytes (a message that has been read). */
void		 reasm_consume(struct reasm *, uint16_t slot, size_t n);
void		 reasm_release(struct reasm *, uint16_t slot);

#endif
