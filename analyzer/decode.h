/*
 * decode.h: link layer -> IP -> TCP/UDP, into a struct pkt.  Decoding reads
 * only through rd.h, never prints, and never allocates.  The payload
 * pointer aims into the caller's packet buffer and is valid as long as it.
 */
#ifndef PW_DECODE_H
#define PW_DECODE_H

#include <stdbool.h>
#include <stdint.h>

#include "addr.h"
#include "stats.h"

/* TCP flag bits, as in the header (RFC 9293 section 3.1). */
#define TCP_FIN		0x01
#define TCP_SYN		0x02
#define TCP_RST		0x04
#define TCP_PSH		0x08
#define TCP_ACK		0x10

#define PKT_PROTO_TCP	6
#define PKT_PROTO_UDP	17

enum decode_result {
	DECODE_OK,		/* TCP or UDP header decoded */
	DECODE_NOT_IP,		/* a frame with no IP in it (ARP, ...) */
	DECODE_OTHER_L4,	/* IP, but neither TCP nor UDP */
	DECODE_FRAGMENT,	/* an IP fragment past the first */
	DECODE_TRUNCATED,	/* captured less than the headers need */
	DECODE_MALFORMED	/* headers contradict themselves */
};

struct pkt {
	uint64_t	 ts_us;		/* capture time, microseconds, UTC */
	uint64_t	 frame;		/* 1-based frame number in its input */
	uint32_t	 caplen;
	uint32_t	 wirelen;

	struct addr	 src;
	struct addr	 dst;
	uint32_t	 ip_len;	/* IP bytes as the header declares */
	uint8_t		 proto;		/* PKT_PROTO_TCP or PKT_PROTO_UDP */
	uint16_t	 vlan;		/* innermost 802.1Q VID, 0 if none */

	uint16_t	 sport;
	uint16_t	 dport;
	uint8_t		 tcp_flags;
	uint32_t	 tcp_seq;

	const uint8_t	*payload;	/* L4 payload, within caplen and */
	uint32_t	 payload_len;	/* the declared IP/UDP length */
};

/* True when decode_packet() understands this DLT_ link type. */
bool		 decode_linktype_supported(int dlt);
/* A name for a link type, for error messages ("DLT_IEEE802_11 (105)"). */
const char	*decode_linktype_name(int dlt, char *buf, size_t len);

/*
 * Decodes one captured frame of link type dlt.  Fills p's address, port
 * and payload fields (ts, frame, caplen and wirelen are the caller's).
 * Counts not_ip, other_l4, fragments, truncated and malformed in st;
 * returns what it found.  src, dst and ip_len are set once the fixed IP
 * header was read and sane (family 0 otherwise); ports, flags and seq
 * count only when payload is non-NULL.  DECODE_TRUNCATED with a non-NULL
 * payload is a snaplen cut: the headers were whole and payload_len is what
 * was captured.
 */
enum decode_result decode_packet(int dlt, const uint8_t *data,
		    uint32_t caplen, struct pkt *p, struct stats *st);

/*
 * Decodes a bare IPv4 or IPv6 packet (what NFQUEUE hands over), as
 * decode_packet() does for DLT_RAW.
 */
enum decode_result decode_ip(const uint8_t *data, uint32_t len,
		    struct pkt *p, struct stats *st);

#endif
