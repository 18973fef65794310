/* csvout.c: see csvout.h. */
#include "util/csvout.h"

#include <string.h>

void csvout_field(FILE *f, const char *s, size_t n, int guard)
{
    int formula = guard && n > 0 &&
                  (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' ||
                   s[0] == '\r' || s[0] == '\n');
    int quote = formula || (n > 0 && (s[0] == ' ' || s[n - 1] == ' '));
    for (size_t i = 0; i < n && !quote; i++)
        quote = s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n';
    if (!quote) {
        fwrite(s, 1, n, f);
        return;
    }
    putc('"', f);
    if (formula)
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
