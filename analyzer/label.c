#include <string.h>

#include "label.h"

/*
 * label.c: label names.  The decision itself lives in classify.c, which
 * knows flows, names and owners; this file knows only the vocabulary.
 */

static const char *const label_names[LABEL_COUNT] = {
	[LABEL_NONE] = "none",
	[LABEL_LOCAL] = "local",
	[LABEL_PLATFORM] = "platform",
	[LABEL_PRIVATE_LINK] = "private-link",
	[LABEL_VNET_PRIVATE] = "vnet-private",
	[LABEL_BACKBONE_PUBLIC] = "backbone-public",
	[LABEL_INTERNET_EGRESS] = "internet-egress",
};

const char *
label_name(enum label l)
{
	if ((unsigned)l >= LABEL_COUNT)
		return ("none");
	return (label_names[l]);
}

enum label
label_from_name(const char *s, size_t len)
{
	int l;

	for (l = LABEL_LOCAL; l < LABEL_COUNT; l++) {
		if (strlen(label_names[l]) == len &&
		    memcmp(label_names[l], s, len) == 0)
			return ((enum label)l);
	}
	return (LABEL_NONE);
}
