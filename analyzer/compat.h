/* compat.h: attributes and small macros shared by every module. */
#ifndef PW_COMPAT_H
#define PW_COMPAT_H

#include <stddef.h>

#define PW_PRINTFLIKE(f, a)	__attribute__((format(printf, f, a)))
#define PW_NORETURN		__attribute__((noreturn))
#define PW_UNUSED		__attribute__((unused))

#define nitems(a)		(sizeof(a) / sizeof((a)[0]))
#define PW_MIN(a, b)		((a) < (b) ? (a) : (b))
#define PW_MAX(a, b)		((a) > (b) ? (a) : (b))

/* Size of the caller-supplied error buffer of setup functions. */
#define PW_ERRBUF_SIZE		256

#endif
