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

struct out_json {
	FILE	*fp;
	bool	 own;		/* close fp at the end */
	bool	 flush_each;
	char	*path;
};

void
event_format_time(uint64_t ts_us, char buf[32])
{
	time_t secs = (time_t)(ts_us / 1000000);
	struct tm tm;
	size_t n;

	gmtime_r(&secs, &tm);
	n = strftime(buf, 32, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf + n, 32 - n, ".%06uZ", (unsigned)(ts_us % 1000000));
}

static void
oj_str(FILE *fp, const char *key, const char *s, size_t len)
{
	fprintf(fp, ",\"%s\":", key);
	if (s == NULL)
		fputs("null", fp);
	else
		esc_json_write(fp, s, len);
}

static void
oj_cstr(FILE *fp, const char *key, const char *s)
{
	oj_str(fp, key, s, s != NULL ? strlen(s) : 0);
}

static void
oj_time(FILE *fp, const char *key, uint64_t ts_us)
{
	char t[32];

	event_format_time(ts_us, t);
	fprintf(fp, ",\"%s\":\"%s\"", key, t);
}

static void
oj_end(struct out_json *o)
{
	fputs("}\n", o->fp);
	if (o->flush_each)
		fflush(o->fp);
}

static void
oj_flow_dns(FILE *fp, const struct ev_flow *v)
{
	unsigned i;

	if (!v->has_dns) {
		fputs(",\"dns\":null", fp);
		return;
	}
	fputs(",\"dns\":{\"query\":", fp);
	esc_json_write(fp, v->chain[0].s, v->chain[0].len);
	fputs(",\"chain\":[", fp);
	for (i = 0; i < v->nchain; i++) {
		if (i > 0)
			fputc(',', fp);
		esc_json_write(fp, v->chain[i].s, v->chain[i].len);
	}
	fprintf(fp, "],\"answer\":\"%s\",\"ttl\":%u,\"server\":\"%s\","
	    "\"frame\":%" PRIu64, v->dst, v->dns_ttl, v->dns_server,
	    v->dns_frame);
	oj_cstr(fp, "file", v->dns_file);
	fprintf(fp, ",\"age_s\":%.6f,\"stale\":%s}", v->dns_age_s,
	    v->dns_stale ? "true" : "false");
}

static void
oj_findings(FILE *fp, const struct ev_finding *fd, unsigned n)
{
	unsigned i;

	fputs(",\"findings\":[", fp);
	for (i = 0; i < n; i++) {
		fprintf(fp, "%s{\"kind\":\"%s\"", i ? "," : "",
		    finding_name(fd[i].kind));
		oj_cstr(fp, "detail", fd[i].detail);
		if (fd[i].kind == FINDING_POLICY_VIOLATION)
			fprintf(fp, ",\"enforced\":%s",
			    fd[i].enforced ? "true" : "false");
		fputc('}', fp);
	}
	fputc(']', fp);
}

static void
oj_owner(FILE *fp, const struct owner_info *ow)
{
	if (ow->asn != 0)
		fprintf(fp, ",\"asn\":%u", ow->asn);
	else
		fputs(",\"asn\":null", fp);
	oj_cstr(fp, "as_org", ow->as_org[0] ? ow->as_org : NULL);
	oj_cstr(fp, "country", ow->country[0] ? ow->country : NULL);
	oj_cstr(fp, "service_tag", ow->service_tag[0] ? ow->service_tag :
	    NULL);
}

static void
oj_flow(void *arg, const struct ev_flow *v)
{
	struct out_json *o = arg;
	const struct flow *f = v->f;
	FILE *fp = o->fp;

	fprintf(fp, "{\"event\":\"flow\",\"proto\":\"%s\",\"src\":\"%s\","
	    "\"sport\":%u,\"dst\":\"%s\",\"dport\":%u", v->proto, v->src,
	    v->sport, v->dst, v->dport);
	oj_time(fp, "first_ts", f->first_us);
	oj_time(fp, "last_ts", f->last_us);
	fprintf(fp, ",\"first_frame\":%" PRIu64, f->first_frame);
	oj_cstr(fp, "file", v->file);
	fprintf(fp, ",\"pkts_out\":%u,\"pkts_in\":%u,\"bytes_out\":%" PRIu64
	    ",\"bytes_in\":%" PRIu64 ",\"state\":\"%s\"", f->pkts_out,
	    f->pkts_in, f->bytes_out, f->bytes_in, v->state);
	oj_str(fp, "name", v->name.s, v->name.len);
	oj_cstr(fp, "name_source", v->name_source);
	oj_flow_dns(fp, v);
	oj_str(fp, "sni", v->sni.s, v->sni.len);
	fprintf(fp, ",\"label\":\"%s\"", v->label);
	oj_cstr(fp, "reason", v->reason);
	oj_owner(fp, &v->owner);
	oj_findings(fp, v->findings, v->nfindings);
	oj_cstr(fp, "ta_flow_type", v->ta_flow_type);
	fprintf(fp, ",\"final\":%s", v->final ? "true" : "false");
	oj_end(o);
}

static const char *
oj_rcode(uint8_t rcode, char buf[8])
{
	static const char *const names[] = {
		"NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP",
		"REFUSED"
	};

	if (rcode < sizeof(names) / sizeof(names[0]))
		return (names[rcode]);
	snprintf(buf, 8, "%u", rcode);
	return (buf);
}

static const char *
oj_qtype(uint16_t t, char buf[8])
{
	switch (t) {
	case DNS_TYPE_A:
		return ("A");
	case DNS_TYPE_AAAA:
		return ("AAAA");
	case DNS_TYPE_CNAME:
		return ("CNAME");
	case 65:
		return ("HTTPS");
	default:
		snprintf(buf, 8, "%u", t);
		return (buf);
	}
}

static void
oj_dns(void *arg, const struct ev_dns *d)
{
	struct out_json *o = arg;
	const struct dns_chain *c = d->chain;
	char b1[8], b2[8], a[ADDR_STRLEN];
	FILE *fp = o->fp;
	unsigned i;

	fputs("{\"event\":\"dns\"", fp);
	oj_time(fp, "ts", d->ts_us);
	fprintf(fp, ",\"frame\":%" PRIu64, d->frame);
	oj_cstr(fp, "file", d->file);
	fprintf(fp, ",\"client\":\"%s\",\"server\":\"%s\"", d->client,
	    d->server);
	oj_str(fp, "query", d->msg->qname.text, d->msg->qname.len);
	fprintf(fp, ",\"qtype\":\"%s\",\"rcode\":\"%s\",\"chain\":[",
	    oj_qtype(d->msg->qtype, b1), oj_rcode(d->msg->rcode, b2));
	for (i = 0; i < c->nnames; i++) {
		if (i > 0)
			fputc(',', fp);
		esc_json_write(fp, c->names[i].text, c->names[i].len);
	}
	fputs("],\"answers\":[", fp);
	for (i = 0; i < c->naddrs; i++)
		fprintf(fp, "%s\"%s\"", i ? "," : "",
		    addr_format(&c->addrs[i], a));
	fprintf(fp, "],\"ttl\":%u,\"private_link\":%s", c->min_ttl,
	    d->via_privatelink ? "true" : "false");
	oj_end(o);
}

static void
oj_finding(void *arg, const struct ev_finding_at *x)
{
	struct out_json *o = arg;
	FILE *fp = o->fp;

	fprintf(fp, "{\"event\":\"finding\",\"kind\":\"%s\"",
	    finding_name(x->finding->kind));
	oj_cstr(fp, "detail", x->finding->detail);
	oj_time(fp, "ts", x->ts_us);
	fprintf(fp, ",\"frame\":%" PRIu64, x->frame);
	oj_cstr(fp, "file", x->file);
	fprintf(fp, ",\"proto\":\"%s\",\"src\":\"%s\",\"sport\":%u,"
	    "\"dst\":\"%s\",\"dport\":%u", x->proto, x->src, x->sport, x->dst,
	    x->dport);
	oj_str(fp, "name", x->name.s, x->name.len);
	if (x->finding->kind == FINDING_POLICY_VIOLATION)
		fprintf(fp, ",\"enforced\":%s",
		    x->finding->enforced ? "true" : "false");
	oj_end(o);
}

static void
oj_stats(void *arg, const struct stats *s, bool final)
{
	struct out_json *o = arg;

	fprintf(o->fp, "{\"event\":\"stats\",\"final\":%s,\"packets\":%"
	    PRIu64 ",\"decoded\":%" PRIu64 ",\"malformed\":%" PRIu64
	    ",\"truncated\":%" PRIu64 ",\"not_ip\":%" PRIu64 ",\"other_l4\":%"
	    PRIu64 ",\"fragments\":%" PRIu64 ",\"dropped\":%" PRIu64
	    ",\"if_dropped\":%" PRIu64 ",\"dns_messages\":%" PRIu64
	    ",\"dns_malformed\":%" PRIu64 ",\"dns_truncated\":%" PRIu64
	    ",\"flows\":%" PRIu64 ",\"flows_evicted\":%" PRIu64
	    ",\"flows_expired\":%" PRIu64 ",\"dns_cache_evicted\":%" PRIu64
	    ",\"reasm_dropped\":%" PRIu64, final ? "true" : "false",
	    s->packets, s->decoded, s->malformed, s->truncated, s->not_ip,
	    s->other_l4, s->fragments, s->kernel_drops, s->iface_drops,
	    s->dns_messages, s->dns_malformed, s->dns_truncated, s->flows,
	    s->flows_evicted, s->flows_expired, s->dns_cache_evicted,
	    s->reasm_dropped);
	if (s->nfq_accepted + s->nfq_dropped > 0)
		fprintf(o->fp, ",\"nfq_accepted\":%" PRIu64 ",\"nfq_dropped\":%"
		    PRIu64 ",\"nfq_enobufs\":%" PRIu64 ",\"nfq_failopen\":%"
		    PRIu64, s->nfq_accepted, s->nfq_dropped, s->nfq_enobufs,
		    s->nfq_failopen);
	oj_end(o);
}

void
out_json_input(void *arg, const struct out_input *in)
{
	struct out_json *o = arg;
	FILE *fp = o->fp;

	fputs("{\"event\":\"input\"", fp);
	oj_cstr(fp, "file", in->file);
	oj_cstr(fp, "link_type", in->link_type);
	fprintf(fp, ",\"size\":%" PRIu64, in->size);
	oj_cstr(fp, "sha256", in->sha256[0] != '\0' ? in->sha256 : NULL);
	if (in->packets > 0) {
		oj_time(fp, "first_ts", in->first_us);
		oj_time(fp, "last_ts", in->last_us);
	}
	fprintf(fp, ",\"packets\":%" PRIu64 ",\"truncated\":%s,"
	    "\"last_good_frame\":%" PRIu64, in->packets,
	    in->truncated ? "true" : "false", in->last_good_frame);
	oj_cstr(fp, "error", in->error);
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
oj_list(FILE *fp, const char *key, const char *const *v, unsigned n)
{
	unsigned i;

	fprintf(fp, ",\"%s\":[", key);
	for (i = 0; i < n; i++) {
		if (i > 0)
			fputc(',', fp);
		esc_json_write(fp, v[i], strlen(v[i]));
	}
	fputc(']', fp);
}

void
out_json_run(void *arg, const struct engine *e, const char *source)
{
	struct out_json *o = arg;
	FILE *fp = o->fp;
	struct out_run r;

	out_run_describe(e, source, &r);
	fputs("{\"event\":\"run\"", fp);
	oj_cstr(fp, "version", r.version);
	oj_cstr(fp, "host", r.host);
	oj_cstr(fp, "source", r.source);
	oj_time(fp, "started", r.started_us);
	oj_cstr(fp, "asn_db", r.asn_db);
	oj_cstr(fp, "service_tags_db", r.tags_db);
	oj_cstr(fp, "country_db", r.country_db);
	oj_cstr(fp, "zones_source", r.zones_source);
	fprintf(fp, ",\"zones_count\":%zu", r.zones_count);
	oj_list(fp, "vnets", r.vnets, r.nvnets);
	oj_list(fp, "private_endpoints", r.endpoints, r.nendpoints);
	oj_cstr(fp, "policy_origin", r.policy_origin);
	oj_cstr(fp, "policy_sha256", r.policy_sha256);
	oj_end(o);
}

static int
oj_close(void *arg)
{
	struct out_json *o = arg;
	int rc = 0;

	if (fflush(o->fp) == EOF || ferror(o->fp))
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
