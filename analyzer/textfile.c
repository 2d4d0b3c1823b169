#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compat.h"
#include "textfile.h"

/*
 * textfile.c: one reader for the small text files of filters/ and the
 * options that replace them, so each parser gets a string and every
 * error reads the same.
 */

char *
textfile_read(const char *path, size_t max, char *errbuf)
{
	char *text = NULL;
	const char *why = NULL;
	size_t n;
	FILE *f;

	if ((f = fopen(path, "r")) == NULL) {
		snprintf(errbuf, PW_ERRBUF_SIZE, "%.200s: %s", path,
		    strerror(errno));
		return (NULL);
	}
	if ((text = malloc(max + 1)) == NULL)
		why = "out of memory";
	else {
		n = fread(text, 1, max + 1, f);
		if (ferror(f))
			why = strerror(errno);
		else if (n > max)
			why = "file too large";
		else if (memchr(text, '\0', n) != NULL)
			why = "not a text file";
		else
			text[n] = '\0';
	}
	fclose(f);
	if (why == NULL)
		return (text);
	snprintf(errbuf, PW_ERRBUF_SIZE, "%.200s: %s", path, why);
	free(text);
	return (NULL);
}
