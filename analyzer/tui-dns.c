#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <curses.h>

#include "tui-int.h"

/*
 * tui-dns.c: the DNS pane ('d'): the newest answers first, one line each
 * (time, type and code, resolver, the chain and its addresses); Enter
 * opens an answer in the detail screen.  It shows the answers up to the
 * snapshot's, so a paused screen stays still.
 */

#define TDN_ESC		(TUI_NAME_MAX * 4 + 1)

/* How many answers the pane can list: up to the snapshot, still held. */
static int
tdn_count(const struct tui *t)
{
	uint64_t n = t->snap.dns_seq;

	return ((int)PW_MIN(n, (uint64_t)TUI_MAX_DNS));
}

static void
tdn_line(struct tui *t, int y, const struct tui_dns *d, bool sel)
{
	char buf[4096], n[TDN_ESC], clk[16], b1[8], b2[8];
	size_t len;
	unsigned i;
	int a = sel ? tui_attr(t, TUI_C_CURSOR) : 0;

	tui_clock(clk, d->ts_us);
	len = (size_t)snprintf(buf, sizeof(buf), "%s %-5s %-8s %-15s ", clk,
	    dns_type_name(d->qtype, b1), dns_rcode_name(d->rcode, b2),
	    d->server);
	for (i = 0; i < d->nchain && len < sizeof(buf); i++) {
		tui_esc(n, sizeof(n), d->chain[i].s, d->chain[i].len);
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%s",
		    i ? " > " : "", n);
	}
	for (i = 0; i < d->naddrs && len < sizeof(buf); i++)
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%s",
		    i ? "," : " = ", d->addrs[i]);
	if (len < sizeof(buf))
		snprintf(buf + len, sizeof(buf) - len, "  ttl %u", d->ttl);
	if (sel) {
		attron(a);
		mvhline(y, 0, ' ', t->cols);
		attroff(a);
	}
	tui_put(t, y, 0, t->cols, buf, false, a | (d->via_pl ?
	    tui_attr(t, TUI_C_PRIVATE_LINK) : 0));
}

static void
tdn_draw(struct tui *t)
{
	struct tui_list *l = &t->dns_list;
	const struct tui_dns *d;
	int y, page = PW_MAX(1, t->rows - 2);
	char hint[128];

	tui_list_draw_bar(t, 0, "DNS answers, newest first: time type rcode "
	    "resolver query > CNAME ... = addresses");
	tui_list_fix(l, tdn_count(t), page);
	for (y = 0; y < page && l->top + y < l->n; y++) {
		d = tui_model_dns(&t->m, t->snap.dns_seq - (uint64_t)(l->top +
		    y));
		if (d == NULL)
			break;
		tdn_line(t, y + 1, d, l->top + y == l->cur);
	}
	if (l->n == 0)
		tui_put(t, 1, 0, t->cols, "no DNS answers yet", false,
		    tui_attr(t, TUI_C_MUTED));
	snprintf(hint, sizeof(hint), "%d answers  Enter details  Esc back  "
	    "f findings  ? help", l->n);
	tui_status(t, hint);
}

static struct tui_list *
tdn_list(struct tui *t)
{
	return (&t->dns_list);
}

static void
tdn_open(struct tui *t)
{
	struct tui_list *l = &t->dns_list;

	if (l->n == 0)
		return;
	tui_detail_open(t, 2, 0, 0, t->snap.dns_seq - (uint64_t)l->cur);
}

const struct tui_screen tui_screen_dns = {
	"dns", tdn_draw, tdn_list, tdn_open, NULL
};
