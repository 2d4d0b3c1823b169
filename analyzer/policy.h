/*
 * policy.h: the policy file (DESIGN.md, "Policy"): which path labels each
 * destination may take.  Loaded once at setup; policy_match() runs once per
 * new flow, never per packet.
 *
 * Format, one rule a line:
 *
 *	PATTERN LABEL [LABEL ...]	[# comment]
 *
 * - Fields are separated by spaces or tabs.  A '#' at the start of a field
 *   starts a comment that runs to the end of the line; blank lines and
 *   comment lines are skipped.  Lines end in LF or CRLF.
 * - PATTERN is one of:
 *   - '*' alone: every flow, named or not;
 *   - an address or CIDR prefix ("168.63.129.16", "10.0.0.0/8",
 *     "fd00::/8"): flows whose destination lies inside it.  Bits beyond the
 *     prefix must be zero.  IPv4 prefixes match IPv4 destinations only,
 *     IPv6 prefixes IPv6 ones;
 *   - a name glob ("*.openai.azure.com"): flows whose name matches it, case
 *     insensitively.  '*' matches any run of characters, dots included,
 *     the empty run too; '?' matches one character.  The dot before a
 *     suffix is literal, so "*.openai.azure.com" does not match
 *     "openai.azure.com" itself: write a second rule for the apex.  One
 *     trailing dot is ignored on both sides.  A glob never matches a flow
 *     that has no name.  Globs hold letters, digits, '-', '_', '.', '*'
 *     and '?' (internationalised names in their "xn--" form).
 * - LABEL is a label name (label.h) that the rule allows, or "!name" that
 *   it forbids.  The allowed set is the plain labels listed, or every
 *   label when only '!' entries are listed, minus the '!' ones.  Listing a
 *   label both ways is an error.
 * - The first rule that matches a flow decides; a flow no rule matches is
 *   not judged.
 *
 * Errors read "FILE:LINE:COL: what was expected, got 'what'", columns
 * counted in bytes from 1.  The file must be UTF-8 without control bytes
 * other than tab (and CR before LF); lines are at most POLICY_LINE_MAX
 * bytes, files hold at most POLICY_RULES_MAX rules.
 */
#ifndef PW_POLICY_H
#define PW_POLICY_H

#include <stdbool.h>
#include <stddef.h>

#include "addr.h"
#include "label.h"
#include "sha256.h"

#define POLICY_LINE_MAX		1024	/* bytes a line, without its end */
#define POLICY_RULES_MAX	4096
#define POLICY_FILE_MAX		(4u << 20)	/* bytes a file */

enum policy_kind {
	POLICY_ANY,			/* '*': every flow */
	POLICY_NAME,			/* a name glob */
	POLICY_CIDR			/* an address prefix */
};

struct policy_rule {
	const char	*origin;	/* file name, shared by all rules */
	unsigned	 line;		/* from 1 */
	enum policy_kind kind;
	const char	*pattern;	/* as written (trailing dot removed) */
	const char	*text;		/* the line without comment and ends */
	struct addr	 net;		/* POLICY_CIDR: the prefix */
	unsigned	 prefixlen;	/* POLICY_CIDR */
	unsigned	 allowed;	/* bit 1u << l for each allowed l */
};

struct policy;

/* Reads and parses a file; NULL and errbuf (PW_ERRBUF_SIZE) on failure. */
struct policy	*policy_load_file(const char *path, char *errbuf);
/* Parses a NUL-terminated text; origin names it in errors and findings. */
struct policy	*policy_load_text(const char *text, const char *origin,
		    char *errbuf);
/* Parses len bytes (NUL bytes in them are an error). */
struct policy	*policy_load_mem(const void *text, size_t len,
		    const char *origin, char *errbuf);
void		 policy_free(struct policy *);

/*
 * The first rule matching a flow with this name (NULL or namelen 0 for an
 * unnamed flow) and destination (may be NULL); NULL when none matches.
 * The rule lives as long as the policy.
 */
const struct policy_rule *policy_match(const struct policy *,
		    const char *name, size_t namelen, const struct addr *dst);
/* Whether the rule allows label l.  LABEL_NONE is never allowed. */
bool		 policy_rule_allows(const struct policy_rule *, enum label l);
/* "FILE:LINE" of a rule, into buf; returns buf. */
const char	*policy_rule_where(const struct policy_rule *, char *buf,
		    size_t len);
/* "private-link, backbone-public" or "no label"; returns buf. */
const char	*policy_rule_allowed_names(const struct policy_rule *,
		    char *buf, size_t len);
/*
 * The detail of a policy-violation finding: "internet-egress is not
 * allowed by rule FILE:LINE (* !internet-egress)"; returns buf.
 */
const char	*policy_violation_detail(const struct policy_rule *,
		    enum label l, char *buf, size_t len);

size_t		 policy_count(const struct policy *);
const struct policy_rule *policy_rule_at(const struct policy *, size_t i);
/* Where the policy came from: the path or the origin given. */
const char	*policy_origin(const struct policy *);
/* The policy's bytes as loaded, NUL-terminated, for the report. */
const char	*policy_text(const struct policy *);
size_t		 policy_text_len(const struct policy *);
/* SHA-256 of those bytes, as 64 lower-case hex digits. */
const char	*policy_sha256(const struct policy *);

#endif
