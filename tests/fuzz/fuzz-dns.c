#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dns.h"
#include "stats.h"

/*
 * fuzz-dns.c: libFuzzer harness for dns_parse and dns_follow_chain.  Past
 * the sanitizers it checks what dns.h promises: every name text splits
 * back into labels of 1-63 bytes within 255 wire bytes, holds no upper
 * case, and the result does not depend on what the struct held before.
 * With PW_FUZZ_STANDALONE it is a plain program over the files it is given.
 */

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static struct dns_msg	fz_a, fz_b;
static struct dns_chain	fz_chain;

#define FZ_ASSERT(e) do {						\
	if (!(e)) {							\
		fprintf(stderr, "fuzz-dns: %s:%d: %s\n", __FILE__,	\
		    __LINE__, #e);					\
		abort();						\
	}								\
} while (0)

/* Splits a text name back into wire labels and checks their sizes. */
static void
fz_check_name(const struct dns_name *n)
{
	size_t i, ll = 0, wire = 1;

	FZ_ASSERT(n->len < DNS_NAME_TEXT_MAX);
	FZ_ASSERT(n->text[n->len] == '\0');
	for (i = 0; i < n->len; i++) {
		FZ_ASSERT(n->text[i] < 'A' || n->text[i] > 'Z');
		if (n->text[i] == '.') {
			FZ_ASSERT(ll >= 1 && ll <= DNS_LABEL_MAX);
			wire += 1 + ll;
			ll = 0;
			continue;
		}
		if (n->text[i] == '\\') {
			/* Only "\." and "\\" are written. */
			FZ_ASSERT(i + 1 < n->len);
			i++;
			FZ_ASSERT(n->text[i] == '.' || n->text[i] == '\\');
		}
		ll++;
	}
	if (n->len > 0) {
		FZ_ASSERT(ll >= 1 && ll <= DNS_LABEL_MAX);
		wire += 1 + ll;
	}
	FZ_ASSERT(wire <= DNS_NAME_MAX);
	/* A name is under itself, its parent and the root. */
	FZ_ASSERT(dns_name_under(n->text, n->len, n->text, n->len));
	FZ_ASSERT(dns_name_under(n->text, n->len, "", 0));
}

static void
fz_same_name(const struct dns_name *a, const struct dns_name *b)
{
	FZ_ASSERT(a->len == b->len);
	FZ_ASSERT(memcmp(a->text, b->text, a->len) == 0);
}

/* The two parses, made over different garbage, must agree. */
static void
fz_compare(const struct dns_msg *a, const struct dns_msg *b)
{
	int i;

	FZ_ASSERT(a->id == b->id && a->rcode == b->rcode);
	FZ_ASSERT(a->qr == b->qr && a->tc == b->tc);
	FZ_ASSERT(a->has_question == b->has_question);
	FZ_ASSERT(a->qtype == b->qtype && a->qclass == b->qclass);
	fz_same_name(&a->qname, &b->qname);
	FZ_ASSERT(a->nanswers == b->nanswers);
	FZ_ASSERT(a->answers_dropped == b->answers_dropped);
	for (i = 0; i < a->nanswers; i++) {
		FZ_ASSERT(a->answers[i].type == b->answers[i].type);
		FZ_ASSERT(a->answers[i].ttl == b->answers[i].ttl);
		fz_same_name(&a->answers[i].name, &b->answers[i].name);
		fz_same_name(&a->answers[i].target, &b->answers[i].target);
		FZ_ASSERT(memcmp(&a->answers[i].addr, &b->answers[i].addr,
		    sizeof(a->answers[i].addr)) == 0);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct stats st;
	int rc, rc2, i, j, n;

	memset(&st, 0, sizeof(st));
	memset(&fz_a, 0x00, sizeof(fz_a));
	memset(&fz_b, 0xff, sizeof(fz_b));
	rc = dns_parse(data, size, &fz_a, &st);
	rc2 = dns_parse(data, size, &fz_b, NULL);
	FZ_ASSERT(rc == rc2);
	FZ_ASSERT(st.dns_messages + st.dns_truncated + st.dns_malformed == 1);
	if (rc != 0) {
		FZ_ASSERT(size >= 12 || st.dns_truncated == 1);
		return (0);
	}
	FZ_ASSERT(size >= 12);
	fz_compare(&fz_a, &fz_b);
	FZ_ASSERT(fz_a.nanswers <= DNS_ANSWERS_MAX);
	FZ_ASSERT(fz_a.nanswers <= fz_a.ancount);
	FZ_ASSERT(st.dns_answers_dropped == 0 || fz_a.answers_dropped);
	if (fz_a.has_question)
		fz_check_name(&fz_a.qname);
	for (i = 0; i < fz_a.nanswers; i++) {
		fz_check_name(&fz_a.answers[i].name);
		fz_check_name(&fz_a.answers[i].target);
	}

	n = dns_follow_chain(&fz_a, &fz_chain);
	FZ_ASSERT(n == fz_chain.naddrs);
	FZ_ASSERT(fz_chain.nnames <= DNS_CHAIN_MAX);
	FZ_ASSERT(fz_chain.naddrs <= DNS_CHAIN_ADDRS_MAX);
	FZ_ASSERT(fz_chain.nnames > 0 || !fz_a.has_question);
	FZ_ASSERT(!fz_chain.cut || fz_chain.nnames == DNS_CHAIN_MAX);
	for (i = 0; i < fz_chain.nnames; i++) {
		fz_check_name(&fz_chain.names[i]);
		/* A loop never puts a name in the chain twice. */
		for (j = 0; j < i; j++)
			FZ_ASSERT(!dns_name_equal(fz_chain.names[i].text,
			    fz_chain.names[i].len, fz_chain.names[j].text,
			    fz_chain.names[j].len));
	}
	for (i = 0; i < fz_chain.naddrs; i++)
		FZ_ASSERT(fz_chain.addrs[i].family == 4 ||
		    fz_chain.addrs[i].family == 6);
	return (0);
}

#ifdef PW_FUZZ_STANDALONE
/* Runs every file named on the command line through the harness. */
int
main(int argc, char **argv)
{
	static uint8_t buf[65536];
	FILE *f;
	size_t n;
	int i;

	for (i = 1; i < argc; i++) {
		if ((f = fopen(argv[i], "rb")) == NULL) {
			perror(argv[i]);
			return (1);
		}
		n = fread(buf, 1, sizeof(buf), f);
		fclose(f);
		(void)LLVMFuzzerTestOneInput(buf, n);
	}
	printf("fuzz-dns: %d inputs\n", argc - 1);
	return (0);
}
#endif
