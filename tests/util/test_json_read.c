/* Tests of util/json_read: tables of valid documents with their canonical form, invalid
 * documents with the offset and the complaint, limits, and lookups. */
#include "util/json_read.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Canonical text of a value: compact, numbers as %.17g, strings with '"', '\\' and control
 * bytes escaped (\u00XX) and every other byte as it is. */
static void canon(const json_value *v, char *out, size_t cap, size_t *o)
{
#define PUT(...) (*o += (size_t)snprintf(out + *o, *o < cap ? cap - *o : 0, __VA_ARGS__))
    switch (v->type) {
    case JSON_NULL:
        PUT("null");
        break;
    case JSON_BOOL:
        PUT("%s", v->boolean ? "true" : "false");
        break;
    case JSON_NUMBER:
        PUT("%.17g", v->number);
        break;
    case JSON_STRING:
        PUT("\"");
        for (size_t i = 0; i < v->len; i++) {
            unsigned char c = (unsigned char)v->str[i];
            if (c == '"' || c == '\\')
                PUT("\\%c", c);
            else if (c < 0x20)
                PUT("\\u%04x", c);
            else
                PUT("%c", c);
        }
        PUT("\"");
        break;
    case JSON_ARRAY:
        PUT("[");
        for (size_t i = 0; i < v->len; i++) {
            if (i)
                PUT(",");
            canon(v->item[i], out, cap, o);
        }
        PUT("]");
        break;
    case JSON_OBJECT:
        PUT("{");
        for (size_t i = 0; i < v->len; i++) {
            json_value key = {
                .type = JSON_STRING, .str = v->member[i].key, .len = v->member[i].key_len};
            PUT(i ? "," : "");
            canon(&key, out, cap, o);
            PUT(":");
            canon(v->member[i].value, out, cap, o);
        }
        PUT("}");
        break;
    }
#undef PUT
}

typedef struct {
    const char *in;
    size_t n; /* 0: strlen(in) */
    const char *want;
} valid_case;

Test(json_read, valid_documents_give_their_canonical_form)
{
    static const valid_case c[] = {
        {"null", 0, "null"},
        {" \t\r\n true \n", 0, "true"},
        {"false", 0, "false"},
        {"0", 0, "0"},
        {"-0", 0, "-0"},
        {"42", 0, "42"},
        {"-12.25E-2", 0, "-0.1225"},
        {"1.5e3", 0, "1500"},
        {"1E+2", 0, "100"},
        {"2.5e-400", 0, "0"}, /* underflow is a finite number: accepted */
        {"123456789012", 0, "123456789012"},
        {"\"\"", 0, "\"\""},
        {"\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\"", 0,
         "\"a\\\"b\\\\c/d\\u0008\\u000c\\u000a\\u000d\\u0009\""},
        {"\"\\u00e9\\u00E9\"", 0, "\"\xc3\xa9\xc3\xa9\""},
        {"\"\\u20AC\"", 0, "\"\xe2\x82\xac\""},
        {"\"\\uD83D\\uDE00\"", 0, "\"\xf0\x9f\x98\x80\""},
        {"\"\\udbff\\udfff\"", 0, "\"\xf4\x8f\xbf\xbf\""},
        {"\"\\u0000x\"", 0, "\"\\u0000x\""},
        {"\"\xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x98\x80\"", 0,
         "\"\xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x98\x80\""},
        {"\"del\x7f\"", 0, "\"del\x7f\""},
        {"\"<script>\"", 0, "\"<script>\""},
        {"[]", 0, "[]"},
        {"{}", 0, "{}"},
        {"[ ]", 0, "[]"},
        {"{ }", 0, "{}"},
        {"[1,[2,[3,[]]]]", 0, "[1,[2,[3,[]]]]"},
        {" { \"a\" : { \"b\" : [ true , null ] } , \"c\" : \"d\" } ", 0,
         "{\"a\":{\"b\":[true,null]},\"c\":\"d\"}"},
        {"{\"\\u0041\\n\":1}", 0, "{\"A\\u000a\":1}"},
        {"[\"x\",-1e-3,false]", 0, "[\"x\",-0.001,false]"},
    };
    for (size_t i = 0; i < sizeof c / sizeof *c; i++) {
        json_doc *d = NULL;
        lh_error err;
        lh_error_clear(&err);
        size_t n = c[i].n ? c[i].n : strlen(c[i].in);
        lh_status st = json_doc_parse(&d, c[i].in, n, "case", NULL, &err);
        cr_expect_eq(st, LH_OK, "'%s': %s", c[i].in, err.message);
        if (st != LH_OK)
            continue;
        char out[512];
        size_t o = 0;
        canon(json_doc_root(d), out, sizeof out, &o);
        cr_expect_str_eq(out, c[i].want, "'%s'", c[i].in);
        json_doc_free(d);
    }
}

typedef struct {
    const char *in;
    size_t n;          /* 0: strlen(in) */
    const char *where; /* expected in the message ("byte 3") */
} invalid_case;

Test(json_read, invalid_documents_are_refused_with_the_offset)
{
    static const invalid_case c[] = {
        {"", 0, "byte 0: unexpected end"},
        {"   ", 0, "byte 3: unexpected end"},
        {"nul", 0, "byte 0: expected a value"},
        {"tru e", 0, "byte 0"},
        {"True", 0, "byte 0: expected a value"},
        {"[1,]", 0, "byte 3: expected a value"},
        {"[,1]", 0, "byte 1: expected a value"},
        {"[1 2]", 0, "byte 3: expected ',' or ']'"},
        {"{\"a\":1,}", 0, "byte 7: expected a string key"},
        {"{a:1}", 0, "byte 1: expected a string key"},
        {"{'a':1}", 0, "byte 1"},
        {"{\"a\" 1}", 0, "byte 5: expected ':'"},
        {"{\"a\":1 \"b\":2}", 0, "byte 7: expected ',' or '}'"},
        {"01", 0, "byte 1: text after the value"},
        {"+1", 0, "byte 0: expected a value"},
        {"1.", 0, "byte 2: expected a digit after the decimal point"},
        {".5", 0, "byte 0"},
        {"1e", 0, "byte 2: expected a digit in the exponent"},
        {"1e+", 0, "byte 3"},
        {"-", 0, "byte 1: expected a digit"},
        {"--1", 0, "byte 1"},
        {"-a", 0, "byte 1"},
        {"NaN", 0, "byte 0"},
        {"Infinity", 0, "byte 0"},
        {"-Infinity", 0, "byte 1"},
        {"1e400", 0, "byte 0: number out of range"},
        {"\"abc", 0, "byte 0: unterminated string"},
        {"\"abc\\\"", 0, "byte 0: unterminated string"},
        {"\"\\", 0, "unterminated string"},
        {"\"a\\x\"", 0, "byte 2: invalid escape"},
        {"\"\\u12\"", 0, "byte 1: \\u needs four hex digits"},
        {"\"\\uZZZZ\"", 0, "byte 1: \\u needs four"},
        {"\"\\uD800\"", 0, "byte 1: high surrogate"},
        {"\"\\uD800\\u0041\"", 0, "byte 1: high surrogate"},
        {"\"\\uD800\\n\"", 0, "byte 1: high surrogate"},
        {"\"\\uDC00\\uD800\"", 0, "byte 1: lone low surrogate"},
        {"\"a\tb\"", 0, "byte 2: control character"},
        {"\"\x01\"", 0, "byte 1: control character"},
        {"\"a\nb\"", 0, "byte 2: control character"},
        {"\"\xc3\"", 0, "byte 1: invalid UTF-8"},
        {"\"\xc3x\"", 0, "byte 1: invalid UTF-8"},
        {"\"\xc0\xaf\"", 0, "invalid UTF-8"},         /* overlong '/' */
        {"\"\xe0\x80\xaf\"", 0, "invalid UTF-8"},     /* overlong, three bytes */
        {"\"\xed\xa0\x80\"", 0, "invalid UTF-8"},     /* a surrogate encoded in UTF-8 */
        {"\"\xf4\x90\x80\x80\"", 0, "invalid UTF-8"}, /* above U+10FFFF */
        {"\"\xff\"", 0, "invalid UTF-8"},
        {"\"\x80\"", 0, "invalid UTF-8"},
        {"{\"\xfe\":1}", 0, "byte 2: invalid UTF-8"},
        {"[1] x", 0, "byte 4: text after the value"},
        {"{} {}", 0, "byte 3: text after the value"},
        {"\xef\xbb\xbf{}", 0, "byte 0"}, /* a byte order mark */
        {"[1]\0", 4, "byte 3: text after the value"},
        {"\0", 1, "byte 0"},
        {"/* c */ 1", 0, "byte 0"},
        {"[1,2", 0, "byte 4: unterminated array"},
        {"[", 0, "byte 1: unexpected end"},
        {"{", 0, "byte 1: unterminated object"},
        {"{\"a\":1", 0, "byte 6: unterminated object"},
        {"{\"a\":", 0, "byte 5: unexpected end"},
        {"[\"a\",]", 0, "byte 5"},
        {"\"a\" \"b\"", 0, "byte 4: text after the value"},
    };
    for (size_t i = 0; i < sizeof c / sizeof *c; i++) {
        json_doc *d = (json_doc *)1;
        lh_error err;
        lh_error_clear(&err);
        size_t n = c[i].n ? c[i].n : strlen(c[i].in);
        lh_status st = json_doc_parse(&d, c[i].in, n, "case", NULL, &err);
        cr_expect_eq(st, LH_EDATA, "case %zu '%s' must be refused", i, c[i].in);
        cr_expect_null(d, "no document on failure");
        cr_expect(strstr(err.message, c[i].where) != NULL, "case %zu '%s': message '%s', want '%s'",
                  i, c[i].in, err.message, c[i].where);
        cr_expect(strncmp(err.message, "case: ", 6) == 0, "the origin leads: %s", err.message);
        json_doc_free(d);
    }
}

static lh_status parse_with(const char *text, const json_read_limits *lim, lh_error *err)
{
    json_doc *d = NULL;
    lh_error_clear(err);
    lh_status st = json_doc_parse(&d, text, strlen(text), "limits", lim, err);
    json_doc_free(d);
    return st;
}

static char *nested(int depth)
{
    char *s = malloc((size_t)depth * 2 + 2);
    for (int i = 0; i < depth; i++) {
        s[i] = '[';
        s[depth + 1 + i] = ']';
    }
    s[depth] = '1';
    s[2 * depth + 1] = '\0';
    return s;
}

Test(json_read, limits_refuse_deep_large_and_long_documents)
{
    lh_error err;
    json_read_limits lim = {1000, 3, 100};
    cr_expect_eq(parse_with("[[[1]]]", &lim, &err), LH_OK, "%s", err.message);
    cr_expect_eq(parse_with("[[[[1]]]]", &lim, &err), LH_EDATA);
    cr_expect(strstr(err.message, "nested deeper than 3 at byte 3") != NULL, "%s", err.message);
    cr_expect_eq(parse_with("{\"a\":{\"b\":{\"c\":{}}}}", &lim, &err), LH_EDATA);

    /* the default depth: 64 levels pass, 65 do not, 100000 fail cleanly (no stack overflow) */
    char *s = nested(JSON_READ_DEPTH_DEFAULT);
    cr_expect_eq(parse_with(s, NULL, &err), LH_OK, "%s", err.message);
    free(s);
    s = nested(JSON_READ_DEPTH_DEFAULT + 1);
    cr_expect_eq(parse_with(s, NULL, &err), LH_EDATA);
    free(s);
    s = nested(100000);
    cr_expect_eq(parse_with(s, NULL, &err), LH_EDATA);
    free(s);
    /* a depth above the cap is lowered to it */
    json_read_limits deep = {1 << 20, 1 << 30, 1 << 20};
    s = nested(JSON_READ_DEPTH_CAP + 1);
    cr_expect_eq(parse_with(s, &deep, &err), LH_EDATA);
    free(s);

    json_read_limits few = {1000, 8, 4};
    cr_expect_eq(parse_with("[1,2,3]", &few, &err), LH_OK, "4 values: %s", err.message);
    cr_expect_eq(parse_with("[1,2,3,4]", &few, &err), LH_EDATA);
    cr_expect(strstr(err.message, "more than 4 values") != NULL, "%s", err.message);
    cr_expect_eq(parse_with("{\"a\":[1],\"b\":2}", &few, &err), LH_OK, "%s", err.message);
    cr_expect_eq(parse_with("{\"a\":[1],\"b\":[2]}", &few, &err), LH_EDATA);

    json_read_limits small = {8, 8, 100};
    cr_expect_eq(parse_with("[1,2,3]", &small, &err), LH_OK);
    cr_expect_eq(parse_with("[1,2,3,4]", &small, &err), LH_EDATA);
    cr_expect(strstr(err.message, "9 bytes") != NULL, "%s", err.message);

    char num[JSON_READ_NUMBER_MAX + 2];
    memset(num, '1', sizeof num - 1);
    num[JSON_READ_NUMBER_MAX] = '\0';
    num[1] = '.';
    cr_expect_eq(parse_with(num, NULL, &err), LH_OK, "%d bytes: %s", JSON_READ_NUMBER_MAX,
                 err.message);
    num[JSON_READ_NUMBER_MAX] = '1';
    num[JSON_READ_NUMBER_MAX + 1] = '\0';
    cr_expect_eq(parse_with(num, NULL, &err), LH_EDATA);
    cr_expect(strstr(err.message, "number longer than") != NULL, "%s", err.message);
}

Test(json_read, lookups_by_key_and_type)
{
    const char *text = "{\"s\":\"x\\u0000y\",\"n\":2.5,\"t\":true,\"f\":false,\"z\":null,"
                       "\"a\":[\"p\",{\"q\":1}],\"dup\":1,\"dup\":2}";
    json_doc *d;
    lh_error err;
    lh_error_clear(&err);
    cr_assert_eq(json_doc_parse(&d, text, strlen(text), "t", NULL, &err), LH_OK, "%s", err.message);
    const json_value *r = json_doc_root(d);
    cr_expect_eq(r->type, JSON_OBJECT);
    cr_expect_eq(r->len, 8);
    const json_value *s = json_value_get(r, "s");
    cr_assert_not_null(s);
    cr_expect_eq(s->len, 3);
    cr_expect_eq(memcmp(json_value_string(s), "x\0y", 4), 0);
    double x = 0;
    cr_expect(json_value_number(json_value_get(r, "n"), &x));
    cr_expect_float_eq(x, 2.5, 1e-15);
    cr_expect(!json_value_number(s, &x), "a string is not a number");
    cr_expect(json_value_is_true(json_value_get(r, "t")));
    cr_expect(!json_value_is_true(json_value_get(r, "f")));
    cr_expect(!json_value_is_true(json_value_get(r, "z")));
    cr_expect_eq(json_value_get(r, "z")->type, JSON_NULL);
    cr_expect_null(json_value_get(r, "missing"));
    cr_expect_null(json_value_get(s, "s"), "a string has no members");
    cr_expect_null(json_value_get(NULL, "s"));
    cr_expect_null(json_value_string(NULL));
    const json_value *a = json_value_get(r, "a");
    cr_assert_eq(a->type, JSON_ARRAY);
    cr_expect_eq(a->len, 2);
    cr_expect_str_eq(json_value_string(a->item[0]), "p");
    cr_expect(json_value_number(json_value_get(a->item[1], "q"), &x));
    cr_expect_float_eq(x, 1.0, 1e-15);
    cr_expect(json_value_number(json_value_get(r, "dup"), &x));
    cr_expect_float_eq(x, 2.0, 1e-15, "the last of a repeated key");
    json_doc_free(d);
    json_doc_free(NULL);
}
