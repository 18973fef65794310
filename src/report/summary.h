/* summary.h: summary.json, the machine-readable record of a run. */
#ifndef LH_REPORT_SUMMARY_H
#define LH_REPORT_SUMMARY_H

#include "table/load.h"
#include "util/json.h"

typedef struct summary_param {
    const char *name;
    const char *value; /* as given, or the default in effect */
} summary_param;

typedef struct summary_info {
    const char *command;
    const load_stats *load;
    const lease_table *table;
    const summary_param *param;
    size_t n_param;
    double total_seconds;
} summary_info;

/* Writes summary.json atomically into dir. */
lh_status summary_write(const char *dir, const summary_info *info, lh_error *err);

#endif
