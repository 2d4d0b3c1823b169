/*
 * http.h: the Host header of an HTTP/1 request (RFC 9112 section 3.2),
 * from the first bytes a client sent on a plain-text connection.
 */
#ifndef PW_HTTP_H
#define PW_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HTTP_HOST_MAX	256

/*
 * True when buf starts with an HTTP/1 request line and a Host header is
 * found in the header bytes present; host gets its value without the port,
 * NUL-terminated.
 */
bool	http_request_host(const uint8_t *buf, size_t len,
	    char host[HTTP_HOST_MAX]);

/* True when buf looks like the start of an HTTP/1 request line. */
bool	http_is_request(const uint8_t *buf, size_t len);

#endif
