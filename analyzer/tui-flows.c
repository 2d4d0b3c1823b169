#include <stdio.h>
#include <string.h>

#include <curses.h>

#include "tui-int.h"

/*
 * tui-flows.c: the main screen: the header (source, time, packets, and
 * per label flows, bytes and rate), the table of destinations (or flows,
 * 'g'), the newest findings and the status line.  It draws only from the
 * snapshot; the cursor and sort live in struct tui.
 */

/* Column widths for a screen cols wide. */
struct tf_cols {
	int	 lw, nw, aw;
};

#define TF_NUMS		(1 + 5 + 1 + 4 + 1 + 4 + 1 + 4 + 1 + 4)

static const char *const tf_sort_names[TUI_SORT_COUNT] = {
	"bytes", "rate", "flows", "last seen", "name", "label", "address"
};

static void
tf_layout(const struct tui *t, struct tf_cols *c)
{
	int rest;

	c->lw = t->cols >= 100 ? 15 : 9;
	rest = t->cols - 2 - (c->lw + 1) - TF_NUMS - 1;
	c->aw = PW_MIN(21, rest / 2);
	if (rest - c->aw > 50)
		c->aw = PW_MIN(ADDR_STRLEN + 8, rest - 50);
	c->nw = rest - c->aw - 1;
	if (c->nw < 4)
		c->nw = 4;
}

static const char *
tf_label_text(const struct tui *t, int label)
{
	return (t->cols >= 100 ? label_name((enum label)label) :
	    tui_label_short(label));
}

static void
tf_header(struct tui *t)
{
	const struct tui_snap *sn = &t->snap;
	char buf[512], el[32];
	uint64_t s = sn->elapsed_us / 1000000;
	char src[128];

	tui_esc(src, sizeof(src), t->o.source, strlen(t->o.source));
	snprintf(el, sizeof(el), "%u:%02u:%02u", (unsigned)(s / 3600),
	    (unsigned)(s / 60 % 60), (unsigned)(s % 60));
	snprintf(buf, sizeof(buf), "pathwatch  %s %s  %s %s  packets %llu, "
	    "dropped %llu%s", t->o.offline ? "file" : "on", src,
	    t->o.offline ? "span" : "up", el,
	    (unsigned long long)sn->packets, (unsigned long long)sn->drops,
	    t->paused ? "  [PAUSED]" : "");
	/* The legend of the label lines, where it fits. */
	if (strlen(buf) + 19 <= (size_t)t->cols)
		strcat(buf, "  (flows bytes B/s)");
	tui_put(t, 0, 0, t->cols, buf, false, tui_attr(t, TUI_C_HEADER));
}

/* Lines 1-2: each label's key, name, flows, bytes and rate. */
static void
tf_labels(struct tui *t)
{
	const struct tui_snap *sn = &t->snap;
	int cw = (t->cols - 2) / 3, l, i, role;
	char fl[8], by[8], ra[8], buf[96];

	for (i = 0, l = LABEL_LOCAL; l < LABEL_COUNT; l++, i++) {
		tui_human(fl, (double)sn->lt[l].flows);
		tui_human(by, (double)sn->lt[l].bytes);
		tui_human(ra, sn->lt[l].rate);
		snprintf(buf, sizeof(buf), "%d %-*s %4s %4s %4s", l,
		    t->cols >= 100 ? 15 : 9, tf_label_text(t, l), fl, by, ra);
		role = tui_label_role(l);
		if (t->only_label != 0 && t->only_label != l)
			role = TUI_C_MUTED;
		tui_put(t, 1 + i / 3, (i % 3) * (cw + 1), cw, buf, false,
		    tui_attr(t, role));
	}
}

static void
tf_titles(struct tui *t, const struct tf_cols *c, int y)
{
	char buf[512];

	snprintf(buf, sizeof(buf), "! %-*s %-*.*s %-*s %5s %4s %4s %4s %4s",
	    c->lw, "label", c->nw, c->nw, t->by_flow ? "name (by flow)" :
	    "name", c->aw, "address:port", "flows", "out", "in", "B/s", "last");
	tui_list_draw_bar(t, y, buf);
}

static void
tf_row(struct tui *t, const struct tf_cols *c, int y,
    const struct tui_srow *s, bool sel)
{
	int x = 0, base = sel ? tui_attr(t, TUI_C_CURSOR) : 0;
	char fl[8], out[8], in[8], ra[8], ago[8], nums[64];

	if (sel) {
		attron(base);
		mvhline(y, 0, ' ', t->cols);
		attroff(base);
	}
	tui_put(t, y, x, 1, s->findings ? "!" : " ", false, base |
	    (s->findings ? tui_attr(t, TUI_C_ALERT) : 0));
	x += 2;
	tui_put(t, y, x, c->lw, tf_label_text(t, s->label), false, base |
	    tui_attr(t, tui_label_role(s->label)));
	x += c->lw + 1;
	tui_put(t, y, x, c->nw, s->name, s->cut, base);
	x += c->nw + 1;
	tui_put(t, y, x, c->aw, s->addr, false, base);
	x += c->aw + 1;
	tui_human(fl, (double)s->flows);
	tui_human(out, (double)s->out);
	tui_human(in, (double)s->in);
	tui_human(ra, s->rate);
	tui_ago(ago, t->snap.at_us, s->last_us);
	snprintf(nums, sizeof(nums), "%5s %4s %4s %4s %4s", fl, out, in, ra,
	    ago);
	tui_put(t, y, x, t->cols - x, nums, false, base);
}

/* The newest findings, one readable line each. */
static void
tf_findings(struct tui *t, int y, int lines)
{
	const struct tui_find *f;
	char det[2048], buf[2300], clk[16];
	uint64_t seq = t->snap.find_seq;
	int i;

	if (seq == 0) {
		tui_put(t, y, 0, t->cols, "no findings", false,
		    tui_attr(t, TUI_C_MUTED));
		return;
	}
	for (i = 0; i < lines && seq > 0; i++, seq--) {
		if ((f = tui_model_find(&t->m, seq)) == NULL)
			break;
		tui_esc(det, sizeof(det), f->detail, strlen(f->detail));
		tui_clock(clk, f->ts_us);
		snprintf(buf, sizeof(buf), "! %s %s: %s", clk,
		    tui_finding_name(f->kind), det);
		tui_put(t, y + i, 0, t->cols, buf, false,
		    tui_attr(t, TUI_C_ALERT));
	}
}

static void
tf_status(struct tui *t)
{
	char buf[512], filt[TUI_FILTER_MAX + 8] = "";

	if (t->filter[0] != '\0')
		snprintf(filt, sizeof(filt), "  /%s", t->filter);
	snprintf(buf, sizeof(buf), "%d/%d %s  sort %s%s  label %s%s  "
	    "q quit  ? help%s", t->nvis, t->by_flow ? t->snap.nflows :
	    t->snap.nrows, t->by_flow ? "flows" : "names",
	    tf_sort_names[t->sort], t->reverse ? " (reversed)" : "",
	    t->only_label ? label_name((enum label)t->only_label) : "all",
	    filt, t->snap.log_seq > 0 ? "  l log" : "");
	tui_status(t, buf);
}

static const struct tui_srow *
tf_src(const struct tui *t)
{
	return (t->by_flow ? t->snap.flows : t->snap.rows);
}

void
tui_main_select(struct tui *t)
{
	const struct tui_srow *s;

	if (t->main_list.cur < 0 || t->main_list.cur >= t->nvis)
		return;
	s = &tf_src(t)[t->vis[t->main_list.cur]];
	t->sel_idx = s->idx;
	t->sel_gen = s->gen;
}

static int
tf_page(const struct tui *t)
{
	return (PW_MAX(1, t->rows - 7));
}

static void
tf_draw(struct tui *t)
{
	struct tf_cols c;
	struct tui_list *l = &t->main_list;
	int y, page = tf_page(t);

	tf_layout(t, &c);
	tf_header(t);
	tf_labels(t);
	tf_titles(t, &c, 3);
	tui_list_fix(l, t->nvis, page);
	tui_main_select(t);
	for (y = 0; y < page && l->top + y < t->nvis; y++)
		tf_row(t, &c, 4 + y, &tf_src(t)[t->vis[l->top + y]],
		    l->top + y == l->cur);
	if (t->nvis == 0)
		tui_put(t, 4, 2, t->cols - 2, t->snap.nrows == 0 ?
		    "no flows yet" : "no rows match (0 shows every label, "
		    "/ changes the filter)", false, tui_attr(t, TUI_C_MUTED));
	tf_findings(t, t->rows - 3, 2);
	tf_status(t);
}

static struct tui_list *
tf_list(struct tui *t)
{
	t->main_list.page = tf_page(t);
	return (&t->main_list);
}

static void
tf_open(struct tui *t)
{
	const struct tui_srow *s;

	if (t->main_list.cur < 0 || t->main_list.cur >= t->nvis)
		return;
	s = &tf_src(t)[t->vis[t->main_list.cur]];
	t->det_srow = *s;
	tui_detail_open(t, t->by_flow ? 1 : 0, s->idx, s->gen, 0);
}

const struct tui_screen tui_screen_main = {
	"main", tf_draw, tf_list, tf_open, NULL
};
