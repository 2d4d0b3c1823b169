#include <errno.h>
#include <grp.h>
#include <poll.h>
#include <pthread.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include <pcap/pcap.h>

#include "capture.h"
#include "compat.h"
#include "decode.h"
#include "log.h"
#include "sha256.h"

/*
 * capture.c: libpcap in and out.  Offline, the BPF filter is applied
 * here with pcap_offline_filter() rather than pcap_setfilter(), so that
 * frame numbers keep counting every frame of the file, as Wireshark does.
 * Live, the kernel filters, and frames count what was seen (and dumped).
 */

struct capture {
	struct capture_opts	 o;
	pcap_dumper_t		*dumper;
	pcap_t			*dump_pcap;	/* the dumper's template */
	int			 dump_dlt;
	uint64_t		 handled;
	uint64_t		 live_frame;
};

struct capture *
capture_create(const struct capture_opts *o)
{
	struct capture *c;

	if ((c = calloc(1, sizeof(*c))) == NULL)
		return (NULL);
	c->o = *o;
	if (c->o.snaplen == 0)
		c->o.snaplen = 262144;
	c->dump_dlt = -1;
	return (c);
}

bool
capture_done(const struct capture *c)
{
	return ((c->o.count != 0 && c->handled >= c->o.count) ||
	    (c->o.stop != NULL && *c->o.stop));
}

/* Opens the -w file on the first input; later inputs must match it. */
static int
capture_dump_open(struct capture *c, pcap_t *p, char *errbuf)
{
	int dlt = pcap_datalink(p);

	if (c->o.write_file == NULL)
		return (0);
	if (c->dumper != NULL) {
		if (dlt == c->dump_dlt)
			return (0);
		snprintf(errbuf, PW_ERRBUF_SIZE, "%s: cannot write link type "
		    "%d into a file of link type %d", c->o.write_file, dlt,
		    c->dump_dlt);
		return (-1);
	}
	c->dump_pcap = pcap_open_dead_with_tstamp_precision(dlt,
	    c->o.snaplen, PCAP_TSTAMP_PRECISION_MICRO);
	if (c->dump_pcap == NULL ||
	    (c->dumper = pcap_dump_open(c->dump_pcap, c->o.write_file)) ==
	    NULL) {
		snprintf(errbuf, PW_ERRBUF_SIZE, "%s: %s", c->o.write_file,
		    c->dump_pcap != NULL ? pcap_geterr(c->dump_pcap) :
		    "out of memory");
		return (-1);
	}
	c->dump_dlt = dlt;
	return (0);
}

/*
 * The report's SHA-256 of each input.  A regular file is hashed by a
 * second thread while libpcap reads it, so the digest costs no time on
 * the packet path; standard input or a pipe cannot be read twice, so it
 * goes through a stdio cookie that hashes every byte libpcap takes.
 */
struct capture_hash {
	bool			 wanted;
	bool			 threaded;
	pthread_t		 thread;
	const char		*path;
	int			 rc;
	uint8_t			 digest[SHA256_LEN];
	FILE			*fp;		/* the cookie's source */
	struct sha256_ctx	 sha;
	uint64_t		 size;
	char			 err[PW_ERRBUF_SIZE];
};

static void *
capture_hash_thread(void *arg)
{
	struct capture_hash *h = arg;

	h->rc = sha256_file(h->path, h->digest, h->err);
	return (NULL);
}

static ssize_t
capture_hash_read(void *cookie, char *buf, size_t len)
{
	struct capture_hash *h = cookie;
	size_t n = fread(buf, 1, len, h->fp);

	sha256_update(&h->sha, buf, n);
	h->size += n;
	if (n == 0 && ferror(h->fp))
		return (-1);
	return ((ssize_t)n);
}

static int
capture_hash_close(void *cookie)
{
	struct capture_hash *h = cookie;

	return (h->fp == stdin ? 0 : fclose(h->fp));
}

/*
 * Opens path for libpcap and starts its digest (when wanted); NULL and
 * errbuf if the file cannot be opened.
 */
static FILE *
capture_hash_open(const char *path, bool want, struct capture_hash *h,
    char *errbuf)
{
	static const cookie_io_functions_t io = {
		.read = capture_hash_read, .close = capture_hash_close
	};
	struct stat sb;
	FILE *fp;

	memset(h, 0, sizeof(*h));
	h->path = path;
	h->fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	if (h->fp == NULL) {
		snprintf(errbuf, PW_ERRBUF_SIZE, "%.200s: %s", path,
		    strerror(errno));
		return (NULL);
	}
	h->wanted = want;
	if (fstat(fileno(h->fp), &sb) == 0 && S_ISREG(sb.st_mode)) {
		h->size = (uint64_t)sb.st_size;
		if (!want)
			return (h->fp);
		if (pthread_create(&h->thread, NULL, capture_hash_thread,
		    h) == 0) {
			h->threaded = true;
			return (h->fp);
		}
	}
	sha256_init(&h->sha);
	if ((fp = fopencookie(h, "rb", io)) == NULL) {
		snprintf(errbuf, PW_ERRBUF_SIZE, "%.200s: %s", path,
		    strerror(errno));
		capture_hash_close(h);
	}
	return (fp);
}

/* Waits for the digest (reading what libpcap left, for a pipe). */
static void
capture_hash_finish(struct capture_hash *h, struct out_input *res)
{
	uint8_t buf[65536];
	size_t n;

	res->size = h->size;
	if (!h->wanted)
		return;
	if (h->threaded) {
		pthread_join(h->thread, NULL);
		h->threaded = false;
		if (h->rc == -1) {
			log_warn("%s", h->err);
			return;
		}
	} else {
		while ((n = fread(buf, 1, sizeof(buf), h->fp)) > 0) {
			sha256_update(&h->sha, buf, n);
			h->size += n;
		}
		sha256_final(&h->sha, h->digest);
	}
	sha256_hex(h->digest, res->sha256);
	res->size = h->size;
}

static int
capture_check_linktype(pcap_t *p, const char *what, char *errbuf)
{
	char name[96];
	int dlt = pcap_datalink(p);

	if (decode_linktype_supported(dlt))
		return (0);
	snprintf(errbuf, PW_ERRBUF_SIZE, "%s: unsupported link type %s "
	    "(pathwatch reads Ethernet, Linux cooked v1/v2, raw IP and BSD "
	    "loopback)", what, decode_linktype_name(dlt, name, sizeof(name)));
	return (-1);
}

/*
 * The pcap header's seconds are an unsigned 32-bit count that libpcap
 * hands back in a signed time_t: past 2038 it comes out negative.
 */
static uint64_t
capture_ts(const struct pcap_pkthdr *h)
{
	uint64_t secs = h->ts.tv_sec < 0 ? (uint32_t)h->ts.tv_sec :
	    (uint64_t)h->ts.tv_sec;

	return (secs * 1000000 + (uint64_t)h->ts.tv_usec);
}

static void
capture_handle(struct capture *c, struct engine *e,
    const struct pcap_pkthdr *h, const u_char *data, uint64_t frame)
{
	if (c->dumper != NULL)
		pcap_dump((u_char *)c->dumper, h, data);
	engine_packet(e, capture_ts(h), data, h->caplen, h->len, frame);
	c->handled++;
}

static int
capture_compile(pcap_t *p, const char *filter, struct bpf_program *prog,
    const char *what, char *errbuf)
{
	if (filter == NULL)
		return (0);
	if (pcap_compile(p, prog, filter, 1, PCAP_NETMASK_UNKNOWN) == -1) {
		snprintf(errbuf, PW_ERRBUF_SIZE, "%s: bad filter '%s': %s",
		    what, filter, pcap_geterr(p));
		return (-1);
	}
	return (1);
}

/*
 * A read error mid-file.  A file cut short (libpcap says "truncated")
 * still counts as read: everything before the cut is analysed.  Any
 * other error (a pcapng whose interfaces mix link types, a damaged
 * block) stops the file and makes the run fail, after what was read.
 */
static void
capture_file_error(pcap_t *p, uint64_t frame, struct out_input *res)
{
	res->error = pcap_geterr(p);
	res->truncated = strstr(res->error, "truncated") != NULL;
	if (res->truncated)
		log_warn("%s: truncated after frame %llu, the last good one: "
		    "%s", res->file, (unsigned long long)frame, res->error);
	else
		log_err("%s: cannot read past frame %llu: %s", res->file,
		    (unsigned long long)frame, res->error);
}

/* The pcap_next_ex loop of one file; records how it ended in res. */
static void
capture_file_loop(struct capture *c, struct engine *e, pcap_t *p,
    const struct bpf_program *prog, struct out_input *res)
{
	struct pcap_pkthdr *h;
	const u_char *data;
	uint64_t frame = 0;
	int rc;

	while (!capture_done(c) &&
	    (rc = pcap_next_ex(p, &h, &data)) != PCAP_ERROR_BREAK) {
		if (rc == PCAP_ERROR) {
			capture_file_error(p, frame, res);
			break;
		}
		frame++;
		if (frame == 1)
			res->first_us = capture_ts(h);
		res->last_us = capture_ts(h);
		if (prog != NULL && !pcap_offline_filter(prog, h, data))
			continue;
		capture_handle(c, e, h, data, frame);
	}
	res->packets = frame;
	res->last_good_frame = frame;
}

int
capture_read_file(struct capture *c, struct engine *e, const char *path,
    struct out_input *res, char *errbuf)
{
	char perr[PCAP_ERRBUF_SIZE];
	struct capture_hash h;
	struct bpf_program prog;
	pcap_t *p;
	FILE *fp;
	int have;

	memset(res, 0, sizeof(*res));
	res->file = path;
	if ((fp = capture_hash_open(path, c->o.hash, &h, errbuf)) == NULL)
		return (-1);
	p = pcap_fopen_offline_with_tstamp_precision(fp,
	    PCAP_TSTAMP_PRECISION_MICRO, perr);
	if (p == NULL) {
		snprintf(errbuf, PW_ERRBUF_SIZE, "%.100s: %.150s", path, perr);
		capture_hash_finish(&h, res);
		fclose(fp);
		return (-1);
	}
	if (capture_check_linktype(p, path, errbuf) == -1 ||
	    (have = capture_compile(p, c->o.filter, &prog, path, errbuf)) ==
	    -1 || capture_dump_open(c, p, errbuf) == -1) {
		capture_hash_finish(&h, res);
		pcap_close(p);
		return (-1);
	}
	decode_linktype_name(pcap_datalink(p), res->link_type,
	    sizeof(res->link_type));
	engine_begin_input(e, path, pcap_datalink(p));
	capture_file_loop(c, e, p, have ? &prog : NULL, res);
	/* The error text lives in p; keep a copy past pcap_close(). */
	if (res->error != NULL) {
		snprintf(errbuf, PW_ERRBUF_SIZE, "%s", res->error);
		res->error = errbuf;
	}
	if (have)
		pcap_freecode(&prog);
	capture_hash_finish(&h, res);
	pcap_close(p);
	return (0);
}

/* Sets each pcap_set_* on its own, so an error says which one. */
static int
capture_configure(pcap_t *p, const struct capture_opts *o, const char *dev,
    char *errbuf)
{
	const char *what = NULL;

	if (pcap_set_snaplen(p, o->snaplen) != 0)
		what = "snapshot length";
	else if (pcap_set_promisc(p, 0) != 0)
		what = "promiscuous mode";
	else if (pcap_set_immediate_mode(p, 1) != 0)
		what = "immediate mode";
	else if (pcap_set_timeout(p, 100) != 0)
		what = "timeout";
	else if (o->buffer_kib > 0 &&
	    pcap_set_buffer_size(p, o->buffer_kib * 1024) != 0)
		what = "buffer size";
	if (what == NULL)
		return (0);
	snprintf(errbuf, PW_ERRBUF_SIZE, "%s: cannot set %s", dev, what);
	return (-1);
}

static void
capture_activate_error(pcap_t *p, int rc, const char *dev, char *errbuf)
{
	if (rc == PCAP_ERROR_PERM_DENIED)
		snprintf(errbuf, PW_ERRBUF_SIZE, "%s: permission denied: live "
		    "capture needs root or the CAP_NET_RAW capability (for "
		    "example: setcap cap_net_raw,cap_net_admin=eip pathwatch)",
		    dev);
	else if (rc == PCAP_ERROR_NO_SUCH_DEVICE)
		snprintf(errbuf, PW_ERRBUF_SIZE, "%s: no such interface", dev);
	else
		snprintf(errbuf, PW_ERRBUF_SIZE, "%s: %s (%s)", dev,
		    pcap_statustostr(rc), pcap_geterr(p));
}

/*
 * "any" offers Linux cooked v1 and v2; v2 also says which interface each
 * packet crossed, so take it where the kernel and libpcap have it.
 */
static void
capture_prefer_sll2(pcap_t *p)
{
	int *dlts, n, i;

	if ((n = pcap_list_datalinks(p, &dlts)) <= 0)
		return;
	for (i = 0; i < n; i++)
		if (dlts[i] == DLT_LINUX_SLL2) {
			(void)pcap_set_datalink(p, DLT_LINUX_SLL2);
			break;
		}
	pcap_free_datalinks(dlts);
}

static pcap_t *
capture_open_live(struct capture *c, const char *dev, char *errbuf)
{
	char perr[PCAP_ERRBUF_SIZE];
	struct bpf_program prog;
	pcap_t *p;
	int rc;

	if ((p = pcap_create(dev, perr)) == NULL) {
		snprintf(errbuf, PW_ERRBUF_SIZE, "%.100s: %.150s", dev, perr);
		return (NULL);
	}
	if (capture_configure(p, &c->o, dev, errbuf) == -1)
		goto fail;
	if ((rc = pcap_activate(p)) < 0) {
		capture_activate_error(p, rc, dev, errbuf);
		goto fail;
	}
	if (rc > 0)
		log_warn("%s: %s", dev, pcap_statustostr(rc));
	capture_prefer_sll2(p);
	if (capture_check_linktype(p, dev, errbuf) == -1)
		goto fail;
	if ((rc = capture_compile(p, c->o.filter, &prog, dev, errbuf)) == -1)
		goto fail;
	if (rc == 1 && pcap_setfilter(p, &prog) == -1) {
		snprintf(errbuf, PW_ERRBUF_SIZE, "%s: %s", dev, pcap_geterr(p));
		pcap_freecode(&prog);
		goto fail;
	}
	if (rc == 1)
		pcap_freecode(&prog);
	if (pcap_setnonblock(p, 1, perr) == -1) {
		snprintf(errbuf, PW_ERRBUF_SIZE, "%.100s: %.150s", dev, perr);
		goto fail;
	}
	return (p);
fail:
	pcap_close(p);
	return (NULL);
}

/* -Z: gives up root once every capture is open. */
static int
capture_drop_privileges(const char *user, char *errbuf)
{
	struct passwd *pw;

	if (user == NULL)
		return (0);
	if ((pw = getpwnam(user)) == NULL) {
		snprintf(errbuf, PW_ERRBUF_SIZE, "-Z %s: no such user", user);
		return (-1);
	}
	if (initgroups(pw->pw_name, pw->pw_gid) == -1 ||
	    setgid(pw->pw_gid) == -1 || setuid(pw->pw_uid) == -1) {
		snprintf(errbuf, PW_ERRBUF_SIZE, "-Z %s: %s", user,
		    strerror(errno));
		return (-1);
	}
	log_info("running as %s", user);
	return (0);
}

struct capture_cb {
	struct capture	*c;
	struct engine	*e;
};

static void
capture_live_packet(u_char *arg, const struct pcap_pkthdr *h,
    const u_char *data)
{
	struct capture_cb *cb = (struct capture_cb *)arg;

	if (capture_done(cb->c))
		return;
	capture_handle(cb->c, cb->e, h, data, ++cb->c->live_frame);
}

static uint64_t
capture_now_us(void)
{
	struct timeval tv;

	gettimeofday(&tv, NULL);
	return ((uint64_t)tv.tv_sec * 1000000 + (uint64_t)tv.tv_usec);
}

static void
capture_live_stats(pcap_t **ps, unsigned n, struct stats *st)
{
	struct pcap_stat s;
	unsigned i;

	st->kernel_drops = st->iface_drops = 0;
	for (i = 0; i < n; i++) {
		if (pcap_stats(ps[i], &s) == 0) {
			st->kernel_drops += s.ps_drop;
			st->iface_drops += s.ps_ifdrop;
		}
	}
}

static void
capture_live_loop(struct capture *c, struct engine *e, pcap_t **ps,
    unsigned n)
{
	struct pollfd pfd[CAPTURE_MAX_IFACES + 1];
	struct capture_cb cb = { c, e };
	int interval = c->o.interval_ms > 0 ? c->o.interval_ms : 200;
	uint64_t now, next_tick = 0;
	unsigned i, npfd = n;
	bool woken;

	for (i = 0; i < n; i++) {
		pfd[i].fd = pcap_get_selectable_fd(ps[i]);
		pfd[i].events = POLLIN;
	}
	if (c->o.wake_fd >= 0) {
		pfd[npfd].fd = c->o.wake_fd;
		pfd[npfd++].events = POLLIN;
	}
	while (!capture_done(c)) {
		if (poll(pfd, npfd, interval < 200 ? interval : 200) == -1 &&
		    errno != EINTR)
			break;
		for (i = 0; i < n && !capture_done(c); i++) {
			engine_set_linktype(e, pcap_datalink(ps[i]));
			pcap_dispatch(ps[i], -1, capture_live_packet,
			    (u_char *)&cb);
		}
		woken = npfd > n && (pfd[n].revents & POLLIN);
		now = capture_now_us();
		if (now >= next_tick) {
			next_tick = now + (uint64_t)interval * 1000;
			capture_live_stats(ps, n, engine_stats(e));
			engine_tick(e, now);
			woken = true;
		}
		if (woken && c->o.on_tick != NULL)
			c->o.on_tick(c->o.tick_arg, now);
		fflush(stdout);
	}
	capture_live_stats(ps, n, engine_stats(e));
}

int
capture_live(struct capture *c, struct engine *e, const char *const *ifaces,
    unsigned n, char *errbuf)
{
	pcap_t *ps[CAPTURE_MAX_IFACES];
	char name[256];
	unsigned i, opened = 0;
	int rc = -1;

	if (n > CAPTURE_MAX_IFACES)
		n = CAPTURE_MAX_IFACES;
	for (i = 0; i < n; i++, opened++)
		if ((ps[i] = capture_open_live(c, ifaces[i], errbuf)) == NULL ||
		    capture_dump_open(c, ps[i], errbuf) == -1)
			goto out;
	if (capture_drop_privileges(c->o.user, errbuf) == -1)
		goto out;
	snprintf(name, sizeof(name), "%s", ifaces[0]);
	for (i = 1; i < n; i++)
		snprintf(name + strlen(name), sizeof(name) - strlen(name),
		    ",%s", ifaces[i]);
	engine_begin_input(e, name, pcap_datalink(ps[0]));
	log_info("listening on %s", name);
	capture_live_loop(c, e, ps, n);
	rc = 0;
out:
	for (i = 0; i < opened && i < n; i++)
		if (ps[i] != NULL)
			pcap_close(ps[i]);
	if (rc == -1 && opened < n && ps[opened] != NULL)
		pcap_close(ps[opened]);
	return (rc);
}

int
capture_free(struct capture *c, char *errbuf)
{
	int rc = 0;

	if (c == NULL)
		return (0);
	if (c->dumper != NULL) {
		if (pcap_dump_flush(c->dumper) == -1) {
			snprintf(errbuf, PW_ERRBUF_SIZE, "%s: write failed",
			    c->o.write_file);
			rc = -1;
		}
		pcap_dump_close(c->dumper);
	}
	if (c->dump_pcap != NULL)
		pcap_close(c->dump_pcap);
	free(c);
	return (rc);
}
