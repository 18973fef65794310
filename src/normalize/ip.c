/* ip.c: IP addresses (see normalize.h).
 *
 * Parsing and printing are inet_pton(3) and inet_ntop(3), so the canonical text of an IPv6
 * address is RFC 5952's (lower case, longest zero run compressed). Accepted around the address:
 * white space, [brackets], an IPv6 zone (%eth0, dropped), and an IPv4 ":port" suffix (dropped).
 * An IPv4-mapped IPv6 address (::ffff:a.b.c.d) is the IPv4 address it carries.
 */
#include "normalize/normalize.h"

#include <arpa/inet.h>
#include <stdio.h>
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

int ip_normalize(const char *s, size_t n, char *out, char *prefix)
{
    out[0] = prefix[0] = '\0';
    while (n > 0 && (*s == ' ' || *s == '\t'))
        s++, n--;
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    if (n == 0 || n >= 64)
        return 0;
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

    unsigned char bytes[16];
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
    inet_ntop(AF_INET6, bytes, out, 64);
    unsigned char pre[16] = {0};
    memcpy(pre, bytes, 6);
    char text[INET6_ADDRSTRLEN];
    inet_ntop(AF_INET6, pre, text, sizeof text);
    snprintf(prefix, 64, "%.46s/48", text);
    return 6;
}
