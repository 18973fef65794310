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

/* The time of day after a date, from *p to end: H or HH ':' MM [':' SS [('.'|',') digits]]
 * [' '] [AM|PM] [' '] ['Z' | +hh[:mm] | -hh[:mm]]. iso: two-digit hours and no AM/PM (ISO 8601
 * as before). Returns -1 unless it reads to the end. */
static int parse_time(const char *p, const char *end, int iso, int *h, int *mi, int *sec,
                      int64_t *offset)
{
    *h = *mi = *sec = 0;
    *offset = 0;
    const char *h0 = p;
    if (digits(&p, end, 2, h) != 0) {
        p = h0;
        if (iso || digits(&p, end, 1, h) != 0)
            return -1;
    }
    if (p >= end || *p++ != ':' || digits(&p, end, 2, mi))
        return -1;
    if (p < end && *p == ':') {
        p++;
        if (digits(&p, end, 2, sec))
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
    if (!iso) {
        const char *q = p + (p < end && *p == ' ');
        if (end - q >= 2 && (q[1] == 'M' || q[1] == 'm') &&
            (q[0] == 'A' || q[0] == 'a' || q[0] == 'P' || q[0] == 'p')) {
            if (*h < 1 || *h > 12)
                return -1;
            *h = *h % 12 + (q[0] == 'P' || q[0] == 'p' ? 12 : 0);
            p = q + 2;
        }
        if (p < end && *p == ' ' && p + 1 < end &&
            (p[1] == 'Z' || p[1] == 'z' || p[1] == '+' || p[1] == '-'))
            p++;
    }
    if (*h > 24 || *mi > 59 || *sec > 60 || (*h == 24 && (*mi || *sec)))
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
        *offset = sign * (oh * 3600 + om * 60);
    }
    return p == end ? 0 : -1;
}

static int64_t to_seconds(int y, int mo, int d, int h, int mi, int sec, int64_t offset)
{
    if (sec == 60)
        sec = 59; /* a leap second is stored as the second before it */
    return days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 + h * 3600 + mi * 60 + sec -
           offset;
}

/* 1 to 12 for an English month name or its first three letters at p[0..k) (any case). */
static int month_name(const char *p, size_t k)
{
    static const char *const names[] = {"january",   "february", "march",    "april",
                                        "may",       "june",     "july",     "august",
                                        "september", "october",  "november", "december"};
    if (k < 3)
        return 0;
    for (int m = 0; m < 12; m++) {
        size_t full = strlen(names[m]), i = 0;
        if (k != 3 && k != full && !(m == 8 && k == 4)) /* "Sept" */
            continue;
        while (i < k && (p[i] | 0x20) == names[m][i])
            i++;
        if (i == k)
            return m + 1;
    }
    return 0;
}

/* One to four digits at *p into *v, their count into *k. */
static int number(const char **p, const char *end, int *v, int *k)
{
    *v = *k = 0;
    while (*p < end && **p >= '0' && **p <= '9' && *k < 4) {
        *v = *v * 10 + (**p - '0');
        (*p)++;
        (*k)++;
    }
    return *k ? 0 : -1;
}

/* Letters at *p: the month they name (month_name), 0 for none. */
static int month_word(const char **p, const char *end)
{
    const char *q = *p;
    while (*p < end && (**p | 0x20) >= 'a' && (**p | 0x20) <= 'z')
        (*p)++;
    return month_name(q, (size_t)(*p - q));
}

/* The dates that ISO 8601 does not cover, with a time of day after a space, a 'T' or ", ":
 * Y/M/D and Y.M.D (one or two digits for M and D); D.M.Y; D/M/Y and M/D/Y (also with '-'),
 * both valid when day and month are 12 or less; a month's English name or its first three
 * letters before or after the day ("05-Jan-2023", "5 January 2023", "Jan 5, 2023"). Years have
 * four digits. *order: TS_DAY_FIRST or TS_MONTH_FIRST when a slash date has one valid reading,
 * TS_AMBIGUOUS when it has two (*t day first, *alt month first), else TS_ORDER_NONE. */
static int parse_other_date(const char *p, const char *end, int64_t *t, int64_t *alt, int *order,
                            int ymd[3])
{
    int y, m, d, m2 = 0, d2 = 0, k, ky;
    if (*p >= '0' && *p <= '9') {
        int a, b;
        number(&p, end, &a, &k);
        if (p >= end || (*p != '/' && *p != '.' && *p != '-' && *p != ' '))
            return -1;
        char sep = *p++;
        if (p < end && *p >= '0' && *p <= '9') {
            int kb;
            if (sep == ' ' || number(&p, end, &b, &kb) || kb > 2 || p >= end || *p++ != sep ||
                number(&p, end, &d, &ky))
                return -1;
            if (k == 4 && ky <= 2 && sep != '-') { /* Y/M/D, Y.M.D ("2024-3-1" is no ISO) */
                y = a, m = b;
            } else if (k <= 2 && ky == 4) {
                y = d, d = a, m = b;
                if (sep != '.') /* D.M.Y is day first wherever it is written */
                    m2 = a, d2 = b;
            } else {
                return -1;
            }
        } else { /* D Mon Y */
            m = month_word(&p, end);
            if (!m || k > 2 || p >= end || *p++ != sep || number(&p, end, &y, &ky) || ky != 4)
                return -1;
            d = a;
        }
    } else { /* Mon D, Y */
        m = month_word(&p, end);
        if (!m || p >= end || (*p != ' ' && *p != '-' && *p != '/'))
            return -1;
        char sep = *p++;
        if (number(&p, end, &d, &k) || k > 2)
            return -1;
        if (p < end && *p == ',')
            p++;
        if (p >= end || (*p != sep && *p != ' ') || (++p, number(&p, end, &y, &ky)) || ky != 4)
            return -1;
    }
    int h = 0, mi = 0, sec = 0;
    int64_t offset = 0;
    if (p < end) {
        if (*p == ',')
            p++;
        if (p >= end || (*p != ' ' && *p != 'T' && *p != 't'))
            return -1;
        if (parse_time(p + 1, end, 0, &h, &mi, &sec, &offset))
            return -1;
    }
    if (y < 1800 || y > 2200)
        return -1;
    int first = valid_date(y, m, d), second = m2 && valid_date(y, m2, d2);
    if (!first && !second)
        return -1;
    if (ymd) { /* the date as written, day first when it reads both ways */
        ymd[0] = y;
        ymd[1] = first ? m : m2;
        ymd[2] = first ? d : d2;
    }
    if (first && second && (m != m2 || d != d2)) {
        *order = TS_AMBIGUOUS;
        *alt = to_seconds(y, m2, d2, h, mi, sec, offset);
    } else if (m2 && (m != m2 || d != d2)) {
        *order = first ? TS_DAY_FIRST : TS_MONTH_FIRST;
    }
    *t =
        first ? to_seconds(y, m, d, h, mi, sec, offset) : to_seconds(y, m2, d2, h, mi, sec, offset);
    return 0;
}

int timestamp_parse_any(const char *s, size_t n, int64_t *t, int64_t *alt, int *order)
{
    *order = TS_ORDER_NONE;
    *alt = 0;
    trim(&s, &n);
    if (n == 0)
        return -1;
    const char *p = s, *end = s + n;
    /* A run of digits, optionally signed: YYYYMMDD (ISO 8601 basic date) when it is a valid
     * date, a spreadsheet's serial day number (days since 1899-12-30, five digits from 32874 to
     * 73050: the years 1990 to 2099, with a fraction of a day after a dot), Unix seconds up to
     * 11 digits, Unix milliseconds at exactly 13. */
    const char *q = p + (*p == '-' || *p == '+');
    const char *r = q;
    while (r < end && *r >= '0' && *r <= '9')
        r++;
    size_t nd = (size_t)(r - q);
    if (q == p && nd == 5 && (r == end || *r == '.')) {
        int64_t v = 0;
        for (const char *x = q; x < r; x++)
            v = v * 10 + (*x - '0');
        double frac = 0, scale = 0.1;
        const char *f = r;
        if (f < end) {
            for (f++; f < end && *f >= '0' && *f <= '9'; f++, scale /= 10)
                frac += (*f - '0') * scale;
            if (f != end || f == r + 1)
                return -1;
        }
        if (v >= 32874 && v <= 73050) {
            *t = (v - 25569) * 86400 + (int64_t)(frac * 86400 + 0.5);
            return 0;
        }
        if (r != end)
            return -1;
    }
    if (r == end && q < end) {
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
        return parse_other_date(s, end, t, alt, order, NULL);
    int64_t offset = 0;
    if (p < end) {
        if (*p != 'T' && *p != 't' && *p != ' ')
            return -1;
        p++;
        /* ISO 8601's time, else the looser one of exports ("2024-03-01 9:05 PM") */
        if (parse_time(p, end, 1, &h, &mi, &sec, &offset) &&
            parse_time(p, end, 0, &h, &mi, &sec, &offset))
            return -1;
    }
    *t = to_seconds(y, mo, d, h, mi, sec, offset);
    return 0;
}

int timestamp_parse(const char *s, size_t n, int64_t *t)
{
    int64_t alt;
    int order;
    return timestamp_parse_any(s, n, t, &alt, &order) == 0 && order != TS_AMBIGUOUS ? 0 : -1;
}

/* A date with a month's name ("23 Nov 1976", "Nov 23, 1976", "23-NOV-1976"): y, m, d from the
 * wider reader, without its time of day. */
static int named_month_date(const char *s, size_t n, int *y, int *m, int *d)
{
    const char *p = s, *end = s + n;
    while (p < end && *p >= '0' && *p <= '9')
        p++;
    if (p < end && (*p == ' ' || *p == '-' || *p == '/' || *p == '.'))
        p++;
    if (p >= end || !((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z'))
        return -1; /* no month name where one would be */
    int64_t t, alt;
    int order, ymd[3];
    if (parse_other_date(s, end, &t, &alt, &order, ymd) != 0)
        return -1;
    *y = ymd[0], *m = ymd[1], *d = ymd[2]; /* as written, whatever its time and offset */
    return 0;
}

size_t date_normalize(const char *s, size_t n, char *out)
{
    trim(&s, &n);
    out[0] = '\0';
    int a[3] = {0}, len[3] = {0}, k = 0;
    char sep = 0;
    int y, m, d;
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
            if (k == 0 && len[0] <= 2 && named_month_date(s, n, &y, &m, &d) == 0)
                goto write; /* "23 Nov 1976" */
            break;          /* a time part after a date is ignored */
        } else {
            if (named_month_date(s, n, &y, &m, &d) == 0)
                goto write;
            return 0;
        }
    }
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
write:
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
