/* csvout: quoting, doubled quotes and the formula guard, byte for byte. */
#include "util/csvout.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *field(const char *s, size_t n, int guard)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    cr_assert_not_null(f);
    csvout_field(f, s, n, guard);
    fclose(f);
    return buf;
}

Test(csvout, quotes_what_needs_quoting)
{
    static const struct {
        const char *in, *out;
        int guard;
    } cases[] = {
        {"plain", "plain", 1},
        {"", "", 1},
        {"a,b", "\"a,b\"", 1},
        {"say \"hi\"", "\"say \"\"hi\"\"\"", 1},
        {"\"", "\"\"\"\"", 1},
        {"\"\"x\"", "\"\"\"\"\"x\"\"\"", 1},
        {"line\nbreak", "\"line\nbreak\"", 1},
        {" padded", "\" padded\"", 1},
        {"=SUM(A1)", "\"'=SUM(A1)\"", 1},
        {"=SUM(A1)", "=SUM(A1)", 0},
        {"-1,\"2\"", "\"'-1,\"\"2\"\"\"", 1},
        {"no guard, \"q\"", "\"no guard, \"\"q\"\"\"", 0},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        char *got = field(cases[k].in, strlen(cases[k].in), cases[k].guard);
        cr_expect_str_eq(got, cases[k].out, "field <%s>", cases[k].in);
        free(got);
    }
    /* a NUL inside is written as it is, within the given length */
    char *got = field("a\0\"b", 4, 0);
    cr_expect(memcmp(got, "\"a\0\"\"b\"", 7) == 0);
    free(got);
}

/* A field as csvout_put writes it into memory. */
static char *put(const char *s, size_t n, int guard, size_t *len)
{
    char *buf = malloc(CSVOUT_MAX(n) + 1);
    cr_assert_not_null(buf);
    *len = csvout_put(buf, s, n, guard);
    cr_assert_leq(*len, CSVOUT_MAX(n));
    return buf;
}

/* Random fields weighted to the bytes that decide quoting, with and without the guard. */
static size_t random_field(char *s, size_t cap, unsigned long *x)
{
    static const char special[] = ",\" \n\r=+-@\t\0";
    *x = *x * 6364136223846793005UL + 1442695040888963407UL;
    size_t n = (size_t)(*x >> 33) % cap;
    for (size_t i = 0; i < n; i++) {
        *x = *x * 6364136223846793005UL + 1442695040888963407UL;
        unsigned r = (unsigned)(*x >> 33);
        s[i] = r % 3 ? (char)('a' + r % 26) : special[r / 3 % (sizeof special - 1)];
    }
    return n;
}

Test(csvout, put_writes_what_field_writes)
{
    unsigned long x = 99;
    for (int k = 0; k < 20000; k++) {
        char s[40];
        size_t n = random_field(s, sizeof s, &x), la, lb;
        for (int guard = 0; guard < 2; guard++) {
            char *a = field(s, n, guard);
            char *b = put(s, n, guard, &lb);
            la = strlen(a); /* fields here hold NUL only where field() would too */
            if (memchr(s, '\0', n) == NULL)
                cr_assert(la == lb && memcmp(a, b, la) == 0, "field %d <%.*s>", k, (int)n, s);
            free(a);
            free(b);
        }
    }
    /* the worst case is the bound: all quotes behind the guard's quote */
    size_t len;
    char *b = put("=\"\"\"", 4, 1, &len);
    cr_expect_eq(len, CSVOUT_MAX(4) - 1);
    free(b);
}

Test(csvout, buffered_rows_come_out_whole_and_in_order)
{
    char *buf = NULL, *ref = NULL;
    size_t len = 0, rlen = 0;
    FILE *f = open_memstream(&buf, &len), *r = open_memstream(&ref, &rlen);
    cr_assert(f && r);
    csvout_buf o;
    csvout_buf_init(&o, f);
    unsigned long x = 7;
    static char big[200000]; /* a field larger than the buffer */
    memset(big, '"', sizeof big);
    for (int k = 0; k < 5000; k++) {
        char s[40];
        size_t n = random_field(s, sizeof s, &x);
        const char *v = k == 2500 ? big : s;
        n = k == 2500 ? sizeof big : n;
        char *w = csvout_room(&o, CSVOUT_MAX(n) + 1);
        w += csvout_put(w, v, n, 1);
        *w++ = '\n';
        csvout_wrote(&o, w);
        csvout_field(r, v, n, 1);
        putc('\n', r);
    }
    csvout_buf_finish(&o);
    fclose(f);
    fclose(r);
    cr_assert_eq(len, rlen);
    cr_assert(memcmp(buf, ref, len) == 0);
    free(buf);
    free(ref);
}
