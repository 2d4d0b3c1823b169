/*
 * netset.h: a set of IPv4 and IPv6 prefixes (the private address space,
 * VNet ranges, platform addresses, declared private endpoints).  Sets are
 * small, built at setup, and read on each new flow, never per packet.
 */
#ifndef PW_NETSET_H
#define PW_NETSET_H

#include <stdbool.h>
#include <stddef.h>

#include "addr.h"

struct netset;

struct netset	*netset_create(void);
void		 netset_free(struct netset *);
/* Adds "10.0.0.0/8", "fd00::/8" or a bare address; 0 or -1 and errbuf. */
int		 netset_add(struct netset *, const char *cidr, char *errbuf);
/*
 * Adds every prefix in a text (one a line, '#' comments, blank lines
 * allowed); errors name origin and the line.
 */
int		 netset_add_text(struct netset *, const char *text,
		    const char *origin, char *errbuf);
int		 netset_add_file(struct netset *, const char *path,
		    char *errbuf);
bool		 netset_contains(const struct netset *, const struct addr *);
size_t		 netset_count(const struct netset *);
/* The i-th prefix as text ("10.0.0.0/8"), for reports. */
const char	*netset_at(const struct netset *, size_t i, char *buf,
		    size_t len);

#endif
