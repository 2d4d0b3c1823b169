/*
 * report.h: evidence reports for auditors (HTML, Markdown, JSON).  A
 * report collects, through a sink, every flow, answer and finding of a
 * run (or of JSON Lines written earlier), and writes each output
 * atomically when the run ends.
 */
#ifndef PW_REPORT_H
#define PW_REPORT_H

#include <stdbool.h>

#include "engine.h"
#include "out.h"

#define REPORT_MAX_OUTPUTS	8

struct report;

/* Attaches the report's sink to e. */
struct report	*report_create(struct engine *, char *errbuf);
/* Adds an output; the format comes from the extension (.html .md .json). */
int		 report_add_output(struct report *, const char *path,
		    char *errbuf);
/* An input has been read to its end (or failed: res->error). */
void		 report_input(struct report *, const struct out_input *);
/* A live source: its interface name(s). */
void		 report_live_source(struct report *, const char *ifaces);
/* Writes every output; -1 and errbuf when one could not be written. */
int		 report_write(struct report *, char *errbuf);
void		 report_free(struct report *);

/*
 * `pathwatch report FILE.jsonl ... --report OUT ...`: merges JSON Lines
 * written by earlier runs into one report.  Returns the exit status.
 */
int		 report_merge_main(int argc, char **argv);

#endif
