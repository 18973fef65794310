/* timestamp.c: timestamps and dates (see normalize.h).
 *
 * A small hand parser rather than strptime(3): strptime depends on the locale, does not parse
 * offsets portably and accepts partial input. Conversion to UTC seconds uses Howard Hinnant's
 * days_from_civil algorithm (proleptic Gregorian calendar), which has no range limit and no
 * dependency on the process time zone, unlike mktime(3).
 */
#include "normalize/normalize.h"

#include <string.h>

int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

/* Howard Hinnant's civil_from_days. */
void civil_from_days(int64_t z, int *y, int *m, int *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

static int is_leap(int64_t y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int valid_date(int64_t y, int m, int d)
{
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12 || d < 1)
        return 0;
    int max = mdays[m - 1] + (m == 2 && is_leap(y));
    return d <= max;
}

/* Reads exactly k digits at *p into *v. */
static int digits(const char **p, const char *end, int k, int *v)
{
    int x = 0;
    for (int i = 0; i < k; i++) {
        if (*p >= end || **p < '0' || **p > '9')
            return -1;
        x = x * 10 + (**p - '0');
        (*p)++;
    }
    *v = x;
    return 0;
}

static void trim(const char **s, size_t *n)
{
    while (*n > 0 && (**s == ' ' || **s == '\t'))
        (*s)++, (*n)--;
    while (*n > 0 && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t'))
        (*n)--;
}

int timestamp_parse(const char *s, size_t n, int64_t *t)
{
    trim(&s, &n);
    if (n == 0)
        return -1;
    const char *p = s, *end = s + n;

    /* A run of digits, optionally signed: YYYYMMDD (ISO 8601 basic date) when it is a valid
     * date, Unix seconds up to 11 digits, Unix milliseconds at exactly 13. */
    const char *q = p + (*p == '-' || *p == '+');
    const char *r = q;
    while (r < end && *r >= '0' && *r <= '9')
        r++;
    if (r == end && q < end) {
        size_t nd = (size_t)(end - q);
        if (nd > 13 || nd == 12)
            return -1;
        int64_t v = 0;
        for (r = q; r < end; r++)
            v = v * 10 + (*r - '0');
        if (nd == 8 && q == p && valid_date(v / 10000, (int)(v / 100 % 100), (int)(v % 100)) &&
            v / 10000 >= 1800) {
            *t = days_from_civil(v / 10000, (unsigned)(v / 100 % 100), (unsigned)(v % 100)) * 86400;
            return 0;
        }
        if (nd == 13)
            v /= 1000;
        *t = *p == '-' ? -v : v;
        return 0;
    }

    int y, mo, d, h = 0, mi = 0, sec = 0;
    if (digits(&p, end, 4, &y) || p >= end || *p++ != '-' || digits(&p, end, 2, &mo) || p >= end ||
        *p++ != '-' || digits(&p, end, 2, &d) || !valid_date(y, mo, d))
        return -1;
    int64_t offset = 0;
    if (p < end) {
        if (*p != 'T' && *p != 't' && *p != ' ')
            return -1;
        p++;
        if (digits(&p, end, 2, &h) || p >= end || *p++ != ':' || digits(&p, end, 2, &mi))
            return -1;
        if (p < end && *p == ':') {
            p++;
            if (digits(&p, end, 2, &sec))
                return -1;
            if (p < end && (*p == '.' || *p == ',')) {
                p++;
                const char *f = p;
                while (p < end && *p >= '0' && *p <= '9')
                    p++;
                if (p == f)
                    return -1;
            }
        }
        if (h > 24 || mi > 59 || sec > 60 || (h == 24 && (mi || sec)))
            return -1;
        if (p < end && (*p == 'Z' || *p == 'z')) {
            p++;
        } else if (p < end && (*p == '+' || *p == '-')) {
            int sign = *p++ == '-' ? -1 : 1, oh, om = 0;
            if (digits(&p, end, 2, &oh))
                return -1;
            if (p < end && *p == ':')
                p++;
            if (p < end && digits(&p, end, 2, &om))
                return -1;
            if (oh > 23 || om > 59)
                return -1;
            offset = sign * (oh * 3600 + om * 60);
        }
        if (p != end)
            return -1;
    }
    if (sec == 60)
        sec = 59; /* a leap second is stored as the second before it */
    *t = days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 + h * 3600 + mi * 60 + sec - offset;
    return 0;
}

size_t date_normalize(const char *s, size_t n, char *out)
{
    trim(&s, &n);
    out[0] = '\0';
    int a[3] = {0}, len[3] = {0}, k = 0;
    char sep = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c >= '0' && c <= '9') {
            if (len[k] >= 8)
                return 0;
            a[k] = a[k] * 10 + (c - '0');
            len[k]++;
        } else if ((c == '-' || c == '/' || c == '.') && len[k] > 0 && k < 2 &&
                   (sep == 0 || sep == c)) {
            sep = c;
            k++;
        } else if (c == 'T' || c == ' ') {
            break; /* a time part after a date is ignored */
        } else {
            return 0;
        }
    }
    int y, m, d;
    if (k == 0 && len[0] == 8) {
        y = a[0] / 10000, m = a[0] / 100 % 100, d = a[0] % 100;
    } else if (k == 2 && len[0] == 4) {
        y = a[0], m = a[1], d = a[2];
    } else if (k == 2 && len[2] == 4) {
        y = a[2];
        if (sep == '.' || valid_date(y, a[1], a[0]))
            m = a[1], d = a[0];
        else
            m = a[0], d = a[1];
    } else {
        return 0;
    }
    if (y < 1800 || y > 2200 || !valid_date(y, m, d))
        return 0;
    out[0] = (char)('0' + y / 1000);
    out[1] = (char)('0' + y / 100 % 10);
    out[2] = (char)('0' + y / 10 % 10);
    out[3] = (char)('0' + y % 10);
    out[4] = (char)('0' + m / 10);
    out[5] = (char)('0' + m % 10);
    out[6] = (char)('0' + d / 10);
    out[7] = (char)('0' + d % 10);
    out[8] = '\0';
    return 8;
}
