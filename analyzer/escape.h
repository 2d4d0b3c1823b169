/*
 * escape.h: names from the wire are attacker-controlled bytes.  One
 * function per medium turns them into text that cannot drive it: JSON
 * string escapes, HTML entities, and visible escapes for terminals and
 * logs.  All of them take (bytes, length) and write to a FILE or a
 * buffer; the buffer forms always NUL-terminate and report truncation.
 */
#ifndef PW_ESCAPE_H
#define PW_ESCAPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/*
 * Writes s as a JSON string, quotes included (RFC 8259 section 7).
 * Valid UTF-8 is kept; controls, DEL, C1 controls and each byte that is
 * not valid UTF-8 become \u00NN, so the output is always valid UTF-8.
 */
void	esc_json_write(FILE *, const char *s, size_t len);
/*
 * The same into dst, which must hold 6 * len + 2 bytes; returns the
 * bytes written (no NUL).
 */
size_t	esc_json_buf(char *dst, const char *s, size_t len);
/*
 * Writes s with &, <, >, " and ' as entities and control bytes as &#xNN;.
 * Valid UTF-8 is kept; invalid bytes and C1 controls become &#xfffd;.
 */
void	esc_html_write(FILE *, const char *s, size_t len);
/* Markdown: HTML escaping plus backslashes before | * _ ` [ ] \ #. */
void	esc_md_write(FILE *, const char *s, size_t len);

/*
 * Terminal and log form: printable ASCII as is, backslash as "\\", every
 * other byte (controls, DEL, bytes >= 0x80) as "\xNN".  Writes at most
 * size - 1 bytes and a NUL; returns false when it had to cut.
 */
bool	esc_term(char *dst, size_t size, const char *s, size_t len);

#endif
