#include <stdio.h>
#include <string.h>

#include "classify.h"
#include "policy.h"

/*
 * classify.c: labels and path findings.  The label follows DESIGN.md's
 * order (local, platform, private-link, vnet-private, backbone-public,
 * internet-egress) and looks only at the destination and the evidence
 * that named it; findings compare that with what the host is known to
 * reach through private endpoints.
 */

bool
classify_is_private(const struct classify_ctx *c, const struct addr *a)
{
	return (netset_contains(c->private_space, a));
}

bool
classify_is_public(const struct classify_ctx *c, const struct addr *a)
{
	return (!addr_is_loopback(a) && !netset_contains(c->local, a) &&
	    !netset_contains(c->platform, a) &&
	    !netset_contains(c->private_space, a));
}

static const struct dns_answer *
classify_answer(const struct classify_ctx *c, const struct flow *f)
{
	return (dnscache_answer(c->dns, f->answer));
}

/* Private and shown to be a private endpoint by DNS or declaration. */
static bool
classify_is_endpoint(const struct classify_ctx *c, const struct flow *f)
{
	const struct dns_answer *a = classify_answer(c, f);
	uint8_t m = strpool_marks(c->names, f->name);
	const struct addr *pa;

	if (a != NULL && a->via_privatelink)
		return (true);
	if (netset_contains(c->endpoints, &f->srv))
		return (true);
	/* Named by SNI or Host, not DNS: the name's own private-link
	 * answer pointed at this very address. */
	pa = strpool_private_addr(c->names, f->name);
	return ((m & STRPOOL_M_PL_CNAME) && (m & STRPOOL_M_PRIVATE_ANS) &&
	    pa != NULL && addr_equal(pa, &f->srv));
}

static enum label
classify_label(const struct classify_ctx *c, const struct flow *f)
{
	struct owner_info ow;

	if (addr_is_loopback(&f->srv) || netset_contains(c->local, &f->srv))
		return (LABEL_LOCAL);
	if (netset_contains(c->platform, &f->srv))
		return (LABEL_PLATFORM);
	if (classify_is_private(c, &f->srv))
		return (classify_is_endpoint(c, f) ? LABEL_PRIVATE_LINK :
		    LABEL_VNET_PRIVATE);
	if (c->owner == NULL)
		return (LABEL_INTERNET_EGRESS);
	owner_lookup(c->owner, &f->srv, &ow);
	return (ow.microsoft ? LABEL_BACKBONE_PUBLIC : LABEL_INTERNET_EGRESS);
}

/* Why a public flow to a name this host reaches privately went public. */
static enum finding_bypass
classify_bypass(const struct classify_ctx *c, const struct flow *f)
{
	const struct dns_answer *a = classify_answer(c, f);
	uint8_t m = strpool_marks(c->names, f->name);

	if (f->name == 0)
		return (BYPASS_NONE);
	if (a != NULL && a->via_privatelink)
		return (BYPASS_PUBLIC_CNAME);
	if (m & STRPOOL_M_PRIVATE_ANS)
		return (BYPASS_PRIVATE_UNUSED);
	if ((m & (STRPOOL_M_PL_FLOW | STRPOOL_M_DECLARED)) == 0)
		return (BYPASS_NONE);
	return (a != NULL ? BYPASS_PUBLIC_ANSWER : BYPASS_NO_DNS);
}

static bool
classify_regional(const struct classify_ctx *c, uint32_t id)
{
	const char *s;
	size_t len;

	(void)c;
	s = strpool_get(c->names, id, &len);
	return (s != NULL && zones_is_regional_endpoint(s, len));
}

/*
 * Judges f against the policy: the first matching rule must allow its
 * label.  A violation stays once found (it has been reported); in
 * enforce mode it also marks every packet of the flow for a drop.
 */
static void
classify_policy(const struct classify_ctx *c, struct flow *f)
{
	const struct policy_rule *r;
	const char *name;
	size_t len;

	if (c->policy == NULL || (f->findings &
	    FINDING_BIT(FINDING_POLICY_VIOLATION)))
		return;
	name = strpool_get(c->names, f->name, &len);
	r = policy_match(c->policy, name, len, &f->srv);
	if (r == NULL || policy_rule_allows(r, (enum label)f->label))
		return;
	f->rule = (uint16_t)(r - policy_rule_at(c->policy, 0) + 1);
	f->findings |= FINDING_BIT(FINDING_POLICY_VIOLATION);
	if (c->enforce == CLASSIFY_ENFORCE)
		f->flags |= FLOW_F_DROP;
}

uint32_t
classify_flow(const struct classify_ctx *c, struct flow *f)
{
	uint32_t before = f->findings;

	f->label = (uint8_t)classify_label(c, f);
	if (f->label == LABEL_PRIVATE_LINK)
		strpool_mark(c->names, f->name, STRPOOL_M_PL_FLOW);
	if (f->label == LABEL_BACKBONE_PUBLIC ||
	    f->label == LABEL_INTERNET_EGRESS) {
		f->bypass_cause = (uint8_t)classify_bypass(c, f);
		if (f->bypass_cause != BYPASS_NONE)
			f->findings |= FINDING_BIT(FINDING_PE_BYPASSED);
	}
	if (classify_regional(c, f->name) || classify_regional(c, f->sni))
		f->findings |= FINDING_BIT(FINDING_REGIONAL_ENDPOINT);
	classify_policy(c, f);
	return (f->findings & ~before);
}

uint32_t
classify_flow_end(const struct classify_ctx *c, struct flow *f)
{
	uint32_t before = f->findings;

	(void)c;
	if ((f->label == LABEL_BACKBONE_PUBLIC ||
	    f->label == LABEL_INTERNET_EGRESS) && f->name == 0 &&
	    f->sni == 0 && !(f->flags & FLOW_F_DNS))
		f->findings |= FINDING_BIT(FINDING_UNNAMED_EGRESS);
	return (f->findings & ~before);
}

static const char *
classify_name(const struct classify_ctx *c, uint32_t id)
{
	const char *s = strpool_get(c->names, id, NULL);

	return (s != NULL ? s : "");
}

/* "AS8075 MICROSOFT-CORP-MSN-AS-BLOCK", or "an unknown owner". */
static void
classify_owner_text(const struct owner_info *ow, char *buf, size_t len)
{
	if (ow == NULL || ow->asn == 0)
		snprintf(buf, len, "an owner pathwatch cannot place");
	else if (ow->as_org[0] != '\0')
		snprintf(buf, len, "AS%u %s", ow->asn, ow->as_org);
	else
		snprintf(buf, len, "AS%u", ow->asn);
}

static void
classify_reason_endpoint(const struct classify_ctx *c, const struct flow *f,
    const char *dst, char *buf, size_t len)
{
	const struct dns_answer *a = classify_answer(c, f);
	const struct zone *z;
	const char *pl;

	if (a != NULL && a->via_privatelink) {
		pl = classify_name(c, a->names[a->pl_index]);
		z = zones_match_privatelink(c->zones, pl, strlen(pl));
		snprintf(buf, len, "%s is private and %s resolved to it "
		    "through %s (%s, %s)", dst, classify_name(c, a->names[0]),
		    pl, z != NULL ? z->privatelink : "private-link zone",
		    z != NULL ? z->service : "private endpoint");
	} else if (netset_contains(c->endpoints, &f->srv))
		snprintf(buf, len, "%s is declared a private endpoint "
		    "(--private-endpoint)", dst);
	else
		snprintf(buf, len, "%s is private and DNS resolved %s to it "
		    "through a private-link CNAME", dst,
		    classify_name(c, f->name));
}

void
classify_reason(const struct classify_ctx *c, const struct flow *f,
    const struct owner_info *ow, char *buf, size_t len)
{
	char dst[ADDR_STRLEN], who[OWNER_ORG_MAX + 32];

	addr_format(&f->srv, dst);
	classify_owner_text(ow, who, sizeof(who));
	switch (f->label) {
	case LABEL_LOCAL:
		snprintf(buf, len, "%s is a loopback or this host's own "
		    "address", dst);
		break;
	case LABEL_PLATFORM:
		snprintf(buf, len, "%s is an Azure platform address (DNS, "
		    "WireServer, IMDS or link-local)", dst);
		break;
	case LABEL_PRIVATE_LINK:
		classify_reason_endpoint(c, f, dst, buf, len);
		break;
	case LABEL_VNET_PRIVATE:
		snprintf(buf, len, "%s is private, but no private-link DNS "
		    "answer or declaration shows it is a private endpoint",
		    dst);
		break;
	case LABEL_BACKBONE_PUBLIC:
		snprintf(buf, len, "%s is public and owned by Microsoft "
		    "(%s%s%s)", dst, who, ow != NULL && ow->service_tag[0] ?
		    ", service tag " : "", ow != NULL ? ow->service_tag : "");
		break;
	case LABEL_INTERNET_EGRESS:
		if (c->owner == NULL || !owner_has_asn(c->owner))
			snprintf(buf, len, "%s is public and its owner is "
			    "unknown (no ASN database)", dst);
		else
			snprintf(buf, len, "%s is public and owned by %s, not "
			    "Microsoft", dst, who);
		break;
	default:
		snprintf(buf, len, "not decided");
	}
}

static void
classify_detail_bypass(const struct classify_ctx *c, const struct flow *f,
    const char *dst, char *buf, size_t len)
{
	const struct dns_answer *a = classify_answer(c, f);
	const char *name = classify_name(c, f->name);
	char priv[ADDR_STRLEN];

	switch (f->bypass_cause) {
	case BYPASS_PUBLIC_CNAME:
		snprintf(buf, len, "%s went public: private-link CNAME %s "
		    "resolved to public address %s (the private DNS zone is "
		    "not linked to the resolver's VNet, or the resolver does "
		    "not forward to Azure DNS)", name, classify_name(c,
		    a->names[a->pl_index]), dst);
		break;
	case BYPASS_PRIVATE_UNUSED:
		addr_format(strpool_private_addr(c->names, f->name), priv);
		snprintf(buf, len, "%s went public: DNS answered private "
		    "address %s, but the flow used %s (stale cache, "
		    "hard-coded address, or traffic not routed into the VNet)",
		    name, priv, dst);
		break;
	case BYPASS_PUBLIC_ANSWER:
		snprintf(buf, len, "%s went public: it is reached through a "
		    "private endpoint, but DNS answered %s with no "
		    "private-link CNAME (the resolver does not see the private "
		    "zone)",
		    name, dst);
		break;
	default:
		snprintf(buf, len, "%s went public: it is reached through a "
		    "private endpoint, but the flow went to %s and no DNS "
		    "answer was seen for it", name, dst);
	}
}

void
classify_detail(const struct classify_ctx *c, const struct flow *f,
    enum finding_kind k, char *buf, size_t len)
{
	char dst[ADDR_STRLEN];
	const char *name;

	addr_format(&f->srv, dst);
	name = classify_name(c, f->name != 0 ? f->name : f->sni);
	switch (k) {
	case FINDING_PE_BYPASSED:
		classify_detail_bypass(c, f, dst, buf, len);
		break;
	case FINDING_RECORD_MISSING:
		snprintf(buf, len, "%s reached a private-link name and the "
		    "resolver %s answered NXDOMAIN: the zone is linked but "
		    "holds no record for it", classify_name(c, f->aux), dst);
		break;
	case FINDING_REGIONAL_ENDPOINT:
		snprintf(buf, len, "%s is a shared regional endpoint, which "
		    "can never go through a private endpoint: use the "
		    "account's own subdomain", name);
		break;
	case FINDING_DNS_LEAK:
		snprintf(buf, len, "query for %s sent to %s, a resolver "
		    "outside the VNet and outside Azure",
		    classify_name(c, f->aux), dst);
		break;
	case FINDING_POLICY_VIOLATION:
		policy_violation_detail(policy_rule_at(c->policy, f->rule - 1),
		    (enum label)f->label, buf, len);
		if (c->enforce == CLASSIFY_DRY_RUN)
			strncat(buf, " (dry run: would be dropped)",
			    len - strlen(buf) - 1);
		else if (f->flags & FLOW_F_DROP)
			strncat(buf, " (dropped)", len - strlen(buf) - 1);
		break;
	case FINDING_UNNAMED_EGRESS:
		snprintf(buf, len, "no DNS answer, SNI or Host names this "
		    "flow to public address %s", dst);
		break;
	default:
		snprintf(buf, len, "%s", finding_name(k));
	}
}
