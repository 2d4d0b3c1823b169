/*
 * out.h: the two outputs every run has: JSON Lines (DESIGN.md, "JSON
 * Lines", a contract: fields are added, never renamed) and the text table
 * on standard output.
 */
#ifndef PW_OUT_H
#define PW_OUT_H

#include <stdbool.h>
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

/* Opens path ("-" is standard output) as a JSON Lines sink. */
int	out_json_open(const char *path, bool flush_each, struct sink *,
	    char *errbuf);
/* Writes an "input" record to a JSON sink made by out_json_open. */
void	out_json_input(void *arg, const struct out_input *);

/* The text table and summary, written to fp. */
int	out_text_open(FILE *fp, bool flush_each, struct sink *, char *errbuf);

#endif
