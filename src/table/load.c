/* load.c: ingest -> normalize -> lease table (see load.h).
 *
 * Per file: open the byte source, read the header record (a header that cannot be read, or
 * that names no identifying column, is fatal for the run: without it no row of the file means
 * anything), bind the column map, then per record: reject it (syntax), or bind its fields,
 * normalize them (may reject: created_at), add the row to the table (may reject: duplicate
 * lease_id). Rows are numbered across all inputs for "row-N" ids.
 *
 * Memory: the table, one record, one row of keys. Nothing grows with the number of rejects.
 */
#include "table/load.h"
#include "util/mem.h"
#include "util/strbuf.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void note_unknown(load_stats *st, const char *name, size_t len)
{
    for (size_t i = 0; i < st->n_unknown; i++)
        if (strlen(st->unknown[i]) == len && strncasecmp(st->unknown[i], name, len) == 0)
            return;
    if (st->n_unknown >= 256)
        return; /* a named maximum: a file of a million columns lists the first 256 */
    st->unknown = xrealloc(st->unknown, (st->n_unknown + 1) * sizeof *st->unknown);
    st->unknown[st->n_unknown++] = xstrndup(name, len > 128 ? 128 : len);
}

static lh_status reject(const load_options *opt, load_stats *st, load_file_stats *fs,
                        const char *path, const csv_record *rec, reject_reason why,
                        const char *excerpt, lh_error *err)
{
    st->rejected++;
    fs->rejected++;
    st->by_reason[why]++;
    if (opt->sink.emit) {
        lh_status s = opt->sink.emit(opt->sink.ctx, path, rec->line, rec->offset, why, excerpt, err);
        if (s != LH_OK)
            return s;
    }
    if (st->rejected > opt->max_rejects)
        return LH_FAIL(err, LH_EDATA, "more than %llu rejected rows (--max-rejects); see rejects.csv",
                       (unsigned long long)opt->max_rejects);
    return LH_OK;
}

/* The raw text of a record, for an excerpt after a normalize or table reject. */
static void record_excerpt(const csv_record *rec, char *out)
{
    char line[CSV_EXCERPT_MAX + 1];
    size_t o = 0;
    for (size_t i = 0; i < rec->n_fields && o < CSV_EXCERPT_MAX; i++) {
        if (i)
            line[o++] = ',';
        size_t k = rec->len[i];
        if (k > CSV_EXCERPT_MAX - o)
            k = CSV_EXCERPT_MAX - o;
        memcpy(line + o, rec->field[i], k);
        o += k;
    }
    csv_excerpt(line, o, CSV_EXCERPT_MAX, out);
}

static lh_status load_one(lease_table *t, const char *path, const load_options *opt,
                          load_stats *st, load_file_stats *fs, uint64_t *row_number,
                          lh_error *err)
{
    byte_source *src = NULL;
    csv_reader *rd = NULL;
    colbind bind = {0};
    strbuf join;
    strbuf_init(&join, CSV_DEFAULT_MAX_FIELD * CSV_RECORD_PER_FIELD * 2);
    norm_buffers *keys = xmalloc(sizeof *keys);
    lease_row row;
    csv_record rec;
    size_t n_extra = opt->map->n_extra;
    lh_status status = byte_source_open(&src, path, err);
    if (status != LH_OK)
        goto done;
    rd = csv_reader_new(src, &opt->limits);

    int got = csv_reader_next(rd, &rec, err);
    if (got < 0) {
        status = err->code;
        goto done;
    }
    if (got == 0) {
        status = LH_FAIL(err, LH_EDATA, "%s: empty file, no header", path);
        goto done;
    }
    if (rec.reason != REJECT_NONE) {
        status = LH_FAIL(err, LH_EDATA, "%s: cannot read the header (line %llu: %s)", path,
                         (unsigned long long)rec.line, reject_reason_name(rec.reason));
        goto done;
    }
    status = colmap_bind(opt->map, path, rec.field, rec.len, rec.n_fields, &bind, err);
    if (status != LH_OK)
        goto done;
    fs->mapping = xstrdup(bind.description);
    if (opt->verbose)
        fprintf(stderr, "leasehound: %s: columns %s\n", path, bind.description);
    for (size_t h = 0; h < rec.n_fields; h++)
        if (!bind.used[h])
            note_unknown(st, rec.field[h], rec.len[h]);
    st->has_created_at |= bind.src[CANON_CREATED_AT].n > 0;
    st->has_label |= bind.src[CANON_LABEL].n > 0;
    st->has_actor |= bind.src[CANON_ACTOR_ID].n > 0;
    csv_reader_set_width(rd, rec.n_fields);

    raw_row raw;
    char excerpt[sizeof rec.excerpt];
    while ((got = csv_reader_next(rd, &rec, err)) > 0) {
        fs->records++;
        st->records++;
        uint64_t number = ++*row_number;
        if (rec.reason != REJECT_NONE) {
            status = reject(opt, st, fs, path, &rec, rec.reason, rec.excerpt, err);
            if (status != LH_OK)
                goto done;
            continue;
        }
        raw_row_bind(&raw, &bind, n_extra, &rec, &join);
        reject_reason why = normalize_row(&raw, n_extra, number, &row, keys, &st->norm);
        if (why == REJECT_NONE && lease_table_add(t, &row) < 0)
            why = REJECT_DUPLICATE_LEASE_ID;
        if (why != REJECT_NONE) {
            record_excerpt(&rec, excerpt);
            status = reject(opt, st, fs, path, &rec, why, excerpt, err);
            if (status != LH_OK)
                goto done;
            continue;
        }
        fs->accepted++;
        st->accepted++;
    }
    if (got < 0)
        status = err->code;

done:
    if (src) {
        fs->gzip = byte_source_is_gzip(src);
        fs->raw_bytes = byte_source_raw_bytes(src);
        if (status == LH_OK)
            byte_source_sha256(src, fs->sha256);
    }
    colbind_free(&bind);
    csv_reader_free(rd);
    byte_source_close(src);
    strbuf_free(&join);
    free(keys);
    return status;
}

lh_status load_inputs(lease_table **out, const char *const *paths, size_t n,
                      const load_options *opt, load_stats *st, lh_error *err)
{
    double t0 = now_seconds();
    memset(st, 0, sizeof *st);
    st->file = xcalloc(n ? n : 1, sizeof *st->file);
    lease_table *t = lease_table_new((const char *const *)opt->map->extra, opt->map->n_extra);
    *out = t;
    uint64_t row_number = 0;
    lh_status status = LH_OK;
    for (size_t i = 0; i < n && status == LH_OK; i++) {
        load_file_stats *fs = &st->file[st->n_file++];
        fs->path = xstrdup(paths[i]);
        status = load_one(t, paths[i], opt, st, fs, &row_number, err);
    }
    if (status == LH_OK && opt->max_rejects_pct >= 0 && st->records > 0 &&
        100.0 * (double)st->rejected / (double)st->records > opt->max_rejects_pct)
        status = LH_FAIL(err, LH_EDATA,
                         "%llu of %llu rows rejected (%.2f%%), more than --max-rejects %g%%; see "
                         "rejects.csv",
                         (unsigned long long)st->rejected, (unsigned long long)st->records,
                         100.0 * (double)st->rejected / (double)st->records, opt->max_rejects_pct);
    st->seconds = now_seconds() - t0;
    return status;
}

void load_stats_free(load_stats *s)
{
    for (size_t i = 0; i < s->n_file; i++) {
        free(s->file[i].path);
        free(s->file[i].mapping);
    }
    free(s->file);
    for (size_t i = 0; i < s->n_unknown; i++)
        free(s->unknown[i]);
    free(s->unknown);
    memset(s, 0, sizeof *s);
}
