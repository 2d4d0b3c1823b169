/*
 * sha256.h: SHA-256 (FIPS 180-4), for the evidence report: the digest of
 * each capture file and of the policy, so an auditor can check that the
 * report speaks of the very bytes they hold.
 */
#ifndef PW_SHA256_H
#define PW_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_LEN	32		/* digest bytes */
#define SHA256_HEXLEN	65		/* 64 hex digits and the NUL */

struct sha256_ctx {
	uint32_t	h[8];		/* running hash value, H(i) */
	uint64_t	nbytes;		/* message length so far */
	uint8_t		block[64];	/* partial block */
	size_t		used;		/* bytes in block */
};

void	sha256_init(struct sha256_ctx *);
void	sha256_update(struct sha256_ctx *, const void *data, size_t len);
/* Pads, writes the digest and leaves ctx to be initialised again. */
void	sha256_final(struct sha256_ctx *, uint8_t out[SHA256_LEN]);
/* Digest of one buffer in one call. */
void	sha256_buf(const void *data, size_t len, uint8_t out[SHA256_LEN]);
/* Lower-case hex of a digest; returns out. */
char	*sha256_hex(const uint8_t d[SHA256_LEN], char out[SHA256_HEXLEN]);
/*
 * Digest of a whole file; 0, or -1 with errbuf (PW_ERRBUF_SIZE) naming the
 * file and the failing step.
 */
int	sha256_file(const char *path, uint8_t out[SHA256_LEN], char *errbuf);

#endif
