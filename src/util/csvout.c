/* csvout.c: see csvout.h. */
#include "util/csvout.h"

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
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"')
            putc('"', f);
        putc(s[i], f);
    }
    putc('"', f);
}
