/*
 * finding.h: the kinds of finding (DESIGN.md, "Findings") and their names.
 * A flow keeps a bit per kind; the detail sentence is written when the
 * finding is reported, from the flow's evidence.
 */
#ifndef PW_FINDING_H
#define PW_FINDING_H

enum finding_kind {
	FINDING_PE_BYPASSED,
	FINDING_RECORD_MISSING,
	FINDING_REGIONAL_ENDPOINT,
	FINDING_DNS_LEAK,
	FINDING_POLICY_VIOLATION,
	FINDING_UNNAMED_EGRESS,
	FINDING_COUNT
};

#define FINDING_BIT(k)	(1u << (k))

/* Why a private endpoint was bypassed, for the detail sentence. */
enum finding_bypass {
	BYPASS_NONE,
	BYPASS_PUBLIC_CNAME,	/* private-link CNAME resolved publicly */
	BYPASS_PRIVATE_UNUSED,	/* DNS said private, flow went public */
	BYPASS_PUBLIC_ANSWER,	/* a public answer without the CNAME */
	BYPASS_NO_DNS		/* no DNS answer seen for it */
};

const char	*finding_name(enum finding_kind);

#endif
