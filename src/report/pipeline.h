/* pipeline.h: the stages before the model, in order: load (ingest, normalize, table), link,
 * features. `scan`, `train` and the benches run them through here, so they cannot drift apart.
 */
#ifndef LH_REPORT_PIPELINE_H
#define LH_REPORT_PIPELINE_H

#include "features/features.h"
#include "link/edgefile.h"
#include "link/link.h"
#include "table/load.h"

typedef struct pipeline {
    colmap map;     /* filled by the caller (presets, --map) before pipeline_run */
    link_spec spec; /* loaded by pipeline_run */
    lease_table *table;
    load_stats stats;
    link_result link;
    renter_features features;
    double link_seconds, features_seconds;
    uint64_t peak_load, peak_link, peak_features; /* peak RSS in bytes after each stage */
    /* given parameters (pipeline_options.params_path) */
    int have_params;
    link_params params;
    link_estimate estimate; /* the figures of the run that estimated them */
    link_global *global;    /* whole-log statistics saved with them, or NULL */
    edge_input edges_in;    /* what the edge files held (pipeline_options.edge_paths) */
} pipeline;

typedef struct pipeline_options {
    load_options load;     /* load.map is set to &p->map by pipeline_run */
    const char *spec_path; /* NULL: the built-in spec */
    int threads;
    const char *params_path;       /* NULL: estimate the linkage parameters */
    const char *const *edge_paths; /* n_edge_paths > 0: link from these edge files (needs
                                      params_path) instead of blocking and comparing */
    size_t n_edge_paths;
} pipeline_options;

void pipeline_init(pipeline *p);
/* Loads, links and builds features. On LH_EDATA from too many rejects, p->stats is complete
 * (the caller may still publish rejects). */
lh_status pipeline_run(pipeline *p, const char *const *paths, size_t n, const pipeline_options *opt,
                       lh_error *err);
/* The first part of pipeline_run: the spec, the parameters when given, the table. */
lh_status pipeline_load(pipeline *p, const char *const *paths, size_t n,
                        const pipeline_options *opt, lh_error *err);
void pipeline_free(pipeline *p);

#endif
