/*
 * tui.h: the live ncurses view.  The view keeps its own model, fed by
 * engine events (a sink) and by a view of the open flows on each tick;
 * it draws from that model, so drawing never reaches into the engine's
 * tables while they change.
 */
#ifndef PW_TUI_H
#define PW_TUI_H

#include <stdbool.h>
#include <stdint.h>

#include "engine.h"

struct tui_opts {
	const char	*source;	/* "eth0", "captures/x.pcap" */
	int		 interval_ms;	/* redraw period, default 1000 */
	unsigned	 iterations;	/* stop after N redraws; 0: never */
	bool		 offline;	/* a capture file: browse the end */
};

struct tui;

/* Attaches the view's sink to e; the terminal is not touched yet. */
struct tui	*tui_create(struct engine *, const struct tui_opts *,
		    char *errbuf);
/* Takes over the terminal (and the log lines); -1 and errbuf if not. */
int		 tui_start(struct tui *, char *errbuf);
/* The descriptor to poll for keys, or -1. */
int		 tui_fd(const struct tui *);
/*
 * Live runs call this on every tick and when tui_fd() is readable: reads
 * keys, redraws when due.  False once the user quit or iterations ran out.
 */
bool		 tui_tick(struct tui *, uint64_t now_us);
/* Offline: browses the end state until the user quits. */
int		 tui_browse(struct tui *);
/* Gives the terminal back and replays the log lines held meanwhile. */
void		 tui_stop(struct tui *);
void		 tui_free(struct tui *);

#endif
