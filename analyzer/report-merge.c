#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compat.h"
#include "log.h"
#include "policy.h"
#include "report-int.h"

/*
 * report-merge.c: `pathwatch report FILE.jsonl ... --report OUT`: reads
 * JSON Lines written by earlier runs (on one host or many) and writes one
 * report from their run, input, flow, dns, finding and stats records.
 * With --policy the flows are judged again unless a run used that very
 * policy (same SHA-256).  Lines that do not parse are skipped and counted.
 */

enum rm_exit {
	RM_EXIT_OK = 0,
	RM_EXIT_VIOLATED = 1,
	RM_EXIT_ERROR = 2
};

/* What one file holds while it is read. */
struct rm_file {
	const char	*path;
	struct stats	 st;
	bool		 have_stats, final_stats;
	uint64_t	 bad_lines, long_lines, lines;
};

static void
rm_usage(FILE *fp)
{
	fprintf(fp, "usage: pathwatch report FILE.jsonl ... --report OUT "
	    "[--report OUT ...] [--policy FILE]\n"
	    "Merges JSON Lines written by 'pathwatch --json' into one "
	    "evidence report\n(.html, .md or .json).  With --policy: exit 1 "
	    "when it is violated.\n");
}

/*
 * Reads one line of at most cap bytes into buf (no newline kept).
 * Returns 0, 1 for a longer line (skipped to its end), -1 at the end.
 */
static int
rm_readline(FILE *fp, char *buf, size_t cap, size_t *len)
{
	int ch;
	bool over = false, any = false;

	*len = 0;
	while ((ch = getc(fp)) != EOF) {
		any = true;
		if (ch == '\n')
			break;
		if (*len == cap)
			over = true;
		else
			buf[(*len)++] = (char)ch;
	}
	if (!any)
		return (-1);
	return (over ? 1 : 0);
}

/* Copies a string member into a fixed buffer ("" when absent). */
static void
rm_copy(const struct report_jdoc *d, const struct report_jv *o,
    const char *key, char *buf, size_t size)
{
	size_t len;
	const char *s = report_jv_str(d, o, key, &len);

	if (s == NULL)
		len = 0;
	if (len >= size)
		len = size - 1;
	memcpy(buf, s != NULL ? s : "", len);
	buf[len] = '\0';
}

static uint64_t
rm_time(const struct report_jdoc *d, const struct report_jv *o,
    const char *key)
{
	size_t len;
	const char *s = report_jv_str(d, o, key, &len);

	return (s != NULL ? report_parse_time(s, len) : 0);
}

/* Up to max strings of an array member, borrowed. */
static unsigned
rm_strings(const struct report_jdoc *d, const struct report_jv *o,
    const char *key, const char **out, size_t *lens, unsigned max)
{
	const struct report_jv *a = report_jv_get(d, o, key);
	unsigned n = 0;
	int i;

	if (a == NULL || a->type != REPORT_JV_ARR)
		return (0);
	for (i = a->child; i >= 0 && n < max; i = d->nodes[i].next) {
		if (d->nodes[i].type != REPORT_JV_STR)
			continue;
		out[n] = d->nodes[i].s;
		if (lens != NULL)
			lens[n] = d->nodes[i].len;
		n++;
	}
	return (n);
}

static void
rm_run(struct report *r, const struct report_jdoc *d,
    const struct report_jv *o)
{
	const char *vnets[ENGINE_MAX_LIST], *eps[ENGINE_MAX_LIST], *sha;
	struct out_run run;

	memset(&run, 0, sizeof(run));
	run.version = report_jv_str(d, o, "version", NULL);
	rm_copy(d, o, "host", run.host, sizeof(run.host));
	run.source = report_jv_str(d, o, "source", NULL);
	run.started_us = rm_time(d, o, "started");
	rm_copy(d, o, "asn_db", run.asn_db, sizeof(run.asn_db));
	rm_copy(d, o, "service_tags_db", run.tags_db, sizeof(run.tags_db));
	rm_copy(d, o, "country_db", run.country_db, sizeof(run.country_db));
	run.zones_source = report_jv_str(d, o, "zones_source", NULL);
	run.zones_count = report_jv_u64(d, o, "zones_count");
	run.nvnets = rm_strings(d, o, "vnets", vnets, NULL, ENGINE_MAX_LIST);
	run.vnets = vnets;
	run.nendpoints = rm_strings(d, o, "private_endpoints", eps, NULL,
	    ENGINE_MAX_LIST);
	run.endpoints = eps;
	run.policy_origin = report_jv_str(d, o, "policy_origin", NULL);
	run.policy_sha256 = sha = report_jv_str(d, o, "policy_sha256", NULL);
	report_add_run(r, &run);
	/* The flows of a run that used this very policy keep its findings. */
	r->rejudge = r->policy != NULL && (sha == NULL ||
	    strcmp(sha, policy_sha256(r->policy)) != 0);
}

static void
rm_input(struct report *r, const struct report_jdoc *d,
    const struct report_jv *o)
{
	struct out_input in;
	char sha[65];

	memset(&in, 0, sizeof(in));
	if ((in.file = report_jv_str(d, o, "file", NULL)) == NULL)
		return;
	rm_copy(d, o, "link_type", in.link_type, sizeof(in.link_type));
	rm_copy(d, o, "sha256", sha, sizeof(sha));
	memcpy(in.sha256, sha, sizeof(in.sha256));
	in.size = report_jv_u64(d, o, "size");
	in.first_us = rm_time(d, o, "first_ts");
	in.last_us = rm_time(d, o, "last_ts");
	in.packets = report_jv_u64(d, o, "packets");
	in.truncated = report_jv_bool(d, o, "truncated");
	in.last_good_frame = report_jv_u64(d, o, "last_good_frame");
	in.error = report_jv_str(d, o, "error", NULL);
	report_add_input(r, &in);
}

static int
rm_finding_kind(const char *s)
{
	int k;

	for (k = 0; s != NULL && k < FINDING_COUNT; k++)
		if (strcmp(s, finding_name((enum finding_kind)k)) == 0)
			return (k);
	return (-1);
}

static void
rm_flow_findings(const struct report_jdoc *d, const struct report_jv *o,
    struct report_flow *f)
{
	const struct report_jv *a = report_jv_get(d, o, "findings");
	int i, k;

	if (a == NULL || a->type != REPORT_JV_ARR)
		return;
	for (i = a->child; i >= 0; i = d->nodes[i].next) {
		const struct report_jv *x = &d->nodes[i];

		k = rm_finding_kind(report_jv_str(d, x, "kind", NULL));
		if (k < 0)
			continue;
		f->findings |= FINDING_BIT(k);
		f->detail[k].s = (char *)(uintptr_t)report_jv_str(d, x,
		    "detail", &f->detail[k].len);
		if (report_jv_bool(d, x, "enforced"))
			f->enforced = true;
	}
}

static void
rm_flow_dns(const struct report_jdoc *d, const struct report_jv *o,
    struct report_flow *f)
{
	const struct report_jv *dns = report_jv_get(d, o, "dns");
	const char *names[DNS_CHAIN_MAX];
	size_t lens[DNS_CHAIN_MAX];
	unsigned i;

	if (dns == NULL || dns->type != REPORT_JV_OBJ)
		return;
	f->has_dns = true;
	f->nchain = rm_strings(d, dns, "chain", names, lens, DNS_CHAIN_MAX);
	for (i = 0; i < f->nchain; i++) {
		f->chain[i].s = (char *)(uintptr_t)names[i];
		f->chain[i].len = lens[i];
	}
	rm_copy(d, dns, "server", f->dns_server, sizeof(f->dns_server));
	f->dns_frame = report_jv_u64(d, dns, "frame");
	f->dns_file = report_jv_str(d, dns, "file", NULL);
	f->dns_ttl = (uint32_t)report_jv_u64(d, dns, "ttl");
	f->dns_stale = report_jv_bool(d, dns, "stale");
}

static void
rm_flow(struct report *r, const struct report_jdoc *d,
    const struct report_jv *o)
{
	const struct report_jv *fin = report_jv_get(d, o, "final");
	struct report_flow f;
	const char *s;
	size_t len;

	/* Interim records say a flow is open; its final record follows. */
	if (fin != NULL && fin->type == REPORT_JV_BOOL && !fin->b)
		return;
	memset(&f, 0, sizeof(f));
	rm_copy(d, o, "proto", f.proto, sizeof(f.proto));
	rm_copy(d, o, "state", f.state, sizeof(f.state));
	rm_copy(d, o, "src", f.src, sizeof(f.src));
	rm_copy(d, o, "dst", f.dst, sizeof(f.dst));
	f.sport = (uint16_t)report_jv_u64(d, o, "sport");
	f.dport = (uint16_t)report_jv_u64(d, o, "dport");
	f.first_us = rm_time(d, o, "first_ts");
	f.last_us = rm_time(d, o, "last_ts");
	f.first_frame = report_jv_u64(d, o, "first_frame");
	f.file = report_jv_str(d, o, "file", NULL);
	f.pkts_out = report_jv_u64(d, o, "pkts_out");
	f.pkts_in = report_jv_u64(d, o, "pkts_in");
	f.bytes_out = report_jv_u64(d, o, "bytes_out");
	f.bytes_in = report_jv_u64(d, o, "bytes_in");
	f.name.s = (char *)(uintptr_t)report_jv_str(d, o, "name", &f.name.len);
	f.sni.s = (char *)(uintptr_t)report_jv_str(d, o, "sni", &f.sni.len);
	rm_copy(d, o, "name_source", f.name_source, sizeof(f.name_source));
	rm_flow_dns(d, o, &f);
	s = report_jv_str(d, o, "label", &len);
	f.label = s != NULL ? label_from_name(s, len) : LABEL_NONE;
	f.reason.s = (char *)(uintptr_t)report_jv_str(d, o, "reason",
	    &f.reason.len);
	f.asn = (uint32_t)report_jv_u64(d, o, "asn");
	rm_copy(d, o, "as_org", f.as_org, sizeof(f.as_org));
	rm_copy(d, o, "country", f.country, sizeof(f.country));
	rm_copy(d, o, "service_tag", f.service_tag, sizeof(f.service_tag));
	rm_flow_findings(d, o, &f);
	f.ta = report_ta_from_name(report_jv_str(d, o, "ta_flow_type", NULL));
	report_add_flow(r, &f);
}

static void
rm_dns(struct report *r, const struct report_jdoc *d,
    const struct report_jv *o)
{
	const char *addrs[DNS_CHAIN_ADDRS_MAX];
	struct report_answer a;

	memset(&a, 0, sizeof(a));
	a.file = report_jv_str(d, o, "file", NULL);
	a.frame = report_jv_u64(d, o, "frame");
	a.ts_us = rm_time(d, o, "ts");
	a.query.s = (char *)(uintptr_t)report_jv_str(d, o, "query",
	    &a.query.len);
	rm_copy(d, o, "client", a.client, sizeof(a.client));
	rm_copy(d, o, "server", a.server, sizeof(a.server));
	rm_copy(d, o, "rcode", a.rcode, sizeof(a.rcode));
	a.naddrs = rm_strings(d, o, "answers", addrs, NULL,
	    DNS_CHAIN_ADDRS_MAX);
	if (a.naddrs > 0)
		snprintf(a.first, sizeof(a.first), "%s", addrs[0]);
	report_add_answer(r, &a);
}

static void
rm_stats(struct rm_file *mf, const struct report_jdoc *d,
    const struct report_jv *o)
{
	bool final = report_jv_bool(d, o, "final");
	struct stats *s = &mf->st;

	/* The last record counts, but a final one is never replaced. */
	if (mf->final_stats)
		return;
	memset(s, 0, sizeof(*s));
	s->packets = report_jv_u64(d, o, "packets");
	s->decoded = report_jv_u64(d, o, "decoded");
	s->malformed = report_jv_u64(d, o, "malformed");
	s->truncated = report_jv_u64(d, o, "truncated");
	s->not_ip = report_jv_u64(d, o, "not_ip");
	s->other_l4 = report_jv_u64(d, o, "other_l4");
	s->fragments = report_jv_u64(d, o, "fragments");
	s->kernel_drops = report_jv_u64(d, o, "dropped");
	s->iface_drops = report_jv_u64(d, o, "if_dropped");
	s->dns_messages = report_jv_u64(d, o, "dns_messages");
	s->dns_malformed = report_jv_u64(d, o, "dns_malformed");
	s->dns_truncated = report_jv_u64(d, o, "dns_truncated");
	s->flows = report_jv_u64(d, o, "flows");
	s->flows_evicted = report_jv_u64(d, o, "flows_evicted");
	s->flows_expired = report_jv_u64(d, o, "flows_expired");
	s->dns_cache_evicted = report_jv_u64(d, o, "dns_cache_evicted");
	s->reasm_dropped = report_jv_u64(d, o, "reasm_dropped");
	mf->have_stats = true;
	mf->final_stats = final;
}

static void
rm_event(struct report *r, struct rm_file *mf, const struct report_jdoc *d)
{
	const struct report_jv *o = &d->nodes[0];
	const char *ev = report_jv_str(d, o, "event", NULL);
	int k;

	if (ev == NULL)
		mf->bad_lines++;
	else if (strcmp(ev, "run") == 0)
		rm_run(r, d, o);
	else if (strcmp(ev, "input") == 0)
		rm_input(r, d, o);
	else if (strcmp(ev, "flow") == 0)
		rm_flow(r, d, o);
	else if (strcmp(ev, "dns") == 0)
		rm_dns(r, d, o);
	else if (strcmp(ev, "stats") == 0)
		rm_stats(mf, d, o);
	else if (strcmp(ev, "finding") == 0) {
		k = rm_finding_kind(report_jv_str(d, o, "kind", NULL));
		/* Judged again: the recorded violations do not count. */
		if (k >= 0 && !(r->rejudge && k == FINDING_POLICY_VIOLATION))
			r->finding_events[k]++;
	}
	/* Other events are newer than this reader: fields are added. */
}

/* Reads one JSON Lines file into r; -1 when it cannot be read. */
static int
rm_read(struct report *r, struct report_jdoc *d, char *line,
    const char *path)
{
	struct rm_file mf;
	char err[128];
	size_t len;
	FILE *fp;
	int rc;

	memset(&mf, 0, sizeof(mf));
	mf.path = path;
	if (strcmp(path, "-") == 0)
		fp = stdin;
	else if ((fp = fopen(path, "r")) == NULL) {
		fprintf(stderr, "pathwatch: %s: %s\n", path, strerror(errno));
		return (-1);
	}
	/* A file without a run record: judge its flows by --policy. */
	r->rejudge = r->policy != NULL;
	while ((rc = rm_readline(fp, line, REPORT_JSONL_LINE_MAX, &len)) !=
	    -1) {
		mf.lines++;
		if (rc == 1) {
			mf.long_lines++;
			continue;
		}
		if (len == 0)
			continue;
		if (report_jsonl_parse(d, line, len, err) == -1) {
			if (mf.bad_lines++ == 0)
				log_warn("%s:%" PRIu64 ": skipped: %s", path,
				    mf.lines, err);
			continue;
		}
		rm_event(r, &mf, d);
	}
	rc = ferror(fp) ? -1 : 0;
	if (rc == -1)
		fprintf(stderr, "pathwatch: %s: read error\n", path);
	if (fp != stdin)
		fclose(fp);
	if (mf.bad_lines + mf.long_lines > 0)
		log_warn("%s: %" PRIu64 " lines skipped (%" PRIu64 " too long)",
		    path, mf.bad_lines + mf.long_lines, mf.long_lines);
	if (mf.have_stats)
		report_add_stats(r, &mf.st);
	return (rc);
}

struct rm_opts {
	const char	*files[REPORT_FILES_MAX];
	unsigned	 nfiles;
	const char	*outs[REPORT_MAX_OUTPUTS];
	unsigned	 nouts;
	const char	*policy;
};

/* Returns 0, 1 for --help, -1 on bad usage. */
static int
rm_parse(struct rm_opts *o, int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0)
			return (1);
		if ((strcmp(a, "--report") == 0 || strcmp(a, "--policy") ==
		    0) && i + 1 == argc) {
			fprintf(stderr, "pathwatch report: %s needs a value\n",
			    a);
			return (-1);
		}
		if (strcmp(a, "--report") == 0) {
			if (o->nouts == REPORT_MAX_OUTPUTS) {
				fprintf(stderr, "pathwatch report: at most %d "
				    "--report\n", REPORT_MAX_OUTPUTS);
				return (-1);
			}
			o->outs[o->nouts++] = argv[++i];
		} else if (strcmp(a, "--policy") == 0)
			o->policy = argv[++i];
		else if (a[0] == '-' && a[1] != '\0') {
			fprintf(stderr, "pathwatch report: unknown option %s\n",
			    a);
			return (-1);
		} else if (o->nfiles == REPORT_FILES_MAX) {
			fprintf(stderr, "pathwatch report: at most %d files\n",
			    REPORT_FILES_MAX);
			return (-1);
		} else
			o->files[o->nfiles++] = a;
	}
	if (o->nfiles == 0 || o->nouts == 0) {
		rm_usage(stderr);
		return (-1);
	}
	return (0);
}

int
report_merge_main(int argc, char **argv)
{
	char errbuf[PW_ERRBUF_SIZE];
	struct report *r = NULL;
	struct report_jdoc *d = NULL;
	struct policy *pol = NULL;
	struct rm_opts o;
	char *line = NULL;
	unsigned i;
	int rc = RM_EXIT_OK;

	memset(&o, 0, sizeof(o));
	if ((i = (unsigned)rm_parse(&o, argc, argv)) != 0)
		return ((int)i == 1 ? (rm_usage(stdout), RM_EXIT_OK) :
		    RM_EXIT_ERROR);
	if (o.policy != NULL && (pol = policy_load_file(o.policy, errbuf)) ==
	    NULL) {
		fprintf(stderr, "pathwatch: %s\n", errbuf);
		return (RM_EXIT_ERROR);
	}
	if ((r = report_new(errbuf)) == NULL ||
	    (d = calloc(1, sizeof(*d))) == NULL ||
	    (line = malloc(REPORT_JSONL_LINE_MAX)) == NULL) {
		fprintf(stderr, "pathwatch: out of memory\n");
		rc = RM_EXIT_ERROR;
		goto out;
	}
	r->policy = pol;
	for (i = 0; i < o.nouts; i++)
		if (report_add_output(r, o.outs[i], errbuf) == -1) {
			fprintf(stderr, "pathwatch: %s\n", errbuf);
			rc = RM_EXIT_ERROR;
			goto out;
		}
	for (i = 0; i < o.nfiles; i++)
		if (rm_read(r, d, line, o.files[i]) == -1)
			rc = RM_EXIT_ERROR;
	if (rc == RM_EXIT_OK && pol != NULL &&
	    r->finding_flows[FINDING_POLICY_VIOLATION] > 0)
		rc = RM_EXIT_VIOLATED;
	if (report_write(r, errbuf) == -1) {
		fprintf(stderr, "pathwatch: %s\n", errbuf);
		rc = RM_EXIT_ERROR;
	}
out:
	report_free(r);
	policy_free(pol);
	free(line);
	if (d != NULL)
		free(d->strbuf);
	free(d);
	return (rc);
}
