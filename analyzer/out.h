/*
 * out.h: the two outputs every run has: JSON Lines (DESIGN.md, "JSON
 * Lines", a contract: fields are added, never renamed) and the text table
 * on standard output.
 */
#ifndef PW_OUT_H
#define PW_OUT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "event.h"

/* One input's end, for the "input" record and the reports. */
struct out_input {
	const char	*file;
	char		 link_type[96];
	uint64_t	 size;		/* bytes read from the file */
	char		 sha256[65];	/* of those bytes, hex */
	uint64_t	 first_us;	/* first and last packet times */
	uint64_t	 last_us;
	uint64_t	 packets;
	bool		 truncated;
	uint64_t	 last_good_frame;
	const char	*error;		/* NULL when read to the end */
};

/* What decided a run's labels, for the "run" record and the reports. */
#define OUT_DESC_MAX	512

struct engine;

struct out_run {
	const char	*version;	/* PW_VERSION */
	char		 host[256];
	const char	*source;	/* interface, "nfqueue"; NULL: files */
	uint64_t	 started_us;	/* wall clock */
	char		 asn_db[OUT_DESC_MAX];	/* owner_describe(), "none" */
	char		 tags_db[OUT_DESC_MAX];
	char		 country_db[OUT_DESC_MAX];
	const char	*zones_source;
	size_t		 zones_count;
	const char *const *vnets;	/* --vnet, as given */
	unsigned	 nvnets;
	const char *const *endpoints;	/* --private-endpoint, as given */
	unsigned	 nendpoints;
	const char	*policy_origin;	/* NULL: no policy */
	const char	*policy_sha256;
};

/* Fills r from e; the strings live as long as e. */
void	out_run_describe(const struct engine *e, const char *source,
	    struct out_run *r);

/* Opens path ("-" is standard output) as a JSON Lines sink. */
int	out_json_open(const char *path, bool flush_each, struct sink *,
	    char *errbuf);
/* Writes an "input" record to a JSON sink made by out_json_open. */
void	out_json_input(void *arg, const struct out_input *);
/* Writes the "run" record (once, before the first event) of e's run. */
void	out_json_run(void *arg, const struct engine *e, const char *source);

/* The text table and summary, written to fp. */
int	out_text_open(FILE *fp, bool flush_each, struct sink *, char *errbuf);
/* A run that failed before it read anything: no empty summary at close. */
void	out_text_no_summary(void *arg);

#endif
