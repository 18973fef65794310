/* gen.h: synthetic rental logs with ground truth (`leasehound gen`).
 *
 * gen_run() streams a log of exactly `leases` rows, in created_at order, drawn from a scenario
 * (scenario.h): honest customers of many kinds and fake-identity actors, each row in the
 * canonical schema of DESIGN.md, and optionally the truth (lease_id,actor_id,label,kind). The
 * output is a pure function of (scenario, leases, seed, labels): the same arguments give the
 * same bytes. Memory is bounded by the number of actors active at one time, not by `leases`.
 */
#ifndef LH_GEN_GEN_H
#define LH_GEN_GEN_H

#include "gen/scenario.h"
#include "util/error.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define GEN_MAX_ROWS 1000000000ULL /* most leases one run writes */

typedef struct gen_options {
    const gen_scenario *scenario;
    uint64_t leases; /* rows to write, 1..GEN_MAX_ROWS */
    uint64_t seed;
    int labels; /* append label,actor_id to every row */
} gen_options;

typedef struct gen_stats {
    uint64_t rows;
    uint64_t actors; /* actors with at least one row */
    uint64_t leases_by_kind[GK_COUNT];
    uint64_t actors_by_kind[GK_COUNT];
    int64_t first, last; /* created_at of the first and last row */
    size_t max_active;   /* most actors waiting in the event heap at once */
} gen_stats;

/* Writes the log to out and, when truth is not NULL, the truth file. Errors: LH_ECANTCREAT
 * when a write fails, LH_EUSAGE for options out of range, LH_EINTERNAL when the event heap
 * outgrows its maximum. stats may be NULL. */
lh_status gen_run(FILE *out, FILE *truth, const gen_options *opt, gen_stats *stats, lh_error *err);

/* gen_run() into files, each written atomically (util/atomic_file.h): out_path, and
 * truth_path unless NULL. A path ending in ".gz" is written gzip-compressed. A failure before
 * the final renames publishes nothing; the log is renamed into place first, so a truth file
 * that cannot be renamed (LH_ECANTCREAT) leaves the new log without its truth. */
lh_status gen_write_files(const char *out_path, const char *truth_path, const gen_options *opt,
                          gen_stats *stats, lh_error *err);

#endif
