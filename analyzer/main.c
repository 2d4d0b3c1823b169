#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <maxminddb.h>
#include <pcap/pcap.h>

#include "capture.h"
#include "compat.h"
#include "classify.h"
#include "engine.h"
#include "log.h"
#include "nfq.h"
#include "out.h"
#include "report.h"
#include "tui.h"

/*
 * main.c: options, wiring and exit codes.  main builds the engine from
 * the options, attaches the outputs, runs each source in turn, and is the
 * only place that decides to exit.
 */

enum pw_exit {
	PW_EXIT_OK = 0,
	PW_EXIT_VIOLATED = 1,	/* --policy did not hold */
	PW_EXIT_ERROR = 2	/* usage, or an input that cannot be read */
};

#define PW_MAX_INPUTS	ENGINE_MAX_INPUTS

struct pw_opts {
	const char		*reads[PW_MAX_INPUTS];
	unsigned		 nreads;
	const char		*ifaces[CAPTURE_MAX_IFACES];
	unsigned		 nifaces;
	const char		*json;
	const char		*reports[REPORT_MAX_OUTPUTS];
	unsigned		 nreports;
	bool			 no_asn;
	bool			 quiet;
	int			 tui;		/* -1 off, 0 auto, 1 on */
	unsigned		 iterations;
	int			 print_rules;	/* queue, or -1 */
	char			*filter;
	struct capture_opts	 cap;
	struct nfq_opts		 nfq;
	struct engine_config	 ecfg;
};

/* What one run holds while it goes. */
struct pw_run {
	struct engine		*e;
	struct capture		*cap;
	struct report		*report;
	struct tui		*tui;
	void			*json;
	void			*text;
};

static volatile sig_atomic_t pw_stop;

enum {
	OPT_JSON = 256, OPT_VNET, OPT_PE, OPT_ASN_DB, OPT_NO_ASN_DB,
	OPT_TAGS_DB, OPT_COUNTRY_DB, OPT_ZONES, OPT_PLATFORM, OPT_MSFT_ASNS,
	OPT_MAX_FLOWS, OPT_LOCAL, OPT_VERSION, OPT_POLICY, OPT_QUIET,
	OPT_VERBOSE, OPT_REPORT, OPT_TUI, OPT_NO_TUI, OPT_INTERVAL,
	OPT_ITERATIONS, OPT_ENFORCE, OPT_QUEUE_MAXLEN, OPT_COPY_RANGE,
	OPT_PRINT_RULES, OPT_HASH
};

static const struct option pw_longopts[] = {
	{ "read", required_argument, NULL, 'r' },
	{ "interface", required_argument, NULL, 'i' },
	{ "write", required_argument, NULL, 'w' },
	{ "count", required_argument, NULL, 'c' },
	{ "buffer-size", required_argument, NULL, 'B' },
	{ "user", required_argument, NULL, 'Z' },
	{ "json", required_argument, NULL, OPT_JSON },
	{ "vnet", required_argument, NULL, OPT_VNET },
	{ "private-endpoint", required_argument, NULL, OPT_PE },
	{ "local", required_argument, NULL, OPT_LOCAL },
	{ "asn-db", required_argument, NULL, OPT_ASN_DB },
	{ "no-asn-db", no_argument, NULL, OPT_NO_ASN_DB },
	{ "service-tags-db", required_argument, NULL, OPT_TAGS_DB },
	{ "country-db", required_argument, NULL, OPT_COUNTRY_DB },
	{ "zones", required_argument, NULL, OPT_ZONES },
	{ "platform", required_argument, NULL, OPT_PLATFORM },
	{ "microsoft-asns", required_argument, NULL, OPT_MSFT_ASNS },
	{ "max-flows", required_argument, NULL, OPT_MAX_FLOWS },
	{ "policy", required_argument, NULL, OPT_POLICY },
	{ "report", required_argument, NULL, OPT_REPORT },
	{ "hash", no_argument, NULL, OPT_HASH },
	{ "tui", no_argument, NULL, OPT_TUI },
	{ "no-tui", no_argument, NULL, OPT_NO_TUI },
	{ "interval", required_argument, NULL, OPT_INTERVAL },
	{ "iterations", required_argument, NULL, OPT_ITERATIONS },
	{ "queue", required_argument, NULL, 'q' },
	{ "enforce", optional_argument, NULL, OPT_ENFORCE },
	{ "queue-maxlen", required_argument, NULL, OPT_QUEUE_MAXLEN },
	{ "copy-range", required_argument, NULL, OPT_COPY_RANGE },
	{ "print-rules", required_argument, NULL, OPT_PRINT_RULES },
	{ "quiet", no_argument, NULL, OPT_QUIET },
	{ "verbose", no_argument, NULL, 'v' },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

static void
pw_usage(FILE *fp)
{
	fprintf(fp,
"usage: pathwatch -r FILE [-r FILE ...] [options] [BPF filter]\n"
"       pathwatch -i IFACE [-i IFACE ...] [options] [BPF filter]\n"
"       pathwatch -q QUEUE [--enforce[=dry-run] --policy FILE] [options]\n"
"       pathwatch report FILE.jsonl ... --report OUT [--policy FILE]\n"
"       pathwatch --print-rules QUEUE\n"
"\n"
"Labels every flow by the network path it took: private-link,\n"
"backbone-public, internet-egress, vnet-private, platform or local.\n"
"\n"
"sources:\n"
"  -r, --read FILE           read a pcap or pcapng file ('-' for stdin)\n"
"  -i, --interface IFACE     capture live ('any' for every interface)\n"
"  -c, --count N             stop after N packets\n"
"  -B, --buffer-size KIB     kernel capture buffer, in KiB\n"
"  -Z, --user USER           drop root after opening the capture\n"
"  -q, --queue N[-M]         inline on NFQUEUE queue(s) N (to M)\n"
"      --enforce[=dry-run]   drop flows the policy forbids (inline)\n"
"      --queue-maxlen N, --copy-range BYTES   NFQUEUE tuning\n"
"      --print-rules N       print the iptables rules for queue N\n"
"outputs:\n"
"      --json FILE           JSON Lines events ('-' for stdout)\n"
"      --report FILE         evidence report: .html, .md or .json\n"
"      --hash                SHA-256 of each input (on with --report)\n"
"      --tui, --no-tui       force the terminal view on or off\n"
"      --interval SECONDS    terminal view refresh (default 1)\n"
"      --iterations N        terminal view: stop after N refreshes\n"
"  -w, --write FILE          save the packets seen to a pcap file\n"
"      --quiet               no flow table on stdout\n"
"what decides labels:\n"
"      --vnet CIDR           a VNet address space (repeatable)\n"
"      --private-endpoint ADDR[=NAME]  declare a private endpoint\n"
"      --local ADDR          an address of this host (repeatable)\n"
"      --asn-db FILE         ASN database, GeoLite2-ASN layout\n"
"      --no-asn-db           use no ASN database\n"
"      --service-tags-db FILE, --country-db FILE\n"
"      --zones FILE          replace the private-link zone table\n"
"      --platform FILE       replace the platform address list\n"
"      --microsoft-asns FILE replace Microsoft's AS numbers\n"
"      --max-flows N         flow table bound (default 262144)\n"
"      --policy FILE         judge flows (exit 1 when violated)\n"
"  -v, --verbose             more log lines (twice for debug)\n"
"  -h, --help, --version\n");
}

static void
pw_version(void)
{
	printf("pathwatch %s\n%s\nlibmaxminddb %s\n", PW_VERSION,
	    pcap_lib_version(), MMDB_lib_version());
}

static void
pw_on_signal(int sig)
{
	(void)sig;
	pw_stop = 1;
}

/* A whole number in [min, max], or -1 with a message. */
static int
pw_number(const char *opt, const char *s, long long min, long long max,
    long long *out)
{
	char *end;

	errno = 0;
	*out = strtoll(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || *out < min ||
	    *out > max) {
		fprintf(stderr, "pathwatch: %s: '%s' is not a number from %lld "
		    "to %lld\n", opt, s, min, max);
		return (-1);
	}
	return (0);
}

static int
pw_add(const char **list, unsigned *n, unsigned max, const char *opt,
    const char *v)
{
	if (*n == max) {
		fprintf(stderr, "pathwatch: %s: at most %u\n", opt, max);
		return (-1);
	}
	list[(*n)++] = v;
	return (0);
}

static int
pw_option_numeric(struct pw_opts *o, int ch, const char *arg)
{
	long long v;

	switch (ch) {
	case 'c':
		if (pw_number("-c", arg, 1, INT64_MAX, &v) == -1)
			return (-1);
		o->cap.count = (uint64_t)v;
		return (0);
	case 'B':
		if (pw_number("-B", arg, 1, 4 * 1024 * 1024, &v) == -1)
			return (-1);
		o->cap.buffer_kib = (int)v;
		return (0);
	case OPT_ITERATIONS:
		if (pw_number("--iterations", arg, 1, 1000000, &v) == -1)
			return (-1);
		o->iterations = (unsigned)v;
		return (0);
	case OPT_QUEUE_MAXLEN:
		if (pw_number("--queue-maxlen", arg, 1, 1 << 20, &v) == -1)
			return (-1);
		o->nfq.queue_maxlen = (uint32_t)v;
		return (0);
	case OPT_COPY_RANGE:
		if (pw_number("--copy-range", arg, 64, 65535, &v) == -1)
			return (-1);
		o->nfq.copy_range = (uint32_t)v;
		return (0);
	case OPT_PRINT_RULES:
		if (pw_number("--print-rules", arg, 0, 65535, &v) == -1)
			return (-1);
		o->print_rules = (int)v;
		return (0);
	default:
		if (pw_number("--max-flows", arg, 16, 1 << 24, &v) == -1)
			return (-1);
		o->ecfg.max_flows = (uint32_t)v;
		return (0);
	}
}

/* --interval SECONDS, fractions allowed, as top -d takes it. */
static int
pw_interval(struct pw_opts *o, const char *arg)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(arg, &end);
	if (errno != 0 || end == arg || *end != '\0' || v < 0.05 ||
	    v > 3600) {
		fprintf(stderr, "pathwatch: --interval: '%s' is not a "
		    "number of seconds from 0.05 to 3600\n", arg);
		return (-1);
	}
	o->cap.interval_ms = (int)(v * 1000);
	return (0);
}

static int
pw_enforce(struct pw_opts *o, const char *arg)
{
	if (arg == NULL)
		o->ecfg.enforce = CLASSIFY_ENFORCE;
	else if (strcmp(arg, "dry-run") == 0)
		o->ecfg.enforce = CLASSIFY_DRY_RUN;
	else {
		fprintf(stderr, "pathwatch: --enforce takes no value or "
		    "'dry-run', not '%s'\n", arg);
		return (-1);
	}
	return (0);
}

static int
pw_option(struct pw_opts *o, int ch, const char *arg)
{
	struct engine_config *e = &o->ecfg;

	switch (ch) {
	case 'r':
		return (pw_add(o->reads, &o->nreads, PW_MAX_INPUTS, "-r", arg));
	case 'i':
		return (pw_add(o->ifaces, &o->nifaces, CAPTURE_MAX_IFACES, "-i",
		    arg));
	case 'w': o->cap.write_file = arg; return (0);
	case 'Z': o->cap.user = arg; return (0);
	case 'c': case 'B': case OPT_MAX_FLOWS: case OPT_ITERATIONS:
	case OPT_QUEUE_MAXLEN: case OPT_COPY_RANGE: case OPT_PRINT_RULES:
		return (pw_option_numeric(o, ch, arg));
	case 'q': {
		char err[PW_ERRBUF_SIZE];

		if (nfq_parse_queues(&o->nfq, arg, err) == -1) {
			fprintf(stderr, "pathwatch: -q: %s\n", err);
			return (-1);
		}
		return (0);
	}
	case OPT_REPORT:
		return (pw_add(o->reports, &o->nreports, REPORT_MAX_OUTPUTS,
		    "--report", arg));
	case OPT_HASH: o->cap.hash = true; return (0);
	case OPT_TUI: o->tui = 1; return (0);
	case OPT_NO_TUI: o->tui = -1; return (0);
	case OPT_INTERVAL: return (pw_interval(o, arg));
	case OPT_ENFORCE: return (pw_enforce(o, arg));
	case OPT_JSON: o->json = arg; return (0);
	case OPT_VNET:
		return (pw_add(e->vnets, &e->nvnets, ENGINE_MAX_LIST, "--vnet",
		    arg));
	case OPT_PE:
		return (pw_add(e->endpoints, &e->nendpoints, ENGINE_MAX_LIST,
		    "--private-endpoint", arg));
	case OPT_LOCAL:
		return (pw_add(e->locals, &e->nlocals, ENGINE_MAX_LIST,
		    "--local", arg));
	case OPT_ASN_DB: e->owner.asn_db = arg; return (0);
	case OPT_NO_ASN_DB: o->no_asn = true; return (0);
	case OPT_TAGS_DB: e->owner.tags_db = arg; return (0);
	case OPT_COUNTRY_DB: e->owner.country_db = arg; return (0);
	case OPT_ZONES: e->zones_file = arg; return (0);
	case OPT_PLATFORM: e->platform_file = arg; return (0);
	case OPT_MSFT_ASNS: e->owner.msft_asns = arg; return (0);
	case OPT_POLICY: e->policy_file = arg; return (0);
	default:
		return (-1);
	}
}

/* Joins the trailing arguments into one BPF expression, as tcpdump. */
static char *
pw_join_filter(int argc, char **argv)
{
	size_t len = 1;
	char *s;
	int i;

	if (argc == 0)
		return (NULL);
	for (i = 0; i < argc; i++)
		len += strlen(argv[i]) + 1;
	if ((s = calloc(1, len)) == NULL)
		return (NULL);
	for (i = 0; i < argc; i++) {
		if (i > 0)
			strcat(s, " ");
		strcat(s, argv[i]);
	}
	return (s);
}

/* Returns 0 to go on, 1 to exit 0 (help, version), -1 on bad usage. */
static int
pw_parse(struct pw_opts *o, int argc, char **argv)
{
	int ch, verbose = 0;

	while ((ch = getopt_long(argc, argv, "r:i:q:w:c:B:Z:vh", pw_longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'h':
			pw_usage(stdout);
			return (1);
		case OPT_VERSION:
			pw_version();
			return (1);
		case 'v':
			log_set_level(++verbose > 1 ? LOGL_DEBUG : LOGL_INFO);
			break;
		case OPT_QUIET:
			o->quiet = true;
			break;
		case '?':
			return (-1);
		default:
			if (pw_option(o, ch, optarg) == -1)
				return (-1);
		}
	}
	o->filter = pw_join_filter(argc - optind, argv + optind);
	o->cap.filter = o->filter;
	if (o->print_rules >= 0)
		return (0);
	if (o->nreports > 0)
		o->cap.hash = true;
	if ((o->nreads > 0) + (o->nifaces > 0) + (o->nfq.nqueues > 0) != 1) {
		fprintf(stderr, "pathwatch: give one kind of source: -r FILE, "
		    "-i IFACE or -q QUEUE (see pathwatch -h)\n");
		return (-1);
	}
	if (o->ecfg.enforce == CLASSIFY_ENFORCE && o->nfq.nqueues == 0) {
		fprintf(stderr, "pathwatch: --enforce works inline only "
		    "(-q)\n");
		return (-1);
	}
	if (o->ecfg.enforce != CLASSIFY_OBSERVE &&
	    o->ecfg.policy_file == NULL) {
		fprintf(stderr, "pathwatch: --enforce needs --policy FILE\n");
		return (-1);
	}
	return (0);
}

/* The default ASN database: the one `make data` builds, or installed. */
static const char *
pw_default_asn_db(void)
{
	static const char *const paths[] = {
		"build/data/asn.mmdb", PW_DATADIR "/asn.mmdb"
	};
	const char *env = getenv("PATHWATCH_ASN_DB");
	size_t i;

	if (env != NULL && *env != '\0')
		return (env);
	for (i = 0; i < nitems(paths); i++)
		if (access(paths[i], R_OK) == 0)
			return (paths[i]);
	return (NULL);
}

static struct engine *
pw_engine(struct pw_opts *o, char *errbuf)
{
	if (!o->no_asn && o->ecfg.owner.asn_db == NULL)
		o->ecfg.owner.asn_db = pw_default_asn_db();
	if (o->ecfg.owner.asn_db == NULL && !o->no_asn)
		log_warn("no ASN database (run 'make data', or give --asn-db): "
		    "public addresses whose owner is unknown are labelled "
		    "internet-egress");
	return (engine_create(&o->ecfg, errbuf));
}

static bool
pw_live(const struct pw_opts *o)
{
	return (o->nifaces > 0 || o->nfq.nqueues > 0);
}

/* The terminal view: forced, or live with a terminal on stdout. */
static bool
pw_wants_tui(const struct pw_opts *o)
{
	if (o->tui != 0)
		return (o->tui > 0);
	return (pw_live(o) && isatty(STDOUT_FILENO) && o->json == NULL);
}

static int
pw_sinks(struct pw_opts *o, struct pw_run *r, char *errbuf)
{
	bool live = pw_live(o), to_stdout;
	struct sink s;

	if (o->json != NULL) {
		if (out_json_open(o->json, live, &s, errbuf) == -1 ||
		    engine_add_sink(r->e, &s) == -1)
			return (-1);
		r->json = s.arg;
		out_json_run(r->json, r->e, o->nifaces > 0 ? o->ifaces[0] :
		    o->nfq.nqueues > 0 ? "nfqueue" : NULL);
	}
	if (o->nreports > 0) {
		unsigned i;

		if ((r->report = report_create(r->e, errbuf)) == NULL)
			return (-1);
		for (i = 0; i < o->nreports; i++)
			if (report_add_output(r->report, o->reports[i],
			    errbuf) == -1)
				return (-1);
	}
	if (pw_wants_tui(o)) {
		struct tui_opts to = {
			.source = o->nreads > 0 ? o->reads[0] :
			    o->nifaces > 0 ? o->ifaces[0] : "nfqueue",
			.interval_ms = o->cap.interval_ms > 0 ?
			    o->cap.interval_ms : 1000,
			.iterations = o->iterations,
			.offline = o->nreads > 0,
		};

		r->tui = tui_create(r->e, &to, errbuf);
		return (r->tui == NULL ? -1 : 0);
	}
	to_stdout = o->json != NULL && strcmp(o->json, "-") == 0;
	if (to_stdout || o->quiet)
		return (0);
	if (out_text_open(stdout, live, &s, errbuf) == -1)
		return (-1);
	r->text = s.arg;
	return (engine_add_sink(r->e, &s));
}

/* Reads every -r file; a file that cannot be read is an error, but the
 * others are still read and reported. */
static int
pw_read_files(struct pw_opts *o, struct pw_run *r)
{
	char errbuf[PW_ERRBUF_SIZE];
	struct out_input res;
	unsigned i;
	int rc = 0;

	for (i = 0; i < o->nreads && !capture_done(r->cap); i++) {
		if (capture_read_file(r->cap, r->e, o->reads[i], &res,
		    errbuf) == -1) {
			fprintf(stderr, "pathwatch: %s\n", errbuf);
			res.error = errbuf;
			rc = -1;
		} else if (res.error != NULL && !res.truncated)
			rc = -1;	/* read in part: what was read is kept */
		if (r->json != NULL)
			out_json_input(r->json, &res);
		if (r->report != NULL)
			report_input(r->report, &res);
	}
	return (rc);
}

static void
pw_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = pw_on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

/* Live ticks: the view reads keys and redraws; quitting stops the run. */
static void
pw_tick(void *arg, uint64_t now_us)
{
	struct pw_run *r = arg;

	if (r->tui != NULL && !tui_tick(r->tui, now_us))
		pw_stop = 1;
}

static int
pw_live_run(struct pw_opts *o, struct pw_run *r, char *errbuf)
{
	if (r->tui != NULL && tui_start(r->tui, errbuf) == -1)
		return (-1);
	if (o->nifaces > 0) {
		if (r->report != NULL)
			report_live_source(r->report, o->ifaces[0]);
		return (capture_live(r->cap, r->e, o->ifaces, o->nifaces,
		    errbuf));
	}
	o->nfq.stop = &pw_stop;
	o->nfq.on_tick = pw_tick;
	o->nfq.tick_arg = r;
	o->nfq.wake_fd = r->tui != NULL ? tui_fd(r->tui) : -1;
	o->nfq.interval_ms = o->cap.interval_ms;
	o->nfq.write_file = o->cap.write_file;
	o->nfq.count = o->cap.count;
	if (r->report != NULL)
		report_live_source(r->report, "nfqueue");
	return (nfq_run(r->e, &o->nfq, errbuf));
}

/* Ends the run: flows flushed, outputs closed; returns the exit status. */
static int
pw_finish(struct pw_opts *o, struct pw_run *r, int rc)
{
	char errbuf[PW_ERRBUF_SIZE];

	engine_flush(r->e);
	if (r->tui != NULL && o->nreads > 0) {
		if (tui_start(r->tui, errbuf) == 0)
			tui_browse(r->tui);
		else {
			fprintf(stderr, "pathwatch: %s\n", errbuf);
			rc = PW_EXIT_ERROR;
		}
	}
	if (r->tui != NULL)
		tui_stop(r->tui);
	if (rc == PW_EXIT_OK && o->ecfg.policy_file != NULL &&
	    engine_stats(r->e)->policy_violations > 0)
		rc = PW_EXIT_VIOLATED;
	if (rc == PW_EXIT_ERROR && r->text != NULL &&
	    engine_stats(r->e)->packets == 0)
		out_text_no_summary(r->text);
	if (capture_free(r->cap, errbuf) == -1) {
		fprintf(stderr, "pathwatch: %s\n", errbuf);
		rc = PW_EXIT_ERROR;
	}
	if (r->report != NULL && report_write(r->report, errbuf) == -1) {
		fprintf(stderr, "pathwatch: %s\n", errbuf);
		rc = PW_EXIT_ERROR;
	}
	if (engine_close(r->e) == -1) {
		fprintf(stderr, "pathwatch: writing output failed\n");
		rc = PW_EXIT_ERROR;
	}
	report_free(r->report);
	tui_free(r->tui);
	engine_free(r->e);
	return (rc);
}

static int
pw_run(struct pw_opts *o)
{
	char errbuf[PW_ERRBUF_SIZE] = "";
	struct pw_run r;
	int rc = PW_EXIT_OK;

	memset(&r, 0, sizeof(r));
	if ((r.e = pw_engine(o, errbuf)) == NULL) {
		fprintf(stderr, "pathwatch: %s\n", errbuf);
		return (PW_EXIT_ERROR);
	}
	o->cap.stop = &pw_stop;
	o->cap.on_tick = pw_tick;
	o->cap.tick_arg = &r;
	if (pw_sinks(o, &r, errbuf) == -1 ||
	    (r.cap = capture_create(&o->cap)) == NULL) {
		fprintf(stderr, "pathwatch: %s\n", errbuf);
		return (pw_finish(o, &r, PW_EXIT_ERROR));
	}
	o->cap.wake_fd = r.tui != NULL ? tui_fd(r.tui) : -1;
	pw_signals();
	if (o->nreads > 0 && pw_read_files(o, &r) == -1)
		rc = PW_EXIT_ERROR;
	if (pw_live(o) && pw_live_run(o, &r, errbuf) == -1) {
		fprintf(stderr, "pathwatch: %s\n", errbuf);
		rc = PW_EXIT_ERROR;
	}
	return (pw_finish(o, &r, rc));
}

int
main(int argc, char **argv)
{
	struct pw_opts o;
	int rc;

	if (argc > 1 && strcmp(argv[1], "report") == 0)
		return (report_merge_main(argc - 1, argv + 1));
	memset(&o, 0, sizeof(o));
	o.print_rules = -1;
	engine_config_init(&o.ecfg);
	if ((rc = pw_parse(&o, argc, argv)) != 0)
		return (rc == 1 ? PW_EXIT_OK : PW_EXIT_ERROR);
	if (o.print_rules >= 0) {
		nfq_print_rules(stdout, (unsigned)o.print_rules);
		return (PW_EXIT_OK);
	}
	rc = pw_run(&o);
	free(o.filter);
	return (rc);
}
