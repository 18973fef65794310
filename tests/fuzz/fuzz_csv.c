/* fuzz_csv.c: bytes -> the CSV record reader and the whole load path.
 *
 * Reader (ingest/csvrec.h over a memory byte_source), with the header-width rule of load.c
 * (the first record, when accepted, sets the width), under the default limits and under tiny
 * ones (8-byte fields, 128-byte records) so that the limit and resynchronisation paths are
 * reached by small inputs. Checked for every record:
 *   - its line and byte offset are inside the input and strictly increase from record to
 *     record (one record per physical line at most: nothing is read twice, no row is skipped
 *     without a reject);
 *   - an accepted record has the header's width, fields NUL-terminated at their length, valid
 *     UTF-8, no NUL byte, none longer than the field limit;
 *   - a reject has a reader reason and an excerpt that is valid UTF-8 with no line break;
 *   - the records (places, reasons, fields, excerpts) do not depend on the read size: reading
 *     with read_size 1..16 gives exactly what the default gives (four of the sizes per input
 *     when fuzzing, for speed; all sixteen in the replay) (for corrupt gzip, only the
 *     error itself: the records before it depend on how far the reader has read ahead).
 * All of it twice when the input is not UTF-8 but its start chooses another encoding (UTF-16,
 * Windows-1252: byte_source_set_encoding): read as UTF-8, and decoded, where lines and offsets
 * count the decoded text and are only checked to increase.
 * Load (table/load.h load_inputs over a memfd, a reject sink that counts and checks places),
 * on the input as it is and behind a canonical header:
 *   - records == accepted + rejected, the table holds `accepted` rows, the sink saw `rejected`;
 *   - reject places are inside the file and strictly increase;
 *   - two loads of the same bytes give the same table (counts and a hash of every cell).
 */
#include "fuzz/fuzz.h"
#include "ingest/csvrec.h"
#include "table/load.h"
#include "util/hash.h"
#include "util/utf8.h"

#include <stdio.h>
#include <string.h>

/* Physical lines as the reader counts them: LF, CRLF and a lone CR end a line; a last line
 * without a break counts too. */
static uint64_t physical_lines(const uint8_t *d, size_t n)
{
    uint64_t lines = 0;
    for (size_t i = 0; i < n; i++) {
        if (d[i] == '\n') {
            lines++;
        } else if (d[i] == '\r') {
            lines++;
            if (i + 1 < n && d[i + 1] == '\n')
                i++;
        }
    }
    if (n > 0 && d[n - 1] != '\n' && d[n - 1] != '\r')
        lines++;
    return lines;
}

static uint64_t mix(uint64_t h, const void *p, size_t n)
{
    return hash_bytes(p, n, h ^ 0x9e3779b97f4a7c15ULL);
}

static uint64_t mix_u64(uint64_t h, uint64_t v)
{
    return mix(h, &v, sizeof v);
}

typedef struct read_result {
    uint64_t digest;
    size_t records, accepted;
    int error; /* the input was corrupt gzip: read ahead finds that sooner or later */
} read_result;

/* The encoding that byte_source would choose for data: NULL for UTF-8. */
static const char *chosen_encoding(const uint8_t *data, size_t size)
{
    static char name[64];
    byte_source *src = byte_source_open_memory(data, size, "fuzz.csv");
    lh_error err;
    lh_error_clear(&err);
    char c;
    byte_source_read(src, &c, 1, &err);
    snprintf(name, sizeof name, "%s", byte_source_encoding(src));
    byte_source_close(src);
    return strcmp(name, "UTF-8") == 0 ? NULL : name;
}

/* decoded: the source chooses its encoding (else it reads UTF-8), and places are in the
 * decoded text (only their order is checked). */
static read_result read_records(const uint8_t *data, size_t size, size_t max_field,
                                size_t read_size, uint64_t lines, int gzip, int decoded)
{
    read_result res = {0x1234, 0, 0, 0};
    byte_source *src = byte_source_open_memory(data, size, "fuzz.csv");
    byte_source_set_encoding(src, decoded ? "auto" : "UTF-8");
    csv_limits lim = {max_field, read_size};
    csv_reader *r = csv_reader_new(src, &lim);
    size_t field_max = max_field ? max_field : CSV_DEFAULT_MAX_FIELD;
    lh_error err;
    lh_error_clear(&err);
    csv_record rec;
    size_t width = 0;
    uint64_t last_line = 0, last_offset = 0;
    int got;
    while ((got = csv_reader_next(r, &rec, &err)) > 0) {
        FUZZ_CHECK(res.records < lines + 1 || gzip, "more records (%zu) than lines (%llu)",
                   res.records, (unsigned long long)lines);
        FUZZ_CHECK(rec.line >= 1, "line %llu", (unsigned long long)rec.line);
        if (!gzip && !decoded) {
            FUZZ_CHECK(rec.line <= lines, "line %llu of %llu", (unsigned long long)rec.line,
                       (unsigned long long)lines);
            FUZZ_CHECK(rec.offset < size, "offset %llu of %zu", (unsigned long long)rec.offset,
                       size);
        }
        if (res.records > 0) {
            FUZZ_CHECK(rec.line > last_line, "line %llu after %llu", (unsigned long long)rec.line,
                       (unsigned long long)last_line);
            FUZZ_CHECK(rec.offset > last_offset, "offset %llu after %llu",
                       (unsigned long long)rec.offset, (unsigned long long)last_offset);
        }
        last_line = rec.line;
        last_offset = rec.offset;
        res.digest = mix_u64(res.digest, rec.line);
        res.digest = mix_u64(res.digest, rec.offset);
        res.digest = mix_u64(res.digest, (uint64_t)rec.reason);
        if (rec.reason == REJECT_NONE) {
            FUZZ_CHECK(rec.n_fields >= 1, "an accepted record has fields");
            FUZZ_CHECK(width == 0 || rec.n_fields == width, "%zu fields, width %zu", rec.n_fields,
                       width);
            FUZZ_CHECK(rec.n_fields <= CSV_MAX_COLUMNS, "%zu fields", rec.n_fields);
            res.digest = mix_u64(res.digest, rec.n_fields);
            for (size_t i = 0; i < rec.n_fields; i++) {
                FUZZ_CHECK(rec.field[i][rec.len[i]] == '\0', "field %zu not terminated", i);
                FUZZ_CHECK(memchr(rec.field[i], '\0', rec.len[i]) == NULL, "NUL in field %zu", i);
                FUZZ_CHECK(utf8_valid(rec.field[i], rec.len[i]), "field %zu not UTF-8", i);
                FUZZ_CHECK(rec.len[i] <= field_max, "field %zu: %zu bytes", i, rec.len[i]);
                res.digest = mix(res.digest, rec.field[i], rec.len[i] + 1);
            }
            if (res.records == 0) {
                width = rec.n_fields;
                csv_reader_set_width(r, width);
            }
            res.accepted++;
        } else {
            FUZZ_CHECK(rec.reason < REJECT_BAD_CREATED_AT, "reader reason %d", (int)rec.reason);
            size_t el = strlen(rec.excerpt);
            FUZZ_CHECK(el <= CSV_EXCERPT_MAX * 4, "excerpt of %zu bytes", el);
            FUZZ_CHECK(utf8_valid(rec.excerpt, el), "excerpt not UTF-8");
            FUZZ_CHECK(strpbrk(rec.excerpt, "\r\n") == NULL, "line break in excerpt");
            res.digest = mix(res.digest, rec.excerpt, el);
        }
        res.records++;
    }
    FUZZ_CHECK(got == 0 || gzip, "read error on a memory source: %s", err.message);
    res.error = got < 0;
    csv_reader_free(r);
    byte_source_close(src);
    return res;
}

/* ---- the load path ---- */

typedef struct sink_state {
    uint64_t rejects;
    uint64_t last_line, last_offset;
    uint64_t lines;
    size_t size;
    int gzip, decoded;
    uint64_t digest;
} sink_state;

static lh_status count_reject(void *ctx, const char *file, uint64_t line, uint64_t offset,
                              reject_reason why, const char *excerpt, lh_error *err)
{
    (void)err;
    sink_state *s = ctx;
    FUZZ_CHECK(file != NULL && excerpt != NULL, "reject without file or excerpt");
    FUZZ_CHECK(why > REJECT_NONE && why < REJECT_REASON_COUNT, "reason %d", (int)why);
    FUZZ_CHECK(utf8_valid(excerpt, strlen(excerpt)), "excerpt not UTF-8");
    FUZZ_CHECK(line >= 1, "line 0");
    if (!s->gzip && !s->decoded) {
        FUZZ_CHECK(line <= s->lines, "reject at line %llu of %llu", (unsigned long long)line,
                   (unsigned long long)s->lines);
        FUZZ_CHECK(offset < s->size, "reject at offset %llu of %zu", (unsigned long long)offset,
                   s->size);
    }
    if (s->rejects > 0) {
        FUZZ_CHECK(line > s->last_line, "reject line %llu after %llu", (unsigned long long)line,
                   (unsigned long long)s->last_line);
        FUZZ_CHECK(offset > s->last_offset, "reject offset %llu after %llu",
                   (unsigned long long)offset, (unsigned long long)s->last_offset);
    }
    s->last_line = line;
    s->last_offset = offset;
    s->rejects++;
    s->digest = mix_u64(s->digest, line);
    s->digest = mix_u64(s->digest, offset);
    s->digest = mix_u64(s->digest, (uint64_t)why);
    s->digest = mix(s->digest, excerpt, strlen(excerpt));
    return LH_OK;
}

typedef struct load_result {
    lh_status status;
    uint64_t records, accepted, rejected, by_reason[REJECT_REASON_COUNT];
    size_t rows;
    uint64_t table_digest, reject_digest;
} load_result;

static uint64_t table_hash(const lease_table *t)
{
    uint64_t h = mix_u64(0x51ed, t->count);
    h = mix_u64(h, t->n_text);
    for (size_t i = 0; i < t->count; i++) {
        for (size_t c = 0; c < t->n_text; c++) {
            size_t len;
            const char *s = strpool_get(t->text[c].pool, t->text[c].id[i], &len);
            FUZZ_CHECK(utf8_valid(s, len), "cell %zu,%zu is not UTF-8", i, c);
            h = mix(h, s, len + 1);
        }
        h = mix_u64(h, (uint64_t)t->created_at[i]);
        h = mix(h, &t->amount[i], sizeof t->amount[i]);
        h = mix_u64(h, (uint64_t)(int64_t)t->duration[i]);
        h = mix_u64(h, t->payment_type[i]);
        h = mix_u64(h, t->ip_kind[i]);
        h = mix_u64(h, (uint64_t)(int64_t)t->label[i]);
        FUZZ_CHECK(t->created_at[i] == LT_MISSING_TIME ||
                       (t->created_at[i] >= LT_MIN_TIME && t->created_at[i] < LT_MAX_TIME),
                   "created_at %lld out of range", (long long)t->created_at[i]);
    }
    return h;
}

/* A field limit that acts on this input as CSV_DEFAULT_MAX_FIELD does (gzip may inflate past
 * any multiple of its size: the default itself). */
static size_t as_default(const uint8_t *data, size_t size)
{
    int gzip = size >= 2 && data[0] == 0x1f && data[1] == 0x8b;
    return gzip || size >= CSV_DEFAULT_MAX_FIELD ? CSV_DEFAULT_MAX_FIELD : size + 1;
}

/* Likewise for the read size (256 KiB by default): one read that takes the whole input. */
static size_t as_default_read(const uint8_t *data, size_t size)
{
    int gzip = size >= 2 && data[0] == 0x1f && data[1] == 0x8b;
    return gzip || size >= (256u << 10) ? 0 : size + 1;
}

static load_result load_once(const char *path, const uint8_t *data, size_t size)
{
    load_result res;
    memset(&res, 0, sizeof res);
    colmap map;
    colmap_init(&map);
    sink_state sink = {0};
    sink.lines = physical_lines(data, size);
    sink.size = size;
    sink.gzip = size >= 2 && data[0] == 0x1f && data[1] == 0x8b;
    sink.decoded = chosen_encoding(data, size) != NULL; /* the load chooses, as scan does */
    load_options opt = {0};
    opt.map = &map;
    opt.sink = (reject_sink){count_reject, &sink};
    opt.max_rejects = UINT64_MAX;
    opt.max_rejects_pct = -1;
    opt.limits.max_field_bytes = as_default(data, size);
    opt.limits.read_size = as_default_read(data, size);
    lease_table *t = NULL;
    load_stats st;
    lh_error err;
    lh_error_clear(&err);
    const char *paths[1] = {path};
    res.status = load_inputs(&t, paths, 1, &opt, &st, &err);
    FUZZ_CHECK(res.status == LH_OK || res.status == LH_EDATA ||
                   (sink.gzip && res.status == LH_ENOINPUT),
               "status %d: %s", (int)res.status, err.message);
    FUZZ_CHECK(res.status == LH_OK || err.code == res.status, "status without an error");
    FUZZ_CHECK(st.records == st.accepted + st.rejected,
               "%llu records, %llu accepted, %llu rejected", (unsigned long long)st.records,
               (unsigned long long)st.accepted, (unsigned long long)st.rejected);
    FUZZ_CHECK(sink.rejects == st.rejected, "sink saw %llu of %llu rejects",
               (unsigned long long)sink.rejects, (unsigned long long)st.rejected);
    FUZZ_CHECK(t != NULL && t->count == st.accepted, "table has %zu rows, %llu accepted",
               t ? t->count : 0, (unsigned long long)st.accepted);
    uint64_t by = 0;
    for (int r = 0; r < REJECT_REASON_COUNT; r++)
        by += st.by_reason[r];
    FUZZ_CHECK(by == st.rejected, "rejects by reason %llu, total %llu", (unsigned long long)by,
               (unsigned long long)st.rejected);
    FUZZ_CHECK(st.n_file == 1 && st.file[0].records == st.records, "per-file counts");
    res.records = st.records;
    res.accepted = st.accepted;
    res.rejected = st.rejected;
    memcpy(res.by_reason, st.by_reason, sizeof res.by_reason);
    res.rows = t->count;
    res.table_digest = table_hash(t);
    res.reject_digest = sink.digest;
    lease_table_free(t);
    load_stats_free(&st);
    colmap_free(&map);
    return res;
}

static void check_load(const uint8_t *data, size_t size)
{
    const char *path = fuzz_file(0, data, size);
    load_result a = load_once(path, data, size);
    load_result b = load_once(path, data, size);
    FUZZ_CHECK(a.status == b.status, "status %d then %d", (int)a.status, (int)b.status);
    FUZZ_CHECK(a.records == b.records && a.accepted == b.accepted && a.rejected == b.rejected,
               "counts differ between two loads");
    FUZZ_CHECK(memcmp(a.by_reason, b.by_reason, sizeof a.by_reason) == 0, "reasons differ");
    FUZZ_CHECK(a.rows == b.rows && a.table_digest == b.table_digest, "tables differ");
    FUZZ_CHECK(a.reject_digest == b.reject_digest, "rejects differ");
}

static const char canonical_header[] =
    "lease_id,created_at,account_id,name,email,phone,address,postcode,country,dob,id_number,"
    "payment_type,payment_fp,signup_ip,ip_country,ip_kind,device_fp,amount,duration_days,label\n";

int fuzz_csv(const uint8_t *data, size_t size)
{
    uint64_t lines = physical_lines(data, size);
    int gzip = size >= 2 && data[0] == 0x1f && data[1] == 0x8b;
    /* The default limits as this input sees them: a field limit no field of it can reach
     * behaves exactly like the 64 KiB default for inputs under 64 KiB, with a window 16 times
     * the input instead of 1.25 MiB (allocating and faulting that in 38 times an input made
     * the target ten times slower); the same for the read size. */
    const size_t field_limits[2] = {as_default(data, size), 8};
    int decodings = chosen_encoding(data, size) ? 2 : 1;
    for (int l = 0; l < 2 * decodings; l++) {
        int decoded = l >= 2;
        read_result base = read_records(data, size, field_limits[l % 2],
                                        as_default_read(data, size), lines, gzip, decoded);
        for (size_t rs = 1; rs <= 16; rs++) {
#ifdef LH_FUZZ_MAIN
            /* libFuzzer: read size 1 and three of 2..16 picked by the input's hash, so that
             * many inputs together try every size at four times the speed; the replay in the
             * suite tries all sixteen on every corpus file. */
            uint64_t pick = hash_bytes(data, size, 16) % 15;
            if (rs > 1 && (rs - 2 + 15 - pick) % 15 >= 3)
                continue;
#endif
            read_result r = read_records(data, size, field_limits[l % 2], rs, lines, gzip, decoded);
            /* After a gzip error the run stops (exit 66) whatever came before it, and how many
             * records come before depends on how far the reader has read ahead: only the
             * error itself must not depend on the read size. */
            FUZZ_CHECK(r.error == base.error, "read size %zu: error %d, default %d", rs, r.error,
                       base.error);
            FUZZ_CHECK(r.error || (r.digest == base.digest && r.records == base.records),
                       "read size %zu (field limit %zu%s) gives other records: %zu vs %zu", rs,
                       field_limits[l % 2], decoded ? ", decoded" : "", r.records, base.records);
        }
    }

    check_load(data, size);
    if (!gzip) {
        size_t hl = sizeof canonical_header - 1;
        uint8_t *with = malloc(hl + size + 1);
        memcpy(with, canonical_header, hl);
        if (size)
            memcpy(with + hl, data, size);
        check_load(with, hl + size);
        free(with);
    }
    return 0;
}

FUZZ_TARGET(fuzz_csv)
