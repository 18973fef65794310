/* csvout.h: writing CSV fields (RFC 4180) that are safe to open in a spreadsheet.
 *
 * A field is quoted when it holds a comma, a quote, CR or LF, or white space at either end;
 * quotes inside are doubled. With the formula guard on, a field that starts with = + - @ tab CR
 * or LF is prefixed with a single quote and quoted, as OWASP's CSV injection guidance says, so
 * that no spreadsheet evaluates it. Numbers written by leasehound itself are never guarded.
 */
#ifndef LH_UTIL_CSVOUT_H
#define LH_UTIL_CSVOUT_H

#include <stddef.h>
#include <stdio.h>

void csvout_field(FILE *f, const char *s, size_t n, int guard);
static inline void csvout_str(FILE *f, const char *s, int guard);
/* A separator and a line end, for symmetry at call sites. */
static inline void csvout_sep(FILE *f)
{
    putc(',', f);
}
static inline void csvout_end(FILE *f)
{
    putc('\n', f);
}

#include <string.h>
static inline void csvout_str(FILE *f, const char *s, int guard)
{
    csvout_field(f, s, strlen(s), guard);
}

#endif
