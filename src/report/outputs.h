/* outputs.h: leases.csv, renters.csv and evidence.jsonl (the output contract of DESIGN.md).
 *
 * scan_view gathers what the earlier stages produced; renter ids and ranks are derived here:
 *   renter_id  "R-" and the lease_id of the renter's earliest lease (by created_at, then
 *              lease_id), so the same leases give the same id in every run and a renter keeps
 *              its id as its history grows;
 *   rank       1 = most suspicious: score descending, then q-value, then renter_id.
 * Every file is written atomically (util/atomic_file.h).
 */
#ifndef LH_REPORT_OUTPUTS_H
#define LH_REPORT_OUTPUTS_H

#include "features/features.h"
#include "link/link.h"
#include "model/model.h"
#include "util/pseudo.h"

typedef struct scan_view {
    const lease_table *table;
    const link_spec *spec;
    const link_result *link;
    const renter_features *features;
    const model_scores *model;
    const pseudonymizer *pseudo; /* NULL: values as they are */
    int64_t since;               /* report renters with a lease at or after; INT64_MIN = all */
    size_t renter_id_max;        /* bytes a renter id takes, its NUL included (below) */
    uint32_t *rank;              /* [n_renters] */
    uint32_t *by_rank;           /* [n_renters] renter index of rank k+1 */
    uint32_t *first;             /* [n_renters] earliest lease */
    uint8_t *reported;           /* [n_renters] within --since */
    const uint8_t *status;       /* [n_renters] previous_status under --previous, else NULL:
                                    renters.csv gains a last column, status, and
                                    evidence.jsonl a member "status" */
} scan_view;

/* scan_view_prepare_ids then scan_view_rank. */
void scan_view_prepare(scan_view *v);
/* Each renter's first lease (its id), whether it is reported (--since), renter_id_max: on up to
 * `threads` threads, the same for any number. */
void scan_view_prepare_ids(scan_view *v, int threads);
/* rank and by_rank (after scan_view_prepare_ids). */
void scan_view_rank(scan_view *v);
/* Renter r's id ("R-" and its earliest lease's id) in buf, of at least v->renter_id_max bytes;
 * returns buf. Made when asked rather than kept: millions of renters, each a small string. */
const char *scan_view_renter_id(const scan_view *v, size_t r, char *buf);
void scan_view_free(scan_view *v);

/* Checks what the writers print as numbers: every renter's score, p- and q-value finite and in
 * [0,1], every feature finite. A NaN or Inf there is a bug upstream that must not reach an
 * output: LH_EINTERNAL. Each writer calls it before it writes anything; write_scan_outputs
 * once for the three (it reads every feature of every renter). */
lh_status scan_view_check(const scan_view *v, lh_error *err);

lh_status write_leases_csv(const scan_view *v, const char *dir, lh_error *err);
/* leases.csv, renters.csv and evidence.jsonl on up to `threads` threads: the rank (when
 * scan_view_rank has not made it yet) beside leases.csv's preparation, then evidence.jsonl and
 * the CSV files' rows in chunks, written in order (the same bytes for any thread count). The
 * first error wins, renters.csv's before leases.csv's before evidence.jsonl's. */
lh_status write_scan_outputs(scan_view *v, const char *dir, int threads, lh_error *err);
lh_status write_renters_csv(const scan_view *v, const char *dir, lh_error *err);
lh_status write_evidence_jsonl(const scan_view *v, const char *dir, lh_error *err);

/* Reasons of a renter as "code: words; code: words" (buf of n bytes). */
void renter_reasons(const scan_view *v, size_t renter, char *buf, size_t n);
/* The value of text column col with pool id `id` as every output prints it: under
 * --pseudonymize a personal (or extra) column's pseudonym in buf (PSEUDO_LEN bytes), else the
 * value itself (valid as long as the table). */
const char *value_out(const scan_view *v, size_t col, uint32_t id, char *buf);
/* The weight in bits (log2 m/u) of spec field f's level in link e, under the model component
 * that explains the link (evidence.jsonl's weight_bits). */
double link_field_bits(const scan_view *v, const link_edge *e, int f);
/* evidence.jsonl's explained_as of link e ("same person", "persona tied by card", ...): a static
 * string or buf (n >= SPEC_NAME_MAX + 32 bytes). */
const char *link_explanation(const scan_view *v, const link_edge *e, char *buf, size_t n);
/* ISO 8601 UTC of a time ("" when missing); buf of 32 bytes. */
const char *format_time(int64_t t, char *buf);

#endif
