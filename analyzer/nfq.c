#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include <linux/netfilter.h>
#include <libnetfilter_queue/libnetfilter_queue.h>
#include <pcap/pcap.h>

#include "compat.h"
#include "log.h"
#include "nfq.h"
#include "rd.h"

/*
 * nfq.c: the inline source.  One netlink socket carries every queue; each
 * packet read goes through the engine and gets its verdict at once, so a
 * DNS answer is judged before the application can send the SYN it leads
 * to.  Owns the queue setup, the fail-open and ENOBUFS accounting and the
 * -w dump of inline runs; the decision itself is the engine's.
 */

#define NFQ_DEFAULT_MAXLEN	4096		/* packets */
#define NFQ_DEFAULT_COPY	65535		/* bytes: whole packets */
#define NFQ_RECV_BUF		(128 * 1024)
/* Socket buffer bytes per queued packet: see nfq_size_socket(). */
#define NFQ_SOCK_PER_PKT	256
#define NFQ_PROC_FILE		"/proc/net/netfilter/nfnetlink_queue"
/* Messages read in one go before the loop looks at ticks and signals. */
#define NFQ_BURST		512
/* At stop: messages drained at most, so a flood cannot hold us. */
#define NFQ_DRAIN_MAX		200000

struct nfq_ctx;

struct nfq_queue {
	struct nfq_ctx		*c;
	struct nfq_q_handle	*qh;
	uint16_t		 num;
	bool			 seen;		/* a packet came */
	uint32_t		 last_id;	/* the kernel's packet id */
	uint64_t		 gaps;		/* ids skipped: fail-open */
	uint64_t		 tail;		/* ids never read, at the end */
	uint64_t		 kdropped;	/* /proc: both drop columns */
};

struct nfq_ctx {
	struct engine		*e;
	const struct nfq_opts	*o;
	struct nfq_handle	*h;
	struct nfq_queue	 q[NFQ_MAX_QUEUES];
	unsigned		 nq;
	uint32_t		 copy;
	uint32_t		 maxlen;
	pcap_t			*dump_pcap;
	pcap_dumper_t		*dumper;
	uint8_t			*buf;
	uint64_t		 frame;
	uint64_t		 now_us;
	bool			 enobufs_told;
};

/* Adds queue n to o, refusing duplicates and more than NFQ_MAX_QUEUES. */
static int
nfq_add_queue(struct nfq_opts *o, long n, char *errbuf)
{
	unsigned i;

	for (i = 0; i < o->nqueues; i++) {
		if (o->queues[i] == n) {
			snprintf(errbuf, PW_ERRBUF_SIZE,
			    "queue %ld given twice", n);
			return (-1);
		}
	}
	if (o->nqueues >= NFQ_MAX_QUEUES) {
		snprintf(errbuf, PW_ERRBUF_SIZE, "at most %d queues",
		    NFQ_MAX_QUEUES);
		return (-1);
	}
	o->queues[o->nqueues++] = (uint16_t)n;
	return (0);
}

/* A queue number, 0 to 65535, at *s; advances *s past it. */
static int
nfq_parse_num(const char **s, long *v)
{
	char *end;

	if (**s < '0' || **s > '9')
		return (-1);
	errno = 0;
	*v = strtol(*s, &end, 10);
	if (errno != 0 || *v > 65535)
		return (-1);
	*s = end;
	return (0);
}

int
nfq_parse_queues(struct nfq_opts *o, const char *spec, char *errbuf)
{
	const char *s = spec;
	long lo, hi, n;

	for (;;) {
		if (nfq_parse_num(&s, &lo) == -1)
			goto bad;
		hi = lo;
		if (*s == '-') {
			s++;
			if (nfq_parse_num(&s, &hi) == -1 || hi < lo)
				goto bad;
		}
		for (n = lo; n <= hi; n++)
			if (nfq_add_queue(o, n, errbuf) == -1)
				return (-1);
		if (*s == '\0')
			return (0);
		if (*s++ != ',')
			goto bad;
	}
bad:
	snprintf(errbuf, PW_ERRBUF_SIZE, "'%.64s' is not a queue list (N, "
	    "N-M or N,M; queues are 0 to 65535)", spec);
	return (-1);
}

void
nfq_print_rules(FILE *fp, unsigned q)
{
	static const char *const tools[] = { "iptables", "ip6tables" };
	static const char *const acts[] = { "-I", "-D" };
	size_t t, a;

	fprintf(fp,
	    "# pathwatch -q %u: every packet to and from this host, loopback\n"
	    "# left out (as with -i), goes through NFQUEUE queue %u.  INPUT\n"
	    "# is queued too: DNS answers come in there, and pathwatch must\n"
	    "# judge each answer before the application can use it, so the\n"
	    "# name of a new flow is known at its SYN.  --queue-bypass lets\n"
	    "# packets pass while pathwatch is not running; without it the\n"
	    "# host's traffic stops whenever pathwatch stops.  -I puts the\n"
	    "# rules first, so no earlier ACCEPT rule skips them.\n", q, q);
	for (a = 0; a < nitems(acts); a++) {
		fprintf(fp, "\n# %s:\n", a == 0 ? "Install" : "Remove");
		for (t = 0; t < nitems(tools); t++) {
			fprintf(fp, "%s %s OUTPUT ! -o lo -j NFQUEUE "
			    "--queue-num %u --queue-bypass\n", tools[t],
			    acts[a], q);
			fprintf(fp, "%s %s INPUT ! -i lo -j NFQUEUE "
			    "--queue-num %u --queue-bypass\n", tools[t],
			    acts[a], q);
		}
	}
}

static uint64_t
nfq_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ((uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000);
}

/*
 * The packet's length on the wire, from its IP header (RFC 791 total
 * length; RFC 8200 payload length plus the fixed header): the kernel
 * copies at most the copy range, and libnetfilter_queue 1.0 has no
 * getter for NFQA_CAP_LEN.
 */
static uint32_t
nfq_wirelen(const uint8_t *p, uint32_t caplen)
{
	struct rd r = rd_make(p, caplen);
	uint32_t len = caplen;
	uint8_t v;

	v = rd_u8(&r) >> 4;
	if (v == 4) {
		rd_skip(&r, 1);
		len = rd_be16(&r);
	} else if (v == 6) {
		rd_skip(&r, 3);
		len = (uint32_t)rd_be16(&r) + 40;
	}
	if (r.status != RD_OK || len < caplen)
		return (caplen);
	return (len);
}

/*
 * Packet ids count up by one per queue, and the kernel takes an id before
 * it hands the packet to the socket: a skipped id is a packet the socket
 * had no room for, which the fail-open flag let pass unjudged.
 */
static void
nfq_note_id(struct nfq_queue *q, uint32_t id)
{
	uint32_t want = q->seen ? q->last_id + 1 : 1;

	if (id != want && (uint32_t)(id - want) < 0x80000000u)
		q->gaps += (uint32_t)(id - want);
	q->seen = true;
	q->last_id = id;
}

static void
nfq_dump(struct nfq_ctx *c, const uint8_t *p, uint32_t caplen,
    uint32_t wirelen)
{
	struct pcap_pkthdr h;

	h.ts.tv_sec = (time_t)(c->now_us / 1000000);
	h.ts.tv_usec = (suseconds_t)(c->now_us % 1000000);
	h.caplen = caplen;
	h.len = wirelen;
	pcap_dump((u_char *)c->dumper, &h, p);
}

/* True once -c packets went through the engine. */
static bool
nfq_count_done(const struct nfq_ctx *c)
{
	return (c->o->count != 0 && c->frame >= c->o->count);
}

/* One packet through the engine; the verdict to give it. */
static uint32_t
nfq_judge(struct nfq_ctx *c, const uint8_t *p, uint32_t caplen)
{
	struct stats *st = engine_stats(c->e);
	uint32_t wirelen = nfq_wirelen(p, caplen);

	if (nfq_count_done(c)) {
		st->nfq_accepted++;
		return (NF_ACCEPT);
	}
	c->frame++;
	if (c->dumper != NULL)
		nfq_dump(c, p, caplen, wirelen);
	if (engine_packet(c->e, c->now_us, p, caplen, wirelen, c->frame) ==
	    ENGINE_DROP) {
		st->nfq_dropped++;
		return (NF_DROP);
	}
	st->nfq_accepted++;
	return (NF_ACCEPT);
}

/* libnetfilter_queue's callback: one queued packet, one verdict. */
static int
nfq_on_packet(struct nfq_q_handle *qh, struct nfgenmsg *msg,
    struct nfq_data *nfa, void *arg)
{
	struct nfq_queue *q = arg;
	struct nfqnl_msg_packet_hdr *ph;
	unsigned char *data;
	uint32_t id, verdict = NF_ACCEPT;
	int len;

	(void)msg;
	if ((ph = nfq_get_msg_packet_hdr(nfa)) == NULL) {
		/* No id, no verdict: the kernel keeps it until unbind. */
		engine_stats(q->c->e)->malformed++;
		return (0);
	}
	id = ntohl(ph->packet_id);
	nfq_note_id(q, id);
	if ((len = nfq_get_payload(nfa, &data)) > 0)
		verdict = nfq_judge(q->c, data, (uint32_t)len);
	else
		engine_stats(q->c->e)->nfq_accepted++;
	if (nfq_set_verdict(qh, id, verdict, 0, NULL) < 0)
		log_debug("queue %u: verdict for packet %u: %s", q->num, id,
		    strerror(errno));
	return (0);
}

static void
nfq_tell_enobufs(struct nfq_ctx *c)
{
	if (c->enobufs_told)
		return;
	c->enobufs_told = true;
	log_warn("the queue socket overflowed (ENOBUFS): pathwatch fell "
	    "behind and packets passed unjudged (fail-open); counted in "
	    "nfq_enobufs and nfq_failopen");
}

/*
 * Reads up to max queued messages without blocking and handles each.
 * Returns the number read, or -1 on a socket error other than a full
 * buffer (ENOBUFS is counted and never fatal).
 */
static int
nfq_read(struct nfq_ctx *c, int max, char *errbuf)
{
	int fd = nfq_fd(c->h), n = 0;
	ssize_t len;

	while (n < max) {
		len = recv(fd, c->buf, NFQ_RECV_BUF, MSG_DONTWAIT);
		if (len < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				break;
			if (errno == ENOBUFS) {
				engine_stats(c->e)->nfq_enobufs++;
				nfq_tell_enobufs(c);
				continue;
			}
			snprintf(errbuf, PW_ERRBUF_SIZE, "reading the queue "
			    "socket: %s", strerror(errno));
			return (-1);
		}
		c->now_us = nfq_now_us();
		nfq_handle_packet(c->h, (char *)c->buf, (int)len);
		n++;
	}
	return (n);
}

static struct nfq_queue *
nfq_queue_by_num(struct nfq_ctx *c, unsigned long num)
{
	unsigned i;

	for (i = 0; i < c->nq; i++)
		if (c->q[i].num == num)
			return (&c->q[i]);
	return (NULL);
}

/*
 * The kernel's counters for our queues, NFQ_PROC_FILE's columns: queue,
 * peer port id, packets waiting, copy mode, copy range, dropped (queue
 * full), user dropped (socket full), last packet id, 1.  With fail-open
 * the kernel counts neither kind of overflow, so nonzero drops mean the
 * flag did not take.  final: ids the kernel gave out that never reached
 * us went by fail-open too.
 */
static void
nfq_proc_stats(struct nfq_ctx *c, bool final)
{
	unsigned long num, portid, total, mode, range, drop, udrop, id;
	struct stats *st = engine_stats(c->e);
	struct nfq_queue *q;
	uint64_t gaps = 0, kd = 0;
	char line[256];
	unsigned i;
	FILE *fp;

	if ((fp = fopen(NFQ_PROC_FILE, "r")) != NULL) {
		while (fgets(line, sizeof(line), fp) != NULL) {
			if (sscanf(line, "%lu %lu %lu %lu %lu %lu %lu %lu",
			    &num, &portid, &total, &mode, &range, &drop,
			    &udrop, &id) != 8 ||
			    (q = nfq_queue_by_num(c, num)) == NULL)
				continue;
			q->kdropped = drop + udrop;
			if (final && (uint32_t)(id - q->last_id) < 0x80000000u)
				q->tail = (uint32_t)(id - q->last_id);
		}
		fclose(fp);
	}
	for (i = 0; i < c->nq; i++) {
		gaps += c->q[i].gaps + c->q[i].tail;
		kd += c->q[i].kdropped;
	}
	st->nfq_failopen = gaps;
	st->kernel_drops = kd;
}

/* Names the missing privilege or module when the kernel said no. */
static void
nfq_setup_error(const char *what, int err, char *errbuf)
{
	if (err == EPERM || err == EACCES)
		snprintf(errbuf, PW_ERRBUF_SIZE, "%s: permission denied: "
		    "NFQUEUE needs the CAP_NET_ADMIN capability (run as root, "
		    "or: setcap cap_net_admin,cap_net_raw=eip pathwatch)",
		    what);
	else if (err == EBUSY)
		snprintf(errbuf, PW_ERRBUF_SIZE, "%s: another program (another "
		    "pathwatch, an IPS) is bound to it already", what);
	else if (err == ENOENT || err == EPROTONOSUPPORT || err == EINVAL)
		snprintf(errbuf, PW_ERRBUF_SIZE, "%s: %s (is the "
		    "nfnetlink_queue kernel module available?)", what,
		    strerror(err));
	else
		snprintf(errbuf, PW_ERRBUF_SIZE, "%s: %s", what,
		    err != 0 ? strerror(err) : "failed");
}

/*
 * The socket buffer is sized below what maxlen small packets take, so
 * that when pathwatch falls behind the socket fills before the queue
 * does.  A socket overflow leaves a gap in the packet ids, which is
 * counted; a full queue passes packets without any trace.  The kernel
 * doubles the value, and a small packet's message takes about 1 KiB.
 */
static void
nfq_size_socket(struct nfq_ctx *c)
{
	int fd = nfq_fd(c->h), sz;

	sz = (int)PW_MIN((uint64_t)c->maxlen * NFQ_SOCK_PER_PKT,
	    (uint64_t)64 << 20);
	sz = PW_MAX(sz, 256 * 1024);
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &sz, sizeof(sz)) ==
	    -1 && setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &sz, sizeof(sz)) == -1)
		log_warn("queue socket buffer of %d bytes: %s", sz,
		    strerror(errno));
}

/* Binds one queue: copy mode and range, length, fail-open. */
static int
nfq_open_queue(struct nfq_ctx *c, struct nfq_queue *q, char *errbuf)
{
	char what[64];

	snprintf(what, sizeof(what), "NFQUEUE queue %u", q->num);
	q->c = c;
	errno = 0;
	if ((q->qh = nfq_create_queue(c->h, q->num, nfq_on_packet, q)) ==
	    NULL) {
		/* Binding the families worked, so we have CAP_NET_ADMIN:
		 * the kernel says EPERM when another socket has the queue. */
		nfq_setup_error(what, errno == EPERM ? EBUSY : errno, errbuf);
		return (-1);
	}
	if (nfq_set_mode(q->qh, NFQNL_COPY_PACKET, c->copy) < 0) {
		nfq_setup_error(what, errno, errbuf);
		return (-1);
	}
	if (nfq_set_queue_maxlen(q->qh, c->maxlen) < 0) {
		nfq_setup_error(what, errno, errbuf);
		return (-1);
	}
	if (nfq_set_queue_flags(q->qh, NFQA_CFG_F_FAIL_OPEN,
	    NFQA_CFG_F_FAIL_OPEN) < 0)
		log_warn("%s: this kernel has no fail-open flag: when "
		    "pathwatch falls behind, the kernel drops packets (counted "
		    "as dropped by the kernel)", what);
	return (0);
}

/*
 * Opens the netlink handle and every queue.  The unbind and bind of the
 * protocol families matter only on kernels before 3.8 (no-ops since);
 * their EPERM is the first sign of a missing CAP_NET_ADMIN.
 */
static int
nfq_open_all(struct nfq_ctx *c, char *errbuf)
{
	unsigned i;

	errno = 0;
	if ((c->h = nfq_open()) == NULL) {
		nfq_setup_error("NFQUEUE netlink socket", errno, errbuf);
		return (-1);
	}
	(void)nfq_unbind_pf(c->h, AF_INET);
	(void)nfq_unbind_pf(c->h, AF_INET6);
	if (nfq_bind_pf(c->h, AF_INET) < 0 ||
	    nfq_bind_pf(c->h, AF_INET6) < 0) {
		nfq_setup_error("NFQUEUE", errno, errbuf);
		return (-1);
	}
	nfq_size_socket(c);
	for (i = 0; i < c->nq; i++)
		if (nfq_open_queue(c, &c->q[i], errbuf) == -1)
			return (-1);
	return (0);
}

static int
nfq_dump_open(struct nfq_ctx *c, char *errbuf)
{
	if (c->o->write_file == NULL)
		return (0);
	c->dump_pcap = pcap_open_dead_with_tstamp_precision(DLT_RAW,
	    (int)c->copy, PCAP_TSTAMP_PRECISION_MICRO);
	if (c->dump_pcap == NULL ||
	    (c->dumper = pcap_dump_open(c->dump_pcap, c->o->write_file)) ==
	    NULL) {
		snprintf(errbuf, PW_ERRBUF_SIZE, "%s: %s", c->o->write_file,
		    c->dump_pcap != NULL ? pcap_geterr(c->dump_pcap) :
		    "out of memory");
		return (-1);
	}
	return (0);
}

/* "nfqueue:0" or "nfqueue:0,1,2": the input's name in the outputs. */
static void
nfq_input_name(const struct nfq_ctx *c, char *buf, size_t len)
{
	size_t n;
	unsigned i;

	n = (size_t)snprintf(buf, len, "nfqueue:%u", c->q[0].num);
	for (i = 1; i < c->nq && n < len; i++)
		n += (size_t)snprintf(buf + n, len - n, ",%u", c->q[i].num);
}

static bool
nfq_stopped(const struct nfq_ctx *c)
{
	return (nfq_count_done(c) || (c->o->stop != NULL && *c->o->stop));
}

/* Reads and judges until stopped, with ticks as capture.c's live loop. */
static int
nfq_loop(struct nfq_ctx *c, char *errbuf)
{
	int interval = c->o->interval_ms > 0 ? c->o->interval_ms : 200;
	struct pollfd pfd[2];
	uint64_t now, next_tick = 0;
	nfds_t npfd = 1;
	bool woken;

	pfd[0].fd = nfq_fd(c->h);
	pfd[0].events = POLLIN;
	if (c->o->wake_fd >= 0) {
		pfd[1].fd = c->o->wake_fd;
		pfd[1].events = POLLIN;
		npfd = 2;
	}
	while (!nfq_stopped(c)) {
		if (poll(pfd, npfd, PW_MIN(interval, 200)) == -1 &&
		    errno != EINTR) {
			snprintf(errbuf, PW_ERRBUF_SIZE, "poll: %s",
			    strerror(errno));
			return (-1);
		}
		if (nfq_read(c, NFQ_BURST, errbuf) == -1)
			return (-1);
		woken = npfd > 1 && (pfd[1].revents & POLLIN);
		now = nfq_now_us();
		if (now >= next_tick) {
			next_tick = now + (uint64_t)interval * 1000;
			nfq_proc_stats(c, false);
			engine_tick(c->e, now);
			woken = true;
		}
		if (woken && c->o->on_tick != NULL)
			c->o->on_tick(c->o->tick_arg, now);
		fflush(stdout);
	}
	return (0);
}

/*
 * A clean stop.  A queue's length is set to 0 first: with fail-open,
 * new packets then pass at once instead of waiting.  The packets already
 * handed to the socket are read and judged, and only then is the queue
 * unbound, because unbinding drops whatever still waits for a verdict.
 */
static void
nfq_stop(struct nfq_ctx *c)
{
	char errbuf[PW_ERRBUF_SIZE];
	unsigned i;
	int n, total = 0;

	for (i = 0; i < c->nq; i++)
		if (c->q[i].qh != NULL && nfq_set_queue_maxlen(c->q[i].qh, 0) <
		    0)
			log_debug("queue %u: length 0: %s", c->q[i].num,
			    strerror(errno));
	while (total < NFQ_DRAIN_MAX &&
	    (n = nfq_read(c, NFQ_BURST, errbuf)) > 0)
		total += n;
	log_debug("stop: %d queued packets judged", total);
	nfq_proc_stats(c, true);
	for (i = 0; i < c->nq; i++)
		if (c->q[i].qh != NULL)
			nfq_destroy_queue(c->q[i].qh);
}

/* Says what the run counted, and warns about what passed unjudged. */
static void
nfq_report(struct nfq_ctx *c)
{
	const struct stats *st = engine_stats(c->e);

	log_info("inline: %llu accepted, %llu dropped, %llu passed by "
	    "fail-open, %llu ENOBUFS, %llu dropped by the kernel",
	    (unsigned long long)st->nfq_accepted,
	    (unsigned long long)st->nfq_dropped,
	    (unsigned long long)st->nfq_failopen,
	    (unsigned long long)st->nfq_enobufs,
	    (unsigned long long)st->kernel_drops);
	if (st->nfq_failopen > 0 || st->nfq_enobufs > 0)
		log_warn("%llu packets passed unjudged by fail-open (%llu "
		    "ENOBUFS): pathwatch fell behind; a larger --queue-maxlen "
		    "or a smaller --copy-range helps",
		    (unsigned long long)st->nfq_failopen,
		    (unsigned long long)st->nfq_enobufs);
}

static void
nfq_close_all(struct nfq_ctx *c)
{
	if (c->h != NULL)
		nfq_close(c->h);
	if (c->dumper != NULL) {
		if (pcap_dump_flush(c->dumper) == -1)
			log_err("%s: write failed", c->o->write_file);
		pcap_dump_close(c->dumper);
	}
	if (c->dump_pcap != NULL)
		pcap_close(c->dump_pcap);
	free(c->buf);
}

int
nfq_run(struct engine *e, const struct nfq_opts *o, char *errbuf)
{
	struct nfq_ctx c;
	char name[128];
	unsigned i;
	int rc = -1;

	memset(&c, 0, sizeof(c));
	c.e = e;
	c.o = o;
	c.nq = PW_MIN(o->nqueues, NFQ_MAX_QUEUES);
	c.copy = o->copy_range != 0 ? o->copy_range : NFQ_DEFAULT_COPY;
	c.maxlen = o->queue_maxlen != 0 ? o->queue_maxlen :
	    NFQ_DEFAULT_MAXLEN;
	for (i = 0; i < c.nq; i++)
		c.q[i].num = o->queues[i];
	if (c.nq == 0) {
		snprintf(errbuf, PW_ERRBUF_SIZE, "no queue given (-q NUM)");
		return (-1);
	}
	if ((c.buf = malloc(NFQ_RECV_BUF)) == NULL) {
		snprintf(errbuf, PW_ERRBUF_SIZE, "out of memory");
		return (-1);
	}
	if (nfq_dump_open(&c, errbuf) == -1 || nfq_open_all(&c, errbuf) == -1)
		goto out;
	nfq_input_name(&c, name, sizeof(name));
	engine_begin_input(e, name, DLT_RAW);
	log_warn("inline on %s: give its NFQUEUE rules --queue-bypass "
	    "(pathwatch --print-rules %u), so that traffic flows while "
	    "pathwatch is not running", name, c.q[0].num);
	rc = nfq_loop(&c, errbuf);
	nfq_stop(&c);
	nfq_report(&c);
out:
	nfq_close_all(&c);
	return (rc);
}
