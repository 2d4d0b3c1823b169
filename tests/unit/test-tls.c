#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "check.h"
#include "tls.h"

/*
 * test-tls.c: the SNI of real and hand-built ClientHellos, whole, cut at
 * every byte and split over records, and hellos that lie about lengths.
 */

/*
 * Captured on loopback: "openssl s_client -connect 127.0.0.1:24433
 * -servername contoso-aoai.openai.azure.com" (OpenSSL 3) against our own
 * s_server, the client's first TCP payload (335 bytes, one record).
 */
static const uint8_t hello_real[] = {
	0x16, 0x03, 0x01, 0x01, 0x4a, 0x01, 0x00, 0x01, 0x46, 0x03, 0x03, 0x73,
	0x31, 0x75, 0xe0, 0x1d, 0x72, 0xd9, 0x58, 0xe3, 0x3f, 0x95, 0x57, 0xc1,
	0x98, 0x54, 0x9b, 0xba, 0x2d, 0x9f, 0xb7, 0x79, 0xb5, 0x66, 0x24, 0x8f,
	0xff, 0xe9, 0x11, 0x8d, 0x43, 0x81, 0x02, 0x20, 0x54, 0x36, 0xdf, 0xfd,
	0x9d, 0x78, 0x8c, 0x75, 0x67, 0x50, 0x20, 0x14, 0x74, 0x77, 0x21, 0x72,
	0x5d, 0xe0, 0x37, 0x5b, 0x90, 0xac, 0x46, 0xf9, 0x60, 0xd6, 0x48, 0xdd,
	0xae, 0xb4, 0x23, 0xaf, 0x00, 0x3e, 0x13, 0x02, 0x13, 0x03, 0x13, 0x01,
	0xc0, 0x2c, 0xc0, 0x30, 0x00, 0x9f, 0xcc, 0xa9, 0xcc, 0xa8, 0xcc, 0xaa,
	0xc0, 0x2b, 0xc0, 0x2f, 0x00, 0x9e, 0xc0, 0x24, 0xc0, 0x28, 0x00, 0x6b,
	0xc0, 0x23, 0xc0, 0x27, 0x00, 0x67, 0xc0, 0x0a, 0xc0, 0x14, 0x00, 0x39,
	0xc0, 0x09, 0xc0, 0x13, 0x00, 0x33, 0x00, 0x9d, 0x00, 0x9c, 0x00, 0x3d,
	0x00, 0x3c, 0x00, 0x35, 0x00, 0x2f, 0x00, 0xff, 0x01, 0x00, 0x00, 0xbf,
	0x00, 0x00, 0x00, 0x22, 0x00, 0x20, 0x00, 0x00, 0x1d, 0x63, 0x6f, 0x6e,
	0x74, 0x6f, 0x73, 0x6f, 0x2d, 0x61, 0x6f, 0x61, 0x69, 0x2e, 0x6f, 0x70,
	0x65, 0x6e, 0x61, 0x69, 0x2e, 0x61, 0x7a, 0x75, 0x72, 0x65, 0x2e, 0x63,
	0x6f, 0x6d, 0x00, 0x0b, 0x00, 0x04, 0x03, 0x00, 0x01, 0x02, 0x00, 0x0a,
	0x00, 0x16, 0x00, 0x14, 0x00, 0x1d, 0x00, 0x17, 0x00, 0x1e, 0x00, 0x19,
	0x00, 0x18, 0x01, 0x00, 0x01, 0x01, 0x01, 0x02, 0x01, 0x03, 0x01, 0x04,
	0x00, 0x23, 0x00, 0x00, 0x00, 0x16, 0x00, 0x00, 0x00, 0x17, 0x00, 0x00,
	0x00, 0x0d, 0x00, 0x2a, 0x00, 0x28, 0x04, 0x03, 0x05, 0x03, 0x06, 0x03,
	0x08, 0x07, 0x08, 0x08, 0x08, 0x09, 0x08, 0x0a, 0x08, 0x0b, 0x08, 0x04,
	0x08, 0x05, 0x08, 0x06, 0x04, 0x01, 0x05, 0x01, 0x06, 0x01, 0x03, 0x03,
	0x03, 0x01, 0x03, 0x02, 0x04, 0x02, 0x05, 0x02, 0x06, 0x02, 0x00, 0x2b,
	0x00, 0x09, 0x08, 0x03, 0x04, 0x03, 0x03, 0x03, 0x02, 0x03, 0x01, 0x00,
	0x2d, 0x00, 0x02, 0x01, 0x01, 0x00, 0x33, 0x00, 0x26, 0x00, 0x24, 0x00,
	0x1d, 0x00, 0x20, 0x1b, 0xe6, 0xb2, 0x7e, 0xc3, 0x6c, 0x1e, 0x2f, 0xb6,
	0xfa, 0x2a, 0x24, 0x17, 0x1f, 0x3d, 0xc1, 0x17, 0xad, 0xd0, 0xcc, 0x55,
	0x2b, 0xda, 0xb0, 0x2d, 0xdc, 0xe6, 0xcd, 0x69, 0xa6, 0xae, 0x41
};

#define REAL_SNI	"contoso-aoai.openai.azure.com"
#define REAL_SNI_END	182	/* offset just past the host name */

static enum tls_result
sni_of(const uint8_t *b, size_t n, char sni[TLS_SNI_MAX], size_t *want)
{
	return (tls_client_hello_sni(b, n, sni, want));
}

/* Appends big-endian fields to a byte buffer. */
static size_t
put(uint8_t *b, size_t o, uint32_t v, int bytes)
{
	while (bytes-- > 0)
		b[o++] = (uint8_t)(v >> (8 * bytes));
	return (o);
}

static size_t
put_mem(uint8_t *b, size_t o, const void *p, size_t n)
{
	memcpy(b + o, p, n);
	return (o + n);
}

/* A server_name extension holding one host_name of n bytes. */
static size_t
sni_ext(uint8_t *b, const char *name, size_t n)
{
	size_t o = 0;

	o = put(b, o, 0, 2);
	o = put(b, o, n + 5, 2);
	o = put(b, o, n + 3, 2);
	o = put(b, o, 0, 1);
	o = put(b, o, n, 2);
	return (put_mem(b, o, name, n));
}

/* Offsets in the message hello_msg builds. */
#define HM_SID_LEN	38	/* 4 header, 2 version, 32 random */
#define HM_CS_LEN	71	/* after a 32-byte session id */
#define HM_COMP_LEN	77
#define HM_EXT_LEN	79
#define HM_EXTS		81

/* A ClientHello handshake message; ext == NULL leaves extensions out. */
static size_t
hello_msg(uint8_t *b, const uint8_t *ext, size_t extlen)
{
	static const uint8_t suites[] = { 0x13, 0x01, 0x13, 0x02 };
	uint8_t fill[32];
	size_t o = 4;

	o = put(b, o, 0x0303, 2);
	memset(fill, 0x11, sizeof(fill));
	o = put_mem(b, o, fill, 32);
	o = put(b, o, 32, 1);
	memset(fill, 0x22, sizeof(fill));
	o = put_mem(b, o, fill, 32);
	o = put(b, o, sizeof(suites), 2);
	o = put_mem(b, o, suites, sizeof(suites));
	o = put(b, o, 1, 1);
	o = put(b, o, 0, 1);
	if (ext != NULL) {
		o = put(b, o, extlen, 2);
		o = put_mem(b, o, ext, extlen);
	}
	b[0] = 1;
	(void)put(b, 1, o - 4, 3);
	return (o);
}

/* Wraps a handshake message in records of at most frag bytes each. */
static size_t
records(uint8_t *out, const uint8_t *msg, size_t n, size_t frag)
{
	size_t o = 0, i, k;

	for (i = 0; i < n; i += k) {
		k = n - i < frag ? n - i : frag;
		o = put(out, o, 0x160301, 3);
		o = put(out, o, k, 2);
		o = put_mem(out, o, msg + i, k);
	}
	return (o);
}

/* A one-record hello whose only extension is server_name = name. */
static size_t
hello_with_sni(uint8_t *out, const char *name, size_t n)
{
	uint8_t ext[300], msg[400];
	size_t el, ml;

	el = sni_ext(ext, name, n);
	ml = hello_msg(msg, ext, el);
	return (records(out, msg, ml, 16384));
}

static void
real_hello_whole(void)
{
	char sni[TLS_SNI_MAX];
	size_t want = 99;

	CHECK_INT(sni_of(hello_real, sizeof(hello_real), sni, &want),
	    TLS_SNI_FOUND);
	CHECK_STR(sni, REAL_SNI);
	CHECK_INT(want, 0);
	CHECK_INT(sizeof(hello_real), 335);
}

/*
 * Cut at every byte: before the record header is whole, want is the
 * header plus the handshake header (9); then the record's end (335);
 * from the last byte of the host name on, the name is found.
 */
static void
real_hello_every_cut(void)
{
	char sni[TLS_SNI_MAX];
	enum tls_result res;
	size_t k, want;
	int bad = 0;

	for (k = 0; k <= sizeof(hello_real); k++) {
		res = sni_of(hello_real, k, sni, &want);
		if (k < 5) {
			if (res != TLS_NEED_MORE || want != 9)
				bad++;
		} else if (k < REAL_SNI_END) {
			if (res != TLS_NEED_MORE || want != 335 ||
			    sni[0] != '\0')
				bad++;
		} else if (res != TLS_SNI_FOUND ||
		    strcmp(sni, REAL_SNI) != 0)
			bad++;
		if (bad) {
			fprintf(stderr, "cut %zu: result %d want %zu\n", k,
			    (int)res, want);
			break;
		}
	}
	CHECK_INT(bad, 0);
}

/* A change_cipher_spec record after the hello does not matter. */
static void
real_hello_then_ccs(void)
{
	uint8_t b[sizeof(hello_real) + 6];
	char sni[TLS_SNI_MAX];
	size_t want;

	memcpy(b, hello_real, sizeof(hello_real));
	memcpy(b + sizeof(hello_real), "\x14\x03\x03\x00\x01\x01", 6);
	CHECK_INT(sni_of(b, sizeof(b), sni, &want), TLS_SNI_FOUND);
	CHECK_STR(sni, REAL_SNI);
}

static void
built_hello(void)
{
	uint8_t b[512];
	char sni[TLS_SNI_MAX];
	size_t n, want;

	n = hello_with_sni(b, "example.test", 12);
	CHECK_INT(n, 5 + HM_EXTS + 4 + 5 + 12);
	CHECK_INT(sni_of(b, n, sni, &want), TLS_SNI_FOUND);
	CHECK_STR(sni, "example.test");
	CHECK_INT(sni_of(b, n - 1, sni, &want), TLS_NEED_MORE);
	CHECK_INT(want, n);
	CHECK_STR(sni, "");
}

/* Returns the end of the record whose fragment holds byte k, or 0. */
static size_t
record_end(const uint8_t *b, size_t n, size_t k)
{
	size_t o = 0, rl;

	while (o + 5 <= n) {
		rl = (size_t)b[o + 3] << 8 | b[o + 4];
		if (k >= o + 5 && k < o + 5 + rl)
			return (o + 5 + rl);
		o += 5 + rl;
	}
	return (0);
}

/*
 * The hello in 7-byte records with the SNI last: every cut asks for more
 * with a want past the cut, at least to the end of the open record, and
 * never past the whole; a caller that reads up to want each time gets
 * there in at most one step per record.
 */
static void
fragmented_hello(void)
{
	uint8_t ext[64], msg[256], b[1024];
	char sni[TLS_SNI_MAX];
	size_t el, ml, n, k, want, re, steps;
	enum tls_result res;
	int bad = 0;

	el = put(ext, 0, 0x002b0003, 4);	/* supported_versions */
	el = put(ext, el, 0x020304, 3);
	el += sni_ext(ext + el, "frag.example", 12);
	ml = hello_msg(msg, ext, el);
	n = records(b, msg, ml, 7);
	CHECK_INT(n, ml + 5 * ((ml + 6) / 7));
	CHECK_INT(sni_of(b, n, sni, &want), TLS_SNI_FOUND);
	CHECK_STR(sni, "frag.example");

	for (k = 0; k < n && !bad; k++) {
		res = sni_of(b, k, sni, &want);
		re = record_end(b, n, k);
		if (res != TLS_NEED_MORE || want <= k || want > n ||
		    (re != 0 && want < re)) {
			fprintf(stderr, "cut %zu: result %d want %zu end %zu\n",
			    k, (int)res, want, re);
			bad++;
		}
	}
	CHECK_INT(bad, 0);

	k = 0;
	steps = 0;
	while ((res = sni_of(b, k, sni, &want)) == TLS_NEED_MORE &&
	    steps < 1000) {
		k = want;
		steps++;
	}
	CHECK_INT(res, TLS_SNI_FOUND);
	CHECK(steps >= 2 && steps <= (ml + 6) / 7 + 1);
}

/* The real hello's bytes re-cut into records of 100 bytes. */
static void
real_hello_refragmented(void)
{
	uint8_t b[sizeof(hello_real) - 5 + 5 * 4];
	char sni[TLS_SNI_MAX];
	size_t n, want;

	n = records(b, hello_real + 5, sizeof(hello_real) - 5, 100);
	CHECK_INT(n, sizeof(b));
	CHECK_INT(sni_of(b, n, sni, &want), TLS_SNI_FOUND);
	CHECK_STR(sni, REAL_SNI);
	/*
	 * The name ends in the second record, at 182 + 5.  Before it, want
	 * is that record's end (210) plus one more header and the 130 bytes
	 * still missing: 345, a lower bound on the real 350.
	 */
	CHECK_INT(sni_of(b, 186, sni, &want), TLS_NEED_MORE);
	CHECK_INT(want, 345);
	CHECK_INT(sni_of(b, 187, sni, &want), TLS_SNI_FOUND);
}

static void
hello_without_sni(void)
{
	uint8_t ext[16], msg[256], b[512];
	char sni[TLS_SNI_MAX];
	size_t el, ml, n, k, want;
	int bad = 0;

	el = put(ext, 0, 0x002b0003, 4);
	el = put(ext, el, 0x020304, 3);
	ml = hello_msg(msg, ext, el);
	n = records(b, msg, ml, 16384);
	CHECK_INT(sni_of(b, n, sni, &want), TLS_SNI_NONE);
	CHECK_STR(sni, "");
	for (k = 5; k < n; k++)
		if (sni_of(b, k, sni, &want) != TLS_NEED_MORE || want != n)
			bad++;
	CHECK_INT(bad, 0);

	/* TLS 1.2 and older may leave the extensions out altogether. */
	ml = hello_msg(msg, NULL, 0);
	CHECK_INT(ml, HM_EXT_LEN);
	n = records(b, msg, ml, 16384);
	CHECK_INT(sni_of(b, n, sni, &want), TLS_SNI_NONE);
	CHECK_INT(sni_of(b, n - 1, sni, &want), TLS_NEED_MORE);
	CHECK_INT(want, n);
}

/* Entries of an unknown name_type are stepped over. */
static void
sni_other_name_type(void)
{
	uint8_t ext[64], msg[256], b[512];
	char sni[TLS_SNI_MAX];
	size_t el, ml, n, want;

	el = put(ext, 0, 0, 2);
	el = put(ext, el, 2 + 3 + 3 + 3 + 5, 2);
	el = put(ext, el, 3 + 3 + 3 + 5, 2);
	el = put(ext, el, 0x070003, 3);		/* type 7, 3 bytes */
	el = put_mem(ext, el, "abc", 3);
	el = put(ext, el, 0x000005, 3);		/* host_name, 5 bytes */
	el = put_mem(ext, el, "h.tst", 5);
	ml = hello_msg(msg, ext, el);
	n = records(b, msg, ml, 16384);
	CHECK_INT(sni_of(b, n, sni, &want), TLS_SNI_FOUND);
	CHECK_STR(sni, "h.tst");

	el = put(ext, 0, 0, 2);
	el = put(ext, el, 2 + 3 + 3, 2);
	el = put(ext, el, 3 + 3, 2);
	el = put(ext, el, 0x070003, 3);
	el = put_mem(ext, el, "abc", 3);
	ml = hello_msg(msg, ext, el);
	n = records(b, msg, ml, 16384);
	CHECK_INT(sni_of(b, n, sni, &want), TLS_SNI_NONE);
}

static void
not_tls(void)
{
	static const char get[] = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";
	static const char ssh[] = "SSH-2.0-OpenSSH_9.6\r\n";
	char sni[TLS_SNI_MAX];
	size_t k, want;
	int bad = 0;

	for (k = 1; k < sizeof(get); k++)
		if (sni_of((const uint8_t *)get, k, sni, &want) !=
		    TLS_NOT_HELLO)
			bad++;
	CHECK_INT(bad, 0);
	CHECK_INT(sni_of((const uint8_t *)ssh, sizeof(ssh) - 1, sni, &want),
	    TLS_NOT_HELLO);
	/* Application data, an SSL 2 style byte, a version 3.9. */
	CHECK_INT(sni_of((const uint8_t *)"\x17\x03\x03\x00\x05hello", 10,
	    sni, &want), TLS_NOT_HELLO);
	CHECK_INT(sni_of((const uint8_t *)"\x80\x2e\x01", 3, sni, &want),
	    TLS_NOT_HELLO);
	CHECK_INT(sni_of((const uint8_t *)"\x16\x03\x09", 3, sni, &want),
	    TLS_NOT_HELLO);
	CHECK_INT(sni_of((const uint8_t *)"\x16\x02", 2, sni, &want),
	    TLS_NOT_HELLO);
	/* ServerHello, not ClientHello: known at the first handshake byte. */
	CHECK_INT(sni_of((const uint8_t *)"\x16\x03\x03\x00\x50\x02", 6,
	    sni, &want), TLS_NOT_HELLO);
	/* Zero-length and oversized records. */
	CHECK_INT(sni_of((const uint8_t *)"\x16\x03\x01\x00\x00", 5,
	    sni, &want), TLS_NOT_HELLO);
	CHECK_INT(sni_of((const uint8_t *)"\x16\x03\x01\x40\x01", 5,
	    sni, &want), TLS_NOT_HELLO);
	CHECK_INT(sni_of((const uint8_t *)"\x16\x03\x01\x40\x00", 5,
	    sni, &want), TLS_NEED_MORE);
	CHECK_INT(want, 5 + 16384);
	CHECK_INT(sni_of(NULL, 0, sni, &want), TLS_NEED_MORE);
	CHECK_INT(want, 9);
}

/* Each case patches one field of a good hello and must be refused. */
static void
hostile_lengths(void)
{
	uint8_t good[512], b[512];
	char sni[TLS_SNI_MAX];
	size_t n, want, e;

	n = hello_with_sni(good, "example.test", 12);
	CHECK_INT(sni_of(good, n, sni, &want), TLS_SNI_FOUND);
	e = 5 + HM_EXTS;	/* the server_name extension */

#define PATCH(off, v, bytes, expect) do {				\
	memcpy(b, good, n);						\
	(void)put(b, (off), (v), (bytes));				\
	CHECK_INT(sni_of(b, n, sni, &want), (expect));			\
	CHECK_STR(sni, "");						\
} while (0)

	PATCH(e + 2, 0x0100, 2, TLS_NOT_HELLO);	/* extension past the end */
	PATCH(5 + HM_EXT_LEN, 0xffff, 2, TLS_NOT_HELLO);
	PATCH(5 + HM_EXT_LEN, 4 + 5 + 11, 2, TLS_NOT_HELLO);
	PATCH(e + 7, 0xffff, 2, TLS_NOT_HELLO);	/* SNI length 0xffff */
	PATCH(e + 7, 13, 2, TLS_NOT_HELLO);	/* one past the list */
	PATCH(e + 7, 0, 2, TLS_NOT_HELLO);	/* empty name */
	PATCH(e + 4, 0xffff, 2, TLS_NOT_HELLO);	/* list length */
	PATCH(e + 4, 14, 2, TLS_NOT_HELLO);	/* list shorter than data */
	PATCH(5 + HM_SID_LEN, 33, 1, TLS_NOT_HELLO);
	PATCH(5 + HM_CS_LEN, 3, 2, TLS_NOT_HELLO);	/* odd */
	PATCH(5 + HM_CS_LEN, 0, 2, TLS_NOT_HELLO);
	PATCH(5 + HM_CS_LEN, 0xfffe, 2, TLS_NOT_HELLO);
	PATCH(5 + HM_COMP_LEN, 0, 1, TLS_NOT_HELLO);
	PATCH(5 + 4, 0x0202, 2, TLS_NOT_HELLO);	/* legacy_version */
	PATCH(6, 0xffffff, 3, TLS_NOT_HELLO);	/* handshake length */
	PATCH(6, n - 5 - 4 - 1, 3, TLS_NOT_HELLO);	/* record too long */
	PATCH(e + 9, 0, 1, TLS_NOT_HELLO);	/* NUL in the name */
	PATCH(e + 9 + 11, 0, 1, TLS_NOT_HELLO);

	/* Lengths that fit a bigger hello are still refused on their own. */
	memcpy(b, good, n);
	(void)put(b, 3, 0x4000, 2);
	(void)put(b, 6, 0x4000 - 4, 3);
	(void)put(b, 5 + HM_EXT_LEN, 0x4000 - 4 - HM_EXTS + 4, 2);
	(void)put(b, e + 2, 0xffff, 2);
	CHECK_INT(sni_of(b, n, sni, &want), TLS_NOT_HELLO);
	(void)put(b, e + 2, 0x3000, 2);
	(void)put(b, e + 4, 0x3000 - 2, 2);
	(void)put(b, e + 7, 0x3000 - 5, 2);
	CHECK_INT(sni_of(b, n, sni, &want), TLS_NOT_HELLO);	/* > 255 */
#undef PATCH
}

/* A record of another type inside a fragmented hello ends it. */
static void
interleaved_record(void)
{
	uint8_t ext[64], msg[256], b[1024];
	char sni[TLS_SNI_MAX];
	size_t el, ml, n, want;

	el = sni_ext(ext, "frag.example", 12);
	ml = hello_msg(msg, ext, el);
	n = records(b, msg, ml, 50);
	CHECK_INT(sni_of(b, n, sni, &want), TLS_SNI_FOUND);
	b[55] = 20;	/* second record becomes change_cipher_spec */
	CHECK_INT(sni_of(b, n, sni, &want), TLS_NOT_HELLO);
	CHECK_INT(sni_of(b, 55, sni, &want), TLS_NEED_MORE);
	CHECK_INT(want, 55 + 5 + ml - 50);
}

/* Names up to TLS_SNI_MAX - 1 bytes are kept whole; longer are refused. */
static void
long_names(void)
{
	uint8_t b[512];
	char name[300], sni[TLS_SNI_MAX];
	size_t n, want;

	memset(name, 'a', sizeof(name));
	n = hello_with_sni(b, name, TLS_SNI_MAX - 1);
	CHECK_INT(sni_of(b, n, sni, &want), TLS_SNI_FOUND);
	CHECK_INT(strlen(sni), TLS_SNI_MAX - 1);
	CHECK(memcmp(sni, name, TLS_SNI_MAX - 1) == 0);
	n = hello_with_sni(b, name, TLS_SNI_MAX);
	CHECK_INT(sni_of(b, n, sni, &want), TLS_NOT_HELLO);
	CHECK_STR(sni, "");
	/* Refused from the length alone, before the name is all here. */
	CHECK_INT(sni_of(b, 5 + HM_EXTS + 10, sni, &want), TLS_NOT_HELLO);
}

int
main(void)
{
	TEST(real_hello_whole);
	TEST(real_hello_every_cut);
	TEST(real_hello_then_ccs);
	TEST(real_hello_refragmented);
	TEST(built_hello);
	TEST(fragmented_hello);
	TEST(hello_without_sni);
	TEST(sni_other_name_type);
	TEST(not_tls);
	TEST(hostile_lengths);
	TEST(interleaved_record);
	TEST(long_names);
	return (CHECK_DONE());
}
