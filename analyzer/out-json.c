#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "classify.h"
#include "compat.h"
#include "engine.h"
#include "escape.h"
#include "flow.h"
#include "out.h"
#include "policy.h"
#include "zones.h"

/*
 * out-json.c: JSON Lines, one object a line, "event" first.  Strings from
 * the wire go through esc_json_write(); everything else is numbers or
 * text pathwatch wrote itself.  Lines are flushed one by one in live runs,
 * so a pipe sees each event as it happens.
 */

#define OJ_BUF_SIZE	(256 * 1024)

/*
 * Records are built in the writer's own buffer with memcpy and hand-made
 * numbers, and handed to stdio in large blocks: per-call stdio and printf
 * format parsing were most of the output's cost.
 */
struct out_json {
	FILE	*fp;
	bool	 own;		/* close fp at the end */
	bool	 flush_each;
	bool	 failed;
	char	*path;
	size_t	 len;
	char	 buf[OJ_BUF_SIZE];
};

/*
 * Formats a time; the date and clock part is kept for the last second
 * seen, since consecutive events nearly always share it (strftime per
 * event was a visible share of a run).
 */
void
event_format_time(uint64_t ts_us, char buf[32])
{
	static time_t last_secs = (time_t)-1;
	static char last[24];
	static size_t last_len;
	time_t secs = (time_t)(ts_us / 1000000);
	unsigned us = (unsigned)(ts_us % 1000000);
	struct tm tm;
	int i;

	if (secs != last_secs) {
		gmtime_r(&secs, &tm);
		last_len = strftime(last, sizeof(last), "%Y-%m-%dT%H:%M:%S",
		    &tm);
		last_secs = secs;
	}
	memcpy(buf, last, last_len);
	buf[last_len] = '.';
	for (i = 6; i >= 1; i--, us /= 10)
		buf[last_len + (size_t)i] = (char)('0' + us % 10);
	buf[last_len + 7] = 'Z';
	buf[last_len + 8] = '\0';
}

static void
oj_flush(struct out_json *o)
{
	if (o->len > 0 && fwrite(o->buf, 1, o->len, o->fp) != o->len)
		o->failed = true;
	o->len = 0;
}

/* Room for n more bytes; a single item larger than the buffer is cut. */
static size_t
oj_room(struct out_json *o, size_t n)
{
	if (o->len + n > sizeof(o->buf))
		oj_flush(o);
	return (n <= sizeof(o->buf) ? n : sizeof(o->buf));
}

static void
oj_put(struct out_json *o, const char *s, size_t n)
{
	n = oj_room(o, n);
	memcpy(o->buf + o->len, s, n);
	o->len += n;
}

static void
oj_puts(struct out_json *o, const char *s)
{
	oj_put(o, s, strlen(s));
}

/*
 * Keys are literals, so each is written once, already framed: K("sport")
 * stands for the text ,"sport": and its length.
 */
#define K(k)	",\"" k "\":", sizeof(",\"" k "\":") - 1

static void
oj_key(struct out_json *o, const char *key, size_t klen)
{
	oj_put(o, key, klen);
}

static void
oj_u64(struct out_json *o, const char *key, size_t klen, uint64_t v)
{
	char buf[24], *p = buf + sizeof(buf);

	do {
		*--p = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	oj_key(o, key, klen);
	oj_put(o, p, (size_t)(buf + sizeof(buf) - p));
}

/* A string pathwatch wrote itself (addresses, label names, times). */
static void
oj_plain(struct out_json *o, const char *key, size_t klen, const char *s)
{
	oj_key(o, key, klen);
	oj_put(o, "\"", 1);
	oj_puts(o, s);
	oj_put(o, "\"", 1);
}

static void
oj_bool(struct out_json *o, const char *key, size_t klen, bool v)
{
	oj_key(o, key, klen);
	oj_puts(o, v ? "true" : "false");
}

/* Bytes from the wire (or sentences holding them), JSON-escaped. */
static void
oj_esc(struct out_json *o, const char *s, size_t len)
{
	size_t need = 6 * len + 2;

	if (need > sizeof(o->buf)) {
		oj_flush(o);
		esc_json_write(o->fp, s, len);
		return;
	}
	oj_room(o, need);
	o->len += esc_json_buf(o->buf + o->len, s, len);
}

static void
oj_str(struct out_json *o, const char *key, size_t klen, const char *s,
    size_t len)
{
	oj_key(o, key, klen);
	if (s == NULL)
		oj_put(o, "null", 4);
	else
		oj_esc(o, s, len);
}

static void
oj_cstr(struct out_json *o, const char *key, size_t klen, const char *s)
{
	oj_str(o, key, klen, s, s != NULL ? strlen(s) : 0);
}

static void
oj_time(struct out_json *o, const char *key, size_t klen, uint64_t ts_us)
{
	char t[32];

	event_format_time(ts_us, t);
	oj_plain(o, key, klen, t);
}

static void
oj_end(struct out_json *o)
{
	oj_put(o, "}\n", 2);
	if (o->flush_each) {
		oj_flush(o);
		fflush(o->fp);
	}
}

static void
oj_flow_dns(struct out_json *o, const struct ev_flow *v)
{
	char age[32];
	unsigned i;

	if (!v->has_dns) {
		oj_puts(o, ",\"dns\":null");
		return;
	}
	oj_puts(o, ",\"dns\":{\"query\":");
	oj_esc(o, v->chain[0].s, v->chain[0].len);
	oj_puts(o, ",\"chain\":[");
	for (i = 0; i < v->nchain; i++) {
		if (i > 0)
			oj_put(o, ",", 1);
		oj_esc(o, v->chain[i].s, v->chain[i].len);
	}
	oj_put(o, "]", 1);
	oj_plain(o, K("answer"), v->dst);
	oj_u64(o, K("ttl"), v->dns_ttl);
	oj_plain(o, K("server"), v->dns_server);
	oj_u64(o, K("frame"), v->dns_frame);
	oj_cstr(o, K("file"), v->dns_file);
	snprintf(age, sizeof(age), "%.6f", v->dns_age_s);
	oj_key(o, K("age_s"));
	oj_puts(o, age);
	oj_bool(o, K("stale"), v->dns_stale);
	oj_put(o, "}", 1);
}

static void
oj_findings(struct out_json *o, const struct ev_finding *fd, unsigned n)
{
	unsigned i;

	oj_puts(o, ",\"findings\":[");
	for (i = 0; i < n; i++) {
		oj_puts(o, i ? ",{\"kind\":\"" : "{\"kind\":\"");
		oj_puts(o, finding_name(fd[i].kind));
		oj_put(o, "\"", 1);
		oj_cstr(o, K("detail"), fd[i].detail);
		if (fd[i].kind == FINDING_POLICY_VIOLATION)
			oj_bool(o, K("enforced"), fd[i].enforced);
		oj_put(o, "}", 1);
	}
	oj_put(o, "]", 1);
}

static void
oj_owner(struct out_json *o, const struct owner_info *ow)
{
	if (ow->asn != 0)
		oj_u64(o, K("asn"), ow->asn);
	else
		oj_puts(o, ",\"asn\":null");
	oj_cstr(o, K("as_org"), ow->as_org[0] ? ow->as_org : NULL);
	oj_cstr(o, K("country"), ow->country[0] ? ow->country : NULL);
	oj_cstr(o, K("service_tag"), ow->service_tag[0] ? ow->service_tag :
	    NULL);
}

static void
oj_flow(void *arg, const struct ev_flow *v)
{
	struct out_json *o = arg;
	const struct flow *f = v->f;

	oj_puts(o, "{\"event\":\"flow\"");
	oj_plain(o, K("proto"), v->proto);
	oj_plain(o, K("src"), v->src);
	oj_u64(o, K("sport"), v->sport);
	oj_plain(o, K("dst"), v->dst);
	oj_u64(o, K("dport"), v->dport);
	oj_time(o, K("first_ts"), f->first_us);
	oj_time(o, K("last_ts"), f->last_us);
	oj_u64(o, K("first_frame"), f->first_frame);
	oj_cstr(o, K("file"), v->file);
	oj_u64(o, K("pkts_out"), f->pkts_out);
	oj_u64(o, K("pkts_in"), f->pkts_in);
	oj_u64(o, K("bytes_out"), f->bytes_out);
	oj_u64(o, K("bytes_in"), f->bytes_in);
	oj_plain(o, K("state"), v->state);
	oj_str(o, K("name"), v->name.s, v->name.len);
	oj_cstr(o, K("name_source"), v->name_source);
	oj_flow_dns(o, v);
	oj_str(o, K("sni"), v->sni.s, v->sni.len);
	oj_plain(o, K("label"), v->label);
	oj_cstr(o, K("reason"), v->reason);
	oj_owner(o, &v->owner);
	oj_findings(o, v->findings, v->nfindings);
	oj_cstr(o, K("ta_flow_type"), v->ta_flow_type);
	oj_bool(o, K("final"), v->final);
	oj_end(o);
}

static void
oj_dns(void *arg, const struct ev_dns *d)
{
	struct out_json *o = arg;
	const struct dns_chain *c = d->chain;
	char b1[DNS_CODE_BUF], b2[DNS_CODE_BUF], a[ADDR_STRLEN];
	unsigned i;

	oj_puts(o, "{\"event\":\"dns\"");
	oj_time(o, K("ts"), d->ts_us);
	oj_u64(o, K("frame"), d->frame);
	oj_cstr(o, K("file"), d->file);
	oj_plain(o, K("client"), d->client);
	oj_plain(o, K("server"), d->server);
	oj_str(o, K("query"), d->msg->qname.text, d->msg->qname.len);
	oj_plain(o, K("qtype"), dns_type_name(d->msg->qtype, b1));
	oj_plain(o, K("rcode"), dns_rcode_name(d->msg->rcode, b2));
	oj_puts(o, ",\"chain\":[");
	for (i = 0; i < c->nnames; i++) {
		if (i > 0)
			oj_put(o, ",", 1);
		oj_esc(o, c->names[i].text, c->names[i].len);
	}
	oj_puts(o, "],\"answers\":[");
	for (i = 0; i < c->naddrs; i++) {
		oj_puts(o, i ? ",\"" : "\"");
		oj_puts(o, addr_format(&c->addrs[i], a));
		oj_put(o, "\"", 1);
	}
	oj_put(o, "]", 1);
	oj_u64(o, K("ttl"), c->min_ttl);
	oj_bool(o, K("private_link"), d->via_privatelink);
	oj_end(o);
}

static void
oj_finding(void *arg, const struct ev_finding_at *x)
{
	struct out_json *o = arg;

	oj_puts(o, "{\"event\":\"finding\"");
	oj_plain(o, K("kind"), finding_name(x->finding->kind));
	oj_cstr(o, K("detail"), x->finding->detail);
	oj_time(o, K("ts"), x->ts_us);
	oj_u64(o, K("frame"), x->frame);
	oj_cstr(o, K("file"), x->file);
	oj_plain(o, K("proto"), x->proto);
	oj_plain(o, K("src"), x->src);
	oj_u64(o, K("sport"), x->sport);
	oj_plain(o, K("dst"), x->dst);
	oj_u64(o, K("dport"), x->dport);
	oj_str(o, K("name"), x->name.s, x->name.len);
	if (x->finding->kind == FINDING_POLICY_VIOLATION)
		oj_bool(o, K("enforced"), x->finding->enforced);
	oj_end(o);
}

static void
oj_stats(void *arg, const struct stats *s, bool final)
{
	struct out_json *o = arg;

	oj_puts(o, "{\"event\":\"stats\"");
	oj_bool(o, K("final"), final);
	oj_u64(o, K("packets"), s->packets);
	oj_u64(o, K("decoded"), s->decoded);
	oj_u64(o, K("malformed"), s->malformed);
	oj_u64(o, K("truncated"), s->truncated);
	oj_u64(o, K("not_ip"), s->not_ip);
	oj_u64(o, K("other_l4"), s->other_l4);
	oj_u64(o, K("fragments"), s->fragments);
	oj_u64(o, K("dropped"), s->kernel_drops);
	oj_u64(o, K("if_dropped"), s->iface_drops);
	oj_u64(o, K("dns_messages"), s->dns_messages);
	oj_u64(o, K("dns_malformed"), s->dns_malformed);
	oj_u64(o, K("dns_truncated"), s->dns_truncated);
	oj_u64(o, K("dns_answers_dropped"), s->dns_answers_dropped);
	oj_u64(o, K("flows"), s->flows);
	oj_u64(o, K("flows_evicted"), s->flows_evicted);
	oj_u64(o, K("flows_expired"), s->flows_expired);
	oj_u64(o, K("dns_cache_evicted"), s->dns_cache_evicted);
	oj_u64(o, K("reasm_dropped"), s->reasm_dropped);
	oj_u64(o, K("policy_violations"), s->policy_violations);
	if (s->nfq_accepted + s->nfq_dropped > 0) {
		oj_u64(o, K("nfq_accepted"), s->nfq_accepted);
		oj_u64(o, K("nfq_dropped"), s->nfq_dropped);
		oj_u64(o, K("nfq_enobufs"), s->nfq_enobufs);
		oj_u64(o, K("nfq_failopen"), s->nfq_failopen);
	}
	oj_end(o);
}

void
out_json_input(void *arg, const struct out_input *in)
{
	struct out_json *o = arg;

	oj_puts(o, "{\"event\":\"input\"");
	oj_cstr(o, K("file"), in->file);
	oj_cstr(o, K("link_type"), in->link_type);
	oj_u64(o, K("size"), in->size);
	oj_cstr(o, K("sha256"), in->sha256[0] != '\0' ? in->sha256 : NULL);
	if (in->packets > 0) {
		oj_time(o, K("first_ts"), in->first_us);
		oj_time(o, K("last_ts"), in->last_us);
	}
	oj_u64(o, K("packets"), in->packets);
	oj_bool(o, K("truncated"), in->truncated);
	oj_u64(o, K("last_good_frame"), in->last_good_frame);
	oj_cstr(o, K("error"), in->error);
	oj_end(o);
}

void
out_run_describe(const struct engine *e, const char *source,
    struct out_run *r)
{
	const struct classify_ctx *cx = engine_classify_ctx(e);
	const struct engine_config *c = engine_get_config(e);
	struct timespec ts;

	memset(r, 0, sizeof(*r));
	r->version = PW_VERSION;
	if (gethostname(r->host, sizeof(r->host) - 1) == -1)
		snprintf(r->host, sizeof(r->host), "unknown");
	r->source = source;
	if (clock_gettime(CLOCK_REALTIME, &ts) == 0)
		r->started_us = (uint64_t)ts.tv_sec * 1000000 +
		    (uint64_t)ts.tv_nsec / 1000;
	owner_describe(cx->owner, r->asn_db, r->tags_db, r->country_db,
	    OUT_DESC_MAX);
	r->zones_source = zones_source(cx->zones);
	r->zones_count = zones_count(cx->zones);
	r->vnets = c->vnets;
	r->nvnets = c->nvnets;
	r->endpoints = c->endpoints;
	r->nendpoints = c->nendpoints;
	if (cx->policy != NULL) {
		r->policy_origin = policy_origin(cx->policy);
		r->policy_sha256 = policy_sha256(cx->policy);
	}
}

static void
oj_list(struct out_json *o, const char *key, size_t klen,
    const char *const *v, unsigned n)
{
	unsigned i;

	oj_key(o, key, klen);
	oj_put(o, "[", 1);
	for (i = 0; i < n; i++) {
		if (i > 0)
			oj_put(o, ",", 1);
		oj_esc(o, v[i], strlen(v[i]));
	}
	oj_put(o, "]", 1);
}

void
out_json_run(void *arg, const struct engine *e, const char *source)
{
	struct out_json *o = arg;
	struct out_run r;

	out_run_describe(e, source, &r);
	oj_puts(o, "{\"event\":\"run\"");
	oj_cstr(o, K("version"), r.version);
	oj_cstr(o, K("host"), r.host);
	oj_cstr(o, K("source"), r.source);
	oj_time(o, K("started"), r.started_us);
	oj_cstr(o, K("asn_db"), r.asn_db);
	oj_cstr(o, K("service_tags_db"), r.tags_db);
	oj_cstr(o, K("country_db"), r.country_db);
	oj_cstr(o, K("zones_source"), r.zones_source);
	oj_u64(o, K("zones_count"), r.zones_count);
	oj_list(o, K("vnets"), r.vnets, r.nvnets);
	oj_list(o, K("private_endpoints"), r.endpoints, r.nendpoints);
	oj_cstr(o, K("policy_origin"), r.policy_origin);
	oj_cstr(o, K("policy_sha256"), r.policy_sha256);
	oj_end(o);
}

static int
oj_close(void *arg)
{
	struct out_json *o = arg;
	int rc = 0;

	oj_flush(o);
	if (o->failed || fflush(o->fp) == EOF || ferror(o->fp))
		rc = -1;
	if (o->own && fclose(o->fp) == EOF)
		rc = -1;
	free(o->path);
	free(o);
	return (rc);
}

int
out_json_open(const char *path, bool flush_each, struct sink *s,
    char *errbuf)
{
	struct out_json *o;

	if ((o = calloc(1, sizeof(*o))) == NULL)
		return (-1);
	if (strcmp(path, "-") == 0)
		o->fp = stdout;
	else if ((o->fp = fopen(path, "w")) == NULL) {
		snprintf(errbuf, PW_ERRBUF_SIZE, "%s: %m", path);
		free(o);
		return (-1);
	} else
		o->own = true;
	o->flush_each = flush_each;
	o->path = strdup(path);
	memset(s, 0, sizeof(*s));
	s->flow = oj_flow;
	s->dns = oj_dns;
	s->finding = oj_finding;
	s->stats = oj_stats;
	s->close = oj_close;
	s->arg = o;
	return (0);
}
