#include <stdio.h>
#include <stdlib.h>

#include "compat.h"
#include "tui.h"

/*
 * tui.c: placeholder until the terminal view lands: every entry point
 * says the view is not available, so callers need no #ifdef.
 */

struct tui *
tui_create(struct engine *e, const struct tui_opts *o, char *errbuf)
{
	(void)e;
	(void)o;
	snprintf(errbuf, PW_ERRBUF_SIZE, "the terminal view is not built in");
	return (NULL);
}

int
tui_start(struct tui *t, char *errbuf)
{
	(void)t;
	snprintf(errbuf, PW_ERRBUF_SIZE, "the terminal view is not built in");
	return (-1);
}

int
tui_fd(const struct tui *t)
{
	(void)t;
	return (-1);
}

bool
tui_tick(struct tui *t, uint64_t now_us)
{
	(void)t;
	(void)now_us;
	return (false);
}

int
tui_browse(struct tui *t)
{
	(void)t;
	return (-1);
}

void
tui_stop(struct tui *t)
{
	(void)t;
}

void
tui_free(struct tui *t)
{
	free(t);
}
