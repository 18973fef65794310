/* explain.h: `leasehound explain DIR RENTER_ID [--dot]`, the evidence for one renter in words,
 * read back from a scan's output folder.
 *
 * Reads DIR/renters.csv (the renter's row: rank, score, q-value, flagged, reasons, lease ids),
 * DIR/summary.json (alpha, model, the number of renters; optional) and, for a flagged renter,
 * its object in DIR/evidence.jsonl (its leases with their values, its links with the fields
 * that agree, their levels and weights, and how the model explains each link). It prints what
 * the files hold: pseudonyms when the scan was pseudonymized. Nothing is recomputed.
 */
#ifndef LH_REPORT_EXPLAIN_H
#define LH_REPORT_EXPLAIN_H

#include "util/error.h"

#include <stdio.h>

#define EXPLAIN_MAX_LINKS   200          /* links listed in the text; --dot writes them all */
#define EXPLAIN_MAX_SHARED  64           /* groups of shared values in the text */
#define EXPLAIN_SUMMARY_MAX (64u << 20)  /* bytes of summary.json read */
#define EXPLAIN_LINE_MAX    (256u << 20) /* bytes of one line of evidence.jsonl */

typedef enum explain_format {
    EXPLAIN_TEXT, /* words for a person */
    EXPLAIN_DOT,  /* Graphviz: leases as nodes, links as edges labelled with fields and bits */
} explain_format;

/* Writes the explanation of renter_id from the outputs in dir to out. LH_EDATA when the renter
 * is not in renters.csv, when a file is malformed or lacks a column, or when a flagged renter
 * has no evidence; LH_ENOINPUT when renters.csv or (for a flagged renter) evidence.jsonl cannot
 * be read. A missing summary.json only leaves alpha unknown. */
lh_status explain_renter(FILE *out, const char *dir, const char *renter_id, explain_format fmt,
                         lh_error *err);

#endif
