/* numfmt.c: see numfmt.h.
 *
 * Why the scaled integer is right: y = a * 10^e (or a / 10^-e) with |e| <= 22, where 10^|e| is
 * exact, is a correctly rounded product or quotient, so |y - exact| <= y * 2^-53 < 1.2e-6 for
 * y < 1e10. Rounding y and rounding the exact value to the nearest integer can then differ only
 * when the exact value is within 1.2e-6 of a half, which the 1e-5 guard sends to snprintf; near
 * an integer both round to that integer.
 */
#include "util/numfmt.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>

#define SURE_MAX   1e10 /* scaled values at or above: snprintf */
#define HALF_GUARD 1e-5 /* scaled values this close to a half: snprintf */

static const double pow10d[23] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                  1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                  1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
static const uint64_t pow10u[11] = {1,       10,       100,       1000,       10000,      100000,
                                    1000000, 10000000, 100000000, 1000000000, 10000000000};

/* The nearest integer to y >= 0 when it is sure (see above); 0 when not. */
static int round_sure(double y, uint64_t *k)
{
    if (!(y < SURE_MAX))
        return 0;
    double fl = floor(y), fr = y - fl;
    if (fabs(fr - 0.5) < HALF_GUARD)
        return 0;
    *k = (uint64_t)fl + (fr > 0.5);
    return 1;
}

/* a * 10^e, correctly rounded, for |e| <= 22. */
static double scale(double a, int e)
{
    return e >= 0 ? a * pow10d[e] : a / pow10d[-e];
}

/* The decimal digits of k, at least `width` of them (zero-padded); returns the count. */
static size_t put_digits(char *out, uint64_t k, int width)
{
    char tmp[24];
    size_t n = 0;
    do {
        tmp[n++] = (char)('0' + k % 10);
        k /= 10;
    } while (k);
    while ((int)n < width && n < sizeof tmp)
        tmp[n++] = '0';
    for (size_t i = 0; i < n; i++)
        out[i] = tmp[n - 1 - i];
    return n;
}

size_t fmt_uint(char *out, unsigned long long v)
{
    size_t n = put_digits(out, v, 1);
    out[n] = '\0';
    return n;
}

static size_t fallback(char *out, double x, char conv, int prec)
{
    int n = conv == 'f'   ? snprintf(out, FMT_DOUBLE_MAX, "%.*f", prec, x)
            : conv == 'g' ? snprintf(out, FMT_DOUBLE_MAX, "%.*g", prec, x)
                          : snprintf(out, FMT_DOUBLE_MAX, "%.*e", prec, x);
    return n < 0 ? 0 : (size_t)n;
}

static size_t fixed(char *out, double x, int prec)
{
    double a = fabs(x);
    uint64_t k;
    if (!round_sure(a * pow10d[prec], &k))
        return fallback(out, x, 'f', prec);
    size_t o = 0;
    if (signbit(x))
        out[o++] = '-'; /* as printf: "-0.000000" for -0 and for negatives that round to 0 */
    o += put_digits(out + o, k / pow10u[prec], 1);
    if (prec > 0) {
        out[o++] = '.';
        o += put_digits(out + o, k % pow10u[prec], prec);
    }
    out[o] = '\0';
    return o;
}

static size_t general(char *out, double x, int prec)
{
    double a = fabs(x);
    size_t o = 0;
    if (a == 0) {
        if (signbit(x))
            out[o++] = '-';
        out[o++] = '0';
        out[o] = '\0';
        return o;
    }
    /* X: the decimal exponent of a rounded to prec digits, k those digits */
    int X = (int)floor(log10(a));
    uint64_t k = 0;
    for (int tries = 0;; tries++) {
        int e = prec - 1 - X;
        if (tries == 3 || e < -22 || e > 22)
            return fallback(out, x, 'g', prec);
        double y = scale(a, e);
        if (y >= (double)pow10u[prec]) { /* log10 was one low */
            X++;
            continue;
        }
        if (!round_sure(y, &k))
            return fallback(out, x, 'g', prec);
        if (k < pow10u[prec - 1]) { /* log10 was one high */
            X--;
            continue;
        }
        if (k == pow10u[prec]) { /* 9.999995 to 10.0000: the exponent carries */
            k = pow10u[prec - 1];
            X++;
        }
        break;
    }
    char d[16]; /* the prec digits, trailing zeros dropped */
    size_t nd = put_digits(d, k, prec);
    while (nd > 1 && d[nd - 1] == '0')
        nd--;
    if (signbit(x))
        out[o++] = '-';
    if (X < -4 || X >= prec) { /* d.ddde+XX */
        out[o++] = d[0];
        if (nd > 1) {
            out[o++] = '.';
            for (size_t i = 1; i < nd; i++)
                out[o++] = d[i];
        }
        out[o++] = 'e';
        out[o++] = X < 0 ? '-' : '+';
        o += put_digits(out + o, (uint64_t)(X < 0 ? -X : X), 2);
    } else if (X >= 0) { /* ddd.ddd */
        for (size_t i = 0; i < (size_t)X + 1; i++)
            out[o++] = i < nd ? d[i] : '0';
        if (nd > (size_t)X + 1) {
            out[o++] = '.';
            for (size_t i = (size_t)X + 1; i < nd; i++)
                out[o++] = d[i];
        }
    } else { /* 0.000ddd */
        out[o++] = '0';
        out[o++] = '.';
        for (int i = 0; i < -X - 1; i++)
            out[o++] = '0';
        for (size_t i = 0; i < nd; i++)
            out[o++] = d[i];
    }
    out[o] = '\0';
    return o;
}

size_t fmt_double(char *out, double x, char conv, int prec)
{
    if (!isfinite(x) || (conv == 'f' && (prec < 0 || prec > 9)) ||
        (conv == 'g' && (prec < 1 || prec > 9)) || (conv != 'f' && conv != 'g'))
        return fallback(out, x, conv, prec);
    return conv == 'f' ? fixed(out, x, prec) : general(out, x, prec);
}
