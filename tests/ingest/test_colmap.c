#include "ingest/colmap.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

static lh_status bind_header(colmap *m, const char *const *h, size_t n, colbind *b, lh_error *err)
{
    size_t len[64];
    for (size_t i = 0; i < n; i++)
        len[i] = strlen(h[i]);
    lh_error_clear(err);
    return colmap_bind(m, "f.csv", h, len, n, b, err);
}

Test(colmap, canonical_names_match_case_insensitively)
{
    colmap m;
    colmap_init(&m);
    const char *h[] = {"Lease_ID", "EMAIL", "created_at", "whatever"};
    colbind b;
    lh_error err;
    cr_assert_eq(bind_header(&m, h, 4, &b, &err), LH_OK, "%s", err.message);
    cr_expect_eq(b.src[CANON_LEASE_ID].n, 1);
    cr_expect_eq(b.src[CANON_LEASE_ID].col[0], 0);
    cr_expect_eq(b.src[CANON_EMAIL].col[0], 1);
    cr_expect_eq(b.src[CANON_CREATED_AT].col[0], 2);
    cr_expect_eq(b.used[3], 0, "unknown column left unused");
    colbind_free(&b);
    colmap_free(&m);
}

Test(colmap, aliases_apply_only_without_the_canonical_header)
{
    colmap m;
    colmap_init(&m);
    const char *h[] = {"id", "firstname", "Surname", "e-mail", "date", "ipaddress", "Usage_Type"};
    colbind b;
    lh_error err;
    cr_assert_eq(bind_header(&m, h, 7, &b, &err), LH_OK, "%s", err.message);
    cr_expect_eq(b.src[CANON_IP_KIND].col[0], 6, "an IP-intelligence export's usage type");
    cr_expect_eq(b.src[CANON_LEASE_ID].col[0], 0);
    cr_expect_eq(b.src[CANON_FIRST_NAME].col[0], 1);
    cr_expect_eq(b.src[CANON_LAST_NAME].col[0], 2);
    cr_expect_eq(b.src[CANON_EMAIL].col[0], 3);
    cr_expect_eq(b.src[CANON_CREATED_AT].col[0], 4);
    cr_expect_eq(b.src[CANON_SIGNUP_IP].col[0], 5);
    cr_expect(strstr(b.description, "created_at<-date") != NULL, "%s", b.description);
    colbind_free(&b);

    const char *h2[] = {"date", "created_at", "email"};
    cr_assert_eq(bind_header(&m, h2, 3, &b, &err), LH_OK);
    cr_expect_eq(b.src[CANON_CREATED_AT].col[0], 1, "the canonical header wins over an alias");
    colbind_free(&b);
    colmap_free(&m);
}

/* Shop and CRM exports write headers as words: spaces, hyphens, dots and camel case. */
Test(colmap, headers_written_as_words_map_like_their_snake_case)
{
    colmap m;
    colmap_init(&m);
    const char *h[] = {"Order ID",   "First Name", "LastName",         "E-Mail Address",
                       "IP Country", "Client IP",  "Card.Fingerprint", "Date of Birth",
                       "Device-ID",  "first name"};
    colbind b;
    lh_error err;
    cr_assert_eq(bind_header(&m, h, 10, &b, &err), LH_OK, "%s", err.message);
    cr_expect_eq(b.src[CANON_LEASE_ID].col[0], 0);
    cr_expect_eq(b.src[CANON_FIRST_NAME].col[0], 1, "the first of two headers for one column");
    cr_expect_eq(b.src[CANON_LAST_NAME].col[0], 2);
    cr_expect_eq(b.src[CANON_EMAIL].col[0], 3);
    cr_expect_eq(b.src[CANON_IP_COUNTRY].col[0], 4);
    cr_expect_eq(b.src[CANON_SIGNUP_IP].col[0], 5);
    cr_expect_eq(b.src[CANON_PAYMENT_FP].col[0], 6);
    cr_expect_eq(b.src[CANON_DOB].col[0], 7);
    cr_expect_eq(b.src[CANON_DEVICE_FP].col[0], 8);
    cr_expect(b.used[9] == 0, "the second 'first name' is left unknown");
    colbind_free(&b);
    colmap_free(&m);
}

/* German, French and Spanish exports; a "Name" beside a "Vorname" is the family name. */
Test(colmap, european_headers_and_a_name_beside_a_first_name)
{
    colmap m;
    colmap_init(&m);
    const char *h[] = {"Bestellnummer", "Vorname",      "Name",       "E-Mail-Adresse",
                       "Telefon",       "Straße",       "PLZ",        "Ort",
                       "Land",          "Geburtsdatum", "IP-Adresse", "Währung"};
    colbind b;
    lh_error err;
    cr_assert_eq(bind_header(&m, h, 12, &b, &err), LH_OK, "%s", err.message);
    cr_expect_eq(b.src[CANON_LEASE_ID].col[0], 0);
    cr_expect_eq(b.src[CANON_FIRST_NAME].col[0], 1);
    cr_expect_eq(b.src[CANON_LAST_NAME].col[0], 2, "Name is the family name here");
    cr_expect_eq(b.src[CANON_NAME].n, 0);
    cr_expect_eq(b.src[CANON_EMAIL].col[0], 3);
    cr_expect_eq(b.src[CANON_PHONE].col[0], 4);
    cr_expect_eq(b.src[CANON_ADDRESS].col[0], 5);
    cr_expect_eq(b.src[CANON_POSTCODE].col[0], 6);
    cr_expect_eq(b.src[CANON_CITY].col[0], 7);
    cr_expect_eq(b.src[CANON_COUNTRY].col[0], 8);
    cr_expect_eq(b.src[CANON_DOB].col[0], 9);
    cr_expect_eq(b.src[CANON_SIGNUP_IP].col[0], 10);
    cr_expect_eq(b.src[CANON_CURRENCY].col[0], 11);
    colbind_free(&b);

    const char *fr[] = {"Prénom", "Nom", "Courriel", "Téléphone", "Code postal", "Ville"};
    cr_assert_eq(bind_header(&m, fr, 6, &b, &err), LH_OK, "%s", err.message);
    cr_expect_eq(b.src[CANON_FIRST_NAME].col[0], 0);
    cr_expect_eq(b.src[CANON_LAST_NAME].col[0], 1);
    cr_expect_eq(b.src[CANON_EMAIL].col[0], 2);
    cr_expect_eq(b.src[CANON_PHONE].col[0], 3);
    cr_expect_eq(b.src[CANON_POSTCODE].col[0], 4);
    cr_expect_eq(b.src[CANON_CITY].col[0], 5);
    colbind_free(&b);

    const char *cn[] = {"First Name", "Customer Name"};
    cr_assert_eq(bind_header(&m, cn, 2, &b, &err), LH_OK, "%s", err.message);
    cr_expect_eq(b.src[CANON_NAME].col[0], 1, "a customer name is a full name");
    cr_expect_eq(b.src[CANON_LAST_NAME].n, 0);
    colbind_free(&b);

    const char *es[] = {"name", "nombre", "apellidos"};
    cr_assert_eq(bind_header(&m, es, 3, &b, &err), LH_OK, "%s", err.message);
    cr_expect_eq(b.src[CANON_NAME].col[0], 0, "with a last name, name stays the full name");
    cr_expect_eq(b.src[CANON_LAST_NAME].col[0], 2);
    colbind_free(&b);
    colmap_free(&m);
}

Test(colmap, map_joins_alternatives_and_extra_columns)
{
    colmap m;
    colmap_init(&m);
    lh_error err;
    lh_error_clear(&err);
    cr_assert_eq(colmap_add_spec(&m,
                                 "address=street_number+address_1, customer_no=CustNo, "
                                 "created_at=when|datecreated",
                                 &err),
                 LH_OK, "%s", err.message);
    cr_expect_eq(m.n_extra, 1);
    cr_expect_str_eq(m.extra[0], "customer_no");
    const char *h[] = {"street_number", "address_1", "custno", "DateCreated", "email"};
    colbind b;
    cr_assert_eq(bind_header(&m, h, 5, &b, &err), LH_OK, "%s", err.message);
    cr_expect_eq(b.src[CANON_ADDRESS].n, 2);
    cr_expect_eq(b.src[CANON_ADDRESS].col[1], 1);
    cr_expect_eq(b.src[CANON_COUNT + 0].col[0], 2);
    cr_expect_eq(b.src[CANON_CREATED_AT].col[0], 3, "second alternative used");
    colbind_free(&b);
    colmap_free(&m);
}

Test(colmap, a_map_entry_matching_nothing_is_an_error_but_a_preset_entry_is_not)
{
    colmap m;
    colmap_init(&m);
    lh_error err;
    lh_error_clear(&err);
    cr_assert_eq(colmap_add_spec(&m, "email=emial", &err), LH_OK);
    const char *h[] = {"email", "phone"};
    colbind b;
    cr_expect_eq(bind_header(&m, h, 2, &b, &err), LH_EDATA);
    cr_expect(strstr(err.message, "emial") != NULL, "%s", err.message);
    colbind_free(&b);
    colmap_free(&m);

    colmap_init(&m);
    lh_error_clear(&err);
    cr_assert_eq(colmap_add_preset(&m, "whmcs", &err), LH_OK);
    const char *w[] = {"id", "userid", "date", "ipaddress", "amount", "paymentmethod"};
    cr_expect_eq(bind_header(&m, w, 6, &b, &err), LH_OK, "%s", err.message);
    cr_expect_eq(b.src[CANON_ACCOUNT_ID].col[0], 1, "orders: account_id from userid");
    colbind_free(&b);
    const char *c[] = {"id", "firstname", "lastname", "email", "datecreated", "ip"};
    cr_expect_eq(bind_header(&m, c, 6, &b, &err), LH_OK, "%s", err.message);
    cr_expect_eq(b.src[CANON_ACCOUNT_ID].col[0], 0, "clients: account_id from id");
    cr_expect_eq(b.src[CANON_SIGNUP_IP].col[0], 5);
    colbind_free(&b);
    colmap_free(&m);
}

Test(colmap, no_identifying_column_names_headers_and_candidates)
{
    colmap m;
    colmap_init(&m);
    const char *h[] = {"order", "when", "zip", "price"};
    colbind b;
    lh_error err;
    cr_expect_eq(bind_header(&m, h, 4, &b, &err), LH_EDATA);
    cr_expect(strstr(err.message, "no identifying column") != NULL, "%s", err.message);
    cr_expect(strstr(err.message, "order, when, zip, price") != NULL, "%s", err.message);
    cr_expect(strstr(err.message, "zip->postcode") != NULL, "%s", err.message);
    colbind_free(&b);
    colmap_free(&m);
}

Test(colmap, bad_specs_are_usage_errors)
{
    static const char *const bad[] = {"email",  "=x",         "e mail=x",
                                      "email=", "email=a++b", "email=a|b|c|d|e"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        colmap m;
        colmap_init(&m);
        lh_error err;
        lh_error_clear(&err);
        lh_status st = colmap_add_spec(&m, bad[i], &err);
        cr_expect(st == LH_EUSAGE || st == LH_ENOINPUT, "spec '%s' gave %d", bad[i], st);
        colmap_free(&m);
    }
    colmap m;
    colmap_init(&m);
    lh_error err;
    lh_error_clear(&err);
    cr_expect_eq(colmap_add_preset(&m, "nosuch", &err), LH_EUSAGE);
    colmap_free(&m);
}

/* A header below a preamble: the first line is usable when it binds an identifying column;
 * a line below it only when it is clearly a header. Fields separated by '|' in the table. */
Test(colmap, a_header_below_a_preamble_must_clearly_be_one)
{
    static const struct {
        const char *map, *fields;
        int first, below;
    } cases[] = {
        {NULL, "Lease export generated 2026-11-01 by BillingPro", 0, 0},
        {NULL, "Lease export||||", 0, 0},
        {NULL, "lease_id|created_at|email", 1, 1},
        {NULL, "Ticket|E-Mail Address|Odd column|Other", 1, 0}, /* 1 of 4 mapped */
        {NULL, "id|E-Mail|Phone Number|Odd column", 1, 1},
        {NULL, "Email|ops@example.com", 1, 0}, /* a key,value line of a title block */
        {NULL, "Account|12345", 1, 0},
        {NULL, "email|phone", 1, 1},                   /* every column maps */
        {NULL, "email", 1, 0},                         /* one column: never below */
        {NULL, "order|when|zip|price|currency", 0, 0}, /* no identifying column */
        {NULL, "Report: All orders|Exported by: ops@x", 0, 0},
        {"email=Mail,lease_id=Order", "Order|Mail|Odd", 1, 0}, /* 2 of 3 mapped */
        {"email=Mail,lease_id=Order", "Order|Mail|created_at|Odd", 1, 1},
        {"email=Mail,lease_id=Order", "lease_id|email|phone", 0, 0}, /* a --map source missing */
        {"payment_fp=Token", "Order|Token|Total", 1, 0},             /* 1 of 3 mapped */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        colmap m;
        colmap_init(&m);
        lh_error err;
        lh_error_clear(&err);
        if (cases[i].map)
            cr_assert_eq(colmap_add_spec(&m, cases[i].map, &err), LH_OK, "%s", err.message);
        char buf[256];
        snprintf(buf, sizeof buf, "%s", cases[i].fields);
        const char *h[16];
        size_t len[16], n = 0;
        for (char *p = buf;; p++) {
            h[n] = p;
            char *bar = strchr(p, '|');
            len[n] = bar ? (size_t)(bar - p) : strlen(p);
            n++;
            if (!bar)
                break;
            *bar = '\0';
            p = bar;
        }
        cr_expect_eq(colmap_header_usable(&m, h, len, n, 0), cases[i].first, "case %zu first", i);
        cr_expect_eq(colmap_header_usable(&m, h, len, n, 1), cases[i].below, "case %zu below", i);
        colmap_free(&m);
    }
}
