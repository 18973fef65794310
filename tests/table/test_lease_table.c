#include "table/lease_table.h"
#include "util/mem.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

static void row_init(lease_row *r, const char *id, const char *email)
{
    memset(r, 0, sizeof *r);
    for (size_t c = 0; c < LT_TEXT_COUNT + 1; c++) {
        r->text[c] = "";
        r->len[c] = 0;
    }
    r->text[LT_LEASE_ID] = id;
    r->len[LT_LEASE_ID] = strlen(id);
    r->text[LT_EMAIL] = email;
    r->len[LT_EMAIL] = strlen(email);
    r->created_at = LT_MISSING_TIME;
    r->amount = NAN;
    r->duration = -1;
    r->label = -1;
}

Test(lease_table, equal_strings_get_equal_ids_and_duplicates_are_refused)
{
    const char *extra[] = {"customer_no"};
    lease_table *t = lease_table_new(extra, 1);
    lease_row r;
    row_init(&r, "a", "x@y.org");
    r.text[LT_TEXT_COUNT] = "C-1";
    r.len[LT_TEXT_COUNT] = 3;
    cr_expect_eq(lease_table_add(t, &r), 0);
    row_init(&r, "b", "x@y.org");
    cr_expect_eq(lease_table_add(t, &r), 1);
    row_init(&r, "a", "z@y.org");
    cr_expect_eq(lease_table_add(t, &r), -1, "duplicate lease_id");
    cr_expect_eq(t->count, 2);
    cr_expect_eq(t->text[LT_EMAIL].id[0], t->text[LT_EMAIL].id[1]);
    cr_expect_eq(t->text[LT_PHONE].id[0], 0, "missing is id 0");
    cr_expect_eq(lease_table_column(t, "customer_no"), LT_TEXT_COUNT);
    cr_expect_str_eq(lease_table_text(t, LT_TEXT_COUNT, 0), "C-1");
    cr_expect_eq(lease_table_column(t, "EMAIL"), LT_EMAIL);
    cr_expect_eq(lease_table_column(t, "nope"), -1);
    lease_table_free(t);
}

Test(lease_table, grows_past_its_first_allocation)
{
    lease_table *t = lease_table_new(NULL, 0);
    char id[32];
    lease_row r;
    for (int i = 0; i < 5000; i++) {
        snprintf(id, sizeof id, "L%d", i);
        row_init(&r, id, i % 2 ? "odd@x.org" : "even@x.org");
        cr_assert_eq(lease_table_add(t, &r), i);
    }
    cr_expect_eq(strpool_count(t->text[LT_EMAIL].pool), 3);
    cr_expect_str_eq(lease_table_text(t, LT_LEASE_ID, 4999), "L4999");
    cr_expect(lease_table_memory(t) > 5000 * 4 * LT_TEXT_COUNT);
    lease_table_free(t);
}

/* Rows from..to-1: lease "L<i>", e-mail "u<i mod 700>@x.org", amount i. */
static void add_numbered(lease_table *t, int from, int to)
{
    char id[32], mail[32];
    lease_row r;
    for (int i = from; i < to; i++) {
        snprintf(id, sizeof id, "L%d", i);
        snprintf(mail, sizeof mail, "u%d@x.org", i % 700);
        row_init(&r, id, mail);
        r.amount = i;
        cr_assert_eq(lease_table_add(t, &r), i);
    }
}

/* Mapping the room reserved ahead of the rows (load.c's populate thread) changes no row, neither
 * those written nor those added after; a range past the room, or empty, is clamped or ignored,
 * and mem_populate keeps a block's bytes. */
Test(lease_table, populating_the_reserved_room_changes_no_row)
{
    lease_table *t = lease_table_new(NULL, 0);
    char id[32], mail[32];
    add_numbered(t, 0, 3000);
    cr_assert(lease_table_reserve(t, 400000));
    lease_table_populate(t, 0, 400000);
    lease_table_populate(t, 50, 10);
    lease_table_populate(t, 0, (size_t)1 << 40);
    add_numbered(t, 3000, 6000);
    for (int i = 0; i < 6000; i++) {
        snprintf(id, sizeof id, "L%d", i);
        snprintf(mail, sizeof mail, "u%d@x.org", i % 700);
        cr_expect_str_eq(lease_table_text(t, LT_LEASE_ID, (size_t)i), id);
        cr_expect_str_eq(lease_table_text(t, LT_EMAIL, (size_t)i), mail);
        cr_expect_eq(t->text[LT_EMAIL].id[i], t->text[LT_EMAIL].id[i % 700]);
        cr_expect_eq(t->amount[i], (double)i);
        cr_expect_eq(t->text[LT_PHONE].id[i], 0);
    }
    lease_table_free(t);

    size_t n = (size_t)8 << 20;
    unsigned char *b = malloc(n);
    for (size_t i = 0; i < n; i++)
        b[i] = (unsigned char)(i * 131 + 7);
    mem_populate(b + 3, n - 5);
    mem_populate(b, 0);
    size_t bad = 0;
    for (size_t i = 0; i < n; i++)
        bad += b[i] != (unsigned char)(i * 131 + 7);
    cr_expect_eq(bad, 0);
    free(b);
}

/* A reservation makes room in the index of a column whose values have been distinct (the
 * lease id, e-mails), not in one of few values (the empty phone column's), and changes no id. */
Test(lease_table, a_reservation_sizes_the_indexes_of_distinct_columns)
{
    lease_table *t = lease_table_new(NULL, 0), *u = lease_table_new(NULL, 0);
    char id[32], email[32];
    lease_row r;
    for (int i = 0; i < 1000; i++) {
        snprintf(id, sizeof id, "L%d", i);
        snprintf(email, sizeof email, "m%d@x.org", i);
        row_init(&r, id, email);
        cr_assert_eq(lease_table_add(t, &r), i);
        cr_assert_eq(lease_table_add(u, &r), i);
    }
    size_t ids = strpool_memory(t->text[LT_LEASE_ID].pool);
    size_t mails = strpool_memory(t->text[LT_EMAIL].pool);
    size_t phones = strpool_memory(t->text[LT_PHONE].pool);
    lease_table_reserve_indexes(t, 100000);
    cr_expect_geq(strpool_memory(t->text[LT_LEASE_ID].pool), ids + 100000 * sizeof(uint64_t));
    cr_expect_geq(strpool_memory(t->text[LT_EMAIL].pool), mails + 100000 * sizeof(uint64_t));
    cr_expect_eq(strpool_memory(t->text[LT_PHONE].pool), phones);
    for (int i = 1000; i < 3000; i++) {
        snprintf(id, sizeof id, "L%d", i);
        snprintf(email, sizeof email, "m%d@x.org", i % 1500);
        row_init(&r, id, email);
        cr_assert_eq(lease_table_add(t, &r), i);
        cr_assert_eq(lease_table_add(u, &r), i);
        cr_assert_eq(t->text[LT_EMAIL].id[i], u->text[LT_EMAIL].id[i]);
    }
    lease_table_free(t);
    lease_table_free(u);
}
