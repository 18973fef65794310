/* colmap.h: mapping a file's header onto the canonical schema.
 *
 * A colmap is what the user said: --map pairs, a map file, or a built-in preset. Binding it to
 * one file's header gives a colbind: for each canonical or extra column, which header columns
 * feed it. Rules, in order, for each target column:
 *   1. a map entry: its alternatives (a|b) are tried in order, the first whose source columns
 *      all exist wins; sources joined with '+' are concatenated with one space;
 *   2. a header with the target's own name (case-insensitive);
 *   3. a header that is a known alias of a canonical name (schema.c), unless that header is
 *      already used.
 * A --map entry that matches nothing in a header is an error (a typo would otherwise silently
 * drop a column); a preset entry that matches nothing is skipped, since one preset serves
 * several export layouts.
 */
#ifndef LH_INGEST_COLMAP_H
#define LH_INGEST_COLMAP_H

#include "ingest/schema.h"
#include "util/error.h"

#include <stddef.h>
#include <stdint.h>

#define COLMAP_MAX_JOIN    8  /* source columns joined into one target */
#define COLMAP_MAX_ALT     4  /* alternatives per target */
#define COLMAP_MAX_EXTRA   64 /* user-defined (non-canonical) columns */
#define COLMAP_MAX_TARGETS (CANON_COUNT + COLMAP_MAX_EXTRA)

typedef struct colmap_alt {
    size_t n_src;
    char *src[COLMAP_MAX_JOIN];
} colmap_alt;

typedef struct colmap_entry {
    char *target; /* lower-case canonical or extra column name */
    int canon;    /* canon_col, or -1 for an extra column */
    int from_preset;
    size_t n_alt;
    colmap_alt alt[COLMAP_MAX_ALT];
} colmap_entry;

typedef struct colmap {
    colmap_entry *entry;
    size_t n, cap;
    char *extra[COLMAP_MAX_EXTRA]; /* extra column names, in order of first mention */
    size_t n_extra;
} colmap;

void colmap_init(colmap *m);
void colmap_free(colmap *m);
/* Adds the pairs of a --map argument: "canonical=source,..." when it contains '=', otherwise
 * the name of a file with one pair per line ('#' starts a comment). LH_EUSAGE on a bad pair,
 * LH_ENOINPUT on an unreadable file. Later entries for a target replace earlier ones. */
lh_status colmap_add_spec(colmap *m, const char *arg, lh_error *err);
/* Adds a built-in preset: whmcs, febrl or splink. LH_EUSAGE for an unknown name. */
lh_status colmap_add_preset(colmap *m, const char *name, lh_error *err);
/* "whmcs, febrl, splink", for --help. */
const char *colmap_preset_list(void);
/* Declares an extra column by name (e.g. one used by the linkage spec) so that a header of
 * that name is kept. Returns its index among the extras, or -1 when there are too many. */
int colmap_want_extra(colmap *m, const char *name);

typedef struct col_source {
    size_t n;                    /* 0: the target is absent from this file */
    size_t col[COLMAP_MAX_JOIN]; /* header indexes, joined with a space */
} col_source;

typedef struct colbind {
    col_source src[COLMAP_MAX_TARGETS]; /* [canon_col] then [CANON_COUNT + extra index] */
    size_t n_header;
    unsigned char *used;    /* [n_header]: 1 when some target reads the column */
    uint32_t inferred;      /* bit c: canonical column c was recognised by its values */
    char description[2048]; /* "lease_id<-id, created_at<-date, ..." for stderr and summary */
} colbind;

/* Binds m to one header. LH_EDATA (naming the file) when a --map entry matches nothing, or when
 * no identifying column is bound: the message then lists the headers found and the canonical
 * names each could be mapped to. */
lh_status colmap_bind(const colmap *m, const char *file, const char *const *header,
                      const size_t *hlen, size_t n_header, colbind *out, lh_error *err);
/* colmap_bind without the identifying-column check: for a caller that may still recognise
 * columns by their values (colbind_assign), then checks (colbind_require_identifier). */
lh_status colmap_bind_names(const colmap *m, const char *file, const char *const *header,
                            const size_t *hlen, size_t n_header, colbind *out, lh_error *err);
lh_status colbind_require_identifier(const colbind *b, const char *file, const char *const *header,
                                     const size_t *hlen, size_t n_header, lh_error *err);
#define COLMAP_HEADER_MIN_COLUMNS 3 /* columns a header found below a preamble must map */

/* Whether header[0..n) is a header that m maps, for a reader looking past a file's preamble
 * (csv_reader_find_header). below = 0, the file's first line: colmap_bind would bind an
 * identifying column (every --map entry found, at least one identifying column by name, alias
 * or map). below = 1, a line under it: clearly a header besides, with at least two mapped
 * columns, and COLMAP_HEADER_MIN_COLUMNS of them unless every column maps (so that a title's
 * "Email,ops@example.com" pair is no header). Columns recognised by their values
 * (table/infer.h) do not count. */
int colmap_header_usable(const colmap *m, const char *const *header, const size_t *hlen, size_t n,
                         int below);
/* Reads canonical column c from header column h, found by its values: described as
 * "c<-header (by its values)". */
void colbind_assign(const colmap *m, colbind *b, canon_col c, size_t h, const char *const *header,
                    const size_t *hlen);
void colbind_free(colbind *b);

#endif
