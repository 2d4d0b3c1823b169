#include <stdio.h>
#include <string.h>

#include <curses.h>

#include "tui-int.h"

/*
 * tui-findings.c: the findings pane ('f'): the newest findings first, one
 * line each that reads on its own (kind, then the engine's sentence,
 * which starts with the name); Enter opens one in the detail screen.
 */

static int
tfi_count(const struct tui *t)
{
	return ((int)PW_MIN(t->snap.find_seq, (uint64_t)TUI_MAX_FINDINGS));
}

static void
tfi_draw(struct tui *t)
{
	struct tui_list *l = &t->find_list;
	const struct tui_find *f;
	char det[2600], buf[2800], clk[16], hint[128];
	int y, page = PW_MAX(1, t->rows - 2), a;

	tui_list_draw_bar(t, 0, "findings, newest first");
	tui_list_fix(l, tfi_count(t), page);
	for (y = 0; y < page && l->top + y < l->n; y++) {
		f = tui_model_find(&t->m, t->snap.find_seq -
		    (uint64_t)(l->top + y));
		if (f == NULL)
			break;
		tui_esc(det, sizeof(det), f->detail, strlen(f->detail));
		tui_clock(clk, f->ts_us);
		snprintf(buf, sizeof(buf), "%s %s: %s", clk,
		    tui_finding_name(f->kind), det);
		a = tui_attr(t, TUI_C_ALERT);
		if (l->top + y == l->cur) {
			a |= tui_attr(t, TUI_C_CURSOR);
			attron(a);
			mvhline(y + 1, 0, ' ', t->cols);
			attroff(a);
		}
		tui_put(t, y + 1, 0, t->cols, buf, false, a);
	}
	if (l->n == 0)
		tui_put(t, 1, 0, t->cols, "no findings", false,
		    tui_attr(t, TUI_C_MUTED));
	snprintf(hint, sizeof(hint), "%d findings  Enter details  Esc back  "
	    "d DNS  ? help", l->n);
	tui_status(t, hint);
}

static struct tui_list *
tfi_list(struct tui *t)
{
	return (&t->find_list);
}

static void
tfi_open(struct tui *t)
{
	if (t->find_list.n == 0)
		return;
	tui_detail_open(t, 3, 0, 0, t->snap.find_seq -
	    (uint64_t)t->find_list.cur);
}

const struct tui_screen tui_screen_findings = {
	"findings", tfi_draw, tfi_list, tfi_open, NULL
};
