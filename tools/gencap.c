/*
 * gencap: writes a large, seeded, deterministic Ethernet capture of one
 * Azure host's traffic for the benchmarks (issue 6).
 *
 * Usage: gencap [-s seed] [-n packets] [-f flows] [-c concurrent]
 *               [-V vlan%] [-6 ipv6%] [-u udp443%] [-N names] [-r pps]
 *               [-i infofile] -o out.pcap
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <pcap/pcap.h>

/*
 * The client (10.1.0.4, fd00:1::4) asks Azure DNS (168.63.129.16) for A or
 * AAAA records, gets CNAME chains into private-link zones or into public
 * Microsoft and non-Microsoft addresses, then opens TLS over TCP (with a
 * ClientHello naming the server), QUIC-like UDP 443, or plain HTTP to IMDS.
 * A conversation is an optional DNS exchange (one UDP flow) plus one
 * connection; its packet budget is drawn so the totals hit -n and -f.
 * Nothing here touches a network: the only output is the file.
 */

#define GC_PKT_MAX	2048
#define GC_MSS		1448		/* payload per full segment, TS on */
#define GC_POOL_SIZE	65536		/* random bytes for payloads */
#define GC_NAME_MAX	128
#define GC_CHAIN_MAX	3
#define GC_PORT_LO	32768
#define GC_PORT_HI	60999
#define GC_EPOCH	1736931600	/* 2025-01-15T09:00:00Z */
#define GC_NITEMS(a)	(sizeof(a) / sizeof((a)[0]))

#define TH_FIN		0x01
#define TH_SYN		0x02
#define TH_RST		0x04
#define TH_PSH		0x08
#define TH_ACK		0x10

enum gencap_kind {
	GK_PL,			/* private endpoint: CNAME to 10.x */
	GK_MS,			/* public Microsoft */
	GK_EXT,			/* public, not Microsoft */
	GK_VNET,		/* private, no private-link zone */
	GK_BYPASS,		/* privatelink CNAME answered publicly */
	GK_NX,			/* privatelink CNAME, NXDOMAIN */
	GK_HARD,		/* hard-coded public address, no DNS, no SNI */
	GK_IMDS,		/* 169.254.169.254:80, plain HTTP */
	GK_NKINDS
};

/* Shares of conversations per kind, in per mille. */
static const unsigned gencap_kind_share[GK_NKINDS] = {
	350, 250, 220, 80, 20, 10, 30, 40
};

enum gencap_shape {
	GS_TLS,			/* full TLS 1.3 over TCP */
	GS_TCP_SHORT,		/* refused, aborted or unanswered TCP */
	GS_HTTP,		/* IMDS request/response pairs */
	GS_QUIC,		/* UDP 443 datagrams both ways */
	GS_NONE			/* DNS only */
};

/* One destination name with its DNS answer (RFC 1035 section 3.2). */
struct gencap_name {
	enum gencap_kind kind;
	char		 qname[GC_NAME_MAX];
	char		 chain[GC_CHAIN_MAX][GC_NAME_MAX];	/* CNAMEs */
	int		 nchain;
	char		 soa_zone[GC_NAME_MAX];	/* GK_NX authority */
	uint8_t		 v4[2][4];
	int		 nv4;
	uint8_t		 v6[16];
	bool		 has_v6;
	uint32_t	 cname_ttl;
	uint32_t	 addr_ttl;
	bool		 resolved;	/* looked up once already */
};

/* One direction-aware 5-tuple with its TCP/IP counters. */
struct gencap_flow {
	bool		 v6;
	uint8_t		 proto;
	uint16_t	 vlan;		/* 0: untagged */
	uint8_t		 caddr[16];
	uint8_t		 saddr[16];
	uint16_t	 cport;
	uint16_t	 sport;
	uint32_t	 seq[2];	/* next sequence number, [0] client */
	uint32_t	 tsoff[2];	/* TCP timestamp offsets */
	uint16_t	 ipid[2];
	uint8_t		 ttl[2];
	uint32_t	 label;		/* IPv6 flow label */
};

/* A DNS exchange and the connection it leads to. */
struct gencap_conv {
	struct gencap_name *name;
	struct gencap_flow dns;
	struct gencap_flow conn;
	enum gencap_shape shape;
	bool		 lookup;	/* DNS exchange still to send */
	int		 dns_step;	/* 0 query, 1 response, 2 done */
	uint16_t	 dns_id;
	uint16_t	 qtype;
	uint8_t		 session[32];	/* TLS legacy_session_id */
	int		 step;		/* position in the shape's script */
	uint32_t	 left;		/* connection packets still to send */
	uint32_t	 sflight;	/* server segments after ClientHello */
	uint32_t	 srv_burst;	/* server segments due in this reply */
	bool		 stream;	/* reply streamed in small chunks */
	bool		 sni;
};

struct gencap_opts {
	uint64_t	 seed;
	uint64_t	 packets;
	uint64_t	 flows;
	uint64_t	 concurrency;
	unsigned	 vlan_pct;
	unsigned	 v6_pct;
	unsigned	 udp_pct;
	unsigned	 names;
	unsigned	 pps;
	const char	*out;
	const char	*info;
};

struct gencap_stats {
	uint64_t	 packets;
	uint64_t	 bytes;
	uint64_t	 flows;
	uint64_t	 convs;
	uint64_t	 lookups;
	uint64_t	 tcp;
	uint64_t	 udp443;
	uint64_t	 v6;
	uint64_t	 vlan;
	uint64_t	 long_lived;
	uint64_t	 max_live;
};

struct gencap {
	struct gencap_opts opts;
	uint64_t	 rng;
	pcap_dumper_t	*dumper;
	uint8_t		 pkt[GC_PKT_MAX];
	uint8_t		 pool[GC_POOL_SIZE];
	uint64_t	 now_us;	/* capture clock */
	double		 gap_us;	/* mean gap between packets */
	struct gencap_name *names[GK_NKINDS];
	unsigned	 nnames[GK_NKINDS];
	struct gencap_conv *slots;
	uint64_t	 nslots;	/* conversations live */
	uint64_t	 committed;	/* packets promised to conversations */
	uint64_t	 flows_left;
	uint16_t	 next_port;
	uint16_t	 ipid;
	struct gencap_stats st;
};

static const uint8_t gencap_client4[4] = { 10, 1, 0, 4 };
static const uint8_t gencap_client6[16] = {
	0xfd, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4
};
static const uint8_t gencap_resolver[4] = { 168, 63, 129, 16 };
static const uint8_t gencap_imds[4] = { 169, 254, 169, 254 };
static const uint8_t gencap_mac_host[6] = { 0x00, 0x0d, 0x3a, 0x5e, 0x21, 7 };
/* Azure's virtual gateway answers ARP with this address on every VNet. */
static const uint8_t gencap_mac_gw[6] = { 0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc };

static const char *const gencap_orgs[] = {
	"contoso", "fabrikam", "northwind", "tailspin", "adatum", "litware",
	"woodgrove", "proseware", "wingtip", "relecloud"
};
static const char *const gencap_regions[] = {
	"eastus", "eastus2", "westeurope", "swedencentral", "northeurope",
	"westus3", "uksouth", "francecentral"
};

/* Private-link services: public zone, label suffix, privatelink zone. */
static const char *const gencap_pl_zones[][3] = {
	{ "openai.azure.com", "aoai", "privatelink.openai.azure.com" },
	{ "blob.core.windows.net", "st", "privatelink.blob.core.windows.net" },
	{ "vault.azure.net", "kv", "privatelink.vaultcore.azure.net" },
	{ "cognitiveservices.azure.com", "cog",
	    "privatelink.cognitiveservices.azure.com" },
	{ "search.windows.net", "srch", "privatelink.search.windows.net" },
	{ "documents.azure.com", "cosmos", "privatelink.documents.azure.com" },
};

/* splitmix64: the only source of randomness, so a seed fixes the file. */
static uint64_t
gencap_rand(struct gencap *g)
{
	uint64_t z;

	z = (g->rng += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return (z ^ (z >> 31));
}

/* A number in [0, n). */
static uint32_t
gencap_below(struct gencap *g, uint32_t n)
{
	return ((uint32_t)(((gencap_rand(g) >> 32) * (uint64_t)n) >> 32));
}

/* True with probability pct in 100. */
static bool
gencap_chance(struct gencap *g, unsigned pct)
{
	return (gencap_below(g, 100) < pct);
}

/* A double in (0, 1]. */
static double
gencap_unit(struct gencap *g)
{
	return (((gencap_rand(g) >> 11) + 1) * (1.0 / 9007199254740992.0));
}

/* Writes n random bytes. */
static void
gencap_fill(struct gencap *g, uint8_t *p, size_t n)
{
	memcpy(p, g->pool + gencap_below(g, GC_POOL_SIZE - n), n);
}

static void
gencap_put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

static void
gencap_put24(uint8_t *p, uint32_t v)
{
	p[0] = (v >> 16) & 0xff;
	p[1] = (v >> 8) & 0xff;
	p[2] = v & 0xff;
}

static void
gencap_put32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = (v >> 16) & 0xff;
	p[2] = (v >> 8) & 0xff;
	p[3] = v & 0xff;
}

/* Ones' complement sum (RFC 1071), native order, folded later. */
static uint64_t
gencap_sum(const uint8_t *p, size_t n, uint64_t sum)
{
	uint32_t w;
	uint16_t h;

	while (n >= 4) {
		memcpy(&w, p, 4);
		sum += w;
		p += 4;
		n -= 4;
	}
	if (n >= 2) {
		memcpy(&h, p, 2);
		sum += h;
		p += 2;
		n -= 2;
	}
	if (n == 1) {
		h = 0;
		memcpy(&h, p, 1);
		sum += h;
	}
	return (sum);
}

/* Folds a native-order sum into a 16-bit checksum field; UDP sends an
 * all-zero result as all ones, zero meaning "no checksum" (RFC 768). */
static void
gencap_csum_put(uint8_t *field, uint64_t sum, bool udp)
{
	uint16_t h;

	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	h = ~(uint16_t)sum;
	if (h == 0 && udp)
		h = 0xffff;
	memcpy(field, &h, 2);
}

/* Bytes of link and IP headers in front of the transport header. */
static size_t
gencap_l3len(const struct gencap_flow *f)
{
	return (14 + (f->vlan ? 4 : 0) + (f->v6 ? 40 : 20));
}

/* Bytes of transport header; SYN segments carry the long option list. */
static size_t
gencap_l4len(const struct gencap_flow *f, uint8_t flags)
{
	if (f->proto == 17)
		return (8);
	return ((flags & TH_SYN) ? 40 : 32);
}

/* Where the payload of the next packet of f goes. */
static uint8_t *
gencap_payload(struct gencap *g, const struct gencap_flow *f, uint8_t flags)
{
	return (g->pkt + gencap_l3len(f) + gencap_l4len(f, flags));
}

/* Link header, optional 802.1Q tag; returns the IP header's offset. */
static size_t
gencap_put_link(struct gencap *g, const struct gencap_flow *f, int dir)
{
	uint8_t *p = g->pkt;

	memcpy(p, dir ? gencap_mac_host : gencap_mac_gw, 6);
	memcpy(p + 6, dir ? gencap_mac_gw : gencap_mac_host, 6);
	p += 12;
	if (f->vlan) {
		gencap_put16(p, 0x8100);
		gencap_put16(p + 2, f->vlan);
		p += 4;
	}
	gencap_put16(p, f->v6 ? 0x86dd : 0x0800);
	return ((size_t)(p + 2 - g->pkt));
}

/* IPv4 (RFC 791) or IPv6 (RFC 8200) header; returns the pseudo sum. */
static uint64_t
gencap_put_ip(struct gencap_flow *f, int dir, uint8_t *ip, size_t l4)
{
	const uint8_t *src = dir ? f->saddr : f->caddr;
	const uint8_t *dst = dir ? f->caddr : f->saddr;
	uint64_t sum;
	uint8_t ph[4];

	if (f->v6) {
		ip[0] = 0x60 | ((f->label >> 16) & 0x0f);
		ip[1] = (f->label >> 8) & 0xff;
		ip[2] = f->label & 0xff;
		ip[3] = 0;
		gencap_put16(ip + 4, (uint16_t)l4);
		ip[6] = f->proto;
		ip[7] = f->ttl[dir];
		memcpy(ip + 8, src, 16);
		memcpy(ip + 24, dst, 16);
		sum = gencap_sum(ip + 8, 32, 0);
	} else {
		ip[0] = 0x45;
		ip[1] = 0;
		gencap_put16(ip + 2, (uint16_t)(20 + l4));
		gencap_put16(ip + 4, f->ipid[dir]++);
		gencap_put16(ip + 6, 0x4000);
		ip[8] = f->ttl[dir];
		ip[9] = f->proto;
		ip[10] = ip[11] = 0;
		memcpy(ip + 12, src, 4);
		memcpy(ip + 16, dst, 4);
		gencap_csum_put(ip + 10, gencap_sum(ip, 20, 0), false);
		sum = gencap_sum(ip + 12, 8, 0);
	}
	ph[0] = 0;
	ph[1] = f->proto;
	gencap_put16(ph + 2, (uint16_t)l4);
	return (gencap_sum(ph, 4, sum));
}

/* TCP header (RFC 9293 section 3.1) with Linux's option layout. */
static void
gencap_put_tcp(struct gencap *g, struct gencap_flow *f, int dir,
    uint8_t *th, uint8_t flags, size_t plen)
{
	uint32_t ms = (uint32_t)(g->now_us / 1000);
	uint8_t *o = th + 20;

	gencap_put16(th, dir ? f->sport : f->cport);
	gencap_put16(th + 2, dir ? f->cport : f->sport);
	gencap_put32(th + 4, f->seq[dir]);
	gencap_put32(th + 8, (flags & TH_ACK) ? f->seq[!dir] : 0);
	th[12] = (uint8_t)((gencap_l4len(f, flags) / 4) << 4);
	th[13] = flags;
	gencap_put16(th + 14, (flags & TH_SYN) ? 64240 : (dir ? 501 : 2048));
	th[16] = th[17] = th[18] = th[19] = 0;
	if (flags & TH_SYN) {
		o[0] = 2;
		o[1] = 4;
		gencap_put16(o + 2, f->v6 ? 1440 : 1460);
		o[4] = 4;
		o[5] = 2;
		o += 6;
	} else {
		o[0] = o[1] = 1;
		o += 2;
	}
	o[0] = 8;
	o[1] = 10;
	gencap_put32(o + 2, ms + f->tsoff[dir]);
	gencap_put32(o + 6, (flags & TH_ACK) ? ms - 1 + f->tsoff[!dir] : 0);
	if (flags & TH_SYN) {
		o[10] = 1;
		o[11] = 3;
		o[12] = 3;
		o[13] = 7;
	}
	f->seq[dir] += (uint32_t)plen + ((flags & (TH_SYN | TH_FIN)) ? 1 : 0);
}

/* Finishes and writes one packet whose payload is already in place. */
static void
gencap_emit(struct gencap *g, struct gencap_flow *f, int dir, uint8_t flags,
    size_t plen)
{
	struct pcap_pkthdr h;
	size_t ipoff, l4off, l4, len;
	uint64_t sum;
	uint8_t *th;

	ipoff = gencap_put_link(g, f, dir);
	l4off = ipoff + (f->v6 ? 40 : 20);
	l4 = gencap_l4len(f, flags) + plen;
	len = l4off + l4;
	th = g->pkt + l4off;
	sum = gencap_put_ip(f, dir, g->pkt + ipoff, l4);
	if (f->proto == 6) {
		gencap_put_tcp(g, f, dir, th, flags, plen);
		sum = gencap_sum(th, l4, sum);
		gencap_csum_put(th + 16, sum, false);
	} else {
		gencap_put16(th, dir ? f->sport : f->cport);
		gencap_put16(th + 2, dir ? f->cport : f->sport);
		gencap_put16(th + 4, (uint16_t)l4);
		th[6] = th[7] = 0;
		gencap_csum_put(th + 6, gencap_sum(th, l4, sum), true);
	}
	g->now_us += (uint64_t)(g->gap_us * 2 * gencap_unit(g)) + 1;
	h.ts.tv_sec = (time_t)(GC_EPOCH + g->now_us / 1000000);
	h.ts.tv_usec = (suseconds_t)(g->now_us % 1000000);
	h.caplen = h.len = (bpf_u_int32)len;
	pcap_dump((u_char *)g->dumper, &h, g->pkt);
	g->st.packets++;
	g->st.bytes += len;
}

/* Name compression state of one DNS message (RFC 1035 section 4.1.4). */
struct gencap_dnsw {
	uint8_t		*msg;
	size_t		 len;
	const char	*suf[32];	/* name suffixes already written */
	uint16_t	 off[32];
	int		 nsuf;
};

/* Writes a domain name, pointing at a suffix written before when one is. */
static void
gencap_dns_name(struct gencap_dnsw *w, const char *name)
{
	const char *s = name, *dot;
	size_t n;
	int i;

	while (*s != '\0') {
		for (i = 0; i < w->nsuf; i++)
			if (strcmp(w->suf[i], s) == 0) {
				gencap_put16(w->msg + w->len,
				    0xc000 | w->off[i]);
				w->len += 2;
				return;
			}
		if (w->nsuf < 32 && w->len < 0x3fff) {
			w->suf[w->nsuf] = s;
			w->off[w->nsuf++] = (uint16_t)w->len;
		}
		dot = strchr(s, '.');
		n = dot ? (size_t)(dot - s) : strlen(s);
		w->msg[w->len++] = (uint8_t)n;
		memcpy(w->msg + w->len, s, n);
		w->len += n;
		s += n + (dot ? 1 : 0);
	}
	w->msg[w->len++] = 0;
}

/* RR head (owner, TYPE, CLASS IN, TTL); returns where RDLENGTH goes. */
static size_t
gencap_dns_rr(struct gencap_dnsw *w, const char *owner, uint16_t type,
    uint32_t ttl)
{
	size_t at;

	gencap_dns_name(w, owner);
	gencap_put16(w->msg + w->len, type);
	gencap_put16(w->msg + w->len + 2, 1);
	gencap_put32(w->msg + w->len + 4, ttl);
	at = w->len + 8;
	w->len += 10;
	return (at);
}

/* EDNS(0) OPT pseudo-record (RFC 6891 section 6.1.2), 1232-byte payloads. */
static void
gencap_dns_opt(struct gencap_dnsw *w)
{
	uint8_t *p = w->msg + w->len;

	p[0] = 0;
	gencap_put16(p + 1, 41);
	gencap_put16(p + 3, 1232);
	gencap_put32(p + 5, 0);
	gencap_put16(p + 9, 0);
	w->len += 11;
}

/* The SOA that an NXDOMAIN answer carries for negative caching (RFC 2308). */
static void
gencap_dns_soa(struct gencap_dnsw *w, const char *zone)
{
	size_t at, start;

	at = gencap_dns_rr(w, zone, 6, 10);
	start = w->len;
	gencap_dns_name(w, "azureprivatedns.net");
	gencap_dns_name(w, "azureprivatedns-host.microsoft.com");
	gencap_put32(w->msg + w->len, 1);
	gencap_put32(w->msg + w->len + 4, 3600);
	gencap_put32(w->msg + w->len + 8, 300);
	gencap_put32(w->msg + w->len + 12, 2419200);
	gencap_put32(w->msg + w->len + 16, 10);
	w->len += 20;
	gencap_put16(w->msg + at, (uint16_t)(w->len - start));
}

/* The answer records of a response: CNAME chain, then A or AAAA. */
static int
gencap_dns_answers(struct gencap_dnsw *w, const struct gencap_name *n,
    uint16_t qtype)
{
	const char *owner = n->qname;
	size_t at, start;
	int i, an = 0;

	for (i = 0; i < n->nchain; i++, an++) {
		at = gencap_dns_rr(w, owner, 5, n->cname_ttl);
		start = w->len;
		gencap_dns_name(w, n->chain[i]);
		gencap_put16(w->msg + at, (uint16_t)(w->len - start));
		owner = n->chain[i];
	}
	if (n->kind == GK_NX)
		return (an);
	if (qtype == 28) {
		at = gencap_dns_rr(w, owner, 28, n->addr_ttl);
		gencap_put16(w->msg + at, 16);
		memcpy(w->msg + w->len, n->v6, 16);
		w->len += 16;
		return (an + 1);
	}
	for (i = 0; i < n->nv4; i++, an++) {
		at = gencap_dns_rr(w, owner, 1, n->addr_ttl);
		gencap_put16(w->msg + at, 4);
		memcpy(w->msg + w->len, n->v4[i], 4);
		w->len += 4;
	}
	return (an);
}

/* One DNS message (RFC 1035 section 4.1): the query, or its response. */
static size_t
gencap_dns_msg(struct gencap_conv *c, uint8_t *msg, bool response)
{
	struct gencap_dnsw w;
	bool nx = c->name->kind == GK_NX;
	int an;

	memset(&w, 0, sizeof(w));
	w.msg = msg;
	gencap_put16(msg, c->dns_id);
	gencap_put16(msg + 2, response ? (nx ? 0x8183 : 0x8180) : 0x0100);
	gencap_put16(msg + 4, 1);
	memset(msg + 6, 0, 4);
	gencap_put16(msg + 10, 1);
	w.len = 12;
	gencap_dns_name(&w, c->name->qname);
	gencap_put16(msg + w.len, c->qtype);
	gencap_put16(msg + w.len + 2, 1);
	w.len += 4;
	if (response) {
		an = gencap_dns_answers(&w, c->name, c->qtype);
		gencap_put16(msg + 6, (uint16_t)an);
		if (nx) {
			gencap_dns_soa(&w, c->name->soa_zone);
			gencap_put16(msg + 8, 1);
		}
	}
	gencap_dns_opt(&w);
	return (w.len);
}

/* TLS 1.3 ClientHello in a handshake record (RFC 8446 section 4.1.2). */
static size_t
gencap_tls_ch(struct gencap *g, struct gencap_conv *c, uint8_t *p)
{
	static const uint8_t suites[] = {
		0x13, 0x01, 0x13, 0x02, 0x13, 0x03, 0xc0, 0x2b, 0xc0, 0x2f,
		0xc0, 0x2c, 0xc0, 0x30, 0xcc, 0xa9, 0xcc, 0xa8, 0xc0, 0x13,
		0xc0, 0x14, 0x00, 0x9c, 0x00, 0x9d, 0x00, 0x2f, 0x00, 0x35
	};
	/* extended_master_secret, renegotiation_info, supported_groups,
	 * ec_point_formats, session_ticket, ALPN h2 http/1.1,
	 * status_request, signature_algorithms, supported_versions,
	 * psk_key_exchange_modes; key_share follows. */
	static const uint8_t exts[] = {
		0x00, 0x17, 0x00, 0x00,
		0xff, 0x01, 0x00, 0x01, 0x00,
		0x00, 0x0a, 0x00, 0x08, 0x00, 0x06, 0x00, 0x1d, 0x00, 0x17,
		0x00, 0x18,
		0x00, 0x0b, 0x00, 0x02, 0x01, 0x00,
		0x00, 0x23, 0x00, 0x00,
		0x00, 0x10, 0x00, 0x0e, 0x00, 0x0c, 0x02, 'h', '2', 0x08,
		'h', 't', 't', 'p', '/', '1', '.', '1',
		0x00, 0x05, 0x00, 0x05, 0x01, 0x00, 0x00, 0x00, 0x00,
		0x00, 0x0d, 0x00, 0x12, 0x00, 0x10, 0x04, 0x03, 0x08, 0x04,
		0x04, 0x01, 0x05, 0x03, 0x08, 0x05, 0x05, 0x01, 0x08, 0x06,
		0x06, 0x01,
		0x00, 0x2b, 0x00, 0x05, 0x04, 0x03, 0x04, 0x03, 0x03,
		0x00, 0x2d, 0x00, 0x02, 0x01, 0x01,
		0x00, 0x33, 0x00, 0x26, 0x00, 0x24, 0x00, 0x1d, 0x00, 0x20
	};
	size_t n, hn, extstart;
	uint8_t *q;

	q = p + 9;			/* record (5) and handshake (4) heads */
	gencap_put16(q, 0x0303);
	gencap_fill(g, q + 2, 32);
	q[34] = 32;
	memcpy(q + 35, c->session, 32);
	q += 67;
	gencap_put16(q, sizeof(suites));
	memcpy(q + 2, suites, sizeof(suites));
	q += 2 + sizeof(suites);
	q[0] = 1;
	q[1] = 0;
	q += 2;
	extstart = (size_t)(q - p);
	q += 2;
	if (c->sni) {
		/* server_name (RFC 6066 section 3): one host_name entry. */
		hn = strlen(c->name->qname);
		gencap_put16(q, 0);
		gencap_put16(q + 2, (uint16_t)(hn + 5));
		gencap_put16(q + 4, (uint16_t)(hn + 3));
		q[6] = 0;
		gencap_put16(q + 7, (uint16_t)hn);
		memcpy(q + 9, c->name->qname, hn);
		q += 9 + hn;
	}
	memcpy(q, exts, sizeof(exts));
	q += sizeof(exts);
	gencap_fill(g, q, 32);
	q += 32;
	n = (size_t)(q - p);
	gencap_put16(p + extstart, (uint16_t)(n - extstart - 2));
	p[0] = 0x16;
	gencap_put16(p + 1, 0x0301);
	gencap_put16(p + 3, (uint16_t)(n - 5));
	p[5] = 1;
	gencap_put24(p + 6, (uint32_t)(n - 9));
	return (n);
}

/* An application_data record of n bytes in all (RFC 8446 section 5.2). */
static size_t
gencap_tls_app(struct gencap *g, uint8_t *p, size_t n)
{
	p[0] = 0x17;
	gencap_put16(p + 1, 0x0303);
	gencap_put16(p + 3, (uint16_t)(n - 5));
	gencap_fill(g, p + 5, n - 5);
	return (n);
}


/* ServerHello (RFC 8446 section 4.1.3) choosing TLS 1.3 and x25519, then
 * ChangeCipherSpec and encrypted handshake filling one full segment. */
static size_t
gencap_tls_sh(struct gencap *g, struct gencap_conv *c, uint8_t *p)
{
	uint8_t *q = p + 9;		/* record (5) and handshake (4) heads */
	size_t n;

	gencap_put16(q, 0x0303);
	gencap_fill(g, q + 2, 32);
	q[34] = 32;
	memcpy(q + 35, c->session, 32);
	q += 67;
	gencap_put16(q, 0x1301);
	q[2] = 0;
	gencap_put16(q + 3, 46);
	q += 5;
	gencap_put16(q, 0x002b);	/* supported_versions: TLS 1.3 */
	gencap_put16(q + 2, 2);
	gencap_put16(q + 4, 0x0304);
	gencap_put16(q + 6, 0x0033);	/* key_share: x25519 */
	gencap_put16(q + 8, 36);
	gencap_put16(q + 10, 0x001d);
	gencap_put16(q + 12, 32);
	gencap_fill(g, q + 14, 32);
	q += 46;
	n = (size_t)(q - p);
	p[0] = 0x16;
	gencap_put16(p + 1, 0x0303);
	gencap_put16(p + 3, (uint16_t)(n - 5));
	p[5] = 2;
	gencap_put24(p + 6, (uint32_t)(n - 9));
	q[0] = 0x14;
	gencap_put16(q + 1, 0x0303);
	gencap_put16(q + 3, 1);
	q[5] = 1;
	n += 6;
	return (n + gencap_tls_app(g, p + n, GC_MSS - n));
}

/* Client ChangeCipherSpec and Finished (as application_data). */
static size_t
gencap_tls_fin(struct gencap *g, uint8_t *p)
{
	p[0] = 0x14;
	gencap_put16(p + 1, 0x0303);
	gencap_put16(p + 3, 1);
	p[5] = 1;
	return (6 + gencap_tls_app(g, p + 6, 58));
}

/* A payload size in [lo, hi], skewed towards lo. */
static size_t
gencap_size(struct gencap *g, size_t lo, size_t hi)
{
	double u = gencap_unit(g);

	return (lo + (size_t)((double)(hi - lo) * u * u));
}

/* Sends one connection segment whose payload is in place. */
static void
gencap_tcp(struct gencap *g, struct gencap_conv *c, int dir, uint8_t flags,
    size_t plen)
{
	gencap_emit(g, &c->conn, dir, flags, plen);
	c->left--;
}

/* Sends one TLS application_data segment of n bytes. */
static void
gencap_tcp_app(struct gencap *g, struct gencap_conv *c, int dir, size_t n,
    bool push)
{
	gencap_tls_app(g, gencap_payload(g, &c->conn, TH_ACK), n);
	gencap_tcp(g, c, dir, TH_ACK | (push ? TH_PSH : 0), n);
}

/* How many reply segments follow a request, when rem packets remain
 * before teardown: what is left must be nothing or a whole exchange. */
static uint32_t
gencap_burst(struct gencap *g, uint32_t rem)
{
	uint32_t r = 1 + gencap_below(g, 6);

	if (gencap_chance(g, 5))
		r += gencap_below(g, 40);
	if (r > rem - 1 || rem - 1 - r < 3)
		r = rem - 1;
	return (r);
}

/* FIN teardown started by the client; false once it is over. */
static bool
gencap_teardown(struct gencap *g, struct gencap_conv *c)
{
	switch (c->step) {
	case 30:
		gencap_tcp(g, c, 0, TH_FIN | TH_ACK, 0);
		break;
	case 31:
		gencap_tcp(g, c, 1, TH_FIN | TH_ACK, 0);
		break;
	case 32:
		gencap_tcp(g, c, 0, TH_ACK, 0);
		break;
	default:
		return (false);
	}
	c->step++;
	return (true);
}

/* Next packet of a full TLS connection: handshake, ClientHello, server
 * flight, request/reply exchanges, teardown. */
static void
gencap_tls_next(struct gencap *g, struct gencap_conv *c)
{
	uint8_t *p = gencap_payload(g, &c->conn, TH_ACK);

	if (c->step == 10 && c->left == 3)
		c->step = 30;
	switch (c->step) {
	case 0:
		gencap_tcp(g, c, 0, TH_SYN, 0);
		break;
	case 1:
		gencap_tcp(g, c, 1, TH_SYN | TH_ACK, 0);
		break;
	case 2:
		gencap_tcp(g, c, 0, TH_ACK, 0);
		break;
	case 3:
		gencap_tcp(g, c, 0, TH_ACK | TH_PSH, gencap_tls_ch(g, c, p));
		break;
	case 4:
		c->sflight--;
		gencap_tcp(g, c, 1, TH_ACK | (c->sflight ? 0 : TH_PSH),
		    gencap_tls_sh(g, c, p));
		if (c->sflight > 0)
			break;
		c->step++;
		break;
	case 5:
		c->sflight--;
		gencap_tcp_app(g, c, 1, c->sflight ? GC_MSS :
		    gencap_size(g, 100, GC_MSS), c->sflight == 0);
		if (c->sflight > 0)
			return;
		break;
	case 6:
		gencap_tcp(g, c, 0, TH_ACK | TH_PSH, gencap_tls_fin(g, p));
		c->step = 10;
		return;
	case 10:
		gencap_tcp_app(g, c, 0, gencap_size(g, 60, GC_MSS), true);
		c->srv_burst = gencap_burst(g, c->left - 3);
		c->stream = gencap_chance(g, 60);
		break;
	case 11:
		/* Replies are bulk (full segments) or streamed the way
		 * model APIs send tokens: many small records. */
		c->srv_burst--;
		gencap_tcp_app(g, c, 1, c->stream ? gencap_size(g, 60, 400) :
		    c->srv_burst ? GC_MSS : gencap_size(g, 40, GC_MSS),
		    c->stream || c->srv_burst == 0);
		if (c->srv_burst > 0)
			return;
		break;
	case 12:
		gencap_tcp(g, c, 0, TH_ACK, 0);
		c->step = 10;
		return;
	default:
		gencap_teardown(g, c);
		return;
	}
	c->step++;
}

/* Next packet of a connection that fails: unanswered, refused, or reset
 * by the client after the handshake or the first server segments. */
static void
gencap_short_next(struct gencap *g, struct gencap_conv *c)
{
	uint8_t *p = gencap_payload(g, &c->conn, TH_ACK);
	bool last = c->left == 1;

	if (c->step == 0)
		gencap_tcp(g, c, 0, TH_SYN, 0);
	else if (c->step == 1 && last)
		gencap_tcp(g, c, 1, TH_RST | TH_ACK, 0);
	else if (last)
		gencap_tcp(g, c, 0, c->step == 2 ? TH_RST : TH_RST | TH_ACK, 0);
	else if (c->step == 1)
		gencap_tcp(g, c, 1, TH_SYN | TH_ACK, 0);
	else if (c->step == 2)
		gencap_tcp(g, c, 0, TH_ACK, 0);
	else if (c->step == 3)
		gencap_tcp(g, c, 0, TH_ACK | TH_PSH, gencap_tls_ch(g, c, p));
	else if (c->step == 4)
		gencap_tcp(g, c, 1, TH_ACK, gencap_tls_sh(g, c, p));
	else
		gencap_tcp_app(g, c, 1, GC_MSS, false);
	c->step++;
}

/* Next packet of IMDS calls (plain HTTP/1.1, RFC 9112) on one connection. */
static void
gencap_http_next(struct gencap *g, struct gencap_conv *c)
{
	static const char req[] =
	    "GET /metadata/instance?api-version=2021-02-01 HTTP/1.1\r\n"
	    "Host: 169.254.169.254\r\nMetadata: true\r\n"
	    "User-Agent: azure-sdk-python/1.19\r\n\r\n";
	static const char body[] =
	    "{\"compute\":{\"location\":\"eastus\",\"name\":\"app-vm-01\","
	    "\"vmId\":\"3f8a1c52-6d0e-4b7a-9e21-0c5d8f4a7b13\","
	    "\"vmSize\":\"Standard_D4s_v5\"},\"network\":{\"interface\":"
	    "[{\"ipv4\":{\"ipAddress\":[{\"privateIpAddress\":\"10.1.0.4\","
	    "\"publicIpAddress\":\"\"}]}}]}}";
	uint8_t *p = gencap_payload(g, &c->conn, TH_ACK);
	int n;

	if (c->step == 3 && c->left == 3)
		c->step = 30;
	switch (c->step) {
	case 0:
		gencap_tcp(g, c, 0, TH_SYN, 0);
		break;
	case 1:
		gencap_tcp(g, c, 1, TH_SYN | TH_ACK, 0);
		break;
	case 2:
	case 5:
		gencap_tcp(g, c, 0, TH_ACK, 0);
		break;
	case 3:
		memcpy(p, req, sizeof(req) - 1);
		gencap_tcp(g, c, 0, TH_ACK | TH_PSH, sizeof(req) - 1);
		break;
	case 4:
		n = snprintf((char *)p, GC_MSS, "HTTP/1.1 200 OK\r\n"
		    "Content-Type: application/json; charset=utf-8\r\n"
		    "Server: IMDS/150.870.65.1854\r\n"
		    "Content-Length: %zu\r\n\r\n%s", sizeof(body) - 1, body);
		gencap_tcp(g, c, 1, TH_ACK | TH_PSH, (size_t)n);
		break;
	default:
		gencap_teardown(g, c);
		return;
	}
	c->step = c->step == 5 ? 3 : c->step + 1;
}

/* Next datagram of a UDP 443 flow: QUIC short-header packets (RFC 9000
 * section 17.3), the first client one padded as Initials are. */
static void
gencap_quic_next(struct gencap *g, struct gencap_conv *c)
{
	struct gencap_flow *f = &c->conn;
	int dir = c->step == 0 ? 0 : (int)gencap_below(g, 2);
	uint8_t *p = gencap_payload(g, f, 0);
	size_t n;

	n = c->step == 0 ? 1250 : gencap_size(g, 30, 1350);
	gencap_fill(g, p, n);
	p[0] = 0x40 | (p[0] & 0x3f);
	gencap_emit(g, f, dir, 0, n);
	c->left--;
	c->step++;
}

/* Next packet of the DNS exchange: the query, then its response. */
static void
gencap_dns_next(struct gencap *g, struct gencap_conv *c)
{
	struct gencap_flow *f = &c->dns;
	bool resp = c->dns_step == 1;

	gencap_emit(g, f, resp, 0, gencap_dns_msg(c, gencap_payload(g, f, 0),
	    resp));
	if (resp) {
		c->lookup = false;
		c->name->resolved = true;
	}
	c->dns_step++;
}

/* Sends the next packet of conversation c; false once c is finished. */
static bool
gencap_conv_next(struct gencap *g, struct gencap_conv *c)
{
	if (c->lookup) {
		gencap_dns_next(g, c);
		return (c->lookup || c->left > 0);
	}
	switch (c->shape) {
	case GS_TLS:
		gencap_tls_next(g, c);
		break;
	case GS_TCP_SHORT:
		gencap_short_next(g, c);
		break;
	case GS_HTTP:
		gencap_http_next(g, c);
		break;
	case GS_QUIC:
		gencap_quic_next(g, c);
		break;
	case GS_NONE:
		break;
	}
	return (c->left > 0);
}

/* A hash of (kind, index) spreading addresses over their prefixes. */
static uint32_t
gencap_mix(unsigned kind, unsigned i)
{
	uint64_t z = ((uint64_t)kind << 32 | i) * 0x9e3779b97f4a7c15ULL;

	z = (z ^ (z >> 29)) * 0xbf58476d1ce4e5b9ULL;
	return ((uint32_t)(z >> 32));
}

static void
gencap_set4(uint8_t *a, unsigned o0, unsigned o1, uint32_t h)
{
	a[0] = (uint8_t)o0;
	a[1] = (uint8_t)o1;
	a[2] = (uint8_t)(h >> 8);
	a[3] = (uint8_t)(1 + h % 254);
}

/* An IPv6 address: a /48 prefix from three groups, host bits from h. */
static void
gencap_set6(struct gencap_name *n, uint16_t g0, uint16_t g1, uint16_t g2,
    uint32_t h)
{
	memset(n->v6, 0, 16);
	gencap_put16(n->v6, g0);
	gencap_put16(n->v6 + 2, g1);
	gencap_put16(n->v6 + 4, g2);
	gencap_put32(n->v6 + 12, h & 0x00ffffff);
	n->has_v6 = true;
}

/* Private endpoint (or its failures): CNAME into a privatelink zone. */
static void
gencap_name_pl(struct gencap_name *n, unsigned i, const char *org,
    const char *region, uint32_t h)
{
	const char *const *z = gencap_pl_zones[i % GC_NITEMS(gencap_pl_zones)];

	if (n->kind != GK_PL)
		z = gencap_pl_zones[n->kind == GK_NX ? 2 : 0];
	snprintf(n->qname, GC_NAME_MAX, "%s-%s-%u.%s", org, z[1], i, z[0]);
	snprintf(n->chain[0], GC_NAME_MAX, "%s-%s-%u.%s", org, z[1], i, z[2]);
	n->nchain = 1;
	n->cname_ttl = 60;
	n->addr_ttl = 10;
	n->v4[0][0] = 10;
	n->v4[0][1] = 2;
	n->v4[0][2] = (uint8_t)(i / 250);
	n->v4[0][3] = (uint8_t)(4 + i % 250);
	n->nv4 = 1;
	if (n->kind == GK_NX)
		snprintf(n->soa_zone, GC_NAME_MAX, "%s", z[2]);
	if (n->kind == GK_BYPASS) {
		snprintf(n->chain[1], GC_NAME_MAX,
		    "%s.api.cognitive.microsoft.com", region);
		n->nchain = 2;
		n->addr_ttl = 60;
		gencap_set4(n->v4[0], 20, 62 + h % 4, h >> 8);
	}
}

/* Public Microsoft names: storage, web apps, Service Bus, OpenAI. */
static void
gencap_name_ms(struct gencap_name *n, unsigned i, const char *org,
    const char *region, uint32_t h)
{
	n->nchain = 1;
	n->nv4 = 1;
	n->cname_ttl = 300;
	n->addr_ttl = 60;
	switch (i % 4) {
	case 0:
		snprintf(n->qname, GC_NAME_MAX, "%sst%u.blob.core.windows.net",
		    org, i);
		snprintf(n->chain[0], GC_NAME_MAX,
		    "blob.%sprdstr%02ua.store.core.windows.net", region,
		    i % 40);
		gencap_set4(n->v4[0], 20, 60, h);
		break;
	case 1:
		snprintf(n->qname, GC_NAME_MAX, "%s-app-%u.azurewebsites.net",
		    org, i);
		snprintf(n->chain[0], GC_NAME_MAX,
		    "waws-prod-%s-%03u.sip.azurewebsites.windows.net", region,
		    i % 90);
		snprintf(n->chain[1], GC_NAME_MAX,
		    "waws-prod-%s-%03u.cloudapp.net", region, i % 90);
		n->nchain = 2;
		gencap_set4(n->v4[0], 20, 119, h);
		gencap_set6(n, 0x2603, 0x1030, 0x0408, h);
		break;
	case 2:
		snprintf(n->qname, GC_NAME_MAX,
		    "%s-sb-%u.servicebus.windows.net", org, i);
		snprintf(n->chain[0], GC_NAME_MAX,
		    "ns-sb2-prod-%s-%03u.cloudapp.net", region, i % 50);
		gencap_set4(n->v4[0], 40, 112 + h % 8, h >> 4);
		break;
	default:
		snprintf(n->qname, GC_NAME_MAX, "%s-ai-%u.openai.azure.com",
		    org, i);
		snprintf(n->chain[0], GC_NAME_MAX,
		    "%s.api.cognitive.microsoft.com", region);
		gencap_set4(n->v4[0], 52, 146 + h % 8, h >> 4);
		gencap_set6(n, 0x2603, 0x1030, 0x0007, h);
		break;
	}
}

/* Public names outside Microsoft: S3, Cloudflare, Fastly, Google. */
static void
gencap_name_ext(struct gencap_name *n, unsigned i, const char *org,
    uint32_t h)
{
	n->nchain = 0;
	n->nv4 = 2;
	n->cname_ttl = 300;
	n->addr_ttl = 300;
	switch (i % 4) {
	case 0:
		snprintf(n->qname, GC_NAME_MAX, "%s%u.s3.amazonaws.com", org,
		    i);
		snprintf(n->chain[0], GC_NAME_MAX,
		    "s3-r-w.us-east-1.amazonaws.com");
		n->nchain = 1;
		gencap_set4(n->v4[0], 52, 216, h);
		gencap_set4(n->v4[1], 3, 5, h >> 8);
		break;
	case 1:
		snprintf(n->qname, GC_NAME_MAX, "%s-%u.pages.dev", org, i);
		gencap_set4(n->v4[0], 104, 16 + h % 16, h >> 4);
		gencap_set4(n->v4[1], 172, 64 + h % 4, h >> 12);
		gencap_set6(n, 0x2606, 0x4700, 0x0000, h);
		break;
	case 2:
		snprintf(n->qname, GC_NAME_MAX, "%s-docs-%u.example.org", org,
		    i);
		snprintf(n->chain[0], GC_NAME_MAX,
		    "dualstack.%s.map.fastly.net", org);
		n->nchain = 1;
		gencap_set4(n->v4[0], 151, 101, h);
		gencap_set4(n->v4[1], 151, 101, h >> 16);
		gencap_set6(n, 0x2a04, 0x4e42, 0x0000, h);
		break;
	default:
		snprintf(n->qname, GC_NAME_MAX, "%s-%u.storage.googleapis.com",
		    org, i);
		n->nv4 = 1;
		gencap_set4(n->v4[0], 142, 250, h);
		gencap_set6(n, 0x2607, 0xf8b0, 0x4004, h);
		break;
	}
}

/* Fills name i of a kind: its query, CNAME chain and addresses. */
static void
gencap_name_make(struct gencap_name *n, enum gencap_kind kind, unsigned i)
{
	static const char *const svc[] = { "db", "api", "cache", "queue" };
	const char *org = gencap_orgs[i % GC_NITEMS(gencap_orgs)];
	const char *region =
	    gencap_regions[(i / 10) % GC_NITEMS(gencap_regions)];
	uint32_t h = gencap_mix(kind, i);

	memset(n, 0, sizeof(*n));
	n->kind = kind;
	switch (kind) {
	case GK_PL:
	case GK_BYPASS:
	case GK_NX:
		gencap_name_pl(n, i, org, region, h);
		break;
	case GK_MS:
		gencap_name_ms(n, i, org, region, h);
		break;
	case GK_EXT:
		gencap_name_ext(n, i, org, h);
		break;
	case GK_VNET:
		snprintf(n->qname, GC_NAME_MAX, "%s%u.internal.%s.net",
		    svc[i % 4], i, org);
		n->addr_ttl = 3600;
		n->nv4 = 1;
		n->v4[0][0] = 10;
		n->v4[0][1] = 3;
		n->v4[0][2] = (uint8_t)(i / 250);
		n->v4[0][3] = (uint8_t)(4 + i % 250);
		break;
	case GK_HARD:
		snprintf(n->qname, GC_NAME_MAX, "hard-coded-%u", i);
		n->nv4 = 1;
		if (i % 2)
			gencap_set4(n->v4[0], 104, 18, h);
		else
			gencap_set4(n->v4[0], 13, 107, h);
		break;
	default:
		snprintf(n->qname, GC_NAME_MAX, "169.254.169.254");
		memcpy(n->v4[0], gencap_imds, 4);
		n->nv4 = 1;
		break;
	}
}

/* Builds the name pool: opts.names split over the kinds by share. */
static int
gencap_names_init(struct gencap *g)
{
	unsigned k, i, n;

	for (k = 0; k < GK_NKINDS; k++) {
		n = g->opts.names * gencap_kind_share[k] / 1000;
		if (k == GK_IMDS || n == 0)
			n = 1;
		g->names[k] = calloc(n, sizeof(struct gencap_name));
		if (g->names[k] == NULL)
			return (-1);
		g->nnames[k] = n;
		for (i = 0; i < n; i++)
			gencap_name_make(&g->names[k][i], k, i);
	}
	return (0);
}

/* Picks a kind by share, then a name of it, popular names first. */
static struct gencap_name *
gencap_pick_name(struct gencap *g)
{
	unsigned k = 0, acc = 0, r = gencap_below(g, 1000);
	double u;

	while (k < GK_NKINDS - 1 && r >= acc + gencap_kind_share[k])
		acc += gencap_kind_share[k++];
	u = gencap_unit(g);
	return (&g->names[k][(unsigned)(u * u * g->nnames[k] * 0.9999)]);
}

/* Sets up the 5-tuple and counters of a new flow. */
static void
gencap_flow_init(struct gencap *g, struct gencap_flow *f, uint8_t proto,
    uint16_t vlan)
{
	f->proto = proto;
	f->vlan = vlan;
	f->seq[0] = (uint32_t)gencap_rand(g);
	f->seq[1] = (uint32_t)gencap_rand(g);
	f->tsoff[0] = (uint32_t)gencap_rand(g);
	f->tsoff[1] = (uint32_t)gencap_rand(g);
	f->ipid[0] = (uint16_t)gencap_rand(g);
	f->ipid[1] = (uint16_t)gencap_rand(g);
	f->label = (uint32_t)gencap_rand(g) & 0xfffff;
	f->ttl[0] = 64;
}

/* The next client port: sequential, like Linux's connect() allocator. */
static uint16_t
gencap_port(struct gencap *g)
{
	if (g->next_port < GC_PORT_LO || g->next_port >= GC_PORT_HI)
		g->next_port = GC_PORT_LO;
	return (g->next_port++);
}

/* The smallest budget a shape accepts, given the mean per flow. */
static uint32_t
gencap_shape_min(enum gencap_shape s, double mean)
{
	if (s == GS_NONE)
		return (0);
	if (mean < 12 || s == GS_QUIC)
		return (1);
	return (9);
}

/* Draws the connection's packet budget so that, over all conversations,
 * packets and flows come out at -n and -f. */
static uint32_t
gencap_budget(struct gencap *g, struct gencap_conv *c, unsigned used,
    uint32_t dns)
{
	uint64_t left = g->opts.packets > g->committed + dns ?
	    g->opts.packets - g->committed - dns : 0;
	double mean = (double)left / (double)g->flows_left;
	double gamma2 = (-log(gencap_unit(g)) - log(gencap_unit(g))) / 2;
	uint32_t lo = gencap_shape_min(c->shape, mean);
	double b;

	if (c->shape == GS_NONE)
		return (0);
	b = mean * used * gamma2 - dns;
	if (c->shape == GS_TLS && mean >= 12 &&
	    g->st.long_lived < g->opts.concurrency / 100 + 1) {
		/* Long-lived: about as many packets as a slot sees in the
		 * whole capture, so it stays open until near the end. */
		b = 0.8 * (double)g->opts.packets /
		    (double)g->opts.concurrency;
		g->st.long_lived++;
	}
	if (g->flows_left <= used || b > (double)left)
		b = (double)left;
	if (b > 1e7)
		b = 1e7;
	return (b < lo ? lo : (uint32_t)b);
}

/* Chooses shape and budget of a connection; the shape is fixed first. */
static void
gencap_conv_shape(struct gencap *g, struct gencap_conv *c, unsigned used,
    uint32_t dns)
{
	enum gencap_kind k = c->name->kind;

	if (k == GK_NX)
		c->shape = GS_NONE;
	else if (k == GK_IMDS)
		c->shape = GS_HTTP;
	else if ((k == GK_MS || k == GK_EXT || k == GK_HARD) &&
	    gencap_chance(g, g->opts.udp_pct))
		c->shape = GS_QUIC;
	else
		c->shape = GS_TLS;
	c->left = gencap_budget(g, c, used, dns);
	if ((c->shape == GS_TLS || c->shape == GS_HTTP) && c->left < 9)
		c->shape = GS_TCP_SHORT;
	else if (c->shape == GS_TLS && gencap_below(g, 1000) < 8)
		c->shape = GS_TCP_SHORT, c->left = 2 + gencap_below(g, 7);
	if (c->shape == GS_HTTP)
		c->left = 9 + (c->left - 9) / 3 * 3;
	if (c->shape == GS_TLS) {
		c->sflight = 1 + gencap_below(g, 3);
		if (c->sflight > c->left - 8)
			c->sflight = c->left - 8;
		if (c->left - 8 - c->sflight < 3)
			c->sflight = c->left - 8;
	}
}

/* Sets up the connection's flow: addresses, ports, server hop count. */
static void
gencap_conn_init(struct gencap *g, struct gencap_conv *c, uint16_t vlan)
{
	static const uint8_t ttl[GK_NKINDS] = {
		64, 112, 54, 64, 112, 64, 56, 128
	};
	struct gencap_flow *f = &c->conn;
	const struct gencap_name *n = c->name;
	bool v6 = f->v6;

	gencap_flow_init(g, f, c->shape == GS_QUIC ? 17 : 6, vlan);
	f->v6 = v6;
	if (v6) {
		memcpy(f->caddr, gencap_client6, 16);
		memcpy(f->saddr, n->v6, 16);
	} else {
		memcpy(f->caddr, gencap_client4, 4);
		memcpy(f->saddr, n->v4[gencap_below(g, (uint32_t)n->nv4)], 4);
	}
	f->cport = gencap_port(g);
	f->sport = c->shape == GS_HTTP ? 80 : 443;
	f->ttl[1] = (uint8_t)(ttl[n->kind] - gencap_below(g, 4));
	if (f->proto == 6)
		g->st.tcp++;
	else
		g->st.udp443++;
	g->st.v6 += v6;
	g->st.vlan += vlan != 0;
}

/* Starts a new conversation in slot c. */
static void
gencap_conv_start(struct gencap *g, struct gencap_conv *c)
{
	struct gencap_name *n = gencap_pick_name(g);
	uint16_t vlan = 0;
	unsigned used;

	memset(c, 0, sizeof(*c));
	c->name = n;
	if (gencap_chance(g, g->opts.vlan_pct))
		vlan = (uint16_t)(100 + 10 * gencap_below(g, 3));
	c->lookup = n->kind != GK_IMDS && n->kind != GK_HARD &&
	    (!n->resolved || gencap_chance(g, 30) || n->kind == GK_NX);
	if (g->flows_left < 2 && n->kind != GK_NX)
		c->lookup = false;
	c->qtype = 1;
	c->conn.v6 = n->has_v6 && gencap_chance(g, g->opts.v6_pct);
	if (c->conn.v6)
		c->qtype = 28;
	used = (c->lookup ? 1 : 0) + (n->kind == GK_NX ? 0 : 1);
	gencap_conv_shape(g, c, used, c->lookup ? 2 : 0);
	c->sni = n->kind != GK_HARD;
	c->dns_id = (uint16_t)gencap_rand(g);
	gencap_fill(g, c->session, 32);
	if (c->lookup) {
		gencap_flow_init(g, &c->dns, 17, vlan);
		memcpy(c->dns.caddr, gencap_client4, 4);
		memcpy(c->dns.saddr, gencap_resolver, 4);
		c->dns.cport = (uint16_t)(GC_PORT_LO +
		    gencap_below(g, GC_PORT_HI - GC_PORT_LO));
		c->dns.sport = 53;
		c->dns.ttl[1] = 128;
		g->st.lookups++;
	}
	if (c->shape != GS_NONE)
		gencap_conn_init(g, c, vlan);
	g->committed += c->left + (c->lookup ? 2 : 0);
	g->flows_left -= used < g->flows_left ? used : g->flows_left;
	g->st.flows += used;
	g->st.convs++;
}

/* Runs conversations in at most -c slots, one random packet at a time, until
 * the packet budget is spent or every flow has finished. */
static void
gencap_run(struct gencap *g)
{
	struct gencap_conv *c;
	uint64_t i;

	while (g->st.packets < g->opts.packets) {
		i = gencap_below(g, (uint32_t)g->opts.concurrency);
		if (i >= g->nslots) {
			if (g->flows_left > 0) {
				i = g->nslots++;
				gencap_conv_start(g, &g->slots[i]);
				if (g->nslots > g->st.max_live)
					g->st.max_live = g->nslots;
			} else if (g->nslots == 0)
				break;
			else
				i = gencap_below(g, (uint32_t)g->nslots);
		}
		c = &g->slots[i];
		if (gencap_conv_next(g, c))
			continue;
		if (g->flows_left > 0)
			gencap_conv_start(g, c);
		else
			g->slots[i] = g->slots[--g->nslots];
	}
}

/* Parses a decimal number in [lo, hi], or exits naming the option. */
static uint64_t
gencap_num(const char *s, uint64_t lo, uint64_t hi, int opt)
{
	unsigned long long v;
	char *end;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || s[0] == '-' ||
	    v < lo || v > hi) {
		fprintf(stderr, "gencap: -%c: want a number in %" PRIu64
		    "..%" PRIu64 ", got '%s'\n", opt, lo, hi, s);
		exit(2);
	}
	return (v);
}

static void
gencap_usage(void)
{
	fprintf(stderr,
	    "usage: gencap [-s seed] [-n packets] [-f flows] [-c concurrent]\n"
	    "              [-V vlan%%] [-6 ipv6%%] [-u udp443%%] [-N names]"
	    " [-r pps]\n"
	    "              [-i infofile] -o out.pcap\n"
	    "defaults: -s 1 -n 3000000 -f 100000 -c flows/50 -V 5 -6 15"
	    " -u 5 -N 1000 -r 20000\n");
	exit(2);
}

/* Reads the command line into g->opts. */
static void
gencap_opts(struct gencap *g, int argc, char **argv)
{
	struct gencap_opts *o = &g->opts;
	int ch;

	o->seed = 1;
	o->packets = 3000000;
	o->flows = 100000;
	o->vlan_pct = 5;
	o->v6_pct = 15;
	o->udp_pct = 5;
	o->names = 1000;
	o->pps = 20000;
	while ((ch = getopt(argc, argv, "s:n:f:c:V:6:u:N:r:i:o:h")) != -1) {
		switch (ch) {
		case 's':
			o->seed = gencap_num(optarg, 0, UINT64_MAX, ch);
			break;
		case 'n':
			o->packets = gencap_num(optarg, 1, 1ULL << 40, ch);
			break;
		case 'f':
			o->flows = gencap_num(optarg, 1, 1ULL << 32, ch);
			break;
		case 'c':
			o->concurrency = gencap_num(optarg, 1, 1 << 24, ch);
			break;
		case 'V':
			o->vlan_pct = (unsigned)gencap_num(optarg, 0, 100, ch);
			break;
		case '6':
			o->v6_pct = (unsigned)gencap_num(optarg, 0, 100, ch);
			break;
		case 'u':
			o->udp_pct = (unsigned)gencap_num(optarg, 0, 100, ch);
			break;
		case 'N':
			o->names = (unsigned)gencap_num(optarg, 1, 100000, ch);
			break;
		case 'r':
			o->pps = (unsigned)gencap_num(optarg, 1, 100000000, ch);
			break;
		case 'i':
			o->info = optarg;
			break;
		case 'o':
			o->out = optarg;
			break;
		default:
			gencap_usage();
		}
	}
	if (o->out == NULL || optind != argc)
		gencap_usage();
	if (o->concurrency == 0)
		o->concurrency = o->flows / 50 > 0 ? o->flows / 50 : 1;
	if (o->concurrency > o->flows)
		o->concurrency = o->flows;
}

/* Opens the output: our own stdio buffer, libpcap's file header. */
static int
gencap_open(struct gencap *g)
{
	static char buf[1 << 20];
	pcap_t *dead;
	FILE *fp;

	fp = strcmp(g->opts.out, "-") == 0 ? stdout : fopen(g->opts.out, "wb");
	if (fp == NULL) {
		fprintf(stderr, "gencap: %s: %s\n", g->opts.out,
		    strerror(errno));
		return (-1);
	}
	setvbuf(fp, buf, _IOFBF, sizeof(buf));
	dead = pcap_open_dead(DLT_EN10MB, 65535);
	if (dead == NULL)
		return (-1);
	g->dumper = pcap_dump_fopen(dead, fp);
	if (g->dumper == NULL) {
		fprintf(stderr, "gencap: %s: %s\n", g->opts.out,
		    pcap_geterr(dead));
		return (-1);
	}
	return (0);
}

/* Writes what was generated, as key=value lines, for the bench script. */
static void
gencap_info(const struct gencap *g, FILE *fp)
{
	const struct gencap_stats *s = &g->st;

	fprintf(fp, "seed=%" PRIu64 "\npackets=%" PRIu64 "\nbytes=%" PRIu64
	    "\nflows=%" PRIu64 "\nconversations=%" PRIu64 "\ndns_lookups=%"
	    PRIu64 "\ntcp=%" PRIu64 "\nudp443=%" PRIu64 "\nipv6=%" PRIu64
	    "\nvlan=%" PRIu64 "\nlong_lived=%" PRIu64 "\nconcurrency=%"
	    PRIu64 "\nmax_live_conversations=%" PRIu64
	    "\nduration_s=%.1f\n", g->opts.seed, s->packets, s->bytes,
	    s->flows, s->convs, s->lookups, s->tcp, s->udp443, s->v6, s->vlan,
	    s->long_lived, g->opts.concurrency, s->max_live,
	    (double)g->now_us / 1e6);
}

int
main(int argc, char **argv)
{
	static struct gencap g;
	uint64_t i;
	FILE *fp;

	gencap_opts(&g, argc, argv);
	g.rng = g.opts.seed;
	for (i = 0; i < GC_POOL_SIZE; i += 8) {
		uint64_t r = gencap_rand(&g);

		memcpy(g.pool + i, &r, 8);
	}
	g.gap_us = 1e6 / g.opts.pps;
	g.flows_left = g.opts.flows;
	g.next_port = (uint16_t)(GC_PORT_LO + gencap_below(&g, 20000));
	g.slots = calloc(g.opts.concurrency, sizeof(*g.slots));
	if (g.slots == NULL || gencap_names_init(&g) == -1) {
		fprintf(stderr, "gencap: out of memory\n");
		return (1);
	}
	if (gencap_open(&g) == -1)
		return (1);
	gencap_run(&g);
	if (pcap_dump_flush(g.dumper) == -1) {
		fprintf(stderr, "gencap: %s: write failed\n", g.opts.out);
		return (1);
	}
	pcap_dump_close(g.dumper);
	if (g.opts.info != NULL) {
		fp = fopen(g.opts.info, "w");
		if (fp == NULL || (gencap_info(&g, fp), fclose(fp)) != 0) {
			fprintf(stderr, "gencap: %s: %s\n", g.opts.info,
			    strerror(errno));
			return (1);
		}
	}
	gencap_info(&g, stderr);
	return (0);
}
