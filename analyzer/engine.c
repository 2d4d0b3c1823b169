#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classify.h"
#include "decode.h"
#include "dns.h"
#include "dnscache.h"
#include "engine.h"
#include "filters-data.h"
#include "flow.h"
#include "http.h"
#include "log.h"
#include "netset.h"
#include "policy.h"
#include "reasm.h"
#include "strpool.h"
#include "tls.h"
#include "zones.h"

/*
 * engine.c: the per-packet path.  decode -> flow -> (DNS | SNI/Host) ->
 * name -> label -> findings -> sinks.  Everything it needs per packet is
 * allocated up front; the heavy work (naming, labelling, owner lookups,
 * formatting) happens once per flow or per DNS answer, not per packet.
 */

#define ENGINE_EXPIRE_EVERY_US	1000000ULL
#define ENGINE_DNS_PORT		53

struct engine_input {
	char	*name;
	int	 dlt;
};

struct engine {
	struct engine_config	 cfg;
	struct stats		 st;
	struct classify_ctx	 cx;
	struct flow_table	*flows;
	struct reasm		*reasm;
	struct netset		*vnets[ENGINE_MAX_LIST];
	unsigned		 nvnets;

	struct sink		 sinks[ENGINE_MAX_SINKS];
	unsigned		 nsinks;
	struct engine_input	 inputs[ENGINE_MAX_INPUTS];
	unsigned		 ninputs;
	int			 dlt;

	uint64_t		 next_expire_us;
	uint64_t		 next_interim_us;
	uint64_t		 now_us;
	struct pkt		 pkt;		/* the packet being handled */
	struct dns_msg		 msg;		/* scratch, 32 KB */
	struct dns_chain	 chain;
	struct ev_flow		 view;		/* scratch for flow events */
};

static void engine_flow_ended(struct flow *, void *);

void
engine_config_init(struct engine_config *c)
{
	memset(c, 0, sizeof(*c));
	c->max_flows = 262144;
	c->max_dns_entries = 65536;
	c->max_names = 1u << 19;
	c->interim_us = 10ULL * 1000000;
}

static int
engine_load_netsets(struct engine *e, char *errbuf)
{
	struct classify_ctx *cx = &e->cx;
	const struct engine_config *c = &e->cfg;
	unsigned i;

	cx->private_space = netset_create();
	cx->platform = netset_create();
	cx->local = netset_create();
	cx->endpoints = netset_create();
	if (cx->private_space == NULL || cx->platform == NULL ||
	    cx->local == NULL || cx->endpoints == NULL) {
		snprintf(errbuf, PW_ERRBUF_SIZE, "out of memory");
		return (-1);
	}
	if (netset_add_text(cx->private_space, filters_private_txt,
	    "filters/private.txt", errbuf) == -1)
		return (-1);
	if (c->platform_file != NULL ?
	    netset_add_file(cx->platform, c->platform_file, errbuf) :
	    netset_add_text(cx->platform, filters_platform_txt,
	    "filters/platform.txt", errbuf))
		return (-1);
	for (i = 0; i < c->nlocals; i++)
		if (netset_add(cx->local, c->locals[i], errbuf) == -1)
			return (-1);
	for (i = 0; i < c->nvnets; i++) {
		if ((e->vnets[i] = netset_create()) == NULL ||
		    netset_add(e->vnets[i], c->vnets[i], errbuf) == -1 ||
		    netset_add(cx->private_space, c->vnets[i], errbuf) == -1)
			return (-1);
		e->nvnets++;
	}
	return (0);
}

/* --private-endpoint ADDR[=NAME]: the address, and the name pinned. */
static int
engine_load_endpoints(struct engine *e, char *errbuf)
{
	char buf[300], *eq;
	uint32_t id;
	unsigned i;

	for (i = 0; i < e->cfg.nendpoints; i++) {
		snprintf(buf, sizeof(buf), "%s", e->cfg.endpoints[i]);
		if ((eq = strchr(buf, '=')) != NULL)
			*eq++ = '\0';
		if (netset_add(e->cx.endpoints, buf, errbuf) == -1)
			return (-1);
		if (eq == NULL || *eq == '\0')
			continue;
		id = strpool_intern(e->cx.names, eq, strlen(eq));
		strpool_mark(e->cx.names, id, STRPOOL_M_DECLARED);
		strpool_unref(e->cx.names, id);
	}
	return (0);
}

static int
engine_load(struct engine *e, char *errbuf)
{
	const struct engine_config *c = &e->cfg;

	e->cx.names = strpool_create(c->max_names);
	e->cx.dns = dnscache_create(e->cx.names, c->max_dns_entries,
	    c->max_dns_entries + c->max_flows);
	e->flows = flow_table_create(c->max_flows, engine_flow_ended, e);
	e->reasm = reasm_create();
	if (e->cx.names == NULL || e->cx.dns == NULL || e->flows == NULL ||
	    e->reasm == NULL) {
		snprintf(errbuf, PW_ERRBUF_SIZE, "out of memory for tables");
		return (-1);
	}
	e->cx.zones = c->zones_file != NULL ?
	    zones_load_file(c->zones_file, errbuf) : zones_load_default(errbuf);
	if (e->cx.zones == NULL)
		return (-1);
	if (engine_load_netsets(e, errbuf) == -1 ||
	    engine_load_endpoints(e, errbuf) == -1)
		return (-1);
	e->cx.owner = owner_open(&c->owner, errbuf);
	if (e->cx.owner == NULL)
		return (-1);
	e->cx.enforce = (enum classify_enforce)c->enforce;
	if (c->policy_file != NULL &&
	    (e->cx.policy = policy_load_file(c->policy_file, errbuf)) == NULL)
		return (-1);
	return (0);
}

struct engine *
engine_create(const struct engine_config *c, char *errbuf)
{
	struct engine *e;

	if ((e = calloc(1, sizeof(*e))) == NULL) {
		snprintf(errbuf, PW_ERRBUF_SIZE, "out of memory");
		return (NULL);
	}
	e->cfg = *c;
	if (engine_load(e, errbuf) == -1) {
		engine_free(e);
		return (NULL);
	}
	return (e);
}

void
engine_free(struct engine *e)
{
	unsigned i;

	if (e == NULL)
		return;
	/* The flow table's end callback must not run during teardown. */
	flow_table_free(e->flows);
	dnscache_free(e->cx.dns);
	strpool_free(e->cx.names);
	reasm_free(e->reasm);
	zones_free(e->cx.zones);
	netset_free(e->cx.private_space);
	netset_free(e->cx.platform);
	netset_free(e->cx.local);
	netset_free(e->cx.endpoints);
	for (i = 0; i < e->nvnets; i++)
		netset_free(e->vnets[i]);
	owner_close(e->cx.owner);
	policy_free(e->cx.policy);
	for (i = 0; i < e->ninputs; i++)
		free(e->inputs[i].name);
	free(e);
}

int
engine_add_sink(struct engine *e, const struct sink *s)
{
	if (e->nsinks == ENGINE_MAX_SINKS)
		return (-1);
	e->sinks[e->nsinks++] = *s;
	return (0);
}

int
engine_begin_input(struct engine *e, const char *name, int dlt)
{
	if (e->ninputs == ENGINE_MAX_INPUTS)
		return (-1);
	e->inputs[e->ninputs].name = strdup(name);
	e->inputs[e->ninputs].dlt = dlt;
	e->dlt = dlt;
	return ((int)e->ninputs++);
}

void
engine_set_linktype(struct engine *e, int dlt)
{
	e->dlt = dlt;
}

static const char *
engine_file_of(const struct engine *e, unsigned i)
{
	return (i < e->ninputs && e->inputs[i].name != NULL ?
	    e->inputs[i].name : "-");
}

/* Reports the finding bits in bits, as they happen, to every sink. */
static void
engine_emit_findings(struct engine *e, struct flow *f, uint32_t bits,
    uint64_t frame)
{
	struct ev_finding fd;
	struct ev_finding_at at;
	unsigned k, i;

	for (k = 0; k < FINDING_COUNT; k++) {
		if (!(bits & FINDING_BIT(k)))
			continue;
		memset(&fd, 0, sizeof(fd));
		fd.kind = (enum finding_kind)k;
		if (fd.kind == FINDING_POLICY_VIOLATION) {
			e->st.policy_violations++;
			fd.enforced = (f->flags & FLOW_F_DROP) != 0;
		}
		classify_detail(&e->cx, f, fd.kind, fd.detail,
		    sizeof(fd.detail));
		memset(&at, 0, sizeof(at));
		at.finding = &fd;
		at.ts_us = e->now_us;
		at.frame = frame;
		at.file = engine_file_of(e, f->file);
		at.proto = flow_proto_name(f->proto);
		addr_format(&f->cli, at.src);
		addr_format(&f->srv, at.dst);
		at.sport = f->cport;
		at.dport = f->sport;
		at.name.s = strpool_get(e->cx.names, f->name, &at.name.len);
		for (i = 0; i < e->nsinks; i++)
			if (e->sinks[i].finding != NULL)
				e->sinks[i].finding(e->sinks[i].arg, &at);
	}
}

static void
engine_classify(struct engine *e, struct flow *f)
{
	uint32_t bits = classify_flow(&e->cx, f);

	if (bits != 0)
		engine_emit_findings(e, f, bits, e->pkt.frame);
}

/* Names a new flow from the newest answer that gave its client the
 * destination (DESIGN.md, "Names", rule 1). */
static void
engine_name_from_dns(struct engine *e, struct flow *f, uint32_t prefer)
{
	const struct dns_answer *a;
	unsigned n;
	uint32_t id;

	id = dnscache_lookup(e->cx.dns, &f->cli, &f->srv, prefer, &n);
	if (id == 0 || id == f->answer)
		return;
	a = dnscache_answer(e->cx.dns, id);
	dnscache_answer_ref(e->cx.dns, id);
	dnscache_answer_unref(e->cx.dns, f->answer);
	f->answer = id;
	strpool_ref(e->cx.names, a->names[0]);
	strpool_unref(e->cx.names, f->name);
	f->name = a->names[0];
	f->name_source = FLOW_NAME_DNS;
	if (f->first_us > a->ts_us + (uint64_t)a->ttl * 1000000)
		f->flags |= FLOW_F_STALE;
	else
		f->flags &= ~FLOW_F_STALE;
}

static void
engine_flow_started(struct engine *e, struct flow *f)
{
	f->file = (uint16_t)(e->ninputs > 0 ? e->ninputs - 1 : 0);
	if (f->sport == ENGINE_DNS_PORT || f->cport == ENGINE_DNS_PORT)
		f->flags |= FLOW_F_DNS;
	engine_name_from_dns(e, f, 0);
	engine_classify(e, f);
}

/* SNI or Host arrived: it names the flow where DNS did not, and picks
 * among several DNS names for one address (rules 2 and 3). */
static void
engine_flow_hint(struct engine *e, struct flow *f, const char *s,
    size_t len, enum flow_name_source src)
{
	if (len == 0 || f->sni != 0)
		return;
	f->sni = strpool_intern(e->cx.names, s, len);
	if (f->name_source == FLOW_NAME_DNS)
		engine_name_from_dns(e, f, f->sni);
	if (f->name == 0 && f->sni != 0) {
		strpool_ref(e->cx.names, f->sni);
		f->name = f->sni;
		f->name_source = (uint8_t)src;
	}
	engine_classify(e, f);
}

static void
engine_app_done(struct engine *e, struct flow *f)
{
	f->flags |= FLOW_F_APP_DONE;
	if (f->reasm != 0 && reasm_owns(e->reasm, f->reasm, f))
		reasm_release(e->reasm, f->reasm);
	f->reasm = 0;
}

/* Runs the SNI parser over what the client sent so far. */
static void
engine_try_hello(struct engine *e, struct flow *f, const uint8_t *b,
    size_t len, bool buffered)
{
	char sni[TLS_SNI_MAX];
	size_t want = 0;

	switch (tls_client_hello_sni(b, len, sni, &want)) {
	case TLS_SNI_FOUND:
		engine_flow_hint(e, f, sni, strlen(sni), FLOW_NAME_SNI);
		engine_app_done(e, f);
		break;
	case TLS_NEED_MORE:
		if (want > REASM_SLOT_SIZE || f->proto != PKT_PROTO_TCP) {
			engine_app_done(e, f);
			break;
		}
		if (!buffered) {
			f->reasm = reasm_claim(e->reasm, f, e->pkt.tcp_seq,
			    &e->st);
			if (!reasm_append(e->reasm, f->reasm, e->pkt.tcp_seq,
			    b, len))
				engine_app_done(e, f);
		}
		break;
	default:
		engine_app_done(e, f);
	}
}

/* The client's first bytes: a TLS ClientHello or an HTTP/1 request. */
static void
engine_app_payload(struct engine *e, struct flow *f, const struct pkt *p)
{
	char host[HTTP_HOST_MAX];
	const uint8_t *b;
	size_t len;

	if (f->reasm != 0) {
		if (!reasm_owns(e->reasm, f->reasm, f) ||
		    !reasm_append(e->reasm, f->reasm, p->tcp_seq, p->payload,
		    p->payload_len)) {
			engine_app_done(e, f);
			return;
		}
		b = reasm_data(e->reasm, f->reasm, &len);
		engine_try_hello(e, f, b, len, true);
		return;
	}
	if (p->payload[0] == 0x16) {
		engine_try_hello(e, f, p->payload, p->payload_len, false);
		return;
	}
	if (http_request_host(p->payload, p->payload_len, host))
		engine_flow_hint(e, f, host, strlen(host), FLOW_NAME_HTTP);
	engine_app_done(e, f);
}

static void
engine_emit_dns(struct engine *e, const struct pkt *p, bool via_pl)
{
	struct ev_dns ev;
	unsigned i;

	ev.ts_us = p->ts_us;
	ev.frame = p->frame;
	ev.file = engine_file_of(e, e->ninputs - 1);
	addr_format(&p->dst, ev.client);
	addr_format(&p->src, ev.server);
	ev.msg = &e->msg;
	ev.chain = &e->chain;
	ev.via_privatelink = via_pl;
	for (i = 0; i < e->nsinks; i++)
		if (e->sinks[i].dns != NULL)
			e->sinks[i].dns(e->sinks[i].arg, &ev);
}

/* Interns the chain into a fresh answer record; 0 when none could be had. */
static uint32_t
engine_make_answer(struct engine *e, const struct pkt *p)
{
	const struct dns_chain *c = &e->chain;
	struct dns_answer *a;
	uint32_t id;
	unsigned i;

	if ((id = dnscache_answer_new(e->cx.dns)) == 0)
		return (0);
	a = dnscache_answer(e->cx.dns, id);
	for (i = 0; i < c->nnames; i++) {
		a->names[a->nnames] = strpool_intern(e->cx.names,
		    c->names[i].text, c->names[i].len);
		if (a->names[a->nnames] == 0)
			break;	/* the pool is full: keep what fits */
		if (!a->via_privatelink && zones_match_privatelink(
		    e->cx.zones, c->names[i].text, c->names[i].len) != NULL) {
			a->via_privatelink = true;
			a->pl_index = a->nnames;
		}
		a->nnames++;
	}
	if (a->nnames == 0) {
		dnscache_answer_unref(e->cx.dns, id);
		return (0);
	}
	a->rcode = e->msg.rcode;
	a->qtype = e->msg.qtype;
	a->file = (uint16_t)(e->ninputs - 1);
	a->ttl = c->min_ttl;
	a->ts_us = p->ts_us;
	a->frame = p->frame;
	a->client = p->dst;
	a->server = p->src;
	return (id);
}

/* What an answer teaches about its query name, for later findings. */
static void
engine_mark_names(struct engine *e, const struct dns_answer *a)
{
	struct strpool *sp = e->cx.names;
	uint32_t q = a->names[0];
	unsigned i;

	/* Only private-link evidence pins a name: pinning every answered
	 * name would let a flood of lookups fill the pool for good. */
	if (!a->via_privatelink)
		return;
	strpool_mark(sp, q, STRPOOL_M_PL_CNAME);
	for (i = 0; i < e->chain.naddrs; i++) {
		if (classify_is_private(&e->cx, &e->chain.addrs[i])) {
			strpool_mark(sp, q, STRPOOL_M_PRIVATE_ANS);
			strpool_set_private_addr(sp, q, &e->chain.addrs[i]);
			break;
		}
	}
}

static void
engine_flag(struct engine *e, struct flow *f, enum finding_kind k,
    const struct dns_name *about)
{
	if (f->findings & FINDING_BIT(k))
		return;
	if (f->aux == 0)
		f->aux = strpool_intern(e->cx.names, about->text, about->len);
	f->findings |= FINDING_BIT(k);
	engine_emit_findings(e, f, FINDING_BIT(k), e->pkt.frame);
}

static void
engine_dns_response(struct engine *e, struct flow *f, const struct pkt *p)
{
	const struct dns_answer *a;
	uint32_t id;
	unsigned i;

	dns_follow_chain(&e->msg, &e->chain);
	if (e->chain.nnames == 0 || (id = engine_make_answer(e, p)) == 0)
		return;
	a = dnscache_answer(e->cx.dns, id);
	engine_mark_names(e, a);
	engine_emit_dns(e, p, a->via_privatelink);
	if (a->via_privatelink && a->rcode == DNS_RCODE_NXDOMAIN)
		engine_flag(e, f, FINDING_RECORD_MISSING, &e->msg.qname);
	for (i = 0; i < e->chain.naddrs; i++)
		dnscache_insert(e->cx.dns, &p->dst, &e->chain.addrs[i], id,
		    &e->st);
	dnscache_answer_unref(e->cx.dns, id);
}

/*
 * One DNS message on a port-53 flow.  An answer is a response (QR) sent
 * from port 53, whichever side opened the flow: a resolver talking from
 * 53 to 53 leaves no other clue.  The resolver is the query's destination
 * or the answer's source; a public one is a leak.
 */
static void
engine_dns_message(struct engine *e, struct flow *f, const uint8_t *b,
    size_t len)
{
	const struct pkt *p = &e->pkt;
	bool answer;

	if (dns_parse(b, len, &e->msg, &e->st) == -1 ||
	    !e->msg.has_question)
		return;
	answer = e->msg.qr && p->sport == ENGINE_DNS_PORT;
	if (classify_is_public(&e->cx, answer ? &p->src : &p->dst))
		engine_flag(e, f, FINDING_DNS_LEAK, &e->msg.qname);
	if (answer)
		engine_dns_response(e, f, p);
}

/* DNS over TCP: 2-byte length prefixes (RFC 1035 4.2.2), any split. */
static void
engine_dns_tcp(struct engine *e, struct flow *f, const struct pkt *p,
    bool to_server)
{
	const uint8_t *b;
	size_t len, mlen;

	if (to_server) {
		/* Queries matter only for leaks: the first one suffices. */
		if (p->payload_len > 2)
			engine_dns_message(e, f, p->payload + 2,
			    p->payload_len - 2);
		return;
	}
	if (f->reasm == 0 || !reasm_owns(e->reasm, f->reasm, f))
		f->reasm = reasm_claim(e->reasm, f, p->tcp_seq, &e->st);
	if (!reasm_append(e->reasm, f->reasm, p->tcp_seq, p->payload,
	    p->payload_len)) {
		e->st.dns_truncated++;
		reasm_release(e->reasm, f->reasm);
		f->reasm = 0;
		return;
	}
	for (;;) {
		b = reasm_data(e->reasm, f->reasm, &len);
		if (len < 2)
			break;
		mlen = (size_t)b[0] << 8 | b[1];
		if (len < mlen + 2)
			break;
		engine_dns_message(e, f, b + 2, mlen);
		reasm_consume(e->reasm, f->reasm, mlen + 2);
	}
}

static void
engine_payload(struct engine *e, struct flow *f, const struct pkt *p,
    bool to_server)
{
	if (f->flags & FLOW_F_DNS) {
		if (f->proto == PKT_PROTO_UDP)
			engine_dns_message(e, f, p->payload, p->payload_len);
		else
			engine_dns_tcp(e, f, p, to_server);
		return;
	}
	if (to_server && !(f->flags & FLOW_F_APP_DONE))
		engine_app_payload(e, f, p);
}

enum engine_verdict
engine_packet(struct engine *e, uint64_t ts_us, const uint8_t *data,
    uint32_t caplen, uint32_t wirelen, uint64_t frame)
{
	struct pkt *p = &e->pkt;
	struct flow *f;
	bool created, to_server;

	e->st.packets++;
	p->ts_us = ts_us;
	p->frame = frame;
	p->caplen = caplen;
	p->wirelen = wirelen;
	/* A frame cut by the snapshot length still counts in its flow:
	 * decode fills the headers and clips the payload (and counts it). */
	switch (decode_packet(e->dlt, data, caplen, p, &e->st)) {
	case DECODE_OK:
		break;
	case DECODE_TRUNCATED:
		if (p->payload != NULL && caplen < wirelen)
			break;
		/* Not cut by the snapshot length, yet short of what its
		 * headers claim: the headers lie. */
		if (caplen >= wirelen) {
			e->st.truncated--;
			e->st.malformed++;
		}
		return (ENGINE_ACCEPT);
	default:
		return (ENGINE_ACCEPT);
	}
	/* Never count more IP bytes than the frame had on the wire. */
	if (p->ip_len > wirelen)
		p->ip_len = wirelen;
	e->st.decoded++;
	e->now_us = ts_us;
	if (ts_us >= e->next_expire_us) {
		flow_expire(e->flows, ts_us, &e->st);
		e->next_expire_us = ts_us + ENGINE_EXPIRE_EVERY_US;
	}
	f = flow_lookup(e->flows, p, &created, &to_server, &e->st);
	if (f == NULL)
		return (ENGINE_ACCEPT);
	flow_update(e->flows, f, p, to_server);
	if (created)
		engine_flow_started(e, f);
	if (p->payload_len > 0)
		engine_payload(e, f, p, to_server);
	return ((f->flags & FLOW_F_DROP) ? ENGINE_DROP : ENGINE_ACCEPT);
}

/* Azure Traffic Analytics' flow type for the flow's path. */
static const char *
engine_ta_type(const struct engine *e, const struct flow *f)
{
	unsigned i;
	int cv = -1, sv = -1;

	switch (f->label) {
	case LABEL_BACKBONE_PUBLIC:
	case LABEL_PLATFORM:
		return ("AzurePublic");
	case LABEL_INTERNET_EGRESS:
		return ("ExternalPublic");
	case LABEL_LOCAL:
		return (NULL);
	default:
		break;
	}
	for (i = 0; i < e->nvnets; i++) {
		if (cv < 0 && netset_contains(e->vnets[i], &f->cli))
			cv = (int)i;
		if (sv < 0 && netset_contains(e->vnets[i], &f->srv))
			sv = (int)i;
	}
	if (sv < 0 || cv < 0)
		return ("UnknownPrivate");
	return (cv == sv ? "IntraVNet" : "InterVNet");
}

static const char *
engine_name_source(enum flow_name_source s)
{
	static const char *const names[] = { NULL, "dns", "sni", "http" };

	return ((unsigned)s < 4 ? names[s] : NULL);
}

static void
engine_view_dns(struct engine *e, const struct flow *f, struct ev_flow *v)
{
	const struct dns_answer *a = dnscache_answer(e->cx.dns, f->answer);
	unsigned i;

	v->has_dns = a != NULL;
	if (a == NULL)
		return;
	for (i = 0; i < a->nnames; i++)
		v->chain[i].s = strpool_get(e->cx.names, a->names[i],
		    &v->chain[i].len);
	v->nchain = a->nnames;
	v->dns_ttl = a->ttl;
	addr_format(&a->server, v->dns_server);
	v->dns_frame = a->frame;
	v->dns_file = engine_file_of(e, a->file);
	v->dns_age_s = f->first_us >= a->ts_us ?
	    (double)(f->first_us - a->ts_us) / 1e6 : 0;
	v->dns_stale = (f->flags & FLOW_F_STALE) != 0;
}

void
engine_flow_view(struct engine *e, struct flow *f, struct ev_flow *v,
    bool final)
{
	unsigned k;

	memset(v, 0, offsetof(struct ev_flow, findings));
	v->f = f;
	v->final = final;
	v->file = engine_file_of(e, f->file);
	v->proto = flow_proto_name(f->proto);
	v->state = flow_state_name((enum flow_state)f->state);
	v->label = label_name((enum label)f->label);
	v->name_source = engine_name_source(
	    (enum flow_name_source)f->name_source);
	addr_format(&f->cli, v->src);
	addr_format(&f->srv, v->dst);
	v->sport = f->cport;
	v->dport = f->sport;
	v->name.s = strpool_get(e->cx.names, f->name, &v->name.len);
	v->sni.s = strpool_get(e->cx.names, f->sni, &v->sni.len);
	engine_view_dns(e, f, v);
	if (e->cx.owner != NULL && classify_is_public(&e->cx, &f->srv))
		owner_lookup(e->cx.owner, &f->srv, &v->owner);
	classify_reason(&e->cx, f, &v->owner, v->reason, sizeof(v->reason));
	v->ta_flow_type = engine_ta_type(e, f);
	for (k = 0; k < FINDING_COUNT; k++) {
		if (!(f->findings & FINDING_BIT(k)))
			continue;
		v->findings[v->nfindings].kind = (enum finding_kind)k;
		v->findings[v->nfindings].enforced =
		    k == FINDING_POLICY_VIOLATION &&
		    (f->flags & FLOW_F_DROP) != 0;
		classify_detail(&e->cx, f, (enum finding_kind)k,
		    v->findings[v->nfindings].detail,
		    sizeof(v->findings[0].detail));
		v->nfindings++;
	}
}

static void
engine_emit_flow(struct engine *e, struct flow *f, bool final)
{
	unsigned i;
	bool built = false;

	/* The view costs owner lookups and sentences: only for a reader. */
	for (i = 0; i < e->nsinks; i++) {
		if (e->sinks[i].flow == NULL)
			continue;
		if (!built)
			engine_flow_view(e, f, &e->view, final);
		built = true;
		e->sinks[i].flow(e->sinks[i].arg, &e->view);
	}
}

/* The flow table's end callback: last findings, the record, then the
 * references the flow held. */
static void
engine_flow_ended(struct flow *f, void *arg)
{
	struct engine *e = arg;
	uint32_t bits;

	bits = classify_flow_end(&e->cx, f);
	if (bits != 0)
		engine_emit_findings(e, f, bits, f->first_frame);
	engine_emit_flow(e, f, true);
	dnscache_answer_unref(e->cx.dns, f->answer);
	strpool_unref(e->cx.names, f->name);
	strpool_unref(e->cx.names, f->sni);
	strpool_unref(e->cx.names, f->aux);
	if (f->reasm != 0 && reasm_owns(e->reasm, f->reasm, f))
		reasm_release(e->reasm, f->reasm);
}

static void
engine_emit_stats(struct engine *e, bool final)
{
	unsigned i;

	for (i = 0; i < e->nsinks; i++)
		if (e->sinks[i].stats != NULL)
			e->sinks[i].stats(e->sinks[i].arg, &e->st, final);
}

struct engine_interim {
	struct engine	*e;
	uint64_t	 older_than;
};

static void
engine_interim_one(struct flow *f, void *arg)
{
	struct engine_interim *in = arg;

	if (f->first_us <= in->older_than) {
		f->flags |= FLOW_F_REPORTED;
		engine_emit_flow(in->e, f, false);
	}
}

void
engine_tick(struct engine *e, uint64_t now_us)
{
	struct engine_interim in;

	e->pkt.frame = 0;
	e->now_us = now_us;
	flow_expire(e->flows, now_us, &e->st);
	if (e->cfg.interim_us == 0 || now_us < e->next_interim_us)
		return;
	if (e->next_interim_us != 0) {
		in.e = e;
		in.older_than = now_us - e->cfg.interim_us;
		flow_foreach(e->flows, engine_interim_one, &in);
		engine_emit_stats(e, false);
	}
	e->next_interim_us = now_us + e->cfg.interim_us;
}

void
engine_flush(struct engine *e)
{
	e->pkt.frame = 0;
	flow_flush(e->flows);
	engine_emit_stats(e, true);
}

int
engine_close(struct engine *e)
{
	unsigned i;
	int rc = 0;

	for (i = 0; i < e->nsinks; i++)
		if (e->sinks[i].close != NULL &&
		    e->sinks[i].close(e->sinks[i].arg) == -1)
			rc = -1;
	return (rc);
}

struct stats *
engine_stats(struct engine *e)
{
	return (&e->st);
}

const struct classify_ctx *
engine_classify_ctx(const struct engine *e)
{
	return (&e->cx);
}

const struct engine_config *
engine_get_config(const struct engine *e)
{
	return (&e->cfg);
}

const char *
engine_input_name(const struct engine *e, unsigned i)
{
	return (engine_file_of(e, i));
}

unsigned
engine_input_count(const struct engine *e)
{
	return (e->ninputs);
}

struct engine_each {
	struct engine	*e;
	void		(*fn)(const struct ev_flow *, void *);
	void		*arg;
};

static void
engine_each_one(struct flow *f, void *arg)
{
	struct engine_each *x = arg;

	engine_flow_view(x->e, f, &x->e->view, false);
	x->fn(&x->e->view, x->arg);
}

void
engine_foreach_flow(struct engine *e,
    void (*fn)(const struct ev_flow *, void *), void *arg)
{
	struct engine_each x = { e, fn, arg };

	flow_foreach(e->flows, engine_each_one, &x);
}
