/* ip.c: IP addresses (see normalize.h).
 *
 * Parsing is inet_pton(3), and the text is inet_ntop(3)'s, written by hand (glibc's inet_ntop
 * formats IPv6 groups through sprintf: with the general path's copies and searches, a tenth of
 * the normalizers' instructions on a log with IPv6 sign-ups), so the canonical text of an IPv6
 * address is RFC 5952's (lower case, longest zero run compressed). A plain dotted quad, the
 * common case, is read without inet_pton, by its rules (four decimal bytes, no leading zeros).
 * Accepted around the address: white space, [brackets], an IPv6 zone (%eth0, dropped), and an
 * IPv4 ":port" suffix (dropped). An IPv4-mapped IPv6 address (::ffff:a.b.c.d) is the IPv4
 * address it carries.
 */
#include "normalize/normalize.h"

#include <arpa/inet.h>
#include <string.h>

/* Writes the decimal text of byte b at o; returns the end. */
static char *put_byte(char *o, unsigned b)
{
    if (b >= 100)
        *o++ = (char)('0' + b / 100);
    if (b >= 10)
        *o++ = (char)('0' + b / 10 % 10);
    *o++ = (char)('0' + b % 10);
    return o;
}

static void put_v4(const unsigned char *b, char *out, char *prefix)
{
    char *o = out;
    for (int i = 0; i < 4; i++) {
        o = put_byte(o, b[i]);
        *o++ = i < 3 ? '.' : '\0';
    }
    o = prefix;
    for (int i = 0; i < 3; i++) {
        o = put_byte(o, b[i]);
        *o++ = '.';
    }
    memcpy(o, "0/24", 5);
}

/* Reads s[0..n) as inet_pton(AF_INET) does (exactly four decimal bytes, dot-separated, none
 * with a leading zero): 1 with the bytes in b, else 0 (not such a quad, or not valid). */
static int read_quad(const char *s, size_t n, unsigned char *b)
{
    size_t i = 0;
    for (int k = 0; k < 4; k++) {
        if (k > 0) {
            if (i == n || s[i] != '.')
                return 0;
            i++;
        }
        size_t start = i;
        unsigned v = 0;
        while (i < n && s[i] >= '0' && s[i] <= '9' && i - start < 3)
            v = v * 10 + (unsigned)(s[i++] - '0');
        if (i == start || v > 255 || (s[start] == '0' && i - start > 1))
            return 0;
        b[k] = (unsigned char)v;
    }
    return i == n;
}

/* Writes x in lower-case hex without leading zeros; returns the end. */
static char *put_hex(char *o, unsigned x)
{
    static const char digit[] = "0123456789abcdef";
    int shift = 12;
    while (shift > 0 && (x >> shift) == 0)
        shift -= 4;
    for (; shift >= 0; shift -= 4)
        *o++ = digit[(x >> shift) & 15];
    return o;
}

/* The text inet_ntop(AF_INET6) writes for b (glibc's rules: the first longest run of two or
 * more zero groups becomes "::"; an address whose first six groups are zero, or the first
 * five zero and the sixth ffff, ends in dotted IPv4) and its suffix; returns the end (the
 * text is NUL-terminated there). */
static char *put_v6(const unsigned char *b, char *out, const char *suffix)
{
    unsigned w[8];
    for (int i = 0; i < 8; i++)
        w[i] = (unsigned)b[2 * i] << 8 | b[2 * i + 1];
    int best = -1, best_len = 0, cur = -1, cur_len = 0;
    for (int i = 0; i <= 8; i++) {
        if (i < 8 && w[i] == 0) {
            if (cur < 0)
                cur = i, cur_len = 0;
            cur_len++;
        } else if (cur >= 0) {
            if (best < 0 || cur_len > best_len)
                best = cur, best_len = cur_len;
            cur = -1;
        }
    }
    if (best_len < 2)
        best = -1;
    char *o = out;
    for (int i = 0; i < 8; i++) {
        if (best >= 0 && i >= best && i < best + best_len) {
            if (i == best)
                *o++ = ':';
            continue;
        }
        if (i != 0)
            *o++ = ':';
        if (i == 6 && best == 0 && (best_len == 6 || (best_len == 5 && w[5] == 0xffff))) {
            for (int k = 12; k < 16; k++) {
                o = put_byte(o, b[k]);
                *o++ = k < 15 ? '.' : '\0';
            }
            o--;
            break;
        }
        o = put_hex(o, w[i]);
    }
    if (best >= 0 && best + best_len == 8)
        *o++ = ':';
    size_t k = strlen(suffix);
    memcpy(o, suffix, k + 1);
    return o + k;
}

int ip_normalize(const char *s, size_t n, char *out, char *prefix)
{
    out[0] = prefix[0] = '\0';
    while (n > 0 && (*s == ' ' || *s == '\t'))
        s++, n--;
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    if (n == 0 || n >= 64)
        return 0;
    unsigned char bytes[16];
    if (read_quad(s, n, bytes)) {
        put_v4(bytes, out, prefix);
        return 4;
    }
    char buf[64];
    memcpy(buf, s, n);
    buf[n] = '\0';
    char *a = buf;
    if (a[0] == '[') {
        char *close = strchr(a, ']');
        if (close == NULL)
            return 0;
        *close = '\0';
        a++;
    }
    char *zone = strchr(a, '%');
    if (zone)
        *zone = '\0';
    char *colon = strchr(a, ':');
    if (colon && strchr(colon + 1, ':') == NULL && memchr(a, '.', (size_t)(colon - a)))
        *colon = '\0'; /* a.b.c.d:port */

    if (inet_pton(AF_INET, a, bytes) == 1) { /* the text is inet_ntop's, written directly */
        put_v4(bytes, out, prefix);
        return 4;
    }
    if (inet_pton(AF_INET6, a, bytes) != 1)
        return 0;
    static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (memcmp(bytes, mapped, 12) == 0) {
        put_v4(bytes + 12, out, prefix);
        return 4;
    }
    put_v6(bytes, out, "");
    unsigned char pre[16] = {0};
    memcpy(pre, bytes, 6);
    put_v6(pre, prefix, "/48");
    return 6;
}
