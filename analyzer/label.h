/*
 * label.h: the path label of a flow, decided from its destination in the
 * order of DESIGN.md, with a sentence saying why.
 */
#ifndef PW_LABEL_H
#define PW_LABEL_H

#include <stdbool.h>
#include <stddef.h>

enum label {
	LABEL_NONE,			/* not decided yet */
	LABEL_LOCAL,
	LABEL_PLATFORM,
	LABEL_PRIVATE_LINK,
	LABEL_VNET_PRIVATE,
	LABEL_BACKBONE_PUBLIC,
	LABEL_INTERNET_EGRESS,
	LABEL_COUNT
};

/* "private-link", ...; "none" for LABEL_NONE. */
const char	*label_name(enum label);
/* The label named s (of len bytes), or LABEL_NONE when unknown. */
enum label	 label_from_name(const char *s, size_t len);

#endif
