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
