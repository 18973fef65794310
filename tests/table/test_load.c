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
} counter;

static lh_status count_reject(void *ctx, const char *file, uint64_t line, uint64_t offset,
                              reject_reason why, const char *excerpt, lh_error *err)
{
    (void)file, (void)offset, (void)err;
    counter *c = ctx;
    c->n++;
    snprintf(c->last, sizeof c->last, "%llu %s %s", (unsigned long long)line,
             reject_reason_name(why), excerpt);
    return LH_OK;
}

static lh_status load_text(const char *text, const char *max, lease_table **t, load_stats *st,
                           counter *c, lh_error *err)
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
    const char *paths[] = {path};
    lh_error_clear(err);
    lh_status s = load_inputs(t, paths, 1, &o, st, err);
    colmap_free(&m);
    free(path);
    tmp_remove_tree(dir);
    free(dir);
    return s;
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
