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
#include <stdio.h>

/* The model's explanation of a link: which kind of "one actor" dominates its Bayes factor. */
typedef enum link_kind {
    LINK_SAME_PERSON = 0, /* S: the same person (names and personal attributes agree) */
    LINK_CO_LOCATED = 1,  /* H: another person of the actor, sharing place or network (a
                             household member, an employee) */
    LINK_PERSONA = 2,     /* P: another identity tied only by a reused identifier; the field is
                             link_edge.via */
} link_kind;

typedef struct link_edge {
    uint32_t a, b;  /* lease rows, a < b */
    float log_odds; /* posterior log2 odds that a and b are one actor */
    uint8_t kind;   /* link_kind */
    uint8_t via;    /* LINK_PERSONA: the spec field of the reused identifier */
    uint8_t pad[2];
    uint64_t pattern; /* comparison level of each spec field, 4 bits each (SPEC_LEVEL_NULL) */
} link_edge;

enum { SUPPRESS_PERSONS = 0, SUPPRESS_NAT = 1, SUPPRESS_TENANTS = 2, SUPPRESS_MEMBERS = 3 };

typedef struct suppressed_value {
    int field;        /* spec field index */
    int column2;      /* 1 when the value is of the field's second column (an IP prefix) */
    uint32_t value;   /* id in the column's pool */
    uint32_t persons; /* distinct persons holding it */
    uint32_t leases;
    uint32_t addresses; /* nat fields: distinct addresses its persons came from, else 0 */
    int reason;         /* SUPPRESS_PERSONS (too many persons), SUPPRESS_NAT (persons per address),
                           SUPPRESS_TENANTS (separate customers, spec `tenants`) or SUPPRESS_MEMBERS
                           (separate customers meeting at one place, spec `members`) */
} suppressed_value;

typedef struct field_params {
    int active;                        /* the column has values in this table */
    double m_same[SPEC_MAX_LEVELS];    /* P(level | one actor, the same person)            S */
    double m_other[SPEC_MAX_LEVELS];   /* P(level | one actor, a co-located other person)  H */
    double m_persona[SPEC_MAX_LEVELS]; /* P(level | one actor, another identity tied by this
                                          identifier)  P_f; only for identifier fields */
    double persona_share;      /* P(another identity tied by this field | one actor)  pi_f */
    double u[SPEC_MAX_LEVELS]; /* P(level | different actors)                      U */
    double overshare;          /* distinct persons above which a value is suppressed; 0 = n/a */
    uint64_t present;          /* leases with a value */
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
    double pi;         /* P(co-located other person | one actor)  (H) */
    double pi_persona; /* sum of the fields' persona_share          (P); S takes the rest */
    double lambda;     /* P(two random leases are one actor) */
    int em_iterations;
    int em_converged;
    double log_likelihood;
} link_params;

typedef struct link_global link_global; /* whole-log statistics for scale-out (edges.c) */

typedef struct link_options {
    int threads;               /* >= 1 */
    const link_params *fixed;  /* reuse these parameters instead of estimating (NULL: estimate) */
    const link_global *global; /* link_run_pairs only: over-shared values and term frequencies
                                  of the whole log instead of this table's (NULL: this table's) */
    uint32_t block_rules;      /* link_run_pairs only: bit r set = make candidate pairs from rule
                                  r only (0: every rule); a pair that an earlier rule of the spec
                                  holds is left out, as the run of that rule makes it */
} link_options;

typedef struct link_result {
    size_t n_leases;
    uint32_t *renter; /* [n_leases] renter index; renters numbered by their first lease */
    size_t n_renters;
    uint32_t *renter_size;    /* [n_renters] leases */
    uint32_t *renter_start;   /* [n_renters + 1] CSR: leases of renter k are */
    uint32_t *renter_lease;   /* renter_lease[renter_start[k] .. renter_start[k+1]), in row order */
    uint32_t *person;         /* [n_leases] person index within the whole table (fuzzy names);
                                 UINT32_MAX for a lease without a name */
    uint32_t *renter_persons; /* [n_renters] distinct persons */
    link_edge *edge;          /* links kept after the guard, sorted by (renter, a, b) */
    size_t n_edge;
    suppressed_value *suppressed;
    size_t n_suppressed;
    link_params params;
    rule_stats rule[SPEC_MAX_RULES];
    uint64_t candidate_pairs, random_pairs, linked_pairs;
    uint64_t guard_bridges_cut, guard_size_cuts;
    double seconds;
    /* values, blocking (which compares each value's pairs as it makes them: block.c), u and EM
       (named compare_em), deciding, clustering, persons */
    double phase_seconds[6];
    uint64_t phase_peak_rss[6]; /* the process's peak resident bytes at the end of each phase */
} link_result;

extern const char *const link_phase_names[6];

lh_status link_run(link_result *out, const lease_table *t, const link_spec *spec,
                   const link_options *opt, lh_error *err);
void link_result_free(link_result *r);

/* The level of spec field f in a pattern. */
static inline int pattern_level(uint64_t pattern, int f)
{
    return (int)((pattern >> (4 * f)) & 0xF);
}

/* The index of the first link of renter k or of a later renter in r->edge (sorted by renter):
 * a binary search, for threads that start at renter k. */
size_t link_first_edge_of(const link_result *r, size_t k);

/* The component that dominates a link's Bayes factor, and each component's log2 Bayes factor
 * (term-frequency adjustments left out) in bf[3] when bf is not NULL. */
link_kind link_explain(const link_spec *spec, const link_params *p, uint64_t pattern, double *bf);
static inline int link_edge_same_person(const link_spec *spec, const link_params *p,
                                        const link_edge *e)
{
    (void)spec, (void)p;
    return e->kind == LINK_SAME_PERSON;
}

/* Writes the parameters as text (one line per field and level), and reads them back; the
 * fields must match the spec by name and levels. */
lh_status link_params_save(const link_params *p, const link_spec *spec, const char *path,
                           lh_error *err);
/* link_params_save's text, written to f (errors show in ferror(f)). */
void link_params_write(const link_params *p, const link_spec *spec, FILE *f);
lh_status link_params_load(link_params *p, const link_spec *spec, const char *path, lh_error *err);

/* ---- scale-out: the link stage in two halves (edges.c, edgefile.c, docs/scale-out.md) ----
 *
 * link_run_pairs() is link_run() up to the decision: blocking, comparison, parameters (estimated,
 * or opt->fixed) and the accepted pairs, in r->edge sorted by (a, b), without clustering; r has
 * no renters (renter arrays NULL, n_renters 0). link_run_edges() is link_run() from the decision
 * on: it takes the accepted pairs from the caller (parameters opt->fixed, required), computes the
 * value statistics of the table (over-shared values, for the report) and clusters, guard and
 * persons included, exactly as link_run() does. On one table with the same parameters,
 * link_run_edges(link_run_pairs()) gives link_run()'s result. */

/* The figures of the run that estimated a parameter file, for the report of a later run. */
typedef struct link_estimate {
    int known; /* 0: the file has none (made by link_params_save alone) */
    uint64_t leases, random_pairs;
    int em_iterations, em_converged;
    double log_likelihood;
    double rule_lambda[SPEC_MAX_RULES]; /* by rule of the spec; NaN: not in the file */
} link_estimate;

/* capture (may be NULL) receives the table's statistics and the run's figures, for
 * link_global_save. */
lh_status link_run_pairs(link_result *r, link_global **capture, const lease_table *t,
                         const link_spec *spec, const link_options *opt, lh_error *err);
lh_status link_run_edges(link_result *r, const lease_table *t, const link_spec *spec,
                         const link_options *opt, const link_edge *edge, size_t n_edge,
                         lh_error *err);

/* Writes the parameters (link_params_save's format) followed by the scale-out section: the
 * estimate's figures and, when g is not NULL, its statistics. Atomic. LH_ECANTCREAT. */
lh_status link_global_save(const char *path, const link_params *p, const link_estimate *est,
                           const link_global *g, const link_spec *spec, lh_error *err);
/* Reads a parameter file: the parameters (link_params_load), the estimate's figures (known 0
 * when absent) and the statistics (*g NULL when absent; caller frees). LH_ENOINPUT, LH_EUSAGE
 * for a file that does not parse or does not match the spec. */
lh_status link_global_load(const char *path, link_params *p, link_estimate *est, link_global **g,
                           const link_spec *spec, lh_error *err);
/* The estimate figures of a run that estimated its parameters. */
void link_estimate_of(link_estimate *est, const link_result *r, const link_spec *spec);
/* Puts the estimate's figures (EM iterations, convergence, random pairs, each rule's lambda)
 * into the result of a run on given parameters, for its report; nothing when unknown. */
void link_estimate_apply(link_result *r, const link_estimate *est, const link_spec *spec);
/* Columns, suppressed values and counted values held; for messages. */
void link_global_size(const link_global *g, size_t *columns, size_t *suppressed, size_t *counts);
void link_global_free(link_global *g); /* NULL is a no-op */

#endif
