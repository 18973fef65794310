/* utf8.h: strict UTF-8 validation, decoding and encoding (RFC 3629: no overlong forms, no
 * surrogates, nothing above U+10FFFF). */
#ifndef LH_UTIL_UTF8_H
#define LH_UTIL_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* 1 when s[0..n) is valid UTF-8 (NUL bytes are valid UTF-8; callers check them apart). */
int utf8_valid(const char *s, size_t n);
/* Decodes one code point from valid UTF-8 at s (n > 0 bytes left); returns its byte length. On
 * invalid input returns 1 and sets *cp to U+FFFD, so a loop always advances. */
size_t utf8_decode(const char *s, size_t n, uint32_t *cp);
/* Writes cp as UTF-8 to out (room for 4); returns the byte count. */
size_t utf8_encode(uint32_t cp, char *out);

#endif
