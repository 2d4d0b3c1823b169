/*
 * capture.h: libpcap sources, offline (pcap and pcapng files, '-' for
 * standard input) and live (one or more interfaces), feeding the engine,
 * with an optional dump of every packet seen (-w).
 */
#ifndef PW_CAPTURE_H
#define PW_CAPTURE_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include "engine.h"
#include "out.h"

#define CAPTURE_MAX_IFACES	16

struct capture_opts {
	const char	*filter;	/* BPF expression, or NULL */
	const char	*write_file;	/* -w, or NULL */
	uint64_t	 count;		/* -c: stop after this many; 0 = all */
	int		 buffer_kib;	/* -B: kernel buffer; 0 = default */
	int		 snaplen;
	const char	*user;		/* -Z: drop to this user */
	volatile sig_atomic_t *stop;	/* set by a signal handler */
	/* Live runs call this about every interval_ms, e.g. for the TUI. */
	void		(*on_tick)(void *arg, uint64_t now_us);
	void		*tick_arg;
	int		 wake_fd;	/* polled too (the TUI's keys), or -1 */
	bool		 hash;		/* SHA-256 of each input file */
	int		 interval_ms;
};

struct capture;

/* Dumps go through one writer shared by every input of a run. */
struct capture	*capture_create(const struct capture_opts *);
/*
 * Reads a whole capture file into the engine.  Returns 0 when the file
 * was read (a truncated file still returns 0 and says so in *res), -1
 * when it could not be read at all (errbuf names the file and cause).
 */
int		 capture_read_file(struct capture *, struct engine *,
		    const char *path, struct out_input *res, char *errbuf);
/* Opens the interfaces, then captures until stopped or -c is reached. */
int		 capture_live(struct capture *, struct engine *,
		    const char *const *ifaces, unsigned nifaces,
		    char *errbuf);
/* True once -c packets have been handled. */
bool		 capture_done(const struct capture *);
/* Closes the dump file; -1 with errbuf on a write error. */
int		 capture_free(struct capture *, char *errbuf);

#endif
