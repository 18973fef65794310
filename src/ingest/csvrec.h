/* csvrec.h: CSV records with their place in the file, and syntactic rejects.
 *
 * A csv_reader turns a byte_source into records (rows of fields) through libcsv in strict mode,
 * telling for each record the physical line and byte offset where it starts. A record that
 * cannot be read is returned as a reject with a reason code instead, and reading goes on at the
 * next physical line after the one where the bad record started, so one broken row costs one
 * row (an unterminated quote does not swallow the rest of the file).
 *
 * Excel's forced text, a field written ="0123" (unquoted) or "=""0123""" (quoted) so that a
 * spreadsheet keeps it as text (leading zeros, long digit strings), is read as the text inside
 * (0123), its doubled quotes single; the field size limit counts the field as libcsv reads it
 * (="0123" for both spellings: the unquoted one is read again quoted). A stray
 * quote anywhere else still makes the record a quote reject.
 *
 * Memory is bounded by the limits, whatever the file size: a window of max_record_bytes +
 * read_size bytes, plus one record's fields (and, for a record with unquoted forced text, a
 * copy of it, at most three times max_record_bytes).
 */
#ifndef LH_INGEST_CSVREC_H
#define LH_INGEST_CSVREC_H

#include "ingest/source.h"
#include "util/error.h"

#include <stddef.h>
#include <stdint.h>

#define CSV_DEFAULT_MAX_FIELD (64u * 1024u)
#define CSV_MAX_COLUMNS       4096u /* the most header columns accepted */
#define CSV_RECORD_PER_FIELD  16    /* max_record_bytes = this * max_field_bytes */
#define CSV_EXCERPT_MAX       80    /* bytes of a rejected record shown in rejects.csv */

typedef struct csv_limits {
    size_t max_field_bytes; /* a longer field rejects its record (field_too_long) */
    size_t read_size;       /* bytes asked of the source per read; tests vary it */
} csv_limits;

/* Reason codes, stable: they are written to rejects.csv and documented in the README. */
typedef enum reject_reason {
    REJECT_NONE = 0,
    REJECT_FIELD_COUNT, /* "field_count": not as many fields as the header */
    REJECT_QUOTE,       /* "quote": a quote inside an unquoted field, text after a closing quote */
    REJECT_UNTERMINATED_QUOTE, /* "unterminated_quote": a quoted field still open at the end */
    REJECT_FIELD_TOO_LONG,     /* "field_too_long" */
    REJECT_RECORD_TOO_LONG,    /* "record_too_long": more than max_record_bytes */
    REJECT_INVALID_UTF8,       /* "invalid_utf8" */
    REJECT_NUL_BYTE,           /* "nul_byte" */
    REJECT_BAD_CREATED_AT,     /* "bad_created_at" (set by the load step) */
    REJECT_DUPLICATE_LEASE_ID, /* "duplicate_lease_id" (set by the load step) */
    REJECT_REASON_COUNT
} reject_reason;

const char *reject_reason_name(reject_reason r);

typedef struct csv_record {
    size_t n_fields;
    const char *const *field; /* field[i] is NUL-terminated; valid until the next call */
    const size_t *len;
    uint64_t line;        /* 1-based physical line where the record starts */
    uint64_t offset;      /* byte offset of that start in the (inflated, decoded) stream */
    reject_reason reason; /* REJECT_NONE, or why the record is rejected */
    char excerpt[CSV_EXCERPT_MAX * 4 + 1]; /* for a reject: the start of the raw record, escaped */
} csv_record;

typedef struct csv_reader csv_reader;

csv_reader *csv_reader_new(byte_source *src, const csv_limits *limits);
void csv_reader_free(csv_reader *r); /* does not close the source */

/* Sets the expected number of fields per record (the header's); 0 = any (up to
 * CSV_MAX_COLUMNS), which is the state for reading the header itself. When the first record
 * after it has one more field, empty, at its end (an export that puts a delimiter after every
 * row's last field), every record may: that empty field is dropped. Otherwise a record with
 * one field too many is a field_count reject. */
void csv_reader_set_width(csv_reader *r, size_t width);

/* Tells whether fields[0..n) make a usable header: `below` is 0 for the file's first line
 * (is it usable as it is?) and 1 for a line below it (is it clearly a header, worth skipping
 * the lines above for?). Returns 1 for yes. Fields are NUL-terminated; borrowed for the call. */
typedef int (*csv_header_test)(void *ctx, const char *const *field, const size_t *len, size_t n,
                               int below);

#define CSV_PREAMBLE_MAX_LINES  20 /* the most lines skipped above a header */
#define CSV_PREAMBLE_CHECK_ROWS 5  /* rows after a header found below that must mostly fit it */

/* Before the first record: lets the reader skip a preamble (a title, "Exported by: ...", a
 * blank line, a key,value pair) above the header. When the first line that is not blank is no
 * usable header (`test` says no to it; or says yes, but not that it is clearly a header, and
 * the rows after it mostly lack its width, as under "Account,ACME Hosting GmbH"), the reader
 * looks at the CSV_PREAMBLE_MAX_LINES lines after it (within the 64 KiB that choose the
 * delimiter, or 16 times the field limit when that is less) for the first line that `test`
 * finds clearly a header (each read with the delimiter that line itself chooses) and whose
 * width the following rows have (a majority of up to CSV_PREAMBLE_CHECK_ROWS rows, a trailing
 * delimiter allowed, rows of forced text counted as the reader reads them; or no row at all
 * before the end of the input), and starts there: that line's delimiter is the file's, and the
 * lines above it are no records and no rejects (csv_reader_preamble_lines). Below a usable
 * first line that is not clearly a header but whose rows have its width
 * ("Email,ops@example.com" over more key,value lines), only such a line of more fields is
 * taken. Without such a line, or when the first line is usable, a header written over several
 * lines, or longer than those 64 KiB, the reader reads from the first line as without a test.
 * ctx is borrowed until the first record is read. */
void csv_reader_find_header(csv_reader *r, csv_header_test test, void *ctx);

/* Lines skipped above the header (csv_reader_find_header), counted from the first line that
 * is not blank (an Excel "sep=" line is not counted); 0 when none. Known after the first
 * record. */
uint64_t csv_reader_preamble_lines(const csv_reader *r);

/* Reads the next record or reject into *rec: returns 1, or 0 at the end of the input, or -1
 * after an input error (err set). Before the first record, the delimiter is chosen from the
 * first line that is not blank (or the header found below a preamble): a comma, unless that
 * line has none outside quotes and has a semicolon, a tab or a vertical bar (the most frequent
 * of them): the exports of spreadsheets set to a locale with a decimal comma, and
 * tab-separated files. Excel's directive line "sep=X" before it names the delimiter instead,
 * and is no record. */
int csv_reader_next(csv_reader *r, csv_record *rec, lh_error *err);

/* The delimiter in use (',' until the first record is read). */
char csv_reader_delimiter(const csv_reader *r);

/* Physical lines seen so far, and bytes of the stream consumed. */
uint64_t csv_reader_lines(const csv_reader *r);

/* Escapes raw bytes for an excerpt: printable UTF-8 kept, control bytes and invalid UTF-8 as
 * \xNN, cut at max_bytes input bytes. out needs 4 * max_bytes + 1 bytes. */
void csv_excerpt(const char *s, size_t n, size_t max_bytes, char *out);

#endif
