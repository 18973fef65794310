/* fmt_double against snprintf, byte for byte. */
#include "util/numfmt.h"

#include <criterion/criterion.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static void same(double x, char conv, int prec)
{
    char want[FMT_DOUBLE_MAX], got[FMT_DOUBLE_MAX];
    snprintf(want, sizeof want, conv == 'f' ? "%.*f" : "%.*g", prec, x);
    size_t n = fmt_double(got, x, conv, prec);
    cr_assert_str_eq(got, want, "%%.%d%c of %.17g", prec, conv, x);
    cr_assert_eq(n, strlen(want), "length of %%.%d%c of %.17g", prec, conv, x);
}

static void every_format(double x)
{
    for (int p = 0; p <= 9; p++)
        same(x, 'f', p);
    for (int p = 1; p <= 9; p++)
        same(x, 'g', p);
}

static uint64_t next(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

Test(numfmt, special_values_and_boundaries)
{
    static const double v[] = {
        0.0,       -0.0,      1.0,           -1.0,      0.5,       1.5,      2.5,        0.125,
        0.0000005, 0.0000015, 0.0000025,     9.9999995, 9.999995,  99999.95, 999999.5,   1e-5,
        1e-4,      0.0001,    0.00009999995, 123456.5,  1234567.5, 1e9,      1e10,       1e15,
        1e22,      1e23,      1e300,         1e-300,    5e-324,    DBL_MAX,  DBL_MIN,    -2.5e-7,
        -1e-12,    0.1,       0.2,           0.3,       1.0 / 3,   2.0 / 3,  NAN,        INFINITY,
        -INFINITY, 4.35,      0.045,         1.005,     2.675,     1e-7,     999999999.5};
    for (size_t i = 0; i < sizeof v / sizeof *v; i++)
        every_format(v[i]);
}

/* Exact halves at every precision: the values where rounding to even decides. */
Test(numfmt, halves_round_to_even_as_printf)
{
    for (int p = 0; p <= 6; p++)
        for (int k = 0; k < 2000; k++) {
            double x = ((double)k + 0.5) / (double)(1 << 10);
            every_format(x);
            every_format(((double)k + 0.5) * pow(10, -p));
        }
}

/* Random doubles: uniform in [0, 1] (scores, q-values), spread over every exponent, integers
 * (counts), and random bit patterns. */
Test(numfmt, random_values)
{
    uint64_t s = 0x2545F4914F6CDD1DULL;
    for (int i = 0; i < 200000; i++) {
        uint64_t r = next(&s);
        double u = (double)(r >> 11) / 9007199254740992.0;
        double x;
        switch (i % 4) {
        case 0:
            x = u;
            break;
        case 1:
            x = ldexp(u + 0.5, (int)(next(&s) % 200) - 120);
            break;
        case 2:
            x = (double)(next(&s) % 100000);
            break;
        default: {
            uint64_t bits = next(&s);
            memcpy(&x, &bits, sizeof x);
        }
        }
        if (r & 1)
            x = -x;
        every_format(x);
    }
}
