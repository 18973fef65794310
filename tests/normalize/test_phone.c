#include "normalize/normalize.h"

#include <criterion/criterion.h>
#include <string.h>

typedef struct {
    const char *in, *country, *key;
} case_t;

Test(phone, international_and_national_forms_agree)
{
    static const case_t c[] = {
        {"+81 90-1234-5678", NULL, "819012345678"},
        {"0081 90 1234 5678", NULL, "819012345678"},
        {"090-1234-5678", "JP", "819012345678"},
        {"81 90 1234 5678", "JP", "819012345678"},
        {"(415) 555-0123", "US", "14155550123"},
        {"1-415-555-0123", "US", "14155550123"},
        {"011 44 20 7946 0958", "US", "442079460958"},
        {"020 7946 0958", "GB", "442079460958"},
        {"+44 (0)20 7946 0958", NULL, "4402079460958"},
        {"06 12 34 56 78", "FR", "33612345678"},
        {"8 (495) 123-45-67", "RU", "74951234567"},
        {"06 1 234 5678", "HU", "3612345678"},
        {"02 1234 5678", "IT", "390212345678"},
        {"612 345 678", "ES", "34612345678"},
        {"010-1234-5678", "KR", "821012345678"},
        {"0412 345 678", "AU", "61412345678"},
        {"+1 415 555 0123 ext. 12", NULL, "14155550123"},
        {"tel:+1-415-555-0123", NULL, "14155550123"},
        {"03-1234-5678", NULL, "0312345678"}, /* country unknown: digits as typed */
    };
    for (size_t i = 0; i < sizeof c / sizeof *c; i++) {
        char out[NORM_KEY_MAX];
        size_t n = phone_normalize(c[i].in, strlen(c[i].in), c[i].country, out);
        cr_expect_str_eq(out, c[i].key, "input %s (%s)", c[i].in,
                         c[i].country ? c[i].country : "-");
        cr_expect_eq(n, strlen(c[i].key));
    }
}

Test(phone, not_a_number_gives_no_key)
{
    static const char *const bad[] = {
        "", "12345", "call me", "+", "1234567890123456789", "0800-FLOWERS"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char out[NORM_KEY_MAX];
        cr_expect_eq(phone_normalize(bad[i], strlen(bad[i]), "US", out), 0, "input %s", bad[i]);
    }
}

Test(country, codes_and_names)
{
    static const struct {
        const char *in, *out;
    } c[] = {{"jp", "JP"},     {"JPN", "JP"},  {"Japan", "JP"}, {"United Kingdom", "GB"},
             {"uk", "GB"},     {" de ", "DE"}, {"日本", "JP"},  {"XK", "XK"},
             {"Atlantis", ""}, {"", ""},       {"J", ""}};
    for (size_t i = 0; i < sizeof c / sizeof *c; i++) {
        char out[NORM_KEY_MAX];
        country_normalize(c[i].in, strlen(c[i].in), out);
        cr_expect_str_eq(out, c[i].out, "input %s", c[i].in);
    }
}
