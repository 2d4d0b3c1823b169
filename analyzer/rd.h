/*
 * rd.h: a bounded reader over untrusted bytes.  Every byte taken from the
 * wire goes through one of these accessors.  Once a read fails the status
 * sticks: every later read returns 0, so a parser reads a whole structure
 * and checks the status once, at the end.
 */
#ifndef PW_RD_H
#define PW_RD_H

#include <stddef.h>
#include <stdint.h>

enum rd_status {
	RD_OK,
	RD_SHORT,		/* fewer bytes captured than the layout needs */
	RD_BAD			/* bytes contradict themselves or the spec */
};

struct rd {
	const uint8_t	*cur;
	size_t		 left;		/* bytes remaining at cur */
	enum rd_status	 status;
};

static inline struct rd
rd_make(const uint8_t *p, size_t len)
{
	struct rd r = { p, len, RD_OK };

	return (r);
}

/* Marks the reader failed unless n bytes remain; true when they do. */
static inline int
rd_need(struct rd *r, size_t n)
{
	if (r->status != RD_OK)
		return (0);
	if (n > r->left) {
		r->status = RD_SHORT;
		r->left = 0;
		return (0);
	}
	return (1);
}

static inline uint8_t
rd_u8(struct rd *r)
{
	uint8_t v;

	if (!rd_need(r, 1))
		return (0);
	v = r->cur[0];
	r->cur++;
	r->left--;
	return (v);
}

static inline uint16_t
rd_be16(struct rd *r)
{
	uint16_t v;

	if (!rd_need(r, 2))
		return (0);
	v = (uint16_t)(r->cur[0] << 8 | r->cur[1]);
	r->cur += 2;
	r->left -= 2;
	return (v);
}

static inline uint16_t
rd_le16(struct rd *r)
{
	uint16_t v;

	if (!rd_need(r, 2))
		return (0);
	v = (uint16_t)(r->cur[1] << 8 | r->cur[0]);
	r->cur += 2;
	r->left -= 2;
	return (v);
}

static inline uint32_t
rd_be32(struct rd *r)
{
	uint32_t v;

	if (!rd_need(r, 4))
		return (0);
	v = (uint32_t)r->cur[0] << 24 | (uint32_t)r->cur[1] << 16 |
	    (uint32_t)r->cur[2] << 8 | r->cur[3];
	r->cur += 4;
	r->left -= 4;
	return (v);
}

static inline uint32_t
rd_le32(struct rd *r)
{
	uint32_t v;

	if (!rd_need(r, 4))
		return (0);
	v = (uint32_t)r->cur[3] << 24 | (uint32_t)r->cur[2] << 16 |
	    (uint32_t)r->cur[1] << 8 | r->cur[0];
	r->cur += 4;
	r->left -= 4;
	return (v);
}

/* Returns a pointer to the next n bytes and steps over them, or NULL. */
static inline const uint8_t *
rd_bytes(struct rd *r, size_t n)
{
	const uint8_t *p;

	if (!rd_need(r, n))
		return (NULL);
	p = r->cur;
	r->cur += n;
	r->left -= n;
	return (p);
}

static inline void
rd_skip(struct rd *r, size_t n)
{
	(void)rd_bytes(r, n);
}

/*
 * Splits off a child window of n bytes and steps the parent over them.
 * The child fails on its own; a parent too short fails both.
 */
static inline struct rd
rd_sub(struct rd *r, size_t n)
{
	struct rd c = { NULL, 0, RD_SHORT };
	const uint8_t *p;

	p = rd_bytes(r, n);
	if (p != NULL)
		c = rd_make(p, n);
	return (c);
}

static inline void
rd_fail(struct rd *r, enum rd_status why)
{
	if (r->status == RD_OK)
		r->status = why;
	r->left = 0;
}

#endif
