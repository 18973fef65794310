/* json_read.c: recursive descent over RFC 8259 (see json_read.h).
 *
 * Data structures: every value, string and child array lives in the document's arena, so
 * json_doc_free() is one arena_free(). While a container is being read its children sit on a
 * scratch stack (items for arrays, members for objects) shared by all levels; when the
 * container closes, its children are copied into one arena array of the exact size and popped,
 * so a container costs its children's pointers once, with no reallocation in the arena.
 * Strings are read in two passes: the first finds the closing quote (skipping every escaped
 * byte), which bounds the decoded length by the raw length, so the arena copy is allocated
 * once; the second decodes and validates.
 * Cost: O(n) time in the input size; memory about 80 bytes per value plus the strings, bounded
 * by the limits. Recursion depth is the nesting depth, at most max_depth.
 * Invariant: after a container closes, the scratch stacks are as they were when it opened.
 */
#include "util/json_read.h"
#include "util/arena.h"
#include "util/mem.h"
#include "util/utf8.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

struct json_doc {
    arena a;
    const json_value *root;
};

typedef struct parser {
    const unsigned char *s;
    size_t n, i; /* text, its length, the read position */
    const char *origin;
    json_read_limits lim;
    size_t values; /* values made so far */
    arena *a;
    const json_value **item; /* scratch stack of array elements */
    size_t n_item, cap_item;
    json_member *member; /* scratch stack of object members */
    size_t n_member, cap_member;
    lh_error *err;
} parser;

static lh_status fail_at(parser *p, size_t at, const char *what)
{
    return LH_FAIL(p->err, LH_EDATA, "%s: invalid JSON at byte %zu: %s", p->origin, at, what);
}

static void skip_ws(parser *p)
{
    while (p->i < p->n) {
        unsigned char c = p->s[p->i];
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
            break;
        p->i++;
    }
}

static json_value *new_value(parser *p, json_type type)
{
    json_value *v = arena_alloc(p->a, sizeof *v);
    memset(v, 0, sizeof *v);
    v->type = type;
    return v;
}

static int hex4(const unsigned char *s, unsigned *out)
{
    unsigned v = 0;
    for (int k = 0; k < 4; k++) {
        unsigned char c = s[k];
        unsigned d;
        if (c >= '0' && c <= '9')
            d = c - '0';
        else if (c >= 'a' && c <= 'f')
            d = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            d = c - 'A' + 10;
        else
            return 0;
        v = v * 16 + d;
    }
    *out = v;
    return 1;
}

/* Reads the string whose opening quote is at p->i; *out and *len get the decoded UTF-8. */
static lh_status read_string(parser *p, const char **out, size_t *len)
{
    size_t open = p->i;
    assert(p->s[open] == '"');
    size_t i = open + 1, end = i;
    while (end < p->n && p->s[end] != '"')
        end += p->s[end] == '\\' ? 2 : 1;
    if (end >= p->n)
        return fail_at(p, open, "unterminated string");
    /* decoded bytes never exceed raw bytes: an escape of k bytes decodes to at most k */
    char *buf = arena_alloc(p->a, end - i + 1);
    size_t o = 0;
    while (i < end) {
        unsigned char c = p->s[i];
        if (c < 0x20)
            return fail_at(p, i, "control character in a string (escape it)");
        if (c >= 0x80) {
            size_t k = c >= 0xC2 && c <= 0xDF   ? 2
                       : c >= 0xE0 && c <= 0xEF ? 3
                       : c >= 0xF0 && c <= 0xF4 ? 4
                                                : 0;
            if (k == 0 || k > end - i || !utf8_valid((const char *)p->s + i, k))
                return fail_at(p, i, "invalid UTF-8 in a string");
            memcpy(buf + o, p->s + i, k);
            o += k;
            i += k;
            continue;
        }
        if (c != '\\') {
            buf[o++] = (char)c;
            i++;
            continue;
        }
        unsigned char e = p->s[i + 1]; /* i + 1 < end: the first pass skipped it */
        const char *simple = NULL;
        switch (e) {
        case '"':
            simple = "\"";
            break;
        case '\\':
            simple = "\\";
            break;
        case '/':
            simple = "/";
            break;
        case 'b':
            simple = "\b";
            break;
        case 'f':
            simple = "\f";
            break;
        case 'n':
            simple = "\n";
            break;
        case 'r':
            simple = "\r";
            break;
        case 't':
            simple = "\t";
            break;
        case 'u':
            break;
        default:
            return fail_at(p, i, "invalid escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)");
        }
        if (simple) {
            buf[o++] = simple[0];
            i += 2;
            continue;
        }
        unsigned cp, lo;
        if (end - i < 6 || !hex4(p->s + i + 2, &cp))
            return fail_at(p, i, "\\u needs four hex digits");
        size_t used = 6;
        if (cp >= 0xDC00 && cp <= 0xDFFF)
            return fail_at(p, i, "lone low surrogate");
        if (cp >= 0xD800 && cp <= 0xDBFF) {
            if (end - i < 12 || p->s[i + 6] != '\\' || p->s[i + 7] != 'u' ||
                !hex4(p->s + i + 8, &lo) || lo < 0xDC00 || lo > 0xDFFF)
                return fail_at(p, i, "high surrogate not followed by a low surrogate");
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            used = 12;
        }
        o += utf8_encode(cp, buf + o);
        i += used;
    }
    buf[o] = '\0';
    *out = buf;
    *len = o;
    p->i = end + 1;
    return LH_OK;
}

static lh_status read_number(parser *p, double *out)
{
    size_t start = p->i, i = p->i;
    const unsigned char *s = p->s;
#define DIGIT(k) ((k) < p->n && s[k] >= '0' && s[k] <= '9')
    if (i < p->n && s[i] == '-')
        i++;
    if (i < p->n && s[i] == '0')
        i++;
    else if (DIGIT(i))
        while (DIGIT(i))
            i++;
    else
        return fail_at(p, i, "expected a digit");
    if (i < p->n && s[i] == '.') {
        i++;
        if (!DIGIT(i))
            return fail_at(p, i, "expected a digit after the decimal point");
        while (DIGIT(i))
            i++;
    }
    if (i < p->n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < p->n && (s[i] == '+' || s[i] == '-'))
            i++;
        if (!DIGIT(i))
            return fail_at(p, i, "expected a digit in the exponent");
        while (DIGIT(i))
            i++;
    }
#undef DIGIT
    if (i - start > JSON_READ_NUMBER_MAX)
        return LH_FAIL(p->err, LH_EDATA,
                       "%s: invalid JSON at byte %zu: number longer than %d bytes", p->origin,
                       start, JSON_READ_NUMBER_MAX);
    char buf[JSON_READ_NUMBER_MAX + 1];
    memcpy(buf, s + start, i - start);
    buf[i - start] = '\0';
    double v = strtod(buf, NULL); /* the C locale: '.' is the decimal point */
    if (!isfinite(v))
        return fail_at(p, start, "number out of range");
    *out = v;
    p->i = i;
    return LH_OK;
}

static lh_status read_value(parser *p, int depth, const json_value **out);

static lh_status read_array(parser *p, int depth, json_value *v)
{
    size_t base = p->n_item;
    p->i++; /* '[' */
    skip_ws(p);
    if (p->i < p->n && p->s[p->i] == ']') {
        p->i++;
        return LH_OK;
    }
    for (;;) {
        const json_value *child;
        lh_status st = read_value(p, depth, &child);
        if (st != LH_OK)
            return st;
        p->item = xgrow(p->item, &p->cap_item, p->n_item + 1, sizeof *p->item);
        p->item[p->n_item++] = child;
        skip_ws(p);
        if (p->i < p->n && p->s[p->i] == ',') {
            p->i++;
            continue;
        }
        if (p->i < p->n && p->s[p->i] == ']') {
            p->i++;
            break;
        }
        return fail_at(p, p->i, p->i < p->n ? "expected ',' or ']'" : "unterminated array");
    }
    v->len = p->n_item - base;
    const json_value **items = arena_alloc(p->a, v->len * sizeof *items);
    memcpy(items, p->item + base, v->len * sizeof *items);
    v->item = items;
    p->n_item = base;
    return LH_OK;
}

static lh_status read_object(parser *p, int depth, json_value *v)
{
    size_t base = p->n_member;
    p->i++; /* '{' */
    skip_ws(p);
    if (p->i < p->n && p->s[p->i] == '}') {
        p->i++;
        return LH_OK;
    }
    for (;;) {
        skip_ws(p);
        if (p->i >= p->n || p->s[p->i] != '"')
            return fail_at(p, p->i, p->i < p->n ? "expected a string key" : "unterminated object");
        json_member m;
        lh_status st = read_string(p, &m.key, &m.key_len);
        if (st != LH_OK)
            return st;
        skip_ws(p);
        if (p->i >= p->n || p->s[p->i] != ':')
            return fail_at(p, p->i, "expected ':' after a key");
        p->i++;
        if ((st = read_value(p, depth, &m.value)) != LH_OK)
            return st;
        p->member = xgrow(p->member, &p->cap_member, p->n_member + 1, sizeof *p->member);
        p->member[p->n_member++] = m;
        skip_ws(p);
        if (p->i < p->n && p->s[p->i] == ',') {
            p->i++;
            continue;
        }
        if (p->i < p->n && p->s[p->i] == '}') {
            p->i++;
            break;
        }
        return fail_at(p, p->i, p->i < p->n ? "expected ',' or '}'" : "unterminated object");
    }
    v->len = p->n_member - base;
    json_member *members = arena_alloc(p->a, v->len * sizeof *members);
    memcpy(members, p->member + base, v->len * sizeof *members);
    v->member = members;
    p->n_member = base;
    return LH_OK;
}

static int literal(parser *p, const char *word)
{
    size_t k = strlen(word);
    if (p->n - p->i < k || memcmp(p->s + p->i, word, k) != 0)
        return 0;
    p->i += k;
    return 1;
}

/* Reads one value at depth `depth` (the number of containers around it). */
static lh_status read_value(parser *p, int depth, const json_value **out)
{
    skip_ws(p);
    if (p->i >= p->n)
        return fail_at(p, p->i, "unexpected end, expected a value");
    if (++p->values > p->lim.max_values)
        return LH_FAIL(p->err, LH_EDATA, "%s: JSON with more than %zu values", p->origin,
                       p->lim.max_values);
    unsigned char c = p->s[p->i];
    json_value *v;
    lh_status st = LH_OK;
    switch (c) {
    case '{':
    case '[':
        if (depth + 1 > p->lim.max_depth)
            return LH_FAIL(p->err, LH_EDATA, "%s: JSON nested deeper than %d at byte %zu",
                           p->origin, p->lim.max_depth, p->i);
        v = new_value(p, c == '{' ? JSON_OBJECT : JSON_ARRAY);
        st = c == '{' ? read_object(p, depth + 1, v) : read_array(p, depth + 1, v);
        break;
    case '"':
        v = new_value(p, JSON_STRING);
        st = read_string(p, &v->str, &v->len);
        break;
    case 't':
    case 'f':
        v = new_value(p, JSON_BOOL);
        v->boolean = c == 't';
        if (!literal(p, c == 't' ? "true" : "false"))
            return fail_at(p, p->i, "expected a value");
        break;
    case 'n':
        v = new_value(p, JSON_NULL);
        if (!literal(p, "null"))
            return fail_at(p, p->i, "expected a value");
        break;
    default:
        if (c != '-' && !(c >= '0' && c <= '9'))
            return fail_at(p, p->i, "expected a value");
        v = new_value(p, JSON_NUMBER);
        st = read_number(p, &v->number);
        break;
    }
    *out = v;
    return st;
}

lh_status json_doc_parse(json_doc **out, const char *text, size_t len, const char *origin,
                         const json_read_limits *lim, lh_error *err)
{
    *out = NULL;
    parser p;
    memset(&p, 0, sizeof p);
    p.s = (const unsigned char *)text;
    p.n = len;
    p.origin = origin ? origin : "JSON";
    p.lim = lim ? *lim
                : (json_read_limits){JSON_READ_BYTES_DEFAULT, JSON_READ_DEPTH_DEFAULT,
                                     JSON_READ_VALUES_DEFAULT};
    if (p.lim.max_depth > JSON_READ_DEPTH_CAP)
        p.lim.max_depth = JSON_READ_DEPTH_CAP;
    p.err = err;
    if (len > p.lim.max_bytes)
        return LH_FAIL(err, LH_EDATA, "%s: JSON text of %zu bytes, more than the %zu allowed",
                       p.origin, len, p.lim.max_bytes);
    json_doc *d = xcalloc(1, sizeof *d);
    arena_init(&d->a);
    p.a = &d->a;
    lh_status st = read_value(&p, 0, &d->root);
    if (st == LH_OK) {
        skip_ws(&p);
        if (p.i != p.n)
            st = fail_at(&p, p.i, "text after the value");
    }
    xfree(p.item);
    xfree(p.member);
    if (st != LH_OK) {
        json_doc_free(d);
        return st;
    }
    *out = d;
    return LH_OK;
}

const json_value *json_doc_root(const json_doc *d)
{
    return d->root;
}

void json_doc_free(json_doc *d)
{
    if (d == NULL)
        return;
    arena_free(&d->a);
    xfree(d);
}

const json_value *json_value_get(const json_value *v, const char *key)
{
    if (v == NULL || v->type != JSON_OBJECT)
        return NULL;
    size_t k = strlen(key);
    for (size_t i = v->len; i-- > 0;)
        if (v->member[i].key_len == k && memcmp(v->member[i].key, key, k) == 0)
            return v->member[i].value;
    return NULL;
}

const char *json_value_string(const json_value *v)
{
    return v && v->type == JSON_STRING ? v->str : NULL;
}

int json_value_number(const json_value *v, double *out)
{
    if (v == NULL || v->type != JSON_NUMBER)
        return 0;
    *out = v->number;
    return 1;
}

int json_value_is_true(const json_value *v)
{
    return v && v->type == JSON_BOOL && v->boolean;
}
