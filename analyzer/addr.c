#include <arpa/inet.h>
#include <string.h>

#include "addr.h"

/*
 * addr.c: the address type every module keys on.  Hashing and comparison
 * work on the raw bytes, which is why IPv4 leaves the tail zero.
 */

void
addr_set_v4(struct addr *a, const uint8_t b[4])
{
	memset(a, 0, sizeof(*a));
	memcpy(a->b, b, 4);
	a->family = ADDR_V4;
}

void
addr_set_v6(struct addr *a, const uint8_t b[16])
{
	memcpy(a->b, b, 16);
	a->family = ADDR_V6;
}

bool
addr_equal(const struct addr *a, const struct addr *b)
{
	return (a->family == b->family && memcmp(a->b, b->b, 16) == 0);
}

int
addr_compare(const struct addr *a, const struct addr *b)
{
	if (a->family != b->family)
		return (a->family < b->family ? -1 : 1);
	return (memcmp(a->b, b->b, 16));
}

/*
 * A multiply-xorshift mix over the address as 32-bit words: one step for
 * IPv4, four for IPv6; the seed keeps flood keys apart.
 */
uint32_t
addr_hash(const struct addr *a, uint32_t seed)
{
	uint32_t h = seed ^ 0x9e3779b9u, w;
	size_t i, n = a->family == ADDR_V6 ? 16 : 4;

	for (i = 0; i < n; i += 4) {
		memcpy(&w, a->b + i, 4);
		h ^= w;
		h *= 0x85ebca6bu;
		h ^= h >> 13;
	}
	h *= 0xc2b2ae35u;
	return (h ^ (h >> 16));
}

/* Dotted quad by hand: inet_ntop's sprintf showed in every profile. */
static void
addr_format_v4(const uint8_t *b, char *buf)
{
	char *p = buf;
	unsigned i, v;

	for (i = 0; i < 4; i++) {
		v = b[i];
		if (v >= 100)
			*p++ = (char)('0' + v / 100);
		if (v >= 10)
			*p++ = (char)('0' + v / 10 % 10);
		*p++ = (char)('0' + v % 10);
		*p++ = i < 3 ? '.' : '\0';
	}
}

const char *
addr_format(const struct addr *a, char buf[ADDR_STRLEN])
{
	if (a->family == ADDR_V4)
		addr_format_v4(a->b, buf);
	else if (a->family != ADDR_V6 ||
	    inet_ntop(AF_INET6, a->b, buf, ADDR_STRLEN) == NULL)
		strcpy(buf, "-");
	return (buf);
}

int
addr_parse(struct addr *a, const char *s)
{
	uint8_t b[16];

	if (inet_pton(AF_INET, s, b) == 1) {
		addr_set_v4(a, b);
		return (0);
	}
	if (inet_pton(AF_INET6, s, b) == 1) {
		addr_set_v6(a, b);
		return (0);
	}
	return (-1);
}

bool
addr_is_loopback(const struct addr *a)
{
	static const uint8_t v6lo[16] = { [15] = 1 };

	if (a->family == ADDR_V4)
		return (a->b[0] == 127);
	return (a->family == ADDR_V6 && memcmp(a->b, v6lo, 16) == 0);
}
