#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "escape.h"
#include "policy.h"
#include "report-int.h"

/*
 * report-html.c: the evidence report as one self-contained HTML file:
 * inline CSS, an inline SVG chart, no scripts and no fetches.  The
 * verdict and the flows behind it come first; print styles keep each
 * destination on one page where it fits.  Every string is escaped with
 * esc_html_write().
 */

#define RH_TOP_MAX	50	/* flows with findings listed at the top */

static const char rh_css[] =
"body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;"
"color:#1b1f24;margin:0 auto;max-width:1100px;padding:0 20px 40px}"
"h1{font-size:24px;margin:24px 0 4px}h2{font-size:19px;margin:28px 0 8px;"
"border-bottom:2px solid #d0d7de;padding-bottom:3px}"
"h3{font-size:16px;margin:0 0 6px;overflow-wrap:anywhere}"
".meta{color:#57606a;margin:0}"
"table{border-collapse:collapse;width:100%;margin:6px 0 10px}"
"th,td{border:1px solid #d0d7de;padding:3px 6px;text-align:left;"
"vertical-align:top}th{background:#f3f4f6;font-weight:600}"
"td.n{text-align:right;white-space:nowrap}"
"code,.mono{font-family:ui-monospace,Consolas,monospace;font-size:12.5px;"
"overflow-wrap:anywhere}td.name{min-width:14em}td.ref{min-width:11em}"
".verdict{border:3px solid;border-radius:6px;padding:10px 16px;"
"margin:16px 0}.verdict h2{border:0;margin:0 0 4px;font-size:26px}"
".violated{border-color:#cf222e;background:#ffebe9}"
".violated h2{color:#a40e26}.holds{border-color:#1a7f37;"
"background:#dafbe1}.holds h2{color:#116329}"
".nopolicy{border-color:#8c959f;background:#f6f8fa}"
".frame{font-weight:700;white-space:nowrap}"
".lab{display:inline-block;padding:0 6px;border-radius:9px;"
"font-size:12px;font-weight:600;color:#fff;white-space:nowrap}"
".l-local{background:#6e7781}.l-platform{background:#8250df}"
".l-private-link{background:#1a7f37}.l-vnet-private{background:#0969da}"
".l-backbone-public{background:#bc4c00}.l-internet-egress{background:#cf222e}"
".l-none{background:#8c959f}"
".dest{border:1px solid #d0d7de;border-radius:6px;padding:10px 14px;"
"margin:10px 0;break-inside:avoid}.dest.bad{border-left:6px solid #cf222e}"
"dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;"
"margin:4px 0}dt{color:#57606a}dd{margin:0}"
".path{display:flex;flex-wrap:wrap;align-items:center;gap:4px;"
"margin:4px 0}.box{border:1px solid #8c959f;border-radius:4px;"
"padding:1px 6px;background:#f6f8fa;font-family:ui-monospace,Consolas,"
"monospace;font-size:12px;overflow-wrap:anywhere}.box small{color:#57606a;"
"font-family:system-ui,sans-serif}.arrow{color:#57606a}"
"pre{background:#f6f8fa;border:1px solid #d0d7de;padding:8px;"
"white-space:pre-wrap;overflow-wrap:anywhere;font-size:12px}"
".blind li{margin:3px 0}"
"@media print{body{max-width:none;font-size:11px}"
".verdict,.lab,.dest.bad{-webkit-print-color-adjust:exact;"
"print-color-adjust:exact}h2{break-after:avoid}tr{break-inside:avoid}}";

static const char *const rh_colors[LABEL_COUNT] = {
	"#8c959f", "#6e7781", "#8250df", "#1a7f37", "#0969da", "#bc4c00",
	"#cf222e"
};

static void
rh_esc(FILE *fp, const char *s, size_t len)
{
	if (s != NULL)
		esc_html_write(fp, s, len);
}

static void
rh_cesc(FILE *fp, const char *s)
{
	if (s != NULL)
		esc_html_write(fp, s, strlen(s));
	else
		fputs("&mdash;", fp);
}

static void
rh_time(FILE *fp, uint64_t us)
{
	char t[32];

	report_fmt_time(us, t);
	fputs(t, fp);
}

static void
rh_bytes(FILE *fp, uint64_t n)
{
	char b[32];

	report_fmt_bytes(n, b);
	fputs(b, fp);
}

static void
rh_label(FILE *fp, enum label l)
{
	fprintf(fp, "<span class=\"lab l-%s\">%s</span>", label_name(l),
	    label_name(l));
}

/* The name of a destination: its DNS name, or "(no name) ADDR". */
static void
rh_name(FILE *fp, const struct report_name *n)
{
	if (n->unnamed)
		fputs("<i>(no name)</i> ", fp);
	rh_esc(fp, n->name.s, n->name.len);
}

/* "file frame N": where to open a packet in Wireshark. */
static void
rh_frame(FILE *fp, const char *file, uint64_t frame)
{
	fputs("<span class=\"frame\">frame ", fp);
	fprintf(fp, "%" PRIu64 "</span><br><span class=\"mono\">", frame);
	rh_cesc(fp, file);
	fputs("</span>", fp);
}

static void
rh_finding_list(FILE *fp, const struct report_flow *f, bool details)
{
	unsigned k, n = 0;

	for (k = 0; k < FINDING_COUNT; k++) {
		if (!(f->findings & FINDING_BIT(k)))
			continue;
		fprintf(fp, "%s<b>%s</b>", n++ ? "<br>" : "",
		    finding_name((enum finding_kind)k));
		if (details && f->detail[k].s != NULL) {
			fputs(": ", fp);
			rh_esc(fp, f->detail[k].s, f->detail[k].len);
		}
	}
}

/* One row of evidence: name, label, findings, the two frames. */
static void
rh_evidence_row(FILE *fp, const struct report_flow *f, bool with_name)
{
	fputs("<tr>", fp);
	if (with_name) {
		fputs("<td class=\"mono name\">", fp);
		if (f->name.s != NULL)
			rh_esc(fp, f->name.s, f->name.len);
		else
			fputs("<i>(no name)</i>", fp);
		fputs("</td>", fp);
	}
	fputs("<td>", fp);
	rh_label(fp, f->label);
	fputs("</td><td>", fp);
	rh_finding_list(fp, f, true);
	fputs("</td><td class=\"ref\">", fp);
	rh_frame(fp, f->file, f->first_frame);
	fprintf(fp, "<br><span class=\"mono\">%s %s:%u &rarr; %s:%u</span>",
	    f->proto, f->src, f->sport, f->dst, f->dport);
	fputs("</td><td class=\"ref\">", fp);
	if (f->has_dns) {
		rh_frame(fp, f->dns_file, f->dns_frame);
		fprintf(fp, "<br><span class=\"mono\">from %s</span>",
		    f->dns_server);
	} else
		fputs("no DNS answer seen", fp);
	fputs("</td></tr>\n", fp);
}

static void
rh_evidence_head(FILE *fp, bool with_name)
{
	fprintf(fp, "<table><tr>%s<th>Label</th><th>Findings</th><th>Flow's "
	    "first packet</th><th>DNS answer</th></tr>\n", with_name ?
	    "<th>Name</th>" : "");
}

static void
rh_verdict(const struct report *r, FILE *fp)
{
	const char *v = report_verdict(r);
	uint64_t viol = r->finding_flows[FINDING_POLICY_VIOLATION];
	unsigned i, shown = 0;
	uint64_t withf = 0;

	fprintf(fp, "<section class=\"verdict %s\" id=\"verdict\">\n",
	    strcmp(v, "holds") == 0 ? "holds" : strcmp(v, "violated") == 0 ?
	    "violated" : "nopolicy");
	if (strcmp(v, "no-policy") == 0)
		fputs("<h2>No policy given</h2>\n<p>Flows were labelled but not "
		    "judged (give --policy FILE).</p>\n", fp);
	else {
		fprintf(fp, "<h2>Policy %s</h2>\n<p>", strcmp(v, "holds") == 0 ?
		    "HOLDS" : "VIOLATED");
		fprintf(fp, "<b>%" PRIu64 "</b> of %" PRIu64 " flows violate "
		    "the policy <code>", viol, r->flows);
		rh_cesc(fp, report_policy_origin(r));
		fputs("</code>", fp);
		if (r->policy != NULL)
			fprintf(fp, " (%" PRIu64 " judged by a rule, %" PRIu64
			    " matched no rule)", r->judged, r->unmatched);
		fputs(".</p>\n", fp);
	}
	for (i = 0; i < r->nflows; i++)
		if (r->flows_kept[i].findings != 0)
			withf++;
	if (withf == 0) {
		fputs("<p>No flow has a finding.</p>\n</section>\n", fp);
		return;
	}
	fputs("<h3>Flows with findings</h3>\n", fp);
	rh_evidence_head(fp, true);
	/* Policy violations first, then the other findings. */
	for (i = 0; i < r->nflows && shown < RH_TOP_MAX; i++)
		if (r->flows_kept[i].findings &
		    FINDING_BIT(FINDING_POLICY_VIOLATION)) {
			rh_evidence_row(fp, &r->flows_kept[i], true);
			shown++;
		}
	for (i = 0; i < r->nflows && shown < RH_TOP_MAX; i++)
		if (r->flows_kept[i].findings != 0 &&
		    !(r->flows_kept[i].findings &
		    FINDING_BIT(FINDING_POLICY_VIOLATION))) {
			rh_evidence_row(fp, &r->flows_kept[i], true);
			shown++;
		}
	fputs("</table>\n", fp);
	if (withf > shown)
		fprintf(fp, "<p>%" PRIu64 " more flows with findings not shown "
		    "here; see Destinations.</p>\n", withf - shown);
	fputs("</section>\n", fp);
}

/* Bars of bytes and flows by label, scaled to the largest. */
static void
rh_chart(const struct report *r, FILE *fp)
{
	uint64_t maxb = 1, maxf = 1, b;
	unsigned i, rows = 0, y;

	for (i = 1; i < LABEL_COUNT; i++) {
		b = r->label_out[i] + r->label_in[i];
		if (r->label_flows[i] == 0)
			continue;
		rows++;
		if (b > maxb)
			maxb = b;
		if (r->label_flows[i] > maxf)
			maxf = r->label_flows[i];
	}
	fputs("<h2>Traffic by label</h2>\n", fp);
	if (rows == 0) {
		fputs("<p>No flows.</p>\n", fp);
		return;
	}
	fprintf(fp, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"760\" "
	    "height=\"%u\" role=\"img\" aria-label=\"bytes and flows by label\""
	    " font-family=\"sans-serif\" font-size=\"12\">\n"
	    "<text x=\"150\" y=\"14\" font-weight=\"bold\">bytes (both ways)"
	    "</text><text x=\"460\" y=\"14\" font-weight=\"bold\">flows</text>"
	    "\n", 26 + rows * 24);
	for (i = 1, y = 24; i < LABEL_COUNT; i++) {
		if (r->label_flows[i] == 0)
			continue;
		b = r->label_out[i] + r->label_in[i];
		fprintf(fp, "<text x=\"140\" y=\"%u\" text-anchor=\"end\">%s"
		    "</text>", y + 13, label_name((enum label)i));
		fprintf(fp, "<rect x=\"150\" y=\"%u\" width=\"%u\" height=\"16\""
		    " fill=\"%s\"/>", y + 1, (unsigned)(1 + 200 * b / maxb),
		    rh_colors[i]);
		fprintf(fp, "<text x=\"%u\" y=\"%u\">", 156 +
		    (unsigned)(200 * b / maxb), y + 13);
		rh_bytes(fp, b);
		fprintf(fp, "</text><rect x=\"460\" y=\"%u\" width=\"%u\" "
		    "height=\"16\" fill=\"%s\" opacity=\"0.7\"/><text x=\"%u\" "
		    "y=\"%u\">%" PRIu64 "</text>\n", y + 1,
		    (unsigned)(1 + 200 * r->label_flows[i] / maxf), rh_colors[i],
		    466 + (unsigned)(200 * r->label_flows[i] / maxf), y + 13,
		    r->label_flows[i]);
		y += 24;
	}
	fputs("</svg>\n", fp);
}

static void
rh_captured(const struct report *r, FILE *fp)
{
	const struct stats *s = &r->st;
	const struct report_file *f;
	unsigned i;

	fputs("<h2>What was captured</h2>\n<dl>", fp);
	for (i = 0; i < r->nruns; i++) {
		fputs("<dt>host</dt><dd>", fp);
		rh_cesc(fp, r->runs[i].host);
		fputs(", ", fp);
		if (r->runs[i].source != NULL) {
			fputs("interface ", fp);
			rh_cesc(fp, r->runs[i].source);
		} else
			fputs("capture files", fp);
		fputs(", run started ", fp);
		rh_time(fp, r->runs[i].started_us);
		fputs("</dd>", fp);
	}
	fputs("<dt>flows seen</dt><dd>", fp);
	rh_time(fp, r->first_us);
	fputs(" to ", fp);
	rh_time(fp, r->last_us);
	fprintf(fp, "</dd><dt>packets</dt><dd>%" PRIu64 " seen, %" PRIu64
	    " decoded, %" PRIu64 " malformed, %" PRIu64 " truncated</dd>"
	    "<dt>dropped by the kernel</dt><dd>%" PRIu64 " (interface: %"
	    PRIu64 ")</dd><dt>DNS messages</dt><dd>%" PRIu64 " (%" PRIu64
	    " malformed)</dd><dt>flows</dt><dd>%" PRIu64 " (%" PRIu64
	    " evicted)</dd></dl>\n", s->packets, s->decoded, s->malformed,
	    s->truncated, s->kernel_drops, s->iface_drops, s->dns_messages,
	    s->dns_malformed, s->flows, s->flows_evicted);
	fputs("<table><tr><th>Input</th><th>Size</th><th>SHA-256</th>"
	    "<th>First packet</th><th>Last packet</th><th>Packets</th>"
	    "<th>Complete</th></tr>\n", fp);
	for (i = 0; i < r->nfiles; i++) {
		f = &r->files[i];
		if (!f->have_input)
			continue;
		fputs("<tr><td class=\"mono\">", fp);
		rh_cesc(fp, f->name);
		fprintf(fp, "</td><td class=\"n\">%" PRIu64 " B</td>"
		    "<td class=\"mono\">%s</td><td>", f->size, f->sha256[0] ?
		    f->sha256 : "not computed (run with --hash)");
		rh_time(fp, f->packets > 0 ? f->first_us : 0);
		fputs("</td><td>", fp);
		rh_time(fp, f->packets > 0 ? f->last_us : 0);
		fprintf(fp, "</td><td class=\"n\">%" PRIu64 "</td><td>",
		    f->packets);
		if (f->error != NULL) {
			fputs("<b>error</b>: ", fp);
			rh_cesc(fp, f->error);
		} else if (f->truncated)
			fprintf(fp, "<b>truncated</b> after frame %" PRIu64,
			    f->last_good_frame);
		else
			fputs("yes", fp);
		fputs("</td></tr>\n", fp);
	}
	fputs("</table>\n", fp);
}

static void
rh_values(const struct report *r, FILE *fp, const char *title, size_t off)
{
	const char *v[REPORT_RUNS_MAX];
	unsigned i, n = report_run_values(r, off, v, REPORT_RUNS_MAX);

	fprintf(fp, "<dt>%s</dt><dd>", title);
	for (i = 0; i < n; i++) {
		fputs(i ? "<br>" : "", fp);
		rh_cesc(fp, v[i]);
	}
	if (n == 0)
		fputs("&mdash;", fp);
	fputs("</dd>", fp);
}

static void
rh_decided(const struct report *r, FILE *fp)
{
	const char *v[REPORT_RUNS_MAX];
	unsigned i, n;

	fputs("<h2>What decided the labels</h2>\n<dl>", fp);
	rh_values(r, fp, "pathwatch version",
	    offsetof(struct report_run, version));
	rh_values(r, fp, "ASN database", offsetof(struct report_run, asn_db));
	rh_values(r, fp, "Service Tags", offsetof(struct report_run, tags_db));
	rh_values(r, fp, "country database",
	    offsetof(struct report_run, country_db));
	rh_values(r, fp, "zone table",
	    offsetof(struct report_run, zones_source));
	for (i = 0; i < r->nruns && i < 1; i++)
		fprintf(fp, "<dt>zones</dt><dd>%" PRIu64 " private-link zones"
		    "</dd>", r->runs[i].zones_count);
	n = report_vnets(r, v, REPORT_RUNS_MAX);
	fputs("<dt>VNet ranges</dt><dd class=\"mono\">", fp);
	for (i = 0; i < n; i++) {
		fputs(i ? ", " : "", fp);
		rh_cesc(fp, v[i]);
	}
	if (n == 0)
		fputs("none given (RFC 1918, RFC 6598 and ULA count as private)",
		    fp);
	fputs("</dd></dl>\n", fp);
}

static void
rh_policy(const struct report *r, FILE *fp)
{
	fputs("<h2>Policy</h2>\n", fp);
	if (!report_has_policy(r)) {
		fputs("<p>No policy was given.</p>\n", fp);
		return;
	}
	fputs("<dl><dt>file</dt><dd class=\"mono\">", fp);
	rh_cesc(fp, report_policy_origin(r));
	fputs("</dd><dt>SHA-256</dt><dd class=\"mono\">", fp);
	rh_cesc(fp, report_policy_sha256(r));
	fprintf(fp, "</dd><dt>verdict</dt><dd><b>%s</b>, %" PRIu64 " violating "
	    "flows of %" PRIu64 "</dd></dl>\n", report_verdict(r),
	    r->finding_flows[FINDING_POLICY_VIOLATION], r->flows);
	if (r->policy != NULL) {
		fputs("<pre>", fp);
		rh_esc(fp, policy_text(r->policy), policy_text_len(r->policy));
		fputs("</pre>\n", fp);
	} else
		fputs("<p>The policy text was not given to the merge (give "
		    "--policy FILE); the verdict is the runs' own.</p>\n", fp);
}

/* The picture of one path: app -> resolver -> chain -> address -> label. */
static void
rh_path(FILE *fp, const struct report_path *p)
{
	unsigned i;

	fprintf(fp, "<div class=\"path\"><span class=\"box\"><small>app"
	    "</small> %s</span>", p->client);
	if (p->resolver[0] != '\0')
		fprintf(fp, "<span class=\"arrow\">&rarr;</span><span "
		    "class=\"box\"><small>resolver</small> %s</span>",
		    p->resolver);
	for (i = 0; i < p->nchain; i++) {
		fprintf(fp, "<span class=\"arrow\">%s</span><span class=\"box\">",
		    i == 0 ? "&rarr;" : "&rarr;<small>CNAME</small>");
		rh_esc(fp, p->chain[i].s, p->chain[i].len);
		fputs("</span>", fp);
	}
	fprintf(fp, "<span class=\"arrow\">&rarr;</span><span class=\"box\">"
	    "<small>address</small> %s</span><span class=\"arrow\">&rarr;"
	    "</span>", p->addr);
	rh_label(fp, p->label);
	fprintf(fp, " <small>%" PRIu64 " flow%s</small></div>\n", p->flows,
	    p->flows == 1 ? "" : "s");
}

static void
rh_dest_facts(FILE *fp, const struct report_name *n)
{
	unsigned i, k;

	fputs("<dl><dt>labels</dt><dd>", fp);
	for (i = 1; i < LABEL_COUNT; i++)
		if (n->labels & (1u << i)) {
			rh_label(fp, (enum label)i);
			fputc(' ', fp);
		}
	fprintf(fp, "</dd><dt>flows</dt><dd>%" PRIu64 " (", n->flows);
	for (i = 0, k = 0; i < REPORT_TA_COUNT; i++)
		if (n->ta[i] > 0)
			fprintf(fp, "%s%s %" PRIu64, k++ ? ", " : "",
			    report_ta_name((enum report_ta)i), n->ta[i]);
	fputs(")</dd><dt>bytes</dt><dd>", fp);
	rh_bytes(fp, n->bytes_out);
	fputs(" out, ", fp);
	rh_bytes(fp, n->bytes_in);
	fputs(" in</dd><dt>seen</dt><dd>", fp);
	rh_time(fp, n->first_us);
	fputs(" to ", fp);
	rh_time(fp, n->last_us);
	fputs("</dd><dt>resolvers</dt><dd class=\"mono\">", fp);
	for (i = 0; i < n->nresolvers; i++)
		fprintf(fp, "%s%s", i ? ", " : "", n->resolvers[i]);
	if (n->nresolvers == 0)
		fputs("no DNS answer seen", fp);
	fputs("</dd><dt>owner</dt><dd>", fp);
	if (n->asn != 0) {
		fprintf(fp, "AS%u ", n->asn);
		rh_cesc(fp, n->as_org);
	} else
		fputs("&mdash;", fp);
	if (n->service_tag[0] != '\0') {
		fputs(", service tag ", fp);
		rh_cesc(fp, n->service_tag);
	}
	fputs("</dd>", fp);
	if (n->rule[0] != '\0') {
		fputs("<dt>policy rule</dt><dd class=\"mono\">", fp);
		rh_cesc(fp, n->rule);
		fputs("</dd>", fp);
	}
	fputs("<dt>findings</dt><dd>", fp);
	for (i = 0, k = 0; i < FINDING_COUNT; i++)
		if (n->finding_flows[i] > 0)
			fprintf(fp, "%s<b>%s</b> on %" PRIu64 " flow%s",
			    k++ ? ", " : "", finding_name((enum finding_kind)i),
			    n->finding_flows[i], n->finding_flows[i] == 1 ?
			    "" : "s");
	if (k == 0)
		fputs("none", fp);
	fputs("</dd></dl>\n", fp);
}

static void
rh_dest(const struct report *r, FILE *fp, const struct report_name *n)
{
	unsigned i;

	fprintf(fp, "<article class=\"dest%s\"><h3>", n->finding_flows[
	    FINDING_POLICY_VIOLATION] > 0 ? " bad" : "");
	rh_name(fp, n);
	fputs("</h3>\n", fp);
	rh_dest_facts(fp, n);
	for (i = 0; i < n->npaths; i++)
		rh_path(fp, &n->paths[i]);
	if (n->paths_more > 0)
		fprintf(fp, "<p>%" PRIu64 " more flows on other paths not "
		    "shown.</p>\n", n->paths_more);
	if (n->ev_first != UINT32_MAX) {
		rh_evidence_head(fp, false);
		for (i = n->ev_first; i != UINT32_MAX;
		    i = r->flows_kept[i].next_in_name)
			rh_evidence_row(fp, &r->flows_kept[i], false);
		fputs("</table>\n", fp);
	}
	if (n->ev_more > 0)
		fprintf(fp, "<p>%" PRIu64 " more flows with findings not "
		    "shown.</p>\n", n->ev_more);
	fputs("</article>\n", fp);
}

static void
rh_flows(const struct report *r, FILE *fp)
{
	const struct report_flow *f;
	unsigned i;

	fputs("<h2>Flows</h2>\n<table><tr><th>First packet</th><th>Flow</th>"
	    "<th>Name</th><th>Label</th><th>Traffic Analytics</th>"
	    "<th>Bytes out / in</th><th>Findings</th></tr>\n", fp);
	for (i = 0; i < r->nflows; i++) {
		f = &r->flows_kept[i];
		fputs("<tr><td>", fp);
		rh_frame(fp, f->file, f->first_frame);
		fprintf(fp, "</td><td class=\"mono\">%s %s:%u &rarr; %s:%u</td>"
		    "<td class=\"mono\">", f->proto, f->src, f->sport, f->dst,
		    f->dport);
		if (f->name.s != NULL)
			rh_esc(fp, f->name.s, f->name.len);
		else
			fputs("<i>(no name)</i>", fp);
		fputs("</td><td>", fp);
		rh_label(fp, f->label);
		fprintf(fp, "</td><td>%s</td><td class=\"n\">", f->ta ==
		    REPORT_TA_NONE ? "&mdash;" : report_ta_name(f->ta));
		rh_bytes(fp, f->bytes_out);
		fputs(" / ", fp);
		rh_bytes(fp, f->bytes_in);
		fputs("</td><td>", fp);
		rh_finding_list(fp, f, false);
		fputs("</td></tr>\n", fp);
	}
	fputs("</table>\n", fp);
	if (r->flows_more > 0)
		fprintf(fp, "<p>%" PRIu64 " more flows not shown (counted in "
		    "every total above).</p>\n", r->flows_more);
}

static void
rh_unused(const struct report *r, FILE *fp)
{
	const struct report_answer *a;
	unsigned i, n = 0;

	fprintf(fp, "<li><b>DNS answers never used</b>: %" PRIu64 " of %u "
	    "answers that gave an address were followed by no flow to it",
	    r->answers_unused, r->nanswers);
	if (r->answers_more > 0)
		fprintf(fp, " (%" PRIu64 " more answers were not tracked)",
		    r->answers_more);
	if (r->answers_unused == 0) {
		fputs(".</li>\n", fp);
		return;
	}
	fputs(":<table><tr><th>Query</th><th>First address</th>"
	    "<th>Answer</th></tr>\n", fp);
	for (i = 0; i < r->nanswers && n < REPORT_UNUSED_MAX; i++) {
		a = &r->answers[i];
		if (a->used || a->naddrs == 0)
			continue;
		n++;
		fputs("<tr><td class=\"mono\">", fp);
		rh_esc(fp, a->query.s, a->query.len);
		fprintf(fp, "</td><td class=\"mono\">%s</td><td>", a->first);
		rh_frame(fp, a->file, a->frame);
		fputs("</td></tr>\n", fp);
	}
	fputs("</table>", fp);
	if (r->answers_unused > n)
		fprintf(fp, "%" PRIu64 " more not shown.", r->answers_unused -
		    n);
	fputs("</li>\n", fp);
}

static void
rh_blind(const struct report *r, FILE *fp)
{
	const struct report_file *f;
	unsigned i, k;

	fputs("<h2>Blind spots</h2>\n<ul class=\"blind\">\n", fp);
	fprintf(fp, "<li><b>Flows with no name</b>: %" PRIu64 " (%" PRIu64
	    " of them to public addresses), ", r->unnamed_flows,
	    r->unnamed_public);
	rh_bytes(fp, r->unnamed_bytes);
	fputs(". No DNS answer, SNI or Host named them; their destination "
	    "could not be checked against name rules.</li>\n", fp);
	rh_unused(r, fp);
	fprintf(fp, "<li><b>Dropped by the kernel</b>: %" PRIu64 " packets "
	    "(interface: %" PRIu64 ")%s</li>\n", r->st.kernel_drops,
	    r->st.iface_drops, r->st.kernel_drops + r->st.iface_drops > 0 ?
	    ": flows in them were not seen" : "");
	for (i = 0; i < r->nfiles; i++) {
		f = &r->files[i];
		if (!f->have_input)
			continue;
		fputs("<li><b>Before the first DNS answer</b> in <span "
		    "class=\"mono\">", fp);
		rh_cesc(fp, f->name);
		fputs("</span>: ", fp);
		if (f->first_dns_us == 0)
			fputs("no DNS answer at all", fp);
		else if (f->packets > 0 && f->first_dns_us >= f->first_us)
			fprintf(fp, "%.3f s", (double)(f->first_dns_us -
			    f->first_us) / 1e6);
		fprintf(fp, "; %" PRIu64 " flows began before it (%" PRIu64
		    " unnamed): names looked up before the capture began are "
		    "unknown.</li>\n", f->flows_before_dns,
		    f->unnamed_before_dns);
	}
	for (k = 0; k < FINDING_COUNT; k++)
		if (r->finding_events[k] > r->finding_flows[k])
			fprintf(fp, "<li><b>%s</b>: %" PRIu64 " findings have no "
			    "final flow record (the run did not end cleanly)."
			    "</li>\n", finding_name((enum finding_kind)k),
			    r->finding_events[k] - r->finding_flows[k]);
	fputs("</ul>\n", fp);
}

int
report_write_html(const struct report *r, FILE *fp)
{
	unsigned i;

	fprintf(fp, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta "
	    "charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width="
	    "device-width\">\n<title>pathwatch evidence report</title>\n"
	    "<style>%s</style></head><body>\n<h1>pathwatch evidence report"
	    "</h1>\n<p class=\"meta\">generated ", rh_css);
	rh_time(fp, r->generated_us);
	fputs(" by pathwatch " PW_VERSION "</p>\n", fp);
	rh_verdict(r, fp);
	rh_chart(r, fp);
	rh_captured(r, fp);
	rh_decided(r, fp);
	rh_policy(r, fp);
	fputs("<h2>Destinations</h2>\n", fp);
	for (i = 0; r->order != NULL && i < r->nnames; i++)
		rh_dest(r, fp, &r->names[r->order[i]]);
	if (r->names_more_flows > 0)
		fprintf(fp, "<p>%" PRIu64 " more flows to names not shown (over "
		    "%d names).</p>\n", r->names_more_flows, REPORT_NAMES_MAX);
	rh_flows(r, fp);
	rh_blind(r, fp);
	fputs("</body></html>\n", fp);
	return (ferror(fp) ? -1 : 0);
}
