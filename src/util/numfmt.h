/* numfmt.h: "%.*f" and "%.*g" of a double, byte for byte as printf writes them, without printf.
 *
 * The outputs write a few doubles for each of millions of renters and leases, and glibc's
 * printf_fp (exact multi-precision decimal conversion) showed in the report's profile. Here a
 * value is scaled by a power of ten that is exact in double precision and rounded to an integer
 * of at most ten digits; the scaling's error is far below a unit of that integer, so the integer
 * is the correctly rounded one unless the exact value lies within a hair of a rounding boundary
 * (a half), where rounding to even would need the exact value. In that case, and for values too
 * large or small for an exact scale, NaN and infinities, the function asks snprintf.
 */
#ifndef LH_UTIL_NUMFMT_H
#define LH_UTIL_NUMFMT_H

#include <stddef.h>

/* Room for any result of fmt_double: "%.9f" of the largest double has 309 integer digits. */
#define FMT_DOUBLE_MAX 330

/* Writes x as snprintf(out, FMT_DOUBLE_MAX, "%.*f" or "%.*g", prec, x) would, for conv 'f'
 * (prec 0..9) or 'g' (prec 1..9); other conversions and precisions go to snprintf. Returns the
 * length (out is NUL-terminated). */
size_t fmt_double(char *out, double x, char conv, int prec);

/* Writes the decimal digits of v ("%llu"), NUL-terminated (room for 21 bytes); returns the
 * length. */
size_t fmt_uint(char *out, unsigned long long v);

#endif
