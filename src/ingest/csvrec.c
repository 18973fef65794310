/* csvrec.c: the record reader of csvrec.h.
 *
 * Data structures
 *   window   buf[0..len) holds the stream from byte `base`; pos is the next byte for libcsv.
 *            While a record is open the window keeps everything from its first byte
 *            (rec_start), so that after a failure the bytes that follow the record's first line
 *            can be read again. Capacity: max_record + read_size + 1.
 *   slices   the window is handed to libcsv one physical line at a time (a line ends at LF,
 *            CRLF or a lone CR). libcsv ends a row only at such a break, so a record always ends
 *            at the end of a slice, and the line and offset of each record are known exactly.
 *            A line longer than the window is fed in pieces.
 *   fields   libcsv's field callback copies each field into fbuf, NUL-terminated; their offsets
 *            go to foff[]. libcsv's own pointers live only inside the callback.
 *
 * Failure and resynchronisation
 *   Problems inside a well-delimited record (field count, NUL, invalid UTF-8) reject the record
 *   and reading simply goes on. Problems that leave the record's end unknown (libcsv's strict
 *   parse error, a field or record over the limit, a quote still open at the end of input)
 *   reject the record and restart libcsv at the physical line after the record's first line.
 *
 * Excel's forced text
 *   A field that is exactly ="..." (quotes inside doubled) is read as the text inside, both
 *   quoted ("=""0123""", which strict libcsv reads as ="0123": on_field unwraps it, two byte
 *   compares per field on the fast path) and unquoted (="0123", which strict libcsv rejects:
 *   only then is the record read again from its start with such fields quoted,
 *   retry_forced_text; a record that still fails is the quote reject it was).
 *
 * A header below a preamble (csv_reader_find_header)
 *   Before the first record, when the caller gave a header test: the window is filled to the
 *   sniff_bytes (64 KiB) that choose the delimiter, and only those bytes are looked at, so that
 *   what is found never depends on the read size. The first line that is not blank is parsed
 *   on its own (a private libcsv parser, the reader's untouched) and tested; when it is no
 *   usable header (or a weak one whose rows lack its width), each of the
 *   CSV_PREAMBLE_MAX_LINES lines after it is parsed with the delimiter it chooses itself and
 *   tested as a header below, and the first that passes and whose following rows have its
 *   width becomes the start: pos, line and delimiter move there. Nothing else of the reader
 *   changes, so the lines above are neither records nor rejects and the header's line and
 *   offset are the file's own.
 *
 * Cost: O(bytes) overall; each byte is scanned by memchr once and parsed by libcsv once, except
 * the bytes of a failed multi-line record, which are parsed at most twice, and a file's first
 * 64 KiB when a header is looked for below its first line: parsed once per candidate line.
 * Invariants: rec_start <= pos <= len <= cap while a record is open; pos <= len otherwise.
 */
#include "ingest/csvrec.h"
#include "util/mem.h"
#include "util/strbuf.h"
#include "util/utf8.h"

#include <assert.h>
#include <csv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* libcsv's parser state for "no field of the current row seen yet" (ROW_NOT_BEGUN in libcsv.c,
 * where struct csv_parser is public but the state names are not). */
#define LIBCSV_ROW_NOT_BEGUN 0

static const char *const reason_names[REJECT_REASON_COUNT] = {
    "",
    "field_count",
    "quote",
    "unterminated_quote",
    "field_too_long",
    "record_too_long",
    "invalid_utf8",
    "nul_byte",
    "bad_created_at",
    "duplicate_lease_id",
};

const char *reject_reason_name(reject_reason r)
{
    return r < REJECT_REASON_COUNT ? reason_names[r] : "unknown";
}

struct csv_reader {
    byte_source *src;
    csv_limits lim;
    size_t max_record;
    struct csv_parser parser;
    unsigned char opts;

    char *buf;
    size_t cap, len, pos;
    uint64_t base;
    int eof, started, skip_line;
    uint64_t line;

    int in_record, row_done;
    int clean;      /* the open record's fields need no NUL or UTF-8 check (line_clean) */
    int trailing;   /* the open record has one empty field past the width: a trailing delimiter */
    int trail_mode; /* -1 until the first record after the width is set; then 1 when it ended
                       with a trailing delimiter (the file's rows may), else 0 */
    size_t rec_start;
    uint64_t rec_line, rec_offset;
    reject_reason bad;
    size_t width, n_fields, n_stored;
    strbuf fbuf;
    size_t *foff, *flen;
    const char **fptr;
    size_t fcap;

    int rewrite;  /* the open record is fed through forced_text_rewrite (a retry) */
    int rw_state; /* forced_text_rewrite's place in the record: RW_* */
    strbuf rw;    /* its output, the bytes libcsv is fed instead */

    csv_header_test htest; /* NULL, or what tells a header (csv_reader_find_header) */
    void *hctx;
    uint64_t preamble; /* lines skipped above the header */
};

/* Whether s[0..n) is Excel's forced text: exactly ="...", any quote inside doubled. */
static int forced_text(const char *s, size_t n)
{
    if (n < 3 || s[0] != '=' || s[1] != '"' || s[n - 1] != '"')
        return 0;
    for (size_t i = 2; i < n - 1; i++)
        if (s[i] == '"' && (i + 2 >= n || s[++i] != '"'))
            return 0;
    return 1;
}

static void on_field(void *s, size_t n, void *data)
{
    csv_reader *r = data;
    r->n_fields++;
    if (r->bad)
        return;
    size_t limit = r->width ? r->width : CSV_MAX_COLUMNS;
    if (r->n_fields > limit) {
        if (r->width && r->n_fields == r->width + 1 && n == 0 && r->trail_mode != 0) {
            r->trailing = 1; /* "a,b,c," under a header of three: dropped, not stored */
            return;
        }
        r->bad = REJECT_FIELD_COUNT;
        return;
    }
    if (n > r->lim.max_field_bytes) {
        r->bad = REJECT_FIELD_TOO_LONG;
        return;
    }
    if (!r->clean) {
        if (n && memchr(s, '\0', n)) {
            r->bad = REJECT_NUL_BYTE;
            return;
        }
        if (!utf8_valid(s, n)) {
            r->bad = REJECT_INVALID_UTF8;
            return;
        }
    }
    size_t at = r->fbuf.len;
    if (strbuf_reserve(&r->fbuf, n + 1) != 0) {
        r->bad = REJECT_RECORD_TOO_LONG;
        return;
    }
    if (n >= 3 && *(const char *)s == '=' && forced_text(s, n)) {
        /* ="0123": the text inside, its doubled quotes single */
        const char *f = s;
        size_t k = 0;
        for (size_t i = 2; i < n - 1; i++) {
            r->fbuf.data[at + k++] = f[i];
            i += f[i] == '"';
        }
        n = k;
    } else if (n) {
        memcpy(r->fbuf.data + at, s, n);
    }
    r->fbuf.data[at + n] = '\0';
    r->fbuf.len = at + n + 1;
    r->fbuf.data[r->fbuf.len] = '\0';
    if (r->n_stored == r->fcap) {
        size_t cap = xgrow_cap(r->fcap, r->n_stored + 1, sizeof *r->fptr);
        r->foff = xrealloc(r->foff, cap * sizeof *r->foff);
        r->flen = xrealloc(r->flen, cap * sizeof *r->flen);
        r->fptr = xrealloc(r->fptr, cap * sizeof *r->fptr);
        r->fcap = cap;
    }
    r->foff[r->n_stored] = at;
    r->flen[r->n_stored] = n;
    r->n_stored++;
}

static void on_row(int c, void *data)
{
    (void)c;
    csv_reader *r = data;
    r->row_done = 1;
}

csv_reader *csv_reader_new(byte_source *src, const csv_limits *limits)
{
    csv_reader *r = xcalloc(1, sizeof *r);
    r->src = src;
    r->lim = *limits;
    if (r->lim.max_field_bytes == 0)
        r->lim.max_field_bytes = CSV_DEFAULT_MAX_FIELD;
    if (r->lim.read_size == 0)
        r->lim.read_size = 256u * 1024u;
    r->max_record = r->lim.max_field_bytes * CSV_RECORD_PER_FIELD;
    r->cap = r->max_record + r->lim.read_size + 1;
    r->buf = xmalloc(r->cap);
    r->opts = CSV_STRICT | CSV_STRICT_FINI;
    csv_init(&r->parser, r->opts);
    csv_set_realloc_func(&r->parser, xrealloc);
    csv_set_blk_size(&r->parser, 4096);
    strbuf_init(&r->fbuf, r->max_record);
    strbuf_init(&r->rw, 3 * (r->max_record + 1)); /* forced_text_rewrite: at most 7 for 3 */
    r->line = 1;
    return r;
}

void csv_reader_free(csv_reader *r)
{
    if (r == NULL)
        return;
    csv_free(&r->parser);
    strbuf_free(&r->fbuf);
    strbuf_free(&r->rw);
    xfree(r->buf);
    xfree(r->foff);
    xfree(r->flen);
    xfree(r->fptr);
    xfree(r);
}

void csv_reader_find_header(csv_reader *r, csv_header_test test, void *ctx)
{
    assert(!r->started);
    r->htest = test;
    r->hctx = ctx;
}

uint64_t csv_reader_preamble_lines(const csv_reader *r)
{
    return r->preamble;
}

void csv_reader_set_width(csv_reader *r, size_t width)
{
    r->width = width;
    r->trail_mode = -1;
}

uint64_t csv_reader_lines(const csv_reader *r)
{
    return r->line - 1 + (r->len > r->pos || r->in_record);
}

void csv_excerpt(const char *s, size_t n, size_t max_bytes, char *out)
{
    size_t o = 0;
    if (n > max_bytes)
        n = max_bytes;
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\n' || c == '\r')
            break;
        if (c >= 0x80) {
            uint32_t cp;
            size_t k = utf8_decode(s + i, n - i, &cp);
            if (cp != 0xFFFD || k == 3) {
                memcpy(out + o, s + i, k);
                o += k;
                i += k;
                continue;
            }
        }
        if (c < 0x20 || c == 0x7f || c >= 0x80) {
            snprintf(out + o, 5, "\\x%02x", c);
            o += 4;
        } else {
            out[o++] = (char)c;
        }
        i++;
    }
    out[o] = '\0';
}

/* Restarts libcsv with an empty row, whatever state an error left it in. */
static void parser_reset(csv_reader *r)
{
    csv_set_opts(&r->parser, CSV_STRICT);
    csv_fini(&r->parser, NULL, NULL, NULL);
    csv_set_opts(&r->parser, r->opts);
}

/* Whether p[0..n) is all ASCII without NUL, eight bytes at a time: a field cut from such bytes
 * needs neither the NUL nor the UTF-8 check. */
static int ascii_clean(const char *p, size_t n)
{
    const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
    uint64_t bad = 0;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        bad |= (w | ((w - ones) & ~w)) & highs; /* a high bit, or a zero byte */
    }
    for (; i < n; i++)
        bad |= (unsigned char)p[i] - 1u >= 0x7fu; /* 0, or 0x80 and above */
    return bad == 0;
}

/* Whether the fields cut from p[0..n) need no NUL or UTF-8 check of their own: all ASCII
 * without NUL, or, for a whole line (no character can straddle its end) cut at an ASCII
 * delimiter, valid UTF-8 without NUL. Such fields are cut at ASCII bytes and lose only ASCII
 * quotes, so each field of a valid line is valid; a line that is not, or one split by a byte
 * of 0x80 or more (an Excel "sep=" line may name one), is checked field by field. */
static int line_clean(const char *p, size_t n, int whole_line, char delim)
{
    if (ascii_clean(p, n))
        return 1;
    return whole_line && (unsigned char)delim < 0x80 && memchr(p, '\0', n) == NULL &&
           utf8_valid(p, n);
}

enum { BREAK_FOUND, BREAK_NONE, BREAK_NEED_MORE };

/* Finds the first line break in p[0..n): *idx is its last byte (the LF of CRLF). */
static int find_break(const char *p, size_t n, int eof, size_t *idx)
{
    const char *nl = memchr(p, '\n', n);
    size_t lim = nl ? (size_t)(nl - p) : n;
    const char *cr = memchr(p, '\r', lim);
    if (cr) {
        size_t i = (size_t)(cr - p);
        if (i + 1 < n) {
            *idx = p[i + 1] == '\n' ? i + 1 : i;
            return BREAK_FOUND;
        }
        if (eof) {
            *idx = i;
            return BREAK_FOUND;
        }
        return BREAK_NEED_MORE;
    }
    if (nl) {
        *idx = lim;
        return BREAK_FOUND;
    }
    return BREAK_NONE;
}

static int is_blank(const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r' && p[i] != '\n')
            return 0;
    return 1;
}

/* Moves the bytes still needed to the front and reads more. Returns bytes read, 0 when the
 * input is exhausted or the window is full, -1 on error. */
static ssize_t refill(csv_reader *r, lh_error *err)
{
    size_t keep = r->in_record ? r->rec_start : r->pos;
    if (keep > 0) {
        memmove(r->buf, r->buf + keep, r->len - keep);
        r->len -= keep;
        r->pos -= keep;
        if (r->in_record)
            r->rec_start -= keep;
        r->base += keep;
    }
    size_t room = r->cap - r->len;
    if (room == 0 || r->eof)
        return 0;
    size_t want = room < r->lim.read_size ? room : r->lim.read_size;
    ssize_t n = byte_source_read(r->src, r->buf + r->len, want, err);
    if (n < 0)
        return -1;
    if (n == 0)
        r->eof = 1;
    r->len += (size_t)n;
    return n;
}

/* Forgets what libcsv delivered of the open record: its fields, their problem, its end. */
static void clear_fields(csv_reader *r)
{
    r->row_done = 0;
    r->bad = REJECT_NONE;
    r->trailing = 0;
    r->n_fields = r->n_stored = 0;
    strbuf_reset(&r->fbuf);
}

static void begin_record(csv_reader *r)
{
    r->in_record = 1;
    r->rec_start = r->pos;
    r->rec_line = r->line;
    r->rec_offset = r->base + r->pos;
    r->clean = 1;
    r->rewrite = 0;
    clear_fields(r);
}

/* ---- Excel's forced text written unquoted: ="0123" ----
 *
 * Strict libcsv rejects the quote of an unquoted ="0123". When a record fails so and holds
 * '="', it is read again from its start through forced_text_rewrite, which quotes each such
 * field: ="0123" becomes "=""0123""", whose text is ="0123" itself, as the quoted spelling
 * "=""0123""" gives; on_field then keeps the text inside. The rest of the record goes through
 * the rewrite as well. Any other stray quote still fails, now in the rewritten bytes. Clean
 * records never come here. */

enum { RW_START, RW_UNQUOTED, RW_QUOTED, RW_QUOTE_SEEN };

static int rw_ends_field(char c, char delim)
{
    return c == delim || c == '\r' || c == '\n';
}

static int rw_blank(char c, char delim)
{
    return (c == ' ' || c == '\t') && c != delim;
}

/* Whether p[i..) starts a whole ="..." field (quotes doubled inside, on one line, then blanks
 * and a delimiter or the line's end; at_end: p[n] is the end of the line). *end: the byte
 * after its closing quote. */
static int forced_text_at(const char *p, size_t n, size_t i, char delim, int at_end, size_t *end)
{
    for (size_t j = i + 2; j < n; j++) {
        if (p[j] == '\r' || p[j] == '\n')
            return 0;
        if (p[j] != '"')
            continue;
        if (j + 1 < n && p[j + 1] == '"') {
            j++;
            continue;
        }
        size_t k = j + 1;
        while (k < n && rw_blank(p[k], delim))
            k++;
        *end = j + 1;
        return k < n ? rw_ends_field(p[k], delim) : at_end;
    }
    return 0;
}

/* Writes p[0..n) to out (room for 3 * n bytes) with each unquoted ="..." field quoted, following
 * libcsv's fields from *state on (RW_START at a record's start; updated); returns the bytes
 * written. */
static size_t forced_text_quote(const char *p, size_t n, char delim, int at_end, int *state,
                                char *out)
{
    char *o = out;
    int st = *state;
    for (size_t i = 0; i < n; i++) {
        char c = p[i];
        size_t end;
        if (st == RW_START && c == '=' && i + 1 < n && p[i + 1] == '"' &&
            forced_text_at(p, n, i, delim, at_end, &end)) {
            *o++ = '"';
            for (; i < end; i++) {
                *o++ = p[i];
                if (p[i] == '"')
                    *o++ = '"';
            }
            *o++ = '"';
            i--;
            st = RW_QUOTE_SEEN; /* just after a closing quote */
            continue;
        }
        *o++ = c;
        if (st == RW_START)
            st = c == '"'                                        ? RW_QUOTED
                 : rw_ends_field(c, delim) || rw_blank(c, delim) ? RW_START
                                                                 : RW_UNQUOTED;
        else if (st == RW_UNQUOTED)
            st = rw_ends_field(c, delim) ? RW_START : RW_UNQUOTED;
        else if (st == RW_QUOTED)
            st = c == '"' ? RW_QUOTE_SEEN : RW_QUOTED;
        else /* after a quote in a quoted field: a doubled quote, the end, blanks, or an error */
            st = c == '"'                  ? RW_QUOTED
                 : rw_ends_field(c, delim) ? RW_START
                 : rw_blank(c, delim)      ? RW_QUOTE_SEEN
                                           : RW_UNQUOTED;
    }
    *state = st;
    assert((size_t)(o - out) <= 3 * n);
    return (size_t)(o - out);
}

/* Copies p[0..n) of the open record to r->rw through forced_text_quote, from r->rw_state on. */
static void forced_text_rewrite(csv_reader *r, const char *p, size_t n, int at_end)
{
    strbuf_reset(&r->rw);
    if (strbuf_reserve(&r->rw, 3 * n) != 0) { /* cannot happen: n <= max_record + 1 */
        fprintf(stderr, "leasehound: internal error: a record does not fit its rewrite\n");
        abort();
    }
    r->rw.len = forced_text_quote(p, n, csv_reader_delimiter(r), at_end, &r->rw_state, r->rw.data);
}

/* Feeds p[0..n) of the open record to libcsv through forced_text_rewrite: 0, or -1 when libcsv
 * fails on it. */
static int feed_rewritten(csv_reader *r, const char *p, size_t n, int at_end)
{
    forced_text_rewrite(r, p, n, at_end);
    size_t fed = csv_parse(&r->parser, r->rw.data, r->rw.len, on_field, on_row, r);
    return fed < r->rw.len || csv_error(&r->parser) != CSV_SUCCESS ? -1 : 0;
}

/* After libcsv failed on the open record up to r->pos + slice: when the record holds '="',
 * reads it again from its first byte through the rewrite (and the rest of it too). Returns 0
 * when that reads, -1 when the record stays a quote reject. */
static int retry_forced_text(csv_reader *r, size_t slice, int at_end)
{
    const char *p = r->buf + r->rec_start;
    size_t n = r->pos + slice - r->rec_start;
    if (r->rewrite || memmem(p, n, "=\"", 2) == NULL)
        return -1;
    parser_reset(r);
    clear_fields(r);
    r->rewrite = 1;
    r->rw_state = RW_START;
    return feed_rewritten(r, p, n, at_end);
}

static void fill_location(csv_reader *r, csv_record *rec)
{
    rec->line = r->rec_line;
    rec->offset = r->rec_offset;
    rec->excerpt[0] = '\0';
}

static void set_excerpt(csv_reader *r, csv_record *rec)
{
    csv_excerpt(r->buf + r->rec_start, r->len - r->rec_start, CSV_EXCERPT_MAX, rec->excerpt);
}

/* Rejects the open record for a reason that leaves its end unknown, and positions the reader
 * at the line after the record's first line. */
static void reject_and_resync(csv_reader *r, csv_record *rec, reject_reason why)
{
    fill_location(r, rec);
    set_excerpt(r, rec);
    rec->reason = why;
    rec->n_fields = 0;
    parser_reset(r);
    size_t idx;
    int b = find_break(r->buf + r->rec_start, r->len - r->rec_start, r->eof, &idx);
    if (b == BREAK_FOUND) {
        r->pos = r->rec_start + idx + 1;
        r->line = r->rec_line + 1;
    } else {
        /* No break in the window yet, or a CR as its last byte, whose LF may follow: keep that
         * CR for skip_to_line_end, which sees it again with the next byte (skipping past it
         * would swallow the next line, a row lost without a reject). */
        r->pos = b == BREAK_NEED_MORE ? r->len - 1 : r->len;
        r->line = r->rec_line;
        r->skip_line = 1;
    }
    r->in_record = 0;
}

static void deliver(csv_reader *r, csv_record *rec)
{
    fill_location(r, rec);
    reject_reason why = r->bad;
    int trailed = r->trailing && r->n_fields == r->width + 1;
    if (why == REJECT_NONE && r->width && r->n_fields != r->width && !trailed)
        why = REJECT_FIELD_COUNT;
    if (r->width && r->trail_mode < 0) /* the file's first row decides */
        r->trail_mode = why == REJECT_NONE && trailed;
    rec->reason = why;
    if (why != REJECT_NONE) {
        set_excerpt(r, rec);
        rec->n_fields = 0;
    } else {
        for (size_t i = 0; i < r->n_stored; i++)
            r->fptr[i] = r->fbuf.data + r->foff[i];
        rec->n_fields = r->n_stored;
    }
    rec->field = r->fptr;
    rec->len = r->flen;
    r->in_record = 0;
}

/* Discards bytes up to and including the end of the current physical line. Returns 1 when
 * done, 0 when more input is needed. */
static int skip_to_line_end(csv_reader *r)
{
    size_t idx;
    int b = find_break(r->buf + r->pos, r->len - r->pos, r->eof, &idx);
    if (b == BREAK_FOUND) {
        r->pos += idx + 1;
        r->line++;
        r->skip_line = 0;
        return 1;
    }
    r->pos = b == BREAK_NEED_MORE ? r->len - 1 : r->len;
    if (r->eof && r->pos == r->len) {
        r->skip_line = 0;
        return 1;
    }
    return 0;
}

/* Bytes after the byte-order mark that choose the delimiter: at most 64 KiB, and fewer than
 * the smallest window of this record limit holds, so that the choice never depends on the read
 * size. */
static size_t sniff_bytes(const csv_reader *r)
{
    size_t most = r->max_record > 2 ? r->max_record - 2 : 1;
    return most < 65536 ? most : 65536;
}

/* The first line of the window from r->pos that is not blank, [*a, *b) (*b its line break, or
 * the end of the sniff_bytes): returns 1 when the window holds all of it that counts. */
static int header_line(const csv_reader *r, size_t *a, size_t *b)
{
    size_t bound = r->pos + sniff_bytes(r), lim = bound < r->len ? bound : r->len;
    for (size_t i = r->pos;;) {
        size_t j = i;
        while (j < lim && r->buf[j] != '\n' && r->buf[j] != '\r')
            j++;
        *a = i;
        *b = j;
        if (j == lim)
            return lim == bound || r->eof;
        if (!is_blank(r->buf + i, j - i))
            return 1;
        i = j + 1;
    }
}

/* The delimiter that a header's line p[0..n) chooses: a comma, unless the line has none
 * outside quotes and has a semicolon, a tab or a bar (the most frequent of them). */
static char guess_delimiter(const char *p, size_t n)
{
    static const char candidates[] = {';', '\t', '|'};
    size_t count[sizeof candidates] = {0}, commas = 0;
    int quoted = 0;
    for (size_t i = 0; i < n; i++) {
        char c = p[i];
        if (c == '"')
            quoted = !quoted;
        else if (!quoted && c == ',')
            commas++;
        else if (!quoted)
            for (size_t k = 0; k < sizeof candidates; k++)
                count[k] += c == candidates[k];
    }
    size_t best = 0;
    for (size_t k = 1; k < sizeof candidates; k++)
        if (count[k] > count[best])
            best = k;
    return commas == 0 && count[best] > 0 ? candidates[best] : ',';
}

/* Chooses the delimiter from the header's line [a, b) (header_line), guess_delimiter. Excel's
 * directive line "sep=X", first in a file, names it and is skipped. */
static void sniff_delimiter(csv_reader *r, size_t a, size_t b)
{
    if (a == r->pos && b - a == 5 && strncasecmp(r->buf + a, "sep=", 4) == 0 &&
        r->buf[a + 4] != '"' && r->buf[a + 4] != ' ') {
        csv_set_delim(&r->parser, (unsigned char)r->buf[a + 4]);
        r->skip_line = 1;
        return;
    }
    csv_set_delim(&r->parser, (unsigned char)guess_delimiter(r->buf + a, b - a));
}

/* ---- a header below a preamble (csv_reader_find_header) ----
 *
 * All of it happens once per file, before the first record, on the first sniff_bytes of the
 * window, with parsers of its own: the reader's state is only touched when a header is chosen
 * (its position, line and delimiter). */

/* The physical line from buf[i] in the region [i, end): its text [i, *e) and the start of the
 * next line, *next. Returns 0 when the line does not end inside the region and the region does
 * not end the input (at_eof). */
static int region_line(const csv_reader *r, size_t i, size_t end, int at_eof, size_t *e,
                       size_t *next)
{
    size_t idx;
    int b = find_break(r->buf + i, end - i, at_eof, &idx);
    if (b == BREAK_FOUND) {
        size_t last = i + idx;
        *next = last + 1;
        *e = r->buf[last] == '\n' && last > i && r->buf[last - 1] == '\r' ? last - 1 : last;
        return 1;
    }
    if (b == BREAK_NONE && at_eof && end > i) {
        *e = *next = end;
        return 1;
    }
    return 0;
}

/* One line's fields, for the header test, or the widths of the rows after it. */
typedef struct probe {
    strbuf text; /* the fields, each NUL-terminated */
    size_t n, cap, *off, *len;
    const char **ptr;
    int over; /* more than CSV_MAX_COLUMNS fields */
    /* rows_fit: the width wanted, the current row's fields and its last one's length, rows
       seen and rows of the width wanted */
    size_t want, cur, last_len, seen, fit;
} probe;

static void probe_field(void *s, size_t n, void *data)
{
    probe *p = data;
    if (p->n == CSV_MAX_COLUMNS || strbuf_reserve(&p->text, n + 1) != 0) {
        p->over = 1;
        return;
    }
    if (p->n == p->cap) {
        size_t cap = xgrow_cap(p->cap, p->n + 1, sizeof *p->ptr);
        p->off = xrealloc(p->off, cap * sizeof *p->off);
        p->len = xrealloc(p->len, cap * sizeof *p->len);
        p->ptr = xrealloc(p->ptr, cap * sizeof *p->ptr);
        p->cap = cap;
    }
    p->off[p->n] = p->text.len;
    p->len[p->n++] = n;
    strbuf_append(&p->text, s, n);
    strbuf_putc(&p->text, '\0');
}

static void probe_row(int c, void *data)
{
    (void)c;
    (void)data;
}

enum { LINE_OK, LINE_BAD, LINE_OPEN };

/* A strict parser of its own for a probe (delimiter delim): the reader's is left untouched. */
static void probe_parser(struct csv_parser *ps, char delim)
{
    csv_init(ps, CSV_STRICT | CSV_STRICT_FINI);
    csv_set_realloc_func(ps, xrealloc);
    csv_set_delim(ps, (unsigned char)delim);
}

/* Reads the line [i, e) as one record of fields into p: LINE_OK, or LINE_OPEN when a quoted
 * field is still open at its end (a record of several lines), or LINE_BAD (strict CSV error,
 * too many fields). */
static int parse_line(const csv_reader *r, probe *p, size_t i, size_t e, char delim)
{
    struct csv_parser ps;
    probe_parser(&ps, delim);
    strbuf_reset(&p->text);
    p->n = 0;
    p->over = 0;
    int st = LINE_OK;
    if (csv_parse(&ps, r->buf + i, e - i, probe_field, probe_row, p) < e - i ||
        csv_error(&ps) != CSV_SUCCESS)
        st = LINE_BAD;
    else if (csv_fini(&ps, probe_field, probe_row, p) != 0)
        st = LINE_OPEN;
    else if (p->over || p->n == 0)
        st = LINE_BAD;
    csv_free(&ps);
    for (size_t k = 0; k < p->n; k++)
        p->ptr[k] = p->text.data + p->off[k];
    return st;
}

static void fit_field(void *s, size_t n, void *data)
{
    (void)s;
    probe *p = data;
    p->cur++;
    p->last_len = n;
}

static void fit_row(int c, void *data)
{
    (void)c;
    probe *p = data;
    if (p->seen < CSV_PREAMBLE_CHECK_ROWS) {
        p->seen++;
        p->fit += p->cur == p->want || (p->cur == p->want + 1 && p->last_len == 0);
    }
    p->cur = 0;
}

/* Whether the rows in [i, end) fit a header of `want` fields: a majority of the first
 * CSV_PREAMBLE_CHECK_ROWS whole rows have that many (or one empty field more: a trailing
 * delimiter); a malformed row counts against, unless it holds Excel's forced text ="0123"
 * (which strict parsing refuses and the reader takes: retry_forced_text), in which case its
 * fields are counted as the reader reads them, through forced_text_quote. Read line by line,
 * so that a malformed row's lines are known. With no whole row, only when the region ends the input
 * with nothing but blank lines after the header. */
static int rows_fit(const csv_reader *r, probe *p, size_t i, size_t end, int at_eof, char delim,
                    size_t want)
{
    struct csv_parser ps;
    probe_parser(&ps, delim);
    p->want = want;
    p->cur = p->seen = p->fit = 0;
    int blank = is_blank(r->buf + i, end - i);
    size_t row_start = i; /* where the row being read began */
    while (i < end && p->seen < CSV_PREAMBLE_CHECK_ROWS) {
        size_t e, next;
        if (!region_line(r, i, end, at_eof, &e, &next))
            break;
        if (ps.pstate == LIBCSV_ROW_NOT_BEGUN)
            row_start = i;
        size_t fed = csv_parse(&ps, r->buf + i, next - i, fit_field, fit_row, p);
        if (fed < next - i || csv_error(&ps) != CSV_SUCCESS) {
            /* a malformed row: go on at the line after the error */
            p->cur = 0;
            size_t seen = p->seen;
            size_t len = next - row_start;
            if (memmem(r->buf + row_start, len, "=\"", 2)) {
                /* counted as the reader reads it (retry_forced_text): quoted, then strictly */
                char *q = xmalloc(3 * len + 1);
                int state = RW_START;
                size_t qn = forced_text_quote(r->buf + row_start, len, delim, 1, &state, q);
                struct csv_parser qp;
                probe_parser(&qp, delim);
                if (csv_parse(&qp, q, qn, fit_field, fit_row, p) == qn &&
                    csv_error(&qp) == CSV_SUCCESS)
                    csv_fini(&qp, fit_field, fit_row, p);
                csv_free(&qp);
                xfree(q);
            }
            if (p->seen == seen)
                p->seen++;
            p->cur = 0;
            csv_free(&ps);
            probe_parser(&ps, delim);
        }
        i = next;
    }
    if (i == end && at_eof && p->seen < CSV_PREAMBLE_CHECK_ROWS &&
        csv_fini(&ps, fit_field, fit_row, p) != 0)
        p->seen++; /* a quote still open at the end of the input */
    csv_free(&ps);
    return p->seen ? p->fit * 2 > p->seen : at_eof && blank;
}

/* The preamble search of csv_reader_find_header, over the region [r->pos, r->pos + bound) of
 * the window (filled to the bound by the caller): [a, b) is the first line that is not blank,
 * sniff_delimiter has run on it. */
static void find_header(csv_reader *r)
{
    size_t bound = sniff_bytes(r);
    size_t end = r->len - r->pos > bound ? r->pos + bound : r->len;
    int at_eof = end == r->len && r->eof;
    int fixed = r->skip_line; /* an Excel "sep=" line named the delimiter */
    char d0 = csv_reader_delimiter(r);
    size_t i = r->pos, e, next;
    uint64_t line = r->line;
    if (fixed) { /* the directive is the first line */
        if (!region_line(r, i, end, at_eof, &e, &next))
            return;
        i = next;
        line++;
    }
    for (;; i = next, line++) {
        if (!region_line(r, i, end, at_eof, &e, &next))
            return;
        if (!is_blank(r->buf + i, e - i))
            break;
    }
    probe p = {0};
    strbuf_init(&p.text, bound + CSV_MAX_COLUMNS);
    int st = parse_line(r, &p, i, e, d0);
    /* Not below a usable first line (one that is clearly a header, or whose rows have its
       width: "Account,ACME Hosting" over a header of 24 columns is not), nor below one that
       cannot be judged alone (a header over several lines). */
    int search = st == LINE_BAD, weak = 0;
    if (st == LINE_OK) {
        int usable = r->htest(r->hctx, p.ptr, p.len, p.n, 0);
        int clearly = usable && r->htest(r->hctx, p.ptr, p.len, p.n, 1);
        search = !usable || !(clearly || rows_fit(r, &p, next, end, at_eof, d0, p.n));
        /* a weak first line whose rows fit ("Email,ops@example.com" over key,value lines):
           only a wider header below, clearly one and fitting its own rows, is taken instead */
        weak = usable && !clearly && !search;
    }
    size_t first_width = p.n;
    uint64_t first = line;
    for (i = next, line++; (search || weak) && line - first <= CSV_PREAMBLE_MAX_LINES;
         i = next, line++) {
        if (!region_line(r, i, end, at_eof, &e, &next))
            break;
        if (is_blank(r->buf + i, e - i))
            continue;
        char d = fixed ? d0 : guess_delimiter(r->buf + i, e - i);
        if (parse_line(r, &p, i, e, d) != LINE_OK || p.n < 2 || (weak && p.n <= first_width) ||
            !r->htest(r->hctx, p.ptr, p.len, p.n, 1) || !rows_fit(r, &p, next, end, at_eof, d, p.n))
            continue;
        r->pos = i;
        r->line = line;
        r->skip_line = 0;
        r->preamble = line - first;
        csv_set_delim(&r->parser, (unsigned char)d);
        break;
    }
    strbuf_free(&p.text);
    xfree(p.off);
    xfree(p.len);
    xfree(p.ptr);
}

char csv_reader_delimiter(const csv_reader *r)
{
    return (char)r->parser.delim_char;
}

int csv_reader_next(csv_reader *r, csv_record *rec, lh_error *err)
{
    if (!r->started) {
        while (r->len < 3 && !r->eof)
            if (refill(r, err) < 0)
                return -1;
        if (r->len >= 3 && memcmp(r->buf, "\xEF\xBB\xBF", 3) == 0)
            r->pos = 3; /* UTF-8 byte-order mark; offsets still count it */
        while (r->htest && r->len - r->pos < sniff_bytes(r) && !r->eof)
            if (refill(r, err) < 0) /* the region a header is looked for in, whole */
                return -1;
        size_t a, b;
        while (!header_line(r, &a, &b)) /* the header's line, whatever the read size */
            if (refill(r, err) < 0)
                return -1;
        sniff_delimiter(r, a, b);
        if (r->htest)
            find_header(r);
        r->started = 1;
    }
    for (;;) {
        if (r->skip_line && !skip_to_line_end(r)) {
            if (refill(r, err) < 0)
                return -1;
            continue;
        }
        size_t avail = r->len - r->pos;
        if (avail == 0) {
            if (!r->eof) {
                if (refill(r, err) < 0)
                    return -1;
                continue;
            }
            if (!r->in_record)
                return 0;
            /* End of input inside a record: a last line without a newline, or an open quote. */
            if (csv_fini(&r->parser, on_field, on_row, r) != 0) {
                reject_and_resync(r, rec, REJECT_UNTERMINATED_QUOTE);
                return 1;
            }
            if (r->row_done) {
                deliver(r, rec);
                return 1;
            }
            r->in_record = 0; /* only white space was left */
            continue;
        }

        size_t idx, slice;
        int ends_line;
        int b = find_break(r->buf + r->pos, avail, r->eof, &idx);
        if (b == BREAK_FOUND) {
            slice = idx + 1;
            ends_line = 1;
        } else {
            size_t keep = r->in_record ? r->rec_start : r->pos;
            if (!r->eof && r->cap - (r->len - keep) > 0) {
                if (refill(r, err) < 0)
                    return -1;
                continue;
            }
            slice = avail; /* a line longer than the window, or the unterminated last line */
            ends_line = 0;
        }

        if (!r->in_record) {
            /* A blank line is skipped, up to the record limit: a longer one is a record (too
             * long), whether or not the window shows its end (it always does below the limit:
             * the window holds max_record + 2 bytes from here), so that which lines are blank
             * does not depend on the read size. */
            if (ends_line && slice <= r->max_record && is_blank(r->buf + r->pos, slice)) {
                r->pos += slice;
                r->line++;
                continue;
            }
            begin_record(r);
        }
        /* Never feed a byte past the record limit: the size checks below then happen at the
         * same bytes whatever the read size (the window always holds max_record + 1 bytes of
         * an open record, so only this cap, never the window's edge, cuts a long line). */
        size_t room = r->max_record + 1 - (r->pos - r->rec_start);
        if (slice > room) {
            slice = room;
            ends_line = 0;
        }
        r->clean =
            r->clean && line_clean(r->buf + r->pos, slice, ends_line, csv_reader_delimiter(r));
        int at_end = ends_line || (r->eof && r->pos + slice == r->len); /* of a line */
        int failed;
        if (r->rewrite)
            failed = feed_rewritten(r, r->buf + r->pos, slice, at_end) != 0;
        else
            failed = csv_parse(&r->parser, r->buf + r->pos, slice, on_field, on_row, r) < slice ||
                     csv_error(&r->parser) != CSV_SUCCESS;
        if (failed && (r->rewrite || retry_forced_text(r, slice, at_end) != 0)) {
            reject_and_resync(r, rec, REJECT_QUOTE);
            return 1;
        }
        r->pos += slice;
        if (ends_line)
            r->line++;
        int multiline = r->line - r->rec_line > 1;
        /* A record stopped by a size limit is rejected for its first problem: a field already
         * found bad (r->bad) comes before the limit reached after it. */
        if (r->parser.entry_pos > r->lim.max_field_bytes) {
            reject_and_resync(r, rec,
                              r->bad                          ? r->bad
                              : r->parser.quoted && multiline ? REJECT_UNTERMINATED_QUOTE
                                                              : REJECT_FIELD_TOO_LONG);
            return 1;
        }
        if (r->pos - r->rec_start > r->max_record) {
            reject_and_resync(r, rec,
                              r->bad                          ? r->bad
                              : r->parser.quoted && multiline ? REJECT_UNTERMINATED_QUOTE
                                                              : REJECT_RECORD_TOO_LONG);
            return 1;
        }
        if (r->row_done) {
            deliver(r, rec);
            return 1;
        }
        if (ends_line && r->parser.pstate == LIBCSV_ROW_NOT_BEGUN && r->n_fields == 0)
            r->in_record = 0; /* the line held only white space */
    }
}
