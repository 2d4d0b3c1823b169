#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compat.h"
#include "escape.h"
#include "flow.h"
#include "label.h"
#include "out.h"

/*
 * out-text.c: what a person reads on standard output: one line a flow as
 * it ends, then flows and bytes by label and the findings counted.  Every
 * name passes through esc_term(), so no raw control byte reaches the
 * terminal.
 */

#define OT_FINDINGS_SHOWN	100

struct out_text {
	FILE		*fp;
	char		*finding_lines[OT_FINDINGS_SHOWN];
	unsigned	 nfinding_lines;
	uint64_t	 findings_seen;
	bool		 flush_each;
	bool		 header_done;
	uint64_t	 flows[LABEL_COUNT];
	uint64_t	 bytes_out[LABEL_COUNT];
	uint64_t	 bytes_in[LABEL_COUNT];
	uint64_t	 findings[FINDING_COUNT];
	struct stats	 last;
	bool		 have_stats;
	bool		 no_summary;
};

static void
ot_header(struct out_text *o)
{
	fprintf(o->fp, "%-15s %-5s %-45s %-15s %-34s %9s %9s  %s\n",
	    "time", "proto", "client -> server", "label", "name", "bytes out",
	    "bytes in", "findings");
	o->header_done = true;
}

/* "client:port -> server:port", IPv6 addresses in brackets. */
static void
ot_endpoints(const struct ev_flow *v, char *buf, size_t len)
{
	bool v6 = strchr(v->dst, ':') != NULL;

	snprintf(buf, len, "%s%s%s:%u -> %s%s%s:%u", v6 ? "[" : "", v->src,
	    v6 ? "]" : "", v->sport, v6 ? "[" : "", v->dst, v6 ? "]" : "",
	    v->dport);
}

static void
ot_flow(void *arg, const struct ev_flow *v)
{
	struct out_text *o = arg;
	char when[32], ends[128], name[DNS_NAME_TEXT_MAX * 4 + 1], fd[160];
	unsigned i;
	size_t n = 0;

	if (!v->final)
		return;
	if (!o->header_done)
		ot_header(o);
	event_format_time(v->f->first_us, when);
	ot_endpoints(v, ends, sizeof(ends));
	if (v->name.s != NULL)
		esc_term(name, sizeof(name), v->name.s, v->name.len);
	else
		snprintf(name, sizeof(name), "-");
	fd[0] = '\0';
	for (i = 0; i < v->nfindings && n < sizeof(fd); i++)
		n += (size_t)snprintf(fd + n, sizeof(fd) - n, "%s%s",
		    i ? "," : "", finding_name(v->findings[i].kind));
	fprintf(o->fp, "%-15.15s %-5s %-45s %-15s %-34s %9" PRIu64 " %9"
	    PRIu64 "  %s\n", when + 11, v->proto, ends, v->label, name,
	    v->f->bytes_out, v->f->bytes_in, fd[0] ? fd : "-");
	o->flows[v->f->label]++;
	o->bytes_out[v->f->label] += v->f->bytes_out;
	o->bytes_in[v->f->label] += v->f->bytes_in;
	for (i = 0; i < v->nfindings; i++)
		o->findings[v->findings[i].kind]++;
	if (o->flush_each)
		fflush(o->fp);
}

/* Keeps each finding's sentence, escaped, for the closing list. */
static void
ot_finding(void *arg, const struct ev_finding_at *x)
{
	struct out_text *o = arg;
	char safe[sizeof(x->finding->detail) * 4 + 1], *line;
	int n;

	if (o->nfinding_lines == OT_FINDINGS_SHOWN) {
		o->findings_seen++;
		return;
	}
	o->findings_seen++;
	esc_term(safe, sizeof(safe), x->finding->detail,
	    strlen(x->finding->detail));
	n = asprintf(&line, "  frame %-6" PRIu64 " %-26s %s", x->frame,
	    finding_name(x->finding->kind), safe);
	if (n >= 0)
		o->finding_lines[o->nfinding_lines++] = line;
}

static void
ot_finding_list(struct out_text *o)
{
	unsigned i;

	for (i = 0; i < o->nfinding_lines; i++) {
		fprintf(o->fp, "%s\n", o->finding_lines[i]);
		free(o->finding_lines[i]);
	}
	if (o->findings_seen > o->nfinding_lines)
		fprintf(o->fp, "  (%" PRIu64 " more not shown; see --json)\n",
		    o->findings_seen - o->nfinding_lines);
}

static void
ot_stats(void *arg, const struct stats *s, bool final)
{
	struct out_text *o = arg;

	(void)final;
	o->last = *s;
	o->have_stats = true;
}

static void
ot_summary(struct out_text *o)
{
	unsigned l, k, shown = 0;

	fprintf(o->fp, "\n%-16s %7s %14s %14s\n", "label", "flows",
	    "bytes out", "bytes in");
	for (l = LABEL_LOCAL; l < LABEL_COUNT; l++)
		fprintf(o->fp, "%-16s %7" PRIu64 " %14" PRIu64 " %14" PRIu64
		    "\n", label_name((enum label)l), o->flows[l],
		    o->bytes_out[l], o->bytes_in[l]);
	fprintf(o->fp, "findings:");
	for (k = 0; k < FINDING_COUNT; k++) {
		if (o->findings[k] == 0)
			continue;
		fprintf(o->fp, "%s %" PRIu64 " %s", shown++ ? "," : "",
		    o->findings[k], finding_name((enum finding_kind)k));
	}
	fprintf(o->fp, "%s\n", shown ? "" : " none");
	ot_finding_list(o);
	if (o->have_stats)
		fprintf(o->fp, "packets: %" PRIu64 " read, %" PRIu64
		    " decoded, %" PRIu64 " malformed, %" PRIu64 " truncated, %"
		    PRIu64 " dropped by the kernel\n", o->last.packets,
		    o->last.decoded, o->last.malformed + o->last.dns_malformed,
		    o->last.truncated + o->last.dns_truncated,
		    o->last.kernel_drops);
	if (o->have_stats && o->last.nfq_accepted + o->last.nfq_dropped > 0)
		fprintf(o->fp, "inline: %" PRIu64 " accepted, %" PRIu64
		    " dropped, %" PRIu64 " passed unjudged (fail-open), %"
		    PRIu64 " ENOBUFS\n", o->last.nfq_accepted,
		    o->last.nfq_dropped, o->last.nfq_failopen,
		    o->last.nfq_enobufs);
}

void
out_text_no_summary(void *arg)
{
	struct out_text *o = arg;

	o->no_summary = true;
}

static int
ot_close(void *arg)
{
	struct out_text *o = arg;
	int rc;

	if (!o->no_summary)
		ot_summary(o);
	rc = fflush(o->fp) == EOF || ferror(o->fp) ? -1 : 0;
	free(o);
	return (rc);
}

int
out_text_open(FILE *fp, bool flush_each, struct sink *s, char *errbuf)
{
	struct out_text *o;

	if ((o = calloc(1, sizeof(*o))) == NULL) {
		snprintf(errbuf, PW_ERRBUF_SIZE, "out of memory");
		return (-1);
	}
	o->fp = fp;
	o->flush_each = flush_each;
	memset(s, 0, sizeof(*s));
	s->flow = ot_flow;
	s->finding = ot_finding;
	s->stats = ot_stats;
	s->close = ot_close;
	s->arg = o;
	return (0);
}
