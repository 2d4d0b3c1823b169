/*
 * test-classify.c: labels in DESIGN.md's order, the private-endpoint
 * findings with their causes, and the sentences that explain them.  The
 * owner cases use the e2e test ASN database (PW_TEST_ASN_DB) and are
 * skipped where it has not been built.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "compat.h"
#include "classify.h"
#include "filters-data.h"
#include "policy.h"

static struct classify_ctx cx;
static char errbuf[PW_ERRBUF_SIZE];

static void
setup(const char *asn_db)
{
	struct owner_paths op = { asn_db, NULL, NULL, NULL };

	memset(&cx, 0, sizeof(cx));
	cx.names = strpool_create(1024);
	cx.dns = dnscache_create(cx.names, 64, 64);
	cx.zones = zones_load_default(errbuf);
	cx.private_space = netset_create();
	cx.platform = netset_create();
	cx.local = netset_create();
	cx.endpoints = netset_create();
	netset_add_text(cx.private_space, filters_private_txt, "private",
	    errbuf);
	netset_add_text(cx.platform, filters_platform_txt, "platform",
	    errbuf);
	cx.owner = owner_open(&op, errbuf);
}

static void
teardown(void)
{
	dnscache_free(cx.dns);
	strpool_free(cx.names);
	zones_free(cx.zones);
	netset_free(cx.private_space);
	netset_free(cx.platform);
	netset_free(cx.local);
	netset_free(cx.endpoints);
	owner_close(cx.owner);
	policy_free(cx.policy);
}

static uint32_t
name(const char *s)
{
	return (strpool_intern(cx.names, s, strlen(s)));
}

static void
mkflow(struct flow *f, const char *dst, uint16_t port)
{
	memset(f, 0, sizeof(*f));
	addr_parse(&f->cli, "10.52.32.4");
	addr_parse(&f->srv, dst);
	f->cport = 50110;
	f->sport = port;
	f->proto = PKT_PROTO_TCP;
}

/* An answer naming query -> privatelink alias, as the engine builds it. */
static uint32_t
mkanswer(const char *query, const char *alias)
{
	uint32_t id = dnscache_answer_new(cx.dns);
	struct dns_answer *a = dnscache_answer(cx.dns, id);

	a->names[a->nnames++] = name(query);
	if (alias != NULL) {
		a->names[a->nnames++] = name(alias);
		a->via_privatelink = true;
		a->pl_index = 1;
	}
	a->ttl = 10;
	return (id);
}

static void
test_order(void)
{
	struct flow f;

	setup(NULL);
	mkflow(&f, "127.0.0.1", 8080);
	classify_flow(&cx, &f);
	CHECK_STR(label_name(f.label), "local");
	mkflow(&f, "168.63.129.16", 53);
	classify_flow(&cx, &f);
	CHECK_STR(label_name(f.label), "platform");
	mkflow(&f, "169.254.169.254", 80);
	classify_flow(&cx, &f);
	CHECK_STR(label_name(f.label), "platform");
	mkflow(&f, "10.3.0.7", 5432);
	classify_flow(&cx, &f);
	CHECK_STR(label_name(f.label), "vnet-private");
	mkflow(&f, "100.64.1.1", 443);
	classify_flow(&cx, &f);
	CHECK_STR(label_name(f.label), "vnet-private");
	mkflow(&f, "fd00:52:8::4", 443);
	classify_flow(&cx, &f);
	CHECK_STR(label_name(f.label), "vnet-private");
	teardown();
}

static void
test_private_link(void)
{
	char reason[768];
	struct flow f;

	setup(NULL);
	mkflow(&f, "10.52.8.4", 443);
	f.answer = mkanswer("contoso-aoai.openai.azure.com",
	    "contoso-aoai.privatelink.openai.azure.com");
	f.name = dnscache_answer(cx.dns, f.answer)->names[0];
	CHECK_INT(classify_flow(&cx, &f), 0);
	CHECK_STR(label_name(f.label), "private-link");
	CHECK(strpool_marks(cx.names, f.name) & STRPOOL_M_PL_FLOW);
	classify_reason(&cx, &f, NULL, reason, sizeof(reason));
	CHECK(strstr(reason, "10.52.8.4 is private and "
	    "contoso-aoai.openai.azure.com resolved to it through "
	    "contoso-aoai.privatelink.openai.azure.com") != NULL);
	/* Declared with --private-endpoint, no DNS needed. */
	netset_add(cx.endpoints, "10.52.8.9", errbuf);
	mkflow(&f, "10.52.8.9", 443);
	classify_flow(&cx, &f);
	CHECK_STR(label_name(f.label), "private-link");
	teardown();
}

static void
test_vnet_public_range(void)
{
	struct flow f;

	setup(NULL);
	netset_add(cx.private_space, "20.0.0.0/8", errbuf);
	mkflow(&f, "20.42.65.92", 443);
	classify_flow(&cx, &f);
	CHECK_STR(label_name(f.label), "vnet-private");
	teardown();
}

static void
test_owner_labels(void)
{
	const char *db = getenv("PW_TEST_ASN_DB");
	char reason[768];
	struct owner_info ow;
	struct flow f;

	if (db == NULL || access(db, R_OK) != 0) {
		printf("SKIP: test_owner_labels (no PW_TEST_ASN_DB)\n");
		return;
	}
	setup(db);
	mkflow(&f, "20.42.65.92", 443);
	classify_flow(&cx, &f);
	CHECK_STR(label_name(f.label), "backbone-public");
	owner_lookup(cx.owner, &f.srv, &ow);
	classify_reason(&cx, &f, &ow, reason, sizeof(reason));
	CHECK_STR(reason, "20.42.65.92 is public and owned by Microsoft "
	    "(AS8075 MICROSOFT-CORP-MSN-AS-BLOCK)");
	mkflow(&f, "104.18.32.7", 443);
	CHECK_INT(classify_flow(&cx, &f), 0);
	CHECK_STR(label_name(f.label), "internet-egress");
	CHECK_INT(classify_flow_end(&cx, &f),
	    FINDING_BIT(FINDING_UNNAMED_EGRESS));
	teardown();
}

static void
test_no_owner_db(void)
{
	char reason[768];
	struct flow f;

	setup(NULL);
	mkflow(&f, "20.42.65.92", 443);
	classify_flow(&cx, &f);
	CHECK_STR(label_name(f.label), "internet-egress");
	classify_reason(&cx, &f, NULL, reason, sizeof(reason));
	CHECK_STR(reason, "20.42.65.92 is public and its owner is unknown "
	    "(no ASN database)");
	teardown();
}

/* The private-link CNAME resolved to a public address. */
static void
test_bypass_public_cname(void)
{
	char detail[640];
	struct flow f;

	setup(NULL);
	mkflow(&f, "20.42.65.92", 443);
	f.answer = mkanswer("contoso-aoai.openai.azure.com",
	    "contoso-aoai.privatelink.openai.azure.com");
	f.name = dnscache_answer(cx.dns, f.answer)->names[0];
	CHECK_INT(classify_flow(&cx, &f), FINDING_BIT(FINDING_PE_BYPASSED));
	CHECK_INT(f.bypass_cause, BYPASS_PUBLIC_CNAME);
	classify_detail(&cx, &f, FINDING_PE_BYPASSED, detail, sizeof(detail));
	CHECK(strstr(detail, "contoso-aoai.openai.azure.com went public: "
	    "private-link CNAME contoso-aoai.privatelink.openai.azure.com "
	    "resolved to public address 20.42.65.92") != NULL);
	/* Reported once: a second look adds nothing. */
	CHECK_INT(classify_flow(&cx, &f), 0);
	teardown();
}

/* DNS said private, the flow (named by SNI) went to a public address. */
static void
test_bypass_pinned(void)
{
	char detail[640];
	struct addr pe;
	struct flow f;

	setup(NULL);
	mkflow(&f, "198.51.100.10", 443);
	f.name = name("contoso-aoai.openai.azure.com");
	f.name_source = FLOW_NAME_SNI;
	addr_parse(&pe, "10.52.8.4");
	strpool_mark(cx.names, f.name, STRPOOL_M_PL_CNAME |
	    STRPOOL_M_PRIVATE_ANS);
	strpool_set_private_addr(cx.names, f.name, &pe);
	CHECK_INT(classify_flow(&cx, &f), FINDING_BIT(FINDING_PE_BYPASSED));
	CHECK_INT(f.bypass_cause, BYPASS_PRIVATE_UNUSED);
	classify_detail(&cx, &f, FINDING_PE_BYPASSED, detail, sizeof(detail));
	CHECK(strstr(detail, "DNS answered private address 10.52.8.4, but "
	    "the flow used 198.51.100.10") != NULL);
	teardown();
}

/* A name only declared (--private-endpoint ADDR=NAME), never resolved. */
static void
test_bypass_declared_no_dns(void)
{
	struct flow f;

	setup(NULL);
	mkflow(&f, "198.51.100.10", 443);
	f.name = name("kv-prod.vault.azure.net");
	strpool_mark(cx.names, f.name, STRPOOL_M_DECLARED);
	CHECK_INT(classify_flow(&cx, &f), FINDING_BIT(FINDING_PE_BYPASSED));
	CHECK_INT(f.bypass_cause, BYPASS_NO_DNS);
	/* A public name nobody reaches privately is just public. */
	mkflow(&f, "198.51.100.11", 443);
	f.name = name("cosmos.documents.azure.com");
	CHECK_INT(classify_flow(&cx, &f), 0);
	teardown();
}

static void
test_regional_endpoint(void)
{
	struct flow f;

	setup(NULL);
	mkflow(&f, "198.51.100.12", 443);
	f.sni = name("eastus.api.cognitive.microsoft.com");
	CHECK_INT(classify_flow(&cx, &f),
	    FINDING_BIT(FINDING_REGIONAL_ENDPOINT));
	teardown();
}

static void
test_policy_violation(void)
{
	char detail[640];
	struct flow f;

	setup(NULL);
	cx.policy = policy_load_text("*.openai.azure.com private-link\n"
	    "* !internet-egress\n", "test.conf", errbuf);
	CHECK(cx.policy != NULL);
	cx.enforce = CLASSIFY_ENFORCE;
	mkflow(&f, "10.52.8.4", 443);
	f.answer = mkanswer("contoso-aoai.openai.azure.com",
	    "contoso-aoai.privatelink.openai.azure.com");
	f.name = dnscache_answer(cx.dns, f.answer)->names[0];
	CHECK_INT(classify_flow(&cx, &f), 0);
	CHECK(!(f.flags & FLOW_F_DROP));
	mkflow(&f, "203.0.113.10", 443);
	CHECK_INT(classify_flow(&cx, &f) &
	    FINDING_BIT(FINDING_POLICY_VIOLATION),
	    FINDING_BIT(FINDING_POLICY_VIOLATION));
	CHECK_INT(f.rule, 2);
	CHECK(f.flags & FLOW_F_DROP);
	classify_detail(&cx, &f, FINDING_POLICY_VIOLATION, detail,
	    sizeof(detail));
	CHECK(strstr(detail, "test.conf:2") != NULL);
	CHECK(strstr(detail, "(dropped)") != NULL);
	teardown();
}

int
main(void)
{
	TEST(test_order);
	TEST(test_private_link);
	TEST(test_vnet_public_range);
	TEST(test_owner_labels);
	TEST(test_no_owner_db);
	TEST(test_bypass_public_cname);
	TEST(test_bypass_pinned);
	TEST(test_bypass_declared_no_dns);
	TEST(test_regional_endpoint);
	TEST(test_policy_violation);
	return (CHECK_DONE());
}
