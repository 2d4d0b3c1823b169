#include <stdio.h>

#include "compat.h"
#include "nfq.h"

/*
 * nfq.c: placeholder until the inline source lands: every entry point
 * says NFQUEUE is not available.
 */

int
nfq_parse_queues(struct nfq_opts *o, const char *spec, char *errbuf)
{
	(void)o;
	(void)spec;
	snprintf(errbuf, PW_ERRBUF_SIZE, "NFQUEUE is not built in");
	return (-1);
}

int
nfq_run(struct engine *e, const struct nfq_opts *o, char *errbuf)
{
	(void)e;
	(void)o;
	snprintf(errbuf, PW_ERRBUF_SIZE, "NFQUEUE is not built in");
	return (-1);
}

void
nfq_print_rules(FILE *fp, unsigned q)
{
	(void)q;
	fprintf(fp, "# NFQUEUE is not built in\n");
}
