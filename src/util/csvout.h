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
/* The same field written at o, at most CSVOUT_MAX(n) bytes; returns how many. For rows built in
 * memory and written at once. */
#define CSVOUT_MAX(n) (2 * (n) + 3)
size_t csvout_put(char *o, const char *s, size_t n, int guard);
/* How field s[0..n) is written: 0 as it is, 1 quoted, 2 quoted behind the formula guard. */
int csvout_quoting(const char *s, size_t n, int guard);
static inline void csvout_str(FILE *f, const char *s, int guard);

/* Rows built in memory and handed to stdio a buffer at a time, for the writers of a row per
 * lease or renter (a few stdio calls per field showed in their profiles):
 *     char *w = csvout_room(&o, most);  w += csvout_put(w, s, n, 1);  ...  csvout_wrote(&o, w);
 */
typedef struct csvout_buf {
    FILE *f;
    char *b;
    size_t n, cap;
} csvout_buf;

/* With f NULL the rows stay in memory: the buffer grows, and o->b holds o->n bytes (the
 * caller's to xfree; csvout_buf_finish frees them). */
void csvout_buf_init(csvout_buf *o, FILE *f);
/* Where up to `most` more bytes go: the buffer is written out first when they would not fit. */
char *csvout_room(csvout_buf *o, size_t most);
/* The bytes up to `end` (within the room) are part of the output. */
static inline void csvout_wrote(csvout_buf *o, char *end)
{
    o->n = (size_t)(end - o->b);
}
/* Writes out what is buffered and frees the buffer. */
void csvout_buf_finish(csvout_buf *o);
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
