/* Tests of recognising identifier columns by their values (table/infer.h). */
#include "ingest/colmap.h"
#include "table/infer.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#define ROWS 40
#define COLS 12

Test(infer, unknown_headers_are_read_by_their_values)
{
    static const char *const header[COLS] = {
        "lease_id",  "Account Manager", "Kontakt", "Dedicated IP", "Herkunft", "Kennung",
        "Zahlkarte", "Tarifcode",       "Notiz",   "Wenige",       "Next Due", "Access Device ID"};
    static char cell[ROWS][COLS][48];
    const char *field[ROWS * COLS];
    size_t len[ROWS * COLS];
    for (int r = 0; r < ROWS; r++) {
        snprintf(cell[r][0], 48, "L%d", r);
        snprintf(cell[r][1], 48, "staff%d@provider.example", r % 2); /* repeats: no customer's */
        snprintf(cell[r][2], 48, "user%d@example.org", r % 30);
        snprintf(cell[r][3], 48, "203.0.113.%d", r); /* the provider's own servers */
        snprintf(cell[r][4], 48, "%d.%d.113.7", 1 + r * 37 % 220, r % 7);
        snprintf(cell[r][5], 48, "%08x%08xab", r * 7919u, r % 25);
        snprintf(cell[r][6], 48, "pm_%010dxy", r % 33);
        snprintf(cell[r][7], 48, "vps-1c-%dg", r % 3); /* a plan: too few distinct values */
        snprintf(cell[r][8], 48, r % 5 ? "note %d" : "x%dyz12345678", r); /* mostly words */
        snprintf(cell[r][9], 48, r < 15 ? "ab12cd34ef%d" : "", r);        /* too few values */
        snprintf(cell[r][10], 48, "2024-03-%02dT00:00:00Z", 1 + r % 28);  /* a date, no token */
        snprintf(cell[r][11], 48, "dev%012d", r); /* a device's word, not "cc" in "Access" */
        for (int c = 0; c < COLS; c++) {
            field[r * COLS + c] = cell[r][c];
            len[r * COLS + c] = strlen(cell[r][c]);
        }
    }
    size_t hlen[COLS];
    for (int c = 0; c < COLS; c++)
        hlen[c] = strlen(header[c]);
    colmap m;
    colmap_init(&m);
    colbind b;
    lh_error err;
    lh_error_clear(&err);
    cr_assert_eq(colmap_bind_names(&m, "f.csv", header, hlen, COLS, &b, &err), LH_OK);
    cr_assert(infer_wanted(&b));
    infer_columns(&m, &b, header, hlen, COLS, field, len, ROWS);
    cr_expect(b.src[CANON_EMAIL].n == 1 && b.src[CANON_EMAIL].col[0] == 2,
              "the customers' addresses, not the staff's");
    cr_expect(b.src[CANON_SIGNUP_IP].n == 1 && b.src[CANON_SIGNUP_IP].col[0] == 4,
              "spread addresses, not the provider's servers");
    cr_expect(b.src[CANON_DEVICE_FP].n == 1 && b.src[CANON_DEVICE_FP].col[0] == 11,
              "the header says device");
    cr_expect(b.src[CANON_PAYMENT_FP].n == 1 && b.src[CANON_PAYMENT_FP].col[0] == 6,
              "the header says card (Zahlkarte)");
    cr_expect(!b.used[1] && !b.used[3] && !b.used[5] && !b.used[7] && !b.used[8] && !b.used[9] &&
                  !b.used[10],
              "staff, servers, a spare token, a plan, words, too few values, dates: unread");
    cr_expect(strstr(b.description, "email<-Kontakt (by its values)") != NULL, "%s", b.description);
    cr_expect(!infer_wanted(&b) || !b.used[5], "the slots are filled");
    colbind_free(&b);

    /* a named column is never displaced */
    static const char *const named[2] = {"device_fp", "Kennung"};
    size_t nlen[2] = {9, 7};
    const char *f2[ROWS * 2];
    size_t l2[ROWS * 2];
    for (int r = 0; r < ROWS; r++) {
        f2[r * 2] = cell[r][5], l2[r * 2] = len[r * COLS + 5];
        f2[r * 2 + 1] = cell[r][5], l2[r * 2 + 1] = len[r * COLS + 5];
    }
    cr_assert_eq(colmap_bind_names(&m, "f.csv", named, nlen, 2, &b, &err), LH_OK);
    infer_columns(&m, &b, named, nlen, 2, f2, l2, ROWS);
    cr_expect(b.src[CANON_DEVICE_FP].col[0] == 0);
    cr_expect(b.src[CANON_PAYMENT_FP].n == 1 && b.src[CANON_PAYMENT_FP].col[0] == 1,
              "a second token column fills the card");
    colbind_free(&b);
    colmap_free(&m);
}
