#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pcap/dlt.h>

#include "check.h"
#include "decode.h"

/*
 * test-decode.c: decode.c over frames built by tests/unit/decode-packets.py
 * (scapy; tshark agrees on every field asserted here), plus copies of them
 * patched to be truncated, malformed or stacked deeper.
 */

/* eth_tcp: DLT 1, 81 bytes */
static const uint8_t eth_tcp[] = {
	0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01,
	0x08, 0x00, 0x46, 0x00, 0x00, 0x43, 0x00, 0x01, 0x00, 0x00, 0x40, 0x06,
	0x18, 0x29, 0x0a, 0x00, 0x00, 0x05, 0x14, 0x2a, 0x41, 0x5c, 0x01, 0x01,
	0x01, 0x00, 0xc0, 0x00, 0x01, 0xbb, 0x01, 0x02, 0x03, 0x04, 0x00, 0x00,
	0x00, 0x00, 0x80, 0x18, 0x20, 0x00, 0x9a, 0xd6, 0x00, 0x00, 0x02, 0x04,
	0x05, 0xb4, 0x01, 0x03, 0x03, 0x07, 0x01, 0x01, 0x01, 0x01, 0x68, 0x65,
	0x6c, 0x6c, 0x6f, 0x20, 0x77, 0x6f, 0x72, 0x6c, 0x64,
};

/* vlan_udp: DLT 1, 56 bytes */
static const uint8_t vlan_udp[] = {
	0x02, 0xfc, 0x00, 0x00, 0x00, 0x05, 0x02, 0xfc, 0x00, 0x00, 0x00, 0x01,
	0x81, 0x00, 0x00, 0x64, 0x08, 0x00, 0x45, 0x00, 0x00, 0x26, 0x00, 0x01,
	0x00, 0x00, 0x40, 0x11, 0x47, 0x72, 0x0a, 0x00, 0x00, 0x05, 0xa8, 0x3f,
	0x81, 0x10, 0x9c, 0x40, 0x00, 0x35, 0x00, 0x12, 0x2a, 0xf6, 0x30, 0x31,
	0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39,
};

/* qinq_v6: DLT 1, 82 bytes */
static const uint8_t qinq_v6[] = {
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02, 0xfc, 0x00, 0x00, 0x00, 0x01,
	0x88, 0xa8, 0x00, 0xc8, 0x81, 0x00, 0x01, 0x2c, 0x86, 0xdd, 0x60, 0x00,
	0x00, 0x00, 0x00, 0x14, 0x06, 0x40, 0xfd, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x20, 0x01,
	0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x04, 0x43, 0xc3, 0x50, 0x01, 0xbb, 0x00, 0x00, 0x00, 0x07, 0x00, 0x00,
	0x00, 0x00, 0x50, 0x02, 0x20, 0x00, 0x9b, 0xce, 0x00, 0x00,
};

/* sll_udp: DLT 113, 47 bytes */
static const uint8_t sll_udp[] = {
	0x00, 0x04, 0x00, 0x01, 0x00, 0x06, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01,
	0x00, 0x00, 0x08, 0x00, 0x45, 0x00, 0x00, 0x1f, 0x00, 0x01, 0x00, 0x00,
	0x40, 0x11, 0x1b, 0x43, 0x0a, 0x00, 0x00, 0x05, 0x14, 0x2a, 0x41, 0x5c,
	0x04, 0xd2, 0x16, 0x2e, 0x00, 0x0b, 0xc0, 0xea, 0x61, 0x62, 0x63,
};

/* sll2_tcp: DLT 276, 62 bytes */
static const uint8_t sll2_tcp[] = {
	0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01, 0x00, 0x06,
	0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x45, 0x00, 0x00, 0x2a,
	0x00, 0x01, 0x00, 0x00, 0x40, 0x06, 0x1b, 0x43, 0x14, 0x2a, 0x41, 0x5c,
	0x0a, 0x00, 0x00, 0x05, 0x01, 0xbb, 0xc0, 0x00, 0xff, 0xff, 0xff, 0xf0,
	0x00, 0x00, 0x00, 0x00, 0x50, 0x11, 0x20, 0x00, 0xf6, 0x20, 0x00, 0x00,
	0x78, 0x79,
};

/* raw_v4_udp: DLT 12, 48 bytes */
static const uint8_t raw_v4_udp[] = {
	0x45, 0x00, 0x00, 0x30, 0x00, 0x01, 0x00, 0x00, 0x40, 0x11, 0x1b, 0x32,
	0x0a, 0x00, 0x00, 0x05, 0x14, 0x2a, 0x41, 0x5c, 0x00, 0x35, 0x82, 0x35,
	0x00, 0x1c, 0x31, 0xd5, 0x64, 0x64, 0x64, 0x64, 0x64, 0x64, 0x64, 0x64,
	0x64, 0x64, 0x64, 0x64, 0x64, 0x64, 0x64, 0x64, 0x64, 0x64, 0x64, 0x64,
};

/* raw_v6_frag0: DLT 12, 88 bytes */
static const uint8_t raw_v6_frag0[] = {
	0x60, 0x00, 0x00, 0x00, 0x00, 0x30, 0x00, 0x40, 0xfd, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05,
	0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x04, 0x43, 0x3c, 0x00, 0x01, 0x04, 0x00, 0x00, 0x00, 0x00,
	0x2c, 0x00, 0x01, 0x04, 0x00, 0x00, 0x00, 0x00, 0x11, 0x00, 0x00, 0x01,
	0x00, 0x00, 0x12, 0x34, 0x11, 0x94, 0x11, 0x95, 0x00, 0x48, 0x00, 0x00,
	0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
	0x66, 0x66, 0x66, 0x66,
};

/* raw_v6_frag1: DLT 12, 112 bytes */
static const uint8_t raw_v6_frag1[] = {
	0x60, 0x00, 0x00, 0x00, 0x00, 0x48, 0x00, 0x40, 0xfd, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05,
	0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x04, 0x43, 0x3c, 0x00, 0x01, 0x04, 0x00, 0x00, 0x00, 0x00,
	0x2c, 0x00, 0x01, 0x04, 0x00, 0x00, 0x00, 0x00, 0x11, 0x00, 0x00, 0x18,
	0x00, 0x00, 0x12, 0x34, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
	0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
	0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
	0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
	0x66, 0x66, 0x66, 0x66,
};

/* eth_arp: DLT 1, 42 bytes */
static const uint8_t eth_arp[] = {
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02, 0xfc, 0x00, 0x00, 0x00, 0x01,
	0x08, 0x06, 0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x01, 0x02, 0xfc,
	0x00, 0x00, 0x00, 0x01, 0x0a, 0x00, 0x00, 0x05, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x14, 0x2a, 0x41, 0x5c,
};

/* eth_icmp: DLT 1, 42 bytes */
static const uint8_t eth_icmp[] = {
	0x02, 0xfc, 0x00, 0x00, 0x00, 0x05, 0x02, 0xfc, 0x00, 0x00, 0x00, 0x01,
	0x08, 0x00, 0x45, 0x00, 0x00, 0x1c, 0x00, 0x01, 0x00, 0x00, 0x40, 0x01,
	0x1b, 0x56, 0x0a, 0x00, 0x00, 0x05, 0x14, 0x2a, 0x41, 0x5c, 0x08, 0x00,
	0xf7, 0xff, 0x00, 0x00, 0x00, 0x00,
};

/* eth_v4_frag1: DLT 1, 58 bytes */
static const uint8_t eth_v4_frag1[] = {
	0x02, 0xfc, 0x00, 0x00, 0x00, 0x05, 0x02, 0xfc, 0x00, 0x00, 0x00, 0x01,
	0x08, 0x00, 0x45, 0x00, 0x00, 0x2c, 0x00, 0x01, 0x00, 0xb9, 0x40, 0x11,
	0x1a, 0x7d, 0x0a, 0x00, 0x00, 0x05, 0x14, 0x2a, 0x41, 0x5c, 0x7a, 0x7a,
	0x7a, 0x7a, 0x7a, 0x7a, 0x7a, 0x7a, 0x7a, 0x7a, 0x7a, 0x7a, 0x7a, 0x7a,
	0x7a, 0x7a, 0x7a, 0x7a, 0x7a, 0x7a, 0x7a, 0x7a, 0x7a, 0x7a,
};

/* eth_v4_frag0: DLT 1, 74 bytes */
static const uint8_t eth_v4_frag0[] = {
	0x02, 0xfc, 0x00, 0x00, 0x00, 0x05, 0x02, 0xfc, 0x00, 0x00, 0x00, 0x01,
	0x08, 0x00, 0x45, 0x00, 0x00, 0x3c, 0x00, 0x01, 0x20, 0x00, 0x40, 0x11,
	0xfb, 0x25, 0x0a, 0x00, 0x00, 0x05, 0x14, 0x2a, 0x41, 0x5c, 0x01, 0xf4,
	0x11, 0x94, 0x03, 0xf0, 0x00, 0x00, 0x67, 0x67, 0x67, 0x67, 0x67, 0x67,
	0x67, 0x67, 0x67, 0x67, 0x67, 0x67, 0x67, 0x67, 0x67, 0x67, 0x67, 0x67,
	0x67, 0x67, 0x67, 0x67, 0x67, 0x67, 0x67, 0x67, 0x67, 0x67, 0x67, 0x67,
	0x67, 0x67,
};

static struct stats st;
static struct pkt pk;
static uint8_t buf[512];

#define IP6_DSTOPTS_NH	60

#define CHECK_ADDR(a, want) do {					\
	char ab_[ADDR_STRLEN];						\
	CHECK_STR(addr_format((a), ab_), (want));			\
} while (0)

/* Decodes with fresh counters and checks the result and its counter. */
#define EXPECT(dlt, b, len, want) do {					\
	CHECK_INT(run((dlt), (b), (len)), (want));			\
	check_counted(want);						\
} while (0)

/* Exactly one counter moved, the one that belongs to res. */
static void
check_counted(enum decode_result res)
{
	uint64_t sum, want[6] = { 0 };

	want[res] = 1;
	sum = st.not_ip + st.other_l4 + st.fragments + st.truncated +
	    st.malformed;
	CHECK_INT(sum, res == DECODE_OK ? 0 : 1);
	CHECK_INT(st.not_ip, want[DECODE_NOT_IP]);
	CHECK_INT(st.other_l4, want[DECODE_OTHER_L4]);
	CHECK_INT(st.fragments, want[DECODE_FRAGMENT]);
	CHECK_INT(st.truncated, want[DECODE_TRUNCATED]);
	CHECK_INT(st.malformed, want[DECODE_MALFORMED]);
	CHECK_INT(st.decoded, 0);
	CHECK_INT(st.packets, 0);
}

/* Decodes into a struct pkt full of garbage, as a reused one would be. */
static enum decode_result
run(int dlt, const uint8_t *b, size_t len)
{
	memset(&st, 0, sizeof(st));
	memset(&pk, 0xa5, sizeof(pk));
	return (decode_packet(dlt, b, (uint32_t)len, &pk, &st));
}

/* The payload is exactly these bytes (a string's, without its NUL). */
static int
payload_is(const char *want)
{
	size_t n = strlen(want);

	return (pk.payload != NULL && pk.payload_len == n &&
	    memcmp(pk.payload, want, n) == 0);
}

/* Copies a frame into buf, behind an optional prefix. */
static size_t
put(const uint8_t *pre, size_t plen, const uint8_t *b, size_t len)
{
	memcpy(buf, pre, plen);
	memcpy(buf + plen, b, len);
	return (plen + len);
}

static void
test_linktypes(void)
{
	char name[64], small[8];
	int ok[] = { DLT_NULL, DLT_EN10MB, DLT_RAW, 101, DLT_LOOP,
	    DLT_LINUX_SLL, DLT_IPV4, DLT_IPV6, DLT_LINUX_SLL2 };
	int no[] = { -1, DLT_IEEE802_11, DLT_PPP, 147, 14, 9999 };
	size_t i;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		CHECK(decode_linktype_supported(ok[i]));
	for (i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		CHECK(!decode_linktype_supported(no[i]));
	CHECK_INT(DLT_RAW, 12);
	CHECK_STR(decode_linktype_name(DLT_EN10MB, name, sizeof(name)),
	    "DLT_EN10MB (1)");
	CHECK_STR(decode_linktype_name(105, name, sizeof(name)),
	    "DLT_IEEE802_11 (105)");
	CHECK_STR(decode_linktype_name(276, name, sizeof(name)),
	    "DLT_LINUX_SLL2 (276)");
	CHECK_STR(decode_linktype_name(101, name, sizeof(name)),
	    "LINKTYPE_RAW (101)");
	CHECK_STR(decode_linktype_name(9999, name, sizeof(name)),
	    "unknown link type (9999)");
	CHECK_STR(decode_linktype_name(DLT_EN10MB, small, sizeof(small)),
	    "DLT_EN1");
}

static void
test_eth_tcp(void)
{
	EXPECT(DLT_EN10MB, eth_tcp, sizeof(eth_tcp), DECODE_OK);
	CHECK_ADDR(&pk.src, "10.0.0.5");
	CHECK_ADDR(&pk.dst, "20.42.65.92");
	CHECK_INT(pk.src.family, ADDR_V4);
	CHECK_INT(pk.ip_len, 67);
	CHECK_INT(pk.proto, PKT_PROTO_TCP);
	CHECK_INT(pk.vlan, 0);
	CHECK_INT(pk.sport, 49152);
	CHECK_INT(pk.dport, 443);
	CHECK_INT(pk.tcp_flags, TCP_PSH | TCP_ACK);
	CHECK_INT(pk.tcp_seq, 0x01020304);
	CHECK_INT(pk.payload_len, 11);
	/* 14 Ethernet + 24 IPv4 with options + 32 TCP with options */
	CHECK(pk.payload == eth_tcp + 70);
	CHECK(payload_is("hello world"));
}

/* Ethernet pads short frames; the IP total length must cut it off. */
static void
test_eth_padding(void)
{
	static const uint8_t pad[8];
	size_t n;

	n = put(eth_tcp, sizeof(eth_tcp), pad, sizeof(pad));
	EXPECT(DLT_EN10MB, buf, n, DECODE_OK);
	CHECK_INT(pk.payload_len, 11);
	CHECK_INT(pk.ip_len, 67);
	n = put(vlan_udp, sizeof(vlan_udp), pad, sizeof(pad));
	EXPECT(DLT_EN10MB, buf, n, DECODE_OK);
	CHECK_INT(pk.payload_len, 10);
}

static void
test_vlan(void)
{
	EXPECT(DLT_EN10MB, vlan_udp, sizeof(vlan_udp), DECODE_OK);
	CHECK_INT(pk.vlan, 100);
	CHECK_ADDR(&pk.src, "10.0.0.5");
	CHECK_ADDR(&pk.dst, "168.63.129.16");
	CHECK_INT(pk.proto, PKT_PROTO_UDP);
	CHECK_INT(pk.ip_len, 38);
	CHECK_INT(pk.sport, 40000);
	CHECK_INT(pk.dport, 53);
	CHECK_INT(pk.tcp_flags, 0);
	CHECK_INT(pk.payload_len, 10);
	CHECK(pk.payload == vlan_udp + 46);
	CHECK(payload_is("0123456789"));
	/* The priority and DEI bits are not part of the VID. */
	memcpy(buf, vlan_udp, sizeof(vlan_udp));
	buf[14] = 0xf0;
	EXPECT(DLT_EN10MB, buf, sizeof(vlan_udp), DECODE_OK);
	CHECK_INT(pk.vlan, 100);
}

static void
check_qinq(void)
{
	CHECK_INT(pk.vlan, 300);
	CHECK_INT(pk.src.family, ADDR_V6);
	CHECK_ADDR(&pk.src, "fd00::5");
	CHECK_ADDR(&pk.dst, "2001:db8::443");
	CHECK_INT(pk.ip_len, 60);
	CHECK_INT(pk.proto, PKT_PROTO_TCP);
	CHECK_INT(pk.sport, 50000);
	CHECK_INT(pk.dport, 443);
	CHECK_INT(pk.tcp_flags, TCP_SYN);
	CHECK_INT(pk.tcp_seq, 7);
	CHECK_INT(pk.payload_len, 0);
}

static void
test_qinq(void)
{
	EXPECT(DLT_EN10MB, qinq_v6, sizeof(qinq_v6), DECODE_OK);
	check_qinq();
	memcpy(buf, qinq_v6, sizeof(qinq_v6));
	buf[12] = 0x91;
	buf[13] = 0x00;
	EXPECT(DLT_EN10MB, buf, sizeof(qinq_v6), DECODE_OK);
	check_qinq();
	buf[12] = 0x81;
	EXPECT(DLT_EN10MB, buf, sizeof(qinq_v6), DECODE_OK);
	check_qinq();
	/* The outer tag followed by ARP: no IP inside. */
	buf[16] = 0x08;
	buf[17] = 0x06;
	EXPECT(DLT_EN10MB, buf, sizeof(qinq_v6), DECODE_NOT_IP);
}

/* Stacks n 802.1Q tags (VIDs 1..n) in front of raw_v4_udp. */
static size_t
stack_tags(int n)
{
	size_t off = 12;
	int i;

	memset(buf, 0x02, 12);
	for (i = 1; i <= n; i++) {
		buf[off++] = 0x81;
		buf[off++] = 0x00;
		buf[off++] = 0x00;
		buf[off++] = (uint8_t)i;
	}
	buf[off++] = 0x08;
	buf[off++] = 0x00;
	memcpy(buf + off, raw_v4_udp, sizeof(raw_v4_udp));
	return (off + sizeof(raw_v4_udp));
}

static void
test_vlan_depth(void)
{
	size_t n;

	n = stack_tags(8);
	EXPECT(DLT_EN10MB, buf, n, DECODE_OK);
	CHECK_INT(pk.vlan, 8);
	CHECK_INT(pk.dport, 33333);
	n = stack_tags(9);
	EXPECT(DLT_EN10MB, buf, n, DECODE_MALFORMED);
}

static void
test_sll(void)
{
	EXPECT(DLT_LINUX_SLL, sll_udp, sizeof(sll_udp), DECODE_OK);
	CHECK_ADDR(&pk.src, "10.0.0.5");
	CHECK_ADDR(&pk.dst, "20.42.65.92");
	CHECK_INT(pk.ip_len, 31);
	CHECK_INT(pk.proto, PKT_PROTO_UDP);
	CHECK_INT(pk.sport, 1234);
	CHECK_INT(pk.dport, 5678);
	CHECK_INT(pk.payload_len, 3);
	CHECK(pk.payload == sll_udp + 44);
	/* The same bytes as SLL2 put 0x0004 where the protocol goes. */
	EXPECT(DLT_LINUX_SLL2, sll_udp, sizeof(sll_udp), DECODE_NOT_IP);
}

static void
test_sll2(void)
{
	EXPECT(DLT_LINUX_SLL2, sll2_tcp, sizeof(sll2_tcp), DECODE_OK);
	CHECK_ADDR(&pk.src, "20.42.65.92");
	CHECK_ADDR(&pk.dst, "10.0.0.5");
	CHECK_INT(pk.ip_len, 42);
	CHECK_INT(pk.sport, 443);
	CHECK_INT(pk.dport, 49152);
	CHECK_INT(pk.tcp_flags, TCP_FIN | TCP_ACK);
	CHECK_INT(pk.tcp_seq, 0xfffffff0u);
	CHECK_INT(pk.payload_len, 2);
	CHECK(pk.payload == sll2_tcp + 60);
	CHECK(payload_is("xy"));
}

static void
check_raw_v4(void)
{
	CHECK_ADDR(&pk.src, "10.0.0.5");
	CHECK_ADDR(&pk.dst, "20.42.65.92");
	CHECK_INT(pk.ip_len, 48);
	CHECK_INT(pk.proto, PKT_PROTO_UDP);
	CHECK_INT(pk.sport, 53);
	CHECK_INT(pk.dport, 33333);
	CHECK_INT(pk.payload_len, 20);
	CHECK(pk.payload == raw_v4_udp + 28);
}

static void
test_raw(void)
{
	int dlts[] = { DLT_RAW, 101, DLT_IPV4, DLT_IPV6 };
	size_t i;

	for (i = 0; i < sizeof(dlts) / sizeof(dlts[0]); i++) {
		EXPECT(dlts[i], raw_v4_udp, sizeof(raw_v4_udp), DECODE_OK);
		check_raw_v4();
	}
	memset(&st, 0, sizeof(st));
	CHECK_INT(decode_ip(raw_v4_udp, sizeof(raw_v4_udp), &pk, &st),
	    DECODE_OK);
	check_raw_v4();
	check_counted(DECODE_OK);
	memset(&st, 0, sizeof(st));
	CHECK_INT(decode_ip(eth_tcp, sizeof(eth_tcp), &pk, &st),
	    DECODE_MALFORMED);
	check_counted(DECODE_MALFORMED);
	memset(&st, 0, sizeof(st));
	CHECK_INT(decode_ip(raw_v4_udp, 0, &pk, &st), DECODE_TRUNCATED);
	check_counted(DECODE_TRUNCATED);
}

static void
test_v6_fragments(void)
{
	/* HBH 8 + DST 8 + FRAG 8, then 8 of UDP header and 16 of its 64. */
	EXPECT(DLT_RAW, raw_v6_frag0, sizeof(raw_v6_frag0), DECODE_OK);
	CHECK_ADDR(&pk.src, "fd00::5");
	CHECK_ADDR(&pk.dst, "2001:db8::443");
	CHECK_INT(pk.ip_len, 88);
	CHECK_INT(pk.proto, PKT_PROTO_UDP);
	CHECK_INT(pk.sport, 4500);
	CHECK_INT(pk.dport, 4501);
	CHECK_INT(pk.payload_len, 16);
	CHECK(pk.payload == raw_v6_frag0 + 72);
	EXPECT(DLT_RAW, raw_v6_frag1, sizeof(raw_v6_frag1), DECODE_FRAGMENT);
	CHECK_ADDR(&pk.src, "fd00::5");
	CHECK_INT(pk.ip_len, 112);
	CHECK_INT(pk.sport, 0);
	CHECK(pk.payload == NULL);
	/* Offset 1, the lowest bit of the field. */
	memcpy(buf, raw_v6_frag1, sizeof(raw_v6_frag1));
	buf[59] = 0x08;
	EXPECT(DLT_RAW, buf, sizeof(raw_v6_frag1), DECODE_FRAGMENT);
	/* Without M set, the 72-byte UDP length overruns the packet. */
	memcpy(buf, raw_v6_frag0, sizeof(raw_v6_frag0));
	buf[59] = 0x00;
	EXPECT(DLT_RAW, buf, sizeof(raw_v6_frag0), DECODE_MALFORMED);
	/* With the UDP length matching, an atomic fragment is plain UDP. */
	buf[69] = 24;
	EXPECT(DLT_RAW, buf, sizeof(raw_v6_frag0), DECODE_OK);
	CHECK_INT(pk.payload_len, 16);
}

static void
test_v4_fragments(void)
{
	EXPECT(DLT_EN10MB, eth_v4_frag1, sizeof(eth_v4_frag1),
	    DECODE_FRAGMENT);
	CHECK_ADDR(&pk.dst, "20.42.65.92");
	CHECK_INT(pk.ip_len, 44);
	CHECK_INT(pk.dport, 0);
	/* The highest and the lowest offset bits, MF clear. */
	memcpy(buf, eth_v4_frag1, sizeof(eth_v4_frag1));
	buf[20] = 0x10;
	buf[21] = 0x00;
	EXPECT(DLT_EN10MB, buf, sizeof(eth_v4_frag1), DECODE_FRAGMENT);
	buf[20] = 0x00;
	buf[21] = 0x01;
	EXPECT(DLT_EN10MB, buf, sizeof(eth_v4_frag1), DECODE_FRAGMENT);
	EXPECT(DLT_EN10MB, eth_v4_frag0, sizeof(eth_v4_frag0), DECODE_OK);
	CHECK_INT(pk.ip_len, 60);
	CHECK_INT(pk.sport, 500);
	CHECK_INT(pk.dport, 4500);
	CHECK_INT(pk.payload_len, 32);
	CHECK(pk.payload == eth_v4_frag0 + 42);
	/* The same bytes without MF: UDP says 1008, IP holds 40. */
	memcpy(buf, eth_v4_frag0, sizeof(eth_v4_frag0));
	buf[20] = 0x00;
	EXPECT(DLT_EN10MB, buf, sizeof(eth_v4_frag0), DECODE_MALFORMED);
	/* DF alone is no fragment. */
	buf[20] = 0x40;
	buf[38] = 0x00;
	buf[39] = 40;
	EXPECT(DLT_EN10MB, buf, sizeof(eth_v4_frag0), DECODE_OK);
	CHECK_INT(pk.payload_len, 32);
	/* A first fragment may not hide a UDP length below 8. */
	buf[20] = 0x20;
	buf[39] = 4;
	EXPECT(DLT_EN10MB, buf, sizeof(eth_v4_frag0), DECODE_MALFORMED);
}

/* Raw IPv6 out of qinq_v6: 40 of header and 20 of TCP. */
#define QINQ_IP6	(qinq_v6 + 22)
#define QINQ_IP6_LEN	(sizeof(qinq_v6) - 22)

static void
test_null(void)
{
	static const uint8_t le4[] = { 2, 0, 0, 0 }, be4[] = { 0, 0, 0, 2 };
	static const uint8_t af6[][4] = { { 10, 0, 0, 0 }, { 0, 0, 0, 10 },
	    { 24, 0, 0, 0 }, { 0, 0, 0, 28 }, { 30, 0, 0, 0 },
	    { 0, 0, 0, 30 } };
	static const uint8_t other[] = { 7, 0, 0, 0 };
	size_t i, n;

	n = put(le4, 4, raw_v4_udp, sizeof(raw_v4_udp));
	EXPECT(DLT_NULL, buf, n, DECODE_OK);
	CHECK_INT(pk.dport, 33333);
	CHECK(pk.payload == buf + 32);
	/* DLT_LOOP is always big-endian: 2 little-endian is 0x02000000. */
	EXPECT(DLT_LOOP, buf, n, DECODE_NOT_IP);
	n = put(be4, 4, raw_v4_udp, sizeof(raw_v4_udp));
	EXPECT(DLT_NULL, buf, n, DECODE_OK);
	CHECK_INT(pk.sport, 53);
	EXPECT(DLT_LOOP, buf, n, DECODE_OK);
	CHECK_INT(pk.payload_len, 20);
	for (i = 0; i < sizeof(af6) / sizeof(af6[0]); i++) {
		n = put(af6[i], 4, QINQ_IP6, QINQ_IP6_LEN);
		EXPECT(DLT_NULL, buf, n, DECODE_OK);
		CHECK_ADDR(&pk.dst, "2001:db8::443");
		CHECK_INT(pk.tcp_flags, TCP_SYN);
	}
	n = put(other, 4, raw_v4_udp, sizeof(raw_v4_udp));
	EXPECT(DLT_NULL, buf, n, DECODE_NOT_IP);
	EXPECT(DLT_NULL, buf, 3, DECODE_TRUNCATED);
}

static void
test_not_ip(void)
{
	static const uint8_t llc[] = { 0x00, 0x26, 0x42, 0x42, 0x03 };
	size_t n;

	/* A decoded packet first, so stale fields would show. */
	EXPECT(DLT_EN10MB, vlan_udp, sizeof(vlan_udp), DECODE_OK);
	memset(&st, 0, sizeof(st));
	CHECK_INT(decode_packet(DLT_EN10MB, eth_arp, sizeof(eth_arp), &pk,
	    &st), DECODE_NOT_IP);
	check_counted(DECODE_NOT_IP);
	CHECK_INT(pk.vlan, 0);
	CHECK_INT(pk.sport, 0);
	CHECK_INT(pk.src.family, 0);
	CHECK(pk.payload == NULL);
	CHECK_INT(pk.payload_len, 0);
	/* An 802.3 length field with LLC (spanning tree), not an EtherType. */
	n = put(eth_arp, 12, llc, sizeof(llc));
	EXPECT(DLT_EN10MB, buf, n, DECODE_NOT_IP);
}

static void
test_other_l4(void)
{
	EXPECT(DLT_EN10MB, eth_icmp, sizeof(eth_icmp), DECODE_OTHER_L4);
	CHECK_ADDR(&pk.src, "10.0.0.5");
	CHECK_INT(pk.ip_len, 28);
	CHECK_INT(pk.proto, 1);
	CHECK_INT(pk.sport, 0);
	/* IPv6 "no next header" (59) with nothing after it. */
	memcpy(buf, QINQ_IP6, 40);
	buf[4] = 0;
	buf[5] = 0;
	buf[6] = 59;
	EXPECT(DLT_RAW, buf, 40, DECODE_OTHER_L4);
	CHECK_INT(pk.ip_len, 40);
}

struct cut_case {
	const char	*name;
	int		 dlt;
	const uint8_t	*b;
	size_t		 len;
	size_t		 whole;		/* first length with the full result */
	enum decode_result want;	/* the result from whole on */
};

/* Every prefix shorter than whole is truncated; none crashes. */
static void
test_every_cut(void)
{
	static const struct cut_case cases[] = {
	    { "eth_tcp", 1, eth_tcp, sizeof(eth_tcp), 81, DECODE_OK },
	    { "vlan_udp", 1, vlan_udp, sizeof(vlan_udp), 56, DECODE_OK },
	    { "qinq_v6", 1, qinq_v6, sizeof(qinq_v6), 82, DECODE_OK },
	    { "sll_udp", 113, sll_udp, sizeof(sll_udp), 47, DECODE_OK },
	    { "sll2_tcp", 276, sll2_tcp, sizeof(sll2_tcp), 62, DECODE_OK },
	    { "raw_v4_udp", 12, raw_v4_udp, sizeof(raw_v4_udp), 48,
		DECODE_OK },
	    { "raw_v6_frag0", 12, raw_v6_frag0, sizeof(raw_v6_frag0), 88,
		DECODE_OK },
	    /* 40 + 8 + 8 + 8: the fragment header says it is not first. */
	    { "raw_v6_frag1", 12, raw_v6_frag1, sizeof(raw_v6_frag1), 64,
		DECODE_FRAGMENT },
	    { "eth_v4_frag0", 1, eth_v4_frag0, sizeof(eth_v4_frag0), 74,
		DECODE_OK },
	    { "eth_v4_frag1", 1, eth_v4_frag1, sizeof(eth_v4_frag1), 34,
		DECODE_FRAGMENT },
	    { "eth_icmp", 1, eth_icmp, sizeof(eth_icmp), 34,
		DECODE_OTHER_L4 },
	    { "eth_arp", 1, eth_arp, sizeof(eth_arp), 14, DECODE_NOT_IP },
	};
	const struct cut_case *c;
	enum decode_result res, want;
	size_t i, n;
	int bad;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		c = &cases[i];
		bad = 0;
		for (n = 0; n <= c->len; n++) {
			/* A fresh copy, so ASan sees a read past n. */
			uint8_t *copy = malloc(n ? n : 1);

			memcpy(copy, c->b, n);
			want = n < c->whole ? DECODE_TRUNCATED : c->want;
			res = run(c->dlt, copy, n);
			if (res != want) {
				fprintf(stderr, "%s cut at %zu: %d, want %d\n",
				    c->name, n, (int)res, (int)want);
				bad++;
			}
			check_counted(want);
			if (res == DECODE_TRUNCATED &&
			    pk.payload != NULL && pk.payload_len > 0)
				CHECK(pk.payload + pk.payload_len <=
				    copy + n);
			free(copy);
		}
		CHECK_INT(bad, 0);
	}
}

/* Headers whole but the payload cut: fields filled, payload clipped. */
static void
test_snaplen(void)
{
	EXPECT(DLT_EN10MB, eth_tcp, 75, DECODE_TRUNCATED);
	CHECK_INT(pk.ip_len, 67);
	CHECK_INT(pk.sport, 49152);
	CHECK_INT(pk.tcp_flags, TCP_PSH | TCP_ACK);
	CHECK_INT(pk.payload_len, 5);
	CHECK(payload_is("hello"));
	EXPECT(DLT_EN10MB, vlan_udp, 50, DECODE_TRUNCATED);
	CHECK_INT(pk.ip_len, 38);
	CHECK_INT(pk.dport, 53);
	CHECK_INT(pk.payload_len, 4);
	EXPECT(DLT_RAW, raw_v6_frag0, 80, DECODE_TRUNCATED);
	CHECK_INT(pk.sport, 4500);
	CHECK_INT(pk.payload_len, 8);
	/* Cut inside the TCP options: addresses known, ports not trusted. */
	EXPECT(DLT_EN10MB, eth_tcp, 60, DECODE_TRUNCATED);
	CHECK_ADDR(&pk.src, "10.0.0.5");
	CHECK(pk.payload == NULL);
}

static void
test_malformed_ipv4(void)
{
	memcpy(buf, raw_v4_udp, sizeof(raw_v4_udp));
	buf[0] = 0x43;				/* IHL 3 */
	EXPECT(DLT_RAW, buf, sizeof(raw_v4_udp), DECODE_MALFORMED);
	buf[0] = 0x44;				/* IHL 4 */
	EXPECT(DLT_RAW, buf, sizeof(raw_v4_udp), DECODE_MALFORMED);
	buf[0] = 0x45;
	buf[3] = 19;				/* total length < 20 */
	EXPECT(DLT_RAW, buf, sizeof(raw_v4_udp), DECODE_MALFORMED);
	buf[3] = 0;
	EXPECT(DLT_RAW, buf, sizeof(raw_v4_udp), DECODE_MALFORMED);
	buf[3] = 22;				/* IHL 6 with total 22 */
	buf[0] = 0x46;
	EXPECT(DLT_RAW, buf, sizeof(raw_v4_udp), DECODE_MALFORMED);
	/* Version 4 in the EtherType, 6 in the header. */
	memcpy(buf, eth_tcp, sizeof(eth_tcp));
	buf[14] = 0x66;
	EXPECT(DLT_EN10MB, buf, sizeof(eth_tcp), DECODE_MALFORMED);
	buf[14] = 0x56;
	EXPECT(DLT_EN10MB, buf, sizeof(eth_tcp), DECODE_MALFORMED);
}

static void
test_malformed_l4(void)
{
	memcpy(buf, eth_tcp, sizeof(eth_tcp));
	buf[50] = 0x20;				/* TCP data offset 2 */
	EXPECT(DLT_EN10MB, buf, sizeof(eth_tcp), DECODE_MALFORMED);
	CHECK(pk.payload == NULL);
	buf[50] = 0x40;				/* 4, in a cut capture too */
	EXPECT(DLT_EN10MB, buf, 75, DECODE_MALFORMED);
	buf[50] = 0xf0;				/* 60 bytes, IP holds 43 */
	EXPECT(DLT_EN10MB, buf, sizeof(eth_tcp), DECODE_MALFORMED);
	buf[50] = 0x50;				/* options become payload */
	EXPECT(DLT_EN10MB, buf, sizeof(eth_tcp), DECODE_OK);
	CHECK_INT(pk.payload_len, 23);
	memcpy(buf, raw_v4_udp, sizeof(raw_v4_udp));
	buf[25] = 4;				/* UDP length 4 */
	EXPECT(DLT_RAW, buf, sizeof(raw_v4_udp), DECODE_MALFORMED);
	buf[25] = 29;				/* one more than IP holds */
	EXPECT(DLT_RAW, buf, sizeof(raw_v4_udp), DECODE_MALFORMED);
	buf[25] = 20;				/* less: the rest is ignored */
	EXPECT(DLT_RAW, buf, sizeof(raw_v4_udp), DECODE_OK);
	CHECK_INT(pk.payload_len, 12);
	buf[25] = 8;
	EXPECT(DLT_RAW, buf, sizeof(raw_v4_udp), DECODE_OK);
	CHECK_INT(pk.payload_len, 0);
	/* An IP total length that leaves no room for the UDP header. */
	memcpy(buf, raw_v4_udp, sizeof(raw_v4_udp));
	buf[3] = 24;
	EXPECT(DLT_RAW, buf, sizeof(raw_v4_udp), DECODE_MALFORMED);
}

/* Builds IPv6 + n destination options headers + the TCP of qinq_v6. */
static size_t
chain_v6(int n)
{
	size_t off = 40;
	int i;

	memcpy(buf, QINQ_IP6, 40);
	buf[6] = IP6_DSTOPTS_NH;
	for (i = 0; i < n; i++) {
		memset(buf + off, 0, 8);
		buf[off] = i + 1 < n ? IP6_DSTOPTS_NH : 6;
		buf[off + 2] = 1;		/* PadN, 4 bytes of it */
		buf[off + 3] = 4;
		off += 8;
	}
	memcpy(buf + off, QINQ_IP6 + 40, 20);
	off += 20;
	buf[4] = (uint8_t)((off - 40) >> 8);
	buf[5] = (uint8_t)(off - 40);
	return (off);
}

static void
test_malformed_ipv6(void)
{
	size_t n;

	n = chain_v6(8);
	EXPECT(DLT_RAW, buf, n, DECODE_OK);
	CHECK_INT(pk.ip_len, n);
	CHECK_INT(pk.dport, 443);
	n = chain_v6(9);
	EXPECT(DLT_RAW, buf, n, DECODE_MALFORMED);
	/* An options header longer than the payload length. */
	n = chain_v6(1);
	buf[41] = 40;
	EXPECT(DLT_RAW, buf, n, DECODE_MALFORMED);
	/* The same, when the capture stops first, is only truncated. */
	buf[5] = 200;
	EXPECT(DLT_RAW, buf, n, DECODE_TRUNCATED);
	/* Payload length 0 with hop-by-hop: a jumbogram, not supported. */
	memcpy(buf, raw_v6_frag0, sizeof(raw_v6_frag0));
	buf[4] = 0;
	buf[5] = 0;
	EXPECT(DLT_RAW, buf, sizeof(raw_v6_frag0), DECODE_MALFORMED);
	/* Payload length 0 and TCP next: no room for its header. */
	memcpy(buf, QINQ_IP6, QINQ_IP6_LEN);
	buf[5] = 0;
	EXPECT(DLT_RAW, buf, QINQ_IP6_LEN, DECODE_MALFORMED);
	/* Version 4 in the header under EtherType IPv6. */
	memcpy(buf, qinq_v6, sizeof(qinq_v6));
	buf[22] = 0x45;
	EXPECT(DLT_EN10MB, buf, sizeof(qinq_v6), DECODE_MALFORMED);
}

int
main(void)
{
	TEST(test_linktypes);
	TEST(test_eth_tcp);
	TEST(test_eth_padding);
	TEST(test_vlan);
	TEST(test_qinq);
	TEST(test_vlan_depth);
	TEST(test_sll);
	TEST(test_sll2);
	TEST(test_raw);
	TEST(test_v6_fragments);
	TEST(test_v4_fragments);
	TEST(test_null);
	TEST(test_not_ip);
	TEST(test_other_l4);
	TEST(test_every_cut);
	TEST(test_snaplen);
	TEST(test_malformed_ipv4);
	TEST(test_malformed_l4);
	TEST(test_malformed_ipv6);
	return (CHECK_DONE());
}
