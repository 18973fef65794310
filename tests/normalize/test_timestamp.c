#include "normalize/normalize.h"
#include "normalize/row.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *in;
    long long t;
} case_t;

Test(timestamp, iso_8601_forms_and_unix_seconds)
{
    static const case_t c[] = {
        {"2024-03-01", 1709251200},
        {"20240301", 1709251200},
        {"2024-03-01T12:34:56Z", 1709296496},
        {"2024-03-01T12:34:56", 1709296496},
        {"2024-03-01 12:34:56", 1709296496},
        {"2024-03-01T12:34:56.789Z", 1709296496},
        {"2024-03-01T12:34:56,5+00:00", 1709296496},
        {"2024-03-01T21:34:56+09:00", 1709296496},
        {"2024-03-01T21:34:56+0900", 1709296496},
        {"2024-03-01T07:34:56-05", 1709296496},
        {"2024-03-01T12:34Z", 1709296440},
        {"1709296496", 1709296496},
        {"1709296496789", 1709296496},
        {"0", 0},
        {"-86400", -86400},
        {" 2000-02-29 ", 951782400},
        {"2016-12-31T23:59:60Z", 1483228799},
    };
    for (size_t i = 0; i < sizeof c / sizeof *c; i++) {
        int64_t t = -1;
        cr_expect_eq(timestamp_parse(c[i].in, strlen(c[i].in), &t), 0, "parse %s", c[i].in);
        cr_expect_eq(t, c[i].t, "value of %s: %lld", c[i].in, (long long)t);
    }
}

Test(timestamp, unreadable_values_fail)
{
    static const char *const bad[] = {
        "",           "yesterday",        "2024-13-01",   "2024-02-30",
        "2023-02-29", "2024-03-01T25:00", "2024-3-1",     "2024-03-01T12:34:56Q",
        "01/03/2024", "2024-03-01T",      "123456789012", "2024-03-01T12:34:56+25:00"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        int64_t t;
        cr_expect_eq(timestamp_parse(bad[i], strlen(bad[i]), &t), -1, "input %s", bad[i]);
    }
}

Test(timestamp, spreadsheet_and_billing_export_layouts)
{
    static const struct {
        const char *in;
        long long t, alt;
        int order;
    } c[] = {
        {"2024/03/01", 1709251200, 0, TS_ORDER_NONE},
        {"2024.3.1 12:34", 1709296440, 0, TS_ORDER_NONE},
        {"01.03.2024", 1709251200, 0, TS_ORDER_NONE},
        {"25/12/2023", 1703462400, 0, TS_DAY_FIRST},
        {"12/25/2023", 1703462400, 0, TS_MONTH_FIRST},
        {"12-25-2023 11:30 PM", 1703547000, 0, TS_MONTH_FIRST},
        {"01/03/2024 12:34:56", 1709296496, 1704285296, TS_AMBIGUOUS},
        {"03/03/2024", 1709424000, 0, TS_ORDER_NONE},
        {"1/3/2024 9:05 am", 1709283900, 1704272700, TS_AMBIGUOUS},
        {"01/03/2024 21:34 +09:00", 1709296440, 1704285240, TS_AMBIGUOUS},
        {"01-Mar-2024", 1709251200, 0, TS_ORDER_NONE},
        {"1 March 2024 12:34", 1709296440, 0, TS_ORDER_NONE},
        {"Mar 1, 2024, 12:34:56 PM", 1709296496, 0, TS_ORDER_NONE},
        {"march 01 2024", 1709251200, 0, TS_ORDER_NONE},
        {"Sept 1, 2024", 1725148800, 0, TS_ORDER_NONE},
        {"45352", 1709251200, 0, TS_ORDER_NONE},
        {"45352.524259", 1709296496, 0, TS_ORDER_NONE},
        {"2024-03-01 9:05 PM", 1709327100, 0, TS_ORDER_NONE},
        {"2024-03-01T12:34:56 Z", 1709296496, 0, TS_ORDER_NONE},
        {"86400", 86400, 0, TS_ORDER_NONE}, /* seconds: past 2099 as a serial day */
    };
    for (size_t i = 0; i < sizeof c / sizeof *c; i++) {
        int64_t t = -1, alt = 0;
        int order = -1;
        cr_expect_eq(timestamp_parse_any(c[i].in, strlen(c[i].in), &t, &alt, &order), 0, "parse %s",
                     c[i].in);
        cr_expect_eq(t, c[i].t, "value of %s: %lld", c[i].in, (long long)t);
        cr_expect_eq(order, c[i].order, "order of %s: %d", c[i].in, order);
        if (order == TS_AMBIGUOUS)
            cr_expect_eq(alt, c[i].alt, "month first %s: %lld", c[i].in, (long long)alt);
        int64_t u;
        cr_expect_eq(timestamp_parse(c[i].in, strlen(c[i].in), &u) == 0, order != TS_AMBIGUOUS,
                     "timestamp_parse of %s", c[i].in);
    }
    static const char *const bad[] = {
        "31/31/2024",  "1/3/24",     "2024-3-1",       "Mar 32, 2024",
        "Foo 1, 2024", "1 Ma 2024",  "13:00 1/3/2024", "01/03/2024 13:00 PM",
        "12345.",      "1/3/2024 x", "2024/13/01",     "45352.5x"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        int64_t t, alt;
        int order;
        cr_expect_eq(timestamp_parse_any(bad[i], strlen(bad[i]), &t, &alt, &order), -1, "input %s",
                     bad[i]);
    }
}

Test(date, dates_of_birth_in_common_layouts)
{
    static const struct {
        const char *in, *out;
    } c[] = {
        {"1985-07-04", "19850704"},
        {"19850704", "19850704"},
        {"1985/07/04", "19850704"},
        {"04.07.1985", "19850704"},
        {"25/12/1985", "19851225"},
        {"12/25/1985", "19851225"},
        {"04/07/1985", "19850704"},
        {"1985-07-04T00:00:00", "19850704"},
        {"4 Jul 1985", "19850704"},
        {"4 Jul 1985 00:30 +01:00", "19850704"},
        {"Jul 4, 1985 11:00 PM -05:00", "19850704"},
        {"Jul 4, 1985", "19850704"},
        {"04-JUL-1985", "19850704"},
        {"July 4 1985 00:00", "19850704"},
        {"4 Jul 85", ""},
        {"Jul", ""},
        {"1985-02-30", ""},
        {"07/04/85", ""},
        {"", ""},
        {"17000101", ""},
        {"abc", ""},
    };
    for (size_t i = 0; i < sizeof c / sizeof *c; i++) {
        char out[NORM_KEY_MAX];
        size_t n = date_normalize(c[i].in, strlen(c[i].in), out);
        cr_expect_str_eq(out, c[i].out, "input %s", c[i].in);
        cr_expect_eq(n, strlen(c[i].out));
    }
}

Test(category, payment_types_and_ip_kinds)
{
    cr_expect_eq(payment_type_parse("Visa", 4), PAY_CARD);
    cr_expect_eq(payment_type_parse(" bitcoin ", 9), PAY_CRYPTO);
    cr_expect_eq(payment_type_parse("prepaid", 7), PAY_PREPAID);
    cr_expect_eq(payment_type_parse("barter", 6), PAY_OTHER);
    cr_expect_eq(payment_type_parse("", 0), PAY_UNKNOWN);
    cr_expect_str_eq(payment_type_name(PAY_BANK), "bank");
    cr_expect_eq(ip_kind_parse("VPN", 3), IPK_VPN);
    cr_expect_eq(ip_kind_parse("datacenter", 10), IPK_HOSTING);
    cr_expect_eq(ip_kind_parse("martian", 7), IPK_UNKNOWN);
    /* the usage types of IP-intelligence exports (MaxMind, IP2Location, IPinfo) */
    static const struct {
        const char *word;
        ip_kind kind;
    } vendor[] = {{"DCH", IPK_HOSTING},
                  {"data_center", IPK_HOSTING},
                  {"Data-Center", IPK_HOSTING},
                  {"content_delivery_network", IPK_HOSTING},
                  {"cellular", IPK_MOBILE},
                  {"ISP/MOB", IPK_MOBILE},
                  {"COM", IPK_BUSINESS},
                  {"college", IPK_BUSINESS},
                  {"government", IPK_BUSINESS},
                  {"ISP", IPK_RESIDENTIAL},
                  {"consumer_privacy_network", IPK_VPN},
                  {"tor-exit", IPK_TOR},
                  {"residential_proxy", IPK_PROXY},
                  {"Cable/DSL", IPK_RESIDENTIAL},
                  {"cafe", IPK_UNKNOWN},
                  {"hostingx", IPK_UNKNOWN},
                  {"d", IPK_UNKNOWN}};
    for (size_t i = 0; i < sizeof vendor / sizeof *vendor; i++)
        cr_expect_eq(ip_kind_parse(vendor[i].word, strlen(vendor[i].word)), vendor[i].kind, "%s",
                     vendor[i].word);
    cr_expect_eq(payment_type_parse("Credit_Card", 11), PAY_CARD);
    cr_expect_eq(payment_type_parse("Apple Pay", 9), PAY_CARD);
    cr_expect_eq(payment_type_parse("Cryptocurrency", 14), PAY_CRYPTO);
    cr_expect_eq(payment_type_parse("paysafecard", 11), PAY_PREPAID);
    cr_expect_eq(payment_type_parse("ACH", 3), PAY_BANK);
    cr_expect_str_eq(ip_kind_name(IPK_TOR), "tor");
}

Test(category, amounts_with_a_decimal_point_or_a_decimal_comma)
{
    static const struct {
        const char *text;
        double want;
    } cases[] = {{"12.50", 12.5},
                 {"12,50", 12.5},
                 {"12,5", 12.5},
                 {"1,234", 1234},
                 {"1,234.56", 1234.56},
                 {"1.234,56", 1234.56},
                 {"1 234,56", 1234.56},
                 {"1.234.567", 1234567},
                 {"$1,234,567.5", 1234567.5},
                 {"-3,75", -3.75},
                 {"30", 30},
                 {"1'234.50", 1234.5},
                 {" 7,00 ", 7},
                 {"0,125", 0.125},
                 {"-0,5", -0.5},
                 {"12.", 12},
                 {",5", 0.5},
                 {"1,5e3", 1500},
                 {"12 EUR", 12},
                 {"USD 5.00", 5},
                 {"12,50EUR", 12.5}};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        int ok;
        double v = amount_parse(cases[i].text, strlen(cases[i].text), &ok);
        cr_expect(ok, "%s", cases[i].text);
        cr_expect_float_eq(v, cases[i].want, 1e-9, "%s: %g", cases[i].text, v);
    }
    int ok;
    cr_expect(isnan(amount_parse("12 EURO", 7, &ok)) && !ok, "a word is no currency code");
    cr_expect(isnan(amount_parse("ab12", 4, &ok)) && !ok);
    static const char *const bad[] = {"1.2.3", "1.234.56", "1,234,5", "1,2,3.4", "12,50,1"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        double v = amount_parse(bad[i], strlen(bad[i]), &ok);
        cr_expect(isnan(v) && !ok, "%s: %g", bad[i], v);
    }
    cr_expect(isnan(amount_parse("", 0, &ok)) && ok);
}

/* Plain decimals are read without strtod: the value must be strtod's, bit for bit, for every
 * length of whole and fractional part up to the 15 digits the direct reading takes, and just
 * past them. */
Test(amount, plain_decimals_are_strtod_bit_for_bit)
{
    uint64_t x = 0x9e3779b97f4a7c15ULL;
    for (int whole = 1; whole <= 17; whole++) {
        for (int frac = 0; frac <= 16 && whole + frac <= 18; frac++) {
            for (int rep = 0; rep < 200; rep++) {
                char text[48];
                size_t o = 0;
                if (rep & 1)
                    text[o++] = '-';
                for (int d = 0; d < whole + frac; d++) {
                    if (d == whole)
                        text[o++] = '.';
                    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
                    text[o++] = (char)('0' + x % 10);
                }
                text[o] = '\0';
                int ok;
                double got = amount_parse(text, o, &ok), want = strtod(text, NULL);
                cr_assert(ok, "%s", text);
                cr_assert(memcmp(&got, &want, sizeof got) == 0, "%s: %.17g, strtod %.17g", text,
                          got, want);
            }
        }
    }
}
