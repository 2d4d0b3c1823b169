/*
 * log.h: levelled logging to stderr (or a sink while the terminal view owns
 * the screen).  Disabled levels cost one comparison and do not evaluate
 * their arguments.
 */
#ifndef PW_LOG_H
#define PW_LOG_H

#include "compat.h"

enum log_level {
	LOGL_ERR,
	LOGL_WARN,
	LOGL_INFO,
	LOGL_DEBUG
};

extern enum log_level log_threshold;

/* Called with each formatted line while a sink is installed. */
typedef void (*log_sink_cb)(enum log_level, const char *line, void *arg);

void	log_set_level(enum log_level);
void	log_set_sink(log_sink_cb, void *arg);
void	log_msg(enum log_level, const char *module, const char *fmt, ...)
	    PW_PRINTFLIKE(3, 4);

#define log_at(lvl, ...) do {						\
	if ((lvl) <= log_threshold)					\
		log_msg((lvl), __func__, __VA_ARGS__);			\
} while (0)
#define log_err(...)	log_at(LOGL_ERR, __VA_ARGS__)
#define log_warn(...)	log_at(LOGL_WARN, __VA_ARGS__)
#define log_info(...)	log_at(LOGL_INFO, __VA_ARGS__)
#define log_debug(...)	log_at(LOGL_DEBUG, __VA_ARGS__)

#endif
