#include <stdio.h>
#include <string.h>

#include <curses.h>

#include "tui-int.h"

/*
 * tui-help.c: the help screen ('?'), written from tui_keys[], the same
 * table that dispatches keys, so the two cannot disagree.
 */

static const char *const th_screen_names[TUI_SCR_COUNT] = {
	"main table", "details", "DNS", "findings", "log", "help"
};

/* "main table, DNS" for a scope that is not every screen. */
static void
th_scope(unsigned scope, char *buf, size_t size)
{
	int s;

	buf[0] = '\0';
	if (scope == TUI_IN_ALL)
		return;
	for (s = 0; s < TUI_SCR_COUNT; s++)
		if (scope & TUI_IN(s))
			snprintf(buf + strlen(buf), size - strlen(buf), "%s%s",
			    buf[0] ? ", " : " (", th_screen_names[s]);
	snprintf(buf + strlen(buf), size - strlen(buf), ")");
}

static void
th_build(struct tui *t)
{
	struct tui_doc *d = t->help;
	char scope[128];
	int w = PW_MAX(40, t->cols - 1);
	int l;
	unsigned i;

	d->n = 0;
	tui_doc_add(d, TUI_C_HEADER, w, 0, "Keys");
	for (i = 0; i < tui_nkeys; i++) {
		th_scope(tui_keys[i].scope, scope, sizeof(scope));
		tui_doc_add(d, TUI_C_NORMAL, w, 12, "  %-9s %s%s",
		    tui_keys[i].names, tui_keys[i].help, scope);
	}
	tui_doc_add(d, TUI_C_NORMAL, w, 0, "%s", "");
	tui_doc_add(d, TUI_C_HEADER, w, 0, "Labels (their colours)");
	for (l = LABEL_LOCAL; l < LABEL_COUNT; l++)
		tui_doc_add(d, tui_label_role(l), w, 0, "  %d %s", l,
		    label_name((enum label)l));
	tui_doc_add(d, TUI_C_NORMAL, w, 0, "%s", "");
	tui_doc_add(d, TUI_C_NORMAL, w, 2, "A '!' before a row: the "
	    "destination has a finding.  Columns: flows, bytes out and in, "
	    "rate in bytes a second (%s), time since last packet.  Names "
	    "from the wire are shown escaped (\\xNN).",
	    t->o.offline ? "the average over the capture" : "over the last "
	    "refresh");
}

static void
th_draw(struct tui *t)
{
	tui_doc_draw(t, t->help, &t->help_list, "help: pathwatch terminal "
	    "view");
}

static struct tui_list *
th_list(struct tui *t)
{
	return (&t->help_list);
}

const struct tui_screen tui_screen_help = {
	"help", th_draw, th_list, NULL, th_build
};
