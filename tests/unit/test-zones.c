#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "compat.h"
#include "zones.h"

/* test-zones.c: the zone table format and name matching (zones.c). */

static struct zones *zs;

/* The private-link zone for name, or "" when none matches. */
static const char *
pl(const char *name)
{
	const struct zone *z = zones_match_privatelink(zs, name,
	    strlen(name));

	return (z != NULL ? z->privatelink : "");
}

/* The private-link zone whose public side name lies under, or "". */
static const char *
pub(const char *name)
{
	const struct zone *z = zones_match_public(zs, name, strlen(name));

	return (z != NULL ? z->privatelink : "");
}

static void
test_default_table(void)
{
	const struct zone *z;
	size_t i;
	bool vault = false;

	CHECK(zones_count(zs) > 150);
	CHECK_STR(zones_source(zs),
	    "built-in filters/zones.txt, as of 2026-06-18");
	for (i = 0; i < zones_count(zs); i++) {
		z = zones_at(zs, i);
		CHECK(z->publics[0] != NULL);
		if (strcmp(z->privatelink, "privatelink.vaultcore.azure.net"))
			continue;
		vault = true;
		CHECK_STR(z->publics[0], "vault.azure.net");
		CHECK_STR(z->publics[1], "vaultcore.azure.net");
		CHECK(z->publics[2] == NULL);
		CHECK_STR(z->service, "Key Vault");
	}
	CHECK(vault);
	CHECK(zones_at(zs, zones_count(zs)) == NULL);
}

static void
test_public_shadow(void)
{
	CHECK_STR(pub("contoso-kv.vault.azure.net"),
	    "privatelink.vaultcore.azure.net");
	CHECK_STR(pub("contoso-kv.vaultcore.azure.net"),
	    "privatelink.vaultcore.azure.net");
	CHECK_STR(pub("contoso-aoai.openai.azure.com"),
	    "privatelink.openai.azure.com");
	CHECK_STR(pub("Contoso-AOAI.OpenAI.Azure.COM."),
	    "privatelink.openai.azure.com");
	CHECK_STR(pub("acct.blob.core.windows.net"),
	    "privatelink.blob.core.windows.net");
	CHECK_STR(pub("disk.blob.storage.azure.net"),
	    "privatelink.blob.core.windows.net");
	/* The zone apex is not a resource; a look-alike is not the zone. */
	CHECK_STR(pub("openai.azure.com"), "");
	CHECK_STR(pub("x.notopenai.azure.com"), "");
	CHECK_STR(pub("x.openai.azure.com.attacker.com"), "");
	/* Longest zone wins: scm under azurewebsites, agentsvc over the
	 * {regionCode} automation zone. */
	CHECK_STR(pub("app.scm.azurewebsites.net"),
	    "privatelink.azurewebsites.net");
	CHECK_STR(pub("ws.agentsvc.azure-automation.net"),
	    "privatelink.agentsvc.azure-automation.net");
	CHECK_STR(pub("hook.eus2.azure-automation.net"),
	    "privatelink.azure-automation.net");
	CHECK_STR(pub("contoso-kv.vault.usgovcloudapi.net"),
	    "privatelink.vaultcore.usgovcloudapi.net");
	CHECK_STR(pub("api.openai.com"), "");
	CHECK_STR(pub("x.api.openai.com"), "privatelink.api.openai.com");
}

static void
test_privatelink(void)
{
	const struct zone *z;

	CHECK_STR(pl("x.privatelink.openai.azure.com"),
	    "privatelink.openai.azure.com");
	CHECK_STR(pl("X.PrivateLink.OpenAI.Azure.com"),
	    "privatelink.openai.azure.com");
	CHECK_STR(pl("privatelink.openai.azure.com"),
	    "privatelink.openai.azure.com");
	CHECK_STR(pl("contoso-kv.privatelink.vaultcore.azure.net."),
	    "privatelink.vaultcore.azure.net");
	CHECK_STR(pl("app.scm.privatelink.azurewebsites.net"),
	    "privatelink.azurewebsites.net");
	CHECK_STR(pl("southcentralus.privatelink.api.openai.com"),
	    "privatelink.api.openai.com");
	CHECK_STR(pl("acct.eastus.privatelink.batch.azure.com"),
	    "privatelink.batch.azure.com");
	CHECK_STR(pl("contoso-aoai.openai.azure.com"), "");
	z = zones_match_privatelink(zs, "x.privatelink.openai.azure.com", 30);
	CHECK(z != NULL && strcmp(z->service, "Azure OpenAI") == 0);
}

static void
test_lookalikes(void)
{
	const char *evil = "evil-privatelink.openai.azure.com.attacker.com";
	const struct zone *z;

	CHECK_STR(pl(evil), "");
	CHECK_STR(pub(evil), "");
	CHECK_STR(pl("x.evilprivatelink.openai.azure.com"), "");
	CHECK_STR(pl("privatelink.com"), "");
	CHECK_STR(pl("a.privatelink.com"), "");
	/* Not the table's zone, but the label is Azure's mark. */
	z = zones_match_privatelink(zs,
	    "x.privatelink.openai.azure.com.attacker.com", 43);
	CHECK(z != NULL && strcmp(z->service, "unknown service") == 0);
	CHECK(z != NULL && z->publics[0] == NULL);
	CHECK_STR(pl("acct.privatelink.example.internal"), "privatelink.*");
	CHECK_STR(pl("h.privatelink-global.wvd.example.org"),
	    "privatelink-global.*");
	CHECK_STR(pl("feed.privatelink-global.wvd.microsoft.com"),
	    "privatelink-global.wvd.microsoft.com");
	CHECK_STR(pl(""), "");
	CHECK_STR(pl("."), "");
	CHECK(zones_match_privatelink(zs, "x.privatelink.openai.azure.com",
	    0) == NULL);
}

static void
test_placeholders(void)
{
	CHECK_STR(pl("aks-1.privatelink.eastus.azmk8s.io"),
	    "privatelink.{regionName}.azmk8s.io");
	CHECK_STR(pl("h.sub1.privatelink.westeurope.azmk8s.io"),
	    "privatelink.{regionName}.azmk8s.io");
	CHECK_STR(pub("aks-1.eastus.azmk8s.io"),
	    "privatelink.{regionName}.azmk8s.io");
	/* A placeholder is exactly one label. */
	CHECK_STR(pl("x.privatelink.azmk8s.io"), "privatelink.*");
	CHECK_STR(pl("x.privatelink.a.b.azmk8s.io"), "privatelink.*");
	CHECK_STR(pl("x.privatelink.e_st.azmk8s.io"), "privatelink.*");
	CHECK_STR(pub("mi.abc123.database.windows.net"),
	    "privatelink.{dnsPrefix}.database.windows.net");
	CHECK_STR(pub("server.database.windows.net"),
	    "privatelink.database.windows.net");
	CHECK_STR(pl("mi.privatelink.abc123.database.windows.net"),
	    "privatelink.{dnsPrefix}.database.windows.net");
	CHECK_STR(pl("srv.privatelink.database.windows.net"),
	    "privatelink.database.windows.net");
	/* A placeholder deeper in: the key is prometheus.monitor.azure.com. */
	CHECK_STR(pl("w.privatelink.eastus.prometheus.monitor.azure.com"),
	    "privatelink.{regionName}.prometheus.monitor.azure.com");
	CHECK_STR(pub("w.eastus.prometheus.monitor.azure.com"),
	    "privatelink.{regionName}.prometheus.monitor.azure.com");
	CHECK_STR(pub("w.prometheus.monitor.azure.com"),
	    "privatelink.monitor.azure.com");
	CHECK_STR(pub("a.b.c.d.e.f.g.h.dfs.core.windows.net"),
	    "privatelink.dfs.core.windows.net");
	CHECK_STR(pub("acct.eastus.batch.azure.com"),
	    "privatelink.batch.azure.com");
	CHECK_STR(pub("acct.eastus.service.batch.azure.com"),
	    "privatelink.batch.azure.com");
}

static void
test_regional_endpoint(void)
{
	CHECK(zones_is_regional_endpoint("eastus.api.cognitive.microsoft.com",
	    34));
	CHECK(zones_is_regional_endpoint("WestEurope.API.cognitive."
	    "microsoft.com.", 39));
	CHECK(!zones_is_regional_endpoint("api.cognitive.microsoft.com", 27));
	CHECK(!zones_is_regional_endpoint(
	    "a.eastus.api.cognitive.microsoft.com", 36));
	CHECK(!zones_is_regional_endpoint(
	    "eastus.api.cognitive.microsoft.com.evil.com", 43));
	CHECK(!zones_is_regional_endpoint(
	    "contoso.cognitiveservices.azure.com", 35));
	CHECK(!zones_is_regional_endpoint("eastus.api.cognitive.microsoft.us",
	    33));
}

/* Writes text to a temporary file and loads it; returns the table. */
static struct zones *
load_text(const char *text, char *errbuf, char *path, size_t len)
{
	struct zones *t;
	FILE *f;
	int fd;

	snprintf(path, len, "/tmp/test-zones-XXXXXX");
	if ((fd = mkstemp(path)) < 0 || (f = fdopen(fd, "w")) == NULL)
		return (NULL);
	fputs(text, f);
	fclose(f);
	t = zones_load_file(path, errbuf);
	unlink(path);
	return (t);
}

static void
test_file_format(void)
{
	char err[PW_ERRBUF_SIZE], path[64], want[PW_ERRBUF_SIZE];
	struct zones *t;

	t = load_text("# mine, as of 2020-01-02\n\n"
	    "privatelink.example.com\texample.com  other.example.net "
	    "# My service \n", err, path, sizeof(path));
	CHECK(t != NULL);
	if (t != NULL) {
		CHECK_INT(zones_count(t), 1);
		CHECK_STR(zones_at(t, 0)->service, "My service");
		CHECK_STR(zones_at(t, 0)->publics[1], "other.example.net");
		CHECK(zones_match_public(t, "a.other.example.net", 19) ==
		    zones_at(t, 0));
		snprintf(want, sizeof(want), "%s, as of 2020-01-02", path);
		CHECK_STR(zones_source(t), want);
		zones_free(t);
	}

	t = load_text("# header\nprivatelink.a.com a.com\n"
	    "privatelink.b.com\n", err, path, sizeof(path));
	CHECK(t == NULL);
	snprintf(want, sizeof(want), "%s:3: privatelink.b.com shadows no "
	    "public zone", path);
	CHECK_STR(err, want);

	t = load_text("privatelink.a.com a.com\nprivatelink.A.com b.com\n",
	    err, path, sizeof(path));
	CHECK(t == NULL);
	snprintf(want, sizeof(want), "%s:2: privatelink.a.com is already on "
	    "line 1", path);
	CHECK_STR(err, want);

	t = load_text("privatelink.{region}.a.com a.com\n", err, path,
	    sizeof(path));
	CHECK(t == NULL);
	snprintf(want, sizeof(want), "%s:1: unknown placeholder \"{region}\"",
	    path);
	CHECK_STR(err, want);

	t = load_text("privatelink.a.com {regionName}.com\n", err, path,
	    sizeof(path));
	CHECK(t == NULL && strstr(err, ":1: zone \"{regionName}.com\" needs "
	    "two literal labels") != NULL);
	t = load_text("public.a.com a.com\n", err, path, sizeof(path));
	CHECK(t == NULL && strstr(err, ":1: public.a.com has no label "
	    "\"privatelink\"") != NULL);
	t = load_text("privatelink.a..com a.com\n", err, path, sizeof(path));
	CHECK(t == NULL && strstr(err, ":1: bad zone name") != NULL);
	t = load_text("# nothing\n", err, path, sizeof(path));
	CHECK(t == NULL && strstr(err, ": no zones") != NULL);
	t = zones_load_file("/nonexistent/zones.txt", err);
	CHECK(t == NULL);
	CHECK_STR(err, "/nonexistent/zones.txt: No such file or directory");
}

int
main(void)
{
	char err[PW_ERRBUF_SIZE];

	zs = zones_load_default(err);
	if (zs == NULL) {
		fprintf(stderr, "zones_load_default: %s\n", err);
		printf("FAIL: test_default_table\n");
		return (1);
	}
	TEST(test_default_table);
	TEST(test_public_shadow);
	TEST(test_privatelink);
	TEST(test_lookalikes);
	TEST(test_placeholders);
	TEST(test_regional_endpoint);
	TEST(test_file_format);
	zones_free(zs);
	return (CHECK_DONE());
}
