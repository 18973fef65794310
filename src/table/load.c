/* load.c: ingest -> normalize -> lease table (see load.h).
 *
 * Per file: open the byte source, read the header record (a header that cannot be read, or that
 * names no identifying column, is fatal for the run: without it no row of the file means
 * anything; when the first line is no such header, a header a few lines below it that the map
 * clearly recognises is taken instead and the lines above are skipped, csv_reader_find_header
 * with colmap_header_usable), bind the column map, then per record: reject it (syntax), or
 * bind its fields and normalize them (may reject: created_at), and add the row to the table
 * (may reject: duplicate lease_id). Rows are numbered across all inputs for "row-N" ids.
 *
 * Two threads share three kinds of work on batches of BATCH_ROWS items, in a ring of QUEUE_DEPTH
 * slots. Parsing is a stream, so one thread (the reader) parses: records are copied into a
 * batch, or their syntax rejects with an excerpt, each numbered for "row-N" ids. Normalizing is
 * pure work on one record at a time, so either thread normalizes a parsed batch: its rows' keys
 * are packed as (length, bytes) per table column with their string pool hashes, and its
 * normalize rejects are marked. Adding rows interns their keys into the table's string pools,
 * which only one thread may touch, so the calling thread (the consumer) adds the batches in
 * order. The reader parses while a slot is free and otherwise normalizes; the consumer
 * normalizes whenever the next batch is not ready yet. So the normalizing, the largest part,
 * goes to whichever thread is ahead, and what each batch holds never depends on which thread
 * made it: the table, rejects.csv (emitted by the consumer, in item order) and the counts are
 * the same for any timing (tested for one and two threads). The consumer prefetches the pool
 * slots, entries and bytes of the rows ahead of the one it adds, so the table's hash probes,
 * which miss the cache on a large table, overlap instead of waiting one after another. With
 * threads < 2 (or when no thread can be started) one thread parses, normalizes and adds each
 * batch in turn: the table is identical.
 *
 * Once the table has made room for a file's rows (reserve_rows), a third thread maps that room
 * (populate_start) while the consumer adds the first rows, so that the kernel clears those pages
 * beside the consumer instead of in its way.
 *
 * Memory: the table, QUEUE_DEPTH batches (about 3 MB each: the records as parsed, the keys), one
 * record, two normalizers' buffers, and for a file that writes created_at D/M/Y or M/D/Y, 12
 * bytes per row whose date reads both ways (freed when the file's order is decided), and for
 * a file whose header leaves identifiers unread, its first rows read ahead (table/infer.h: at
 * most INFER_SAMPLE_BYTES and one record). Nothing grows with the number of rejects.
 */
#include "table/load.h"
#include "table/infer.h"
#include "util/hash.h"
#include "util/progress.h"
#include "util/mem.h"
#include "util/strbuf.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <strings.h>
#include <time.h>

#define BATCH_ROWS     4096
#define QUEUE_DEPTH    4
#define BATCH_TEXT_MAX ((size_t)1 << 30) /* a batch's packed text; a record is at most 16 MiB */

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

/* ---- batches ---- */

enum { ITEM_RAW, ITEM_ROW, ITEM_REJECT };

typedef struct batch {
    size_t n; /* items */
    uint8_t kind[BATCH_ROWS], reason[BATCH_ROWS];
    uint64_t line[BATCH_ROWS], offset[BATCH_ROWS], number[BATCH_ROWS];
    /* parsed: a record's fields as (uint32 length, bytes, NUL) each, or a reject's excerpt */
    size_t raw_at[BATCH_ROWS];
    uint32_t raw_fields[BATCH_ROWS];
    strbuf raw;
    /* normalized: a row's keys as (uint16 length, bytes) per table column, or an excerpt */
    size_t text_at[BATCH_ROWS];
    uint32_t *hash; /* [BATCH_ROWS * n_text]: strpool_hash of each row's keys */
    int64_t created[BATCH_ROWS], created_alt[BATCH_ROWS];
    uint8_t created_order[BATCH_ROWS];
    double amount[BATCH_ROWS];
    int32_t duration[BATCH_ROWS];
    uint8_t pay[BATCH_ROWS], ipk[BATCH_ROWS];
    int8_t label[BATCH_ROWS];
    strbuf text;
    norm_counts norm;   /* counted while normalizing this batch */
    int last;           /* the file ends with this batch */
    uint64_t raw_bytes; /* input bytes consumed when the batch was filled */
    lh_status status;   /* LH_OK, or the input error that ended the file */
    lh_error err;
} batch;

/* A batch ends at BATCH_ROWS items or once its parsed text passes this (a record is at most
 * max_field_bytes * CSV_RECORD_PER_FIELD, 16 MiB by default). */
#define BATCH_RAW_SOFT ((size_t)64 << 20)

static void batch_reset(batch *b)
{
    b->n = 0;
    strbuf_reset(&b->raw);
    strbuf_reset(&b->text);
    memset(&b->norm, 0, sizeof b->norm);
    b->last = 0;
    b->status = LH_OK;
    lh_error_clear(&b->err);
}

/* The raw text of a record, its fields joined by the file's delimiter, for an excerpt after a
 * normalize or table reject. */
static void record_excerpt(const csv_record *rec, char delim, char *out)
{
    char line[CSV_EXCERPT_MAX + 1];
    size_t o = 0;
    for (size_t i = 0; i < rec->n_fields && o < CSV_EXCERPT_MAX; i++) {
        if (i)
            line[o++] = delim;
        size_t k = rec->len[i];
        if (k > CSV_EXCERPT_MAX - o)
            k = CSV_EXCERPT_MAX - o;
        memcpy(line + o, rec->field[i], k);
        o += k;
    }
    csv_excerpt(line, o, CSV_EXCERPT_MAX, out);
}

/* ---- parsing: records of one file into batches (one thread: the reader is a stream) ---- */

/* Records read ahead of the rows (to recognise columns by their values, table/infer.h), given
 * back first: each one's place and reason, its fields or excerpt in `text` (NUL-terminated).
 * An accepted record has the header's `width` fields (csv_reader_set_width). */
typedef struct sample {
    size_t n, next;
    uint64_t line[INFER_SAMPLE_ROWS], offset[INFER_SAMPLE_ROWS];
    uint8_t reason[INFER_SAMPLE_ROWS];
    size_t at[INFER_SAMPLE_ROWS];
    strbuf text;
    const char **field; /* [n * width]: the accepted records' fields (a reject's are NULL) */
    size_t *len;
    size_t width;
    lh_status status; /* an input error met while reading ahead, given back in its place */
    lh_error err;
} sample;

typedef struct reader {
    csv_reader *rd;
    const byte_source *src;
    const colbind *bind;
    size_t n_extra, n_text;
    uint64_t *row_number; /* shared numbering across files; only the reader advances it */
    volatile int *stop;   /* set by the consumer to end early */
    sample *ahead;        /* NULL, or records read ahead, given back before the reader's */
} reader;

/* The next record: a sampled one while any is left, then the reader's. */
static int next_record(reader *r, csv_record *rec, lh_error *err)
{
    sample *s = r->ahead;
    if (s != NULL && s->next == s->n && s->status != LH_OK) {
        *err = s->err; /* where the reader met it: after the sampled records */
        return -1;
    }
    if (s == NULL || s->next == s->n)
        return csv_reader_next(r->rd, rec, err);
    size_t k = s->next++;
    rec->line = s->line[k];
    rec->offset = s->offset[k];
    rec->reason = (reject_reason)s->reason[k];
    if (rec->reason != REJECT_NONE) {
        rec->n_fields = 0;
        snprintf(rec->excerpt, sizeof rec->excerpt, "%s", s->text.data + s->at[k]);
        return 1;
    }
    rec->n_fields = s->width;
    rec->field = s->field + k * s->width;
    rec->len = s->len + k * s->width;
    return 1;
}

/* Reads up to INFER_SAMPLE_ROWS records, or INFER_SAMPLE_BYTES of them, into s. An input
 * error ends the sample and is kept for next_record, which gives it back after the records
 * read before it, as the reader would have. */
static void read_sample(csv_reader *rd, sample *s, size_t width, size_t max_record)
{
    memset(s, 0, sizeof *s);
    /* room for the last record that the bound lets in: it never refuses one */
    strbuf_init(&s->text,
                INFER_SAMPLE_BYTES + max_record + CSV_MAX_COLUMNS + CSV_EXCERPT_MAX * 4 + 1);
    s->width = width;
    s->status = LH_OK;
    lh_error_clear(&s->err);
    csv_record rec;
    while (s->n < INFER_SAMPLE_ROWS && s->text.len < INFER_SAMPLE_BYTES) {
        int got = csv_reader_next(rd, &rec, &s->err);
        if (got < 0) {
            s->status = s->err.code;
            break;
        }
        if (got == 0)
            break;
        size_t k = s->n++;
        s->line[k] = rec.line;
        s->offset[k] = rec.offset;
        s->reason[k] = (uint8_t)rec.reason;
        s->at[k] = s->text.len;
        int full = 0;
        if (rec.reason != REJECT_NONE) {
            full |= strbuf_puts(&s->text, rec.excerpt) != 0;
            full |= strbuf_putc(&s->text, '\0') != 0;
        }
        for (size_t i = 0; rec.reason == REJECT_NONE && i < rec.n_fields; i++) {
            full |= strbuf_append(&s->text, rec.field[i], rec.len[i]) != 0;
            full |= strbuf_putc(&s->text, '\0') != 0;
        }
        if (full) { /* cannot happen within the room above; fail loudly rather than cut a row */
            fprintf(stderr, "leasehound: internal error: a sampled record does not fit\n");
            abort();
        }
    }
    /* the accepted records' fields as a table, for infer_columns and next_record */
    s->field = xcalloc((s->n ? s->n : 1) * (width ? width : 1), sizeof *s->field);
    s->len = xcalloc((s->n ? s->n : 1) * (width ? width : 1), sizeof *s->len);
    for (size_t k = 0; k < s->n; k++) {
        if (s->reason[k] != REJECT_NONE)
            continue;
        const char *p = s->text.data + s->at[k];
        for (size_t i = 0; i < width; i++) {
            s->field[k * width + i] = p;
            s->len[k * width + i] = strlen(p);
            p += s->len[k * width + i] + 1;
        }
    }
}

static void sample_free(sample *s)
{
    strbuf_free(&s->text);
    xfree(s->field);
    xfree(s->len);
}

/* Fills b with up to BATCH_ROWS parsed records or syntax rejects; sets b->last at the end of
 * the file. */
static void parse_batch(reader *r, batch *b)
{
    batch_reset(b);
    csv_record rec;
    while (b->n < BATCH_ROWS && b->raw.len < BATCH_RAW_SOFT) {
        if (*r->stop) {
            b->last = 1;
            break;
        }
        int got = next_record(r, &rec, &b->err);
        if (got <= 0) {
            b->last = 1;
            b->status = got < 0 ? b->err.code : LH_OK;
            break;
        }
        size_t k = b->n++;
        b->line[k] = rec.line;
        b->offset[k] = rec.offset;
        b->number[k] = ++*r->row_number;
        b->raw_at[k] = b->raw.len;
        if (rec.reason != REJECT_NONE) {
            b->kind[k] = ITEM_REJECT;
            b->reason[k] = (uint8_t)rec.reason;
            strbuf_puts(&b->raw, rec.excerpt);
            strbuf_putc(&b->raw, '\0');
            continue;
        }
        /* the fields' lengths, then their bytes, each NUL-terminated: a reader's fields lie in
         * that order already (csvrec's buffer), and are copied in one piece */
        size_t need = 0;
        int adjacent = 1;
        for (size_t i = 0; i < rec.n_fields; i++) {
            need += sizeof(uint32_t) + rec.len[i] + 1;
            adjacent &= i == 0 || rec.field[i] == rec.field[i - 1] + rec.len[i - 1] + 1;
        }
        if (strbuf_reserve(&b->raw, need) != 0) {
            /* cannot happen within BATCH_TEXT_MAX; count the row as a reject rather than lose it */
            b->kind[k] = ITEM_REJECT;
            b->reason[k] = REJECT_RECORD_TOO_LONG;
            char excerpt[CSV_EXCERPT_MAX * 4 + 1];
            record_excerpt(&rec, csv_reader_delimiter(r->rd), excerpt);
            strbuf_puts(&b->raw, excerpt);
            strbuf_putc(&b->raw, '\0');
            continue;
        }
        b->kind[k] = ITEM_RAW;
        b->raw_fields[k] = (uint32_t)rec.n_fields;
        char *o = b->raw.data + b->raw.len;
        for (size_t i = 0; i < rec.n_fields; i++) {
            uint32_t len = (uint32_t)rec.len[i];
            memcpy(o, &len, sizeof len);
            o += sizeof len;
        }
        if (adjacent && rec.n_fields > 0)
            memcpy(o, rec.field[0], need - rec.n_fields * sizeof(uint32_t));
        for (size_t i = 0; i < rec.n_fields; i++) {
            if (!adjacent)
                memcpy(o, rec.field[i], rec.len[i]);
            o[rec.len[i]] = '\0'; /* whatever lay between adjacent fields */
            o += rec.len[i] + 1;
        }
        b->raw.len += need;
    }
    b->raw_bytes = byte_source_raw_bytes(r->src);
}

/* ---- normalizing: parsed records into rows (either thread, a batch at a time) ---- */

typedef struct normalizer {
    char delim; /* the file's, for excerpts */
    const colbind *bind;
    size_t n_extra, n_text;
    strbuf join;
    norm_buffers *keys;
    const char **field; /* [CSV_MAX_COLUMNS]: a parsed record's fields */
    size_t *len;
} normalizer;

static void normalizer_init(normalizer *z, const reader *r)
{
    z->delim = csv_reader_delimiter(r->rd);
    z->bind = r->bind;
    z->n_extra = r->n_extra;
    z->n_text = r->n_text;
    strbuf_init(&z->join, CSV_DEFAULT_MAX_FIELD * CSV_RECORD_PER_FIELD * 2);
    z->keys = xmalloc(sizeof *z->keys);
    z->field = xmalloc(CSV_MAX_COLUMNS * sizeof *z->field);
    z->len = xmalloc(CSV_MAX_COLUMNS * sizeof *z->len);
}

static void normalizer_free(normalizer *z)
{
    strbuf_free(&z->join);
    xfree(z->keys);
    xfree(z->field);
    xfree(z->len);
}

static void add_excerpt(batch *b, const char *excerpt)
{
    strbuf_puts(&b->text, excerpt);
    strbuf_putc(&b->text, '\0');
}

/* Normalizes every parsed record of b into a row or a reject, in item order. */
static void normalize_batch(normalizer *z, batch *b)
{
    strbuf_reset(&b->text);
    raw_row raw;
    lease_row row;
    char excerpt[CSV_EXCERPT_MAX * 4 + 1];
    csv_record rec = {.field = z->field, .len = z->len};
    uint64_t seed = hash_seed();
    for (size_t k = 0; k < b->n; k++) {
        const char *p = b->raw.data + b->raw_at[k];
        if (b->kind[k] == ITEM_REJECT) {
            b->text_at[k] = b->text.len;
            add_excerpt(b, p);
            continue;
        }
        rec.n_fields = b->raw_fields[k];
        const char *f = p + rec.n_fields * sizeof(uint32_t);
        for (size_t i = 0; i < rec.n_fields; i++) {
            uint32_t len;
            memcpy(&len, p + i * sizeof len, sizeof len);
            z->field[i] = f;
            z->len[i] = len;
            f += len + 1;
        }
        rec.line = b->line[k];
        rec.offset = b->offset[k];
        rec.reason = REJECT_NONE;
        b->text_at[k] = b->text.len;
        raw_row_bind(&raw, z->bind, z->n_extra, &rec, &z->join);
        reject_reason why = normalize_row(&raw, z->n_extra, b->number[k], &row, z->keys, &b->norm);
        if (why != REJECT_NONE) {
            record_excerpt(&rec, z->delim, excerpt);
            b->kind[k] = ITEM_REJECT;
            b->reason[k] = (uint8_t)why;
            add_excerpt(b, excerpt);
            continue;
        }
        b->kind[k] = ITEM_ROW;
        size_t need = 0;
        for (size_t c = 0; c < z->n_text; c++)
            need += sizeof(uint16_t) + row.len[c];
        if (strbuf_reserve(&b->text, need) != 0) {
            /* cannot happen within BATCH_TEXT_MAX; count the row as a reject rather than lose it */
            b->kind[k] = ITEM_REJECT;
            b->reason[k] = REJECT_RECORD_TOO_LONG;
            record_excerpt(&rec, z->delim, excerpt);
            add_excerpt(b, excerpt);
            continue;
        }
        uint32_t *h = b->hash + k * z->n_text;
        char *o = b->text.data + b->text.len;
        for (size_t c = 0; c < z->n_text; c++) {
            uint16_t len = (uint16_t)row.len[c]; /* keys are < NORM_KEY_MAX bytes */
            memcpy(o, &len, sizeof len);
            memcpy(o + sizeof len, row.text[c], len);
            o += sizeof len + len;
            h[c] = len ? strpool_hash_seeded(row.text[c], len, seed) : 0;
        }
        b->text.len += need;
        b->created[k] = row.created_at;
        b->created_alt[k] = row.created_alt;
        b->created_order[k] = row.created_order;
        b->amount[k] = row.amount;
        b->duration[k] = row.duration;
        b->pay[k] = row.payment_type;
        b->ipk[k] = row.ip_kind;
        b->label[k] = row.label;
    }
}

/* ---- the queue: batches in a ring, each parsed, normalized, then added in order ---- */

enum { SLOT_FREE, SLOT_PARSED, SLOT_NORMALIZING, SLOT_READY };

typedef struct queue {
    batch *slot[QUEUE_DEPTH];
    int state[QUEUE_DEPTH];
    size_t parsed, consumed; /* batches; batch i is in slot i % QUEUE_DEPTH */
    int parse_done;
    pthread_mutex_t mu;
    pthread_cond_t changed;
    reader *r;
    normalizer *z; /* the reader thread's */
} queue;

/* The oldest parsed batch nobody normalizes yet, claimed for the caller; -1 when none. Called
 * with the lock held. */
static long claim_parsed(queue *q)
{
    for (size_t i = q->consumed; i < q->parsed; i++)
        if (q->state[i % QUEUE_DEPTH] == SLOT_PARSED) {
            q->state[i % QUEUE_DEPTH] = SLOT_NORMALIZING;
            return (long)(i % QUEUE_DEPTH);
        }
    return -1;
}

/* Normalizes a claimed slot outside the lock; called and returns with the lock held. */
static void normalize_claimed(queue *q, long s, normalizer *z)
{
    pthread_mutex_unlock(&q->mu);
    normalize_batch(z, q->slot[s]);
    pthread_mutex_lock(&q->mu);
    q->state[s] = SLOT_READY;
    pthread_cond_broadcast(&q->changed);
}

/* The reader thread parses while a slot is free, and otherwise normalizes parsed batches: the
 * consumer normalizes too whenever the next batch is not ready, so the two threads share the
 * normalizing, the largest part of the work, whichever of them is ahead. */
static void *reader_main(void *arg)
{
    queue *q = arg;
    pthread_mutex_lock(&q->mu);
    for (;;) {
        if (!q->parse_done && q->parsed - q->consumed < QUEUE_DEPTH) {
            size_t s = q->parsed % QUEUE_DEPTH;
            pthread_mutex_unlock(&q->mu);
            parse_batch(q->r, q->slot[s]);
            pthread_mutex_lock(&q->mu);
            q->state[s] = SLOT_PARSED;
            q->parse_done = q->slot[s]->last;
            q->parsed++;
            pthread_cond_broadcast(&q->changed);
            continue;
        }
        long s = claim_parsed(q);
        if (s >= 0) {
            normalize_claimed(q, s, q->z);
            continue;
        }
        if (q->parse_done)
            break;
        pthread_cond_wait(&q->changed, &q->mu);
    }
    pthread_mutex_unlock(&q->mu);
    return NULL;
}

/* ---- the consumer: rejects and rows into the table ---- */

typedef struct consumer {
    lease_table *t;
    const load_options *opt;
    load_stats *st;
    load_file_stats *fs;
    const char *path;
    size_t n_text;
    uint64_t bytes_before;         /* input bytes of the files before this one */
    uint64_t file_bytes;           /* the file's size when it is a regular file, else 0 */
    int reserved;                  /* the table has made room for the file's rows (reserve_rows) */
    struct populate_job *populate; /* the thread that maps that room, or NULL */
    /* rows whose created_at could be read day or month first: table row, month-first time */
    uint32_t *amb_row;
    int64_t *amb_alt;
    size_t n_amb, cap_amb;
} consumer;

static lh_status emit_reject(consumer *c, uint64_t line, uint64_t offset, reject_reason why,
                             const char *excerpt, lh_error *err)
{
    c->st->rejected++;
    c->fs->rejected++;
    c->st->by_reason[why]++;
    if (c->opt->sink.emit) {
        lh_status s = c->opt->sink.emit(c->opt->sink.ctx, c->path, line, offset, why, excerpt, err);
        if (s != LH_OK)
            return s;
    }
    if (c->st->rejected > c->opt->max_rejects)
        return LH_FAIL(err, LH_EDATA,
                       "more than %llu rejected rows (--max-rejects); see rejects.csv",
                       (unsigned long long)c->opt->max_rejects);
    return LH_OK;
}

static void add_counts(norm_counts *to, const norm_counts *from)
{
    const uint64_t *f = (const uint64_t *)from;
    uint64_t *t = (uint64_t *)to;
    for (size_t i = 0; i < sizeof *from / sizeof(uint64_t); i++)
        t[i] += f[i];
}

/* An excerpt of a duplicate row, from its keys (the raw record is gone by now): lease id,
 * name and e-mail as the table holds them. */
static void duplicate_excerpt(const lease_row *row, char *out)
{
    char line[CSV_EXCERPT_MAX + 1];
    int n = snprintf(line, sizeof line, "%.*s,%.*s,%.*s", (int)row->len[LT_LEASE_ID],
                     row->text[LT_LEASE_ID], (int)row->len[LT_NAME_RAW], row->text[LT_NAME_RAW],
                     (int)row->len[LT_EMAIL], row->text[LT_EMAIL]);
    csv_excerpt(line,
                n < 0                         ? 0
                : (size_t)n > CSV_EXCERPT_MAX ? CSV_EXCERPT_MAX
                                              : (size_t)n,
                CSV_EXCERPT_MAX, out);
}

/* How many rows ahead of the one being added each prefetch stage runs (lease_table_prefetch):
 * the slots, then the entries they match, then those entries' bytes. */
static const size_t prefetch_ahead[3] = {10, 6, 3};

/* Once RESERVE_AFTER bytes of a file are read, the table makes room for the rest of the file as
 * far as its bytes tell (the records so far over the bytes read so far, an eighth added):
 * doubling copies the columns into new pages, and at ten million leases the last doubling,
 * 800 MB copied and faulted in, held the consumer for most of a second while the reader
 * waited. The bytes read run ahead of the records by the readers' buffers (half a megabyte at
 * most), a few percent of RESERVE_AFTER. A hint only: a guess too small doubles as before, rows
 * a guess too large leaves unused are never touched, and room that cannot be had is not taken.
 * Once per file; not for a stream of unknown size. */
#define RESERVE_AFTER ((uint64_t)16 << 20)
#define RESERVE_MAX   ((double)((size_t)1 << 31)) /* rows: a table's row is a 32-bit index */

/* A thread that maps the room reserved for the rows to come (lease_table_populate) while the
 * consumer adds the first ones: at ten million leases the consumer, which the load waits for,
 * spent seconds in the kernel clearing the pages of the columns as its rows reached them, while
 * the reader had time to spare. It works on a copy of the table's column pointers taken when it
 * starts: should the table grow after all, it maps pages no column uses any more, which changes
 * nothing. */
typedef struct populate_job {
    lease_table snap;
    lt_column *cols;
    size_t from, to;
    pthread_t tid;
} populate_job;

static void *populate_main(void *arg)
{
    populate_job *j = arg;
    lease_table_populate(&j->snap, j->from, j->to);
    return NULL;
}

static void populate_start(consumer *c, size_t rows)
{
    if (c->opt->threads < 2 || rows <= c->t->count)
        return;
    populate_job *j = xmalloc(sizeof *j);
    j->snap = *c->t;
    j->cols = xmalloc(c->t->n_text * sizeof *j->cols);
    memcpy(j->cols, c->t->text, c->t->n_text * sizeof *j->cols);
    j->snap.text = j->cols;
    j->from = c->t->count;
    j->to = rows;
    if (pthread_create(&j->tid, NULL, populate_main, j) != 0) {
        xfree(j->cols);
        xfree(j);
        return;
    }
    c->populate = j;
}

static void populate_join(consumer *c)
{
    populate_job *j = c->populate;
    if (j == NULL)
        return;
    pthread_join(j->tid, NULL);
    xfree(j->cols);
    xfree(j);
    c->populate = NULL;
}

static void reserve_rows(consumer *c, const batch *b)
{
    if (c->reserved || c->file_bytes == 0 || b->raw_bytes < RESERVE_AFTER || c->fs->records == 0)
        return;
    c->reserved = 1;
    double per_byte = (double)c->fs->records / (double)b->raw_bytes;
    double left = (double)(c->file_bytes > b->raw_bytes ? c->file_bytes - b->raw_bytes : 0);
    double expected = (double)c->t->count + left * per_byte;
    double rows = (double)c->t->count + left * per_byte * 1.125 + BATCH_ROWS;
    if (rows < RESERVE_MAX) {
        int room = lease_table_reserve(c->t, (size_t)rows);
        /* the indexes without the margin: a reserved index is cleared at once, all of it */
        lease_table_reserve_indexes(c->t, (size_t)expected);
        if (room)
            populate_start(c, (size_t)expected);
    }
}

static lh_status consume(consumer *c, const batch *b, lh_error *err)
{
    add_counts(&c->st->norm, &b->norm);
    lease_row row;
    char excerpt[CSV_EXCERPT_MAX * 4 + 1];
    uint64_t large = lease_table_prefetch_columns(c->t);
    /* the rows before the first have been fetched as far as each stage goes */
    for (int stage = 0; stage < 3; stage++)
        for (size_t k = 0; k < b->n && k < prefetch_ahead[stage]; k++)
            if (b->kind[k] == ITEM_ROW)
                lease_table_prefetch(c->t, b->hash + k * c->n_text, stage, large);
    for (size_t k = 0; k < b->n; k++) {
        for (int stage = 0; stage < 3; stage++) {
            size_t a = k + prefetch_ahead[stage];
            if (a < b->n && b->kind[a] == ITEM_ROW)
                lease_table_prefetch(c->t, b->hash + a * c->n_text, stage, large);
        }
        c->st->records++;
        c->fs->records++;
        const char *text = b->text.data + b->text_at[k];
        if (b->kind[k] == ITEM_REJECT) {
            lh_status s =
                emit_reject(c, b->line[k], b->offset[k], (reject_reason)b->reason[k], text, err);
            if (s != LH_OK)
                return s;
            continue;
        }
        for (size_t col = 0; col < c->n_text; col++) {
            uint16_t len;
            memcpy(&len, text, sizeof len);
            row.text[col] = text + sizeof len;
            row.len[col] = len;
            text += sizeof len + len;
        }
        row.created_at = b->created[k];
        row.amount = b->amount[k];
        row.duration = b->duration[k];
        row.payment_type = b->pay[k];
        row.ip_kind = b->ipk[k];
        row.label = b->label[k];
        if (lease_table_add_hashed(c->t, &row, b->hash + k * c->n_text) < 0) {
            duplicate_excerpt(&row, excerpt);
            lh_status s =
                emit_reject(c, b->line[k], b->offset[k], REJECT_DUPLICATE_LEASE_ID, excerpt, err);
            if (s != LH_OK)
                return s;
            continue;
        }
        c->fs->accepted++;
        c->st->accepted++;
        /* the dates of accepted rows (not of duplicates) decide the file's order */
        c->fs->day_first += b->created_order[k] == TS_DAY_FIRST;
        c->fs->month_first += b->created_order[k] == TS_MONTH_FIRST;
        if (b->created_order[k] == TS_AMBIGUOUS) {
            size_t cap = c->cap_amb;
            c->amb_row = xgrow(c->amb_row, &cap, c->n_amb + 1, sizeof *c->amb_row);
            cap = c->cap_amb;
            c->amb_alt = xgrow(c->amb_alt, &cap, c->n_amb + 1, sizeof *c->amb_alt);
            c->cap_amb = cap;
            c->amb_row[c->n_amb] = (uint32_t)(c->t->count - 1);
            c->amb_alt[c->n_amb++] = b->created_alt[k];
        }
    }
    if (c->opt->progress)
        progress_rows(c->opt->progress, c->st->records, c->bytes_before + b->raw_bytes);
    reserve_rows(c, b);
    return b->status != LH_OK ? LH_FAIL(err, b->status, "%s", b->err.message) : LH_OK;
}

/* Runs the reader over rd into the table, on a thread when asked and possible. */
static lh_status pump(reader *r, consumer *c, int threads, lh_error *err)
{
    batch *slots[QUEUE_DEPTH];
    int n_slots = threads >= 2 ? QUEUE_DEPTH : 1;
    for (int i = 0; i < n_slots; i++) {
        slots[i] = xmalloc(sizeof *slots[i]);
        strbuf_init(&slots[i]->raw, BATCH_TEXT_MAX);
        strbuf_init(&slots[i]->text, BATCH_TEXT_MAX);
        slots[i]->hash = xmalloc((size_t)BATCH_ROWS * r->n_text * sizeof *slots[i]->hash);
    }
    normalizer z[2];
    normalizer_init(&z[0], r);
    lh_status status = LH_OK;
    volatile int stop = 0;
    r->stop = &stop;
    queue q = {0};
    pthread_t tid;
    int threaded = 0;
    if (threads >= 2) {
        normalizer_init(&z[1], r);
        for (int i = 0; i < QUEUE_DEPTH; i++)
            q.slot[i] = slots[i];
        q.r = r;
        q.z = &z[1];
        pthread_mutex_init(&q.mu, NULL);
        pthread_cond_init(&q.changed, NULL);
        threaded = pthread_create(&tid, NULL, reader_main, &q) == 0;
        if (!threaded) {
            pthread_mutex_destroy(&q.mu);
            pthread_cond_destroy(&q.changed);
        }
    }
    if (threaded) {
        pthread_mutex_lock(&q.mu);
        for (;;) {
            size_t s = q.consumed % QUEUE_DEPTH;
            if (q.consumed < q.parsed && q.state[s] == SLOT_READY) {
                batch *b = q.slot[s];
                pthread_mutex_unlock(&q.mu);
                if (status == LH_OK)
                    status = consume(c, b, err);
                if (status != LH_OK)
                    stop = 1; /* the reader ends at its next record; its batches are drained */
                pthread_mutex_lock(&q.mu);
                q.state[s] = SLOT_FREE;
                q.consumed++;
                pthread_cond_broadcast(&q.changed);
                if (b->last)
                    break;
                continue;
            }
            long k = claim_parsed(&q);
            if (k >= 0)
                normalize_claimed(&q, k, &z[0]);
            else
                pthread_cond_wait(&q.changed, &q.mu);
        }
        pthread_mutex_unlock(&q.mu);
        pthread_join(tid, NULL);
        pthread_mutex_destroy(&q.mu);
        pthread_cond_destroy(&q.changed);
    } else {
        do {
            parse_batch(r, slots[0]);
            normalize_batch(&z[0], slots[0]);
            status = consume(c, slots[0], err);
        } while (status == LH_OK && !slots[0]->last);
    }
    normalizer_free(&z[0]);
    if (threads >= 2)
        normalizer_free(&z[1]);
    for (int i = 0; i < n_slots; i++) {
        strbuf_free(&slots[i]->raw);
        strbuf_free(&slots[i]->text);
        xfree(slots[i]->hash);
        xfree(slots[i]);
    }
    return status;
}

/* csv_reader_find_header's test: the header matching of colmap_bind_names, with the run's
 * map (ctx). */
static int header_usable(void *ctx, const char *const *field, const size_t *len, size_t n,
                         int below)
{
    return colmap_header_usable(ctx, field, len, n, below);
}

static lh_status load_one(lease_table *t, const char *path, const load_options *opt, load_stats *st,
                          load_file_stats *fs, uint64_t *row_number, uint64_t *bytes_before,
                          lh_error *err)
{
    byte_source *src = NULL;
    csv_reader *rd = NULL;
    colbind bind = {0};
    reader r = {0};
    csv_record rec;
    char *head = NULL;
    sample ahead; /* about 25 KB */
    int have_ahead = 0;
    size_t n_extra = opt->map->n_extra;
    lh_status status = byte_source_open(&src, path, err);
    if (status != LH_OK)
        goto done;
    byte_source_set_encoding(src, opt->encoding);
    rd = csv_reader_new(src, &opt->limits);
    csv_reader_find_header(rd, header_usable, (void *)opt->map);

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
    size_t width = rec.n_fields;
    /* the header's names, kept: reading ahead reuses the reader's buffer */
    size_t head_bytes = 0;
    for (size_t h = 0; h < width; h++)
        head_bytes += rec.len[h] + 1;
    head = xmalloc(head_bytes ? head_bytes : 1);
    const char **hname = xmalloc((width ? width : 1) * sizeof *hname);
    size_t *hlen = xmalloc((width ? width : 1) * sizeof *hlen);
    for (size_t h = 0, o = 0; h < width; h++) {
        memcpy(head + o, rec.field[h], rec.len[h] + 1); /* with its NUL */
        hname[h] = head + o;
        hlen[h] = rec.len[h];
        o += rec.len[h] + 1;
    }
    status = colmap_bind_names(opt->map, path, hname, hlen, width, &bind, err);
    csv_reader_set_width(rd, width);
    if (status == LH_OK && infer_wanted(&bind)) {
        /* columns that no name maps may be recognised by their values (table/infer.h) */
        size_t field_max =
            opt->limits.max_field_bytes ? opt->limits.max_field_bytes : CSV_DEFAULT_MAX_FIELD;
        read_sample(rd, &ahead, width, field_max * CSV_RECORD_PER_FIELD + 16);
        have_ahead = 1;
        infer_columns(opt->map, &bind, hname, hlen, width, ahead.field, ahead.len, ahead.n);
    }
    if (status == LH_OK)
        status = colbind_require_identifier(&bind, path, hname, hlen, width, err);
    if (status != LH_OK) {
        xfree(hname);
        xfree(hlen);
        goto done;
    }
    fs->mapping = xstrdup(bind.description);
    fs->delimiter = csv_reader_delimiter(rd);
    fs->preamble_lines = csv_reader_preamble_lines(rd);
    snprintf(fs->encoding, sizeof fs->encoding, "%s", byte_source_encoding(src));
    if (opt->verbose) {
        if (opt->progress)
            progress_end(opt->progress);
        if (strcmp(fs->encoding, "UTF-8") != 0)
            fprintf(stderr, "leasehound: %s: text read as %s%s\n", path, fs->encoding,
                    opt->encoding && strcasecmp(opt->encoding, "auto") != 0
                        ? ""
                        : " (not UTF-8; --encoding NAME to choose)");
        if (fs->preamble_lines)
            fprintf(stderr, "leasehound: %s: skipped %llu line%s above the header (line %llu)\n",
                    path, (unsigned long long)fs->preamble_lines,
                    fs->preamble_lines == 1 ? "" : "s", (unsigned long long)rec.line);
        if (fs->delimiter == '\t' || fs->delimiter == ';')
            fprintf(stderr, "leasehound: %s: fields separated by %s\n", path,
                    fs->delimiter == '\t' ? "tabs" : "semicolons");
        else if (fs->delimiter != ',') /* a bar, or what an Excel "sep=" line named */
            fprintf(stderr, "leasehound: %s: fields separated by '%c'\n", path, fs->delimiter);
        fprintf(stderr, "leasehound: %s: columns %s\n", path, bind.description);
    }
    for (size_t h = 0; h < width; h++)
        if (!bind.used[h])
            note_unknown(st, hname[h], hlen[h]);
    xfree(hname);
    xfree(hlen);
    st->has_created_at |= bind.src[CANON_CREATED_AT].n > 0;
    st->has_label |= bind.src[CANON_LABEL].n > 0;
    st->has_actor |= bind.src[CANON_ACTOR_ID].n > 0;

    r.rd = rd;
    r.src = src;
    r.bind = &bind;
    r.n_extra = n_extra;
    r.n_text = t->n_text;
    r.row_number = row_number;
    r.ahead = have_ahead ? &ahead : NULL;
    struct stat sb;
    uint64_t file_bytes = strcmp(path, "-") != 0 && stat(path, &sb) == 0 && S_ISREG(sb.st_mode)
                              ? (uint64_t)sb.st_size
                              : 0; /* "-" is the standard input */
    consumer c = {.t = t,
                  .opt = opt,
                  .st = st,
                  .fs = fs,
                  .path = path,
                  .n_text = t->n_text,
                  .bytes_before = *bytes_before,
                  .file_bytes = file_bytes};
    status = pump(&r, &c, opt->threads, err);
    populate_join(&c);
    /* D/M/Y or M/D/Y: the file's dates that have one reading decide for those with two
       (day first on a tie: as dates of birth are read) */
    if (fs->day_first + fs->month_first + c.n_amb > 0)
        fs->date_order = fs->month_first > fs->day_first ? 'm' : 'd';
    if (fs->date_order == 'm')
        for (size_t i = 0; i < c.n_amb; i++)
            t->created_at[c.amb_row[i]] = c.amb_alt[i];
    if (status == LH_OK && opt->verbose && c.n_amb > 0)
        fprintf(stderr,
                "leasehound: %s: created_at read %s: %llu dates read either way, %llu only day "
                "first, %llu only month first\n",
                path, fs->date_order == 'm' ? "month first (M/D/Y)" : "day first (D/M/Y)",
                (unsigned long long)c.n_amb, (unsigned long long)fs->day_first,
                (unsigned long long)fs->month_first);
    xfree(c.amb_row);
    xfree(c.amb_alt);

done:
    if (have_ahead)
        sample_free(&ahead);
    xfree(head);
    if (src) {
        fs->gzip = byte_source_is_gzip(src);
        fs->raw_bytes = byte_source_raw_bytes(src);
        *bytes_before += fs->raw_bytes;
        if (status == LH_OK)
            byte_source_sha256(src, fs->sha256);
    }
    colbind_free(&bind);
    csv_reader_free(rd);
    byte_source_close(src);
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
    uint64_t row_number = 0, bytes_before = 0;
    lh_status status = LH_OK;
    if (opt->progress) {
        opt->progress->total_bytes = 0;
        for (size_t i = 0; i < n; i++) {
            struct stat sb;
            if (stat(paths[i], &sb) == 0 && S_ISREG(sb.st_mode))
                opt->progress->total_bytes += (uint64_t)sb.st_size;
        }
        progress_stage(opt->progress, "load");
    }
    for (size_t i = 0; i < n && status == LH_OK; i++) {
        load_file_stats *fs = &st->file[st->n_file++];
        fs->path = xstrdup(paths[i]);
        status = load_one(t, paths[i], opt, st, fs, &row_number, &bytes_before, err);
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
        xfree(s->file[i].path);
        xfree(s->file[i].mapping);
    }
    xfree(s->file);
    for (size_t i = 0; i < s->n_unknown; i++)
        xfree(s->unknown[i]);
    xfree(s->unknown);
    memset(s, 0, sizeof *s);
}
