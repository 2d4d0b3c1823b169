/* test-sha256: the FIPS 180-4 example messages and split updates. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "compat.h"
#include "sha256.h"

/* Hex digest of one buffer. */
static const char *
hex_of(const void *p, size_t n, char out[SHA256_HEXLEN])
{
	uint8_t d[SHA256_LEN];

	sha256_buf(p, n, d);
	return (sha256_hex(d, out));
}

static void
test_empty(void)
{
	char h[SHA256_HEXLEN];

	CHECK_STR(hex_of("", 0, h),
	    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

static void
test_abc(void)
{
	char h[SHA256_HEXLEN];

	CHECK_STR(hex_of("abc", 3, h),
	    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

/* 448 bits: the padding no longer fits the block, a second one follows. */
static void
test_448_bits(void)
{
	static const char m[] =
	    "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	char h[SHA256_HEXLEN];

	CHECK_INT(strlen(m), 56);
	CHECK_STR(hex_of(m, strlen(m), h),
	    "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

static void
test_million_a(void)
{
	struct sha256_ctx c;
	uint8_t d[SHA256_LEN], chunk[1000];
	char h[SHA256_HEXLEN];
	int i;

	memset(chunk, 'a', sizeof(chunk));
	sha256_init(&c);
	for (i = 0; i < 1000; i++)
		sha256_update(&c, chunk, sizeof(chunk));
	sha256_final(&c, d);
	CHECK_STR(sha256_hex(d, h),
	    "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

/* Any split of the message into updates gives the same digest. */
static void
test_split_updates(void)
{
	static const char want[] =
	    "59425e4412e296fc74736673ce067027f384203f59c0d2c3e6be7b13347b3ffc";
	struct sha256_ctx c;
	uint8_t m[1000], d[SHA256_LEN];
	char h[SHA256_HEXLEN];
	size_t i, step, off, n;

	for (i = 0; i < sizeof(m); i++)
		m[i] = (uint8_t)((i * 7) % 251);
	CHECK_STR(hex_of(m, sizeof(m), h), want);
	for (step = 1; step <= 130; step += 3) {
		sha256_init(&c);
		for (off = 0; off < sizeof(m); off += n) {
			n = PW_MIN(step, sizeof(m) - off);
			sha256_update(&c, m + off, n);
		}
		sha256_final(&c, d);
		CHECK_STR(sha256_hex(d, h), want);
	}
}

/* Lengths around the 55/56/64-byte padding edges, against each other. */
static void
test_padding_edges(void)
{
	uint8_t m[130], d1[SHA256_LEN], d2[SHA256_LEN];
	struct sha256_ctx c;
	size_t n;

	memset(m, 'x', sizeof(m));
	for (n = 50; n < sizeof(m); n++) {
		sha256_buf(m, n, d1);
		sha256_init(&c);
		sha256_update(&c, m, 1);
		sha256_update(&c, m + 1, n - 1);
		sha256_final(&c, d2);
		CHECK(memcmp(d1, d2, SHA256_LEN) == 0);
	}
	/* 55 and 56 bytes must differ; a padding bug often makes them equal. */
	sha256_buf(m, 55, d1);
	sha256_buf(m, 56, d2);
	CHECK(memcmp(d1, d2, SHA256_LEN) != 0);
}

static void
test_file(void)
{
	char path[] = "/tmp/test-sha256-XXXXXX", err[PW_ERRBUF_SIZE];
	char h[SHA256_HEXLEN];
	uint8_t d[SHA256_LEN];
	int fd;

	fd = mkstemp(path);
	CHECK(fd >= 0);
	if (fd < 0)
		return;
	CHECK_INT(write(fd, "abc", 3), 3);
	close(fd);
	CHECK_INT(sha256_file(path, d, err), 0);
	CHECK_STR(sha256_hex(d, h),
	    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	unlink(path);
	CHECK_INT(sha256_file(path, d, err), -1);
	CHECK(strstr(err, path) != NULL);
	CHECK(strstr(err, "No such file") != NULL);
}

int
main(void)
{
	TEST(test_empty);
	TEST(test_abc);
	TEST(test_448_bits);
	TEST(test_million_a);
	TEST(test_split_updates);
	TEST(test_padding_edges);
	TEST(test_file);
	return (CHECK_DONE());
}
