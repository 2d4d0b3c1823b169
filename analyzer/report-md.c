#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "escape.h"
#include "policy.h"
#include "report-int.h"

/*
 * report-md.c: the evidence report as Markdown, the same sections as the
 * HTML in tables.  Every string from the wire or a file goes through
 * esc_md_write(), so no name can open a table cell, a link or HTML.
 */

static void
rmd_esc(FILE *fp, const char *s, size_t len)
{
	if (s != NULL)
		esc_md_write(fp, s, len);
	else
		fputs("-", fp);
}

static void
rmd_cesc(FILE *fp, const char *s)
{
	rmd_esc(fp, s, s != NULL ? strlen(s) : 0);
}

static void
rmd_time(FILE *fp, uint64_t us)
{
	char t[32];

	report_fmt_time(us, t);
	fputs(t, fp);
}

static void
rmd_flowref(FILE *fp, const struct report_flow *f)
{
	fprintf(fp, "frame %" PRIu64 " of ", f->first_frame);
	rmd_cesc(fp, f->file);
	fprintf(fp, " (%s %s:%u -> %s:%u)", f->proto, f->src, f->sport, f->dst,
	    f->dport);
}

static void
rmd_evidence(FILE *fp, const struct report_flow *f)
{
	unsigned k, n = 0;

	fputs("| ", fp);
	rmd_esc(fp, f->name.s, f->name.len);
	fprintf(fp, " | %s | ", label_name(f->label));
	for (k = 0; k < FINDING_COUNT; k++) {
		if (!(f->findings & FINDING_BIT(k)))
			continue;
		fprintf(fp, "%s**%s**: ", n++ ? "<br>" : "",
		    finding_name((enum finding_kind)k));
		rmd_esc(fp, f->detail[k].s, f->detail[k].len);
	}
	fputs(" | ", fp);
	rmd_flowref(fp, f);
	fputs(" | ", fp);
	if (f->has_dns) {
		fprintf(fp, "frame %" PRIu64 " of ", f->dns_frame);
		rmd_cesc(fp, f->dns_file);
	} else
		fputs("no DNS answer seen", fp);
	fputs(" |\n", fp);
}

static void
rmd_verdict(const struct report *r, FILE *fp)
{
	unsigned i;

	fprintf(fp, "## Verdict: **%s**\n\n", report_verdict(r));
	if (report_has_policy(r)) {
		fprintf(fp, "%" PRIu64 " of %" PRIu64 " flows violate the policy ",
		    r->finding_flows[FINDING_POLICY_VIOLATION], r->flows);
		rmd_cesc(fp, report_policy_origin(r));
		fputs(" (SHA-256 ", fp);
		rmd_cesc(fp, report_policy_sha256(r));
		fputs(")", fp);
		if (r->policy != NULL)
			fprintf(fp, "; %" PRIu64 " flows judged by a rule, %"
			    PRIu64 " matched none", r->judged, r->unmatched);
		fputs(".\n\n", fp);
	} else
		fputs("No policy was given.\n\n", fp);
	fputs("### Flows with findings\n\n| Name | Label | Findings | Flow's "
	    "first packet | DNS answer |\n|---|---|---|---|---|\n", fp);
	for (i = 0; i < r->nflows; i++)
		if (r->flows_kept[i].findings != 0)
			rmd_evidence(fp, &r->flows_kept[i]);
	fputs("\n", fp);
}

static void
rmd_captured(const struct report *r, FILE *fp)
{
	const struct report_file *f;
	const struct stats *s = &r->st;
	unsigned i;

	fputs("## What was captured\n\n", fp);
	for (i = 0; i < r->nruns; i++) {
		fputs("- host ", fp);
		rmd_cesc(fp, r->runs[i].host);
		fputs(", ", fp);
		if (r->runs[i].source != NULL) {
			fputs("interface ", fp);
			rmd_cesc(fp, r->runs[i].source);
		} else
			fputs("capture files", fp);
		fputs("\n", fp);
	}
	fprintf(fp, "- packets: %" PRIu64 " seen, %" PRIu64 " malformed, %"
	    PRIu64 " truncated; dropped by the kernel: %" PRIu64
	    " (interface %" PRIu64 ")\n\n", s->packets, s->malformed,
	    s->truncated, s->kernel_drops, s->iface_drops);
	fputs("| Input | Size | SHA-256 | First packet | Last packet | Packets "
	    "| Complete |\n|---|---|---|---|---|---|---|\n", fp);
	for (i = 0; i < r->nfiles; i++) {
		f = &r->files[i];
		if (!f->have_input)
			continue;
		fputs("| ", fp);
		rmd_cesc(fp, f->name);
		fprintf(fp, " | %" PRIu64 " | %s | ", f->size, f->sha256);
		rmd_time(fp, f->packets > 0 ? f->first_us : 0);
		fputs(" | ", fp);
		rmd_time(fp, f->packets > 0 ? f->last_us : 0);
		fprintf(fp, " | %" PRIu64 " | ", f->packets);
		if (f->error != NULL)
			rmd_cesc(fp, f->error);
		else
			fputs(f->truncated ? "truncated" : "yes", fp);
		fputs(" |\n", fp);
	}
	fputs("\n", fp);
}

static void
rmd_values(const struct report *r, FILE *fp, const char *title, size_t off)
{
	const char *v[REPORT_RUNS_MAX];
	unsigned i, n = report_run_values(r, off, v, REPORT_RUNS_MAX);

	fprintf(fp, "- %s: ", title);
	for (i = 0; i < n; i++) {
		fputs(i ? "; " : "", fp);
		rmd_cesc(fp, v[i]);
	}
	fputs(n == 0 ? "-\n" : "\n", fp);
}

static void
rmd_decided(const struct report *r, FILE *fp)
{
	const char *v[REPORT_RUNS_MAX];
	unsigned i, n;

	fputs("## What decided the labels\n\n", fp);
	rmd_values(r, fp, "pathwatch", offsetof(struct report_run, version));
	rmd_values(r, fp, "ASN database", offsetof(struct report_run, asn_db));
	rmd_values(r, fp, "Service Tags", offsetof(struct report_run,
	    tags_db));
	rmd_values(r, fp, "zone table", offsetof(struct report_run,
	    zones_source));
	n = report_vnets(r, v, REPORT_RUNS_MAX);
	fputs("- VNet ranges: ", fp);
	for (i = 0; i < n; i++) {
		fputs(i ? ", " : "", fp);
		rmd_cesc(fp, v[i]);
	}
	fputs(n == 0 ? "none given\n\n" : "\n\n", fp);
	if (r->policy != NULL) {
		/* An HTML block: entities render, Markdown is not parsed. */
		fputs("## Policy\n\n<pre>\n", fp);
		esc_html_write(fp, policy_text(r->policy),
		    policy_text_len(r->policy));
		fputs("</pre>\n\n", fp);
	}
}

static void
rmd_dest(FILE *fp, const struct report_name *n)
{
	unsigned i, j;

	fputs("| ", fp);
	if (n->unnamed)
		fputs("(no name) ", fp);
	rmd_esc(fp, n->name.s, n->name.len);
	fputs(" | ", fp);
	for (i = 1, j = 0; i < LABEL_COUNT; i++)
		if (n->labels & (1u << i))
			fprintf(fp, "%s%s", j++ ? ", " : "",
			    label_name((enum label)i));
	fprintf(fp, " | %" PRIu64 " | %" PRIu64 " / %" PRIu64 " | ", n->flows,
	    n->bytes_out, n->bytes_in);
	rmd_time(fp, n->first_us);
	fputs(" to ", fp);
	rmd_time(fp, n->last_us);
	fputs(" | ", fp);
	for (i = 0; i < n->npaths; i++) {
		fputs(i ? "<br>" : "", fp);
		fprintf(fp, "%s -> %s", n->paths[i].client,
		    n->paths[i].resolver[0] ? n->paths[i].resolver : "(no DNS)");
		for (j = 0; j < n->paths[i].nchain; j++) {
			fputs(" -> ", fp);
			rmd_esc(fp, n->paths[i].chain[j].s,
			    n->paths[i].chain[j].len);
		}
		fprintf(fp, " -> %s", n->paths[i].addr);
	}
	fputs(" | ", fp);
	if (n->asn != 0) {
		fprintf(fp, "AS%u ", n->asn);
		rmd_cesc(fp, n->as_org);
	}
	fputs(" | ", fp);
	for (i = 0, j = 0; i < FINDING_COUNT; i++)
		if (n->finding_flows[i] > 0)
			fprintf(fp, "%s%s (%" PRIu64 ")", j++ ? ", " : "",
			    finding_name((enum finding_kind)i),
			    n->finding_flows[i]);
	fputs(" |\n", fp);
}

static void
rmd_flows(const struct report *r, FILE *fp)
{
	const struct report_flow *f;
	unsigned i;

	fputs("## Flows\n\n| Flow | Name | Label | Traffic Analytics | Bytes "
	    "out / in |\n|---|---|---|---|---|\n", fp);
	for (i = 0; i < r->nflows; i++) {
		f = &r->flows_kept[i];
		fputs("| ", fp);
		rmd_flowref(fp, f);
		fputs(" | ", fp);
		rmd_esc(fp, f->name.s, f->name.len);
		fprintf(fp, " | %s | %s | %" PRIu64 " / %" PRIu64 " |\n",
		    label_name(f->label), f->ta == REPORT_TA_NONE ? "-" :
		    report_ta_name(f->ta), f->bytes_out, f->bytes_in);
	}
	if (r->flows_more > 0)
		fprintf(fp, "\n%" PRIu64 " more flows not shown.\n",
		    r->flows_more);
	fputs("\n", fp);
}

static void
rmd_blind(const struct report *r, FILE *fp)
{
	const struct report_file *f;
	unsigned i;

	fputs("## Blind spots\n\n", fp);
	fprintf(fp, "- flows with no name: %" PRIu64 " (%" PRIu64 " to public "
	    "addresses)\n- DNS answers never used: %" PRIu64 " of %u\n"
	    "- dropped by the kernel: %" PRIu64 " (interface %" PRIu64 ")\n",
	    r->unnamed_flows, r->unnamed_public, r->answers_unused,
	    r->nanswers, r->st.kernel_drops, r->st.iface_drops);
	for (i = 0; i < r->nfiles; i++) {
		f = &r->files[i];
		if (!f->have_input)
			continue;
		fputs("- before the first DNS answer in ", fp);
		rmd_cesc(fp, f->name);
		if (f->first_dns_us == 0)
			fputs(": no DNS answer at all", fp);
		else if (f->packets > 0 && f->first_dns_us >= f->first_us)
			fprintf(fp, ": %.3f s", (double)(f->first_dns_us -
			    f->first_us) / 1e6);
		fprintf(fp, ", %" PRIu64 " flows began before it\n",
		    f->flows_before_dns);
	}
}

int
report_write_md(const struct report *r, FILE *fp)
{
	unsigned i;

	fputs("# pathwatch evidence report\n\nGenerated ", fp);
	rmd_time(fp, r->generated_us);
	fputs(" by pathwatch " PW_VERSION ".\n\n", fp);
	rmd_verdict(r, fp);
	rmd_captured(r, fp);
	rmd_decided(r, fp);
	fputs("## Destinations\n\n| Name | Labels | Flows | Bytes out / in | "
	    "Seen | Path (app -> resolver -> chain -> address) | Owner | "
	    "Findings |\n|---|---|---|---|---|---|---|---|\n", fp);
	for (i = 0; r->order != NULL && i < r->nnames; i++)
		rmd_dest(fp, &r->names[r->order[i]]);
	if (r->names_more_flows > 0)
		fprintf(fp, "\n%" PRIu64 " more flows to names not shown.\n",
		    r->names_more_flows);
	fputs("\n", fp);
	rmd_flows(r, fp);
	rmd_blind(r, fp);
	return (ferror(fp) ? -1 : 0);
}
