/*
 * strpool.h: interned, reference-counted names.  A flow keeps a 32-bit id
 * instead of a 255-byte name, and the many flows to one service share one
 * copy.  Ids are never 0; 0 means "no name".  Each name also carries marks
 * (what pathwatch has learnt about it, such as "reached through a private
 * endpoint"); a marked name stays interned until the pool is freed.
 */
#ifndef PW_STRPOOL_H
#define PW_STRPOOL_H

#include <stddef.h>
#include <stdint.h>

#include "addr.h"

/* Marks: evidence about a name gathered from DNS answers and flows. */
#define STRPOOL_M_PL_CNAME	0x01	/* chain passed a private-link zone */
#define STRPOOL_M_PRIVATE_ANS	0x02	/* DNS answered a private address */
#define STRPOOL_M_PL_FLOW	0x04	/* a private-link flow went to it */
#define STRPOOL_M_DECLARED	0x08	/* --private-endpoint ADDR=NAME */

struct strpool;

struct strpool	*strpool_create(uint32_t max_names);
void		 strpool_free(struct strpool *);
/*
 * Returns the id of the name (ASCII folded to lower case), with one
 * reference taken; 0 when the pool is full.
 */
uint32_t	 strpool_intern(struct strpool *, const char *s, size_t len);
uint32_t	 strpool_find(const struct strpool *, const char *s,
		    size_t len);
void		 strpool_ref(struct strpool *, uint32_t id);
void		 strpool_unref(struct strpool *, uint32_t id);
const char	*strpool_get(const struct strpool *, uint32_t id, size_t *len);
void		 strpool_mark(struct strpool *, uint32_t id, uint8_t marks);
uint8_t		 strpool_marks(const struct strpool *, uint32_t id);
/* The private address an answer gave for a marked name (evidence). */
void		 strpool_set_private_addr(struct strpool *, uint32_t id,
		    const struct addr *);
const struct addr *strpool_private_addr(const struct strpool *, uint32_t);
size_t		 strpool_count(const struct strpool *);

#endif
