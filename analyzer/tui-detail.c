#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <curses.h>

#include "tui-int.h"

/*
 * tui-detail.c: the detail screen: the whole evidence for one destination
 * row, one flow, one DNS answer or one finding, written as wrapped lines
 * of text (a doc) from the model, again at each refresh unless paused.
 * Every name and engine sentence is escaped before it is written in.
 */

enum { TD_ROW, TD_FLOW, TD_DNS, TD_FINDING };

#define TD_ESC		(TUI_NAME_MAX * 4 + 1)

static int
td_width(const struct tui *t)
{
	return (PW_MAX(20, t->cols - 1));
}

static void
td_add(struct tui *t, int role, int indent, const char *fmt, ...)
    PW_PRINTFLIKE(4, 5);

static void
td_add(struct tui *t, int role, int indent, const char *fmt, ...)
{
	char buf[4096];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	tui_doc_add(t->doc, role, td_width(t), indent, "%s",
	    buf);
}

static const char *
td_name(char out[TD_ESC], const struct tui_name *n)
{
	tui_esc(out, TD_ESC, n->s, n->len);
	return (out);
}

static const char *
td_text(char *out, size_t size, const char *s)
{
	tui_esc(out, size, s, strlen(s));
	return (out);
}

static void
td_owner(struct tui *t, const struct owner_info *o)
{
	char org[OWNER_ORG_MAX * 4], tag[OWNER_TAG_MAX * 4];

	td_add(t, TUI_C_HEADER, 0, "Owner");
	if (o->asn == 0) {
		td_add(t, TUI_C_NORMAL, 4, "  not looked up (a private or "
		    "platform address, or no ASN database)");
		return;
	}
	td_add(t, TUI_C_NORMAL, 4, "  AS%u %s%s", o->asn,
	    td_text(org, sizeof(org), o->as_org), o->microsoft ?
	    " (Microsoft)" : "");
	if (o->service_tag[0] != '\0')
		td_add(t, TUI_C_NORMAL, 4, "  service tag %s",
		    td_text(tag, sizeof(tag), o->service_tag));
	if (o->country[0] != '\0')
		td_add(t, TUI_C_NORMAL, 4, "  country %s", o->country);
}

static void
td_chain(struct tui *t, const struct tui_evidence *ev, const char *dst)
{
	char n[TD_ESC];
	unsigned i;

	td_add(t, TUI_C_HEADER, 0, "DNS");
	if (!ev->has_dns) {
		td_add(t, TUI_C_NORMAL, 4, "  no DNS answer named this "
		    "destination%s%s", ev->name_source[0] ? "; named by " : "",
		    ev->name_source);
		return;
	}
	for (i = 0; i < ev->nchain; i++)
		td_add(t, TUI_C_NORMAL, 8, "  %-6s %s", i == 0 ? "query" :
		    "CNAME", td_name(n, &ev->chain[i]));
	td_add(t, TUI_C_NORMAL, 8, "  %-6s %s", "answer", dst);
	td_add(t, ev->stale ? TUI_C_ALERT : TUI_C_NORMAL, 4, "  TTL %u s, "
	    "answered %.3f s before the flow%s, resolver %s, frame %" PRIu64,
	    ev->ttl, ev->age_s, ev->stale ? " (past its TTL: stale)" : "",
	    ev->server, ev->dns_frame);
}

static void
td_sni(struct tui *t, const struct tui_evidence *ev)
{
	char n[TD_ESC];

	if (ev->sni.len > 0)
		td_add(t, TUI_C_NORMAL, 4, "  TLS SNI / HTTP Host: %s",
		    td_name(n, &ev->sni));
	if (ev->name_source[0] != '\0')
		td_add(t, TUI_C_NORMAL, 4, "  name from: %s",
		    ev->name_source);
}

/* The recent answers for a query name, from the DNS ring. */
static void
td_answers(struct tui *t, const struct tui_name *q)
{
	const struct tui_dns *d;
	char clk[16], addrs[256];
	uint64_t seq;
	int shown = 0;
	unsigned i;

	for (seq = t->m.dns_seq; seq > 0 && shown < 8; seq--) {
		if ((d = tui_model_dns(&t->m, seq)) == NULL)
			break;
		if (d->chain[0].len != q->len ||
		    memcmp(d->chain[0].s, q->s, q->len) != 0)
			continue;
		if (shown++ == 0)
			td_add(t, TUI_C_HEADER, 0, "Recent answers for this "
			    "name");
		addrs[0] = '\0';
		for (i = 0; i < d->naddrs; i++)
			snprintf(addrs + strlen(addrs), sizeof(addrs) -
			    strlen(addrs), "%s%s", i ? ", " : "", d->addrs[i]);
		tui_clock(clk, d->ts_us);
		td_add(t, TUI_C_NORMAL, 4, "  %s frame %" PRIu64 " from %s: "
		    "%u names, %s%s TTL %u", clk, d->frame, d->server,
		    d->nchain, addrs[0] ? addrs : "no address",
		    d->via_pl ? " (via private-link)" : "", d->ttl);
	}
}

/* Findings from the ring about a name (or an address when unnamed). */
static void
td_findings(struct tui *t, const struct tui_name *name, bool named,
    const char *dst, uint32_t bits)
{
	const struct tui_find *f;
	char det[2600], clk[16];
	uint64_t seq;
	uint32_t seen = 0;
	int shown = 0, k;

	td_add(t, TUI_C_HEADER, 0, "Findings");
	for (seq = t->m.find_seq; seq > 0 && shown < 20; seq--) {
		if ((f = tui_model_find(&t->m, seq)) == NULL)
			break;
		if (named ? (f->name.len != name->len || memcmp(f->name.s,
		    name->s, name->len) != 0) : strcmp(f->dst, dst) != 0)
			continue;
		tui_clock(clk, f->ts_us);
		td_add(t, TUI_C_ALERT, 4, "  %s: %s (%s frame %" PRIu64 ", "
		    "%s %s:%u -> %s:%u%s)", tui_finding_name(f->kind),
		    td_text(det, sizeof(det), f->detail), clk, f->frame,
		    f->proto, f->src, f->sport, f->dst, f->dport,
		    f->enforced ? ", dropped" : "");
		seen |= FINDING_BIT(f->kind);
		shown++;
	}
	for (k = 0; k < FINDING_COUNT; k++)
		if ((bits & FINDING_BIT(k)) && !(seen & FINDING_BIT(k))) {
			td_add(t, TUI_C_ALERT, 4, "  %s (its detail is no "
			    "longer held)", tui_finding_name(k));
			shown++;
		}
	if (shown == 0)
		td_add(t, TUI_C_NORMAL, 4, "  none");
}

static void
td_flow_line(struct tui *t, const struct tui_flow *x)
{
	char file[96 * 4];
	uint32_t k;
	char fk[160] = "";

	for (k = 0; k < FINDING_COUNT; k++)
		if (x->findings & FINDING_BIT(k))
			snprintf(fk + strlen(fk), sizeof(fk) - strlen(fk),
			    " [%s]", tui_finding_name((int)k));
	td_add(t, TUI_C_NORMAL, 6, "  %s %s:%u -> %s:%u %s, out %" PRIu64
	    " B in %" PRIu64 " B (%u/%u packets), first frame %" PRIu64
	    "%s%s%s", x->proto == 6 ? "tcp" : "udp", x->src, x->sport,
	    x->dst, x->dport, x->state, x->out, x->in, x->pkts_out,
	    x->pkts_in, x->first_frame, x->file[0] ? " of " : "",
	    td_text(file, sizeof(file), x->file), fk);
}

static void
td_row_flows(struct tui *t, int ri, uint32_t gen)
{
	int i, shown = 0, total = 0;

	td_add(t, TUI_C_HEADER, 0, "Flows");
	for (i = 0; i < t->m.flow_free; i++) {
		const struct tui_flow *x = &t->m.flows[i];

		if (!x->used || x->row != ri || x->row_gen != gen)
			continue;
		total++;
		if (shown < 200) {
			td_flow_line(t, x);
			shown++;
		}
	}
	if (total > shown)
		td_add(t, TUI_C_MUTED, 4, "  and %d more", total - shown);
	if (total == 0)
		td_add(t, TUI_C_MUTED, 4, "  none held any more");
}

static void
td_label(struct tui *t, int label, const char *reason)
{
	char r[768 * 4];

	td_add(t, tui_label_role(label), 0, "Label: %s",
	    label_name((enum label)label));
	td_add(t, TUI_C_NORMAL, 4, "  %s", td_text(r, sizeof(r), reason));
}

static void
td_build_row(struct tui *t)
{
	const struct tui_row *r = &t->m.rows[t->det_idx];
	char n[TD_ESC], c1[16], c2[16];

	if (t->det_idx < 0 || t->det_idx >= TUI_MAX_ROWS || !r->used ||
	    r->gen != t->det_gen) {
		td_add(t, TUI_C_ALERT, 0, "%s: no longer held (the view's "
		    "table was full and reused its slot)", t->det_srow.name);
		return;
	}
	td_add(t, TUI_C_HEADER, 0, "%s %s", r->named ? "Name" : "Address "
	    "(no name seen)", td_name(n, &r->name));
	tui_clock(c1, r->first_us);
	tui_clock(c2, r->last_us);
	td_add(t, TUI_C_NORMAL, 4, "  newest %s, %" PRIu64 " flows, out %"
	    PRIu64 " B, in %" PRIu64 " B, first seen %s, last seen %s UTC",
	    r->addr, r->ret_flows + r->open_flows, r->ret_out + r->open_out,
	    r->ret_in + r->open_in, c1, c2);
	td_label(t, r->label, r->ev.reason);
	td_chain(t, &r->ev, r->ev.dst);
	td_sni(t, &r->ev);
	if (r->named)
		td_answers(t, &r->name);
	td_owner(t, &r->ev.owner);
	td_findings(t, &r->name, r->named, r->name.s, r->findings);
	td_row_flows(t, t->det_idx, r->gen);
}

static void
td_build_flow(struct tui *t)
{
	const struct tui_flow *x = &t->m.flows[t->det_idx];
	const struct tui_row *r;

	if (!x->used || x->gen != t->det_gen) {
		td_add(t, TUI_C_ALERT, 0, "%s %s: no longer held",
		    t->det_srow.name, t->det_srow.addr);
		return;
	}
	r = x->row >= 0 && t->m.rows[x->row].gen == x->row_gen ?
	    &t->m.rows[x->row] : NULL;
	td_add(t, TUI_C_HEADER, 0, "Flow to %s", t->det_srow.name);
	td_flow_line(t, x);
	if (r == NULL) {
		td_add(t, TUI_C_MUTED, 0, "its destination row is no longer "
		    "held");
		return;
	}
	td_add(t, TUI_C_MUTED, 0, "(evidence of the newest flow to this "
	    "destination)");
	td_label(t, x->label, r->ev.reason);
	td_chain(t, &r->ev, x->dst);
	td_sni(t, &r->ev);
	td_owner(t, &r->ev.owner);
	td_findings(t, &r->name, r->named, x->dst, x->findings);
}

static void
td_build_dns(struct tui *t)
{
	const struct tui_dns *d = tui_model_dns(&t->m, t->det_seq);
	char n[TD_ESC], clk[16], b1[8], b2[8];
	unsigned i;

	if (d == NULL) {
		td_add(t, TUI_C_ALERT, 0, "this answer is no longer held");
		return;
	}
	tui_clock(clk, d->ts_us);
	td_add(t, TUI_C_HEADER, 0, "DNS answer, %s UTC, frame %" PRIu64, clk,
	    d->frame);
	td_add(t, TUI_C_NORMAL, 4, "  %s %s, client %s, resolver %s, TTL %u%s",
	    dns_type_name(d->qtype, b1), dns_rcode_name(d->rcode, b2),
	    d->client, d->server, d->ttl, d->via_pl ? ", through a "
	    "private-link zone" : "");
	for (i = 0; i < d->nchain; i++)
		td_add(t, TUI_C_NORMAL, 8, "  %-6s %s", i == 0 ? "query" :
		    "CNAME", td_name(n, &d->chain[i]));
	if (d->cut)
		td_add(t, TUI_C_MUTED, 4, "  (the chain was longer; cut)");
	for (i = 0; i < d->naddrs; i++)
		td_add(t, TUI_C_NORMAL, 8, "  %-6s %s", "answer", d->addrs[i]);
	if (d->naddrs == 0)
		td_add(t, TUI_C_NORMAL, 4, "  no address");
}

static void
td_build_finding(struct tui *t)
{
	const struct tui_find *f = tui_model_find(&t->m, t->det_seq);
	char n[TD_ESC], det[2600], clk[16];

	if (f == NULL) {
		td_add(t, TUI_C_ALERT, 0, "this finding is no longer held");
		return;
	}
	tui_clock(clk, f->ts_us);
	td_add(t, TUI_C_ALERT, 0, "%s%s", tui_finding_name(f->kind),
	    f->enforced ? " (the flow was dropped)" : "");
	td_add(t, TUI_C_NORMAL, 4, "  %s", td_text(det, sizeof(det),
	    f->detail));
	td_add(t, TUI_C_NORMAL, 4, "  %s UTC, frame %" PRIu64 ", %s %s:%u "
	    "-> %s:%u, name %s", clk, f->frame, f->proto, f->src, f->sport,
	    f->dst, f->dport, f->name.len ? td_name(n, &f->name) : "(none)");
}

static void
td_build(struct tui *t)
{
	t->doc->n = 0;
	switch (t->det_kind) {
	case TD_ROW: td_build_row(t); break;
	case TD_FLOW: td_build_flow(t); break;
	case TD_DNS: td_build_dns(t); break;
	default: td_build_finding(t); break;
	}
}

void
tui_detail_open(struct tui *t, int kind, int idx, uint32_t gen,
    uint64_t seq)
{
	t->det_kind = kind;
	t->det_idx = idx;
	t->det_gen = gen;
	t->det_seq = seq;
	t->doc_list.cur = t->doc_list.top = 0;
	if (tui_current(t) == TUI_SCR_DETAIL)
		td_build(t);
	else
		tui_push(t, TUI_SCR_DETAIL);
}

static void
td_draw(struct tui *t)
{
	static const char *const titles[] = {
		"details: destination", "details: flow", "details: DNS answer",
		"details: finding"
	};

	tui_doc_draw(t, t->doc, &t->doc_list, titles[t->det_kind & 3]);
}

static struct tui_list *
td_list(struct tui *t)
{
	return (&t->doc_list);
}

static void
td_update(struct tui *t)
{
	if (!t->paused || t->doc->n == 0)
		td_build(t);
}

const struct tui_screen tui_screen_detail = {
	"details", td_draw, td_list, NULL, td_update
};
