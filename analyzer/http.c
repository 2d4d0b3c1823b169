#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "http.h"
#include "rd.h"

/*
 * http.c: the Host of an HTTP/1 request, from the first bytes a client
 * sent (RFC 9112 sections 3 and 5, Host in RFC 9110 section 7.2).  Only
 * what the bytes given show: a header cut off by the end of the segment
 * is not guessed at.
 */

/* RFC 9110 section 9 and the registry's common extension PATCH. */
static const char *const http_methods[] = {
	"GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH",
	"CONNECT", "TRACE",
};

#define HTTP_NMETHODS	(sizeof(http_methods) / sizeof(http_methods[0]))

/* The bytes left in r, as one span; r itself does not move. */
static const uint8_t *
http_peek(const struct rd *r, size_t *n)
{
	struct rd t = *r;

	*n = t.left;
	return (rd_bytes(&t, t.left));
}

/*
 * Takes one line ending in LF (RFC 9112 section 2.2 lets a recipient take
 * a bare LF as the end too) and drops its CR.  False when the line does
 * not end inside r.
 */
static bool
http_line(struct rd *r, const uint8_t **line, size_t *n)
{
	const uint8_t *p, *lf;
	size_t have, k;

	if ((p = http_peek(r, &have)) == NULL || have == 0)
		return (false);
	if ((lf = memchr(p, '\n', have)) == NULL)
		return (false);
	k = (size_t)(lf - p);
	*line = rd_bytes(r, k + 1);
	if (*line == NULL)
		return (false);
	if (k > 0 && p[k - 1] == '\r')
		k--;
	*n = k;
	return (true);
}

static bool
http_is_ows(uint8_t c)
{
	return (c == ' ' || c == '\t');
}

static bool
http_is_digits(const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] < '0' || p[i] > '9')
			return (false);
	return (true);
}

/* True for bytes a host may not hold: controls, space, DEL. */
static bool
http_is_ctl(uint8_t c)
{
	return (c <= ' ' || c == 0x7f);
}

/*
 * Splits Host = uri-host [ ":" port ] (RFC 9110 section 7.2, RFC 3986
 * section 3.2.2) and keeps the host: a reg-name or IPv4 address as sent,
 * an IP-literal without its brackets.  False for a value that is not one.
 */
static bool
http_host_value(const uint8_t *v, size_t n, char host[HTTP_HOST_MAX])
{
	const uint8_t *p;
	size_t start, hn, rest, i;

	if (n > 0 && v[0] == '[') {
		if ((p = memchr(v, ']', n)) == NULL)
			return (false);
		start = 1;
		hn = (size_t)(p - v) - 1;
		rest = start + hn + 1;
	} else {
		p = memchr(v, ':', n);
		start = 0;
		hn = p != NULL ? (size_t)(p - v) : n;
		rest = hn;
	}
	/* After the host: nothing, or ":" and a port, which may be empty. */
	if (rest < n && (v[rest] != ':' ||
	    !http_is_digits(v + rest + 1, n - rest - 1)))
		return (false);
	if (hn == 0 || hn >= HTTP_HOST_MAX)
		return (false);
	for (i = 0; i < hn; i++)
		if (http_is_ctl(v[start + i]))
			return (false);
	memcpy(host, v + start, hn);
	host[hn] = '\0';
	return (true);
}

bool
http_is_request(const uint8_t *buf, size_t len)
{
	struct rd r;
	const uint8_t *p;
	size_t i, mlen;

	for (i = 0; i < HTTP_NMETHODS; i++) {
		mlen = strlen(http_methods[i]);
		r = rd_make(buf, len);
		p = rd_bytes(&r, mlen + 1);
		if (p != NULL && memcmp(p, http_methods[i], mlen) == 0 &&
		    p[mlen] == ' ')
			return (true);
	}
	return (false);
}

/*
 * Header fields (RFC 9112 section 5): field-name ":" OWS field-value OWS,
 * no space before the colon.  The first Host wins; a line that starts
 * with space or tab is an obsolete continuation and is never a Host.
 */
bool
http_request_host(const uint8_t *buf, size_t len, char host[HTTP_HOST_MAX])
{
	struct rd r;
	const uint8_t *line;
	size_t n, b, e;

	host[0] = '\0';
	if (!http_is_request(buf, len))
		return (false);
	r = rd_make(buf, len);
	if (!http_line(&r, &line, &n))
		return (false);
	while (http_line(&r, &line, &n)) {
		if (n == 0)
			return (false);		/* end of the header section */
		if (n < 5 || strncasecmp((const char *)line, "host:", 5) != 0)
			continue;
		b = 5;
		e = n;
		while (b < e && http_is_ows(line[b]))
			b++;
		while (e > b && http_is_ows(line[e - 1]))
			e--;
		return (http_host_value(line + b, e - b, host));
	}
	return (false);
}
