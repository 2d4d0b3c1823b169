/*
 * textfile.h: reading a small configuration file (a zone table, a list
 * of prefixes or AS numbers) whole into memory, with the checks every
 * such file needs.
 */
#ifndef PW_TEXTFILE_H
#define PW_TEXTFILE_H

#include <stddef.h>

/*
 * The file's bytes, NUL-terminated, in a buffer the caller frees.  NULL
 * with errbuf ("path: cause") when it cannot be read, is larger than max
 * bytes, or holds a NUL byte (not a text file).
 */
char	*textfile_read(const char *path, size_t max, char *errbuf);

#endif
