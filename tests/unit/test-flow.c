/*
 * test-flow.c: flow keying and direction, counters, TCP state, idle
 * expiry by timeout class, and eviction when the table is full.
 */
#include <string.h>

#include "check.h"
#include "flow.h"

static unsigned ended;
static struct flow last_ended;

static void
on_end(struct flow *f, void *arg)
{
	(void)arg;
	ended++;
	last_ended = *f;
}

static struct pkt
mkpkt(const char *src, uint16_t sport, const char *dst, uint16_t dport,
    uint8_t proto, uint8_t flags, uint32_t ip_len, uint64_t ts_us)
{
	struct pkt p;

	memset(&p, 0, sizeof(p));
	addr_parse(&p.src, src);
	addr_parse(&p.dst, dst);
	p.sport = sport;
	p.dport = dport;
	p.proto = proto;
	p.tcp_flags = flags;
	p.ip_len = ip_len;
	p.ts_us = ts_us;
	p.frame = ts_us;
	return (p);
}

/* A SYN names the client; the SYN-ACK finds the same flow backwards. */
static void
test_handshake_direction(void)
{
	struct flow_table *t = flow_table_create(64, on_end, NULL);
	struct stats st;
	struct pkt syn = mkpkt("10.52.32.4", 50110, "10.52.8.4", 443,
	    PKT_PROTO_TCP, TCP_SYN, 60, 1);
	struct pkt sa = mkpkt("10.52.8.4", 443, "10.52.32.4", 50110,
	    PKT_PROTO_TCP, TCP_SYN | TCP_ACK, 60, 2);
	struct flow *f, *g;
	bool created, to_server;
	char a[ADDR_STRLEN];

	memset(&st, 0, sizeof(st));
	f = flow_lookup(t, &syn, &created, &to_server, &st);
	CHECK(f != NULL && created && to_server);
	flow_update(t, f, &syn, to_server);
	CHECK_INT(f->state, FLOW_S_SYN_SENT);
	g = flow_lookup(t, &sa, &created, &to_server, &st);
	CHECK(g == f && !created && !to_server);
	flow_update(t, g, &sa, to_server);
	CHECK_INT(f->state, FLOW_S_ESTABLISHED);
	CHECK_STR(addr_format(&f->cli, a), "10.52.32.4");
	CHECK_INT(f->cport, 50110);
	CHECK_INT(f->sport, 443);
	CHECK_INT(f->bytes_out, 60);
	CHECK_INT(f->bytes_in, 60);
	CHECK_INT(f->pkts_out, 1);
	CHECK_INT(f->first_frame, 1);
	CHECK_INT(st.flows, 1);
	flow_table_free(t);
}

/* Mid-connection: the side on the service port is the server, even when
 * the first packet seen comes from it. */
static void
test_midstream_direction(void)
{
	struct flow_table *t = flow_table_create(64, on_end, NULL);
	struct stats st;
	struct pkt p = mkpkt("20.42.65.92", 443, "10.52.32.4", 51514,
	    PKT_PROTO_TCP, TCP_ACK, 1500, 1);
	struct pkt both = mkpkt("10.0.0.1", 40000, "10.0.0.2", 50000,
	    PKT_PROTO_TCP, TCP_ACK, 52, 2);
	struct flow *f;
	bool created, to_server;
	char a[ADDR_STRLEN];

	memset(&st, 0, sizeof(st));
	f = flow_lookup(t, &p, &created, &to_server, &st);
	CHECK(created && !to_server);
	flow_update(t, f, &p, to_server);
	CHECK_STR(addr_format(&f->srv, a), "20.42.65.92");
	CHECK_INT(f->state, FLOW_S_MIDSTREAM);
	CHECK_INT(f->bytes_in, 1500);
	CHECK_INT(f->bytes_out, 0);
	/* Two ephemeral ports: the lower one serves, here the sender's. */
	f = flow_lookup(t, &both, &created, &to_server, &st);
	CHECK(created && !to_server);
	CHECK_INT(f->sport, 40000);
	CHECK_INT(f->cport, 50000);
	flow_table_free(t);
}

static void
test_udp_dns_direction(void)
{
	struct flow_table *t = flow_table_create(64, on_end, NULL);
	struct stats st;
	struct pkt ans = mkpkt("10.100.1.132", 53, "10.52.32.4", 40001,
	    PKT_PROTO_UDP, 0, 216, 1);
	struct flow *f;
	bool created, to_server;

	memset(&st, 0, sizeof(st));
	f = flow_lookup(t, &ans, &created, &to_server, &st);
	CHECK(created && !to_server);
	CHECK_INT(f->sport, 53);
	CHECK_INT(f->cport, 40001);
	CHECK_INT(f->state, FLOW_S_UDP);
	flow_table_free(t);
}

/* FIN both ways closes; a closed flow ends after 5 s, an open one lives
 * 300 s, UDP 60 s. */
static void
test_expiry_classes(void)
{
	struct flow_table *t = flow_table_create(64, on_end, NULL);
	struct stats st;
	struct pkt a = mkpkt("10.0.0.1", 40000, "10.0.0.9", 443,
	    PKT_PROTO_TCP, TCP_SYN, 60, 1000000);
	struct pkt b = mkpkt("10.0.0.2", 40000, "10.0.0.9", 443,
	    PKT_PROTO_TCP, TCP_SYN, 60, 1000000);
	struct pkt u = mkpkt("10.0.0.3", 40000, "10.0.0.9", 53,
	    PKT_PROTO_UDP, 0, 60, 1000000);
	struct pkt fin1, fin2;
	struct flow *f;
	bool created, to_server;

	memset(&st, 0, sizeof(st));
	ended = 0;
	f = flow_lookup(t, &a, &created, &to_server, &st);
	flow_update(t, f, &a, to_server);
	fin1 = mkpkt("10.0.0.1", 40000, "10.0.0.9", 443, PKT_PROTO_TCP,
	    TCP_FIN | TCP_ACK, 52, 2000000);
	fin2 = mkpkt("10.0.0.9", 443, "10.0.0.1", 40000, PKT_PROTO_TCP,
	    TCP_FIN | TCP_ACK, 52, 2000000);
	flow_update(t, f, &fin1, true);
	CHECK_INT(f->state, FLOW_S_CLOSING);
	flow_update(t, f, &fin2, false);
	CHECK_INT(f->state, FLOW_S_CLOSED);
	f = flow_lookup(t, &b, &created, &to_server, &st);
	flow_update(t, f, &b, to_server);
	f = flow_lookup(t, &u, &created, &to_server, &st);
	flow_update(t, f, &u, to_server);
	flow_expire(t, 2000000 + 5000001, &st);
	CHECK_INT(ended, 1);
	CHECK_INT(st.flows_expired, 1);
	flow_expire(t, 1000000 + 60000001, &st);
	CHECK_INT(ended, 2);
	CHECK_INT(last_ended.proto, PKT_PROTO_UDP);
	flow_expire(t, 1000000 + 300000001, &st);
	CHECK_INT(ended, 3);
	CHECK_INT(flow_count(t), 0);
	flow_table_free(t);
}

/* A full table evicts its least recent flow, counts it, and reports it. */
static void
test_eviction(void)
{
	struct flow_table *t = flow_table_create(16, on_end, NULL);
	struct stats st;
	struct flow *f;
	bool created, to_server;
	struct pkt p;
	unsigned i;

	memset(&st, 0, sizeof(st));
	ended = 0;
	for (i = 0; i < 17; i++) {
		p = mkpkt("10.0.0.1", (uint16_t)(40000 + i), "10.0.0.9", 443,
		    PKT_PROTO_TCP, TCP_SYN, 60, 1000 + i);
		f = flow_lookup(t, &p, &created, &to_server, &st);
		CHECK(f != NULL && created);
		flow_update(t, f, &p, to_server);
	}
	CHECK_INT(flow_count(t), 16);
	CHECK_INT(st.flows_evicted, 1);
	CHECK_INT(ended, 1);
	CHECK_INT(last_ended.cport, 40000);
	flow_flush(t);
	CHECK_INT(ended, 17);
	flow_table_free(t);
}

int
main(void)
{
	TEST(test_handshake_direction);
	TEST(test_midstream_direction);
	TEST(test_udp_dns_direction);
	TEST(test_expiry_classes);
	TEST(test_eviction);
	return (CHECK_DONE());
}
