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

/* The IPv6 text is written by hand too: it must be inet_ntop's, "::" on the first longest run
 * of zero groups, dotted IPv4 at the end of the compatible forms, for every pattern of zero
 * groups; the prefix the first three groups and /48. The input is the full, upper-case form. */
Test(ip, v6_text_is_inet_ntop_for_every_pattern_of_zero_groups)
{
    static const unsigned fill[] = {0x1, 0xabcd, 0xffff, 0x10, 0x200};
    for (unsigned mask = 0; mask < 256; mask++) {
        for (size_t f = 0; f < sizeof fill / sizeof *fill; f++) {
            unsigned char b[16];
            char in[64], want[64], out[64], prefix[64], want_prefix[80];
            int o = 0;
            for (int i = 0; i < 8; i++) {
                unsigned w =
                    (mask >> i & 1) ? 0 : (fill[(f + (size_t)i) % 5] + (unsigned)i) & 0xffff;
                b[2 * i] = (unsigned char)(w >> 8);
                b[2 * i + 1] = (unsigned char)w;
                o += snprintf(in + o, sizeof in - (size_t)o, "%s%X", i ? ":" : "", w);
            }
            static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
            if (memcmp(b, mapped, 12) == 0)
                continue; /* read as the IPv4 address it carries (v4_v6_and_their_prefixes) */
            inet_ntop(AF_INET6, b, want, sizeof want);
            unsigned char pre[16] = {0};
            memcpy(pre, b, 6);
            char pre_text[64];
            inet_ntop(AF_INET6, pre, pre_text, sizeof pre_text);
            snprintf(want_prefix, sizeof want_prefix, "%s/48", pre_text);
            cr_assert_eq(ip_normalize(in, strlen(in), out, prefix), 6, "family of %s", in);
            cr_assert_str_eq(out, want, "address of %s", in);
            cr_assert_str_eq(prefix, want_prefix, "prefix of %s", in);
        }
    }
}

/* Dotted quads that inet_pton refuses stay refused on the direct path: leading zeros, bytes
 * over 255, empty parts, signs, and an address with anything after it. */
Test(ip, quads_are_read_by_inet_pton_rules)
{
    static const char *const bad[] = {"01.2.3.4", "1.2.3.04",  "1.2.3.256", "1..3.4",
                                      "1.2.3.",   ".1.2.3",    "+1.2.3.4",  "1.2.3.4 5",
                                      "1.2.3.4a", "1234.1.1.1"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char addr[NORM_KEY_MAX], prefix[NORM_KEY_MAX];
        unsigned char b[4];
        cr_assert_neq(inet_pton(AF_INET, bad[i], b), 1, "inet_pton takes %s", bad[i]);
        cr_expect_eq(ip_normalize(bad[i], strlen(bad[i]), addr, prefix), 0, "input %s", bad[i]);
    }
    char addr[NORM_KEY_MAX], prefix[NORM_KEY_MAX];
    cr_expect_eq(ip_normalize("0.0.0.0", 7, addr, prefix), 4);
    cr_expect_str_eq(addr, "0.0.0.0");
    cr_expect_eq(ip_normalize("255.255.255.255", 15, addr, prefix), 4);
    cr_expect_str_eq(prefix, "255.255.255.0/24");
}
