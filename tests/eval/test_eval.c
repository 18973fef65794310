/* Tests of `leasehound eval`: the join of leases.csv with the truth (missing leases, leases
 * outside the truth, duplicates, unknown and unreadable labels, renters), through the library
 * and end to end through the binary, text (golden, byte for byte) and JSON, exit codes. */
#include "eval/eval.h"
#include "support/test_support.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

#define TOL 1e-9

TMP_DIR_FIXTURE

static char *out_file(const char *name)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return slurp(path, NULL);
}

static void write_in(const char *name, const char *text)
{
    free(tmp_write_str(dir, name, text));
}

static void make_dir(const char *name)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    cr_assert_eq(mkdir(path, 0700), 0, "mkdir %s", path);
}

/* The worked example. Known labels, by score:
 *   L1 .9 (1)  L2 .9 (1)  [renter R1, flagged]     L3 .8 (0) [R2, flagged]
 *   L4 .8 (1)  [R3]       L5 .3 (0) [R4]           L8 missing from leases.csv: 0 (1), own renter
 *   L6 (empty label) and L7 ("maybe") are unknown; X9 is not in the truth; L1 repeats in the truth.
 * AP: .9 -> P 1, R 2/4 (1/2); .8 -> P 3/4, R 3/4 (+1/4 * 3/4); .3 -> no recall; 0 -> P 4/6,
 *   R 1 (+1/4 * 2/3): 1/2 + 3/16 + 1/6 = 0.854167.
 * ROC-AUC over 4 x 2 pairs: L1, L2 beat both (4); L4 ties L3 and beats L5 (1.5); L8 beats
 *   nothing: 5.5 / 8 = 0.6875.
 * Flags: tp L1 L2, fp L3, fn L4 L8, tn L5: precision 2/3, recall 1/2, FPR 1/2, FDR 1/3.
 * Renters with a known label: R1 (+, flagged), R2 (-, flagged), R3 (+), R4 (-), L8's (+):
 *   renter FDR 1/2; P@k for every k: 5 renters, 3 positive: 0.6.
 * Linkage: actors A A B A C D E F; renters {L1 L2} and singletons: predicted 1 pair, true 3
 *   (A: L1 L2 L4), correct 1. B-cubed recall: L1, L2 2/3, L4 1/3, others 1: (5/3 + 5)/8. */
static const char leases_csv[] = "lease_id,renter_id,score,q_value,flagged\n"
                                 "L1,R1,0.9,0.01,1\n"
                                 "L2,R1,0.9,0.01,1\n"
                                 "L3,R2,0.8,0.02,1\n"
                                 "L4,R3,0.8,0.03,0\n"
                                 "L5,R4,0.3,0.5,0\n"
                                 "L6,R5,0.1,0.9,0\n"
                                 "X9,R6,0.5,0.4,0\n"
                                 "L7,R7,0.4,0.4,0\n";
static const char truth_csv[] = "lease_id,label,actor_id,kind\n"
                                "L1,1,A,fake_card\n"
                                "L2,1,A,fake_card\n"
                                "L3,0,B,household\n"
                                "L4,1,A,fake_card\n"
                                "L5,0,C,single\n"
                                "L6,,D,single\n"
                                "L7,maybe,E,single\n"
                                "L8,1,F,single\n"
                                "L1,0,Z,single\n";
static const char summary_json[] = "{\n  \"tool\": \"leasehound\",\n  \"parameters\": {\n"
                                   "    \"preset\": \"\",\n    \"alpha\": \"0.05\"\n  },\n"
                                   "  \"timings\": {\"alpha\": 3}\n}\n";

static const char golden_text[] =
    "leasehound eval: o/leases.csv against truth.csv\n"
    "\n"
    "Inputs\n"
    "  truth        9 rows, 8 leases; 0 bad rows ignored; 1 duplicate id ignored: L1\n"
    "  labels       4 positive, 2 negative, 2 unknown (1 not understood, taken as unknown: L7)\n"
    "  leases.csv   8 rows; 1 not in the truth (ignored): X9; 0 duplicate ids ignored; 0 bad "
    "rows ignored\n"
    "  missing      1 truth lease not in leases.csv (score 0, unflagged): L8\n"
    "\n"
    "Ranking (lease score against label, 6 leases with a known label)\n"
    "  average precision    0.8542\n"
    "  ROC-AUC              0.6875\n"
    "\n"
    "Flags (lease level)\n"
    "  precision            0.6667  (2 of 3 flagged leases with a known label are positive)\n"
    "  recall               0.5000  (2 of 4 positive leases are flagged)\n"
    "  false-positive rate  0.5000  (1 of 2 negative leases are flagged)\n"
    "\n"
    "Precision at k (renters by score, 5 with a known label, 3 positive)\n"
    "  k = 10               0.6000  (only 5 renters: all used)\n"
    "  k = 100              0.6000  (only 5 renters: all used)\n"
    "  k = 1000             0.6000  (only 5 renters: all used)\n"
    "\n"
    "False discovery rate of the flags (alpha 0.05)\n"
    "  leases               0.3333  (1 of 3 flagged leases with a known label are negative)\n"
    "  renters              0.5000  (1 of 2 flagged renters with a known label are negative)\n"
    "\n"
    "Flags by kind\n"
    "  kind                   leases   positive    flagged     rate    renters    flagged     "
    "rate\n"
    "  fake_card                   3          3          2   0.6667          2          1   "
    "0.5000\n"
    "  household                   1          0          1   1.0000          1          1   "
    "1.0000\n"
    "  single                      4          1          0   0.0000          4          0   "
    "0.0000\n"
    "\nLinkage by kind (recall: pairs of one actor's leases in one renter; merged: leases whose "
    "renter holds another actor's)\n  kind                 true pairs   recall     merged    "
    "share\n"
    "  fake_card                     3   0.3333          0   0.0000\n"
    "  household                     0      n/a          0   0.0000\n"
    "  single                        0      n/a          0   0.0000\n"
    "\n"
    "Linkage (renter_id against actor_id, 8 leases with an actor_id)\n"
    "  pairwise  precision 1.0000  recall 0.3333  F1 0.5000  (1 correct of 1 predicted pairs; 3 "
    "true pairs)\n"
    "  B-cubed   precision 1.0000  recall 0.8333  F1 0.9091\n";

static void write_example(void)
{
    make_dir("o");
    write_in("o/leases.csv", leases_csv);
    write_in("o/summary.json", summary_json);
    write_in("truth.csv", truth_csv);
}

static eval_report *build(const char *out_dir, const char *truth)
{
    char d[4200], t[4200];
    snprintf(d, sizeof d, "%s/%s", dir, out_dir);
    snprintf(t, sizeof t, "%s/%s", dir, truth);
    lh_error err;
    lh_error_clear(&err);
    eval_report *r = NULL;
    cr_assert_eq(eval_report_build(&r, d, t, &err), LH_OK, "%s", err.message);
    return r;
}

TestSuite(eval, .init = setup, .fini = teardown);

Test(eval, worked_example_through_the_library)
{
    write_example();
    eval_report *r = build("o", "truth.csv");
    cr_expect_eq(r->leases, 8);
    cr_expect_eq(r->truth_duplicates.count, 1);
    cr_expect_eq(r->invalid_labels.count, 1);
    cr_expect_eq(r->unknown_label, 2);
    cr_expect_eq(r->missing.count, 1);
    cr_expect_str_eq(r->missing.example[0], "L8");
    cr_expect_eq(r->not_in_truth.count, 1);
    cr_expect(fabs(r->ranking.average_precision - (0.5 + 3.0 / 16 + 1.0 / 6)) < TOL, "%g",
              r->ranking.average_precision);
    cr_expect(fabs(r->ranking.roc_auc - 0.6875) < TOL);
    cr_expect_eq(r->lease_flags.tp, 2);
    cr_expect_eq(r->lease_flags.fp, 1);
    cr_expect_eq(r->lease_flags.fn, 2);
    cr_expect_eq(r->lease_flags.tn, 1);
    cr_expect_eq(r->renters, 7, "R1..R5, R7 and the missing L8");
    cr_expect_eq(r->renters_labelled, 5);
    cr_expect_eq(r->renter_flags.tp, 1);
    cr_expect_eq(r->renter_flags.fp, 1);
    cr_expect(fabs(r->at_k[0].precision - 0.6) < TOL);
    cr_expect_eq(r->at_k[0].used, 5);
    cr_expect_eq(r->linkage.correct_pairs, 1);
    cr_expect_eq(r->linkage.true_pairs, 3);
    cr_expect(fabs(r->linkage.bcubed_recall - (5.0 / 3 + 5) / 8) < TOL);
    cr_expect_str_eq(r->alpha, "0.05");
    cr_expect_eq(r->n_kind, 3);
    /* linkage by kind: A's three leases, L1 and L2 in one renter; nobody merged */
    cr_expect_str_eq(r->kind[0].name, "fake_card");
    cr_expect_eq(r->kind[0].true_pairs, 3);
    cr_expect_eq(r->kind[0].found_pairs, 1);
    for (size_t i = 0; i < r->n_kind; i++)
        cr_expect_eq(r->kind[i].leases_merged, 0);
    eval_report_free(r);
}

/* Leases of two actors in one renter are merged, each counted under its own kind. */
Test(eval, merged_leases_by_kind)
{
    make_dir("m");
    write_in("m/leases.csv", "lease_id,renter_id,score,q_value,flagged\n"
                             "L1,R1,0.5,0.5,0\nL2,R1,0.5,0.5,0\nL3,R1,0.5,0.5,0\nL4,R2,0,1,0\n");
    write_in("mt.csv", "lease_id,label,actor_id,kind\n"
                       "L1,0,P,household\nL2,0,P,household\nL3,0,Q,campus\nL4,0,Q,campus\n");
    eval_report *r = build("m", "mt.csv");
    cr_assert_eq(r->n_kind, 2);
    cr_expect_str_eq(r->kind[0].name, "campus");
    cr_expect_eq(r->kind[0].leases_merged, 1);
    cr_expect_eq(r->kind[0].true_pairs, 1);
    cr_expect_eq(r->kind[0].found_pairs, 0);
    cr_expect_eq(r->kind[1].leases_merged, 2);
    cr_expect_eq(r->kind[1].found_pairs, 1);
    eval_report_free(r);
}

Test(eval, text_report_matches_the_golden_output)
{
    write_example();
    cr_assert_eq(run_leasehound(dir, "eval --truth truth.csv o"), 0);
    char *s = out_file("stdout.txt");
    cr_expect_str_eq(s, golden_text);
    free(s);
}

Test(eval, json_report_has_every_section_and_no_nan)
{
    write_example();
    cr_assert_eq(run_leasehound(dir, "eval --json --truth truth.csv o"), 0);
    char *s = out_file("stdout.txt");
    const char *want[] = {
        "\"command\": \"eval\"",
        "\"average_precision\": 0.854167",
        "\"roc_auc\": 0.6875",
        "\"missing\": {\n      \"count\": 1,\n      \"examples\": [\n        \"L8\"",
        "\"not_in_truth\": {\n      \"count\": 1",
        "\"invalid_labels\": {\n      \"count\": 1",
        "\"tp\": 2,\n      \"fp\": 1,\n      \"fn\": 2,\n      \"tn\": 1",
        "\"false_discovery_rate\": 0.333333",
        "\"renters_used\": 5,\n        \"fewer_renters_than_k\": true",
        "\"alpha\": \"0.05\"",
        "\"kind\": \"household\",\n      \"leases\": 1,\n      \"leases_positive\": 0,\n"
        "      \"leases_flagged\": 1",
        "\"pairwise_precision\": 1,\n    \"pairwise_recall\": 0.333333",
        "\"bcubed_recall\": 0.833333",
    };
    for (size_t i = 0; i < sizeof want / sizeof *want; i++)
        cr_expect(strstr(s, want[i]) != NULL, "missing %s in\n%s", want[i], s);
    cr_expect(strstr(s, "nan") == NULL && strstr(s, "NaN") == NULL);
    cr_expect(s[0] == '{' && strcmp(s + strlen(s) - 2, "}\n") == 0);
    free(s);
}

Test(eval, two_runs_print_identical_reports)
{
    write_example();
    cr_assert_eq(run_leasehound(dir, "eval --json --truth truth.csv o"), 0);
    char *a = out_file("stdout.txt");
    cr_assert_eq(run_leasehound(dir, "eval --truth truth.csv --json o"), 0);
    char *b = out_file("stdout.txt");
    cr_expect_str_eq(a, b);
    free(a);
    free(b);
}

Test(eval, one_class_prints_not_available_never_nan)
{
    make_dir("o");
    write_in("o/leases.csv",
             "lease_id,renter_id,score,q_value,flagged\nA,r1,0.2,1,0\nB,r2,0.7,1,0\n");
    write_in("t.csv", "lease_id,label\nA,0\nB,0\n");
    cr_assert_eq(run_leasehound(dir, "eval --truth t.csv o"), 0);
    char *s = out_file("stdout.txt");
    cr_expect(strstr(s, "average precision    n/a\n") != NULL, "%s", s);
    cr_expect(strstr(s, "ROC-AUC              n/a\n") != NULL, "%s", s);
    cr_expect(strstr(s, "precision            n/a  (0 of 0 flagged") != NULL, "%s", s);
    cr_expect(strstr(s, "False discovery rate of the flags (alpha unknown)") != NULL, "%s", s);
    cr_expect(strstr(s, "Linkage: n/a (the truth has no actor_id column)") != NULL, "%s", s);
    cr_expect(strstr(s, "Flags by kind") == NULL, "no kind column, no section");
    cr_expect(strstr(s, "nan") == NULL, "%s", s);
    free(s);
    cr_assert_eq(run_leasehound(dir, "eval --json --truth t.csv o"), 0);
    s = out_file("stdout.txt");
    cr_expect(strstr(s, "\"average_precision\": null") != NULL, "%s", s);
    cr_expect(strstr(s, "\"roc_auc\": null") != NULL, "%s", s);
    cr_expect(strstr(s, "\"alpha\": null") != NULL, "%s", s);
    cr_expect(strstr(s, "\"linkage\"") == NULL && strstr(s, "\"kinds\"") == NULL, "%s", s);
    cr_expect(strstr(s, "nan") == NULL, "%s", s);
    free(s);
}

Test(eval, renter_takes_the_highest_score_and_a_tie_at_the_cut_is_shared)
{
    /* 12 renters. r1 has leases at .2 (label 1, flagged) and .95 (label 0, unflagged): its score
     * is .95, it is positive (a labelled lease is 1) and flagged (a lease is), whatever the order.
     * r2..r9 score .9 down to .55, r2 r3 positive; r10..r12 tie at .5 with one positive (r11).
     * Top 10: r1..r9 (3 positives), then 1 slot for the 3-way tie: 1/3 -> (3 + 1/3) / 10. */
    make_dir("o");
    write_in("o/leases.csv", "lease_id,renter_id,score,q_value,flagged\n"
                             "a1,r1,0.2,1,1\na2,r1,0.95,1,0\n"
                             "b,r2,0.9,1,0\nc,r3,0.85,1,0\nd,r4,0.8,1,0\ne,r5,0.75,1,0\n"
                             "f,r6,0.7,1,0\ng,r7,0.65,1,0\nh,r8,0.6,1,0\ni,r9,0.55,1,0\n"
                             "j,r10,0.5,1,0\nk,r11,0.5,1,0\nl,r12,0.5,1,0\n");
    write_in("t.csv", "lease_id,label\na1,1\na2,0\nb,1\nc,1\nd,0\ne,0\nf,0\ng,0\nh,0\ni,0\n"
                      "j,0\nk,1\nl,0\n");
    eval_report *r = build("o", "t.csv");
    cr_expect_eq(r->renters, 12);
    cr_expect_eq(r->renters_labelled, 12);
    cr_expect_eq(r->renters_positive, 4);
    cr_expect_eq(r->at_k[0].k, 10);
    cr_expect_eq(r->at_k[0].used, 10);
    cr_expect(fabs(r->at_k[0].precision - (3 + 1.0 / 3) / 10) < TOL, "%g", r->at_k[0].precision);
    cr_expect(fabs(r->at_k[1].precision - 4.0 / 12) < TOL, "k = 100 uses all 12");
    cr_expect_eq(r->renter_flags.tp, 1, "r1 is flagged and positive");
    cr_expect_eq(r->renter_flags.fp, 0);
    cr_expect_eq(r->lease_flags.tp, 1);
    eval_report_free(r);
}

Test(eval, first_of_duplicate_rows_is_kept_and_bad_rows_are_reported)
{
    /* leases.csv: A twice (first flagged, kept); B has an unreadable score (its lease is then
     * missing); C has flagged = 2 (bad); one record has too few fields. */
    make_dir("o");
    write_in("o/leases.csv", "lease_id,renter_id,score,q_value,flagged\n"
                             "A,r1,0.9,0,1\nA,r1,0.1,0,0\nB,r2,high,0,0\nC,r3,0.5,0,2\nD,r4\n"
                             "E,r5,0.5,0,0\n");
    write_in("t.csv", "lease_id,label,actor_id\nA,1,x\nB,0,y\nC,0,z\nE,0,w\n");
    eval_report *r = build("o", "t.csv");
    cr_expect_eq(r->lease_rows, 6);
    cr_expect_eq(r->lease_duplicates.count, 1);
    cr_expect_eq(r->lease_bad_rows.count, 3);
    cr_expect_str_eq(r->lease_bad_rows.example[0], "line 4");
    cr_expect_eq(r->lease_flags.tp, 1, "A's first row (flagged) is the one kept");
    cr_expect_eq(r->missing.count, 2, "B and C have no usable row");
    cr_expect_eq(r->not_in_truth.count, 0, "D's row is bad, not outside the truth");
    eval_report_free(r);
}

Test(eval, unusable_truth_rows_are_reported_with_their_lines)
{
    /* line 2 has a field too many, line 3 an empty lease_id; "out/" is the folder "out" */
    make_dir("o");
    write_in("o/leases.csv", "lease_id,renter_id,score,q_value,flagged\nB,r,0.5,1,0\n");
    write_in("t.csv", "lease_id,label\nA,1,extra\n  ,0\nB,0\n");
    cr_assert_eq(run_leasehound(dir, "eval --truth t.csv o/"), 0);
    char *s = out_file("stdout.txt");
    cr_expect(strstr(s, "leasehound eval: o/leases.csv against t.csv\n") != NULL, "%s", s);
    cr_expect(strstr(s, "  truth        3 rows, 1 lease; 2 bad rows ignored: line 2, line 3; 0 "
                        "duplicate ids ignored\n") != NULL,
              "%s", s);
    free(s);
}

Test(eval, truth_columns_by_name_any_case_with_bom_and_gzip)
{
    make_dir("o");
    write_in("o/leases.csv", "flagged,score,renter_id,lease_id\n1,0.9,r,A\n0,0.1,s,B\n");
    const char text[] = "\xEF\xBB\xBF"
                        "Kind,LABEL,extra, Lease_ID \nsingle,benign,?,B\nfake_card,fraud,?,A\n";
    char path[4200];
    snprintf(path, sizeof path, "%s/t.csv.gz", dir);
    gzFile gz = gzopen(path, "wb");
    cr_assert_not_null(gz);
    gzwrite(gz, text, sizeof text - 1);
    gzclose(gz);
    eval_report *r = build("o", "t.csv.gz");
    cr_expect(r->has_label && r->has_kind && !r->has_actor);
    cr_expect_eq(r->ranking.n_pos, 1);
    cr_expect_eq(r->ranking.n_neg, 1);
    cr_expect(fabs(r->ranking.roc_auc - 1.0) < TOL);
    cr_expect_eq(r->missing.count, 0);
    eval_report_free(r);
}

Test(eval, alpha_is_read_only_from_the_parameters_object)
{
    make_dir("o");
    make_dir("p");
    write_in("t.csv", "lease_id,label\nA,1\n");
    write_in("o/leases.csv", "lease_id,renter_id,score,q_value,flagged\nA,r,1,0,1\n");
    write_in("o/summary.json", "{\"model\": {\"alpha\": \"0.4\"}, \"parameters\": {\"x\": \"1\"}, "
                               "\"model2\": {\"alpha\": \"0.5\"}}");
    eval_report *r = build("o", "t.csv");
    cr_expect_str_eq(r->alpha, "", "alpha outside parameters is not the one");
    eval_report_free(r);
    write_in("o/summary.json", "{\"parameters\": {\"a\": \"b\", \"alpha\" : \"0.1\"}}");
    r = build("o", "t.csv");
    cr_expect_str_eq(r->alpha, "0.1");
    eval_report_free(r);
    write_in("o/summary.json", "{\"parameters\": {\"alpha\": \"0.1;rm\"}}");
    r = build("o", "t.csv");
    cr_expect_str_eq(r->alpha, "", "not a number");
    eval_report_free(r);
    write_in("p/leases.csv", "lease_id,renter_id,score,q_value,flagged\nA,r,1,0,1\n");
    r = build("p", "t.csv");
    cr_expect_str_eq(r->alpha, "", "no summary.json");
    eval_report_free(r);
}

Test(eval, kinds_past_the_maximum_are_summed_as_other)
{
    make_dir("o");
    char tp[4200], lp[4200];
    snprintf(tp, sizeof tp, "%s/t.csv", dir);
    snprintf(lp, sizeof lp, "%s/o/leases.csv", dir);
    FILE *t = fopen(tp, "w"), *l = fopen(lp, "w");
    cr_assert(t && l);
    fprintf(t, "lease_id,label,kind\n");
    fprintf(l, "lease_id,renter_id,score,q_value,flagged\n");
    for (int i = 0; i < EVAL_MAX_KINDS + 50; i++) {
        fprintf(t, "L%d,0,k%05d\n", i, i);
        fprintf(l, "L%d,R%d,0.5,1,%d\n", i, i, i % 2);
    }
    fclose(t);
    fclose(l);
    eval_report *r = build("o", "t.csv");
    cr_expect_eq(r->n_kind, EVAL_MAX_KINDS + 1);
    const eval_kind *other = &r->kind[0]; /* "(other)" sorts before "k..." */
    cr_expect_str_eq(other->name, "(other)");
    cr_expect_eq(other->leases, 50);
    cr_expect_eq(other->renters, 50);
    cr_expect_eq(other->leases_flagged, 25);
    eval_report_free(r);
}

Test(eval, exit_codes_for_usage_unreadable_and_malformed_inputs)
{
    write_example();
    cr_expect_eq(run_leasehound(dir, "eval o"), 2, "no --truth");
    cr_expect_eq(run_leasehound(dir, "eval --truth truth.csv"), 2, "no DIR");
    cr_expect_eq(run_leasehound(dir, "eval --truth truth.csv o o"), 2, "two DIRs");
    cr_expect_eq(run_leasehound(dir, "eval --truth truth.csv o --bogus"), 2);
    cr_expect_eq(run_leasehound(dir, "eval --truth nosuch.csv o"), 66);
    cr_expect_eq(run_leasehound(dir, "eval --truth truth.csv nosuchdir"), 66);
    char *e = out_file("stderr.txt");
    cr_expect(strstr(e, "nosuchdir/leases.csv") != NULL, "%s", e);
    free(e);

    write_in("nolabel.csv", "lease_id,kind\nL1,single\n");
    cr_expect_eq(run_leasehound(dir, "eval --truth nolabel.csv o"), 65);
    write_in("noid.csv", "id,label\nL1,1\n");
    cr_expect_eq(run_leasehound(dir, "eval --truth noid.csv o"), 65);
    write_in("empty.csv", "");
    cr_expect_eq(run_leasehound(dir, "eval --truth empty.csv o"), 65);
    make_dir("bad");
    write_in("bad/leases.csv", "lease_id,renter_id,flagged\nL1,R1,1\n");
    cr_expect_eq(run_leasehound(dir, "eval --truth truth.csv bad"), 65);
    e = out_file("stderr.txt");
    cr_expect(strstr(e, "no score column") != NULL, "%s", e);
    free(e);
    write_in("actors.csv", "lease_id,actor_id\nL1,A\n");
    cr_expect_eq(run_leasehound(dir, "eval --truth actors.csv o"), 0,
                 "actor_id without label is enough");
}

Test(eval, help_lists_the_eval_options)
{
    cr_assert_eq(run_leasehound(dir, "eval --help"), 0);
    char *s = out_file("stdout.txt");
    cr_expect(strstr(s, "Usage: leasehound eval --truth FILE DIR [--json]") != NULL, "%s", s);
    cr_expect(strstr(s, "--truth FILE") != NULL, "%s", s);
    cr_expect(strstr(s, "--json") != NULL, "%s", s);
    cr_expect(strstr(s, "--out") == NULL, "scan's options are not eval's");
    free(s);
    cr_assert_eq(run_leasehound(dir, "--help"), 0);
    s = out_file("stdout.txt");
    cr_expect(strstr(s, "leasehound eval --truth FILE DIR") != NULL, "%s", s);
    free(s);
}
