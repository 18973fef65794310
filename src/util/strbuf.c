/* strbuf.c: see strbuf.h. Capacity doubles, so appends cost amortised O(n). */
#include "util/strbuf.h"
#include "util/mem.h"

#include <stdio.h>
#include <string.h>

void strbuf_init(strbuf *b, size_t max)
{
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
    b->max = max;
}

void strbuf_free(strbuf *b)
{
    xfree(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

static int reserve(strbuf *b, size_t n)
{
    if (n > b->max - b->len || b->len + n < b->len)
        return -1;
    size_t need = b->len + n + 1;
    if (need > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        while (cap < need)
            cap *= 2;
        b->data = xrealloc(b->data, cap);
        b->cap = cap;
    }
    return 0;
}

int strbuf_reserve_grow(strbuf *b, size_t n)
{
    return reserve(b, n);
}

int strbuf_append(strbuf *b, const void *s, size_t n)
{
    if (reserve(b, n) != 0)
        return -1;
    if (n)
        memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
    return 0;
}

int strbuf_puts(strbuf *b, const char *s)
{
    return strbuf_append(b, s, strlen(s));
}

int strbuf_putc(strbuf *b, char c)
{
    return strbuf_append(b, &c, 1);
}

int strbuf_vprintf(strbuf *b, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0 || reserve(b, (size_t)n) != 0)
        return -1;
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
    return 0;
}

int strbuf_printf(strbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = strbuf_vprintf(b, fmt, ap);
    va_end(ap);
    return r;
}

const char *strbuf_cstr(const strbuf *b)
{
    return b->data ? b->data : "";
}
