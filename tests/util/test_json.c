/* json writer: strings escaped byte for byte as the per-byte writer it replaced did. */
#include "util/json.h"

#include <criterion/criterion.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The former json_string_n, a byte at a time: the reference. */
static void reference_string(FILE *f, const char *s, size_t n, int html_safe)
{
    putc('"', f);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '"':
            fputs("\\\"", f);
            break;
        case '\\':
            fputs("\\\\", f);
            break;
        case '\n':
            fputs("\\n", f);
            break;
        case '\r':
            fputs("\\r", f);
            break;
        case '\t':
            fputs("\\t", f);
            break;
        default:
            if (c < 0x20 || c == 0x7f)
                fprintf(f, "\\u%04x", c);
            else if (c == '<' && html_safe)
                fputs("\\u003c", f);
            else
                putc(c, f);
        }
    }
    putc('"', f);
}

static char *written(const char *s, size_t n, int html_safe, int reference, size_t *len)
{
    char *buf = NULL;
    FILE *f = open_memstream(&buf, len);
    cr_assert_not_null(f);
    if (reference) {
        reference_string(f, s, n, html_safe);
    } else {
        json_writer w;
        json_init(&w, f, 0);
        w.html_safe = html_safe;
        json_string_n(&w, s, n);
    }
    fclose(f);
    return buf;
}

static void expect_as_reference(const char *s, size_t n, int html_safe)
{
    size_t la, lb;
    char *a = written(s, n, html_safe, 0, &la), *b = written(s, n, html_safe, 1, &lb);
    cr_assert(la == lb && memcmp(a, b, la) == 0, "string of %zu bytes (html_safe %d): <%s> <%s>", n,
              html_safe, a, b);
    free(a);
    free(b);
}

Test(json, strings_escape_as_the_byte_writer_did)
{
    for (int safe = 0; safe < 2; safe++) {
        /* every byte alone, first, last and between plain runs */
        for (int c = 0; c < 256; c++) {
            char s[5] = {(char)c, 'a', (char)c, 'b', (char)c};
            expect_as_reference(s, 1, safe);
            expect_as_reference(s, 5, safe);
            expect_as_reference(s + 1, 3, safe);
        }
        expect_as_reference("", 0, safe);
        /* random strings weighted to the bytes that are escaped */
        static const char special[] = "\"\\\n\r\t<\x01\x1f\x7f\x00\xc3\xa9";
        unsigned long x = 12345;
        for (int k = 0; k < 20000; k++) {
            char s[64];
            size_t n = (size_t)(k % 64);
            for (size_t i = 0; i < n; i++) {
                x = x * 6364136223846793005UL + 1442695040888963407UL;
                unsigned r = (unsigned)(x >> 33);
                s[i] = r % 3 ? (char)('a' + r % 26) : special[r / 3 % (sizeof special - 1)];
            }
            expect_as_reference(s, n, safe);
        }
    }
}

/* Integers as printf writes them, at the ends of their ranges and between. */
Test(json, integers_are_written_as_printf_writes_them)
{
    static const int64_t ints[] = {0,   1,         -1,        9,         10,
                                   -10, 123456789, INT64_MAX, INT64_MIN, INT64_MIN + 1};
    static const uint64_t uints[] = {0, 1, 9, 10, 4294967295u, 4294967296u, UINT64_MAX};
    for (size_t k = 0; k < sizeof ints / sizeof *ints + sizeof uints / sizeof *uints; k++) {
        char *buf = NULL, want[32];
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        cr_assert_not_null(f);
        json_writer w;
        json_init(&w, f, 0);
        if (k < sizeof ints / sizeof *ints) {
            json_int(&w, ints[k]);
            snprintf(want, sizeof want, "%" PRId64, ints[k]);
        } else {
            uint64_t u = uints[k - sizeof ints / sizeof *ints];
            json_uint(&w, u);
            snprintf(want, sizeof want, "%" PRIu64, u);
        }
        fclose(f);
        cr_expect_str_eq(buf, want);
        free(buf);
    }
}
