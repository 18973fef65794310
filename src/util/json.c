/* json.c: see json.h. */
#include "util/json.h"
#include "util/numfmt.h"

#include <assert.h>
#include <inttypes.h>
#include <math.h>
#include <string.h>

void json_init(json_writer *w, FILE *f, int pretty)
{
    memset(w, 0, sizeof *w);
    w->f = f;
    w->pretty = pretty;
}

static void indent(json_writer *w)
{
    if (!w->pretty)
        return;
    putc('\n', w->f);
    for (int i = 0; i < w->depth; i++)
        fputs("  ", w->f);
}

/* Before any value: a comma and line break unless it follows a key. */
static void before_value(json_writer *w)
{
    if (w->after_key) {
        w->after_key = 0;
        return;
    }
    if (w->depth > 0) {
        if (w->count[w->depth]++)
            putc(',', w->f);
        indent(w);
    }
}

static void open(json_writer *w, char c)
{
    before_value(w);
    putc(c, w->f);
    assert(w->depth + 1 < JSON_MAX_DEPTH);
    w->depth++;
    w->count[w->depth] = 0;
}

static void close_(json_writer *w, char c)
{
    int had = w->count[w->depth];
    w->depth--;
    if (had)
        indent(w);
    putc(c, w->f);
}

void json_object_begin(json_writer *w)
{
    open(w, '{');
}

void json_object_end(json_writer *w)
{
    close_(w, '}');
}

void json_array_begin(json_writer *w)
{
    open(w, '[');
}

void json_array_end(json_writer *w)
{
    close_(w, ']');
}

/* 1 when byte c is written as it is inside a string. */
static inline int json_plain(const json_writer *w, unsigned char c)
{
    return c >= 0x20 && c != 0x7f && c != '"' && c != '\\' && !(c == '<' && w->html_safe);
}

void json_string_n(json_writer *w, const char *s, size_t n)
{
    before_value(w);
    putc('"', w->f);
    /* the runs of plain bytes in one write each, every other byte escaped */
    size_t plain = 0; /* start of the run not yet written */
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (json_plain(w, c))
            continue;
        fwrite(s + plain, 1, i - plain, w->f);
        plain = i + 1;
        switch (c) {
        case '"':
            fputs("\\\"", w->f);
            break;
        case '\\':
            fputs("\\\\", w->f);
            break;
        case '\n':
            fputs("\\n", w->f);
            break;
        case '\r':
            fputs("\\r", w->f);
            break;
        case '\t':
            fputs("\\t", w->f);
            break;
        case '<':
            fputs("\\u003c", w->f); /* safe to embed in HTML <script> */
            break;
        default:
            fprintf(w->f, "\\u%04x", c);
        }
    }
    fwrite(s + plain, 1, n - plain, w->f);
    putc('"', w->f);
}

void json_key(json_writer *w, const char *key)
{
    json_string(w, key);
    putc(':', w->f);
    if (w->pretty)
        putc(' ', w->f);
    w->after_key = 1;
}

void json_string(json_writer *w, const char *s)
{
    json_string_n(w, s ? s : "", s ? strlen(s) : 0);
}

void json_int(json_writer *w, int64_t v)
{
    before_value(w);
    fprintf(w->f, "%" PRId64, v);
}

void json_uint(json_writer *w, uint64_t v)
{
    before_value(w);
    fprintf(w->f, "%" PRIu64, v);
}

void json_double_prec(json_writer *w, double v, int digits)
{
    before_value(w);
    if (!isfinite(v)) {
        fputs("null", w->f);
        return;
    }
    if (v == 0)
        v = 0; /* no "-0" */
    char buf[FMT_DOUBLE_MAX];
    fwrite(buf, 1, fmt_double(buf, v, 'g', digits), w->f); /* "%.*g" */
}

void json_double(json_writer *w, double v)
{
    json_double_prec(w, v, 6);
}

void json_bool(json_writer *w, int v)
{
    before_value(w);
    fputs(v ? "true" : "false", w->f);
}

void json_null(json_writer *w)
{
    before_value(w);
    fputs("null", w->f);
}

void json_end(json_writer *w)
{
    if (w->pretty)
        putc('\n', w->f);
}
