/* edgefile.h: match edges as CSV, between `leasehound link` and `leasehound scan --edges`
 * (docs/scale-out.md).
 *
 * An edge file holds the pairs of leases that the link stage's decision accepted, one row each:
 *
 *     lease_id_a,lease_id_b,log2_odds,kind,via,pattern
 *
 * lease ids as in the input (RFC 4180 quoting, no spreadsheet guard: the ids must round-trip);
 * log2_odds the posterior log2 odds, printed so that the float reads back exactly; kind
 * same_person, co_located or persona (link_kind); via the spec field of a persona's reused
 * identifier, empty otherwise; pattern the comparison level of every spec field, 4 bits each
 * (field 0 lowest), as 16 hex digits. Lines starting with '#' are comments; `link` writes the
 * figures of its run in them (leases, candidate pairs, pairs per blocking rule), which a reader
 * adds up over its files. A line equal to the header is skipped wherever it occurs, so edge
 * files concatenate (cat part-*) without editing; fields other than the ids may carry spaces
 * or tabs around them (Hadoop Streaming appends a tab to lines without one).
 */
#ifndef LH_LINK_EDGEFILE_H
#define LH_LINK_EDGEFILE_H

#include "link/link.h"

#include <stdio.h>

#define EDGE_FILE_HEADER "lease_id_a,lease_id_b,log2_odds,kind,via,pattern"
#define EDGE_ID_SHOWN    64 /* bytes of an unknown lease id kept for messages */

/* What reading a set of edge files found. */
typedef struct edge_input {
    uint64_t files, rows; /* data rows read */
    uint64_t unknown;     /* rows naming a lease id that is not in the table (skipped) */
    char first_unknown[EDGE_ID_SHOWN + 1];
    uint64_t duplicates; /* rows of a pair seen before (merged) */
    uint64_t conflicts;  /* of those, rows whose values differ: the highest log2 odds is
                            kept */
    uint64_t edges;      /* distinct pairs returned */
    /* the link runs' figures from the comments, summed over the files */
    uint64_t runs; /* files with figures */
    uint64_t leases, candidate_pairs, linked_pairs;
    rule_stats rule[SPEC_MAX_RULES]; /* pairs, blocks, large_blocks; lambda unused */
} edge_input;

/* Writes r's edges (sorted by (a, b)) with the run's figures to f. The caller checks ferror. */
void edge_file_write(FILE *f, const link_result *r, const lease_table *t, const link_spec *spec);

/* Reads paths[0..n) (plain or gzip, "-" for standard input) and joins them to t by lease id:
 * *out (caller frees) gets the distinct pairs with a < b, sorted by (a, b); *in what was found.
 * LH_ENOINPUT for a file that cannot be read, LH_EDATA for one that is not an edge file of this
 * spec (message with file and line). */
lh_status edge_files_read(link_edge **out, size_t *n_out, edge_input *in, const char *const *paths,
                          size_t n, const lease_table *t, const link_spec *spec, lh_error *err);

/* Writes the blocking keys of every lease for partitioning a log by key (`leasehound keys`):
 * `lease_id,rule,key`, one row per lease and rule whose columns all have a value (rules whose
 * bit is set in mask; 0: all), in row order; rule as in the spec (columns joined by '+'), key 16
 * hex digits of FNV-1a over the normalized values (joined by 0x1f), the same on every machine.
 * Leases with equal keys under a rule are exactly those that rule puts in one block (over-shared
 * values aside: they block nowhere, but have keys here). The caller checks ferror. */
void keys_file_write(FILE *f, const lease_table *t, const link_spec *spec, uint32_t mask);

#endif
