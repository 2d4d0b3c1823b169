#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "check.h"
#include "http.h"

/*
 * test-http.c: request lines and the Host header, whole and cut short.
 */

/* Runs http_request_host over a string; host is "" when it fails. */
static bool
host_of(const char *s, char host[HTTP_HOST_MAX])
{
	return (http_request_host((const uint8_t *)s, strlen(s), host));
}

static bool
is_req(const char *s)
{
	return (http_is_request((const uint8_t *)s, strlen(s)));
}

static void
request_lines(void)
{
	CHECK(is_req("GET / HTTP/1.1\r\n"));
	CHECK(is_req("POST /openai/deployments HTTP/1.1\r\n"));
	CHECK(is_req("OPTIONS * HTTP/1.1\r\n"));
	CHECK(is_req("CONNECT a:443 HTTP/1.1\r\n"));
	CHECK(is_req("PATCH "));
	CHECK(!is_req("GET"));			/* no space yet */
	CHECK(!is_req("get / HTTP/1.1\r\n"));	/* methods are case-sensitive */
	CHECK(!is_req("GETX / HTTP/1.1\r\n"));
	CHECK(!is_req("BREW / HTCPCP/1.0\r\n"));
	CHECK(!is_req("HTTP/1.1 200 OK\r\n"));
	CHECK(!is_req("\x16\x03\x01\x01\x4a"));
	CHECK(!is_req(""));
}

static void
host_with_port(void)
{
	char host[HTTP_HOST_MAX];

	CHECK(host_of("GET / HTTP/1.1\r\nUser-Agent: curl/8\r\n"
	    "Host: contoso-aoai.openai.azure.com:8080\r\nAccept: */*\r\n\r\n",
	    host));
	CHECK_STR(host, "contoso-aoai.openai.azure.com");
	CHECK(host_of("GET / HTTP/1.1\r\nHost: 10.2.0.5:80\r\n\r\n", host));
	CHECK_STR(host, "10.2.0.5");
	CHECK(host_of("GET / HTTP/1.1\r\nHost: a.test:\r\n\r\n", host));
	CHECK_STR(host, "a.test");
	CHECK(!host_of("GET / HTTP/1.1\r\nHost: a.test:8x\r\n\r\n", host));
	CHECK_STR(host, "");
	CHECK(!host_of("GET / HTTP/1.1\r\nHost: :80\r\n\r\n", host));
}

static void
host_spelling(void)
{
	char host[HTTP_HOST_MAX];

	CHECK(host_of("GET / HTTP/1.1\r\nhost: lower.example\r\n\r\n", host));
	CHECK_STR(host, "lower.example");
	CHECK(host_of("GET / HTTP/1.1\r\nHOST:\t  tabs.example \t\r\n\r\n",
	    host));
	CHECK_STR(host, "tabs.example");
	CHECK(host_of("GET / HTTP/1.1\r\nHost:nows.example\r\n\r\n", host));
	CHECK_STR(host, "nows.example");
	/* Bare LF line ends (RFC 9112 section 2.2). */
	CHECK(host_of("GET / HTTP/1.0\nHost: lf.example\n\n", host));
	CHECK_STR(host, "lf.example");
	/* The first Host wins. */
	CHECK(host_of("GET / HTTP/1.1\r\nHost: one.example\r\n"
	    "Host: two.example\r\n\r\n", host));
	CHECK_STR(host, "one.example");
}

static void
no_host(void)
{
	char host[HTTP_HOST_MAX];

	CHECK(!host_of("GET / HTTP/1.0\r\nAccept: */*\r\n\r\n", host));
	CHECK_STR(host, "");
	/* Names that only start like Host, or space before the colon. */
	CHECK(!host_of("GET / HTTP/1.1\r\nHostname: x.example\r\n\r\n", host));
	CHECK(!host_of("GET / HTTP/1.1\r\nX-Host: x.example\r\n\r\n", host));
	CHECK(!host_of("GET / HTTP/1.1\r\nHost : x.example\r\n\r\n", host));
	/* A continuation line is not a header. */
	CHECK(!host_of("GET / HTTP/1.1\r\nX-A: b\r\n Host: x.example\r\n\r\n",
	    host));
	/* A Host in the body, after the blank line, is not a header. */
	CHECK(!host_of("POST / HTTP/1.1\r\nContent-Length: 20\r\n\r\n"
	    "Host: body.example\r\n", host));
	CHECK(!host_of("HTTP/1.1 200 OK\r\nHost: x.example\r\n\r\n", host));
	CHECK(!host_of("GET / HTTP/1.1\r\nHost: \r\n\r\n", host));
	CHECK(!host_of("GET / HTTP/1.1\r\nHost: a b.example\r\n\r\n", host));
}

/* Cut at every byte: nothing until the Host line's end is in. */
static void
split_headers(void)
{
	static const char req[] = "GET /v1 HTTP/1.1\r\nAccept: */*\r\n"
	    "Host: split.example:443\r\nX-After: 1\r\n\r\n";
	const char *end;
	char host[HTTP_HOST_MAX];
	size_t k, lf;
	int bad = 0;

	end = strstr(req, ":443\r\n");
	lf = (size_t)(end - req) + 5;	/* index of the Host line's LF */
	for (k = 0; k < sizeof(req); k++) {
		if (http_request_host((const uint8_t *)req, k, host) !=
		    (k > lf))
			bad++;
		else if (k > lf && strcmp(host, "split.example") != 0)
			bad++;
	}
	CHECK_INT(bad, 0);
	/* Cut inside the value: never a partial name. */
	CHECK(!http_request_host((const uint8_t *)req,
	    (size_t)(end - req), host));
	CHECK_STR(host, "");
}

static void
ipv6_literal(void)
{
	char host[HTTP_HOST_MAX];

	CHECK(host_of("GET / HTTP/1.1\r\nHost: [2001:db8::5]:8443\r\n\r\n",
	    host));
	CHECK_STR(host, "2001:db8::5");
	CHECK(host_of("GET / HTTP/1.1\r\nHost: [fd00::1]\r\n\r\n", host));
	CHECK_STR(host, "fd00::1");
	CHECK(!host_of("GET / HTTP/1.1\r\nHost: [fd00::1\r\n\r\n", host));
	CHECK(!host_of("GET / HTTP/1.1\r\nHost: [fd00::1]x\r\n\r\n", host));
	CHECK(!host_of("GET / HTTP/1.1\r\nHost: []:80\r\n\r\n", host));
}

static void
hostile_values(void)
{
	static const char nul[] = "GET / HTTP/1.1\r\nHost: a\0b\r\n\r\n";
	char req[600], host[HTTP_HOST_MAX];
	size_t n;

	/* A NUL or an escape inside the value is refused. */
	CHECK(!http_request_host((const uint8_t *)nul, sizeof(nul) - 1, host));
	CHECK(!host_of("GET / HTTP/1.1\r\nHost: a\x1b[2Jb\r\n\r\n", host));
	/* HTTP_HOST_MAX - 1 bytes fit; one more does not. */
	n = (size_t)snprintf(req, sizeof(req), "GET / HTTP/1.1\r\nHost: ");
	memset(req + n, 'h', HTTP_HOST_MAX - 1);
	strcpy(req + n + HTTP_HOST_MAX - 1, "\r\n\r\n");
	CHECK(host_of(req, host));
	CHECK_INT(strlen(host), HTTP_HOST_MAX - 1);
	memset(req + n, 'h', HTTP_HOST_MAX);
	strcpy(req + n + HTTP_HOST_MAX, "\r\n\r\n");
	CHECK(!host_of(req, host));
}

int
main(void)
{
	TEST(request_lines);
	TEST(host_with_port);
	TEST(host_spelling);
	TEST(no_host);
	TEST(split_headers);
	TEST(ipv6_literal);
	TEST(hostile_values);
	return (CHECK_DONE());
}
