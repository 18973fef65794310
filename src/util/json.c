/* json.c: see json.h. */
#include "util/json.h"
#include "util/numfmt.h"

#include <assert.h>
#include <math.h>
#include <string.h>

/* A writer's file is written by one thread at a time (each output has one writer), and a JSON
 * document makes several stdio calls per value: the unlocked calls (glibc's; POSIX's putc) spare
 * a lock and an unlock in each. */
#define PUTC(c, f)      putc_unlocked(c, f)
#define FPUTS(s, f)     fputs_unlocked(s, f)
#define FWRITE(p, n, f) fwrite_unlocked(p, 1, n, f)

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
    PUTC('\n', w->f);
    for (int i = 0; i < w->depth; i++)
        FPUTS("  ", w->f);
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
            PUTC(',', w->f);
        indent(w);
    }
}

static void open(json_writer *w, char c)
{
    before_value(w);
    PUTC(c, w->f);
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
    PUTC(c, w->f);
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
    PUTC('"', w->f);
    /* the runs of plain bytes in one write each, every other byte escaped */
    size_t plain = 0; /* start of the run not yet written */
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (json_plain(w, c))
            continue;
        FWRITE(s + plain, i - plain, w->f);
        plain = i + 1;
        switch (c) {
        case '"':
            FPUTS("\\\"", w->f);
            break;
        case '\\':
            FPUTS("\\\\", w->f);
            break;
        case '\n':
            FPUTS("\\n", w->f);
            break;
        case '\r':
            FPUTS("\\r", w->f);
            break;
        case '\t':
            FPUTS("\\t", w->f);
            break;
        case '<':
            FPUTS("\\u003c", w->f); /* safe to embed in HTML <script> */
            break;
        default:
            fprintf(w->f, "\\u%04x", c);
        }
    }
    FWRITE(s + plain, n - plain, w->f);
    PUTC('"', w->f);
}

void json_key_n(json_writer *w, const char *key, size_t n)
{
    json_string_n(w, key, n);
    PUTC(':', w->f);
    if (w->pretty)
        PUTC(' ', w->f);
    w->after_key = 1;
}

void json_int(json_writer *w, int64_t v)
{
    before_value(w);
    char buf[24], *o = buf;
    if (v < 0)
        *o++ = '-';
    /* the magnitude as unsigned: -INT64_MIN does not fit an int64_t */
    o += fmt_uint(o, v < 0 ? 0 - (unsigned long long)v : (unsigned long long)v);
    FWRITE(buf, (size_t)(o - buf), w->f);
}

void json_uint(json_writer *w, uint64_t v)
{
    before_value(w);
    char buf[24];
    FWRITE(buf, fmt_uint(buf, v), w->f);
}

void json_double_prec(json_writer *w, double v, int digits)
{
    before_value(w);
    if (!isfinite(v)) {
        FPUTS("null", w->f);
        return;
    }
    if (v == 0)
        v = 0; /* no "-0" */
    char buf[FMT_DOUBLE_MAX];
    FWRITE(buf, fmt_double(buf, v, 'g', digits), w->f); /* "%.*g" */
}

void json_double(json_writer *w, double v)
{
    json_double_prec(w, v, 6);
}

void json_bool(json_writer *w, int v)
{
    before_value(w);
    FPUTS(v ? "true" : "false", w->f);
}

void json_null(json_writer *w)
{
    before_value(w);
    FPUTS("null", w->f);
}

void json_end(json_writer *w)
{
    if (w->pretty)
        PUTC('\n', w->f);
}
