#include <errno.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "classify.h"
#include "compat.h"
#include "log.h"
#include "policy.h"
#include "report-int.h"

/*
 * report.c: the evidence report's model and its collection.  A sink on
 * the engine (or report-merge.c reading JSON Lines) feeds final flows,
 * DNS answers, findings and counters into bounded tables; report_write
 * writes each output to a temporary file in its folder and renames it.
 */

static const char *const report_ta_names[REPORT_TA_COUNT] = {
	"IntraVNet", "InterVNet", "AzurePublic", "ExternalPublic",
	"UnknownPrivate", "none"
};

enum report_ta
report_ta_from_name(const char *s)
{
	unsigned i;

	for (i = 0; s != NULL && i < REPORT_TA_NONE; i++)
		if (strcmp(s, report_ta_names[i]) == 0)
			return ((enum report_ta)i);
	return (REPORT_TA_NONE);
}

const char *
report_ta_name(enum report_ta t)
{
	return ((unsigned)t < REPORT_TA_COUNT ? report_ta_names[t] : "none");
}

/* A heap copy of len bytes, NUL-terminated; {NULL, 0} for NULL. */
static struct report_str
report_str_dup(const char *s, size_t len)
{
	struct report_str r = { NULL, 0 };

	if (s == NULL || (r.s = malloc(len + 1)) == NULL)
		return (r);
	memcpy(r.s, s, len);
	r.s[len] = '\0';
	r.len = len;
	return (r);
}

static char *
report_cdup(const char *s)
{
	return (s != NULL ? strdup(s) : NULL);
}

static bool
report_str_eq(const struct report_str *a, const struct report_str *b)
{
	if (a->s == NULL || b->s == NULL)
		return (a->s == b->s);
	return (a->len == b->len && memcmp(a->s, b->s, a->len) == 0);
}

static int
report_str_cmp(const struct report_str *a, const struct report_str *b)
{
	size_t n = a->len < b->len ? a->len : b->len;
	int c;

	if ((c = memcmp(a->s != NULL ? a->s : "", b->s != NULL ? b->s : "",
	    n)) != 0)
		return (c);
	return (a->len < b->len ? -1 : a->len > b->len);
}

/* FNV-1a over bytes, for the name and answer tables. */
static uint32_t
report_hash(const void *p, size_t len, uint32_t h)
{
	const unsigned char *b = p;
	size_t i;

	for (i = 0; i < len; i++)
		h = (h ^ b[i]) * 16777619u;
	return (h);
}

struct report *
report_new(char *errbuf)
{
	struct report *r;

	if ((r = calloc(1, sizeof(*r))) == NULL ||
	    (r->names = calloc(REPORT_NAMES_MAX, sizeof(*r->names))) == NULL ||
	    (r->name_hash = calloc(2 * REPORT_NAMES_MAX,
	    sizeof(*r->name_hash))) == NULL ||
	    (r->flows_kept = calloc(2 * REPORT_FLOWS_MAX,
	    sizeof(*r->flows_kept))) == NULL ||
	    (r->answers = calloc(REPORT_DNS_MAX, sizeof(*r->answers))) ==
	    NULL || (r->answer_hash = calloc(2 * REPORT_DNS_MAX,
	    sizeof(*r->answer_hash))) == NULL) {
		snprintf(errbuf, PW_ERRBUF_SIZE, "report: out of memory");
		report_free(r);
		return (NULL);
	}
	return (r);
}

/* The file's entry, made on first sight; NULL when the table is full. */
struct report_file *
report_file_get(struct report *r, const char *name)
{
	unsigned i;

	if (name == NULL)
		return (NULL);
	for (i = 0; i < r->nfiles; i++)
		if (strcmp(r->files[i].name, name) == 0)
			return (&r->files[i]);
	if (r->nfiles == REPORT_FILES_MAX ||
	    (r->files[r->nfiles].name = strdup(name)) == NULL)
		return (NULL);
	return (&r->files[r->nfiles++]);
}

/* The report's own copy of a file name, shared by every record. */
const char *
report_file_intern(struct report *r, const char *name)
{
	struct report_file *f = report_file_get(r, name);

	return (f != NULL ? f->name : NULL);
}

void
report_add_run(struct report *r, const struct out_run *in)
{
	struct report_run *run;
	unsigned i;

	if (r->nruns == REPORT_RUNS_MAX) {
		r->runs_more++;
		return;
	}
	run = &r->runs[r->nruns++];
	run->version = report_cdup(in->version);
	run->host = report_cdup(in->host);
	run->source = report_cdup(in->source);
	run->started_us = in->started_us;
	run->asn_db = report_cdup(in->asn_db);
	run->tags_db = report_cdup(in->tags_db);
	run->country_db = report_cdup(in->country_db);
	run->zones_source = report_cdup(in->zones_source);
	run->zones_count = in->zones_count;
	for (i = 0; i < in->nvnets && i < ENGINE_MAX_LIST; i++)
		run->vnets[run->nvnets++] = report_cdup(in->vnets[i]);
	for (i = 0; i < in->nendpoints && i < ENGINE_MAX_LIST; i++)
		run->endpoints[run->nendpoints++] =
		    report_cdup(in->endpoints[i]);
	run->policy_origin = report_cdup(in->policy_origin);
	run->policy_sha256 = report_cdup(in->policy_sha256);
}

void
report_add_input(struct report *r, const struct out_input *in)
{
	struct report_file *f = report_file_get(r, in->file);

	if (f == NULL)
		return;
	f->have_input = true;
	snprintf(f->link_type, sizeof(f->link_type), "%s", in->link_type);
	f->size = in->size;
	snprintf(f->sha256, sizeof(f->sha256), "%s", in->sha256);
	f->first_us = in->first_us;
	f->last_us = in->last_us;
	f->packets = in->packets;
	f->truncated = in->truncated;
	f->last_good_frame = in->last_good_frame;
	free(f->error);
	f->error = report_cdup(in->error);
}

void
report_add_stats(struct report *r, const struct stats *s)
{
	const uint64_t *src = (const uint64_t *)(const void *)s;
	uint64_t *dst = (uint64_t *)(void *)&r->st;
	size_t i;

	/* struct stats is uint64_t counters only: sum them one by one. */
	for (i = 0; i < sizeof(*s) / sizeof(uint64_t); i++)
		dst[i] += src[i];
	r->have_stats = true;
}

/* The slot of the answer (file, frame) in the answer hash. */
static uint32_t *
report_answer_slot(struct report *r, const char *file, uint64_t frame)
{
	uint32_t h, i, mask = 2 * REPORT_DNS_MAX - 1;
	const struct report_answer *a;

	h = report_hash(&frame, sizeof(frame), 2166136261u);
	h = report_hash(file != NULL ? file : "", file != NULL ?
	    strlen(file) : 0, h);
	for (i = h & mask;; i = (i + 1) & mask) {
		if (r->answer_hash[i] == 0)
			return (&r->answer_hash[i]);
		a = &r->answers[r->answer_hash[i] - 1];
		if (a->frame == frame && a->file == file)
			return (&r->answer_hash[i]);
	}
}

void
report_add_answer(struct report *r, const struct report_answer *in)
{
	struct report_file *f = report_file_get(r, in->file);
	struct report_answer *a;
	uint32_t *slot;

	if (f != NULL && in->ts_us > 0 && (f->first_dns_us == 0 ||
	    in->ts_us < f->first_dns_us))
		f->first_dns_us = in->ts_us;
	if (r->nanswers == REPORT_DNS_MAX) {
		r->answers_more++;
		return;
	}
	slot = report_answer_slot(r, f != NULL ? f->name : NULL, in->frame);
	if (*slot != 0)
		return;		/* the same message seen twice */
	a = &r->answers[r->nanswers];
	*a = *in;
	a->file = f != NULL ? f->name : NULL;
	a->query = report_str_dup(in->query.s, in->query.len);
	a->used = false;
	*slot = ++r->nanswers;
}

/* The name's aggregate, made on first sight; NULL when the table is full. */
static struct report_name *
report_name_get(struct report *r, const char *s, size_t len, bool unnamed)
{
	uint32_t h, i, mask = 2 * REPORT_NAMES_MAX - 1;
	struct report_name *n;

	h = report_hash(s, len, unnamed ? 1u : 2166136261u);
	for (i = h & mask;; i = (i + 1) & mask) {
		if (r->name_hash[i] == 0)
			break;
		n = &r->names[r->name_hash[i] - 1];
		if (n->unnamed == unnamed && n->name.len == len &&
		    memcmp(n->name.s, s, len) == 0)
			return (n);
	}
	if (r->nnames == REPORT_NAMES_MAX)
		return (NULL);
	n = &r->names[r->nnames];
	if ((n->name = report_str_dup(s, len)).s == NULL)
		return (NULL);
	n->unnamed = unnamed;
	n->ev_first = UINT32_MAX;
	r->name_hash[i] = ++r->nnames;
	return (n);
}

static void
report_list_add(char list[][ADDR_STRLEN], unsigned *n, const char *v,
    bool *more)
{
	unsigned i;

	if (v[0] == '\0')
		return;
	for (i = 0; i < *n; i++)
		if (strcmp(list[i], v) == 0)
			return;
	if (*n == REPORT_LIST_MAX) {
		if (more != NULL)
			*more = true;
		return;
	}
	snprintf(list[(*n)++], ADDR_STRLEN, "%s", v);
}

/* Counts f on its path; a new path is kept while there is room. */
static void
report_name_path(struct report_name *n, const struct report_flow *f)
{
	struct report_path *p;
	unsigned i, j;

	for (i = 0; i < n->npaths; i++) {
		p = &n->paths[i];
		if (strcmp(p->client, f->src) != 0 ||
		    strcmp(p->resolver, f->dns_server) != 0 ||
		    strcmp(p->addr, f->dst) != 0 || p->label != f->label ||
		    p->nchain != f->nchain)
			continue;
		for (j = 0; j < p->nchain; j++)
			if (!report_str_eq(&p->chain[j], &f->chain[j]))
				break;
		if (j == p->nchain) {
			p->flows++;
			return;
		}
	}
	if (n->npaths == REPORT_PATHS_MAX) {
		n->paths_more++;
		return;
	}
	p = &n->paths[n->npaths++];
	snprintf(p->client, sizeof(p->client), "%s", f->src);
	snprintf(p->resolver, sizeof(p->resolver), "%s", f->dns_server);
	snprintf(p->addr, sizeof(p->addr), "%s", f->dst);
	p->label = f->label;
	p->nchain = f->nchain;
	for (j = 0; j < f->nchain; j++)
		p->chain[j] = report_str_dup(f->chain[j].s, f->chain[j].len);
	p->flows = 1;
}

/* What the policy says of f: counts, the rule, and (merge) its finding. */
static void
report_judge(struct report *r, struct report_flow *f, char *rule,
    size_t rulelen, char *detail, size_t detaillen)
{
	const struct policy_rule *pr;
	char where[128], allowed[128];
	struct addr dst;
	bool have_dst;

	rule[0] = '\0';
	if (r->policy == NULL)
		return;
	have_dst = addr_parse(&dst, f->dst) == 0;
	pr = policy_match(r->policy, f->name.s, f->name.len,
	    have_dst ? &dst : NULL);
	if (r->rejudge) {
		f->findings &= ~FINDING_BIT(FINDING_POLICY_VIOLATION);
		f->detail[FINDING_POLICY_VIOLATION].s = NULL;
		f->enforced = false;
	}
	if (pr == NULL) {
		r->unmatched++;
		return;
	}
	r->judged++;
	snprintf(rule, rulelen, "%s (%s)", policy_rule_where(pr, where,
	    sizeof(where)), policy_rule_allowed_names(pr, allowed,
	    sizeof(allowed)));
	if (!r->rejudge || policy_rule_allows(pr, f->label))
		return;
	policy_violation_detail(pr, f->label, detail, detaillen);
	f->findings |= FINDING_BIT(FINDING_POLICY_VIOLATION);
	/* The caller's buffer; report_flow_keep copies what it keeps. */
	f->detail[FINDING_POLICY_VIOLATION].s = detail;
	f->detail[FINDING_POLICY_VIOLATION].len = strlen(detail);
}

/* Deep-copies f into the kept flows; false when there is no room. */
static bool
report_flow_keep(struct report *r, const struct report_flow *f,
    unsigned name_ix)
{
	struct report_flow *k;
	unsigned i;

	if (r->nflows == 2 * REPORT_FLOWS_MAX ||
	    (f->findings == 0 && r->nplain == REPORT_FLOWS_MAX))
		return (false);
	if (f->findings == 0)
		r->nplain++;
	k = &r->flows_kept[r->nflows++];
	*k = *f;
	k->name = report_str_dup(f->name.s, f->name.len);
	k->sni = report_str_dup(f->sni.s, f->sni.len);
	k->reason = report_str_dup(f->reason.s, f->reason.len);
	for (i = 0; i < f->nchain; i++)
		k->chain[i] = report_str_dup(f->chain[i].s, f->chain[i].len);
	for (i = 0; i < FINDING_COUNT; i++)
		k->detail[i] = report_str_dup(f->detail[i].s,
		    f->detail[i].len);
	k->name_ix = name_ix;
	k->next_in_name = UINT32_MAX;
	return (true);
}

/* The per-file blind spot: flows that began before the first answer. */
static void
report_flow_file(struct report *r, const struct report_flow *f)
{
	struct report_file *file = report_file_get(r, f->file);

	if (file == NULL)
		return;
	file->flows++;
	if (file->first_dns_us == 0 || f->first_us < file->first_dns_us) {
		file->flows_before_dns++;
		if (f->name.s == NULL)
			file->unnamed_before_dns++;
	}
}

/* Adds f's counts to its name's aggregate. */
static void
report_name_add(struct report_name *n, const struct report_flow *f,
    const char *rule)
{
	unsigned k;

	n->labels |= 1u << f->label;
	n->flows++;
	n->bytes_out += f->bytes_out;
	n->bytes_in += f->bytes_in;
	if (n->first_us == 0 || f->first_us < n->first_us)
		n->first_us = f->first_us;
	if (f->last_us > n->last_us)
		n->last_us = f->last_us;
	report_name_path(n, f);
	report_list_add(n->resolvers, &n->nresolvers, f->dns_server, NULL);
	report_list_add(n->addrs, &n->naddrs, f->dst, &n->addrs_more);
	if (n->asn == 0 && f->asn != 0) {
		n->asn = f->asn;
		snprintf(n->as_org, sizeof(n->as_org), "%s", f->as_org);
	}
	if (n->service_tag[0] == '\0')
		snprintf(n->service_tag, sizeof(n->service_tag), "%s",
		    f->service_tag);
	if (n->country[0] == '\0')
		snprintf(n->country, sizeof(n->country), "%s", f->country);
	if (n->rule[0] == '\0' && rule[0] != '\0')
		snprintf(n->rule, sizeof(n->rule), "%s", rule);
	for (k = 0; k < FINDING_COUNT; k++)
		if (f->findings & FINDING_BIT(k))
			n->finding_flows[k]++;
	n->ta[f->ta]++;
}

void
report_add_flow(struct report *r, struct report_flow *f)
{
	struct report_name *n;
	char rule[192], detail[640];
	unsigned k, ix = UINT32_MAX;

	if ((unsigned)f->label >= LABEL_COUNT)
		f->label = LABEL_NONE;
	if ((unsigned)f->ta >= REPORT_TA_COUNT)
		f->ta = REPORT_TA_NONE;
	f->file = report_file_intern(r, f->file);
	f->dns_file = report_file_intern(r, f->dns_file);
	report_judge(r, f, rule, sizeof(rule), detail, sizeof(detail));
	r->flows++;
	r->bytes_out += f->bytes_out;
	r->bytes_in += f->bytes_in;
	r->label_flows[f->label]++;
	r->label_out[f->label] += f->bytes_out;
	r->label_in[f->label] += f->bytes_in;
	r->ta[f->ta]++;
	for (k = 0; k < FINDING_COUNT; k++)
		if (f->findings & FINDING_BIT(k))
			r->finding_flows[k]++;
	if (r->first_us == 0 || f->first_us < r->first_us)
		r->first_us = f->first_us;
	if (f->last_us > r->last_us)
		r->last_us = f->last_us;
	if (f->name.s == NULL) {
		r->unnamed_flows++;
		r->unnamed_bytes += f->bytes_out + f->bytes_in;
		if (f->label == LABEL_BACKBONE_PUBLIC ||
		    f->label == LABEL_INTERNET_EGRESS)
			r->unnamed_public++;
	}
	report_flow_file(r, f);
	if (f->has_dns) {
		uint32_t *slot = report_answer_slot(r, f->dns_file,
		    f->dns_frame);

		if (*slot != 0)
			r->answers[*slot - 1].used = true;
	}
	n = f->name.s != NULL ? report_name_get(r, f->name.s, f->name.len,
	    false) : report_name_get(r, f->dst, strlen(f->dst), true);
	if (n == NULL)
		r->names_more_flows++;
	else {
		report_name_add(n, f, rule);
		ix = (unsigned)(n - r->names);
	}
	if (!report_flow_keep(r, f, ix)) {
		r->flows_more++;
		if (n != NULL && f->findings != 0)
			n->ev_more++;
	}
}

/* Flows in capture order: file, then first frame. */
static int
report_flow_cmp(const void *pa, const void *pb)
{
	const struct report_flow *a = pa, *b = pb;
	int c;

	if ((c = strcmp(a->file != NULL ? a->file : "", b->file != NULL ?
	    b->file : "")) != 0)
		return (c);
	if (a->first_frame != b->first_frame)
		return (a->first_frame < b->first_frame ? -1 : 1);
	if (a->first_us != b->first_us)
		return (a->first_us < b->first_us ? -1 : 1);
	if ((c = strcmp(a->src, b->src)) != 0)
		return (c);
	return ((int)a->sport - (int)b->sport);
}

/* The rank of a name in the report: violations, other findings, rest. */
static int
report_name_rank(const struct report_name *n)
{
	unsigned k;

	if (n->finding_flows[FINDING_POLICY_VIOLATION] > 0)
		return (0);
	for (k = 0; k < FINDING_COUNT; k++)
		if (n->finding_flows[k] > 0)
			return (1);
	return (n->unnamed ? 3 : 2);
}

static const struct report *report_sorting;

static int
report_order_cmp(const void *pa, const void *pb)
{
	const struct report_name *a = &report_sorting->names[*(const unsigned *)
	    pa], *b = &report_sorting->names[*(const unsigned *)pb];
	int ra = report_name_rank(a), rb = report_name_rank(b);

	if (ra != rb)
		return (ra - rb);
	return (report_str_cmp(&a->name, &b->name));
}

/* Remaps kept flows' name indices after a sort of the names. */
void
report_prepare(struct report *r)
{
	struct report_name *n;
	unsigned i, *last;

	if (r->order != NULL)
		return;
	qsort(r->flows_kept, r->nflows, sizeof(*r->flows_kept),
	    report_flow_cmp);
	if ((r->order = calloc(r->nnames + 1, sizeof(*r->order))) == NULL ||
	    (last = calloc(r->nnames + 1, sizeof(*last))) == NULL) {
		free(r->order);
		r->order = NULL;
		return;
	}
	for (i = 0; i < r->nnames; i++) {
		r->order[i] = i;
		last[i] = UINT32_MAX;
		r->names[i].ev_first = UINT32_MAX;
		r->names[i].nev = 0;
	}
	report_sorting = r;
	qsort(r->order, r->nnames, sizeof(*r->order), report_order_cmp);
	report_sorting = NULL;
	for (i = 0; i < r->nflows; i++) {
		struct report_flow *f = &r->flows_kept[i];

		if (f->findings == 0 || f->name_ix == UINT32_MAX)
			continue;
		n = &r->names[f->name_ix];
		if (n->nev == REPORT_EVIDENCE_MAX) {
			n->ev_more++;
			continue;
		}
		if (last[f->name_ix] == UINT32_MAX)
			n->ev_first = i;
		else
			r->flows_kept[last[f->name_ix]].next_in_name = i;
		last[f->name_ix] = i;
		n->nev++;
	}
	free(last);
	for (i = 0; i < r->nanswers; i++)
		if (!r->answers[i].used && r->answers[i].naddrs > 0)
			r->answers_unused++;
}

bool
report_has_policy(const struct report *r)
{
	return (report_policy_sha256(r) != NULL);
}

const char *
report_policy_origin(const struct report *r)
{
	unsigned i;

	if (r->policy != NULL)
		return (policy_origin(r->policy));
	for (i = 0; i < r->nruns; i++)
		if (r->runs[i].policy_origin != NULL)
			return (r->runs[i].policy_origin);
	return (NULL);
}

const char *
report_policy_sha256(const struct report *r)
{
	unsigned i;

	if (r->policy != NULL)
		return (policy_sha256(r->policy));
	for (i = 0; i < r->nruns; i++)
		if (r->runs[i].policy_sha256 != NULL)
			return (r->runs[i].policy_sha256);
	return (NULL);
}

const char *
report_verdict(const struct report *r)
{
	if (!report_has_policy(r))
		return ("no-policy");
	return (r->finding_flows[FINDING_POLICY_VIOLATION] > 0 ? "violated" :
	    "holds");
}

static int
report_cstr_cmp(const void *a, const void *b)
{
	return (strcmp(*(const char *const *)a, *(const char *const *)b));
}

/* Adds v to the sorted set out[0..*n) when new and there is room. */
static void
report_set_add(const char **out, unsigned *n, unsigned max, const char *v)
{
	unsigned i;

	if (v == NULL)
		return;
	for (i = 0; i < *n; i++)
		if (strcmp(out[i], v) == 0)
			return;
	if (*n < max)
		out[(*n)++] = v;
	qsort(out, *n, sizeof(*out), report_cstr_cmp);
}

unsigned
report_run_values(const struct report *r, size_t off, const char **out,
    unsigned n)
{
	unsigned i, got = 0;

	for (i = 0; i < r->nruns; i++)
		report_set_add(out, &got, n, *(char *const *)(const void *)
		    ((const char *)&r->runs[i] + off));
	return (got);
}

unsigned
report_vnets(const struct report *r, const char **out, unsigned n)
{
	unsigned i, j, got = 0;

	for (i = 0; i < r->nruns; i++)
		for (j = 0; j < r->runs[i].nvnets; j++)
			report_set_add(out, &got, n, r->runs[i].vnets[j]);
	return (got);
}

void
report_fmt_bytes(uint64_t n, char buf[32])
{
	if (n < 10000)
		snprintf(buf, 32, "%" PRIu64 " B", n);
	else if (n < 10000000)
		snprintf(buf, 32, "%.1f kB", (double)n / 1e3);
	else if (n < 10000000000ULL)
		snprintf(buf, 32, "%.1f MB", (double)n / 1e6);
	else
		snprintf(buf, 32, "%.1f GB", (double)n / 1e9);
}

void
report_fmt_time(uint64_t us, char buf[32])
{
	if (us == 0)
		snprintf(buf, 32, "-");
	else
		event_format_time(us, buf);
}

/* The sink: final flows, answers, findings and the final counters. */
static void
report_on_flow(void *arg, const struct ev_flow *v)
{
	struct report *r = arg;
	struct report_flow f;
	unsigned i;

	if (!v->final)
		return;
	memset(&f, 0, sizeof(f));
	snprintf(f.proto, sizeof(f.proto), "%s", v->proto);
	snprintf(f.state, sizeof(f.state), "%s", v->state);
	memcpy(f.src, v->src, sizeof(f.src));
	memcpy(f.dst, v->dst, sizeof(f.dst));
	f.sport = v->sport;
	f.dport = v->dport;
	f.first_us = v->f->first_us;
	f.last_us = v->f->last_us;
	f.first_frame = v->f->first_frame;
	f.file = v->file;
	f.pkts_out = v->f->pkts_out;
	f.pkts_in = v->f->pkts_in;
	f.bytes_out = v->f->bytes_out;
	f.bytes_in = v->f->bytes_in;
	f.name.s = (char *)(uintptr_t)v->name.s;
	f.name.len = v->name.len;
	f.sni.s = (char *)(uintptr_t)v->sni.s;
	f.sni.len = v->sni.len;
	snprintf(f.name_source, sizeof(f.name_source), "%s",
	    v->name_source != NULL ? v->name_source : "");
	f.has_dns = v->has_dns;
	for (i = 0; v->has_dns && i < v->nchain && i < DNS_CHAIN_MAX; i++) {
		f.chain[i].s = (char *)(uintptr_t)v->chain[i].s;
		f.chain[i].len = v->chain[i].len;
		f.nchain++;
	}
	if (v->has_dns) {
		memcpy(f.dns_server, v->dns_server, sizeof(f.dns_server));
		f.dns_frame = v->dns_frame;
		f.dns_file = v->dns_file;
		f.dns_ttl = v->dns_ttl;
		f.dns_stale = v->dns_stale;
	}
	f.label = label_from_name(v->label, strlen(v->label));
	f.reason.s = (char *)(uintptr_t)v->reason;
	f.reason.len = strlen(v->reason);
	f.asn = v->owner.asn;
	memcpy(f.as_org, v->owner.as_org, sizeof(f.as_org));
	memcpy(f.country, v->owner.country, sizeof(f.country));
	memcpy(f.service_tag, v->owner.service_tag, sizeof(f.service_tag));
	for (i = 0; i < v->nfindings; i++) {
		enum finding_kind k = v->findings[i].kind;

		f.findings |= FINDING_BIT(k);
		f.detail[k].s = (char *)(uintptr_t)v->findings[i].detail;
		f.detail[k].len = strlen(v->findings[i].detail);
		if (v->findings[i].enforced)
			f.enforced = true;
	}
	f.ta = v->ta_flow_type != NULL ?
	    report_ta_from_name(v->ta_flow_type) : REPORT_TA_NONE;
	report_add_flow(r, &f);
}

static const char *
report_rcode(uint8_t rcode, char buf[REPORT_SHORT])
{
	char code[DNS_CODE_BUF];

	snprintf(buf, REPORT_SHORT, "%s", dns_rcode_name(rcode, code));
	return (buf);
}

static void
report_on_dns(void *arg, const struct ev_dns *d)
{
	struct report *r = arg;
	struct report_answer a;

	memset(&a, 0, sizeof(a));
	a.file = d->file;
	a.frame = d->frame;
	a.ts_us = d->ts_us;
	a.query.s = (char *)(uintptr_t)d->msg->qname.text;
	a.query.len = d->msg->qname.len;
	memcpy(a.client, d->client, sizeof(a.client));
	memcpy(a.server, d->server, sizeof(a.server));
	a.naddrs = d->chain->naddrs;
	if (a.naddrs > 0)
		addr_format(&d->chain->addrs[0], a.first);
	report_rcode(d->msg->rcode, a.rcode);
	report_add_answer(r, &a);
}

static void
report_on_finding(void *arg, const struct ev_finding_at *x)
{
	struct report *r = arg;

	if ((unsigned)x->finding->kind < FINDING_COUNT)
		r->finding_events[x->finding->kind]++;
}

static void
report_on_stats(void *arg, const struct stats *s, bool final)
{
	struct report *r = arg;

	if (!final)
		return;
	memset(&r->st, 0, sizeof(r->st));
	report_add_stats(r, s);
}

struct report *
report_create(struct engine *e, char *errbuf)
{
	struct report *r;
	struct sink s;
	struct out_run run;

	if ((r = report_new(errbuf)) == NULL)
		return (NULL);
	r->e = e;
	r->policy = engine_classify_ctx(e)->policy;
	memset(&s, 0, sizeof(s));
	s.flow = report_on_flow;
	s.dns = report_on_dns;
	s.finding = report_on_finding;
	s.stats = report_on_stats;
	s.arg = r;
	if (engine_add_sink(e, &s) == -1) {
		snprintf(errbuf, PW_ERRBUF_SIZE, "report: too many outputs");
		report_free(r);
		return (NULL);
	}
	out_run_describe(e, NULL, &run);
	report_add_run(r, &run);
	return (r);
}

int
report_add_output(struct report *r, const char *path, char *errbuf)
{
	const char *dot = strrchr(path, '.');
	enum report_format fmt;

	if (dot != NULL && strcmp(dot, ".html") == 0)
		fmt = REPORT_FMT_HTML;
	else if (dot != NULL && strcmp(dot, ".md") == 0)
		fmt = REPORT_FMT_MD;
	else if (dot != NULL && strcmp(dot, ".json") == 0)
		fmt = REPORT_FMT_JSON;
	else {
		snprintf(errbuf, PW_ERRBUF_SIZE, "--report %s: the name must "
		    "end in .html, .md or .json", path);
		return (-1);
	}
	if (r->noutputs == REPORT_MAX_OUTPUTS) {
		snprintf(errbuf, PW_ERRBUF_SIZE, "--report: at most %d",
		    REPORT_MAX_OUTPUTS);
		return (-1);
	}
	if ((r->outputs[r->noutputs] = strdup(path)) == NULL) {
		snprintf(errbuf, PW_ERRBUF_SIZE, "report: out of memory");
		return (-1);
	}
	r->formats[r->noutputs++] = fmt;
	return (0);
}

void
report_input(struct report *r, const struct out_input *in)
{
	if (r != NULL)
		report_add_input(r, in);
}

void
report_live_source(struct report *r, const char *ifaces)
{
	struct report_run *run;

	if (r == NULL || r->nruns == 0)
		return;
	run = &r->runs[0];
	free(run->source);
	run->source = report_cdup(ifaces);
}

static int
report_write_fmt(const struct report *r, enum report_format fmt, FILE *fp)
{
	switch (fmt) {
	case REPORT_FMT_HTML:
		return (report_write_html(r, fp));
	case REPORT_FMT_MD:
		return (report_write_md(r, fp));
	default:
		return (report_write_json(r, fp));
	}
}

/*
 * Writes one output atomically: a temporary file in the same folder,
 * then fflush, fsync, fclose (each checked) and rename.  On failure the
 * temporary file is removed and errbuf names the step that failed.
 */
static int
report_write_one(const struct report *r, const char *path,
    enum report_format fmt, char *errbuf)
{
	char tmp[4096];
	const char *slash = strrchr(path, '/'), *step;
	FILE *fp = NULL;
	int fd, saved;

	if (slash != NULL)
		snprintf(tmp, sizeof(tmp), "%.*s/.%s.XXXXXX",
		    (int)(slash - path), path, slash + 1);
	else
		snprintf(tmp, sizeof(tmp), ".%s.XXXXXX", path);
	if ((fd = mkstemp(tmp)) == -1) {
		snprintf(errbuf, PW_ERRBUF_SIZE, "report %s: cannot "
		    "create a temporary file beside it: %s", path, strerror(errno));
		return (-1);
	}
	step = "fdopen";
	if ((fp = fdopen(fd, "w")) == NULL)
		goto fail;
	step = "write";
	errno = EIO;
	if (report_write_fmt(r, fmt, fp) == -1 || ferror(fp))
		goto fail;
	step = "fflush";
	if (fflush(fp) == EOF)
		goto fail;
	step = "fsync";
	if (fsync(fd) == -1)
		goto fail;
	step = "fclose";
	saved = fclose(fp);
	fp = NULL;
	fd = -1;
	if (saved == EOF)
		goto fail;
	step = "rename";
	if (rename(tmp, path) == -1)
		goto fail;
	return (0);
fail:
	saved = errno;
	if (fp != NULL)
		fclose(fp);
	else if (fd != -1)
		close(fd);
	unlink(tmp);
	snprintf(errbuf, PW_ERRBUF_SIZE, "report %s: writing failed at %s: "
	    "%s; no report was left", path, step, strerror(saved));
	return (-1);
}

int
report_write(struct report *r, char *errbuf)
{
	struct timespec ts;
	unsigned i;
	int rc = 0;

	if (r == NULL)
		return (0);
	if (clock_gettime(CLOCK_REALTIME, &ts) == 0)
		r->generated_us = (uint64_t)ts.tv_sec * 1000000 +
		    (uint64_t)ts.tv_nsec / 1000;
	report_prepare(r);
	for (i = 0; i < r->noutputs; i++) {
		char err[PW_ERRBUF_SIZE];

		if (report_write_one(r, r->outputs[i], r->formats[i],
		    err) == -1) {
			if (rc == 0)
				snprintf(errbuf, PW_ERRBUF_SIZE, "%s", err);
			else
				log_err("%s", err);
			rc = -1;
		}
	}
	return (rc);
}

static void
report_run_clear(struct report_run *run)
{
	unsigned i;

	free(run->version);
	free(run->host);
	free(run->source);
	free(run->asn_db);
	free(run->tags_db);
	free(run->country_db);
	free(run->zones_source);
	for (i = 0; i < run->nvnets; i++)
		free(run->vnets[i]);
	for (i = 0; i < run->nendpoints; i++)
		free(run->endpoints[i]);
	free(run->policy_origin);
	free(run->policy_sha256);
}

static void
report_flow_clear(struct report_flow *f)
{
	unsigned i;

	free(f->name.s);
	free(f->sni.s);
	free(f->reason.s);
	for (i = 0; i < f->nchain; i++)
		free(f->chain[i].s);
	for (i = 0; i < FINDING_COUNT; i++)
		free(f->detail[i].s);
}

void
report_free(struct report *r)
{
	unsigned i, j;

	if (r == NULL)
		return;
	for (i = 0; i < r->noutputs; i++)
		free(r->outputs[i]);
	for (i = 0; i < r->nruns; i++)
		report_run_clear(&r->runs[i]);
	for (i = 0; i < r->nfiles; i++) {
		free(r->files[i].name);
		free(r->files[i].error);
	}
	for (i = 0; r->names != NULL && i < r->nnames; i++) {
		free(r->names[i].name.s);
		for (j = 0; j < r->names[i].npaths; j++) {
			unsigned c;

			for (c = 0; c < r->names[i].paths[j].nchain; c++)
				free(r->names[i].paths[j].chain[c].s);
		}
	}
	for (i = 0; r->flows_kept != NULL && i < r->nflows; i++)
		report_flow_clear(&r->flows_kept[i]);
	for (i = 0; r->answers != NULL && i < r->nanswers; i++)
		free(r->answers[i].query.s);
	free(r->names);
	free(r->name_hash);
	free(r->flows_kept);
	free(r->answers);
	free(r->answer_hash);
	free(r->order);
	free(r);
}
