#include <stdio.h>
#include <stdlib.h>

#include "compat.h"
#include "report.h"

/*
 * report.c: placeholder until the evidence reports land: every entry
 * point says reports are not available.
 */

struct report *
report_create(struct engine *e, char *errbuf)
{
	(void)e;
	snprintf(errbuf, PW_ERRBUF_SIZE, "reports are not built in");
	return (NULL);
}

int
report_add_output(struct report *r, const char *path, char *errbuf)
{
	(void)r;
	(void)path;
	snprintf(errbuf, PW_ERRBUF_SIZE, "reports are not built in");
	return (-1);
}

void
report_input(struct report *r, const struct out_input *in)
{
	(void)r;
	(void)in;
}

void
report_live_source(struct report *r, const char *ifaces)
{
	(void)r;
	(void)ifaces;
}

int
report_write(struct report *r, char *errbuf)
{
	(void)r;
	snprintf(errbuf, PW_ERRBUF_SIZE, "reports are not built in");
	return (-1);
}

void
report_free(struct report *r)
{
	free(r);
}

int
report_merge_main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "pathwatch: reports are not built in\n");
	return (2);
}
