#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "compat.h"
#include "sha256.h"

/*
 * sha256.c: SHA-256 as FIPS 180-4 section 6.2 defines it, byte-oriented
 * messages only.  Speed is not a goal: it hashes a few capture files and a
 * policy once per report.
 */

/* FIPS 180-4 4.2.2: the first 32 bits of the fractional parts of the cube
 * roots of the first 64 primes. */
static const uint32_t sha256_k[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5,
	0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
	0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
	0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc,
	0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
	0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
	0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3,
	0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5,
	0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

/* FIPS 180-4 5.3.3: the initial hash value H(0). */
static const uint32_t sha256_h0[8] = {
	0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
	0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
};

static uint32_t
sha256_rotr(uint32_t x, unsigned n)
{
	return ((x >> n) | (x << (32 - n)));
}

/*
 * FIPS 180-4 6.2.2: one 512-bit block into the hash value.  The working
 * variables a..h stay in locals (no array shuffle per round), which is
 * what lets the compiler keep them in registers.
 */
static void
sha256_block(uint32_t h[8], const uint8_t p[64])
{
	uint32_t w[64], a, b, c, d, e, f, g, hh, s0, s1, t1, t2;
	unsigned t;

	for (t = 0; t < 16; t++)
		w[t] = (uint32_t)p[4 * t] << 24 | (uint32_t)p[4 * t + 1] << 16 |
		    (uint32_t)p[4 * t + 2] << 8 | p[4 * t + 3];
	for (t = 16; t < 64; t++) {
		s0 = sha256_rotr(w[t - 15], 7) ^ sha256_rotr(w[t - 15], 18) ^
		    (w[t - 15] >> 3);
		s1 = sha256_rotr(w[t - 2], 17) ^ sha256_rotr(w[t - 2], 19) ^
		    (w[t - 2] >> 10);
		w[t] = w[t - 16] + s0 + w[t - 7] + s1;
	}
	a = h[0], b = h[1], c = h[2], d = h[3];
	e = h[4], f = h[5], g = h[6], hh = h[7];
	for (t = 0; t < 64; t++) {
		t1 = hh + (sha256_rotr(e, 6) ^ sha256_rotr(e, 11) ^
		    sha256_rotr(e, 25)) + ((e & f) ^ (~e & g)) + sha256_k[t] +
		    w[t];
		t2 = (sha256_rotr(a, 2) ^ sha256_rotr(a, 13) ^
		    sha256_rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
		hh = g;
		g = f;
		f = e;
		e = d + t1;
		d = c;
		c = b;
		b = a;
		a = t1 + t2;
	}
	h[0] += a, h[1] += b, h[2] += c, h[3] += d;
	h[4] += e, h[5] += f, h[6] += g, h[7] += hh;
}

void
sha256_init(struct sha256_ctx *c)
{
	memcpy(c->h, sha256_h0, sizeof(c->h));
	c->nbytes = 0;
	c->used = 0;
}

void
sha256_update(struct sha256_ctx *c, const void *data, size_t len)
{
	const uint8_t *p = data;
	size_t n;

	c->nbytes += len;
	while (len > 0) {
		if (c->used == 0 && len >= 64) {
			sha256_block(c->h, p);
			p += 64;
			len -= 64;
			continue;
		}
		n = PW_MIN(64 - c->used, len);
		memcpy(c->block + c->used, p, n);
		c->used += n;
		p += n;
		len -= n;
		if (c->used == 64) {
			sha256_block(c->h, c->block);
			c->used = 0;
		}
	}
}

/* FIPS 180-4 5.1.1: a 1 bit, zeros to 448 mod 512, the 64-bit bit length. */
void
sha256_final(struct sha256_ctx *c, uint8_t out[SHA256_LEN])
{
	uint64_t bits = c->nbytes * 8;
	unsigned i;

	c->block[c->used++] = 0x80;
	if (c->used > 56) {
		memset(c->block + c->used, 0, 64 - c->used);
		sha256_block(c->h, c->block);
		c->used = 0;
	}
	memset(c->block + c->used, 0, 56 - c->used);
	for (i = 0; i < 8; i++)
		c->block[56 + i] = (uint8_t)(bits >> (56 - 8 * i));
	sha256_block(c->h, c->block);
	for (i = 0; i < 32; i++)
		out[i] = (uint8_t)(c->h[i / 4] >> (24 - 8 * (i % 4)));
	sha256_init(c);
}

void
sha256_buf(const void *data, size_t len, uint8_t out[SHA256_LEN])
{
	struct sha256_ctx c;

	sha256_init(&c);
	sha256_update(&c, data, len);
	sha256_final(&c, out);
}

char *
sha256_hex(const uint8_t d[SHA256_LEN], char out[SHA256_HEXLEN])
{
	static const char hex[] = "0123456789abcdef";
	unsigned i;

	for (i = 0; i < SHA256_LEN; i++) {
		out[2 * i] = hex[d[i] >> 4];
		out[2 * i + 1] = hex[d[i] & 0xf];
	}
	out[2 * SHA256_LEN] = '\0';
	return (out);
}

int
sha256_file(const char *path, uint8_t out[SHA256_LEN], char *errbuf)
{
	struct sha256_ctx c;
	uint8_t buf[65536];
	size_t n;
	FILE *f;
	int rc = -1;

	if ((f = fopen(path, "rb")) == NULL) {
		snprintf(errbuf, PW_ERRBUF_SIZE, "%s: open: %s", path,
		    strerror(errno));
		return (-1);
	}
	sha256_init(&c);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		sha256_update(&c, buf, n);
	if (ferror(f)) {
		snprintf(errbuf, PW_ERRBUF_SIZE, "%s: read: %s", path,
		    strerror(errno));
		goto out;
	}
	sha256_final(&c, out);
	rc = 0;
out:
	fclose(f);
	return (rc);
}
