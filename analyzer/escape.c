#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "escape.h"

/*
 * escape.c: attacker-controlled names made safe for each medium.  Runs of
 * bytes that need nothing are written with one fwrite.  Valid UTF-8 (RFC
 * 3629) passes through JSON, HTML and Markdown as is, except the C1
 * controls U+0080..U+009F, which some terminals obey; bytes that are not
 * valid UTF-8 are escaped, so every output is valid UTF-8 text.
 */

static const char esc_hex[] = "0123456789abcdef";

/* Markdown's specials that esc_md_write puts a backslash before. */
static const bool esc_md_special[128] = {
	['|'] = true, ['*'] = true, ['_'] = true, ['`'] = true,
	['['] = true, [']'] = true, ['\\'] = true, ['#'] = true,
};

/*
 * Length of the valid UTF-8 sequence of two to four bytes at s (RFC 3629
 * section 4: no overlong forms, no surrogates, nothing past U+10FFFF), or
 * 0 when s does not start one.
 */
static size_t
esc_utf8_len(const unsigned char *s, size_t left)
{
	unsigned char c = s[0], lo = 0x80, hi = 0xbf;
	size_t n, i;

	if (c >= 0xc2 && c <= 0xdf)
		n = 2;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4;
	else
		return (0);
	if (c == 0xe0)
		lo = 0xa0;
	else if (c == 0xed)
		hi = 0x9f;
	else if (c == 0xf0)
		lo = 0x90;
	else if (c == 0xf4)
		hi = 0x8f;
	if (n > left || s[1] < lo || s[1] > hi)
		return (0);
	for (i = 2; i < n; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return (0);
	return (n);
}

/* True when the valid sequence at s is a C1 control, U+0080..U+009F. */
static bool
esc_is_c1(const unsigned char *s, size_t n)
{
	return (n == 2 && s[0] == 0xc2 && s[1] <= 0x9f);
}

/* Where the JSON escaper puts its output: a FILE or a buffer. */
typedef void (*esc_emit_cb)(void *ctx, const char *p, size_t n);

static void
esc_emit_file(void *ctx, const char *p, size_t n)
{
	fwrite(p, 1, n, ctx);
}

struct esc_mem {
	char	*p;
	size_t	 len;
};

static void
esc_emit_mem(void *ctx, const char *p, size_t n)
{
	struct esc_mem *m = ctx;

	memcpy(m->p + m->len, p, n);
	m->len += n;
}

/* Writes the run s[from..to) when it is not empty. */
static void
esc_flush(FILE *f, const unsigned char *s, size_t from, size_t to)
{
	if (to > from)
		fwrite(s + from, 1, to - from, f);
}

/* Emits "\u00NN" for the code point b, below U+0100. */
static void
esc_json_u(esc_emit_cb emit, void *ctx, unsigned char b)
{
	char e[6] = { '\\', 'u', '0', '0', 0, 0 };

	e[4] = esc_hex[b >> 4];
	e[5] = esc_hex[b & 0xf];
	emit(ctx, e, sizeof(e));
}

/*
 * RFC 8259 section 7: '"' and '\' get a backslash; controls, DEL and the
 * C1 controls become \u00NN; a byte that is not valid UTF-8 becomes
 * \u00NN too, the Latin-1 reading of it, so the output stays valid.
 * Runs of bytes that need nothing go out in one emit.
 */
static void
esc_json_core(const char *str, size_t len, esc_emit_cb emit, void *ctx)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, run = 0, n;
	char pair[2] = { '\\', 0 };

	emit(ctx, "\"", 1);
	while (i < len) {
		if (s[i] >= 0x20 && s[i] < 0x7f && s[i] != '"' &&
		    s[i] != '\\') {
			i++;
			continue;
		}
		if (s[i] >= 0x80 && (n = esc_utf8_len(s + i, len - i)) != 0 &&
		    !esc_is_c1(s + i, n)) {
			i += n;
			continue;
		}
		if (i > run)
			emit(ctx, str + run, i - run);
		if (s[i] == '"' || s[i] == '\\') {
			pair[1] = (char)s[i++];
			emit(ctx, pair, 2);
		} else if (s[i] == 0xc2 && esc_utf8_len(s + i, len - i) == 2) {
			esc_json_u(emit, ctx, s[i + 1]);	/* C1 */
			i += 2;
		} else
			esc_json_u(emit, ctx, s[i++]);
		run = i;
	}
	if (len > run)
		emit(ctx, str + run, len - run);
	emit(ctx, "\"", 1);
}

void
esc_json_write(FILE *f, const char *s, size_t len)
{
	esc_json_core(s, len, esc_emit_file, f);
}

size_t
esc_json_buf(char *dst, const char *s, size_t len)
{
	struct esc_mem m = { dst, 0 };

	esc_json_core(s, len, esc_emit_mem, &m);
	return (m.len);
}

/* Writes "&#xNN;" for a byte below 0x100. */
static void
esc_html_ref(FILE *f, unsigned char b)
{
	char e[6] = { '&', '#', 'x', 0, 0, ';' };

	e[3] = esc_hex[b >> 4];
	e[4] = esc_hex[b & 0xf];
	fwrite(e, 1, sizeof(e), f);
}

/*
 * The HTML and Markdown writer.  md adds a backslash before the
 * characters that would start emphasis, code, links, headings or a table
 * cell.  Controls and DEL become &#xNN;.  Invalid UTF-8 and the C1
 * controls become U+FFFD: HTML reads &#x80;..&#x9f; as Windows-1252, so
 * a numeric reference would show a character that was never sent.
 */
static void
esc_markup_write(FILE *f, const char *str, size_t len, bool md)
{
	const unsigned char *s = (const unsigned char *)str;
	const char *ent;
	size_t i = 0, run = 0, n;
	unsigned char c;

	while (i < len) {
		c = s[i];
		n = 1;
		ent = NULL;
		if (c >= 0x80) {
			n = esc_utf8_len(s + i, len - i);
			if (n != 0 && !esc_is_c1(s + i, n)) {
				i += n;
				continue;
			}
			if (n == 0)
				n = 1;
			ent = "&#xfffd;";
		} else if (c == '&')
			ent = "&amp;";
		else if (c == '<')
			ent = "&lt;";
		else if (c == '>')
			ent = "&gt;";
		else if (c == '"')
			ent = "&quot;";
		else if (c == '\'')
			ent = "&#39;";
		else if (c >= 0x20 && c < 0x7f && (!md ||
		    !esc_md_special[c])) {
			i++;
			continue;
		}
		esc_flush(f, s, run, i);
		if (ent != NULL)
			fputs(ent, f);
		else if (c < 0x20 || c == 0x7f)
			esc_html_ref(f, c);
		else {
			putc('\\', f);
			putc(c, f);
		}
		i += n;
		run = i;
	}
	esc_flush(f, s, run, len);
}

void
esc_html_write(FILE *f, const char *s, size_t len)
{
	esc_markup_write(f, s, len, false);
}

void
esc_md_write(FILE *f, const char *s, size_t len)
{
	esc_markup_write(f, s, len, true);
}

/*
 * Never cuts inside an escape: a "\x" without its digits would read as
 * something else.  size 0 leaves dst alone and counts as cut.
 */
bool
esc_term(char *dst, size_t size, const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i, o = 0;

	if (size == 0)
		return (false);
	for (i = 0; i < len; i++) {
		if (s[i] >= 0x20 && s[i] < 0x7f && s[i] != '\\') {
			if (size - o < 2)
				break;
			dst[o++] = (char)s[i];
		} else if (s[i] == '\\') {
			if (size - o < 3)
				break;
			dst[o++] = '\\';
			dst[o++] = '\\';
		} else {
			if (size - o < 5)
				break;
			dst[o++] = '\\';
			dst[o++] = 'x';
			dst[o++] = esc_hex[s[i] >> 4];
			dst[o++] = esc_hex[s[i] & 0xf];
		}
	}
	dst[o] = '\0';
	return (i == len);
}
