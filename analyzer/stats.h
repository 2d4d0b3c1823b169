/*
 * stats.h: counters shared by every stage.  Each stage increments only the
 * counters it owns; outputs print them all.  Bad packets are counted here,
 * never logged one by one.
 */
#ifndef PW_STATS_H
#define PW_STATS_H

#include <stdint.h>

struct stats {
	/* capture */
	uint64_t	packets;		/* frames read */
	uint64_t	kernel_drops;		/* pcap_stats ps_drop */
	uint64_t	iface_drops;		/* pcap_stats ps_ifdrop */

	/* decode */
	uint64_t	decoded;		/* reached TCP or UDP */
	uint64_t	not_ip;			/* ARP, LLDP, ... */
	uint64_t	other_l4;		/* ICMP, ESP, ... */
	uint64_t	fragments;		/* past the first, counted */
	uint64_t	truncated;		/* cut short of its headers */
	uint64_t	malformed;		/* headers contradict */

	/* dns */
	uint64_t	dns_messages;		/* parsed, both ways */
	uint64_t	dns_truncated;
	uint64_t	dns_malformed;
	uint64_t	dns_answers_dropped;	/* past DNS_ANSWERS_MAX */

	/* flows and caches */
	uint64_t	flows;			/* flows created */
	uint64_t	flows_evicted;		/* pushed out by a full table */
	uint64_t	flows_expired;		/* ended by idle timeout */
	uint64_t	dns_cache_evicted;
	uint64_t	reasm_dropped;		/* no reassembly slot free */

	/* findings */
	uint64_t	policy_violations;

	/* inline mode */
	uint64_t	nfq_accepted;
	uint64_t	nfq_dropped;
	uint64_t	nfq_enobufs;
	uint64_t	nfq_failopen;
};

#endif
