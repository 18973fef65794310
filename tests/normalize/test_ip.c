#include "normalize/normalize.h"

#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

typedef struct {
    const char *in;
    int family;
    const char *addr, *prefix;
} case_t;

Test(ip, v4_v6_and_their_prefixes)
{
    static const case_t c[] = {
        {"203.0.113.7", 4, "203.0.113.7", "203.0.113.0/24"},
        {" 203.0.113.7 ", 4, "203.0.113.7", "203.0.113.0/24"},
        {"203.0.113.7:8080", 4, "203.0.113.7", "203.0.113.0/24"},
        {"2001:DB8:0:0:0:0:0:1", 6, "2001:db8::1", "2001:db8::/48"},
        {"[2001:db8:abcd:12::1]", 6, "2001:db8:abcd:12::1", "2001:db8:abcd::/48"},
        {"fe80::1%eth0", 6, "fe80::1", "fe80::/48"},
        {"::ffff:198.51.100.9", 4, "198.51.100.9", "198.51.100.0/24"},
        {"::1", 6, "::1", "::/48"},
    };
    for (size_t i = 0; i < sizeof c / sizeof *c; i++) {
        char addr[NORM_KEY_MAX], prefix[NORM_KEY_MAX];
        int f = ip_normalize(c[i].in, strlen(c[i].in), addr, prefix);
        cr_expect_eq(f, c[i].family, "family of %s", c[i].in);
        cr_expect_str_eq(addr, c[i].addr, "address of %s", c[i].in);
        cr_expect_str_eq(prefix, c[i].prefix, "prefix of %s", c[i].in);
    }
}

Test(ip, invalid_gives_empty_keys)
{
    static const char *const bad[] = {"",      "256.1.1.1",      "1.2.3", "1.2.3.4.5", "abc",
                                      "1:2:3", "2001:db8::1::2", "[::1",  "1.2.3.4/24"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char addr[NORM_KEY_MAX], prefix[NORM_KEY_MAX];
        cr_expect_eq(ip_normalize(bad[i], strlen(bad[i]), addr, prefix), 0, "input %s", bad[i]);
        cr_expect_str_eq(addr, "");
        cr_expect_str_eq(prefix, "");
    }
}

/* The IPv4 text is written by hand: it must be inet_ntop's for every byte value, and the prefix
 * the first three bytes and .0/24. */
Test(ip, v4_text_is_inet_ntop_for_every_byte_value)
{
    for (unsigned v = 0; v < 256; v++) {
        unsigned char b[4] = {(unsigned char)v, (unsigned char)(255 - v), (unsigned char)(v * 7),
                              (unsigned char)(v / 3)};
        char in[48], want[32], out[64], prefix[64], want_prefix[32];
        inet_ntop(AF_INET, b, want, sizeof want);
        snprintf(in, sizeof in, " %s ", want);
        snprintf(want_prefix, sizeof want_prefix, "%u.%u.%u.0/24", b[0], b[1], b[2]);
        cr_assert_eq(ip_normalize(in, strlen(in), out, prefix), 4);
        cr_assert_str_eq(out, want);
        cr_assert_str_eq(prefix, want_prefix);
    }
}
