/* strbuf.h: a growable byte buffer with a hard maximum.
 *
 * Every buffer fed by input has a named maximum (STYLE.md): strbuf_append() refuses, returning
 * -1 and leaving the buffer unchanged, rather than grow past `max`. data is always
 * NUL-terminated after a successful call, so it can be used as a C string when the content has
 * no NUL of its own.
 */
#ifndef LH_UTIL_STRBUF_H
#define LH_UTIL_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct strbuf {
    char *data; /* owned; NULL until the first append */
    size_t len; /* bytes in use, NUL excluded */
    size_t cap; /* bytes allocated */
    size_t max; /* most bytes ever held, NUL excluded */
} strbuf;

void strbuf_init(strbuf *b, size_t max);
void strbuf_free(strbuf *b); /* a freed buffer may be reused after strbuf_init */
static inline void strbuf_reset(strbuf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}
int strbuf_append(strbuf *b, const void *s, size_t n);
int strbuf_reserve_grow(strbuf *b, size_t n); /* strbuf_reserve when there is no room yet */
/* Makes room for n more bytes (and the NUL) without changing the content; -1 past max. The
 * caller may then write up to n bytes at data + len and add them to len. Inline: the load
 * reserves for every field it reads, and there is room nearly always. */
static inline int strbuf_reserve(strbuf *b, size_t n)
{
    if (n < b->cap - b->len && n <= b->max - b->len)
        return 0;
    return strbuf_reserve_grow(b, n);
}
int strbuf_puts(strbuf *b, const char *s);
int strbuf_putc(strbuf *b, char c);
int strbuf_printf(strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int strbuf_vprintf(strbuf *b, const char *fmt, va_list ap);
/* The content as a C string ("" when empty); valid until the next change. */
const char *strbuf_cstr(const strbuf *b);

#endif
