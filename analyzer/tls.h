/*
 * tls.h: the server name of a TLS ClientHello (RFC 8446 section 4.1.2,
 * server_name extension RFC 6066 section 3).  Works on the first bytes a
 * client sent on a connection; the caller reassembles them when the hello
 * spans segments.
 */
#ifndef PW_TLS_H
#define PW_TLS_H

#include <stddef.h>
#include <stdint.h>

#define TLS_SNI_MAX	256		/* buffer size for a host name */

enum tls_result {
	TLS_SNI_FOUND,		/* sni holds the host_name */
	TLS_SNI_NONE,		/* a whole ClientHello without one */
	TLS_NEED_MORE,		/* a ClientHello that is not all here yet */
	TLS_NOT_HELLO		/* not a TLS handshake record at all */
};

/*
 * Looks for the SNI in buf, the client's first len bytes.  On
 * TLS_NEED_MORE, *want is the byte count that would complete the hello
 * (the caller may give up if that is too large): always more than len, a
 * lower bound, exact when the rest belongs to the record whose header is
 * here.  TLS_SNI_FOUND comes as soon as the host name's bytes are in,
 * before the rest of the hello.  sni is NUL-terminated; bytes are kept as
 * sent, outputs escape them.  A name with a NUL or of TLS_SNI_MAX bytes
 * or more is never cut: the hello counts as TLS_NOT_HELLO (malformed).
 */
enum tls_result tls_client_hello_sni(const uint8_t *buf, size_t len,
		    char sni[TLS_SNI_MAX], size_t *want);

#endif
