/* eval.h: measuring a scan against ground truth (`leasehound eval`).
 *
 * eval_report_build() reads DIR/leases.csv (`lease_id,renter_id,score,q_value,flagged`), the
 * truth file (`lease_id,label[,actor_id][,kind]`, columns by name) and the "alpha" parameter of
 * DIR/summary.json, joins them by lease_id and computes every measure of metrics.h into an
 * eval_report; the writers print it as text or JSON. The truth decides which leases count:
 *
 *   - a truth lease missing from leases.csv has score 0, is unflagged and is its own renter;
 *   - a leases.csv row whose lease is not in the truth is counted and ignored;
 *   - a duplicate lease_id (either file) is counted, the first row kept (in leases.csv, rows of
 *     leases outside the truth are only counted as such, duplicates or not);
 *   - a row that cannot be used (unreadable, empty id, a score that is not a finite number, a
 *     flag other than 0/1) is counted and ignored: its lease may then be missing;
 *   - a label is 1 / 0 (also true/false, yes/no, y/n, fraud/abuse, benign, as scan reads it)
 *     or empty = unknown; any other value counts as unknown and is reported;
 *   - a renter's score is the highest score of its leases, it is flagged when any lease is,
 *     positive when any labelled lease is 1, negative when it has labels and none is 1.
 */
#ifndef LH_EVAL_EVAL_H
#define LH_EVAL_EVAL_H

#include "util/metrics.h"
#include "util/error.h"

#include <stdint.h>
#include <stdio.h>

#define EVAL_EXAMPLES  5    /* ids shown per problem (missing leases, duplicates, ...) */
#define EVAL_N_K       3    /* precision at k = 10, 100, 1000 renters */
#define EVAL_MAX_KINDS 1000 /* distinct kinds reported; the rest are summed as "(other)" */

/* How many ids had a problem, and the first few of them. */
typedef struct eval_id_list {
    uint64_t count;
    char *example[EVAL_EXAMPLES]; /* owned, NUL-terminated */
    size_t n_example;
} eval_id_list;

/* The flags among the truth leases (and their renters) of one `kind`. */
typedef struct eval_kind {
    char *name;               /* owned; "" for leases with an empty kind */
    uint64_t leases;          /* truth leases of this kind */
    uint64_t leases_positive; /* of which label 1 */
    uint64_t leases_flagged;
    uint64_t renters; /* renters with at least one lease of this kind */
    uint64_t renters_flagged;
    /* linkage by kind (with actor_id; leases without one are left out): */
    uint64_t true_pairs;    /* pairs of leases of one actor of this kind */
    uint64_t found_pairs;   /* of which in one renter: pairwise recall = found / true */
    uint64_t leases_merged; /* leases of this kind whose renter holds another actor's lease */
} eval_kind;

typedef struct eval_report {
    char *leases_path; /* owned: DIR/leases.csv */
    char *truth_path;  /* owned */

    /* the truth file */
    uint64_t truth_rows;                /* data records read */
    eval_id_list truth_bad_rows;        /* unreadable records or an empty lease_id: ignored */
    eval_id_list truth_duplicates;      /* repeated lease_ids, later rows ignored */
    eval_id_list invalid_labels;        /* label values not understood (taken as unknown) */
    int has_label, has_actor, has_kind; /* which optional columns the truth has */

    /* leases.csv */
    uint64_t lease_rows;           /* data records read */
    eval_id_list lease_bad_rows;   /* unreadable records, empty ids, a bad score or flag */
    eval_id_list lease_duplicates; /* repeated lease_ids of truth leases, later rows ignored */
    eval_id_list not_in_truth;     /* rows whose lease is not in the truth: ignored */
    eval_id_list missing;          /* truth leases absent from leases.csv: score 0, unflagged */

    /* lease level: every truth lease */
    uint64_t leases;        /* distinct truth leases */
    uint64_t unknown_label; /* of which without a known label (left out of every measure) */
    rank_metrics ranking;   /* score against label */
    flag_counts lease_flags;

    /* renter level: renters of the truth leases (a missing lease is a renter of its own) */
    uint64_t renters;
    uint64_t renters_labelled; /* with at least one known label: the ones ranked for P@k */
    uint64_t renters_positive;
    flag_counts renter_flags;
    precision_at_k at_k[EVAL_N_K];

    eval_kind *kind; /* sorted by name; NULL unless has_kind */
    size_t n_kind;

    linkage_metrics linkage; /* over truth leases with a non-empty actor_id; if has_actor */

    char alpha[32]; /* "alpha" from DIR/summary.json "parameters"; "" when unknown */
} eval_report;

/* Reads DIR/leases.csv, truth_path and DIR/summary.json (optional) and measures. *out is owned
 * by the caller (eval_report_free), set only on success. Errors: LH_ENOINPUT when a file
 * cannot be opened or read, LH_EDATA when a file has no header or lacks a required column
 * (leases.csv: lease_id, renter_id, score, flagged; truth: lease_id and label or actor_id). */
lh_status eval_report_build(eval_report **out, const char *dir, const char *truth_path,
                            lh_error *err);
void eval_report_free(eval_report *r); /* NULL is a no-op */

/* The report for a reader; undefined measures print as "n/a". */
void eval_report_write_text(const eval_report *r, FILE *f);
/* The same content as one JSON object (undefined measures are null). */
void eval_report_write_json(const eval_report *r, FILE *f);

#endif
