/*
 * nfq.h: the inline source.  Packets come from NFQUEUE queues through
 * libnetfilter_queue, go through the same engine as captured ones, and
 * each gets a verdict: accept, or drop when --enforce and the policy
 * forbids its flow.
 */
#ifndef PW_NFQ_H
#define PW_NFQ_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "engine.h"

#define NFQ_MAX_QUEUES	16

struct nfq_opts {
	uint16_t	 queues[NFQ_MAX_QUEUES];
	unsigned	 nqueues;
	uint32_t	 queue_maxlen;		/* 0: default */
	uint32_t	 copy_range;		/* bytes copied per packet */
	const char	*write_file;		/* -w, or NULL */
	uint64_t	 count;			/* -c, 0 = no limit */
	volatile sig_atomic_t *stop;
	void		(*on_tick)(void *arg, uint64_t now_us);
	void		*tick_arg;
	int		 wake_fd;		/* also polled, or -1 */
	int		 interval_ms;
};

/* Parses "0", "0-3" or "0,2" into o->queues; -1 on a bad list. */
int	nfq_parse_queues(struct nfq_opts *, const char *spec, char *errbuf);
/* Runs until stopped; -1 and errbuf on a setup error. */
int	nfq_run(struct engine *, const struct nfq_opts *, char *errbuf);
/* The iptables rules to install and remove for queue q. */
void	nfq_print_rules(FILE *, unsigned q);

#endif
