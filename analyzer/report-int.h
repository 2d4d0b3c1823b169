/*
 * report-int.h: the model an evidence report is written from, shared by
 * report.c (collection, atomic writes), report-html.c, report-md.c,
 * report-json.c and report-merge.c.  The model is filled the same way
 * from a run's events and from JSON Lines read back, so both give the same
 * report.  Every list is bounded; what does not fit is counted.
 */
#ifndef PW_REPORT_INT_H
#define PW_REPORT_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "addr.h"
#include "dns.h"
#include "engine.h"
#include "finding.h"
#include "label.h"
#include "out.h"
#include "owner.h"
#include "report.h"
#include "stats.h"

#define REPORT_NAMES_MAX	2000	/* destination names kept */
#define REPORT_FLOWS_MAX	5000	/* flow rows kept, and as many more */
					/* that carry findings */
#define REPORT_EVIDENCE_MAX	20	/* flows with findings shown a name */
#define REPORT_PATHS_MAX	4	/* distinct paths kept a name */
#define REPORT_LIST_MAX		8	/* resolvers, addresses a name */
#define REPORT_DNS_MAX		65536	/* answers kept to find unused ones */
#define REPORT_UNUSED_MAX	200	/* unused answers listed */
#define REPORT_RUNS_MAX		64
#define REPORT_FILES_MAX	256
#define REPORT_SHORT		24	/* proto, state, TA type, source */

enum report_format {
	REPORT_FMT_HTML,
	REPORT_FMT_MD,
	REPORT_FMT_JSON
};

/* Azure Traffic Analytics flow types; the last is "none" (local). */
enum report_ta {
	REPORT_TA_INTRA,
	REPORT_TA_INTER,
	REPORT_TA_AZURE,
	REPORT_TA_EXTERNAL,
	REPORT_TA_UNKNOWN,
	REPORT_TA_NONE,
	REPORT_TA_COUNT
};

/* Bytes and their length; owned by the model once kept. */
struct report_str {
	char		*s;		/* NULL when absent */
	size_t		 len;
};

/* One final flow.  Filled with borrowed strings, then deep-copied. */
struct report_flow {
	char		 proto[REPORT_SHORT], state[REPORT_SHORT];
	char		 src[ADDR_STRLEN], dst[ADDR_STRLEN];
	uint16_t	 sport, dport;
	uint64_t	 first_us, last_us, first_frame;
	const char	*file;		/* interned by report_file_intern */
	uint64_t	 pkts_out, pkts_in, bytes_out, bytes_in;
	struct report_str name, sni;
	char		 name_source[REPORT_SHORT];	/* "" when none */
	bool		 has_dns;
	struct report_str chain[DNS_CHAIN_MAX];
	unsigned	 nchain;
	char		 dns_server[ADDR_STRLEN];
	uint64_t	 dns_frame;
	const char	*dns_file;	/* interned */
	uint32_t	 dns_ttl;
	bool		 dns_stale;
	enum label	 label;
	struct report_str reason;
	uint32_t	 asn;
	char		 as_org[OWNER_ORG_MAX];
	char		 country[3];
	char		 service_tag[OWNER_TAG_MAX];
	uint32_t	 findings;	/* FINDING_BIT(k) */
	struct report_str detail[FINDING_COUNT];
	bool		 enforced;
	enum report_ta	 ta;

	unsigned	 name_ix;	/* its report_name, or UINT32_MAX */
	unsigned	 next_in_name;	/* evidence list, UINT32_MAX ends */
};

/* One way a name was reached: app -> resolver -> chain -> address. */
struct report_path {
	char		 client[ADDR_STRLEN];
	char		 resolver[ADDR_STRLEN];	/* "" when no DNS answer */
	struct report_str chain[DNS_CHAIN_MAX];
	unsigned	 nchain;
	char		 addr[ADDR_STRLEN];
	enum label	 label;
	uint64_t	 flows;
};

/* Everything seen for one destination name (or address, when unnamed). */
struct report_name {
	struct report_str name;
	bool		 unnamed;	/* name is the destination address */
	unsigned	 labels;	/* 1u << label */
	uint64_t	 flows, bytes_out, bytes_in;
	uint64_t	 first_us, last_us;
	struct report_path paths[REPORT_PATHS_MAX];
	unsigned	 npaths;
	uint64_t	 paths_more;	/* flows on paths not kept */
	char		 resolvers[REPORT_LIST_MAX][ADDR_STRLEN];
	unsigned	 nresolvers;
	char		 addrs[REPORT_LIST_MAX][ADDR_STRLEN];
	unsigned	 naddrs;
	bool		 addrs_more;
	uint32_t	 asn;
	char		 as_org[OWNER_ORG_MAX];
	char		 service_tag[OWNER_TAG_MAX];
	char		 country[3];
	char		 rule[192];	/* "FILE:LINE (allowed)" or "" */
	uint64_t	 finding_flows[FINDING_COUNT];
	uint64_t	 ta[REPORT_TA_COUNT];
	unsigned	 ev_first;	/* kept flows with findings */
	unsigned	 nev;
	uint64_t	 ev_more;	/* flows with findings not kept */
};

/* One DNS answer, kept to tell which were never used. */
struct report_answer {
	const char	*file;		/* interned */
	uint64_t	 frame, ts_us;
	struct report_str query;
	char		 client[ADDR_STRLEN], server[ADDR_STRLEN];
	char		 first[ADDR_STRLEN];	/* first address, or "" */
	unsigned	 naddrs;
	char		 rcode[REPORT_SHORT];
	bool		 used;
};

/* One input (a capture file) and what the report learnt of it. */
struct report_file {
	char		*name;
	bool		 have_input;	/* its "input" record was seen */
	char		 link_type[96];
	uint64_t	 size;
	char		 sha256[65];
	uint64_t	 first_us, last_us, packets, last_good_frame;
	bool		 truncated;
	char		*error;
	uint64_t	 first_dns_us;	/* 0 while no answer seen */
	uint64_t	 flows, flows_before_dns, unnamed_before_dns;
};

/* One run's metadata (the "run" record), owned copies. */
struct report_run {
	char		*version, *host, *source;
	uint64_t	 started_us;
	char		*asn_db, *tags_db, *country_db, *zones_source;
	uint64_t	 zones_count;
	char		*vnets[ENGINE_MAX_LIST];
	unsigned	 nvnets;
	char		*endpoints[ENGINE_MAX_LIST];
	unsigned	 nendpoints;
	char		*policy_origin, *policy_sha256;
};

struct report {
	struct engine	*e;		/* NULL in a merge */
	const struct policy *policy;	/* judges the flows; may be NULL */
	bool		 rejudge;	/* replace recorded policy findings */
	char		*outputs[REPORT_MAX_OUTPUTS];
	enum report_format formats[REPORT_MAX_OUTPUTS];
	unsigned	 noutputs;
	uint64_t	 generated_us;

	struct report_run runs[REPORT_RUNS_MAX];
	unsigned	 nruns;
	uint64_t	 runs_more;
	struct report_file files[REPORT_FILES_MAX];
	unsigned	 nfiles;
	struct stats	 st;		/* summed over runs */
	bool		 have_stats;

	/* totals over every final flow */
	uint64_t	 flows, bytes_out, bytes_in;
	uint64_t	 label_flows[LABEL_COUNT];
	uint64_t	 label_out[LABEL_COUNT], label_in[LABEL_COUNT];
	uint64_t	 ta[REPORT_TA_COUNT];
	uint64_t	 finding_flows[FINDING_COUNT];
	uint64_t	 finding_events[FINDING_COUNT];
	uint64_t	 unnamed_flows, unnamed_public, unnamed_bytes;
	uint64_t	 judged, unmatched;	/* with a policy only */
	uint64_t	 first_us, last_us;	/* over flows */

	struct report_name *names;	/* REPORT_NAMES_MAX */
	unsigned	 nnames;
	uint32_t	*name_hash;	/* 2 * REPORT_NAMES_MAX slots */
	uint64_t	 names_more_flows;	/* flows whose name was not kept */

	struct report_flow *flows_kept;	/* 2 * REPORT_FLOWS_MAX */
	unsigned	 nflows, nplain;
	uint64_t	 flows_more;

	struct report_answer *answers;	/* REPORT_DNS_MAX */
	unsigned	 nanswers;
	uint32_t	*answer_hash;	/* 2 * REPORT_DNS_MAX slots */
	uint64_t	 answers_more;	/* answers not kept */
	uint64_t	 answers_unused;	/* computed by report_prepare */

	/* report_prepare: names in report order */
	unsigned	*order;
};

/* report.c: the model */
struct report	*report_new(char *errbuf);
const char	*report_file_intern(struct report *, const char *name);
struct report_file *report_file_get(struct report *, const char *name);
void		 report_add_run(struct report *, const struct out_run *);
void		 report_add_flow(struct report *, struct report_flow *);
void		 report_add_answer(struct report *,
		    const struct report_answer *);
void		 report_add_stats(struct report *, const struct stats *);
void		 report_add_input(struct report *, const struct out_input *);
/* Sorts and links the model before writing; idempotent. */
void		 report_prepare(struct report *);
/* Turns a TA name into its enum, and back. */
enum report_ta	 report_ta_from_name(const char *);
const char	*report_ta_name(enum report_ta);
/* "holds", "violated" or "no-policy", and how many flows violated. */
const char	*report_verdict(const struct report *);
/* Whether any policy (given or recorded) stands behind the verdict. */
bool		 report_has_policy(const struct report *);
/* The policy's origin and sha256 (given, or from the runs); NULL if none. */
const char	*report_policy_origin(const struct report *);
const char	*report_policy_sha256(const struct report *);
/* Distinct values of one run field over all runs, into out (max n). */
unsigned	 report_run_values(const struct report *, size_t off,
		    const char **out, unsigned n);
/* Distinct VNet ranges over all runs, sorted. */
unsigned	 report_vnets(const struct report *, const char **out,
		    unsigned n);

/* The three formats; each returns -1 when fp reports an error. */
int		 report_write_html(const struct report *, FILE *);
int		 report_write_md(const struct report *, FILE *);
int		 report_write_json(const struct report *, FILE *);

/* report-jsonl.c: one JSON value read from untrusted text. */
enum report_jv_type {
	REPORT_JV_NULL,
	REPORT_JV_BOOL,
	REPORT_JV_NUM,
	REPORT_JV_STR,
	REPORT_JV_ARR,
	REPORT_JV_OBJ
};

struct report_jv {
	enum report_jv_type type;
	bool		 b;
	double		 num;
	const char	*s;		/* STR: decoded bytes, NUL after */
	size_t		 len;
	const char	*key;		/* a member's key, decoded */
	size_t		 keylen;
	int		 child;		/* ARR/OBJ: first item, -1 none */
	int		 next;		/* next sibling, -1 none */
};

#define REPORT_JSONL_LINE_MAX	(1u << 20)	/* bytes a line */
#define REPORT_JSONL_NODES_MAX	4096		/* values a line */
#define REPORT_JSONL_DEPTH_MAX	16

struct report_jdoc {
	struct report_jv nodes[REPORT_JSONL_NODES_MAX];
	int		 nnodes;
	char		*strbuf;	/* decoded strings */
	size_t		 strused, strsize;
};

/* Parses one line (RFC 8259); 0, or -1 with a reason in err (128). */
int		 report_jsonl_parse(struct report_jdoc *, const char *line,
		    size_t len, char *err);
/* The member key of object o, or NULL. */
const struct report_jv *report_jv_get(const struct report_jdoc *,
		    const struct report_jv *o, const char *key);
/* Helpers: the value or a default when absent or of another type. */
const char	*report_jv_str(const struct report_jdoc *,
		    const struct report_jv *o, const char *key, size_t *len);
uint64_t	 report_jv_u64(const struct report_jdoc *,
		    const struct report_jv *o, const char *key);
bool		 report_jv_bool(const struct report_jdoc *,
		    const struct report_jv *o, const char *key);
/* RFC 3339 "YYYY-MM-DDTHH:MM:SS[.ffffff]Z" to microseconds; 0 if bad. */
uint64_t	 report_parse_time(const char *s, size_t len);

/* Shared by the writers: sizes, times, escaping helpers. */
void		 report_fmt_bytes(uint64_t n, char buf[32]);
void		 report_fmt_time(uint64_t us, char buf[32]);

#endif
