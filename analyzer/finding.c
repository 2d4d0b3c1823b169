#include "finding.h"

/* finding.c: the names of the finding kinds, as JSON and reports use them. */

const char *
finding_name(enum finding_kind k)
{
	static const char *const names[FINDING_COUNT] = {
		[FINDING_PE_BYPASSED] = "private-endpoint-bypassed",
		[FINDING_RECORD_MISSING] = "private-record-missing",
		[FINDING_REGIONAL_ENDPOINT] = "regional-endpoint",
		[FINDING_DNS_LEAK] = "dns-leak",
		[FINDING_POLICY_VIOLATION] = "policy-violation",
		[FINDING_UNNAMED_EGRESS] = "unnamed-egress",
	};

	if ((unsigned)k >= FINDING_COUNT)
		return ("unknown");
	return (names[k]);
}
