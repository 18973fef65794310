/* fuzz_map.c: column maps (ingest/colmap.h) on arbitrary text, bound to a fuzzed header, and
 * the bound row normalized.
 *
 * Input layout: byte 0 holds options (bit 0: the map text is given as a map file rather than a
 * --map argument; bits 1-2: a preset added first, none/whmcs/febrl/splink); then the map text,
 * whose 0x01 bytes separate repeated --map arguments; a NUL; the header, fields separated by
 * ','; a NUL; one data row, fields separated by ','. A --map argument without '=' names a file
 * and is skipped in argument mode: a fuzzer must never open paths of its own making; in file
 * mode the text goes through a memfd.
 * Checked: failures are usage/input/data errors with a message; a map obeys its maxima (extra
 * columns, alternatives, joined sources, non-empty names); a binding only names header columns
 * that exist, marks them used, has a terminated description and an identifying column; the
 * bound row normalizes into keys within NORM_KEY_MAX, UTF-8 when the fields are.
 */
#include "fuzz/fuzz.h"
#include "ingest/colmap.h"
#include "normalize/row.h"
#include "util/utf8.h"

#include <string.h>

static void check_map(const colmap *m)
{
    FUZZ_CHECK(m->n_extra <= COLMAP_MAX_EXTRA, "%zu extras", m->n_extra);
    for (size_t i = 0; i < m->n; i++) {
        const colmap_entry *e = &m->entry[i];
        FUZZ_CHECK(e->target && e->target[0], "empty target");
        FUZZ_CHECK(e->n_alt >= 1 && e->n_alt <= COLMAP_MAX_ALT, "%zu alternatives", e->n_alt);
        for (size_t a = 0; a < e->n_alt; a++) {
            FUZZ_CHECK(e->alt[a].n_src >= 1 && e->alt[a].n_src <= COLMAP_MAX_JOIN, "%zu sources",
                       e->alt[a].n_src);
            for (size_t s = 0; s < e->alt[a].n_src; s++)
                FUZZ_CHECK(e->alt[a].src[s] && e->alt[a].src[s][0], "empty source");
        }
        for (size_t j = 0; j < i; j++)
            FUZZ_CHECK(strcmp(m->entry[j].target, e->target) != 0, "target %s twice", e->target);
    }
}

/* Splits s[0..n) at sep into NUL-terminated heap copies (at most max). */
static size_t split(const char *s, size_t n, char sep, char **out, size_t *len, size_t max)
{
    size_t k = 0, start = 0;
    for (size_t i = 0; i <= n && k < max; i++) {
        if (i == n || s[i] == sep) {
            len[k] = i - start;
            out[k] = malloc(len[k] + 1);
            memcpy(out[k], s + start, len[k]);
            out[k][len[k]] = '\0';
            k++;
            start = i + 1;
        }
    }
    return k;
}

#define MAX_HEADER 512

int fuzz_map(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    int file_mode = data[0] & 1, preset = (data[0] >> 1) & 3;
    const char *text = (const char *)data + 1, *end = (const char *)data + size;
    const char *nul = memchr(text, '\0', (size_t)(end - text));
    size_t text_len = nul ? (size_t)(nul - text) : (size_t)(end - text);
    const char *hdr = nul ? nul + 1 : end;
    const char *nul2 = memchr(hdr, '\0', (size_t)(end - hdr));
    size_t hdr_len = nul2 ? (size_t)(nul2 - hdr) : (size_t)(end - hdr);
    const char *row = nul2 ? nul2 + 1 : end;
    size_t row_len = (size_t)(end - row);

    colmap m;
    colmap_init(&m);
    lh_error err;
    lh_error_clear(&err);
    lh_status st = LH_OK;
    static const char *const presets[] = {NULL, "whmcs", "febrl", "splink"};
    if (presets[preset])
        FUZZ_CHECK(colmap_add_preset(&m, presets[preset], &err) == LH_OK, "preset %s: %s",
                   presets[preset], err.message);
    if (file_mode) {
        st = colmap_add_spec(&m, fuzz_file(1, text, text_len), &err);
    } else {
        for (const char *p = text; p < text + text_len && st == LH_OK;) {
            const char *q = memchr(p, 1, (size_t)(text + text_len - p));
            size_t n = q ? (size_t)(q - p) : (size_t)(text + text_len - p);
            char *arg = malloc(n + 1);
            memcpy(arg, p, n);
            arg[n] = '\0';
            if (strchr(arg, '='))
                st = colmap_add_spec(&m, arg, &err);
            free(arg);
            p += n + 1;
        }
    }
    FUZZ_CHECK(st == LH_OK || st == LH_EUSAGE || (file_mode && st == LH_ENOINPUT), "status %d",
               (int)st);
    FUZZ_CHECK(st == LH_OK || (err.code == st && err.message[0]), "failure without a message");
    check_map(&m);
    if (st != LH_OK) {
        colmap_free(&m);
        return 0;
    }

    char *header[MAX_HEADER], *field[MAX_HEADER];
    size_t hlen[MAX_HEADER], flen[MAX_HEADER];
    size_t nh = split(hdr, hdr_len, ',', header, hlen, MAX_HEADER);
    size_t nf = split(row, row_len, ',', field, flen, nh);
    for (; nf < nh; nf++) {
        field[nf] = calloc(1, 1);
        flen[nf] = 0;
    }
    colbind b;
    memset(&b, 0, sizeof b);
    lh_error_clear(&err);
    st = colmap_bind(&m, "fuzz.csv", (const char *const *)header, hlen, nh, &b, &err);
    FUZZ_CHECK(st == LH_OK || st == LH_EDATA, "bind status %d", (int)st);
    FUZZ_CHECK(strlen(b.description) < sizeof b.description, "description");
    if (st != LH_OK) {
        FUZZ_CHECK(err.code == st && err.message[0], "bind failure without a message");
    } else {
        int identifying = 0;
        for (size_t t = 0; t < CANON_COUNT + m.n_extra; t++) {
            FUZZ_CHECK(b.src[t].n <= COLMAP_MAX_JOIN, "target %zu joins %zu", t, b.src[t].n);
            for (size_t k = 0; k < b.src[t].n; k++) {
                FUZZ_CHECK(b.src[t].col[k] < nh, "target %zu reads column %zu of %zu", t,
                           b.src[t].col[k], nh);
                FUZZ_CHECK(b.used[b.src[t].col[k]], "column %zu read but not used",
                           b.src[t].col[k]);
            }
            if (t < CANON_COUNT && canon_get((canon_col)t)->identifying && b.src[t].n)
                identifying = 1;
        }
        FUZZ_CHECK(identifying, "bound without an identifying column");

        int utf8 = 1;
        for (size_t i = 0; i < nh; i++)
            utf8 &= utf8_valid(field[i], flen[i]) && strlen(field[i]) == flen[i];
        csv_record rec;
        memset(&rec, 0, sizeof rec);
        rec.n_fields = nh;
        rec.field = (const char *const *)field;
        rec.len = flen;
        rec.line = 2;
        strbuf join;
        strbuf_init(&join, CSV_DEFAULT_MAX_FIELD * CSV_RECORD_PER_FIELD * 2);
        raw_row raw;
        raw_row_bind(&raw, &b, m.n_extra, &rec, &join);
        lease_row lr;
        norm_buffers *keys = malloc(sizeof *keys);
        norm_counts counts = {0};
        reject_reason why = normalize_row(&raw, m.n_extra, 1, &lr, keys, &counts);
        FUZZ_CHECK(why == REJECT_NONE || why == REJECT_BAD_CREATED_AT, "normalize reason %d",
                   (int)why);
        if (why == REJECT_NONE) {
            for (size_t c = 0; c < LT_TEXT_COUNT + m.n_extra; c++) {
                FUZZ_CHECK(lr.len[c] < NORM_KEY_MAX, "column %zu: %zu bytes", c, lr.len[c]);
                FUZZ_CHECK(lr.text[c][lr.len[c]] == '\0', "column %zu not terminated", c);
                if (utf8)
                    FUZZ_CHECK(utf8_valid(lr.text[c], lr.len[c]), "column %zu not UTF-8", c);
            }
            if (utf8)
                FUZZ_CHECK(lr.len[LT_LEASE_ID] > 0, "empty lease_id");
        }
        free(keys);
        strbuf_free(&join);
    }
    colbind_free(&b);
    for (size_t i = 0; i < nh; i++) {
        free(header[i]);
        free(field[i]);
    }
    colmap_free(&m);
    return 0;
}

FUZZ_TARGET(fuzz_map)
