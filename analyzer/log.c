#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <sys/time.h>

#include "escape.h"
#include "log.h"

/*
 * log.c: one line per event on stderr: UTC time, level letter, function,
 * message.  While the terminal view owns the screen a sink takes the lines
 * instead.  Messages are passed through esc_term(), so a name from the
 * wire cannot drive the terminal even when a caller forgets.
 */

enum log_level log_threshold = LOGL_WARN;

static log_sink_cb	 log_sink;
static void		*log_sink_arg;

void
log_set_level(enum log_level l)
{
	log_threshold = l;
}

void
log_set_sink(log_sink_cb cb, void *arg)
{
	log_sink = cb;
	log_sink_arg = arg;
}

void
log_msg(enum log_level l, const char *module, const char *fmt, ...)
{
	static const char letters[] = "EWID";
	char msg[1024], safe[2048], line[2200], stamp[32];
	struct timeval tv;
	struct tm tm;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	esc_term(safe, sizeof(safe), msg, strlen(msg));

	gettimeofday(&tv, NULL);
	gmtime_r(&tv.tv_sec, &tm);
	strftime(stamp, sizeof(stamp), "%H:%M:%S", &tm);
	snprintf(line, sizeof(line), "pathwatch: %s %c %s: %s", stamp,
	    letters[l], module, safe);

	if (log_sink != NULL)
		log_sink(l, line, log_sink_arg);
	else
		fprintf(stderr, "%s\n", line);
}
