/*
 * event.h: what the engine tells its outputs.  Each event is a fully
 * resolved, read-only view (addresses as text, names as bytes and length,
 * sentences written), valid only during the call; an output that keeps
 * anything copies it.  Names are raw wire bytes: every output escapes
 * them for its own medium.
 */
#ifndef PW_EVENT_H
#define PW_EVENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "addr.h"
#include "dns.h"
#include "finding.h"
#include "owner.h"
#include "stats.h"

struct flow;

struct ev_name {
	const char	*s;		/* NULL when absent */
	size_t		 len;
};

struct ev_finding {
	enum finding_kind kind;
	char		 detail[640];
	bool		 enforced;	/* inline mode dropped the flow */
};

struct ev_flow {
	const struct flow *f;
	bool		 final;		/* the flow ended; else interim */
	const char	*file;		/* input name */
	const char	*proto, *state, *label, *name_source;
	char		 src[ADDR_STRLEN], dst[ADDR_STRLEN];
	uint16_t	 sport, dport;
	struct ev_name	 name, sni;

	bool		 has_dns;
	struct ev_name	 chain[DNS_CHAIN_MAX];	/* chain[0] is the query */
	unsigned	 nchain;
	uint32_t	 dns_ttl;
	char		 dns_server[ADDR_STRLEN];
	uint64_t	 dns_frame;
	const char	*dns_file;
	double		 dns_age_s;	/* flow start minus answer time */
	bool		 dns_stale;

	char		 reason[768];
	struct owner_info owner;	/* asn 0 when not looked up */
	const char	*ta_flow_type;	/* Azure Traffic Analytics */
	unsigned	 nfindings;
	struct ev_finding findings[FINDING_COUNT];
};

struct ev_dns {
	uint64_t	 ts_us;
	uint64_t	 frame;
	const char	*file;
	char		 client[ADDR_STRLEN], server[ADDR_STRLEN];
	const struct dns_msg *msg;
	const struct dns_chain *chain;
	bool		 via_privatelink;
};

struct ev_finding_at {
	const struct ev_finding *finding;
	uint64_t	 ts_us;
	uint64_t	 frame;
	const char	*file;
	const char	*proto;
	char		 src[ADDR_STRLEN], dst[ADDR_STRLEN];
	uint16_t	 sport, dport;
	struct ev_name	 name;
};

/* An output: any callback may be NULL. */
struct sink {
	void	(*flow)(void *, const struct ev_flow *);
	void	(*dns)(void *, const struct ev_dns *);
	void	(*finding)(void *, const struct ev_finding_at *);
	void	(*stats)(void *, const struct stats *, bool final);
	/* Returns 0, or -1 when the output could not be completed. */
	int	(*close)(void *);
	void	*arg;
};

/* RFC 3339 UTC with microseconds: "2026-11-02T10:00:00.000000Z". */
void	event_format_time(uint64_t ts_us, char buf[32]);

#endif
