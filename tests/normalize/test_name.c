#include "normalize/fold.h"
#include "normalize/normalize.h"
#include "util/utf8.h"

#include <criterion/criterion.h>
#include <string.h>

typedef struct {
    const char *in, *key;
} case_t;

static void check(size_t (*fn)(const char *, size_t, char *), const case_t *c, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char out[NORM_KEY_MAX];
        size_t len = fn(c[i].in, strlen(c[i].in), out);
        cr_expect_str_eq(out, c[i].key, "input \"%s\"", c[i].in);
        cr_expect_eq(len, strlen(c[i].key), "length for \"%s\"", c[i].in);
    }
}

Test(name, one_key_for_order_case_and_comma)
{
    static const case_t c[] = {
        {"Taro Yamada", "taro yamada"},       {"YAMADA Taro", "taro yamada"},
        {"Yamada, Taro", "taro yamada"},      {"taro yamada", "taro yamada"},
        {"  Taro   Yamada  ", "taro yamada"},
    };
    check(name_normalize, c, sizeof c / sizeof *c);
}

Test(name, accents_removed_and_latin_letters_folded)
{
    static const case_t c[] = {
        {"José Álvarez", "alvarez jose"},
        {"Zoë Brontë", "bronte zoe"},
        {"Jürgen Straße", "jurgen strasse"},
        {"Łukasz Żółć", "lukasz zolc"},
        {"Søren Kierkegaard", "kierkegaard soren"},
        {"Nguyễn Văn Đức", "duc nguyen van"},
        {"Ștefan Țiriac", "stefan tiriac"},
        {"Jose\xcc\x81 Garci\xcc\x81"
         "a",
         "garcia jose"}, /* NFD: combining acute */
        {"ÆSIR Œuvre", "aesir oeuvre"},
    };
    check(name_normalize, c, sizeof c / sizeof *c);
}

Test(name, punctuation_titles_and_initials)
{
    static const case_t c[] = {
        {"Mr. John A. Smith", "a john smith"},
        {"O'Brien, Seán", "obrien sean"},
        {"Jean-Pierre Dupont", "dupont jean pierre"},
        {"Dr Jane DOE", "doe jane"},
        {"J. R. R. Tolkien", "j r r tolkien"},
        {"", ""},
        {"  , . ", ""},
        {"Mr", ""},
    };
    check(name_normalize, c, sizeof c / sizeof *c);
}

Test(name, cjk_kept_in_typed_order_without_spaces)
{
    static const case_t c[] = {
        {"山田太郎", "山田太郎"},
        {"山田 太郎", "山田太郎"},
        {"山田\xe3\x80\x80太郎", "山田太郎"}, /* ideographic space */
        {"김민준", "김민준"},
        {"王 小明", "王小明"},
        {"やまだ たろう", "やまだたろう"},
        {"ヤマダ・タロウ", "ヤマダタロウ"},
    };
    check(name_normalize, c, sizeof c / sizeof *c);
}

Test(name, fullwidth_latin_greek_and_cyrillic_fold)
{
    static const case_t c[] = {
        {"\xef\xbc\xb4\xef\xbc\xa1\xef\xbc\xb2\xef\xbc\xaf Yamada", "taro yamada"}, /* ＴＡＲＯ */
        {"Иван ПЕТРОВ", "иван петров"},
        {"ΝΙΚΟΣ Παπαδόπουλος", "νικοσ παπαδόπουλοσ"},
        {"山田 Taro", "taro 山田"},
    };
    check(name_normalize, c, sizeof c / sizeof *c);
}

Test(name, long_input_is_cut_at_a_code_point)
{
    char in[2000];
    size_t o = 0;
    while (o + 3 < sizeof in) {
        memcpy(in + o, "\xe5\xb1\xb1", 3); /* 山 */
        o += 3;
    }
    in[o] = '\0';
    char out[NORM_KEY_MAX];
    size_t n = name_normalize(in, o, out);
    cr_expect(n < NORM_KEY_MAX);
    cr_expect_eq(n % 3, 0);
    cr_expect_eq(strlen(out), n);
}

Test(address, case_punctuation_and_space_folded)
{
    static const case_t c[] = {
        {"12  Main St.", "12 main st"},
        {"12 MAIN ST", "12 main st"},
        {"Flat 3/4, Baker-Street", "flat 3 4 baker street"},
        {"Königstraße 5", "konigstrasse 5"},
        {"東京都千代田区1-1", "東京都千代田区1 1"},
        {"\t", ""},
    };
    check(address_normalize, c, sizeof c / sizeof *c);
}

Test(code, letters_and_digits_only)
{
    static const case_t c[] = {
        {"SW1A 1AA", "sw1a1aa"},
        {"sw1a-1aa", "sw1a1aa"},
        {"123-45-6789", "123456789"},
        {"100-0001", "1000001"},
        {"", ""},
    };
    check(code_normalize, c, sizeof c / sizeof *c);
}

Test(ident, trimmed_and_ascii_case_folded)
{
    static const case_t c[] = {
        {"  CARD-ABC123 ", "card-abc123"},
        {"Dev  Ice", "dev ice"},
        {"ÄBC", "Äbc"},
        {"", ""},
    };
    check(ident_normalize, c, sizeof c / sizeof *c);
}

/* fold_text as it was before its ASCII path: every code point through fold_char(). */
static size_t fold_text_reference(const char *s, size_t n, char *out, size_t cap)
{
    size_t o = 0;
    int pending_sep = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        i += utf8_decode(s + i, n - i, &cp);
        char buf[4];
        size_t len = 0;
        fold_class c = fold_char(cp, buf, &len);
        if (c == FOLD_SEP) {
            pending_sep = o > 0;
            continue;
        }
        if (c == FOLD_JOIN)
            continue;
        if (o + pending_sep + len + 1 > cap)
            break;
        if (pending_sep)
            out[o++] = ' ';
        pending_sep = 0;
        memcpy(out + o, buf, len);
        o += len;
    }
    out[o] = '\0';
    return o;
}

/* fold_text's ASCII path folds as fold_char() does: every byte value, mixed with other scripts,
 * at every capacity (random strings from a fixed seed). */
/* Every ASCII byte: letters lower-cased, digits kept, an apostrophe or backtick joins, and
 * everything else separates (the table fold.c reads them from). */
Test(fold, every_ascii_byte)
{
    for (unsigned b = 0; b < 128; b++) {
        char out[4];
        size_t len = 0;
        fold_class c = fold_char(b, out, &len);
        if ((b >= 'a' && b <= 'z') || (b >= '0' && b <= '9') || (b >= 'A' && b <= 'Z')) {
            cr_assert_eq(c, FOLD_KEEP, "byte %u", b);
            cr_assert_eq(len, 1u);
            cr_assert_eq(out[0], (char)(b >= 'A' && b <= 'Z' ? b + 32 : b), "byte %u", b);
        } else {
            cr_assert_eq(c, b == '\'' || b == '`' ? FOLD_JOIN : FOLD_SEP, "byte %u", b);
        }
    }
}

Test(fold, ascii_path_folds_as_fold_char_does)
{
    static const char *const other[] = {"\xc3\xa9", "\xc3\x9f",     "\xe5\xb1\xb1", "\xef\xbc\xa1",
                                        "\xcc\x81", "\xe2\x80\x99", "\xff"};
    uint64_t x = 0x9E3779B97F4A7C15ULL;
    for (int round = 0; round < 20000; round++) {
        char s[64];
        size_t n = 0;
        int len = round % 24;
        for (int k = 0; k < len; k++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            if (x % 5 == 0) {
                const char *o = other[(x >> 8) % (sizeof other / sizeof *other)];
                memcpy(s + n, o, strlen(o));
                n += strlen(o);
            } else {
                s[n++] = (char)((x >> 16) % 128);
            }
        }
        for (size_t cap = 1; cap <= 40; cap += 3) {
            char a[64], b[64];
            size_t la = fold_text(s, n, a, cap), lb = fold_text_reference(s, n, b, cap);
            cr_assert_eq(la, lb, "round %d cap %zu", round, cap);
            cr_assert_eq(memcmp(a, b, la + 1), 0, "round %d cap %zu", round, cap);
        }
    }
}

/* ident_normalize as it was before its direct path for printable ASCII: byte by byte. */
static size_t ident_normalize_reference(const char *s, size_t n, char *out)
{
    size_t o = 0;
    int space = 0;
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            space = o > 0;
            i++;
            continue;
        }
        size_t len = 1;
        if (c >= 0x80) {
            uint32_t cp;
            len = utf8_decode(s + i, n - i, &cp);
        }
        if (o + space + len + 1 > NORM_KEY_MAX)
            break;
        if (space)
            out[o++] = ' ';
        space = 0;
        for (size_t k = 0; k < len; k++) {
            unsigned char b = (unsigned char)s[i + k];
            out[o++] = (char)((b >= 'A' && b <= 'Z') ? b + 32 : b);
        }
        i += len;
    }
    out[o] = '\0';
    return o;
}

Test(ident, direct_path_matches_the_byte_by_byte_reading)
{
    uint64_t x = 88172645463325252ULL;
    char in[300], got[NORM_KEY_MAX], want[NORM_KEY_MAX];
    for (int rep = 0; rep < 20000; rep++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        size_t n = x % 300;
        int kind = (int)(x >> 20) % 4; /* printable ASCII, with spaces, any byte, any byte */
        for (size_t i = 0; i < n; i++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            unsigned char c = (unsigned char)(x >> 24);
            in[i] = (char)(kind == 0 ? 0x21 + c % 0x5f : kind == 1 ? 0x20 + c % 0x60 : c);
        }
        size_t g = ident_normalize(in, n, got), w = ident_normalize_reference(in, n, want);
        cr_assert_eq(g, w, "length, input of %zu bytes (kind %d)", n, kind);
        cr_assert(memcmp(got, want, w + 1) == 0, "bytes, input of %zu bytes (kind %d)", n, kind);
    }
}
