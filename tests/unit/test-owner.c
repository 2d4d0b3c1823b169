#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "compat.h"
#include "owner.h"

/*
 * test-owner.c: address owners from MaxMind databases (owner.c).  The
 * databases are built here, in a temporary folder, by the project's own
 * tools from tests/data/, so the tools are tested too.
 */

static char dir[] = "/tmp/test-owner-XXXXXX";
static char asn_db[64], tags_db[64], country_db[64];
static struct owner_db *db;

/* Looks the address given as text up. */
static struct owner_info
look(const char *s)
{
	struct owner_info oi;
	struct addr a;

	memset(&oi, 0x55, sizeof(oi));
	if (addr_parse(&a, s) != 0)
		fprintf(stderr, "bad test address %s\n", s);
	owner_lookup(db, &a, &oi);
	return (oi);
}

static void
test_asn(void)
{
	struct owner_info oi;

	CHECK(owner_has_asn(db));
	oi = look("192.0.2.77");
	CHECK_INT(oi.asn, 8075);
	CHECK_STR(oi.as_org, "MICROSOFT-CORP-MSN-AS-BLOCK");
	oi = look("198.51.100.255");
	CHECK_INT(oi.asn, 8068);
	oi = look("203.0.113.127");
	CHECK_INT(oi.asn, 64500);
	CHECK_STR(oi.as_org, "EXAMPLE-INTERNET, \"Inc.\"");
	CHECK_STR(oi.service_tag, "");
	CHECK(!oi.microsoft);
	/* Outside every range: nothing, and no stale bytes. */
	oi = look("203.0.113.128");
	CHECK_INT(oi.asn, 0);
	CHECK_STR(oi.as_org, "");
	CHECK_STR(oi.country, "");
	CHECK(!oi.microsoft);
	oi = look("2001:db8::1");
	CHECK_INT(oi.asn, 8075);
	CHECK(oi.microsoft);
	oi = look("2001:db8:1:2::3");
	CHECK_INT(oi.asn, 64501);
	CHECK_STR(oi.as_org, "Ex\xc3\xa4mple \xc3\x9cnicode");
	oi = look("2001:db8:2::1");
	CHECK_INT(oi.asn, 0);
}

static void
test_service_tags(void)
{
	struct owner_info oi;

	oi = look("192.0.2.5");
	CHECK_STR(oi.service_tag, "AzureCloud.swedencentral");
	CHECK(oi.microsoft);
	oi = look("192.0.2.130");
	CHECK_STR(oi.service_tag, "Storage");
	oi = look("198.51.100.10");
	CHECK_STR(oi.service_tag, "CognitiveServicesFrontend");
	oi = look("198.51.100.70");
	CHECK_STR(oi.service_tag, "Storage.EastUS");
	oi = look("198.51.100.200");
	CHECK_STR(oi.service_tag, "AzureCloud");
	oi = look("2001:db8:100::9");
	CHECK_STR(oi.service_tag, "AzureCloud.swedencentral");
	oi = look("2001:db8:1::9");	/* AzureCloud's 2001:db8::/32 */
	CHECK_STR(oi.service_tag, "AzureCloud");
	CHECK_INT(oi.asn, 64501);
	CHECK(oi.microsoft);		/* by the tag, not the AS */
}

static void
test_country(void)
{
	struct owner_info oi;

	oi = look("192.0.2.1");
	CHECK_STR(oi.country, "SE");
	oi = look("192.0.2.200");
	CHECK_STR(oi.country, "");
	oi = look("198.51.100.1");
	CHECK_STR(oi.country, "US");
	oi = look("203.0.113.1");	/* "XYZ" is no ISO code */
	CHECK_STR(oi.country, "");
}

static void
test_microsoft_set(void)
{
	char err[PW_ERRBUF_SIZE], path[] = "/tmp/test-owner-asns-XXXXXX";
	struct owner_paths p = { NULL, NULL, NULL, NULL };
	struct owner_db *o;
	FILE *f;
	int fd;

	CHECK(owner_asn_is_microsoft(db, 8075));
	CHECK(owner_asn_is_microsoft(db, 12076));
	CHECK(owner_asn_is_microsoft(db, 8074));
	CHECK(owner_asn_is_microsoft(db, 63314));	/* community list */
	CHECK(!owner_asn_is_microsoft(db, 13335));
	CHECK(!owner_asn_is_microsoft(db, 0));

	fd = mkstemp(path);
	CHECK(fd >= 0 && (f = fdopen(fd, "w")) != NULL);
	if (fd < 0)
		return;
	fputs("# mine\nAS64500  # lab\n64501\n", f);
	fclose(f);
	p.msft_asns = path;
	o = owner_open(&p, err);
	CHECK(o != NULL);
	CHECK(owner_asn_is_microsoft(o, 64500));
	CHECK(owner_asn_is_microsoft(o, 64501));
	CHECK(!owner_asn_is_microsoft(o, 8075));
	CHECK(!owner_has_asn(o));
	owner_close(o);

	f = fopen(path, "w");
	fputs("AS8075\nAS80x75\n", f);
	fclose(f);
	CHECK(owner_open(&p, err) == NULL);
	CHECK(strstr(err, ":2: bad AS number \"AS80x75\"") != NULL);
	unlink(path);
}

static void
test_open_errors(void)
{
	char err[PW_ERRBUF_SIZE], want[PW_ERRBUF_SIZE];
	struct owner_paths p = { NULL, NULL, NULL, NULL };

	p.asn_db = "/nonexistent/asn.mmdb";
	CHECK(owner_open(&p, err) == NULL);
	CHECK(strncmp(err, "/nonexistent/asn.mmdb: ", 23) == 0);
	/* A database in the wrong slot is refused by its type. */
	p.asn_db = tags_db;
	CHECK(owner_open(&p, err) == NULL);
	snprintf(want, sizeof(want), "%s: a \"pathwatch-ServiceTags\" "
	    "database is not an ASN database", tags_db);
	CHECK_STR(err, want);
	p.asn_db = NULL;
	p.tags_db = asn_db;
	CHECK(owner_open(&p, err) == NULL);
	p.tags_db = NULL;
	p.asn_db = "tests/data/asn-test.csv";
	CHECK(owner_open(&p, err) == NULL);
	CHECK(strstr(err, "asn-test.csv: ") != NULL);
}

static void
test_describe(void)
{
	char a[256], t[256], c[256], want[256];
	struct owner_paths p = { NULL, NULL, NULL, NULL };
	struct owner_db *o;

	owner_describe(db, a, t, c, sizeof(a));
	snprintf(want, sizeof(want), ", %s", asn_db);
	CHECK(strncmp(a, "pathwatch-ASN, built 20", 23) == 0);
	CHECK(strlen(a) > strlen(want) &&
	    strcmp(a + strlen(a) - strlen(want), want) == 0);
	CHECK(strncmp(t, "pathwatch-ServiceTags, built ", 29) == 0);
	CHECK(strncmp(c, "pathwatch-test-Country, built ", 30) == 0);
	/* RFC 3339 UTC: 2026-06-17T19:00:00Z */
	CHECK(strlen(a) > 41 && a[25] == '-' && a[31] == 'T' && a[40] == 'Z');
	o = owner_open(&p, a);
	owner_describe(o, a, t, c, sizeof(a));
	CHECK_STR(a, "none");
	CHECK_STR(t, "none");
	CHECK_STR(c, "none");
	owner_close(o);
}

/*
 * The whole-world database of make data, when it was built: $PW_ASN_DB or
 * build/data/asn.mmdb.  Addresses from DESIGN.md's label table.
 */
static void
test_world(void)
{
	const char *path = getenv("PW_ASN_DB");
	struct owner_paths p = { NULL, NULL, NULL, NULL };
	struct owner_db *saved = db;
	char err[PW_ERRBUF_SIZE];
	struct owner_info oi;

	if (path == NULL)
		path = "build/data/asn.mmdb";
	if (access(path, R_OK) != 0) {
		printf("SKIP: test_world (no %s; run make data)\n", path);
		return;
	}
	p.asn_db = path;
	if ((db = owner_open(&p, err)) == NULL) {
		fprintf(stderr, "%s\n", err);
		printf("FAIL: test_world\n");
		check_cases_failed++;
		db = saved;
		return;
	}
	check_failures = 0;
	oi = look("20.42.65.92");
	CHECK_INT(oi.asn, 8075);
	CHECK(oi.microsoft);
	oi = look("104.18.32.7");
	CHECK_INT(oi.asn, 13335);
	CHECK(!oi.microsoft);
	oi = look("10.2.0.5");
	CHECK_INT(oi.asn, 0);
	printf("%s: test_world\n", check_failures ? "FAIL" : "PASS");
	check_cases_failed += check_failures != 0;
	owner_close(db);
	db = saved;
}

/* Runs tool with out and in; true when it exited 0. */
static bool
run(const char *tool, const char *out, const char *in)
{
	char cmd[512];

	snprintf(cmd, sizeof(cmd), "%s %s %s 2>/dev/null", tool, out, in);
	if (system(cmd) != 0) {
		fprintf(stderr, "failed: %s\n", cmd);
		return (false);
	}
	return (true);
}

int
main(void)
{
	struct owner_paths p;
	char err[PW_ERRBUF_SIZE];

	if (mkdtemp(dir) == NULL)
		return (1);
	snprintf(asn_db, sizeof(asn_db), "%s/asn.mmdb", dir);
	snprintf(tags_db, sizeof(tags_db), "%s/tags.mmdb", dir);
	snprintf(country_db, sizeof(country_db), "%s/country.mmdb", dir);
	if (!run("tools/mkasn-db.pl -o", asn_db, "tests/data/asn-test.csv") ||
	    !run("tools/servicetags2mmdb -o", tags_db,
	    "tests/data/ServiceTags_Public_test.json") ||
	    !run("tests/data/mkcountry-test.pl", country_db, "")) {
		printf("FAIL: build test databases (run from the repo root "
		    "after make deps)\n");
		return (1);
	}
	p.asn_db = asn_db;
	p.tags_db = tags_db;
	p.country_db = country_db;
	p.msft_asns = NULL;
	if ((db = owner_open(&p, err)) == NULL) {
		fprintf(stderr, "owner_open: %s\n", err);
		printf("FAIL: owner_open\n");
		return (1);
	}
	TEST(test_asn);
	TEST(test_service_tags);
	TEST(test_country);
	TEST(test_microsoft_set);
	TEST(test_open_errors);
	TEST(test_describe);
	test_world();
	owner_close(db);
	unlink(asn_db);
	unlink(tags_db);
	unlink(country_db);
	rmdir(dir);
	return (CHECK_DONE());
}
