/*
 * addr.h: one IPv4 or IPv6 address, in network byte order.  IPv4 uses the
 * first four bytes and leaves the rest zero, so two addresses compare and
 * hash as plain bytes.
 */
#ifndef PW_ADDR_H
#define PW_ADDR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ADDR_V4		4
#define ADDR_V6		6
#define ADDR_STRLEN	46	/* INET6_ADDRSTRLEN */

struct addr {
	uint8_t		b[16];
	uint8_t		family;		/* ADDR_V4, ADDR_V6, 0 for none */
};

void	addr_set_v4(struct addr *, const uint8_t b[4]);
void	addr_set_v6(struct addr *, const uint8_t b[16]);
bool	addr_equal(const struct addr *, const struct addr *);
int	addr_compare(const struct addr *, const struct addr *);
uint32_t addr_hash(const struct addr *, uint32_t seed);
/* Writes the textual form ("10.0.0.5", "fd00::1") into buf. */
const char *addr_format(const struct addr *, char buf[ADDR_STRLEN]);
/* Parses a textual address; 0 on success, -1 on error. */
int	addr_parse(struct addr *, const char *);
bool	addr_is_loopback(const struct addr *);

#endif
