/*
 * bare-reader: the floor pathwatch is held against in the benchmarks
 * (issue 6).  Reads a capture with pcap_next_ex and looks at each packet's
 * link type and IP protocol, nothing more.
 *
 * Usage: bare-reader FILE
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <pcap/pcap.h>

/*
 * Per packet: skip the link header (Ethernet with any 802.1Q/802.1ad tags,
 * Linux cooked v1/v2, raw IP, BSD loopback), then read the IPv4 protocol or
 * the IPv6 next header and count it.  The counts and a checksum over them
 * are printed so the compiler cannot drop the loop.
 */

enum bare_class { BC_TCP, BC_UDP, BC_ICMP, BC_OTHER_IP, BC_NOT_IP, BC_N };

static const char *const bare_class_name[BC_N] = {
	"tcp", "udp", "icmp", "other-ip", "not-ip"
};

static uint16_t
bare_be16(const u_char *p)
{
	return ((uint16_t)(p[0] << 8 | p[1]));
}

/* Offset and EtherType of the network header, or -1 when not IP. */
static long
bare_link(int dlt, const u_char *p, uint32_t caplen, uint16_t *ethertype)
{
	uint32_t off;

	switch (dlt) {
	case DLT_EN10MB:
		off = 12;
		while (off + 2 <= caplen) {
			*ethertype = bare_be16(p + off);
			if (*ethertype != 0x8100 && *ethertype != 0x88a8)
				return (off + 2);
			off += 4;
		}
		return (-1);
	case DLT_LINUX_SLL:
		if (caplen < 16)
			return (-1);
		*ethertype = bare_be16(p + 14);
		return (16);
	case DLT_LINUX_SLL2:
		if (caplen < 20)
			return (-1);
		*ethertype = bare_be16(p);
		return (20);
	case DLT_RAW:
	case DLT_IPV4:
	case DLT_IPV6:
		if (caplen < 1)
			return (-1);
		*ethertype = (p[0] >> 4) == 6 ? 0x86dd : 0x0800;
		return (0);
	case DLT_NULL:
	case DLT_LOOP:
		if (caplen < 5)
			return (-1);
		*ethertype = (p[4] >> 4) == 6 ? 0x86dd : 0x0800;
		return (4);
	default:
		return (-1);
	}
}

/* Which class one packet falls in. */
static enum bare_class
bare_classify(int dlt, const u_char *p, uint32_t caplen)
{
	uint16_t et = 0;
	long off;
	int proto;

	off = bare_link(dlt, p, caplen, &et);
	if (off < 0)
		return (BC_NOT_IP);
	if (et == 0x0800 && (uint32_t)off + 20 <= caplen)
		proto = p[off + 9];
	else if (et == 0x86dd && (uint32_t)off + 40 <= caplen)
		proto = p[off + 6];
	else
		return (BC_NOT_IP);
	switch (proto) {
	case 6:
		return (BC_TCP);
	case 17:
		return (BC_UDP);
	case 1:
	case 58:
		return (BC_ICMP);
	default:
		return (BC_OTHER_IP);
	}
}

int
main(int argc, char **argv)
{
	char errbuf[PCAP_ERRBUF_SIZE];
	uint64_t count[BC_N], total = 0, bytes = 0, check = 0;
	struct pcap_pkthdr *h;
	const u_char *p;
	pcap_t *pc;
	int dlt, rc, i;

	if (argc != 2) {
		fprintf(stderr, "usage: bare-reader FILE\n");
		return (2);
	}
	pc = pcap_open_offline(argv[1], errbuf);
	if (pc == NULL) {
		fprintf(stderr, "bare-reader: %s\n", errbuf);
		return (1);
	}
	memset(count, 0, sizeof(count));
	dlt = pcap_datalink(pc);
	while ((rc = pcap_next_ex(pc, &h, &p)) == 1) {
		count[bare_classify(dlt, p, h->caplen)]++;
		bytes += h->len;
		total++;
	}
	if (rc == -1) {
		fprintf(stderr, "bare-reader: %s: %s\n", argv[1],
		    pcap_geterr(pc));
		pcap_close(pc);
		return (1);
	}
	pcap_close(pc);
	printf("packets %" PRIu64 " bytes %" PRIu64, total, bytes);
	for (i = 0; i < BC_N; i++) {
		printf(" %s %" PRIu64, bare_class_name[i], count[i]);
		check = check * 1000003 + count[i];
	}
	printf(" check %016" PRIx64 "\n", check);
	return (0);
}
