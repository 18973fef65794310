/* previous.h: `scan --previous DIR`, a nightly run compared with an earlier one.
 *
 * Renters are matched through their stable ids (outputs.h: "R-" and the renter's earliest
 * lease). Each flagged renter of this run is
 *   new        not in the earlier renters.csv, or there but not flagged;
 *   escalated  flagged there too, and now with more leases or a higher score;
 *   unchanged  flagged there too, with no more leases and no higher score.
 * Renters flagged there and not here (cleared, or outside --since) are counted. The earlier
 * run may have used another --since: a renter it did not list counts as not seen.
 */
#ifndef LH_REPORT_PREVIOUS_H
#define LH_REPORT_PREVIOUS_H

#include "report/outputs.h"
#include "util/error.h"
#include "util/strpool.h"

#include <stdint.h>

typedef enum previous_status {
    PREV_NONE = 0, /* not flagged in this run */
    PREV_NEW,
    PREV_UNCHANGED,
    PREV_ESCALATED,
} previous_status;

const char *previous_status_name(previous_status s); /* "" for PREV_NONE */

typedef struct previous_scan {
    char *dir;          /* owned */
    strpool *id;        /* renter ids of the earlier renters.csv, as written there */
    uint8_t *flagged;   /* [id] */
    uint32_t *n_leases; /* [id] */
    double *score;      /* [id] */
    uint64_t rows, flagged_rows;
} previous_scan;

typedef struct previous_counts {
    uint64_t new_, unchanged, escalated;
    uint64_t no_longer_flagged; /* flagged there, not flagged (or not listed) here */
} previous_counts;

/* Reads DIR/renters.csv. LH_ENOINPUT when it cannot be read, LH_EDATA when it is not a scan's
 * renters.csv (a column missing, a row unreadable). */
lh_status previous_load(previous_scan *p, const char *dir, lh_error *err);
void previous_free(previous_scan *p);

/* status[r] for every renter of v (PREV_NONE for those not flagged or not reported). */
void previous_compare(const previous_scan *p, const scan_view *v, uint8_t *status,
                      previous_counts *counts);

#endif
