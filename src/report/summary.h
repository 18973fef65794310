/* summary.h: summary.json, the machine-readable record of a run: inputs with SHA-256, counts,
 * options, the linkage and model parameters actually used, fallbacks, timings and version.
 * Everything but the "timings" object is a function of the inputs and options. */
#ifndef LH_REPORT_SUMMARY_H
#define LH_REPORT_SUMMARY_H

#include "link/edgefile.h"
#include "report/outputs.h"
#include "table/load.h"
#include "util/json.h"

typedef struct summary_param {
    const char *name;
    const char *value; /* as given, or the default in effect */
} summary_param;

typedef struct stage_time {
    const char *stage;
    double seconds;
    uint64_t peak_rss; /* peak resident memory in bytes at the end of the stage (0: unknown) */
} stage_time;

typedef struct summary_info {
    const char *command;
    const load_stats *load;
    const scan_view *view;   /* NULL when the run stopped after loading */
    const model_info *model; /* NULL likewise */
    const summary_param *param;
    size_t n_param;
    const stage_time *timing;
    size_t n_timing;
    double total_seconds;
    uint64_t load_peak_rss;                 /* peak resident memory after loading, bytes */
    const char *previous_dir;               /* --previous, else NULL */
    const struct previous_counts *previous; /* its counts, else NULL */
    const edge_input *edges;                /* scan --edges: what the edge files held, else NULL */
} summary_info;

/* Writes summary.json atomically into dir. */
lh_status summary_write(const char *dir, const summary_info *info, lh_error *err);

#endif
