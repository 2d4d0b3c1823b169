#include <stdlib.h>
#include <string.h>

#include "flow.h"

/*
 * flow.c: the flow table.  Flows sit in one array; a symmetric hash finds
 * a packet's flow whichever way it goes.  Three LRU lists, one per
 * timeout class (open TCP, UDP, closed TCP), keep flows in order of their
 * last packet, so expiry only ever looks at list heads.
 */

/* Idle timeouts in capture time, microseconds. */
#define FLOW_TIMEOUT_TCP_US	(300ULL * 1000000)
#define FLOW_TIMEOUT_UDP_US	(60ULL * 1000000)
#define FLOW_TIMEOUT_CLOSED_US	(5ULL * 1000000)

enum flow_class { FLOW_C_TCP, FLOW_C_UDP, FLOW_C_CLOSED, FLOW_C_COUNT };

struct flow_list {
	uint32_t	head, tail;
};

struct flow_table {
	struct flow	*f;		/* f[0] unused: index 0 is "none" */
	uint32_t	 max;
	uint32_t	 used;		/* high-water mark */
	uint32_t	 live;
	uint32_t	 free_head;
	uint32_t	*bucket;
	uint32_t	 nbuckets;	/* a power of two */
	uint32_t	 seed;
	struct flow_list lists[FLOW_C_COUNT];
	flow_end_cb	 end_cb;
	void		*end_arg;
};

static const uint64_t flow_timeouts[FLOW_C_COUNT] = {
	FLOW_TIMEOUT_TCP_US, FLOW_TIMEOUT_UDP_US, FLOW_TIMEOUT_CLOSED_US
};

struct flow_table *
flow_table_create(uint32_t max_flows, flow_end_cb cb, void *arg)
{
	struct flow_table *t;

	if ((t = calloc(1, sizeof(*t))) == NULL)
		return (NULL);
	t->max = max_flows;
	/* The index starts small and doubles with the live flows, so a
	 * quiet host's lookups stay in cache whatever the bound. */
	t->nbuckets = 1024;
	/* calloc of a large array maps zero pages lazily: memory follows
	 * the flows actually live, not the bound. */
	t->f = calloc((size_t)max_flows + 1, sizeof(*t->f));
	t->bucket = calloc(t->nbuckets, sizeof(*t->bucket));
	if (t->f == NULL || t->bucket == NULL) {
		flow_table_free(t);
		return (NULL);
	}
	t->used = 1;
	t->seed = 0x5bd1e995u;
	t->end_cb = cb;
	t->end_arg = arg;
	return (t);
}

void
flow_table_free(struct flow_table *t)
{
	if (t == NULL)
		return;
	free(t->f);
	free(t->bucket);
	free(t);
}

static enum flow_class
flow_class_of(const struct flow *f)
{
	if (f->proto == PKT_PROTO_UDP)
		return (FLOW_C_UDP);
	if (f->state == FLOW_S_CLOSED || f->state == FLOW_S_RESET)
		return (FLOW_C_CLOSED);
	return (FLOW_C_TCP);
}

static void
flow_list_unlink(struct flow_table *t, uint32_t id, enum flow_class c)
{
	struct flow *f = &t->f[id];
	struct flow_list *l = &t->lists[c];

	if (f->prev != 0)
		t->f[f->prev].next = f->next;
	else
		l->head = f->next;
	if (f->next != 0)
		t->f[f->next].prev = f->prev;
	else
		l->tail = f->prev;
	f->prev = f->next = 0;
}

static void
flow_list_append(struct flow_table *t, uint32_t id, enum flow_class c)
{
	struct flow_list *l = &t->lists[c];

	t->f[id].prev = l->tail;
	t->f[id].next = 0;
	if (l->tail != 0)
		t->f[l->tail].next = id;
	else
		l->head = id;
	l->tail = id;
}

/* Same value whichever end is src: a packet and its reply meet. */
static uint32_t
flow_hash(const struct flow_table *t, const struct addr *a, uint16_t pa,
    const struct addr *b, uint16_t pb, uint8_t proto)
{
	uint32_t ha = addr_hash(a, t->seed) ^ (pa * 0x9e3779b1u);
	uint32_t hb = addr_hash(b, t->seed) ^ (pb * 0x9e3779b1u);

	return ((ha + hb) ^ proto);
}

static bool
flow_matches(const struct flow *f, const struct pkt *p, bool *to_server)
{
	if (f->proto != p->proto)
		return (false);
	if (f->cport == p->sport && f->sport == p->dport &&
	    addr_equal(&f->cli, &p->src) && addr_equal(&f->srv, &p->dst)) {
		*to_server = true;
		return (true);
	}
	if (f->cport == p->dport && f->sport == p->sport &&
	    addr_equal(&f->cli, &p->dst) && addr_equal(&f->srv, &p->src)) {
		*to_server = false;
		return (true);
	}
	return (false);
}

/* Ports that name a service rather than a client's ephemeral socket. */
static bool
flow_is_service_port(uint16_t port)
{
	static const uint16_t known[] = {
		1433, 1883, 3306, 3389, 5432, 5671, 5672, 6379, 6380, 8080,
		8443, 8883, 9092, 9093, 10250, 27017, 32526
	};
	size_t i;

	if (port < 1024)
		return (true);
	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (known[i] == port)
			return (true);
	return (false);
}

/*
 * Decides whether p's source opened the connection: a SYN says so; a
 * SYN-ACK says the opposite; otherwise (a capture that starts inside the
 * connection) the side on a service port is the server.
 */
static bool
flow_src_is_client(const struct pkt *p)
{
	bool ssvc, dsvc;

	if (p->proto == PKT_PROTO_TCP && (p->tcp_flags & TCP_SYN))
		return ((p->tcp_flags & TCP_ACK) == 0);
	ssvc = flow_is_service_port(p->sport);
	dsvc = flow_is_service_port(p->dport);
	if (ssvc != dsvc)
		return (dsvc);
	if (ssvc && p->sport != p->dport)
		return (p->sport > p->dport);
	if (p->proto == PKT_PROTO_TCP && p->sport != p->dport)
		return (p->sport > p->dport);
	return (true);
}

/* Ends flow id: tells the owner, unhooks it, puts it on the free list. */
static void
flow_end(struct flow_table *t, uint32_t id)
{
	struct flow *f = &t->f[id];
	uint32_t *link;

	if (t->end_cb != NULL)
		t->end_cb(f, t->end_arg);
	link = &t->bucket[flow_hash(t, &f->cli, f->cport, &f->srv, f->sport,
	    f->proto) & (t->nbuckets - 1)];
	while (*link != id)
		link = &t->f[*link].hnext;
	*link = f->hnext;
	flow_list_unlink(t, id, flow_class_of(f));
	f->hnext = t->free_head;
	t->free_head = id;
	t->live--;
}

/* The flow to give up when the table is full: closed ones first. */
static uint32_t
flow_victim(const struct flow_table *t)
{
	uint32_t a = t->lists[FLOW_C_TCP].head, b = t->lists[FLOW_C_UDP].head;

	if (t->lists[FLOW_C_CLOSED].head != 0)
		return (t->lists[FLOW_C_CLOSED].head);
	if (a == 0)
		return (b);
	if (b == 0)
		return (a);
	return (t->f[a].last_us <= t->f[b].last_us ? a : b);
}

/* Doubles the hash index once there are as many live flows as buckets. */
static void
flow_grow_index(struct flow_table *t)
{
	uint32_t n = t->nbuckets * 2, *nb, id, b;
	struct flow *f;
	int c;

	if (t->live < t->nbuckets || n > (1u << 24) || n / 2 > t->max)
		return;
	if ((nb = calloc(n, sizeof(*nb))) == NULL)
		return;
	for (c = 0; c < FLOW_C_COUNT; c++)
		for (id = t->lists[c].head; id != 0; id = f->next) {
			f = &t->f[id];
			b = flow_hash(t, &f->cli, f->cport, &f->srv, f->sport,
			    f->proto) & (n - 1);
			f->hnext = nb[b];
			nb[b] = id;
		}
	free(t->bucket);
	t->bucket = nb;
	t->nbuckets = n;
}

static uint32_t
flow_new_slot(struct flow_table *t, struct stats *st)
{
	uint32_t id;

	if (t->live >= t->max) {
		if ((id = flow_victim(t)) == 0)
			return (0);
		flow_end(t, id);
		st->flows_evicted++;
	}
	if (t->free_head != 0) {
		id = t->free_head;
		t->free_head = t->f[id].hnext;
		return (id);
	}
	return (t->used <= t->max ? t->used++ : 0);
}

static void
flow_init(struct flow *f, const struct pkt *p, bool src_is_client)
{
	memset(f, 0, sizeof(*f));
	f->proto = p->proto;
	if (src_is_client) {
		f->cli = p->src;
		f->srv = p->dst;
		f->cport = p->sport;
		f->sport = p->dport;
	} else {
		f->cli = p->dst;
		f->srv = p->src;
		f->cport = p->dport;
		f->sport = p->sport;
	}
	f->first_us = f->last_us = p->ts_us;
	f->first_frame = p->frame;
	if (p->proto == PKT_PROTO_UDP)
		f->state = FLOW_S_UDP;
	else if ((p->tcp_flags & (TCP_SYN | TCP_ACK)) == TCP_SYN)
		f->state = FLOW_S_SYN_SENT;
	else if (p->tcp_flags & TCP_SYN)
		f->state = FLOW_S_ESTABLISHED;
	else
		f->state = FLOW_S_MIDSTREAM;
}

struct flow *
flow_lookup(struct flow_table *t, const struct pkt *p, bool *created,
    bool *to_server, struct stats *st)
{
	uint32_t h, id, b;

	h = flow_hash(t, &p->src, p->sport, &p->dst, p->dport, p->proto);
	b = h & (t->nbuckets - 1);
	*created = false;
	for (id = t->bucket[b]; id != 0; id = t->f[id].hnext)
		if (flow_matches(&t->f[id], p, to_server))
			return (&t->f[id]);

	if ((id = flow_new_slot(t, st)) == 0)
		return (NULL);
	flow_grow_index(t);
	b = h & (t->nbuckets - 1);
	*to_server = flow_src_is_client(p);
	flow_init(&t->f[id], p, *to_server);
	/* flow_end of a victim may have changed the bucket's head. */
	t->f[id].hnext = t->bucket[b];
	t->bucket[b] = id;
	flow_list_append(t, id, flow_class_of(&t->f[id]));
	t->live++;
	st->flows++;
	*created = true;
	return (&t->f[id]);
}

static void
flow_tcp_state(struct flow *f, uint8_t flags, bool to_server)
{
	if (flags & TCP_RST) {
		f->state = FLOW_S_RESET;
		return;
	}
	if ((flags & (TCP_SYN | TCP_ACK)) == (TCP_SYN | TCP_ACK) &&
	    !to_server && f->state == FLOW_S_SYN_SENT)
		f->state = FLOW_S_ESTABLISHED;
	if (flags & TCP_FIN) {
		f->flags |= to_server ? FLOW_F_FIN_CLI : FLOW_F_FIN_SRV;
		if ((f->flags & (FLOW_F_FIN_CLI | FLOW_F_FIN_SRV)) ==
		    (FLOW_F_FIN_CLI | FLOW_F_FIN_SRV))
			f->state = FLOW_S_CLOSED;
		else if (f->state != FLOW_S_RESET)
			f->state = FLOW_S_CLOSING;
	}
}

void
flow_update(struct flow_table *t, struct flow *f, const struct pkt *p,
    bool to_server)
{
	uint32_t id = (uint32_t)(f - t->f);
	enum flow_class before = flow_class_of(f);

	if (to_server) {
		f->pkts_out++;
		f->bytes_out += p->ip_len;
	} else {
		f->pkts_in++;
		f->bytes_in += p->ip_len;
	}
	if (p->ts_us > f->last_us)
		f->last_us = p->ts_us;
	if (p->proto == PKT_PROTO_TCP)
		flow_tcp_state(f, p->tcp_flags, to_server);
	if (t->lists[before].tail != id || flow_class_of(f) != before) {
		flow_list_unlink(t, id, before);
		flow_list_append(t, id, flow_class_of(f));
	}
}

void
flow_expire(struct flow_table *t, uint64_t now_us, struct stats *st)
{
	uint32_t id;
	int c;

	for (c = 0; c < FLOW_C_COUNT; c++) {
		while ((id = t->lists[c].head) != 0 &&
		    now_us > t->f[id].last_us + flow_timeouts[c]) {
			flow_end(t, id);
			st->flows_expired++;
		}
	}
}

void
flow_flush(struct flow_table *t)
{
	uint32_t id;
	int c;

	/* Oldest first across lists, so output follows capture order. */
	for (;;) {
		id = 0;
		for (c = 0; c < FLOW_C_COUNT; c++) {
			uint32_t h = t->lists[c].head;

			if (h != 0 && (id == 0 ||
			    t->f[h].first_frame < t->f[id].first_frame))
				id = h;
		}
		if (id == 0)
			break;
		flow_end(t, id);
	}
}

uint32_t
flow_count(const struct flow_table *t)
{
	return (t->live);
}

void
flow_foreach(struct flow_table *t, void (*fn)(struct flow *, void *),
    void *arg)
{
	uint32_t id, next;
	int c;

	for (c = 0; c < FLOW_C_COUNT; c++)
		for (id = t->lists[c].head; id != 0; id = next) {
			next = t->f[id].next;
			fn(&t->f[id], arg);
		}
}

const char *
flow_state_name(enum flow_state s)
{
	static const char *const names[] = {
		"udp", "syn-sent", "established", "midstream", "closing",
		"closed", "reset"
	};

	if ((unsigned)s >= sizeof(names) / sizeof(names[0]))
		return ("unknown");
	return (names[s]);
}

const char *
flow_proto_name(uint8_t proto)
{
	return (proto == PKT_PROTO_TCP ? "tcp" : "udp");
}
