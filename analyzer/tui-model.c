#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flow.h"
#include "tui-int.h"

/*
 * tui-model.c: the view's own model.  Its sink copies flow events, DNS
 * answers and findings into bounded tables; each refresh walks the open
 * flows for their counters and takes the snapshot the screens draw from.
 * Row and label totals are sums of ended flows plus the open ones walked,
 * so they stay right when a table is full and a flow goes untracked.
 */

#define TM_ROW_BUCKETS	(TUI_MAX_ROWS * 2)
#define TM_FLOW_BUCKETS	(TUI_MAX_FLOWS * 2)

/* FNV-1a over n bytes, continuing from h. */
static uint32_t
tm_hash(const void *p, size_t n, uint32_t h)
{
	const unsigned char *b = p;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= b[i];
		h *= 16777619u;
	}
	return (h);
}

static void
tm_name_set(struct tui_name *n, const char *s, size_t len)
{
	if (s == NULL)
		len = 0;
	if (len > TUI_NAME_MAX - 1)
		len = TUI_NAME_MAX - 1;
	if (len > 0)
		memcpy(n->s, s, len);
	n->s[len] = '\0';
	n->len = (uint16_t)len;
}

int
tui_model_init(struct tui_model *m)
{
	int i;

	memset(m, 0, sizeof(*m));
	m->rows = calloc(TUI_MAX_ROWS, sizeof(*m->rows));
	m->row_hash = malloc(TM_ROW_BUCKETS * sizeof(int));
	m->flows = calloc(TUI_MAX_FLOWS, sizeof(*m->flows));
	m->flow_hash = malloc(TM_FLOW_BUCKETS * sizeof(int));
	m->closed = calloc(TUI_MAX_FLOWS, sizeof(int));
	m->dns = calloc(TUI_MAX_DNS, sizeof(*m->dns));
	m->finds = calloc(TUI_MAX_FINDINGS, sizeof(*m->finds));
	m->logs = calloc(TUI_MAX_LOG, sizeof(*m->logs));
	if (m->rows == NULL || m->row_hash == NULL || m->flows == NULL ||
	    m->flow_hash == NULL || m->closed == NULL || m->dns == NULL ||
	    m->finds == NULL || m->logs == NULL)
		return (-1);
	for (i = 0; i < TM_ROW_BUCKETS; i++)
		m->row_hash[i] = -1;
	for (i = 0; i < TM_FLOW_BUCKETS; i++)
		m->flow_hash[i] = -1;
	m->first_us = UINT64_MAX;
	return (0);
}

void
tui_model_free(struct tui_model *m)
{
	free(m->rows);
	free(m->row_hash);
	free(m->flows);
	free(m->flow_hash);
	free(m->closed);
	free(m->dns);
	free(m->finds);
	free(m->logs);
	memset(m, 0, sizeof(*m));
}

static uint32_t
tm_row_hash(int label, const char *s, size_t len)
{
	unsigned char l = (unsigned char)label;

	return (tm_hash(s, len, tm_hash(&l, 1, 2166136261u)));
}

static void
tm_row_unlink(struct tui_model *m, int idx)
{
	struct tui_row *r = &m->rows[idx];
	int *pp = &m->row_hash[tm_row_hash(r->label, r->name.s, r->name.len) %
	    TM_ROW_BUCKETS];

	while (*pp != -1 && *pp != idx)
		pp = &m->rows[*pp].hnext;
	if (*pp == idx)
		*pp = r->hnext;
}

/* A slot for a new row: a free one, or the row seen least recently. */
static int
tm_row_slot(struct tui_model *m)
{
	int i, victim = -1;

	if (m->nrows_used < TUI_MAX_ROWS)
		return (m->nrows_used++);
	for (i = 0; i < TUI_MAX_ROWS; i++) {
		if (m->rows[i].open_flows > 0)
			continue;
		if (victim == -1 || m->rows[i].last_us <
		    m->rows[victim].last_us)
			victim = i;
	}
	if (victim != -1) {
		tm_row_unlink(m, victim);
		m->rows_evicted++;
	}
	return (victim);
}

/* The row of (label, name), created when new; -1 when none is free. */
static int
tm_row_get(struct tui_model *m, int label, const char *s, size_t len,
    bool named)
{
	uint32_t b;
	struct tui_row *r;
	uint32_t gen;
	int i;

	if (len > TUI_NAME_MAX - 1)
		len = TUI_NAME_MAX - 1;
	b = tm_row_hash(label, s, len) % TM_ROW_BUCKETS;
	for (i = m->row_hash[b]; i != -1; i = m->rows[i].hnext) {
		r = &m->rows[i];
		if (r->label == label && r->name.len == len &&
		    memcmp(r->name.s, s, len) == 0)
			return (i);
	}
	if ((i = tm_row_slot(m)) == -1)
		return (-1);
	r = &m->rows[i];
	gen = r->gen + 1;
	memset(r, 0, sizeof(*r));
	r->used = true;
	r->gen = gen;
	r->label = (uint8_t)label;
	r->named = named;
	tm_name_set(&r->name, s, len);
	r->first_us = UINT64_MAX;
	r->hnext = m->row_hash[b];
	m->row_hash[b] = i;
	return (i);
}

static uint32_t
tm_flow_hash(const struct ev_flow *v)
{
	uint32_t h = 2166136261u;
	uint8_t proto = v->f->proto;

	h = tm_hash(&proto, 1, h);
	h = tm_hash(v->src, strlen(v->src), h);
	h = tm_hash(v->dst, strlen(v->dst), h);
	h = tm_hash(&v->sport, sizeof(v->sport), h);
	h = tm_hash(&v->dport, sizeof(v->dport), h);
	return (tm_hash(&v->f->first_us, sizeof(v->f->first_us), h));
}

static bool
tm_flow_is(const struct tui_flow *x, const struct ev_flow *v, uint32_t h)
{
	return (x->hash == h && x->proto == v->f->proto &&
	    x->sport == v->sport && x->dport == v->dport &&
	    x->first_us == v->f->first_us && strcmp(x->src, v->src) == 0 &&
	    strcmp(x->dst, v->dst) == 0);
}

static void
tm_flow_unlink(struct tui_model *m, int idx)
{
	int *pp = &m->flow_hash[m->flows[idx].hash % TM_FLOW_BUCKETS];

	while (*pp != -1 && *pp != idx)
		pp = &m->flows[*pp].hnext;
	if (*pp == idx)
		*pp = m->flows[idx].hnext;
}

static void
tm_flow_close(struct tui_model *m, int idx)
{
	m->flows[idx].open = false;
	m->closed[(m->closed_head + m->closed_n) % TUI_MAX_FLOWS] = idx;
	m->closed_n++;
}

/* A slot for a new flow: never used, else the flow that closed first. */
static int
tm_flow_slot(struct tui_model *m)
{
	int idx;

	if (m->flow_free < TUI_MAX_FLOWS)
		return (m->flow_free++);
	while (m->closed_n > 0) {
		idx = m->closed[m->closed_head];
		m->closed_head = (m->closed_head + 1) % TUI_MAX_FLOWS;
		m->closed_n--;
		if (m->flows[idx].used && !m->flows[idx].open) {
			tm_flow_unlink(m, idx);
			return (idx);
		}
	}
	return (-1);
}

/* The view's record of v's flow, created when new; -1 when full. */
static int
tm_flow_get(struct tui_model *m, const struct ev_flow *v)
{
	uint32_t h = tm_flow_hash(v), gen;
	struct tui_flow *x;
	int i;

	for (i = m->flow_hash[h % TM_FLOW_BUCKETS]; i != -1;
	    i = m->flows[i].hnext)
		if (tm_flow_is(&m->flows[i], v, h))
			return (i);
	if ((i = tm_flow_slot(m)) == -1) {
		m->flows_untracked++;
		return (-1);
	}
	x = &m->flows[i];
	gen = x->gen + 1;
	memset(x, 0, sizeof(*x));
	x->used = x->open = true;
	x->gen = gen;
	x->hash = h;
	x->proto = v->f->proto;
	snprintf(x->src, sizeof(x->src), "%s", v->src);
	snprintf(x->dst, sizeof(x->dst), "%s", v->dst);
	x->sport = v->sport;
	x->dport = v->dport;
	x->first_us = v->f->first_us;
	x->first_frame = v->f->first_frame;
	snprintf(x->file, sizeof(x->file), "%s", v->file ? v->file : "");
	x->row = -1;
	x->hnext = m->flow_hash[h % TM_FLOW_BUCKETS];
	m->flow_hash[h % TM_FLOW_BUCKETS] = i;
	return (i);
}

static void
tm_evidence(struct tui_evidence *ev, const struct ev_flow *v)
{
	unsigned i;

	ev->has_dns = v->has_dns;
	snprintf(ev->dst, sizeof(ev->dst), "%s", v->dst);
	ev->nchain = (uint8_t)PW_MIN(v->nchain, DNS_CHAIN_MAX);
	for (i = 0; i < ev->nchain; i++)
		tm_name_set(&ev->chain[i], v->chain[i].s, v->chain[i].len);
	ev->ttl = v->dns_ttl;
	snprintf(ev->server, sizeof(ev->server), "%s", v->dns_server);
	ev->dns_frame = v->dns_frame;
	ev->age_s = v->dns_age_s;
	ev->stale = v->dns_stale;
	snprintf(ev->name_source, sizeof(ev->name_source), "%s",
	    v->name_source != NULL ? v->name_source : "");
	tm_name_set(&ev->sni, v->sni.s, v->sni.len);
	snprintf(ev->reason, sizeof(ev->reason), "%s", v->reason);
	ev->owner = v->owner;
	snprintf(ev->ta_type, sizeof(ev->ta_type), "%s",
	    v->ta_flow_type != NULL ? v->ta_flow_type : "");
}

/* The row v belongs to; its newest flow's evidence is copied in. */
static int
tm_row_of(struct tui_model *m, const struct ev_flow *v)
{
	const struct flow *f = v->f;
	struct tui_row *r;
	int ri;

	if (v->name.s != NULL && v->name.len > 0)
		ri = tm_row_get(m, f->label, v->name.s, v->name.len, true);
	else
		ri = tm_row_get(m, f->label, v->dst, strlen(v->dst), false);
	if (ri == -1)
		return (-1);
	r = &m->rows[ri];
	if (f->first_us < r->first_us)
		r->first_us = f->first_us;
	if (f->last_us > r->last_us)
		r->last_us = f->last_us;
	r->findings |= f->findings;
	if (f->first_us >= r->ev_us) {
		r->ev_us = f->first_us;
		snprintf(r->addr, sizeof(r->addr), strchr(v->dst, ':') ?
		    "[%s]:%u" : "%s:%u", v->dst, v->dport);
		tm_evidence(&r->ev, v);
	}
	return (ri);
}

/* One view of a flow: from the sink (final or interim) or the walk. */
static void
tm_update(struct tui *t, const struct ev_flow *v, bool walking)
{
	struct tui_model *m = &t->m;
	const struct flow *f = v->f;
	struct tui_flow *x = NULL;
	int fi, ri, l = f->label < LABEL_COUNT ? f->label : 0;

	if (f->first_us < m->first_us)
		m->first_us = f->first_us;
	if (f->last_us > m->last_us)
		m->last_us = f->last_us;
	ri = tm_row_of(m, v);
	if ((fi = tm_flow_get(m, v)) != -1) {
		x = &m->flows[fi];
		x->label = (uint8_t)l;
		x->last_us = f->last_us;
		x->out = f->bytes_out;
		x->in = f->bytes_in;
		x->pkts_out = f->pkts_out;
		x->pkts_in = f->pkts_in;
		x->findings = f->findings;
		snprintf(x->state, sizeof(x->state), "%s", v->state);
		x->seen = m->refresh_no;
		x->row = ri;
		x->row_gen = ri != -1 ? m->rows[ri].gen : 0;
		if (x->retired)
			return;
	}
	if (v->final) {
		m->lret_flows[l]++;
		m->lret_bytes[l] += f->bytes_out + f->bytes_in;
		if (ri != -1) {
			m->rows[ri].ret_flows++;
			m->rows[ri].ret_out += f->bytes_out;
			m->rows[ri].ret_in += f->bytes_in;
		}
		if (x != NULL) {
			x->retired = true;
			if (x->open)
				tm_flow_close(m, fi);
		}
	} else if (walking) {
		m->lopen_flows[l]++;
		m->lopen_bytes[l] += f->bytes_out + f->bytes_in;
		if (ri != -1) {
			m->rows[ri].open_flows++;
			m->rows[ri].open_out += f->bytes_out;
			m->rows[ri].open_in += f->bytes_in;
		}
	}
}

static void
tm_sink_flow(void *arg, const struct ev_flow *v)
{
	tm_update(arg, v, false);
}

static void
tm_walk(const struct ev_flow *v, void *arg)
{
	tm_update(arg, v, true);
}

static void
tm_sink_dns(void *arg, const struct ev_dns *d)
{
	struct tui *t = arg;
	struct tui_model *m = &t->m;
	struct tui_dns *x = &m->dns[m->dns_seq % TUI_MAX_DNS];
	const struct dns_chain *c = d->chain;
	unsigned i;

	memset(x, 0, offsetof(struct tui_dns, chain));
	x->seq = ++m->dns_seq;
	x->ts_us = d->ts_us;
	x->frame = d->frame;
	snprintf(x->client, sizeof(x->client), "%s", d->client);
	snprintf(x->server, sizeof(x->server), "%s", d->server);
	x->qtype = d->msg->qtype;
	x->rcode = d->msg->rcode;
	x->via_pl = d->via_privatelink;
	if (c != NULL && c->nnames > 0) {
		x->nchain = (uint8_t)PW_MIN(c->nnames, DNS_CHAIN_MAX);
		for (i = 0; i < x->nchain; i++)
			tm_name_set(&x->chain[i], c->names[i].text,
			    c->names[i].len);
		x->cut = c->cut;
	} else {
		x->nchain = 1;
		tm_name_set(&x->chain[0], d->msg->qname.text,
		    d->msg->qname.len);
	}
	if (c != NULL) {
		x->naddrs = (uint8_t)PW_MIN(c->naddrs, DNS_CHAIN_ADDRS_MAX);
		for (i = 0; i < x->naddrs; i++)
			addr_format(&c->addrs[i], x->addrs[i]);
		x->ttl = c->min_ttl;
	}
	if (d->ts_us < m->first_us)
		m->first_us = d->ts_us;
	if (d->ts_us > m->last_us)
		m->last_us = d->ts_us;
}

static void
tm_sink_finding(void *arg, const struct ev_finding_at *a)
{
	struct tui *t = arg;
	struct tui_model *m = &t->m;
	struct tui_find *x = &m->finds[m->find_seq % TUI_MAX_FINDINGS];

	x->seq = ++m->find_seq;
	x->kind = (uint8_t)a->finding->kind;
	x->enforced = a->finding->enforced;
	snprintf(x->detail, sizeof(x->detail), "%s", a->finding->detail);
	x->ts_us = a->ts_us;
	x->frame = a->frame;
	snprintf(x->proto, sizeof(x->proto), "%s", a->proto);
	snprintf(x->src, sizeof(x->src), "%s", a->src);
	snprintf(x->dst, sizeof(x->dst), "%s", a->dst);
	x->sport = a->sport;
	x->dport = a->dport;
	tm_name_set(&x->name, a->name.s, a->name.len);
}

static int
tm_sink_close(void *arg)
{
	(void)arg;
	return (0);
}

void
tui_model_sink(struct tui *t, struct sink *s)
{
	memset(s, 0, sizeof(*s));
	s->flow = tm_sink_flow;
	s->dns = tm_sink_dns;
	s->finding = tm_sink_finding;
	s->close = tm_sink_close;
	s->arg = t;
}

void
tui_model_log(struct tui_model *m, int level, const char *line)
{
	struct tui_logline *x = &m->logs[m->log_seq % TUI_MAX_LOG];

	x->seq = ++m->log_seq;
	x->level = (uint8_t)level;
	snprintf(x->text, sizeof(x->text), "%s", line);
}

/* The ring entry with number seq, or NULL once it was overwritten. */
const struct tui_dns *
tui_model_dns(const struct tui_model *m, uint64_t seq)
{
	const struct tui_dns *x;

	if (seq == 0 || seq > m->dns_seq)
		return (NULL);
	x = &m->dns[(seq - 1) % TUI_MAX_DNS];
	return (x->seq == seq ? x : NULL);
}

const struct tui_find *
tui_model_find(const struct tui_model *m, uint64_t seq)
{
	const struct tui_find *x;

	if (seq == 0 || seq > m->find_seq)
		return (NULL);
	x = &m->finds[(seq - 1) % TUI_MAX_FINDINGS];
	return (x->seq == seq ? x : NULL);
}

const struct tui_logline *
tui_model_logline(const struct tui_model *m, uint64_t seq)
{
	const struct tui_logline *x;

	if (seq == 0 || seq > m->log_seq)
		return (NULL);
	x = &m->logs[(seq - 1) % TUI_MAX_LOG];
	return (x->seq == seq ? x : NULL);
}

/* Bytes a second: over the last refresh live, over the capture offline. */
static double
tm_rate(const struct tui *t, uint64_t total, uint64_t prev, uint64_t dt_us)
{
	const struct tui_model *m = &t->m;
	uint64_t span;

	if (t->o.offline) {
		span = m->last_us > m->first_us ? m->last_us - m->first_us : 0;
		return (span > 0 ? (double)total * 1e6 / (double)span : 0);
	}
	if (dt_us == 0 || total < prev)
		return (0);
	return ((double)(total - prev) * 1e6 / (double)dt_us);
}

/* Walks the open flows and brings every total up to now. */
void
tui_model_refresh(struct tui *t, uint64_t now_us)
{
	struct tui_model *m = &t->m;
	uint64_t dt = m->last_refresh_us ? now_us - m->last_refresh_us : 0;
	uint64_t total;
	int i;

	m->refresh_no++;
	for (i = 0; i < m->nrows_used; i++)
		m->rows[i].open_flows = m->rows[i].open_out =
		    m->rows[i].open_in = 0;
	memset(m->lopen_flows, 0, sizeof(m->lopen_flows));
	memset(m->lopen_bytes, 0, sizeof(m->lopen_bytes));
	engine_foreach_flow(t->e, tm_walk, t);
	for (i = 0; i < m->flow_free; i++) {
		struct tui_flow *x = &m->flows[i];

		if (x->used && x->open && x->seen != m->refresh_no)
			tm_flow_close(m, i);
		total = x->out + x->in;
		x->rate = tm_rate(t, total, x->prev_total, dt);
		if (!x->open && !t->o.offline)
			x->rate = 0;
		x->prev_total = total;
	}
	for (i = 0; i < m->nrows_used; i++) {
		struct tui_row *r = &m->rows[i];

		total = r->ret_out + r->ret_in + r->open_out + r->open_in;
		r->rate = tm_rate(t, total, r->prev_total, dt);
		r->prev_total = total;
	}
	for (i = 0; i < LABEL_COUNT; i++) {
		total = m->lret_bytes[i] + m->lopen_bytes[i];
		m->lt[i].flows = m->lret_flows[i] + m->lopen_flows[i];
		m->lt[i].bytes = total;
		m->lt[i].rate = tm_rate(t, total, m->lprev_bytes[i], dt);
		m->lprev_bytes[i] = total;
	}
	m->last_refresh_us = now_us;
}

static void
tm_snap_name(struct tui_srow *s, const struct tui_name *n)
{
	s->cut = !tui_esc(s->name, sizeof(s->name), n->s, n->len);
}

static void
tm_snap_rows(struct tui *t)
{
	struct tui_model *m = &t->m;
	struct tui_snap *sn = &t->snap;
	int i;

	sn->nrows = 0;
	for (i = 0; i < m->nrows_used; i++) {
		const struct tui_row *r = &m->rows[i];
		struct tui_srow *s = &sn->rows[sn->nrows];

		if (!r->used)
			continue;
		s->idx = i;
		s->gen = r->gen;
		s->label = r->label;
		s->open = r->open_flows > 0;
		tm_snap_name(s, &r->name);
		snprintf(s->addr, sizeof(s->addr), "%s", r->addr);
		s->flows = r->ret_flows + r->open_flows;
		s->out = r->ret_out + r->open_out;
		s->in = r->ret_in + r->open_in;
		s->last_us = r->last_us;
		s->rate = r->rate;
		s->findings = r->findings;
		sn->nrows++;
	}
}

static void
tm_snap_flows(struct tui *t)
{
	struct tui_model *m = &t->m;
	struct tui_snap *sn = &t->snap;
	int i;

	sn->nflows = 0;
	for (i = 0; i < m->flow_free; i++) {
		const struct tui_flow *x = &m->flows[i];
		struct tui_srow *s = &sn->flows[sn->nflows];
		const struct tui_row *r = x->row >= 0 ? &m->rows[x->row] : NULL;

		if (!x->used)
			continue;
		s->idx = i;
		s->gen = x->gen;
		s->label = x->label;
		s->open = x->open;
		if (r != NULL && r->gen == x->row_gen)
			tm_snap_name(s, &r->name);
		else
			snprintf(s->name, sizeof(s->name), "%s", x->dst);
		snprintf(s->addr, sizeof(s->addr), strchr(x->dst, ':') ?
		    "[%s]:%u" : "%s:%u", x->dst, x->dport);
		s->flows = 1;
		s->out = x->out;
		s->in = x->in;
		s->last_us = x->last_us;
		s->rate = x->rate;
		s->findings = x->findings;
		sn->nflows++;
	}
}

/* Copies what the screens draw, so drawing never reads a changing model. */
void
tui_model_snapshot(struct tui *t, uint64_t now_us)
{
	struct tui_model *m = &t->m;
	struct tui_snap *sn = &t->snap;
	struct stats *st = engine_stats(t->e);

	if (t->o.offline) {
		sn->at_us = m->last_us;
		sn->elapsed_us = m->last_us > m->first_us && m->first_us !=
		    UINT64_MAX ? m->last_us - m->first_us : 0;
	} else {
		sn->at_us = now_us;
		sn->elapsed_us = now_us > t->start_us ? now_us - t->start_us : 0;
	}
	sn->packets = st->packets;
	sn->drops = st->kernel_drops + st->iface_drops;
	memcpy(sn->lt, m->lt, sizeof(sn->lt));
	sn->dns_seq = m->dns_seq;
	sn->find_seq = m->find_seq;
	sn->log_seq = m->log_seq;
	tm_snap_rows(t);
	tm_snap_flows(t);
	tui_build_visible(t);
}

