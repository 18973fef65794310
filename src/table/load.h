/* load.h: the first three stages in sequence: ingest, normalize, lease table.
 *
 * load_inputs() reads every input file, binds its header to the canonical schema, normalizes
 * each record and adds it to a new lease table, sending every row that cannot be used to the
 * reject sink. It is what `scan`, `train`, the benches and the tests call to get a table.
 */
#ifndef LH_TABLE_LOAD_H
#define LH_TABLE_LOAD_H

#include "ingest/colmap.h"
#include "ingest/csvrec.h"
#include "normalize/row.h"
#include "table/lease_table.h"
#include "util/error.h"

#include <stdint.h>

/* Where rejected rows go. file is the input path as given; excerpt is already escaped. */
typedef struct reject_sink {
    lh_status (*emit)(void *ctx, const char *file, uint64_t line, uint64_t offset,
                      reject_reason why, const char *excerpt, lh_error *err);
    void *ctx;
} reject_sink;

typedef struct load_options {
    const colmap *map;         /* column map (may be empty, never NULL) */
    csv_limits limits;         /* field size limit, read size */
    reject_sink sink;          /* emit may be NULL: rejects are then only counted */
    uint64_t max_rejects;      /* more rejects than this: LH_EDATA; UINT64_MAX = no limit */
    double max_rejects_pct;    /* more than this % of data rows rejected: LH_EDATA; < 0 = none */
    int verbose;               /* print each file's column mapping to stderr */
    int threads;               /* >= 2: parse and normalize on a reader thread beside the table */
    const char *encoding;      /* NULL or "auto": chosen per file (byte_source_set_encoding) */
    struct progress *progress; /* NULL, or the progress line to update (util/progress.h) */
} load_options;

typedef struct load_file_stats {
    char *path;
    char sha256[65];
    int gzip;
    uint64_t raw_bytes, records, accepted, rejected;
    char *mapping;     /* the colbind description */
    char delimiter;    /* of its fields, as its header chose (csv_reader_next) */
    char encoding[64]; /* its text encoding, as given or chosen (byte_source_encoding) */
    /* lines skipped above its header: a title, a blank line... (csv_reader_find_header) */
    uint64_t preamble_lines;
    /* created_at written D/M/Y or M/D/Y: dates with one reading of each order, and the order
       chosen ('d' day first, 'm' month first; 0: no such dates) */
    uint64_t day_first, month_first;
    char date_order;
} load_file_stats;

typedef struct load_stats {
    load_file_stats *file;
    size_t n_file;
    uint64_t records, accepted, rejected;
    uint64_t by_reason[REJECT_REASON_COUNT];
    norm_counts norm;
    char **unknown; /* header names no column read, each once, in order of appearance */
    size_t n_unknown;
    int has_created_at; /* some input had a created_at column */
    int has_label, has_actor;
    double seconds;
} load_stats;

/* Loads paths[0..n) into a new table (*out, caller-owned, also on failure when non-NULL).
 * Errors: LH_ENOINPUT (unreadable file), LH_EDATA (no header, no identifying column, too many
 * rejects), LH_EUSAGE (bad map), or the sink's own error. */
lh_status load_inputs(lease_table **out, const char *const *paths, size_t n,
                      const load_options *opt, load_stats *stats, lh_error *err);
void load_stats_free(load_stats *s);

#endif
