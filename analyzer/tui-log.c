#include <stdio.h>
#include <string.h>

#include <curses.h>

#include "tui-int.h"

/*
 * tui-log.c: the log pane ('l'): the log lines held while the screen is
 * up, newest first.  tui_stop writes them to stderr when the screen goes.
 * Log lines were escaped by log.c already.
 */

static void
tlg_draw(struct tui *t)
{
	struct tui_list *l = &t->log_list;
	const struct tui_logline *x;
	int y, page = PW_MAX(1, t->rows - 2), a;
	char hint[96];

	tui_list_draw_bar(t, 0, "log lines, newest first (written to stderr "
	    "when the screen closes)");
	tui_list_fix(l, (int)PW_MIN(t->m.log_seq, (uint64_t)TUI_MAX_LOG),
	    page);
	for (y = 0; y < page && l->top + y < l->n; y++) {
		x = tui_model_logline(&t->m, t->m.log_seq -
		    (uint64_t)(l->top + y));
		if (x == NULL)
			break;
		a = x->level <= 1 ? tui_attr(t, TUI_C_ALERT) : 0;
		if (l->top + y == l->cur)
			a |= tui_attr(t, TUI_C_CURSOR);
		tui_put(t, y + 1, 0, t->cols, x->text, false, a);
	}
	if (l->n == 0)
		tui_put(t, 1, 0, t->cols, "no log lines", false,
		    tui_attr(t, TUI_C_MUTED));
	snprintf(hint, sizeof(hint), "%d lines  Esc back  ? help", l->n);
	tui_status(t, hint);
}

static struct tui_list *
tlg_list(struct tui *t)
{
	return (&t->log_list);
}

const struct tui_screen tui_screen_log = {
	"log", tlg_draw, tlg_list, NULL, NULL
};
