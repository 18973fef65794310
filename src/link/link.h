/* link.h: the link stage, from leases to renters (DESIGN.md).
 *
 * link_run() decides which leases one real actor made: it compares candidate pairs from the
 * spec's blocking rules, weighs each with a Fellegi-Sunter model whose parameters it estimates
 * without labels, joins the pairs above the match threshold, and splits groups held together
 * only by weak bridges. The result maps every lease to a renter and keeps the links that made
 * each renter, for the features and the analyst's evidence.
 */
#ifndef LH_LINK_LINK_H
#define LH_LINK_LINK_H

#include "link/spec.h"
#include "table/lease_table.h"
#include "util/error.h"

#include <stddef.h>
#include <stdint.h>

typedef struct link_edge {
    uint32_t a, b;    /* lease rows, a < b */
    float log_odds;   /* posterior log2 odds that a and b are one actor */
    uint32_t pad;
    uint64_t pattern; /* comparison level of each spec field, 4 bits each (SPEC_LEVEL_NULL) */
} link_edge;

typedef struct suppressed_value {
    int field;        /* spec field index */
    int column2;      /* 1 when the value is of the field's second column (an IP prefix) */
    uint32_t value;   /* id in the column's pool */
    uint32_t persons; /* distinct persons holding it */
    uint32_t leases;
} suppressed_value;

typedef struct field_params {
    int active;                   /* the column has values in this table */
    double m_same[SPEC_MAX_LEVELS];  /* P(level | one actor, same person) */
    double m_other[SPEC_MAX_LEVELS]; /* P(level | one actor, another person) */
    double u[SPEC_MAX_LEVELS];       /* P(level | different actors) */
    double overshare;             /* distinct persons above which a value is suppressed; 0 = n/a */
    uint64_t present;             /* leases with a value */
    uint64_t suppressed_values;
} field_params;

typedef struct rule_stats {
    uint64_t blocks, large_blocks; /* value groups with >= 2 leases; those compared in windows */
    uint64_t pairs;                /* candidate pairs first produced by this rule */
    double lambda;                 /* EM: share of its pairs that are one actor */
} rule_stats;

typedef struct link_params {
    field_params field[SPEC_MAX_FIELDS];
    int n_field;
    double pi;      /* P(another person | one actor) */
    double lambda;  /* P(two random leases are one actor) */
    int em_iterations;
    int em_converged;
    double log_likelihood;
} link_params;

typedef struct link_options {
    int threads;              /* >= 1 */
    const link_params *fixed; /* reuse these parameters instead of estimating (NULL: estimate) */
} link_options;

typedef struct link_result {
    size_t n_leases;
    uint32_t *renter;      /* [n_leases] renter index; renters numbered by their first lease */
    size_t n_renters;
    uint32_t *renter_size; /* [n_renters] leases */
    uint32_t *renter_start; /* [n_renters + 1] CSR: leases of renter k are */
    uint32_t *renter_lease; /* renter_lease[renter_start[k] .. renter_start[k+1]), in row order */
    uint32_t *person;      /* [n_leases] person index within the whole table (fuzzy names);
                              UINT32_MAX for a lease without a name */
    uint32_t *renter_persons; /* [n_renters] distinct persons */
    link_edge *edge;       /* links kept after the guard, sorted by (renter, a, b) */
    size_t n_edge;
    suppressed_value *suppressed;
    size_t n_suppressed;
    link_params params;
    rule_stats rule[SPEC_MAX_RULES];
    uint64_t candidate_pairs, random_pairs, linked_pairs;
    uint64_t guard_bridges_cut, guard_size_cuts;
    double seconds;
} link_result;

lh_status link_run(link_result *out, const lease_table *t, const link_spec *spec,
                   const link_options *opt, lh_error *err);
void link_result_free(link_result *r);

/* The level of spec field f in a pattern. */
static inline int pattern_level(uint64_t pattern, int f)
{
    return (int)((pattern >> (4 * f)) & 0xF);
}

/* 1 when a link's evidence is better explained by one person than by two persons of one actor
 * (the same-person component of the model dominates its Bayes factor). */
int link_edge_same_person(const link_spec *spec, const link_params *p, const link_edge *e);

/* Writes the parameters as text (one line per field and level), and reads them back; the
 * fields must match the spec by name and levels. */
lh_status link_params_save(const link_params *p, const link_spec *spec, const char *path,
                           lh_error *err);
lh_status link_params_load(link_params *p, const link_spec *spec, const char *path,
                           lh_error *err);

#endif
