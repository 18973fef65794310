/* Small versions of the hostile inputs of tests/hostile/run.sh (issue 8), scanned by the real
 * binary (the ASan one in scripts/test.sh): each ends with the expected exit status, and
 * rejects.csv and summary.json say what happened. The full-size cases and their time and
 * memory are in tests/README.md. */
#include "support/test_support.h"
#include "util/hash.h"
#include "util/strpool.h"
#include "util/utf8.h"

#include <criterion/criterion.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

TMP_DIR_FIXTURE

TestSuite(hostile, .init = setup, .fini = teardown, .timeout = 300);

static void generate(const char *what, const char *n)
{
    char cmd[8192];
    snprintf(cmd, sizeof cmd, "'%s' %s '%s/in.csv' %s", LH_HOSTILE_GEN, what, dir, n);
    cr_assert_eq(system(cmd), 0, "%s", cmd);
}

static char *out_file(const char *name)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    char *s = slurp(path, NULL);
    cr_assert_not_null(s, "%s", name);
    return s;
}

/* The number after "key": in summary.json. */
static long summary_count(const char *key)
{
    char *s = out_file("o/summary.json");
    char pat[128];
    snprintf(pat, sizeof pat, "\"%s\": ", key);
    const char *at = strstr(s, pat);
    long v = at ? strtol(at + strlen(pat), NULL, 10) : -1;
    free(s);
    return v;
}

Test(hostile, an_oversized_field_costs_its_row_only)
{
    generate("field", "300000"); /* over four times the 64 KiB default */
    cr_assert_eq(run_leasehound(dir, "scan in.csv --out o --quiet"), 0);
    char *r = out_file("o/rejects.csv");
    cr_expect(strstr(r, "in.csv,2,20,field_too_long,") != NULL, "%s", r);
    cr_expect_lt(strlen(r), 300, "the excerpt is cut");
    free(r);
    cr_expect_eq(summary_count("accepted"), 1);
    cr_expect_eq(summary_count("field_too_long"), 1);
}

Test(hostile, a_row_of_100k_columns_is_one_reject)
{
    generate("columns", "100000");
    cr_assert_eq(run_leasehound(dir, "scan in.csv --out o --quiet"), 0);
    char *r = out_file("o/rejects.csv");
    cr_expect(strstr(r, "in.csv,2,15,field_count,") != NULL, "%s", r);
    free(r);
    cr_expect_eq(summary_count("accepted"), 1);
    cr_expect_eq(summary_count("rejected"), 1);
}

Test(hostile, a_header_of_5000_columns_exits_65_naming_the_problem)
{
    generate("header", "5000"); /* CSV_MAX_COLUMNS is 4096 */
    cr_assert_eq(run_leasehound(dir, "scan in.csv --out o --quiet"), 65);
    char *e = out_file("stderr.txt");
    cr_expect(strstr(e, "cannot read the header (line 1: field_count)") != NULL, "%s", e);
    free(e);
    char path[4200];
    snprintf(path, sizeof path, "%s/o/summary.json", dir);
    cr_expect_null(slurp(path, NULL), "no report from a file without a usable header");
}

Test(hostile, empty_lines_are_skipped_and_counted)
{
    generate("empty", "100000");
    cr_assert_eq(run_leasehound(dir, "scan in.csv --out o --quiet"), 0);
    cr_expect_eq(summary_count("accepted"), 2);
    cr_expect_eq(summary_count("rejected"), 0);
    char *l = out_file("o/leases.csv");
    cr_expect(strstr(l, "\nE2,") != NULL, "the row after the empty lines is read: %s", l);
    free(l);
    char *r = out_file("o/rejects.csv");
    cr_expect_str_eq(r, "file,line,byte_offset,reason,excerpt\n");
    free(r);
}

Test(hostile, leases_sharing_one_ip_are_not_one_renter)
{
    generate("oneip", "2000");
    cr_assert_eq(run_leasehound(dir, "scan in.csv --out o --quiet"), 0);
    cr_expect_eq(summary_count("accepted"), 2000);
    char path[4200];
    snprintf(path, sizeof path, "%s/o/renters.csv", dir);
    size_t renters = count_lines(path) - 1;
    cr_expect_geq(renters, 1980, "%zu renters: a crowd's address links nobody", renters);
}

/* Keys whose string-pool slot (the top 32 bits of the hash, masked) is the same under seed a. */
static size_t colliding_keys(uint64_t seed, uint32_t mask, char (*key)[16], size_t n)
{
    size_t found = 0;
    for (uint64_t k = 0; found < n; k++) {
        int len = snprintf(key[found], 16, "K%012" PRIx64, k);
        if (((uint32_t)(hash_bytes(key[found], (size_t)len, seed) >> 32) & mask) == 0)
            found++;
    }
    return found;
}

Test(hostile, keys_colliding_under_one_seed_spread_under_another)
{
    const uint32_t mask = 1023;
    const size_t n = 2000;
    char(*key)[16] = malloc(n * sizeof *key);
    colliding_keys(12345, mask, key, n);
    static unsigned char bucket[1024];
    size_t distinct = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t h = (uint32_t)(hash_bytes(key[i], strlen(key[i]), 777) >> 32) & mask;
        distinct += !bucket[h];
        bucket[h] = 1;
    }
    /* 2000 keys over 1024 buckets at random fill about 1024 * (1 - e^-2) = 885 */
    cr_expect_geq(distinct, 800, "%zu of 1024 buckets", distinct);

    /* under the seed they were made for, the pool still keeps them apart and finds them */
    setenv("LEASEHOUND_HASH_SEED", "12345", 1);
    cr_assert_eq(hash_seed(), 12345, "this test process has not drawn its seed before");
    strpool *p = strpool_new();
    for (size_t i = 0; i < n; i++)
        cr_assert_eq(strpool_intern(p, key[i], strlen(key[i]), NULL), i + 1);
    for (size_t i = 0; i < n; i++)
        cr_assert_eq(strpool_find(p, key[i], strlen(key[i])), i + 1);
    strpool_free(p);
    free(key);
}

Test(hostile, a_log_of_colliding_ids_is_read_whole_under_the_attacked_seed)
{
    generate("collide", "1000 7");
    cr_assert_eq(run_leasehound(dir, "scan in.csv --out o --quiet"), 0);
    cr_expect_eq(summary_count("accepted"), 1000);
    setenv("LEASEHOUND_HASH_SEED", "7", 1); /* inherited by the scan */
    cr_assert_eq(run_leasehound(dir, "scan in.csv --out p --quiet"), 0);
    char path[4200];
    snprintf(path, sizeof path, "%s/p/leases.csv", dir);
    cr_expect_eq(count_lines(path), 1001);
    unsetenv("LEASEHOUND_HASH_SEED");
}

Test(hostile, absurd_timestamps_are_rejected_with_their_reason)
{
    generate("times", "1000");
    cr_assert_eq(run_leasehound(dir, "scan in.csv --out o --quiet"), 0);
    cr_expect_eq(summary_count("bad_created_at"), 900);
    cr_expect_eq(summary_count("accepted"), 100);
    char *r = out_file("o/rejects.csv");
    static const char *const seen[] = {"9999-12-31T23:59:59Z", ",-1,",       "1e30",
                                       "10:00:00.5.5Z",        "2024-02-30", "99999999999999",
                                       "-9223372036854775808"};
    for (size_t i = 0; i < sizeof seen / sizeof *seen; i++)
        cr_expect(strstr(r, seen[i]) != NULL, "%s among the rejects", seen[i]);
    free(r);
}

Test(hostile, invalid_utf8_in_every_column_is_rejected_and_escaped)
{
    generate("utf8", "1000");
    cr_assert_eq(run_leasehound(dir, "scan in.csv --out o --quiet"), 0);
    cr_expect_eq(summary_count("invalid_utf8"), 900);
    cr_expect_eq(summary_count("accepted"), 100);
    size_t len;
    char path[4200];
    snprintf(path, sizeof path, "%s/o/rejects.csv", dir);
    char *r = slurp(path, &len);
    cr_expect(utf8_valid(r, len), "rejects.csv is valid UTF-8");
    cr_expect(strstr(r, "U0\\x80,v1\\xc0\\xaf") != NULL, "bytes escaped: %.200s", r);
    free(r);
    char *l = out_file("o/leases.csv");
    cr_expect(utf8_valid(l, strlen(l)));
    free(l);
}
