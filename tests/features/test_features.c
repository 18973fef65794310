/* The feature table and its document, and the one column computed across the whole log
 * (domain_persons), through the real pipeline on small logs. */
#include "features/features.h"
#include "gen/gen.h"
#include "report/pipeline.h"
#include "support/test_support.h"

#include <criterion/criterion.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

Test(features, docs_features_md_is_exactly_what_leasehound_features_prints)
{
    char *dir = tmp_dir_new();
    cr_assert_eq(run_leasehound(dir, "--features"), 0);
    char path[4200];
    snprintf(path, sizeof path, "%s/stdout.txt", dir);
    char *printed = slurp(path, NULL);
    char *doc = slurp(LH_SOURCE_DIR "/docs/features.md", NULL);
    cr_assert(doc != NULL, "docs/features.md exists");
    cr_expect_str_eq(doc, printed,
                     "docs/features.md is out of date: leasehound --features > docs/features.md");
    /* and the library prints the same */
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    features_print_markdown(f);
    fclose(f);
    cr_expect_str_eq(buf, printed);
    for (int i = 0; i < FEATURE_COUNT; i++) {
        char row[128];
        snprintf(row, sizeof row, "| %d | `%s` |", i, feature_get((feature_id)i)->name);
        cr_expect(strstr(doc, row) != NULL, "docs/features.md lists %s", row);
    }
    free(buf);
    free(printed);
    free(doc);
    tmp_remove_tree(dir);
    free(dir);
}

Test(features, names_are_unique_snake_case_and_every_evidence_column_has_words)
{
    double x[FEATURE_COUNT] = {0};
    x[F_LEASES] = 4;
    for (int i = 0; i < FEATURE_COUNT; i++) {
        const feature_info *fi = feature_get((feature_id)i);
        cr_assert_not_null(fi);
        cr_expect(strlen(fi->meaning) > 10, "%s has a meaning", fi->name);
        for (const char *p = fi->name; *p; p++)
            cr_expect(islower((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '_',
                      "%s is snake_case", fi->name);
        for (int j = 0; j < i; j++)
            cr_expect_neq(strcmp(fi->name, feature_get((feature_id)j)->name), 0, "%s twice",
                          fi->name);
        if (fi->role == ROLE_CONTEXT)
            continue;
        /* the default words are "name value": an evidence column has words of its own */
        char words[256], fallback[256];
        x[i] = 2;
        feature_reason_text((feature_id)i, x, words, sizeof words);
        snprintf(fallback, sizeof fallback, "%s %g", fi->name, x[i]);
        cr_expect_neq(strcmp(words, fallback), 0, "%s has reason words", fi->name);
        x[i] = 0;
    }
    cr_expect_null(feature_get(FEATURE_COUNT));
}

/* Runs the pipeline (built-in spec) on a CSV text; the caller frees p. */
static void run_pipeline(pipeline *p, const char *csv)
{
    char *dir = tmp_dir_new();
    char *path = tmp_write_str(dir, "x.csv", csv);
    pipeline_init(p);
    pipeline_options o;
    memset(&o, 0, sizeof o);
    o.load.map = &p->map;
    o.load.max_rejects = UINT64_MAX;
    o.load.max_rejects_pct = -1;
    o.load.limits.max_field_bytes = 65536;
    o.threads = 1;
    lh_error err;
    lh_error_clear(&err);
    const char *paths[1] = {path};
    cr_assert_eq(pipeline_run(p, paths, 1, &o, &err), LH_OK, "%s", err.message);
    free(path);
    tmp_remove_tree(dir);
    free(dir);
}

/* The feature of the renter holding lease `id`. */
static double feature_of(const pipeline *p, const char *id, feature_id f)
{
    for (size_t i = 0; i < p->table->count; i++) {
        const char *s =
            strpool_get(p->table->text[LT_LEASE_ID].pool, p->table->text[LT_LEASE_ID].id[i], NULL);
        if (strcmp(s, id) == 0)
            return renter_feature(&p->features, p->link.renter[i], f);
    }
    cr_assert_fail("no lease %s", id);
    return -1;
}

static const char *const given[] = {"Anna",  "Bruno", "Chloe", "Daniel", "Elena", "Felix",
                                    "Greta", "Hugo",  "Irene", "Jonas",  "Karin", "Lukas"};
static const char *const family[] = {"Meyer", "Lopez", "Moreau", "Novak", "Silva",
                                     "Khan",  "Berg",  "Okafor", "Rossi", "Tanaka"};

/* 80 background customers on free-mail, each with everything of their own, as rows of
 * lease_id,created_at,name,email,address,postcode,country,payment_fp and a last column: a
 * device, or with ips a sign-up address. */
static size_t freemail_customers(char *csv, size_t o, int ips)
{
    for (int i = 0; i < 80; i++) {
        o += (size_t)sprintf(csv + o,
                             "B%d,2024-01-%02d,%s %s%d,%s.%s%d@gmail.com,%d Elm St,%05d,"
                             "US,card-b%d,",
                             i, 1 + i % 28, given[i % 12], family[i % 10], i, given[i % 12],
                             family[i % 10], i, i + 1, 10000 + i, i);
        o += (size_t)(ips ? sprintf(csv + o, "10.%d.%d.7\n", i, i % 200)
                          : sprintf(csv + o, "dev-b%d\n", i));
    }
    return o;
}

/* Personas behind one catch-all domain, each with a name, address, country, card and device of
 * its own, are tied by their private domain alone: the link stage joins them (the spec's
 * `domain` field), and the renter gets domain_persons = personas - 1. Employees of one company
 * at one office share their domain and their building: 0. Customers of free-mail providers:
 * 0. (tests/link covers the domain that the link stage suppresses, which domain_persons still
 * reads across renters.) */
Test(features, personas_behind_one_private_domain_are_seen_across_renters)
{
    static char csv[1 << 16];
    size_t o = (size_t)sprintf(csv, "lease_id,created_at,name,email,address,postcode,country,"
                                    "payment_fp,device_fp\n");
    o = freemail_customers(csv, o, 0);
    for (int i = 0; i < 4; i++) /* one actor, four personas */
        o += (size_t)sprintf(csv + o,
                             "P%d,2024-02-%02d,%s %s,%c%s@zorblatt-mail.xyz,%d Oak Rd,"
                             "%05d,%s,card-p%d,dev-p%d\n",
                             i, 1 + 3 * i, given[(i * 5 + 1) % 12], family[(i * 3 + 2) % 10],
                             'a' + i, family[(i * 7) % 10], 100 + i, 20000 + 97 * i,
                             i % 2 ? "FR" : "DE", i, i);
    for (int i = 0; i < 5; i++) /* one company, one office */
        o += (size_t)sprintf(csv + o,
                             "C%d,2024-03-%02d,%s %s,%s@acme-widgets.com,1 Market Sq,"
                             "30000,GB,card-c%d,dev-c%d\n",
                             i, 1 + i, given[(i + 6) % 12], family[(i + 5) % 10],
                             given[(i + 6) % 12], i, i);
    pipeline p;
    run_pipeline(&p, csv);
    for (int i = 0; i < 4; i++) {
        char id[8];
        snprintf(id, sizeof id, "P%d", i);
        cr_expect_eq(feature_of(&p, id, F_LEASES), 4, "%s: the personas are one renter", id);
        cr_expect_eq(feature_of(&p, id, F_DOMAIN_PERSONS), 3, "%s: %g", id,
                     feature_of(&p, id, F_DOMAIN_PERSONS));
    }
    for (int i = 0; i < 5; i++) {
        char id[8];
        snprintf(id, sizeof id, "C%d", i);
        cr_expect_eq(feature_of(&p, id, F_DOMAIN_PERSONS), 0, "%s: one office is one site", id);
    }
    cr_expect_eq(feature_of(&p, "B7", F_DOMAIN_PERSONS), 0, "free-mail is nobody's domain");
    pipeline_free(&p);
}

/* A log without ip_kind has no office networks: a small school's students, each with a card
 * and a dorm room of their own, share their domain and the campus /24, which is their site
 * (0); personas of a catch-all domain, each at a /24 of its own, are still 4 persons with
 * nothing else in common (3). */
Test(features, without_ip_kinds_a_shared_24_is_a_domains_site)
{
    static char csv[1 << 16];
    size_t o = (size_t)sprintf(csv, "lease_id,created_at,name,email,address,postcode,country,"
                                    "payment_fp,signup_ip\n");
    o = freemail_customers(csv, o, 1);
    for (int i = 0; i < 5; i++) /* students of one school, on its network */
        o += (size_t)sprintf(csv + o,
                             "S%d,2024-03-%02d,%s %s,%s%d@hill-school.org,Room %d Dorm Rd,"
                             "%05d,GB,card-s%d,198.51.100.%d\n",
                             i, 1 + i, given[(i + 3) % 12], family[(i + 4) % 10],
                             given[(i + 3) % 12], i, 100 + i, 30000 + 11 * i, i, 20 + i);
    for (int i = 0; i < 4; i++) /* one actor, four personas, four networks */
        o += (size_t)sprintf(csv + o,
                             "P%d,2024-02-%02d,%s %s,%c%s@zorblatt-mail.xyz,%d Oak Rd,"
                             "%05d,DE,card-p%d,172.%d.9.9\n",
                             i, 1 + 3 * i, given[(i * 5 + 1) % 12], family[(i * 3 + 2) % 10],
                             'a' + i, family[(i * 7) % 10], 100 + i, 20000 + 97 * i, i, 20 + i);
    pipeline p;
    run_pipeline(&p, csv);
    for (int i = 0; i < 5; i++) {
        char id[8];
        snprintf(id, sizeof id, "S%d", i);
        cr_expect_eq(feature_of(&p, id, F_DOMAIN_PERSONS), 0, "%s: the campus /24 is one site", id);
    }
    cr_expect_eq(feature_of(&p, "P0", F_DOMAIN_PERSONS), 3, "%g",
                 feature_of(&p, "P0", F_DOMAIN_PERSONS));
    pipeline_free(&p);
}

/* A domain shared by more unrelated persons than the over-share fence (an unlisted mail
 * provider) is a crowd: 0, however many persons use it. */
Test(features, an_unlisted_mail_provider_is_a_crowd)
{
    static char csv[1 << 17];
    size_t o = (size_t)sprintf(csv, "lease_id,created_at,name,email,address,postcode,country,"
                                    "payment_fp\n");
    for (int i = 0; i < 240; i++)
        o += (size_t)sprintf(csv + o,
                             "M%d,2024-01-%02d,%s %s%d,u%d@regional-isp.example,"
                             "%d Birch Ln,%05d,NL,card-m%d\n",
                             i, 1 + i % 28, given[i % 12], family[i % 10], i, i, i + 1, 40000 + i,
                             i);
    pipeline p;
    run_pipeline(&p, csv);
    cr_expect_eq(feature_of(&p, "M0", F_DOMAIN_PERSONS), 0, "%g",
                 feature_of(&p, "M0", F_DOMAIN_PERSONS));
    cr_expect_eq(feature_of(&p, "M100", F_DOMAIN_PERSONS), 0);
    pipeline_free(&p);
}

/* Counts of distinct values are of values, not of runs: a renter whose leases alternate between
 * two devices and two addresses (in lease order a, b, a, b, ...) has 2 of each, one card, one
 * mailbox. */
Test(features, alternating_values_count_once_each)
{
    static char csv[1 << 16];
    size_t o = (size_t)sprintf(csv, "lease_id,created_at,name,email,address,postcode,country,"
                                    "payment_fp,device_fp\n");
    o = freemail_customers(csv, o, 0);
    for (int i = 0; i < 8; i++)
        o += (size_t)sprintf(csv + o,
                             "A%d,2024-02-%02d,Vera Quill,vera.quill@gmail.com,%s,40000,DE,"
                             "card-a,dev-a%d\n",
                             i, 1 + i, i % 2 ? "2 Pine Rd" : "9 Ash Ln", i % 2);
    pipeline p;
    run_pipeline(&p, csv);
    cr_expect_eq(feature_of(&p, "A0", F_LEASES), 8, "one renter");
    cr_expect_eq(feature_of(&p, "A0", F_DEVICES), 2, "%g", feature_of(&p, "A0", F_DEVICES));
    cr_expect_eq(feature_of(&p, "A0", F_ADDRESSES), 2, "%g", feature_of(&p, "A0", F_ADDRESSES));
    cr_expect_eq(feature_of(&p, "A0", F_CARDS), 1, "%g", feature_of(&p, "A0", F_CARDS));
    cr_expect_eq(feature_of(&p, "A0", F_EMAILS), 1, "%g", feature_of(&p, "A0", F_EMAILS));
    pipeline_free(&p);
}

/* The risk rates of one renter whose five leases differ on every fact they count (features.c,
 * risk_facts): e-mail kinds, an e-mail's local part against the name, billing against IP
 * country (by normalized value: "Germany" is DE), the IP's and the payment's kind, a phone. */
Test(features, risk_rates_count_each_leases_facts)
{
    static char csv[1 << 16];
    size_t o = (size_t)sprintf(csv, "lease_id,created_at,name,email,address,postcode,country,"
                                    "payment_fp,device_fp,phone,payment_type,ip_country,ip_kind\n");
    for (int i = 0; i < 80; i++)
        o += (size_t)sprintf(csv + o,
                             "B%d,2024-01-%02d,%s %s%d,%s.%s%d@gmail.com,%d Elm St,%05d,US,"
                             "card-b%d,dev-b%d,+1 555 01%04d,card,US,residential\n",
                             i, 1 + i % 28, given[i % 12], family[i % 10], i, given[i % 12],
                             family[i % 10], i, i + 1, 10000 + i, i, i, i);
    static const char *const v[] = {
        "V0,2024-03-01,Vera Quill,vera.quill@gmail.com,1 Oak Rd,50000,DE,card-v,dev-v0,"
        "+49 30 5550001,card,DE,residential",
        "V1,2024-03-02,Vera Quill,zq81@mailinator.com,1 Oak Rd,50000,DE,card-v,dev-v1,,prepaid,FR,"
        "vpn",
        "V2,2024-03-03,Vera Quill,,1 Oak Rd,50000,DE,card-v,dev-v2,,crypto,,",
        "V3,2024-03-04,Vera Quill,vq@quillworks.example,1 Oak Rd,50000,,card-v,dev-v3,"
        "+49 30 5550003,,FR,hosting",
        "V4,2024-03-05,Vera Quill,k7x@gmail.com,1 Oak Rd,50000,Germany,card-v,dev-v4,"
        "+49 30 5550004,card,DE,business",
    };
    for (size_t i = 0; i < sizeof v / sizeof *v; i++)
        o += (size_t)sprintf(csv + o, "%s\n", v[i]);
    pipeline p;
    run_pipeline(&p, csv);
    cr_assert_eq(feature_of(&p, "V0", F_LEASES), 5, "one renter");
    static const struct {
        feature_id f;
        double want;
    } rate[] = {
        {F_DISPOSABLE, 1 / 4.0},       {F_FREEMAIL, 2 / 4.0}, {F_UNRELATED_LOCAL, 2 / 4.0},
        {F_COUNTRY_MISMATCH, 1 / 3.0}, {F_ANON_IP, 2 / 4.0},  {F_UNTRACEABLE_PAY, 2 / 4.0},
        {F_NO_PHONE, 2 / 5.0},
    };
    for (size_t k = 0; k < sizeof rate / sizeof *rate; k++)
        cr_expect_float_eq(feature_of(&p, "V0", rate[k].f), rate[k].want, 1e-12, "%s: %g, not %g",
                           feature_get(rate[k].f)->name, feature_of(&p, "V0", rate[k].f),
                           rate[k].want);
    cr_expect_eq(feature_of(&p, "B3", F_COUNTRY_MISMATCH), 0);
    pipeline_free(&p);
}

/* Threads take chunks of renters in turn: the features are the same for any number of threads
 * (a generated log of 40,000 leases: about ten chunks, renters of many sizes). */
Test(features, threads_take_chunks_and_change_nothing)
{
    char *dir = tmp_dir_new(), path[4096];
    snprintf(path, sizeof path, "%s/hard.csv", dir);
    gen_options go = {gen_scenario_find("hard"), 40000, 3, 0};
    gen_stats gs;
    lh_error err;
    lh_error_clear(&err);
    cr_assert_eq(gen_write_files(path, NULL, &go, &gs, &err), LH_OK, "%s", err.message);
    pipeline p;
    pipeline_init(&p);
    pipeline_options o;
    memset(&o, 0, sizeof o);
    o.load.map = &p.map;
    o.load.max_rejects = UINT64_MAX;
    o.load.max_rejects_pct = -1;
    o.load.limits.max_field_bytes = 65536;
    o.threads = 1;
    const char *paths[1] = {path};
    cr_assert_eq(pipeline_run(&p, paths, 1, &o, &err), LH_OK, "%s", err.message);
    size_t nr = p.link.n_renters;
    cr_assert_gt(nr, 3 * 2048, "%zu renters: several chunks", nr);
    for (int threads = 2; threads <= 3; threads++) {
        renter_features rf;
        renter_features_build(&rf, p.table, &p.link, &p.spec, threads);
        cr_assert_eq(rf.n_renters, nr);
        cr_expect_eq(memcmp(rf.x, p.features.x, nr * FEATURE_COUNT * sizeof *rf.x), 0, "%d threads",
                     threads);
        cr_expect_eq(rf.has_time, p.features.has_time);
        renter_features_free(&rf);
    }
    pipeline_free(&p);
    tmp_remove_tree(dir);
    free(dir);
}
