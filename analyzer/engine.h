/*
 * engine.h: the analysis every source feeds.  A capture file, a live
 * interface and an NFQUEUE all hand frames to engine_packet(); the engine
 * decodes them, follows DNS answers and flows, names and labels flows, and
 * tells its outputs (sinks) about flows, answers, findings and counters.
 */
#ifndef PW_ENGINE_H
#define PW_ENGINE_H

#include <stdbool.h>
#include <stdint.h>

#include "event.h"
#include "owner.h"
#include "stats.h"

#define ENGINE_MAX_LIST		64	/* --vnet, --private-endpoint */
#define ENGINE_MAX_SINKS	8
#define ENGINE_MAX_INPUTS	64

struct engine_config {
	uint32_t	 max_flows;
	uint32_t	 max_dns_entries;
	uint32_t	 max_names;
	const char	*zones_file;		/* NULL: built in */
	const char	*platform_file;		/* NULL: built in */
	struct owner_paths owner;		/* asn_db NULL: none */
	const char	*policy_file;		/* NULL: no policy */
	const char	*vnets[ENGINE_MAX_LIST];
	unsigned	 nvnets;
	const char	*endpoints[ENGINE_MAX_LIST];	/* ADDR[=NAME] */
	unsigned	 nendpoints;
	const char	*locals[ENGINE_MAX_LIST];	/* own addresses */
	unsigned	 nlocals;
	uint64_t	 interim_us;		/* live: report open flows */
	int		 enforce;		/* enum classify_enforce */
};

/* What a packet's flow should get, for inline mode. */
enum engine_verdict {
	ENGINE_ACCEPT,
	ENGINE_DROP
};

struct engine;
struct classify_ctx;
struct flow;

void		 engine_config_init(struct engine_config *);
struct engine	*engine_create(const struct engine_config *, char *errbuf);
void		 engine_free(struct engine *);
int		 engine_add_sink(struct engine *, const struct sink *);

/* Starts a new input; frames count from 1 again.  Returns its index. */
int		 engine_begin_input(struct engine *, const char *name, int dlt);
/* Live runs with several interfaces: the link type of the next frames. */
void		 engine_set_linktype(struct engine *, int dlt);
/*
 * One captured frame of the current input.  frame is its number in the
 * input (1-based).  Returns what inline mode should do with it.
 */
enum engine_verdict engine_packet(struct engine *, uint64_t ts_us,
		    const uint8_t *data, uint32_t caplen, uint32_t wirelen,
		    uint64_t frame);
/* Live runs: expire idle flows and write periodic records at now. */
void		 engine_tick(struct engine *, uint64_t now_us);
/* Ends every open flow and writes the final stats. */
void		 engine_flush(struct engine *);
/* Closes the sinks; -1 when one of them failed. */
int		 engine_close(struct engine *);

struct stats	*engine_stats(struct engine *);
const struct classify_ctx *engine_classify_ctx(const struct engine *);
/* The configuration the engine was made from (--vnet list, ...). */
const struct engine_config *engine_get_config(const struct engine *);
const char	*engine_input_name(const struct engine *, unsigned i);
unsigned	 engine_input_count(const struct engine *);
/* Builds the event view of a live or ending flow (TUI, reports). */
void		 engine_flow_view(struct engine *, struct flow *,
		    struct ev_flow *, bool final);
/* Calls fn with a view of every open flow. */
void		 engine_foreach_flow(struct engine *,
		    void (*fn)(const struct ev_flow *, void *), void *arg);

#endif
