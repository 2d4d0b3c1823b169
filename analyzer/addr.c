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

/* FNV-1a over the bytes that matter; the seed keeps flood keys apart. */
uint32_t
addr_hash(const struct addr *a, uint32_t seed)
{
	uint32_t h = 2166136261u ^ seed;
	size_t i, n = a->family == ADDR_V6 ? 16 : 4;

	for (i = 0; i < n; i++) {
		h ^= a->b[i];
		h *= 16777619u;
	}
	return (h);
}

const char *
addr_format(const struct addr *a, char buf[ADDR_STRLEN])
{
	int af = a->family == ADDR_V6 ? AF_INET6 : AF_INET;

	if (a->family == 0 || inet_ntop(af, a->b, buf, ADDR_STRLEN) == NULL)
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
