/* test_fault.c: `leasehound scan` with the N-th allocation, output write or fsync failing, in
 * the fault-injection build (LH_FAULT_INJECTION=ON; scripts/test.sh builds it with ASan, so
 * every run is also checked for leaks, and a leak or sanitizer report changes the exit status).
 *
 * A first scan of one log (a) fills DIR; each faulty run scans another log (b) into the same
 * DIR, whose outputs all differ from a's. After every faulty run:
 *   - the exit status is the documented one: 70 for an allocation (out of memory), 73 for a
 *     write or fsync, with a message on stderr;
 *   - DIR holds exactly a's files, byte for byte: no temporary file, no new file, no mix of old
 *     and new outputs (outputs are published together, util/atomic_file.h).
 * Every write and fsync is failed in turn (each output file has its flush and its fsync, then
 * the folder's fsync); allocations are failed one by one at the start and at the end of the run
 * (where the outputs are written) and at an even stride in between. N one past the counts the
 * run reports (LEASEHOUND_FAULT_COUNTS) must succeed, which shows the counts are complete.
 */
#include "support/test_support.h"

#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define N_OUTPUTS 6
static const char *const outputs[N_OUTPUTS] = {"evidence.jsonl", "leases.csv",   "rejects.csv",
                                               "renters.csv",    "summary.json", "report.html"};

/* Two small logs made by `leasehound gen` (tick scenario, 100 leases; seeds 1 and 6 both give
 * flagged renters, so evidence.jsonl is written) with two broken rows appended (rejects.csv):
 * every output differs between them. */
static void write_log(const char *dir, const char *name, int seed)
{
    char args[4200], path[4200];
    snprintf(args, sizeof args, "gen --scenario tick --leases 100 --seed %d --out %s --quiet", seed,
             name);
    cr_assert_eq(run_leasehound(dir, args), 0);
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "a");
    cr_assert_not_null(f);
    fprintf(f, "X%d,2024-13-40,broken date\nY%d,too,few\n", seed, seed);
    fclose(f);
}

static char *root, *dir;
static char *snapshot[N_OUTPUTS];
static size_t snapshot_len[N_OUTPUTS];
static unsigned long n_alloc, n_io;

static int scan(const char *env, const char *log, const char *out)
{
    char args[8192];
    snprintf(args, sizeof args, "scan '%s/%s' --out '%s' --quiet --threads 1", root, log, out);
    /* run_leasehound's command line is a shell's: the environment goes in front of it */
    size_t len = strlen(root) * 2 + strlen(LH_BINARY) + strlen(args) + strlen(env) + 128;
    char *cmd = malloc(len);
    snprintf(cmd, len, "cd '%s' && LEASEHOUND_HASH_SEED=1 %s '%s' %s >stdout.txt 2>stderr.txt",
             root, env, LH_BINARY, args);
    int st = system(cmd);
    free(cmd);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static char *read_err(void)
{
    char p[4200];
    snprintf(p, sizeof p, "%s/stderr.txt", root);
    char *s = slurp(p, NULL);
    return s ? s : strdup("");
}

static void setup(void)
{
    root = tmp_dir_new();
    cr_assert_not_null(root);
    write_log(root, "a.csv", 1);
    write_log(root, "b.csv", 6);
    size_t n = strlen(root) + 8;
    dir = malloc(n);
    snprintf(dir, n, "%s/out", root);

    /* how far N goes: a clean run of b, counted */
    cr_assert_eq(scan("LEASEHOUND_FAULT_COUNTS=1", "b.csv", "counted"), 0);
    char *e = read_err();
    cr_assert(sscanf(strstr(e, "fault injection:") ? strstr(e, "fault injection:") : "",
                     "fault injection: %lu allocations, %lu writes", &n_alloc, &n_io) == 2,
              "%s", e);
    free(e);
    cr_assert_gt(n_alloc, 100);
    cr_assert_eq(n_io, 2 * N_OUTPUTS + 1, "a flush and an fsync per output, one folder fsync");

    /* the previous report */
    cr_assert_eq(scan("", "a.csv", dir), 0);
    for (int i = 0; i < N_OUTPUTS; i++) {
        char p[8192], q[8192];
        snprintf(p, sizeof p, "%s/%s", dir, outputs[i]);
        snapshot[i] = slurp(p, &snapshot_len[i]);
        cr_assert_not_null(snapshot[i], "%s", p);
        snprintf(q, sizeof q, "%s/counted/%s", root, outputs[i]);
        size_t len;
        char *other = slurp(q, &len);
        cr_assert_not_null(other);
        cr_assert(len != snapshot_len[i] || memcmp(other, snapshot[i], len) != 0,
                  "%s of b must differ from a's, or an overwrite would go unseen", outputs[i]);
        free(other);
    }
}

static void teardown(void)
{
    for (int i = 0; i < N_OUTPUTS; i++)
        free(snapshot[i]);
    tmp_remove_tree(root);
    free(root);
    free(dir);
}

TestSuite(fault, .init = setup, .fini = teardown, .timeout = 900);

/* DIR holds exactly the previous outputs. */
static void expect_previous_report(const char *what)
{
    DIR *d = opendir(dir);
    cr_assert_not_null(d);
    struct dirent *e;
    int n = 0;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        int known = 0;
        for (int i = 0; i < N_OUTPUTS; i++)
            known |= strcmp(e->d_name, outputs[i]) == 0;
        cr_expect(known, "%s: stray file %s", what, e->d_name);
        n++;
    }
    closedir(d);
    cr_expect_eq(n, N_OUTPUTS, "%s: %d files", what, n);
    for (int i = 0; i < N_OUTPUTS; i++) {
        char p[8192];
        snprintf(p, sizeof p, "%s/%s", dir, outputs[i]);
        size_t len;
        char *now = slurp(p, &len);
        cr_assert_not_null(now, "%s: %s is gone", what, outputs[i]);
        cr_expect(len == snapshot_len[i] && memcmp(now, snapshot[i], len) == 0,
                  "%s: %s changed", what, outputs[i]);
        free(now);
    }
}

static void fail_alloc(unsigned long n)
{
    char env[64], what[64];
    snprintf(env, sizeof env, "LEASEHOUND_FAIL_ALLOC=%lu", n);
    snprintf(what, sizeof what, "allocation %lu of %lu", n, n_alloc);
    int st = scan(env, "b.csv", dir);
    char *e = read_err();
    cr_expect_eq(st, 70, "%s: exit %d: %s", what, st, e);
    cr_expect(strstr(e, "out of memory") != NULL, "%s: %s", what, e);
    free(e);
    expect_previous_report(what);
}

/* Allocations lo..hi (1-based, of n_alloc): all of the first and last `edge`, a stride between. */
static void fail_allocs(unsigned long part, unsigned long parts)
{
    const unsigned long edge = 60, samples = 120;
    unsigned long stride = n_alloc > 2 * edge + samples ? (n_alloc - 2 * edge) / samples : 1;
    unsigned long runs = 0;
    for (unsigned long n = 1; n <= n_alloc; n++) {
        int take = n <= edge || n > n_alloc - edge || (n - edge) % stride == 0;
        if (take && runs++ % parts == part)
            fail_alloc(n);
    }
}

Test(fault, failed_allocations_exit_70_and_leave_the_previous_report_even)
{
    fail_allocs(0, 2);
}

Test(fault, failed_allocations_exit_70_and_leave_the_previous_report_odd)
{
    fail_allocs(1, 2);
}

Test(fault, every_failed_write_or_fsync_exits_73_and_leaves_the_previous_report)
{
    for (unsigned long n = 1; n <= n_io; n++) {
        char env[64], what[64];
        snprintf(env, sizeof env, "LEASEHOUND_FAIL_IO=%lu", n);
        snprintf(what, sizeof what, "write/fsync %lu of %lu", n, n_io);
        int st = scan(env, "b.csv", dir);
        char *e = read_err();
        cr_expect_eq(st, 73, "%s: exit %d: %s", what, st, e);
        cr_expect(strstr(e, "cannot") != NULL, "%s: %s", what, e);
        free(e);
        expect_previous_report(what);
    }
}

Test(fault, a_failed_first_run_leaves_no_file)
{
    for (unsigned long n = 1; n <= n_io; n++) {
        char env[64], fresh[4200];
        snprintf(env, sizeof env, "LEASEHOUND_FAIL_IO=%lu", n);
        snprintf(fresh, sizeof fresh, "%s/fresh%lu", root, n);
        cr_expect_eq(scan(env, "b.csv", fresh), 73, "write/fsync %lu", n);
        DIR *d = opendir(fresh);
        cr_assert_not_null(d, "the output folder is made before anything is written");
        struct dirent *e;
        while ((e = readdir(d)) != NULL)
            cr_expect(e->d_name[0] == '.', "write/fsync %lu: %s left behind", n, e->d_name);
        closedir(d);
    }
}

Test(fault, counts_are_complete)
{
    char env[96];
    snprintf(env, sizeof env, "LEASEHOUND_FAIL_ALLOC=%lu LEASEHOUND_FAIL_IO=%lu", n_alloc + 1,
             n_io + 1);
    cr_expect_eq(scan(env, "b.csv", dir), 0, "nothing is failed beyond the counts");
    char p[8192];
    snprintf(p, sizeof p, "%s/leases.csv", dir);
    char *now = slurp(p, NULL);
    cr_expect(now && strcmp(now, snapshot[1]) != 0, "the run published b's report");
    free(now);
}

Test(fault, gen_writes_its_log_and_truth_together_or_not_at_all)
{
    for (unsigned long n = 1; n <= 5; n++) { /* two files' flush and fsync, one folder fsync */
        char args[8192], sub[4200];
        snprintf(sub, sizeof sub, "%s/gen%lu", root, n);
        cr_assert_eq(mkdir(sub, 0777), 0);
        snprintf(args, sizeof args,
                 "cd '%s' && LEASEHOUND_FAIL_IO=%lu '%s' gen --leases 50 --out log.csv --truth "
                 "truth.csv --quiet 2>err.txt",
                 sub, n, LH_BINARY);
        int st = system(args);
        cr_expect(WIFEXITED(st) && WEXITSTATUS(st) == 73, "write/fsync %lu: status %d", n, st);
        DIR *d = opendir(sub);
        struct dirent *e;
        while ((e = readdir(d)) != NULL)
            cr_expect(e->d_name[0] == '.' || strcmp(e->d_name, "err.txt") == 0,
                      "write/fsync %lu: %s left behind", n, e->d_name);
        closedir(d);
    }
}
