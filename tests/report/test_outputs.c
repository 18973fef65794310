/* Unit tests of the output helpers that the writers share. */
#include "report/outputs.h"

#include <criterion/criterion.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

/* format_time writes ISO-8601 UTC by hand for four-digit years: it must match strftime's
 * "%Y-%m-%dT%H:%M:%SZ" everywhere, and fall back to strftime outside those years. */
Test(outputs, format_time_matches_strftime)
{
    const int64_t fixed[] = {0,          -1,           951782400,    951868799,
                             1709251200, 2147483647,   4102444800,   -2208988800,
                             7258118400, -30610224000, 253402300799, 253402300800};
    uint64_t x = 88172645463325252u;
    for (int k = 0; k < 20000 + (int)(sizeof fixed / sizeof *fixed); k++) {
        int64_t t;
        if (k < (int)(sizeof fixed / sizeof *fixed)) {
            t = fixed[k];
        } else {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            t = (int64_t)(x % 8000000000u) - 1000000000; /* 1938 to 2223 */
        }
        char got[32], want[32];
        time_t tt = (time_t)t;
        struct tm tm;
        cr_assert_not_null(gmtime_r(&tt, &tm));
        strftime(want, sizeof want, "%Y-%m-%dT%H:%M:%SZ", &tm);
        format_time(t, got);
        cr_assert_str_eq(got, want, "t = %lld", (long long)t);
    }
    char buf[32];
    cr_expect_str_eq(format_time(LT_MISSING_TIME, buf), "", "a missing time is empty");
}
