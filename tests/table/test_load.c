/* The load step: rows through ingest, normalize and the table, with every kind of reject. */
#include "support/test_support.h"
#include "table/load.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct counter {
    int n;
    char last[256];
    uint64_t trace; /* a running hash of every reject, in the order they came */
} counter;

static lh_status count_reject(void *ctx, const char *file, uint64_t line, uint64_t offset,
                              reject_reason why, const char *excerpt, lh_error *err)
{
    (void)file, (void)offset, (void)err;
    counter *c = ctx;
    c->n++;
    snprintf(c->last, sizeof c->last, "%llu %s %s", (unsigned long long)line,
             reject_reason_name(why), excerpt);
    for (const char *p = c->last; *p; p++)
        c->trace = (c->trace ^ (unsigned char)*p) * 1099511628211u;
    return LH_OK;
}

static lh_status load_text_threads(const char *text, const char *max, int threads, lease_table **t,
                                   load_stats *st, counter *c, lh_error *err)
{
    char *dir = tmp_dir_new();
    char *path = tmp_write_str(dir, "in.csv", text);
    colmap m;
    colmap_init(&m);
    load_options o = {0};
    o.map = &m;
    o.max_rejects = UINT64_MAX;
    o.max_rejects_pct = -1;
    if (max && strchr(max, '%'))
        o.max_rejects_pct = atof(max);
    else if (max)
        o.max_rejects = strtoull(max, NULL, 10);
    o.sink = (reject_sink){count_reject, c};
    o.threads = threads;
    const char *paths[] = {path};
    lh_error_clear(err);
    lh_status s = load_inputs(t, paths, 1, &o, st, err);
    colmap_free(&m);
    free(path);
    tmp_remove_tree(dir);
    free(dir);
    return s;
}

static lh_status load_text(const char *text, const char *max, lease_table **t, load_stats *st,
                           counter *c, lh_error *err)
{
    return load_text_threads(text, max, 0, t, st, c, err);
}

Test(load, rows_are_normalized_into_the_table)
{
    lease_table *t;
    load_stats st;
    counter c = {0};
    lh_error err;
    cr_assert_eq(
        load_text("lease_id,created_at,first_name,last_name,email,phone,country,signup_ip\n"
                  "L1,2024-03-01T09:00:00+09:00,Taro,YAMADA,Taro.Y+vps@gmail.com,090-1234-5678,jp,"
                  "203.0.113.9\n"
                  ",2024-03-02,Yamada,Taro,,,,bogus\n",
                  NULL, &t, &st, &c, &err),
        LH_OK, "%s", err.message);
    cr_assert_eq(t->count, 2);
    cr_expect_str_eq(lease_table_text(t, LT_LEASE_ID, 0), "L1");
    cr_expect_str_eq(lease_table_text(t, LT_LEASE_ID, 1), "row-2", "no lease_id: row-N");
    cr_expect_eq(t->text[LT_NAME].id[0], t->text[LT_NAME].id[1], "one name key");
    cr_expect_str_eq(lease_table_text(t, LT_NAME_RAW, 0), "Taro YAMADA");
    cr_expect_str_eq(lease_table_text(t, LT_EMAIL, 0), "taroy@gmail.com");
    cr_expect_str_eq(lease_table_text(t, LT_EMAIL_DOMAIN, 0), "gmail.com");
    cr_expect_str_eq(lease_table_text(t, LT_PHONE, 0), "819012345678");
    cr_expect_str_eq(lease_table_text(t, LT_IP_PREFIX, 0), "203.0.113.0/24");
    cr_expect_eq(t->created_at[0], 1709251200);
    cr_expect_eq(st.norm.ip_invalid, 1, "an invalid IP is counted");
    cr_expect_eq(t->text[LT_SIGNUP_IP].id[1], 0);
    cr_expect(st.has_created_at);
    load_stats_free(&st);
    lease_table_free(t);
}

Test(load, bad_created_at_and_duplicate_ids_are_rejected_not_dropped)
{
    lease_table *t;
    load_stats st;
    counter c = {0};
    lh_error err;
    cr_assert_eq(load_text("lease_id,created_at,email\n"
                           "A,2024-01-01,a@x.org\n"
                           "B,last tuesday,b@x.org\n"
                           "A,2024-01-02,c@x.org\n"
                           "C,1889-01-01,d@x.org\n"
                           "D,,e@x.org\n",
                           NULL, &t, &st, &c, &err),
                 LH_OK);
    cr_expect_eq(t->count, 2);
    cr_expect_eq(st.rejected, 3);
    cr_expect_eq(st.by_reason[REJECT_BAD_CREATED_AT], 2);
    cr_expect_eq(st.by_reason[REJECT_DUPLICATE_LEASE_ID], 1);
    cr_expect_eq(c.n, 3);
    cr_expect_str_eq(c.last, "5 bad_created_at C,1889-01-01,d@x.org");
    cr_expect_eq(t->created_at[1], LT_MISSING_TIME, "empty created_at is missing, not bad");
    cr_expect_eq(st.norm.created_at_missing, 1);
    load_stats_free(&st);
    lease_table_free(t);
}

/* Builds a file of 100 data rows of which `bad` have the wrong field count. */
static char *file_with_rejects(int bad)
{
    static char buf[8192];
    size_t o = (size_t)sprintf(buf, "lease_id,email\n");
    for (int i = 0; i < 100; i++)
        o += (size_t)sprintf(buf + o, i < bad ? "x%d\n" : "r%d,u%d@x.org\n", i, i);
    return buf;
}

Test(load, max_rejects_count_at_limit_minus_one_limit_and_plus_one)
{
    const int limit = 5;
    for (int bad = limit - 1; bad <= limit + 1; bad++) {
        lease_table *t;
        load_stats st;
        counter c = {0};
        lh_error err;
        lh_status s = load_text(file_with_rejects(bad), "5", &t, &st, &c, &err);
        cr_expect_eq(s, bad <= limit ? LH_OK : LH_EDATA, "%d rejects, limit %d", bad, limit);
        load_stats_free(&st);
        lease_table_free(t);
    }
}

Test(load, max_rejects_percent_at_limit_minus_one_limit_and_plus_one)
{
    for (int bad = 9; bad <= 11; bad++) {
        lease_table *t;
        load_stats st;
        counter c = {0};
        lh_error err;
        lh_status s = load_text(file_with_rejects(bad), "10%", &t, &st, &c, &err);
        cr_expect_eq(s, bad <= 10 ? LH_OK : LH_EDATA, "%d of 100 rejected, limit 10%%", bad);
        cr_expect_eq(st.rejected, (uint64_t)bad, "every row is still read");
        load_stats_free(&st);
        lease_table_free(t);
    }
}

Test(load, header_problems_are_fatal)
{
    static const char *const files[] = {"", "\n\n", "a,\"b\n", "order,when\n1,2\n"};
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        lease_table *t;
        load_stats st;
        counter c = {0};
        lh_error err;
        cr_expect_eq(load_text(files[i], NULL, &t, &st, &c, &err), LH_EDATA, "file %zu", i);
        load_stats_free(&st);
        lease_table_free(t);
    }
}

/* 50,000 rows, many batches: syntax rejects, normalize rejects (created_at), duplicates and
 * invalid values scattered among them. */
static char *many_batches(void)
{
    size_t cap = 50000 * 96, o = 0;
    char *buf = malloc(cap);
    o += (size_t)snprintf(buf + o, cap - o, "lease_id,created_at,email,signup_ip,first_name\n");
    for (int i = 0; i < 50000; i++) {
        if (i % 997 == 5)
            o += (size_t)snprintf(buf + o, cap - o, "broken%d\n", i);
        else if (i % 1499 == 7)
            o += (size_t)snprintf(buf + o, cap - o, "b%d,yesterday,u%d@x.org,10.0.0.1,Ann\n", i, i);
        else
            o += (size_t)snprintf(buf + o, cap - o, "%s%d,2024-01-%02d,u%d@x%d.org,%s,N%d\n",
                                  i % 2003 == 11 ? "dup" : "r", i % 2003 == 11 ? 1 : i, 1 + i % 28,
                                  i % 7000, i % 13, i % 211 == 3 ? "300.1.1.1" : "10.1.2.3",
                                  i % 4000);
    }
    return buf;
}

Test(load, one_or_two_threads_give_the_same_table_rejects_and_counts)
{
    char *text = many_batches();
    lease_table *t[2];
    load_stats st[2];
    counter c[2] = {{0}, {0}};
    lh_error err;
    for (int k = 0; k < 2; k++)
        cr_assert_eq(load_text_threads(text, NULL, k + 1, &t[k], &st[k], &c[k], &err), LH_OK, "%s",
                     err.message);
    cr_assert_gt(t[0]->count, 40000);
    cr_expect_eq(t[0]->count, t[1]->count);
    cr_expect_eq(st[0].rejected, st[1].rejected);
    cr_expect_gt(st[0].by_reason[REJECT_BAD_CREATED_AT], 0);
    cr_expect_gt(st[0].by_reason[REJECT_DUPLICATE_LEASE_ID], 0);
    cr_expect_eq(c[0].n, c[1].n);
    cr_expect_eq(c[0].trace, c[1].trace, "rejects in the same order");
    cr_expect_eq(memcmp(&st[0].norm, &st[1].norm, sizeof st[0].norm), 0, "same value counts");
    cr_expect_gt(st[0].norm.ip_invalid, 0);
    for (size_t col = 0; col < t[0]->n_text; col++)
        for (size_t i = 0; i < t[0]->count && i < t[1]->count; i++)
            if (strcmp(lease_table_text(t[0], col, i), lease_table_text(t[1], col, i)) != 0 ||
                t[0]->text[col].id[i] != t[1]->text[col].id[i]) {
                cr_expect_fail("column %zu row %zu differs", col, i);
                break;
            }
    for (int k = 0; k < 2; k++) {
        load_stats_free(&st[k]);
        lease_table_free(t[k]);
    }
    free(text);
}

Test(load, two_threads_stop_at_the_reject_limit)
{
    char *text = many_batches();
    lease_table *t;
    load_stats st;
    counter c = {0};
    lh_error err;
    cr_expect_eq(load_text_threads(text, "20", 2, &t, &st, &c, &err), LH_EDATA);
    cr_expect_eq(c.n, 21, "the reject over the limit ends the load");
    load_stats_free(&st);
    lease_table_free(t);
    free(text);
}

/* A file's rows after its first 16 MiB are foreseen from its size (load.c, reserve_rows): the
 * table makes room for them once instead of doubling (from 262,144 to 524,288 rows here), and
 * every row is where it belongs; with two threads a third maps that room meanwhile, and the
 * table is the one thread's, cell for cell. */
Test(load, a_file_of_known_size_reserves_its_rows_once)
{
    enum { N = 300000 };
    size_t cap = (size_t)N * 160, o = 0;
    char *buf = malloc(cap);
    o += (size_t)snprintf(buf + o, cap - o, "lease_id,created_at,email,address\n");
    for (int i = 0; i < N; i++)
        o += (size_t)snprintf(
            buf + o, cap - o,
            "L%d,2024-01-%02d,u%d@x.org,%d Long Street Name Of Some Length Building "
            "West Floor Seven Door Twelve\n",
            i, 1 + i % 28, i, i);
    cr_assert_gt(o, (size_t)30 << 20, "well past RESERVE_AFTER");
    lease_table *t;
    load_stats st;
    counter c = {0};
    lh_error err;
    cr_assert_eq(load_text_threads(buf, NULL, 2, &t, &st, &c, &err), LH_OK, "%s", err.message);
    cr_assert_eq(t->count, N);
    cr_expect_geq(t->cap, t->count);
    cr_expect_lt(t->cap, 524288, "reserved from the file's size, not doubled: %zu", t->cap);
    char want[64];
    for (int i = 0; i < N; i += 997) {
        snprintf(want, sizeof want, "L%d", i);
        cr_expect_str_eq(lease_table_text(t, LT_LEASE_ID, (size_t)i), want);
        snprintf(want, sizeof want, "u%d@x.org", i);
        cr_expect_str_eq(lease_table_text(t, LT_EMAIL, (size_t)i), want);
    }
    lease_table *one;
    load_stats st1;
    counter c1 = {0};
    cr_assert_eq(load_text_threads(buf, NULL, 1, &one, &st1, &c1, &err), LH_OK, "%s", err.message);
    cr_assert_eq(one->count, t->count);
    size_t differ = 0;
    for (size_t col = 0; col < t->n_text; col++)
        for (size_t i = 0; i < t->count; i++)
            differ += one->text[col].id[i] != t->text[col].id[i];
    for (size_t i = 0; i < t->count; i++)
        differ += one->created_at[i] != t->created_at[i] || one->duration[i] != t->duration[i] ||
                  one->payment_type[i] != t->payment_type[i] || one->label[i] != t->label[i];
    cr_expect_eq(differ, 0, "cells that differ between one and two threads");
    load_stats_free(&st1);
    lease_table_free(one);
    load_stats_free(&st);
    lease_table_free(t);
    free(buf);
}

/* A reservation is a hint: one that memory cannot hold leaves the table as it was, and rows
 * are appended as before. */
#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif

Test(lease_table, a_reservation_too_large_is_refused_not_fatal)
{
#ifdef UNDER_ASAN
    cr_skip_test("AddressSanitizer stops at a request this size instead of refusing it");
#endif
    lease_table *t = lease_table_new(NULL, 0);
    cr_expect_eq(lease_table_reserve(t, (size_t)1 << 60), 0);
    cr_expect_eq(t->cap, 0);
    cr_expect_eq(lease_table_reserve(t, 5000), 1);
    cr_expect_geq(t->cap, 5000);
    lease_table_free(t);
}
