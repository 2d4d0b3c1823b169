#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "compat.h"
#include "rd.h"
#include "tls.h"

/*
 * tls.c: the server_name of a TLS ClientHello.  Reassembles a hello that
 * spans records (RFC 8446 section 5.1) into one handshake message, walks
 * it (section 4.1.2) and the server_name extension (RFC 6066 section 3).
 * It keeps no state: the caller hands in the client's first bytes again
 * when more arrive.
 */

#define TLS_REC_HDR		5	/* type, version, length */
#define TLS_REC_MAX		16384	/* RFC 8446 5.1: length <= 2^14 */
#define TLS_HS_HDR		4	/* msg_type, uint24 length */
#define TLS_HS_MAX		16384	/* biggest hello reassembled */
#define TLS_CT_HANDSHAKE	22
#define TLS_HT_CLIENT_HELLO	1
#define TLS_EXT_SERVER_NAME	0
#define TLS_NT_HOST_NAME	0
#define TLS_RANDOM_LEN		32
#define TLS_SESSION_ID_MAX	32

/* The handshake bytes gathered from the records present. */
struct tls_hs {
	const uint8_t	*p;
	size_t		 n;
	size_t		 total;		/* header + body; 0 until known */
	size_t		 want;		/* on TLS_NEED_MORE */
	uint8_t		 buf[TLS_HS_MAX];
};

/*
 * A window on the hello: r holds the bytes present, decl the bytes the
 * enclosing length fields still promise.  Going past decl is RD_BAD (the
 * lengths contradict each other); running out of r inside decl is
 * RD_SHORT (the rest has not arrived yet).
 */
struct tls_win {
	struct rd	r;
	size_t		decl;
};

/* True when b is a legacy version the record layer or hello may carry. */
static int
tls_version_ok(uint16_t v)
{
	return (v >> 8 == 3 && (v & 0xff) <= 4);
}

/* Appends k fragment bytes; the first record's bytes are used in place. */
static int
tls_hs_append(struct tls_hs *h, const uint8_t *p, size_t k)
{
	if (h->n == 0) {
		h->p = p;
		h->n = k;
		return (0);
	}
	if (k > TLS_HS_MAX - h->n)
		return (-1);
	if (h->p != h->buf) {
		memcpy(h->buf, h->p, h->n);
		h->p = h->buf;
	}
	memcpy(h->buf + h->n, p, k);
	h->n += k;
	return (0);
}

/* Learns the hello's length once its handshake header is here. */
static int
tls_hs_header(struct tls_hs *h)
{
	struct rd r;
	uint32_t blen;

	r = rd_make(h->p, h->n);
	if (h->n >= 1 && rd_u8(&r) != TLS_HT_CLIENT_HELLO)
		return (-1);
	if (h->total != 0 || h->n < TLS_HS_HDR)
		return (0);
	blen = (uint32_t)rd_u8(&r) << 16;
	blen |= rd_be16(&r);
	if (r.status != RD_OK || blen > TLS_HS_MAX - TLS_HS_HDR)
		return (-1);
	h->total = TLS_HS_HDR + blen;
	return (0);
}

/* Checks the first bytes of a record header that is not all here. */
static int
tls_rec_prefix_ok(struct rd *r)
{
	size_t have = r->left;

	if (have >= 1 && rd_u8(r) != TLS_CT_HANDSHAKE)
		return (0);
	if (have >= 2 && rd_u8(r) != 3)
		return (0);
	if (have >= 3 && rd_u8(r) > 4)
		return (0);
	return (1);
}

/*
 * Collects the handshake bytes from the records in buf (RFC 8446 5.1).
 * Returns -1 when they cannot be a ClientHello, 0 when the whole hello is
 * here, 1 when more is needed; then h->want is a lower bound on the total,
 * exact when the rest of the hello belongs to the record now open.
 */
static int
tls_gather(const uint8_t *buf, size_t len, struct tls_hs *h)
{
	struct rd r;
	size_t before, need, rlen, k;
	const uint8_t *p;
	uint16_t ver;

	r = rd_make(buf, len);
	for (;;) {
		before = h->n;
		need = (h->total != 0 ? h->total : TLS_HS_HDR) - before;
		if (r.left < TLS_REC_HDR) {
			h->want = len - r.left + TLS_REC_HDR + need;
			return (tls_rec_prefix_ok(&r) ? 1 : -1);
		}
		if (rd_u8(&r) != TLS_CT_HANDSHAKE)
			return (-1);
		ver = rd_be16(&r);
		rlen = rd_be16(&r);
		if (!tls_version_ok(ver) || rlen == 0 || rlen > TLS_REC_MAX)
			return (-1);
		k = PW_MIN(rlen, r.left);
		p = rd_bytes(&r, k);
		if (p == NULL || tls_hs_append(h, p, k) == -1 ||
		    tls_hs_header(h) == -1)
			return (-1);
		/*
		 * A client sends nothing after its hello until the server
		 * answers, so a record reaching past the hello is not one.
		 */
		if (h->total != 0 && rlen > h->total - before)
			return (-1);
		if (k < rlen) {
			need = (h->total != 0 ? h->total : TLS_HS_HDR) - before;
			h->want = len - r.left - k + rlen;
			if (need > rlen)
				h->want += TLS_REC_HDR + need - rlen;
			return (1);
		}
		if (h->total != 0 && h->n == h->total)
			return (0);
	}
}

static struct tls_win
tls_win_make(const uint8_t *p, size_t have, size_t decl)
{
	struct tls_win w;

	w.r = rd_make(p, PW_MIN(have, decl));
	w.decl = decl;
	return (w);
}

/* Marks w malformed, unless it already failed. */
static void
tls_win_bad(struct tls_win *w)
{
	rd_fail(&w->r, RD_BAD);
}

/* Steps over n declared bytes; NULL when they are not (all) here. */
static const uint8_t *
tls_win_take(struct tls_win *w, size_t n)
{
	if (w->r.status != RD_OK)
		return (NULL);
	if (n > w->decl) {
		tls_win_bad(w);
		return (NULL);
	}
	w->decl -= n;
	return (rd_bytes(&w->r, n));
}

static uint8_t
tls_win_u8(struct tls_win *w)
{
	const uint8_t *p;
	struct rd r;

	if ((p = tls_win_take(w, 1)) == NULL)
		return (0);
	r = rd_make(p, 1);
	return (rd_u8(&r));
}

static uint16_t
tls_win_be16(struct tls_win *w)
{
	const uint8_t *p;
	struct rd r;

	if ((p = tls_win_take(w, 2)) == NULL)
		return (0);
	r = rd_make(p, 2);
	return (rd_be16(&r));
}

/* Splits off a vector of n declared bytes, of which some may be here. */
static struct tls_win
tls_win_sub(struct tls_win *w, size_t n)
{
	struct tls_win c = { { NULL, 0, RD_SHORT }, 0 };
	const uint8_t *p;
	size_t have;

	if (w->r.status != RD_OK) {
		c.r.status = w->r.status;
		return (c);
	}
	if (n > w->decl) {
		tls_win_bad(w);
		c.r.status = RD_BAD;
		return (c);
	}
	have = PW_MIN(n, w->r.left);
	p = rd_bytes(&w->r, have);
	w->decl -= n;
	return (tls_win_make(p, have, n));
}

/* Hands a child's failure to its parent. */
static void
tls_win_join(struct tls_win *w, const struct tls_win *c)
{
	if (c->r.status != RD_OK)
		rd_fail(&w->r, c->r.status);
}

/*
 * Reads the extension_data of server_name (RFC 6066 section 3):
 * ServerNameList server_name_list<1..2^16-1>, each entry a NameType and,
 * for host_name(0), opaque HostName<1..2^16-1>.  Only host_name is
 * defined; other types are stepped over as if laid out the same.  The
 * first host_name wins.  Names that cannot be host names (a NUL inside,
 * TLS_SNI_MAX bytes or longer: DNS allows 253) make the hello malformed
 * rather than being cut, so a cut name can never match a policy rule.
 */
static int
tls_parse_sni(struct tls_win *exts, size_t len, char sni[TLS_SNI_MAX])
{
	struct tls_win e, list;
	const uint8_t *p;
	uint16_t llen, nlen;
	uint8_t type;
	int found = 0;

	e = tls_win_sub(exts, len);
	llen = tls_win_be16(&e);
	if (e.r.status == RD_OK && (llen == 0 || llen != e.decl))
		tls_win_bad(&e);
	list = tls_win_sub(&e, llen);
	while (!found && list.r.status == RD_OK && list.decl > 0) {
		type = tls_win_u8(&list);
		nlen = tls_win_be16(&list);
		if (list.r.status != RD_OK)
			break;
		if (nlen == 0 || (type == TLS_NT_HOST_NAME &&
		    nlen >= TLS_SNI_MAX)) {
			tls_win_bad(&list);
			break;
		}
		p = tls_win_take(&list, nlen);
		if (p == NULL || type != TLS_NT_HOST_NAME)
			continue;
		if (memchr(p, '\0', nlen) != NULL) {
			tls_win_bad(&list);
			break;
		}
		memcpy(sni, p, nlen);
		sni[nlen] = '\0';
		found = 1;
	}
	tls_win_join(&e, &list);
	tls_win_join(exts, &e);
	return (found);
}

/* Maps a window's failure to a result: missing bytes, or bad ones. */
static enum tls_result
tls_win_result(const struct tls_win *w)
{
	if (w->r.status == RD_SHORT)
		return (TLS_NEED_MORE);
	if (w->r.status == RD_BAD)
		return (TLS_NOT_HELLO);
	return (TLS_SNI_NONE);
}

/*
 * Walks the ClientHello (RFC 8446 section 4.1.2) as far as its bytes are
 * here: legacy_version, random[32], legacy_session_id<0..32>,
 * cipher_suites<2..2^16-2>, legacy_compression_methods<1..2^8-1>,
 * extensions<8..2^16-1> (absent in some TLS 1.2 and older hellos).
 * Returns TLS_SNI_FOUND as soon as the host name is here.
 */
static enum tls_result
tls_parse_hello(const struct tls_hs *h, char sni[TLS_SNI_MAX])
{
	struct tls_win w, exts;
	uint16_t n, type;
	uint8_t m;

	w = tls_win_make(h->p, h->n, h->total);
	(void)tls_win_take(&w, TLS_HS_HDR);	/* checked by tls_gather */
	if (!tls_version_ok(tls_win_be16(&w)) && w.r.status == RD_OK)
		tls_win_bad(&w);
	(void)tls_win_take(&w, TLS_RANDOM_LEN);
	m = tls_win_u8(&w);
	if (m > TLS_SESSION_ID_MAX)
		tls_win_bad(&w);
	(void)tls_win_take(&w, m);
	n = tls_win_be16(&w);
	if (w.r.status == RD_OK && (n < 2 || n % 2 != 0))
		tls_win_bad(&w);
	(void)tls_win_take(&w, n);
	m = tls_win_u8(&w);
	if (w.r.status == RD_OK && m == 0)
		tls_win_bad(&w);
	(void)tls_win_take(&w, m);
	if (w.r.status != RD_OK || w.decl == 0)
		return (tls_win_result(&w));

	n = tls_win_be16(&w);
	if (w.r.status == RD_OK && n != w.decl)
		tls_win_bad(&w);
	exts = tls_win_sub(&w, n);
	while (exts.r.status == RD_OK && exts.decl > 0) {
		type = tls_win_be16(&exts);
		n = tls_win_be16(&exts);
		if (exts.r.status != RD_OK)
			break;
		if (type != TLS_EXT_SERVER_NAME)
			(void)tls_win_take(&exts, n);
		else if (tls_parse_sni(&exts, n, sni))
			return (TLS_SNI_FOUND);
	}
	tls_win_join(&w, &exts);
	return (tls_win_result(&w));
}

enum tls_result
tls_client_hello_sni(const uint8_t *buf, size_t len, char sni[TLS_SNI_MAX],
    size_t *want)
{
	struct tls_hs h;
	enum tls_result res;
	int g;

	sni[0] = '\0';
	*want = 0;
	h.p = buf;
	h.n = 0;
	h.total = 0;
	h.want = 0;

	g = tls_gather(buf, len, &h);
	if (g == -1)
		return (TLS_NOT_HELLO);
	if (h.total == 0)
		res = TLS_NEED_MORE;
	else
		res = tls_parse_hello(&h, sni);
	if (res == TLS_SNI_FOUND || res == TLS_NOT_HELLO)
		return (res);
	sni[0] = '\0';
	if (g == 0) {
		/* The whole hello was here: running short means a bug. */
		return (res == TLS_SNI_NONE ? res : TLS_NOT_HELLO);
	}
	*want = h.want;
	return (TLS_NEED_MORE);
}
