/*
 * classify.h: a flow's label (DESIGN.md, "The path labels"), the findings
 * its path shows, and the sentences that explain both.  Runs when a flow
 * is created and again when it learns a name, never per packet.
 */
#ifndef PW_CLASSIFY_H
#define PW_CLASSIFY_H

#include <stddef.h>
#include <stdint.h>

#include "dnscache.h"
#include "finding.h"
#include "flow.h"
#include "netset.h"
#include "owner.h"
#include "strpool.h"
#include "zones.h"

struct policy;

/* Inline mode: what a policy violation does to the flow's packets. */
enum classify_enforce {
	CLASSIFY_OBSERVE,		/* report only */
	CLASSIFY_ENFORCE,		/* drop the flow */
	CLASSIFY_DRY_RUN		/* report what would be dropped */
};

struct classify_ctx {
	struct netset	*private_space;	/* private ranges and --vnet */
	struct netset	*platform;	/* filters/platform.txt */
	struct netset	*local;		/* this host's own addresses */
	struct netset	*endpoints;	/* --private-endpoint addresses */
	struct zones	*zones;
	struct owner_db	*owner;		/* may be NULL */
	struct strpool	*names;
	struct dnscache	*dns;
	struct policy	*policy;	/* may be NULL */
	enum classify_enforce enforce;
};

bool	classify_is_private(const struct classify_ctx *, const struct addr *);
/* Neither local, platform nor private: a public address. */
bool	classify_is_public(const struct classify_ctx *, const struct addr *);

/*
 * Sets f's label and path findings from what is known now.  Returns the
 * finding bits that this call added (the caller reports them).
 */
uint32_t classify_flow(const struct classify_ctx *, struct flow *f);
/* Findings decided when a flow ends (unnamed-egress). */
uint32_t classify_flow_end(const struct classify_ctx *, struct flow *f);

/* One sentence: why f has its label.  ow is f's destination's owner. */
void	classify_reason(const struct classify_ctx *, const struct flow *f,
	    const struct owner_info *ow, char *buf, size_t len);
/* One sentence: the evidence for finding k on flow f. */
void	classify_detail(const struct classify_ctx *, const struct flow *f,
	    enum finding_kind k, char *buf, size_t len);

#endif
