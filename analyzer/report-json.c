#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "escape.h"
#include "policy.h"
#include "report-int.h"

/*
 * report-json.c: the evidence report as one JSON document, in the schema
 * of docs/report-schema.md.  It carries the same facts as the HTML; every
 * string goes through esc_json_write().
 */

static void
rj_str(FILE *fp, const char *s, size_t len)
{
	if (s == NULL)
		fputs("null", fp);
	else
		esc_json_write(fp, s, len);
}

static void
rj_cstr(FILE *fp, const char *s)
{
	rj_str(fp, s, s != NULL ? strlen(s) : 0);
}

/* A string that is NULL when empty. */
static void
rj_opt(FILE *fp, const char *s)
{
	rj_cstr(fp, s != NULL && s[0] != '\0' ? s : NULL);
}

static void
rj_time(FILE *fp, uint64_t us)
{
	char t[32];

	if (us == 0) {
		fputs("null", fp);
		return;
	}
	event_format_time(us, t);
	fprintf(fp, "\"%s\"", t);
}

static void
rj_list(FILE *fp, const char *const *v, unsigned n)
{
	unsigned i;

	fputc('[', fp);
	for (i = 0; i < n; i++) {
		if (i > 0)
			fputc(',', fp);
		rj_cstr(fp, v[i]);
	}
	fputc(']', fp);
}

static void
rj_chain(FILE *fp, const struct report_str *c, unsigned n)
{
	unsigned i;

	fputc('[', fp);
	for (i = 0; i < n; i++) {
		if (i > 0)
			fputc(',', fp);
		rj_str(fp, c[i].s, c[i].len);
	}
	fputc(']', fp);
}

static void
rj_verdict(const struct report *r, FILE *fp)
{
	unsigned i, names = 0;

	for (i = 0; i < r->nnames; i++)
		if (r->names[i].finding_flows[FINDING_POLICY_VIOLATION] > 0)
			names++;
	fprintf(fp, "\"verdict\":{\"result\":\"%s\",\"flows\":%" PRIu64
	    ",\"violations\":%" PRIu64 ",\"violating_names\":%u",
	    report_verdict(r), r->flows,
	    r->finding_flows[FINDING_POLICY_VIOLATION], names);
	if (r->policy != NULL)
		fprintf(fp, ",\"judged\":%" PRIu64 ",\"unmatched\":%" PRIu64,
		    r->judged, r->unmatched);
	else
		fputs(",\"judged\":null,\"unmatched\":null", fp);
	fputs("},\n", fp);
	fputs("\"policy\":", fp);
	if (!report_has_policy(r)) {
		fputs("null,\n", fp);
		return;
	}
	fputs("{\"origin\":", fp);
	rj_cstr(fp, report_policy_origin(r));
	fputs(",\"sha256\":", fp);
	rj_cstr(fp, report_policy_sha256(r));
	fputs(",\"text\":", fp);
	if (r->policy != NULL) {
		rj_str(fp, policy_text(r->policy), policy_text_len(r->policy));
		fprintf(fp, ",\"rules\":%zu", policy_count(r->policy));
	} else
		fputs("null,\"rules\":null", fp);
	fputs("},\n", fp);
}

static void
rj_runs(const struct report *r, FILE *fp)
{
	const struct report_run *run;
	unsigned i;

	fputs("\"runs\":[", fp);
	for (i = 0; i < r->nruns; i++) {
		run = &r->runs[i];
		fputs(i ? ",\n {" : "\n {", fp);
		fputs("\"version\":", fp);
		rj_cstr(fp, run->version);
		fputs(",\"host\":", fp);
		rj_cstr(fp, run->host);
		fputs(",\"source\":", fp);
		rj_cstr(fp, run->source);
		fputs(",\"started\":", fp);
		rj_time(fp, run->started_us);
		fputs(",\"asn_db\":", fp);
		rj_cstr(fp, run->asn_db);
		fputs(",\"service_tags_db\":", fp);
		rj_cstr(fp, run->tags_db);
		fputs(",\"country_db\":", fp);
		rj_cstr(fp, run->country_db);
		fputs(",\"zones_source\":", fp);
		rj_cstr(fp, run->zones_source);
		fprintf(fp, ",\"zones_count\":%" PRIu64 ",\"vnets\":",
		    run->zones_count);
		rj_list(fp, (const char *const *)run->vnets, run->nvnets);
		fputs(",\"private_endpoints\":", fp);
		rj_list(fp, (const char *const *)run->endpoints,
		    run->nendpoints);
		fputs(",\"policy_origin\":", fp);
		rj_cstr(fp, run->policy_origin);
		fputs(",\"policy_sha256\":", fp);
		rj_cstr(fp, run->policy_sha256);
		fputc('}', fp);
	}
	fprintf(fp, "],\n\"runs_not_shown\":%" PRIu64 ",\n", r->runs_more);
}

/* What decided the labels: distinct values over every run. */
static void
rj_decided(const struct report *r, FILE *fp)
{
	static const struct {
		const char *key;
		size_t off;
	} fields[] = {
		{ "versions", offsetof(struct report_run, version) },
		{ "asn_db", offsetof(struct report_run, asn_db) },
		{ "service_tags_db", offsetof(struct report_run, tags_db) },
		{ "country_db", offsetof(struct report_run, country_db) },
		{ "zones", offsetof(struct report_run, zones_source) },
		{ "hosts", offsetof(struct report_run, host) },
		{ "sources", offsetof(struct report_run, source) },
	};
	const char *v[REPORT_RUNS_MAX];
	unsigned i, n;

	fputs("\"decided_by\":{", fp);
	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		n = report_run_values(r, fields[i].off, v, REPORT_RUNS_MAX);
		fprintf(fp, "%s\"%s\":", i ? "," : "", fields[i].key);
		rj_list(fp, v, n);
	}
	n = report_vnets(r, v, REPORT_RUNS_MAX);
	fputs(",\"vnets\":", fp);
	rj_list(fp, v, n);
	fputs("},\n", fp);
}

static void
rj_inputs(const struct report *r, FILE *fp)
{
	const struct report_file *f;
	unsigned i, n = 0;

	fputs("\"inputs\":[", fp);
	for (i = 0; i < r->nfiles; i++) {
		f = &r->files[i];
		if (!f->have_input)
			continue;
		fputs(n++ ? ",\n {\"file\":" : "\n {\"file\":", fp);
		rj_cstr(fp, f->name);
		fputs(",\"link_type\":", fp);
		rj_opt(fp, f->link_type);
		fprintf(fp, ",\"size\":%" PRIu64 ",\"sha256\":", f->size);
		rj_opt(fp, f->sha256);
		fputs(",\"first_ts\":", fp);
		rj_time(fp, f->packets > 0 ? f->first_us : 0);
		fputs(",\"last_ts\":", fp);
		rj_time(fp, f->packets > 0 ? f->last_us : 0);
		fprintf(fp, ",\"packets\":%" PRIu64 ",\"truncated\":%s,"
		    "\"last_good_frame\":%" PRIu64 ",\"error\":", f->packets,
		    f->truncated ? "true" : "false", f->last_good_frame);
		rj_cstr(fp, f->error);
		fputc('}', fp);
	}
	fputs("],\n", fp);
}

static void
rj_captured(const struct report *r, FILE *fp)
{
	const struct stats *s = &r->st;
	uint64_t first = 0, last = 0;
	unsigned i;

	for (i = 0; i < r->nfiles; i++) {
		const struct report_file *f = &r->files[i];

		if (!f->have_input || f->packets == 0)
			continue;
		if (first == 0 || f->first_us < first)
			first = f->first_us;
		if (f->last_us > last)
			last = f->last_us;
	}
	fputs("\"captured\":{\"first_ts\":", fp);
	rj_time(fp, first);
	fputs(",\"last_ts\":", fp);
	rj_time(fp, last);
	fprintf(fp, ",\"counters\":%s,\"packets\":%" PRIu64 ",\"decoded\":%"
	    PRIu64 ",\"malformed\":%" PRIu64 ",\"truncated\":%" PRIu64
	    ",\"kernel_drops\":%" PRIu64 ",\"iface_drops\":%" PRIu64
	    ",\"dns_messages\":%" PRIu64 ",\"dns_malformed\":%" PRIu64
	    ",\"flows\":%" PRIu64 ",\"flows_evicted\":%" PRIu64 "},\n",
	    r->have_stats ? "true" : "false", s->packets, s->decoded,
	    s->malformed, s->truncated, s->kernel_drops, s->iface_drops,
	    s->dns_messages, s->dns_malformed, s->flows, s->flows_evicted);
}

static void
rj_totals(const struct report *r, FILE *fp)
{
	unsigned i;

	fprintf(fp, "\"totals\":{\"flows\":%" PRIu64 ",\"bytes_out\":%" PRIu64
	    ",\"bytes_in\":%" PRIu64 ",\"first_ts\":", r->flows, r->bytes_out,
	    r->bytes_in);
	rj_time(fp, r->first_us);
	fputs(",\"last_ts\":", fp);
	rj_time(fp, r->last_us);
	fputs(",\"by_label\":{", fp);
	for (i = 1; i < LABEL_COUNT; i++)
		fprintf(fp, "%s\"%s\":{\"flows\":%" PRIu64 ",\"bytes_out\":%"
		    PRIu64 ",\"bytes_in\":%" PRIu64 "}", i > 1 ? "," : "",
		    label_name((enum label)i), r->label_flows[i],
		    r->label_out[i], r->label_in[i]);
	fputs("},\"by_ta_flow_type\":{", fp);
	for (i = 0; i < REPORT_TA_COUNT; i++)
		fprintf(fp, "%s\"%s\":%" PRIu64, i ? "," : "",
		    report_ta_name((enum report_ta)i), r->ta[i]);
	fputs("},\"findings\":{", fp);
	for (i = 0; i < FINDING_COUNT; i++)
		fprintf(fp, "%s\"%s\":%" PRIu64, i ? "," : "",
		    finding_name((enum finding_kind)i), r->finding_flows[i]);
	fputs("}},\n", fp);
}

static void
rj_findings(FILE *fp, const struct report_flow *f)
{
	unsigned k, n = 0;

	fputc('[', fp);
	for (k = 0; k < FINDING_COUNT; k++) {
		if (!(f->findings & FINDING_BIT(k)))
			continue;
		fprintf(fp, "%s{\"kind\":\"%s\",\"detail\":", n++ ? "," : "",
		    finding_name((enum finding_kind)k));
		rj_str(fp, f->detail[k].s, f->detail[k].len);
		fputc('}', fp);
	}
	fputc(']', fp);
}

/* One piece of evidence: the flow's first packet and its DNS answer. */
static void
rj_evidence(FILE *fp, const struct report_flow *f)
{
	fputs("{\"findings\":", fp);
	rj_findings(fp, f);
	fprintf(fp, ",\"label\":\"%s\",\"flow\":{\"file\":",
	    label_name(f->label));
	rj_cstr(fp, f->file);
	fprintf(fp, ",\"frame\":%" PRIu64 ",\"ts\":", f->first_frame);
	rj_time(fp, f->first_us);
	fprintf(fp, ",\"proto\":\"%s\",\"src\":\"%s\",\"sport\":%u,"
	    "\"dst\":\"%s\",\"dport\":%u},\"dns\":", f->proto, f->src,
	    f->sport, f->dst, f->dport);
	if (!f->has_dns) {
		fputs("null}", fp);
		return;
	}
	fputs("{\"file\":", fp);
	rj_cstr(fp, f->dns_file);
	fprintf(fp, ",\"frame\":%" PRIu64 ",\"server\":\"%s\"}}",
	    f->dns_frame, f->dns_server);
}

static void
rj_paths(FILE *fp, const struct report_name *n)
{
	unsigned i;

	fputs(",\"paths\":[", fp);
	for (i = 0; i < n->npaths; i++) {
		const struct report_path *p = &n->paths[i];

		fprintf(fp, "%s{\"client\":\"%s\",\"resolver\":", i ? "," : "",
		    p->client);
		rj_opt(fp, p->resolver);
		fputs(",\"chain\":", fp);
		rj_chain(fp, p->chain, p->nchain);
		fprintf(fp, ",\"address\":\"%s\",\"label\":\"%s\",\"flows\":%"
		    PRIu64 "}", p->addr, label_name(p->label), p->flows);
	}
	fprintf(fp, "],\"paths_not_shown_flows\":%" PRIu64, n->paths_more);
}

static void
rj_name_lists(FILE *fp, const struct report_name *n)
{
	const char *v[REPORT_LIST_MAX];
	unsigned i, k;

	fputs(",\"labels\":[", fp);
	for (i = 1, k = 0; i < LABEL_COUNT; i++)
		if (n->labels & (1u << i))
			fprintf(fp, "%s\"%s\"", k++ ? "," : "",
			    label_name((enum label)i));
	fputs("],\"resolvers\":", fp);
	for (i = 0; i < n->nresolvers; i++)
		v[i] = n->resolvers[i];
	rj_list(fp, v, n->nresolvers);
	fputs(",\"addresses\":", fp);
	for (i = 0; i < n->naddrs; i++)
		v[i] = n->addrs[i];
	rj_list(fp, v, n->naddrs);
	fprintf(fp, ",\"addresses_not_shown\":%s",
	    n->addrs_more ? "true" : "false");
}

static void
rj_name(const struct report *r, FILE *fp, const struct report_name *n)
{
	unsigned i, k;

	fputs("{\"name\":", fp);
	rj_str(fp, n->unnamed ? NULL : n->name.s, n->name.len);
	fprintf(fp, ",\"unnamed\":%s", n->unnamed ? "true" : "false");
	rj_name_lists(fp, n);
	fprintf(fp, ",\"flows\":%" PRIu64 ",\"bytes_out\":%" PRIu64
	    ",\"bytes_in\":%" PRIu64 ",\"first_ts\":", n->flows, n->bytes_out,
	    n->bytes_in);
	rj_time(fp, n->first_us);
	fputs(",\"last_ts\":", fp);
	rj_time(fp, n->last_us);
	fputs(",\"owner\":{\"asn\":", fp);
	if (n->asn != 0)
		fprintf(fp, "%u", n->asn);
	else
		fputs("null", fp);
	fputs(",\"as_org\":", fp);
	rj_opt(fp, n->as_org);
	fputs(",\"service_tag\":", fp);
	rj_opt(fp, n->service_tag);
	fputs(",\"country\":", fp);
	rj_opt(fp, n->country);
	fputs("},\"policy_rule\":", fp);
	rj_opt(fp, n->rule);
	fputs(",\"findings\":{", fp);
	for (i = 0, k = 0; i < FINDING_COUNT; i++)
		if (n->finding_flows[i] > 0)
			fprintf(fp, "%s\"%s\":%" PRIu64, k++ ? "," : "",
			    finding_name((enum finding_kind)i),
			    n->finding_flows[i]);
	fputs("},\"ta_flow_types\":{", fp);
	for (i = 0, k = 0; i < REPORT_TA_COUNT; i++)
		if (n->ta[i] > 0)
			fprintf(fp, "%s\"%s\":%" PRIu64, k++ ? "," : "",
			    report_ta_name((enum report_ta)i), n->ta[i]);
	fputc('}', fp);
	rj_paths(fp, n);
	fputs(",\"evidence\":[", fp);
	for (i = n->ev_first, k = 0; i != UINT32_MAX;
	    i = r->flows_kept[i].next_in_name) {
		fputs(k++ ? ",\n   " : "\n   ", fp);
		rj_evidence(fp, &r->flows_kept[i]);
	}
	fprintf(fp, "],\"evidence_not_shown\":%" PRIu64 "}", n->ev_more);
}

static void
rj_names(const struct report *r, FILE *fp)
{
	unsigned i;

	fputs("\"names\":[", fp);
	for (i = 0; r->order != NULL && i < r->nnames; i++) {
		fputs(i ? ",\n " : "\n ", fp);
		rj_name(r, fp, &r->names[r->order[i]]);
	}
	fprintf(fp, "],\n\"names_not_shown_flows\":%" PRIu64 ",\n",
	    r->names_more_flows);
}

static void
rj_flow(FILE *fp, const struct report_flow *f)
{
	fputs("{\"file\":", fp);
	rj_cstr(fp, f->file);
	fprintf(fp, ",\"first_frame\":%" PRIu64 ",\"first_ts\":",
	    f->first_frame);
	rj_time(fp, f->first_us);
	fputs(",\"last_ts\":", fp);
	rj_time(fp, f->last_us);
	fprintf(fp, ",\"proto\":\"%s\",\"src\":\"%s\",\"sport\":%u,"
	    "\"dst\":\"%s\",\"dport\":%u,\"name\":", f->proto, f->src,
	    f->sport, f->dst, f->dport);
	rj_str(fp, f->name.s, f->name.len);
	fputs(",\"name_source\":", fp);
	rj_opt(fp, f->name_source);
	fprintf(fp, ",\"label\":\"%s\",\"ta_flow_type\":", label_name(f->label));
	if (f->ta == REPORT_TA_NONE)
		fputs("null", fp);
	else
		fprintf(fp, "\"%s\"", report_ta_name(f->ta));
	fprintf(fp, ",\"state\":\"%s\",\"pkts_out\":%" PRIu64 ",\"pkts_in\":%"
	    PRIu64 ",\"bytes_out\":%" PRIu64 ",\"bytes_in\":%" PRIu64,
	    f->state, f->pkts_out, f->pkts_in, f->bytes_out, f->bytes_in);
	if (f->has_dns) {
		fputs(",\"dns\":{\"file\":", fp);
		rj_cstr(fp, f->dns_file);
		fprintf(fp, ",\"frame\":%" PRIu64 ",\"server\":\"%s\","
		    "\"stale\":%s,\"chain\":", f->dns_frame, f->dns_server,
		    f->dns_stale ? "true" : "false");
		rj_chain(fp, f->chain, f->nchain);
		fputc('}', fp);
	} else
		fputs(",\"dns\":null", fp);
	fputs(",\"reason\":", fp);
	rj_str(fp, f->reason.s, f->reason.len);
	fputs(",\"findings\":", fp);
	rj_findings(fp, f);
	fputc('}', fp);
}

static void
rj_flows(const struct report *r, FILE *fp)
{
	unsigned i;

	fputs("\"flows\":[", fp);
	for (i = 0; i < r->nflows; i++) {
		fputs(i ? ",\n " : "\n ", fp);
		rj_flow(fp, &r->flows_kept[i]);
	}
	fprintf(fp, "],\n\"flows_not_shown\":%" PRIu64 ",\n", r->flows_more);
}

static void
rj_unused(const struct report *r, FILE *fp)
{
	const struct report_answer *a;
	unsigned i, n = 0;

	fprintf(fp, "\"dns_answers\":%u,\"dns_answers_not_tracked\":%" PRIu64
	    ",\"dns_answers_unused\":%" PRIu64 ",\"unused_answers\":[",
	    r->nanswers, r->answers_more, r->answers_unused);
	for (i = 0; i < r->nanswers && n < REPORT_UNUSED_MAX; i++) {
		a = &r->answers[i];
		if (a->used || a->naddrs == 0)
			continue;
		fputs(n++ ? ",\n  {\"file\":" : "\n  {\"file\":", fp);
		rj_cstr(fp, a->file);
		fprintf(fp, ",\"frame\":%" PRIu64 ",\"ts\":", a->frame);
		rj_time(fp, a->ts_us);
		fputs(",\"query\":", fp);
		rj_str(fp, a->query.s, a->query.len);
		fprintf(fp, ",\"client\":\"%s\",\"server\":\"%s\",\"first_"
		    "address\":\"%s\",\"addresses\":%u}", a->client, a->server,
		    a->first, a->naddrs);
	}
	fprintf(fp, "],\"unused_not_shown\":%" PRIu64,
	    r->answers_unused - n);
}

static void
rj_before_dns(const struct report *r, FILE *fp)
{
	const struct report_file *f;
	unsigned i, n = 0;

	fputs(",\"before_first_dns\":[", fp);
	for (i = 0; i < r->nfiles; i++) {
		f = &r->files[i];
		if (!f->have_input)
			continue;
		fputs(n++ ? ",\n  {\"file\":" : "\n  {\"file\":", fp);
		rj_cstr(fp, f->name);
		fputs(",\"first_packet_ts\":", fp);
		rj_time(fp, f->packets > 0 ? f->first_us : 0);
		fputs(",\"first_dns_ts\":", fp);
		rj_time(fp, f->first_dns_us);
		if (f->first_dns_us != 0 && f->packets > 0 &&
		    f->first_dns_us >= f->first_us)
			fprintf(fp, ",\"seconds\":%.6f",
			    (double)(f->first_dns_us - f->first_us) / 1e6);
		else
			fputs(",\"seconds\":null", fp);
		fprintf(fp, ",\"flows\":%" PRIu64 ",\"unnamed\":%" PRIu64 "}",
		    f->flows_before_dns, f->unnamed_before_dns);
	}
	fputc(']', fp);
}

static void
rj_blind(const struct report *r, FILE *fp)
{
	unsigned k, n = 0;

	fprintf(fp, "\"blind_spots\":{\"unnamed_flows\":%" PRIu64
	    ",\"unnamed_public_flows\":%" PRIu64 ",\"unnamed_bytes\":%" PRIu64
	    ",\"kernel_drops\":%" PRIu64 ",\"iface_drops\":%" PRIu64 ",",
	    r->unnamed_flows, r->unnamed_public, r->unnamed_bytes,
	    r->st.kernel_drops, r->st.iface_drops);
	rj_unused(r, fp);
	rj_before_dns(r, fp);
	fputs(",\"findings_without_final_flow\":{", fp);
	for (k = 0; k < FINDING_COUNT; k++)
		if (r->finding_events[k] > r->finding_flows[k])
			fprintf(fp, "%s\"%s\":%" PRIu64, n++ ? "," : "",
			    finding_name((enum finding_kind)k),
			    r->finding_events[k] - r->finding_flows[k]);
	fputs("}}\n", fp);
}

int
report_write_json(const struct report *r, FILE *fp)
{
	fputs("{\"report\":\"pathwatch-evidence\",\"schema\":1,"
	    "\"version\":\"" PW_VERSION "\",\"generated\":", fp);
	rj_time(fp, r->generated_us);
	fputs(",\n", fp);
	rj_verdict(r, fp);
	rj_runs(r, fp);
	rj_decided(r, fp);
	rj_inputs(r, fp);
	rj_captured(r, fp);
	rj_totals(r, fp);
	rj_names(r, fp);
	rj_flows(r, fp);
	rj_blind(r, fp);
	fputs("}\n", fp);
	return (ferror(fp) ? -1 : 0);
}
