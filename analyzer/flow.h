/*
 * flow.h: the flow table.  A flow is one TCP connection or UDP exchange,
 * keyed both ways, with the client (the side that opened it) stored
 * first.  The table is a fixed array with a hash index and an LRU list in
 * capture time; when it is full the oldest flow is evicted (counted), so
 * memory is bounded whatever the traffic.
 */
#ifndef PW_FLOW_H
#define PW_FLOW_H

#include <stdbool.h>
#include <stdint.h>

#include "addr.h"
#include "decode.h"
#include "label.h"
#include "stats.h"

enum flow_state {
	FLOW_S_UDP,
	FLOW_S_SYN_SENT,		/* only the client's SYN seen */
	FLOW_S_ESTABLISHED,
	FLOW_S_MIDSTREAM,		/* the capture began inside it */
	FLOW_S_CLOSING,			/* a FIN one way */
	FLOW_S_CLOSED,			/* FIN both ways */
	FLOW_S_RESET
};

/* flags */
#define FLOW_F_APP_DONE		0x01	/* SNI/Host sniffing finished */
#define FLOW_F_DNS		0x02	/* carries DNS (port 53) */
#define FLOW_F_STALE		0x04	/* named by an answer past its TTL */
#define FLOW_F_REPORTED		0x08	/* an interim record was written */
#define FLOW_F_DROP		0x10	/* inline: verdict drop */
#define FLOW_F_FIN_CLI		0x20
#define FLOW_F_FIN_SRV		0x40

enum flow_name_source {
	FLOW_NAME_NONE,
	FLOW_NAME_DNS,
	FLOW_NAME_SNI,
	FLOW_NAME_HTTP
};

/*
 * Field order is for the cache: what every packet touches (the key, the
 * hash chain, the LRU links, the time and the counters) comes first and
 * fits in the first 128 bytes; what naming and labelling use comes after.
 */
struct flow {
	struct addr	cli;
	struct addr	srv;
	uint16_t	cport;
	uint16_t	sport;
	uint8_t		proto;
	uint8_t		state;		/* enum flow_state */
	uint8_t		label;		/* enum label */
	uint8_t		flags;
	uint32_t	hnext;		/* hash chain, 0 = end */
	uint32_t	prev, next;	/* LRU, head is the least recent */
	uint32_t	pkts_out;
	uint32_t	pkts_in;
	uint64_t	last_us;
	uint64_t	bytes_out;	/* IP bytes, client to server */
	uint64_t	bytes_in;
	uint64_t	first_us;
	uint64_t	first_frame;

	uint8_t		name_source;	/* enum flow_name_source */
	uint8_t		bypass_cause;	/* enum finding_bypass */
	uint16_t	file;		/* input index */
	uint32_t	findings;	/* bit per enum finding_kind */
	uint32_t	name;		/* strpool id: the flow's name */
	uint32_t	sni;		/* strpool id: SNI or Host seen */
	uint32_t	aux;		/* strpool id: leaked query name */
	uint32_t	answer;		/* dnscache answer id */
	uint16_t	rule;		/* policy rule index + 1 */
	uint16_t	reasm;		/* reassembly slot + 1 */
};

struct flow_table;

/* Called for every flow as it leaves the table, before its slot is reused. */
typedef void (*flow_end_cb)(struct flow *, void *arg);

struct flow_table *flow_table_create(uint32_t max_flows, flow_end_cb,
		    void *arg);
void		 flow_table_free(struct flow_table *);

/*
 * Finds the packet's flow, or creates it (evicting the least recent flow
 * when full).  *created says which; *to_server whether p goes from the
 * client to the server.  NULL only when no slot could be had.
 */
struct flow	*flow_lookup(struct flow_table *, const struct pkt *p,
		    bool *created, bool *to_server, struct stats *);
/* Counts p in f and moves f to the recent end; updates TCP state. */
void		 flow_update(struct flow_table *, struct flow *,
		    const struct pkt *, bool to_server);
/* Ends every flow idle for longer than its timeout at now_us. */
void		 flow_expire(struct flow_table *, uint64_t now_us,
		    struct stats *);
/* Ends every flow (end of input). */
void		 flow_flush(struct flow_table *);
uint32_t	 flow_count(const struct flow_table *);
/* Calls fn for each live flow, least recent first. */
void		 flow_foreach(struct flow_table *,
		    void (*fn)(struct flow *, void *), void *arg);
const char	*flow_state_name(enum flow_state);
const char	*flow_proto_name(uint8_t proto);

#endif
