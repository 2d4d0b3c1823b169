#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "escape.h"

/*
 * test-escape.c: the exact text each medium gets for hostile names:
 * ESC, NUL, markup, quotes, backslash, invalid and valid UTF-8.
 */

static char out[1024];

/* Runs one FILE writer over n bytes and keeps what it wrote in out. */
static const char *
run(void (*fn)(FILE *, const char *, size_t), const char *s, size_t n)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	out[0] = '\0';
	if ((f = open_memstream(&buf, &len)) == NULL)
		return ("(open_memstream failed)");
	fn(f, s, n);
	if (fclose(f) == 0 && len < sizeof(out))
		memcpy(out, buf, len + 1);
	free(buf);
	return (out);
}

#define J(lit)	run(esc_json_write, (lit), sizeof(lit) - 1)
#define H(lit)	run(esc_html_write, (lit), sizeof(lit) - 1)
#define M(lit)	run(esc_md_write, (lit), sizeof(lit) - 1)

static void
json(void)
{
	CHECK_STR(J("plain.example"), "\"plain.example\"");
	CHECK_STR(J(""), "\"\"");
	CHECK_STR(J("a\x1b[31mb"), "\"a\\u001b[31mb\"");
	CHECK_STR(J("a\0b"), "\"a\\u0000b\"");
	CHECK_STR(J("<script>"), "\"<script>\"");
	CHECK_STR(J("say \"hi\""), "\"say \\\"hi\\\"\"");
	CHECK_STR(J("a\\b"), "\"a\\\\b\"");
	CHECK_STR(J("\xff"), "\"\\u00ff\"");
	CHECK_STR(J("caf\xc3\xa9"), "\"caf\xc3\xa9\"");
	CHECK_STR(J("\xf0\x9f\x98\x80"), "\"\xf0\x9f\x98\x80\"");
	CHECK_STR(J("\t\n\x7f"), "\"\\u0009\\u000a\\u007f\"");
	/* C1 CSI as its code point; broken sequences byte by byte. */
	CHECK_STR(J("\xc2\x9b" "2J"), "\"\\u009b2J\"");
	CHECK_STR(J("x\xc3"), "\"x\\u00c3\"");
	CHECK_STR(J("\xc0\xaf"), "\"\\u00c0\\u00af\"");
	CHECK_STR(J("\xed\xa0\x80"), "\"\\u00ed\\u00a0\\u0080\"");
	CHECK_STR(J("\xf4\x90\x80\x80"),
	    "\"\\u00f4\\u0090\\u0080\\u0080\"");
	CHECK_STR(J("\xe2\x82"), "\"\\u00e2\\u0082\"");
}

static void
html(void)
{
	CHECK_STR(H("plain.example"), "plain.example");
	CHECK_STR(H("a\x1b[31mb"), "a&#x1b;[31mb");
	CHECK_STR(H("a\0b"), "a&#x00;b");
	CHECK_STR(H("<script>alert(1)</script>"),
	    "&lt;script&gt;alert(1)&lt;/script&gt;");
	CHECK_STR(H("\"'&"), "&quot;&#39;&amp;");
	CHECK_STR(H("a\\b"), "a\\b");
	CHECK_STR(H("\xff"), "&#xfffd;");
	CHECK_STR(H("caf\xc3\xa9"), "caf\xc3\xa9");
	CHECK_STR(H("\xc2\x9b"), "&#xfffd;");
	CHECK_STR(H("\xc3x"), "&#xfffd;x");
	CHECK_STR(H("\t\r\n\x7f"), "&#x09;&#x0d;&#x0a;&#x7f;");
	CHECK_STR(H("|*_#"), "|*_#");
}

static void
markdown(void)
{
	CHECK_STR(M("plain.example"), "plain.example");
	CHECK_STR(M("a\x1b[31mb"), "a&#x1b;\\[31mb");
	CHECK_STR(M("a\0b"), "a&#x00;b");
	CHECK_STR(M("<script>"), "&lt;script&gt;");
	CHECK_STR(M("\"x\""), "&quot;x&quot;");
	CHECK_STR(M("a\\b"), "a\\\\b");
	CHECK_STR(M("\xff"), "&#xfffd;");
	CHECK_STR(M("caf\xc3\xa9"), "caf\xc3\xa9");
	CHECK_STR(M("| x | *y* _z_ `c` [l](u) #h"),
	    "\\| x \\| \\*y\\* \\_z\\_ \\`c\\` \\[l\\](u) \\#h");
	CHECK_STR(M("row\n| evil |"), "row&#x0a;\\| evil \\|");
}

static void
term(void)
{
	char b[64];

	CHECK(esc_term(b, sizeof(b), "plain.example", 13));
	CHECK_STR(b, "plain.example");
	CHECK(esc_term(b, sizeof(b), "a\x1b[31mb", 7));
	CHECK_STR(b, "a\\x1b[31mb");
	CHECK(esc_term(b, sizeof(b), "a\0b", 3));
	CHECK_STR(b, "a\\x00b");
	CHECK(esc_term(b, sizeof(b), "<script>\"", 9));
	CHECK_STR(b, "<script>\"");
	CHECK(esc_term(b, sizeof(b), "a\\b", 3));
	CHECK_STR(b, "a\\\\b");
	CHECK(esc_term(b, sizeof(b), "\xff\x7f", 2));
	CHECK_STR(b, "\\xff\\x7f");
	CHECK(esc_term(b, sizeof(b), "caf\xc3\xa9", 5));
	CHECK_STR(b, "caf\\xc3\\xa9");
	CHECK(esc_term(b, 1, "", 0));
	CHECK_STR(b, "");
}

/* Cuts fall between escapes, never inside one. */
static void
term_cut(void)
{
	char b[16];

	CHECK(!esc_term(b, 5, "abcdef", 6));
	CHECK_STR(b, "abcd");
	CHECK(esc_term(b, 7, "abcdef", 6));
	CHECK_STR(b, "abcdef");
	CHECK(!esc_term(b, 6, "ab\x1b", 3));
	CHECK_STR(b, "ab");
	CHECK(esc_term(b, 7, "ab\x1b", 3));
	CHECK_STR(b, "ab\\x1b");
	CHECK(!esc_term(b, 3, "a\\", 2));
	CHECK_STR(b, "a");
	CHECK(esc_term(b, 4, "a\\", 2));
	CHECK_STR(b, "a\\\\");
	CHECK(!esc_term(b, 1, "x", 1));
	CHECK_STR(b, "");
	memcpy(b, "keep", 5);
	CHECK(!esc_term(b, 0, "x", 1));
	CHECK_STR(b, "keep");
}

int
main(void)
{
	TEST(json);
	TEST(html);
	TEST(markdown);
	TEST(term);
	TEST(term_cut);
	return (CHECK_DONE());
}
