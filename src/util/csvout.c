/* csvout.c: see csvout.h. */
#include "util/csvout.h"
#include "util/mem.h"

#include <stdlib.h>
#include <string.h>

int csvout_quoting(const char *s, size_t n, int guard)
{
    if (n == 0)
        return 0;
    if (guard && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' ||
                  s[0] == '\r' || s[0] == '\n'))
        return 2;
    if (s[0] == ' ' || s[n - 1] == ' ')
        return 1;
    for (size_t i = 0; i < n; i++)
        if (s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n')
            return 1;
    return 0;
}

void csvout_field(FILE *f, const char *s, size_t n, int guard)
{
    int quoting = csvout_quoting(s, n, guard);
    if (!quoting) {
        fwrite(s, 1, n, f);
        return;
    }
    putc('"', f);
    if (quoting == 2)
        putc('\'', f);
    /* the runs between quotes as they are, each quote doubled */
    for (const char *at = s, *end = s + n; at < end;) {
        const char *q = memchr(at, '"', (size_t)(end - at));
        size_t run = q ? (size_t)(q - at) + 1 : (size_t)(end - at);
        fwrite(at, 1, run, f);
        if (q)
            putc('"', f);
        at += run;
    }
    putc('"', f);
}

size_t csvout_put(char *o, const char *s, size_t n, int guard)
{
    int quoting = csvout_quoting(s, n, guard);
    if (!quoting) {
        memcpy(o, s, n);
        return n;
    }
    char *w = o;
    *w++ = '"';
    if (quoting == 2)
        *w++ = '\'';
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"')
            *w++ = '"';
        *w++ = s[i];
    }
    *w++ = '"';
    return (size_t)(w - o);
}

#define CSVOUT_BUF (1 << 16)

void csvout_buf_init(csvout_buf *o, FILE *f)
{
    o->f = f;
    o->n = 0;
    o->cap = CSVOUT_BUF;
    o->b = xmalloc(o->cap);
}

char *csvout_room(csvout_buf *o, size_t most)
{
    if (o->n + most > o->cap) {
        if (o->f) {
            fwrite(o->b, 1, o->n, o->f);
            o->n = 0;
        }
        if (o->n + most > o->cap)
            o->b = xgrow(o->b, &o->cap, o->n + most, 1);
    }
    return o->b + o->n;
}

void csvout_buf_finish(csvout_buf *o)
{
    if (o->f)
        fwrite(o->b, 1, o->n, o->f);
    xfree(o->b);
    o->b = NULL;
    o->n = o->cap = 0;
}
