/* The link stage on small tables built row by row: what links, what a crowd is, persons. */
#include "gen/gen.h"
#include "link/compare.h"
#include "link/link.h"
#include "link/link_internal.h" /* link_narrow_patterns_max */
#include "normalize/domains.h"
#include "normalize/normalize.h"
#include "support/test_support.h"
#include "util/mem.h"
#include "util/radix.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct row_spec {
    const char *id, *name, *email, *card, *ip, *address, *postcode, *device, *office;
    int hosting; /* the sign-up address is a hosting provider's (else business, with an office) */
    int kind;    /* ip_kind when not 0 (without an office) */
} row_spec;

/* Builds a table through the normalizers, as load does. */
static lease_table *table_of(const row_spec *rows, size_t n)
{
    lease_table *t = lease_table_new(NULL, 0);
    for (size_t i = 0; i < n; i++) {
        lease_row r;
        memset(&r, 0, sizeof r);
        static char keys[LT_TEXT_COUNT][NORM_KEY_MAX], prefix[NORM_KEY_MAX];
        for (size_t c = 0; c < LT_TEXT_COUNT; c++)
            r.text[c] = "";
        const row_spec *s = &rows[i];
        r.text[LT_LEASE_ID] = s->id;
        r.len[LT_LEASE_ID] = strlen(s->id);
        if (s->name) {
            r.len[LT_NAME] = name_normalize(s->name, strlen(s->name), keys[LT_NAME]);
            r.text[LT_NAME] = keys[LT_NAME];
            r.text[LT_NAME_RAW] = s->name;
            r.len[LT_NAME_RAW] = strlen(s->name);
        }
        if (s->email) {
            size_t dom;
            r.len[LT_EMAIL] = email_normalize(s->email, strlen(s->email), keys[LT_EMAIL], &dom);
            r.text[LT_EMAIL] = keys[LT_EMAIL];
            if (domain_classify(keys[LT_EMAIL] + dom, r.len[LT_EMAIL] - dom) == DOMAIN_OTHER) {
                r.text[LT_ORG_DOMAIN] = keys[LT_EMAIL] + dom;
                r.len[LT_ORG_DOMAIN] = r.len[LT_EMAIL] - dom;
            }
        }
        if (s->card) {
            r.len[LT_PAYMENT_FP] = ident_normalize(s->card, strlen(s->card), keys[LT_PAYMENT_FP]);
            r.text[LT_PAYMENT_FP] = keys[LT_PAYMENT_FP];
        }
        if (s->device) {
            r.len[LT_DEVICE_FP] = ident_normalize(s->device, strlen(s->device), keys[LT_DEVICE_FP]);
            r.text[LT_DEVICE_FP] = keys[LT_DEVICE_FP];
        }
        if (s->ip && ip_normalize(s->ip, strlen(s->ip), keys[LT_SIGNUP_IP], prefix)) {
            r.text[LT_SIGNUP_IP] = keys[LT_SIGNUP_IP];
            r.len[LT_SIGNUP_IP] = strlen(keys[LT_SIGNUP_IP]);
            r.text[LT_IP_PREFIX] = prefix;
            r.len[LT_IP_PREFIX] = strlen(prefix);
        }
        if (s->address) {
            r.len[LT_ADDRESS] = address_normalize(s->address, strlen(s->address), keys[LT_ADDRESS]);
            r.text[LT_ADDRESS] = keys[LT_ADDRESS];
        }
        if (s->postcode) {
            r.len[LT_POSTCODE] =
                code_normalize(s->postcode, strlen(s->postcode), keys[LT_POSTCODE]);
            r.text[LT_POSTCODE] = keys[LT_POSTCODE];
        }
        if (s->office) { /* what normalize_row derives from a business or hosting address */
            r.text[LT_OFFICE_NET] = s->office;
            r.len[LT_OFFICE_NET] = strlen(s->office);
            r.ip_kind = s->hosting ? IPK_HOSTING : IPK_BUSINESS;
        } else if (s->kind) {
            r.ip_kind = (uint8_t)s->kind;
        }
        r.created_at = 1700000000 + (int64_t)i * 3600;
        r.amount = NAN;
        r.duration = -1;
        r.label = -1;
        cr_assert_geq(lease_table_add(t, &r), 0);
    }
    return t;
}

/* A background population: n ordinary customers, each with their own everything. */
static size_t background(row_spec *rows, size_t at, size_t n, char (*buf)[6][64])
{
    static const char *given[] = {"Anna", "Ben",   "Carla", "Dmitri",
                                  "Emma", "Farid", "Grace", "Hiro"};
    static const char *family[] = {"Smith", "Tanaka", "Moreau", "Novak", "Silva", "Khan", "Berg"};
    for (size_t i = 0; i < n; i++) {
        snprintf(buf[i][0], 64, "B%zu", i);
        snprintf(buf[i][1], 64, "%s %s%zu", given[i % 8], family[i % 7], i);
        snprintf(buf[i][2], 64, "user%zu@example%zu.org", i, i % 13);
        snprintf(buf[i][3], 64, "card-%zu", i);
        snprintf(buf[i][4], 64, "10.%zu.%zu.%zu", i % 200, (i / 200) % 200, i % 251);
        snprintf(buf[i][5], 64, "%zu Elm Street", i);
        rows[at + i] = (row_spec){buf[i][0], buf[i][1], buf[i][2], buf[i][3],
                                  buf[i][4], buf[i][5], NULL,      NULL};
    }
    return at + n;
}

static link_spec spec_builtin(void)
{
    link_spec s;
    lh_error err;
    lh_error_clear(&err);
    cr_assert_eq(link_spec_load(&s, NULL, &err), LH_OK);
    return s;
}

/* Links t with the built-in spec (resolved into *s), on options o (NULL: the defaults). */
static void link_builtin(const lease_table *t, link_spec *s, link_result *r, const link_options *o)
{
    *s = spec_builtin();
    lh_error err;
    lh_error_clear(&err);
    cr_assert_eq(link_spec_resolve(s, t, &err), LH_OK, "%s", err.message);
    cr_assert_eq(link_run(r, t, s, o, &err), LH_OK, "%s", err.message);
}

Test(link, personas_sharing_a_card_become_one_renter_of_several_persons)
{
    static row_spec rows[1100];
    static char buf[1000][6][64];
    size_t n = background(rows, 0, 1000, buf);
    const char *personas[][2] = {{"Ivan Petrov", "ip1@mail.test"},
                                 {"Li Wei", "lw@mail.test"},
                                 {"Maria Garcia", "mg@mail.test"},
                                 {"John Doe", "jd@mail.test"},
                                 {"Yuki Sato", "ys@mail.test"}};
    for (int k = 0; k < 5; k++) {
        static char id[5][8];
        snprintf(id[k], 8, "F%d", k);
        rows[n++] = (row_spec){id[k], personas[k][0], personas[k][1], "CARD-SHARED-1",
                               NULL,  NULL,           NULL,           NULL};
    }
    lease_table *t = table_of(rows, n);
    link_spec s;
    link_result r;
    link_options o = {2, NULL};
    link_builtin(t, &s, &r, &o);
    uint32_t renter = r.renter[1000];
    for (int k = 1; k < 5; k++)
        cr_expect_eq(r.renter[1000 + k], renter, "persona %d joins the renter", k);
    cr_expect_eq(r.renter_size[renter], 5);
    cr_expect_eq(r.renter_persons[renter], 5, "five distinct persons");
    int persona_links = 0;
    for (size_t e = 0; e < r.n_edge; e++)
        persona_links += r.renter[r.edge[e].a] == renter && r.edge[e].kind == LINK_PERSONA;
    cr_expect(persona_links > 0, "the links are explained as personas tied by the card");
    for (size_t i = 0; i < 1000; i++)
        cr_expect_neq(r.renter[i], renter, "no customer joins the personas");
    link_result_free(&r);
    lease_table_free(t);
}

/* Pairs keep their pattern index in 16 bits while the patterns are few, and in 32 beyond: the
 * wide path (forced here by lowering the narrow limit) links exactly as the narrow one. */
/* The same links, pair for pair, pattern and weight. */
static void expect_same_links(const link_result *a, const link_result *b)
{
    cr_expect_eq(a->n_edge, b->n_edge);
    for (size_t e = 0; e < a->n_edge && e < b->n_edge; e++)
        cr_expect(a->edge[e].a == b->edge[e].a && a->edge[e].b == b->edge[e].b &&
                      a->edge[e].pattern == b->edge[e].pattern &&
                      a->edge[e].log_odds == b->edge[e].log_odds,
                  "link %zu", e);
}

Test(link, wide_pattern_indexes_link_as_narrow_ones)
{
    static row_spec rows[1100];
    static char buf[1000][6][64];
    size_t n = background(rows, 0, 1000, buf);
    for (int k = 0; k < 40; k++) { /* customers who share a card in pairs: many patterns */
        static char id[40][8], name[40][32];
        snprintf(id[k], 8, "W%d", k);
        snprintf(name[k], 32, "%s Wide%d", k % 2 ? "Anna" : "Ben", k / 2);
        rows[n++] = (row_spec){id[k], name[k], buf[k][2], buf[k / 2][3], buf[k % 7][4],
                               NULL,  NULL,    NULL,      NULL};
    }
    lease_table *t = table_of(rows, n);
    link_spec s;
    link_result a, b;
    link_builtin(t, &s, &a, NULL);
    uint32_t saved = link_narrow_patterns_max;
    link_narrow_patterns_max = 1;
    link_builtin(t, &s, &b, NULL);
    link_narrow_patterns_max = saved;
    cr_expect(a.n_edge > 0);
    cr_expect_eq(memcmp(a.renter, b.renter, n * sizeof *a.renter), 0, "same renters");
    expect_same_links(&a, &b);
    link_result_free(&a);
    link_result_free(&b);
    lease_table_free(t);
}

/* The name memo returns what name_compare returned: with two slots (nearly every comparison
 * evicting another, the key checked on every hit) and without a memo, the same links. */
Test(link, the_name_memo_changes_no_link)
{
    static row_spec rows[700];
    static char buf[600][6][64];
    size_t n = background(rows, 0, 600, buf);
    static const char *const variant[] = {"Anna Berg", "Anna Bergh", "A. Berg",  "Berg Anna",
                                          "Ana Berg",  "Hanna Berg", "Anna Borg"};
    for (int k = 0; k < 84; k++) { /* one card per 12 leases, names typed seven ways */
        static char id[84][8];
        snprintf(id[k], 8, "N%d", k);
        rows[n++] =
            (row_spec){id[k], variant[k % 7], NULL, buf[k / 12][3], NULL, NULL, NULL, NULL, NULL};
    }
    lease_table *t = table_of(rows, n);
    link_spec s;
    link_result a, b;
    int saved = link_name_memo_bits;
    link_name_memo_bits = 0;
    link_builtin(t, &s, &a, NULL);
    link_name_memo_bits = 1;
    link_builtin(t, &s, &b, NULL);
    link_name_memo_bits = saved;
    cr_expect(a.n_edge > 0);
    expect_same_links(&a, &b);
    link_result_free(&a);
    link_result_free(&b);
    lease_table_free(t);
}

/* A date field compares its values' bytes packed in one word (fsmodel.c, date8): every pair of
 * dates, near misses and values of other lengths among them, gets the level that date_compare
 * gives their texts. */
Test(link, dates_compare_as_their_texts_do)
{
    static const char *const dob[] = {"19800101", "19800110", "19801001", "19800102", "19810101",
                                      "18900101", "19800101", "19800201", "1980011",  "198001011",
                                      "20011231", "20013112", "19800110", "21800101", "19808101"};
    enum { N = sizeof dob / sizeof *dob };
    lease_table *t = lease_table_new(NULL, 0);
    for (size_t i = 0; i < N; i++) {
        lease_row r;
        memset(&r, 0, sizeof r);
        for (size_t c = 0; c < LT_TEXT_COUNT; c++)
            r.text[c] = "";
        char id[8];
        snprintf(id, sizeof id, "D%zu", i);
        r.text[LT_LEASE_ID] = id;
        r.len[LT_LEASE_ID] = strlen(id);
        r.text[LT_DOB] = dob[i];
        r.len[LT_DOB] = strlen(dob[i]);
        r.amount = NAN;
        r.duration = -1;
        r.label = -1;
        cr_assert_geq(lease_table_add(t, &r), 0);
    }
    link_spec s = spec_builtin();
    lh_error err;
    lh_error_clear(&err);
    cr_assert_eq(link_spec_resolve(&s, t, &err), LH_OK, "%s", err.message);
    int f = 0;
    while (f < s.n_field && s.field[f].method != CMP_DATE)
        f++;
    cr_assert_lt(f, s.n_field, "the built-in spec has a date field");
    link_ctx c;
    memset(&c, 0, sizeof c);
    c.t = t;
    c.spec = &s;
    c.n = t->count;
    c.threads = 1;
    link_result r;
    memset(&r, 0, sizeof r);
    link_values_build(&c, &r);
    link_values_release_index(&c);
    link_records_build(&c);
    for (uint32_t i = 0; i < N; i++)
        for (uint32_t j = 0; j < N; j++) {
            int level = pattern_level(link_compare(&c, i, j, NULL), f);
            int want = date_compare(dob[i], strlen(dob[i]), dob[j], strlen(dob[j]));
            cr_expect_eq(level, want, "%s vs %s: level %d, date_compare %d", dob[i], dob[j], level,
                         want);
        }
    link_fit_release(&c);
    link_pairs_free(&c);
    link_values_free(&c);
    link_result_free(&r);
    lease_table_free(t);
}

/* Deciding passes over the pairs whose pattern cannot reach the threshold even with the
 * largest term-frequency adjustments (fsmodel.c, pattern_may_link). Against scoring every pair:
 * the same links, with the threshold put just under the odds of a pair that a rare name's
 * adjustment lifts (a bound without the adjustments would pass over it). */
Test(link, passing_over_pairs_that_cannot_link_changes_no_link)
{
    static row_spec rows[1800];
    static char buf[1000][6][64];
    size_t n = background(rows, 0, 1000, buf);
    /* ten common names, 60 leases each: a rare name agreeing weighs bits more than the usual */
    static char cid[600][8];
    static const char *const common[] = {"Anna Smith",  "Ben Khan",  "Carla Silva",  "Dan Berg",
                                         "Emma Novak",  "Farid Ito", "Grace Moreau", "Hiro Tanaka",
                                         "Ivan Petrov", "Jana Horak"};
    for (int k = 0; k < 600; k++) {
        snprintf(cid[k], 8, "C%d", k);
        rows[n++] = (row_spec){cid[k], common[k % 10], NULL, NULL, NULL, NULL, NULL, NULL, NULL};
    }
    /* pairs of one rare name and one postcode */
    static char id[40][8], name[20][32], pc[20][8];
    size_t first = n;
    for (int k = 0; k < 40; k++) {
        snprintf(id[k], 8, "T%d", k);
        snprintf(name[k / 2], 32, "Olga Rarename%d", k / 2);
        snprintf(pc[k / 2], 8, "Q%d 1AA", k / 2);
        rows[n++] = (row_spec){id[k], name[k / 2], NULL, NULL, NULL, NULL, pc[k / 2], NULL, NULL};
    }
    lease_table *t = table_of(rows, n);
    link_spec s;
    link_result a, b;
    link_builtin(t, &s, &a, NULL);
    link_params p = a.params;
    link_result_free(&a);
    link_options o = {1, &p};
    lh_error err;
    lh_error_clear(&err);
    /* the odds of the rare-name pairs, every pair scored under a threshold of 2^-30 odds */
    s.threshold = 1e-9;
    link_decide_bound = 0;
    cr_assert_eq(link_run(&a, t, &s, &o, &err), LH_OK);
    double odds = -INFINITY;
    for (size_t e = 0; e < a.n_edge; e++)
        if (a.edge[e].a >= first)
            odds = fmax(odds, a.edge[e].log_odds);
    link_result_free(&a);
    cr_assert(odds > -30, "the rare-name pairs were scored");
    double cut = odds - 1e-3;
    s.threshold = exp2(cut) / (1 + exp2(cut));
    cr_assert_eq(link_run(&b, t, &s, &o, &err), LH_OK);
    link_decide_bound = 1;
    cr_assert_eq(link_run(&a, t, &s, &o, &err), LH_OK);
    size_t linked = 0;
    for (size_t e = 0; e < a.n_edge; e++)
        linked += a.edge[e].a >= first;
    cr_expect(linked > 0, "a rare-name pair links at this threshold");
    expect_same_links(&a, &b);
    link_result_free(&a);
    link_result_free(&b);
    lease_table_free(t);
}

Test(link, a_crowd_address_is_suppressed_and_links_nobody)
{
    static row_spec rows[1100];
    static char buf[1000][6][64];
    size_t n = background(rows, 0, 1000, buf);
    /* 80 distinct customers behind one carrier NAT address */
    for (size_t i = 0; i < 80; i++)
        rows[i].ip = "100.64.0.1";
    lease_table *t = table_of(rows, n);
    link_spec s;
    link_result r;
    link_builtin(t, &s, &r, NULL);
    for (size_t i = 1; i < 80; i++)
        cr_expect_neq(r.renter[i], r.renter[0], "NAT customer %zu stays apart", i);
    int listed = 0;
    for (size_t k = 0; k < r.n_suppressed; k++) {
        const suppressed_value *sv = &r.suppressed[k];
        long col = sv->column2 ? s.field[sv->field].col2 : s.field[sv->field].col;
        if (strcmp(strpool_get(t->text[col].pool, sv->value, NULL), "100.64.0.1") == 0) {
            listed = 1;
            cr_expect_eq(sv->persons, 80);
            cr_expect_eq(sv->leases, 80);
        }
    }
    cr_expect(listed, "the crowd address is listed with its count");
    link_result_free(&r);
    lease_table_free(t);
}

/* Holders are counted with stamps that a column does not reset for the next (values.c,
 * count_holders): counted from any first stamp base, the wrap back to zero included, the same
 * values are suppressed with the same counts and the same pairs link. */
Test(link, holder_counts_do_not_depend_on_stamps_left_by_other_columns)
{
    static row_spec rows[1100];
    static char buf[1000][6][64];
    size_t n = background(rows, 0, 1000, buf);
    for (size_t i = 0; i < 80; i++) /* a crowd on one address, a family on one card */
        rows[i].ip = "100.64.0.1";
    for (size_t i = 100; i < 104; i++)
        rows[i].card = "CARD-FAMILY";
    lease_table *t = table_of(rows, n);
    link_spec s;
    link_result a;
    link_builtin(t, &s, &a, NULL);
    cr_assert(a.n_suppressed > 0, "something is suppressed");
    /* UINT32_MAX: the first column counted wraps at once; UINT32_MAX - 1500, a later one */
    const uint32_t starts[] = {1u << 31, UINT32_MAX, UINT32_MAX - 1500};
    for (size_t k = 0; k < sizeof starts / sizeof *starts; k++) {
        link_stamp_base_start = starts[k];
        link_result b;
        link_builtin(t, &s, &b, NULL);
        link_stamp_base_start = 0;
        cr_assert_eq(b.n_suppressed, a.n_suppressed, "start %u", starts[k]);
        for (size_t v = 0; v < a.n_suppressed; v++)
            cr_expect(memcmp(&a.suppressed[v], &b.suppressed[v], sizeof a.suppressed[v]) == 0,
                      "start %u, suppressed value %zu", starts[k], v);
        expect_same_links(&a, &b);
        link_result_free(&b);
    }
    link_result_free(&a);
    lease_table_free(t);
}

static uint32_t find_root(uint32_t *parent, uint32_t x)
{
    while (parent[x] != x)
        x = parent[x] = parent[parent[x]];
    return x;
}

/* The renters of r are exactly the connected components of the links it kept, numbered in the
 * row order of their first lease. */
static void expect_renters_are_components(const link_result *r, size_t n)
{
    uint32_t *parent = malloc(n * sizeof *parent), *number = malloc(n * sizeof *number);
    for (size_t i = 0; i < n; i++)
        parent[i] = (uint32_t)i, number[i] = UINT32_MAX;
    for (size_t e = 0; e < r->n_edge; e++) {
        uint32_t a = find_root(parent, r->edge[e].a), b = find_root(parent, r->edge[e].b);
        parent[a > b ? a : b] = a > b ? b : a;
    }
    uint32_t next = 0;
    size_t wrong = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t root = find_root(parent, (uint32_t)i);
        if (number[root] == UINT32_MAX)
            number[root] = next++;
        wrong += r->renter[i] != number[root];
    }
    cr_expect_eq(wrong, 0, "leases whose renter is not their component's");
    cr_expect_eq(r->n_renters, next);
    free(parent);
    free(number);
}

/* Loads a generated log of n leases of a scenario (labels: with label and actor_id columns)
 * into *p; returns the scratch folder that holds it, for tmp_remove_tree. */
static char *load_generated(const char *scenario, uint64_t n, int labels, pipeline *p)
{
    char *dir = tmp_dir_new(), path[4096];
    snprintf(path, sizeof path, "%s/%s.csv", dir, scenario);
    gen_options go = {gen_scenario_find(scenario), n, 1, labels};
    gen_stats gs;
    lh_error err;
    lh_error_clear(&err);
    cr_assert_eq(gen_write_files(path, NULL, &go, &gs, &err), LH_OK, "%s", err.message);
    cr_assert_eq(pipeline_load_one(p, path, &err), LH_OK, "%s", err.message);
    return dir;
}

/* Frees what load_generated made: the pipeline and its folder. */
static void unload_generated(pipeline *p, char *dir)
{
    pipeline_free(p);
    tmp_remove_tree(dir);
    free(dir);
}

/* Clustering cuts weak bridges (and, over max_cluster, links by size) and then joins again only
 * the components that held a cut link (cluster.c, rejoin_cut_components): whatever was cut, the
 * renters are the components of the links kept. */
Test(link, renters_are_the_components_of_the_links_kept_after_cuts)
{
    pipeline p;
    char *dir = load_generated("hard", 20000, 0, &p);
    const lease_table *t = p.table;
    lh_error err;
    lh_error_clear(&err);
    link_spec s;
    link_result r;
    link_builtin(t, &s, &r, NULL);
    cr_expect_gt(r.guard_bridges_cut, 0, "the hard log has weak bridges");
    expect_renters_are_components(&r, t->count);
    link_result_free(&r);
    /* a small cap cuts by size too, and the bridge guard then searches what is left */
    s.max_cluster = 4;
    cr_assert_eq(link_run(&r, t, &s, NULL, &err), LH_OK, "%s", err.message);
    cr_expect_gt(r.guard_size_cuts, 0, "links cut by size");
    for (size_t k = 0; k < r.n_renters; k++)
        cr_expect_leq(r.renter_size[k], 4, "renter %zu", k);
    expect_renters_are_components(&r, t->count);
    link_result_free(&r);
    unload_generated(&p, dir);
}

Test(link, one_person_typing_a_name_five_ways_counts_once)
{
    static row_spec rows[1100];
    static char buf[1000][6][64];
    size_t n = background(rows, 0, 1000, buf);
    const char *names[] = {"Taro Yamada", "YAMADA Taro", "Yamada, Taro", "taro yamada",
                           "Taro Yamda"};
    for (int k = 0; k < 5; k++) {
        static char id[5][8];
        snprintf(id[k], 8, "R%d", k);
        rows[n++] = (row_spec){id[k],      names[k], "taro.yamada@gmail.com",
                               "CARD-TY",  NULL,     "1-2-3 Shibuya",
                               "150-0002", "DEV-TY"};
    }
    lease_table *t = table_of(rows, n);
    link_spec s;
    link_result r;
    link_builtin(t, &s, &r, NULL);
    uint32_t renter = r.renter[1000];
    cr_expect_eq(r.renter_size[renter], 5);
    cr_expect_eq(r.renter_persons[renter], 1, "one person despite order, case, comma, typo");
    link_result_free(&r);
    lease_table_free(t);
}

Test(link, parameters_round_trip_and_runs_are_deterministic)
{
    static row_spec rows[1100];
    static char buf[1000][6][64];
    size_t n = background(rows, 0, 1000, buf);
    for (int k = 0; k < 3; k++) {
        static char id[3][8];
        snprintf(id[k], 8, "D%d", k);
        rows[n++] = (row_spec){id[k], k == 0 ? "Ann Lee" : k == 1 ? "Bo Chen" : "Cy Ruiz",
                               NULL,  NULL,
                               NULL,  NULL,
                               NULL,  "DEVICE-X"};
    }
    lease_table *t = table_of(rows, n);
    link_spec s = spec_builtin();
    lh_error err;
    lh_error_clear(&err);
    cr_assert_eq(link_spec_resolve(&s, t, &err), LH_OK);
    link_result a, b;
    cr_assert_eq(link_run(&a, t, &s, NULL, &err), LH_OK);
    link_options two = {2, NULL};
    cr_assert_eq(link_run(&b, t, &s, &two, &err), LH_OK);
    cr_expect_eq(a.n_renters, b.n_renters);
    cr_expect_eq(memcmp(a.renter, b.renter, n * sizeof *a.renter), 0, "threads change nothing");
    cr_expect_eq(a.n_edge, b.n_edge);
    char *dir = tmp_dir_new();
    char path[4200];
    snprintf(path, sizeof path, "%s/linkage.params", dir);
    cr_assert_eq(link_params_save(&a.params, &s, path, &err), LH_OK, "%s", err.message);
    link_params p;
    cr_assert_eq(link_params_load(&p, &s, path, &err), LH_OK, "%s", err.message);
    cr_expect_eq(p.lambda, a.params.lambda);
    cr_expect_eq(p.pi, a.params.pi);
    for (int f = 0; f < s.n_field; f++)
        for (int l = 0; l < s.field[f].n_levels; l++)
            cr_expect_eq(p.field[f].m_same[l], a.params.field[f].m_same[l]);
    link_result c;
    link_options fixed = {1, &p};
    cr_assert_eq(link_run(&c, t, &s, &fixed, &err), LH_OK);
    cr_expect_eq(c.params.em_iterations, 0, "reused parameters skip EM");
    cr_expect_eq(memcmp(a.renter, c.renter, n * sizeof *a.renter), 0,
                 "same parameters, same renters");
    link_result_free(&a);
    link_result_free(&b);
    link_result_free(&c);
    tmp_remove_tree(dir);
    free(dir);
    lease_table_free(t);
}

/* The share of the fake-identity actors' pairs of leases that end in one renter, in a `scale` log
 * of n leases (generated with labels), linked with the built-in spec but for u of the
 * identifiers: key_rate / (N - 1), or a fixed key_u per pair when key_u > 0. */
static double fake_pairs_found(uint64_t n, double key_rate, double key_u)
{
    pipeline p;
    char *dir = load_generated("scale", n, 1, &p);
    const lease_table *t = p.table;
    lh_error err;
    lh_error_clear(&err);
    link_spec s = spec_builtin();
    s.key_rate = key_rate;
    s.key_u = key_u;
    cr_assert_eq(link_spec_resolve(&s, t, &err), LH_OK, "%s", err.message);
    link_result r;
    cr_assert_eq(link_run(&r, t, &s, NULL, &err), LH_OK, "%s", err.message);
    /* pairs of one actor's fake leases, and those of them in one renter: (actor, renter) keys
       sorted, runs counted */
    uint64_t *key = xmalloc(t->count * sizeof *key), *actor = xmalloc(t->count * sizeof *actor);
    size_t m = 0;
    const uint32_t *aid = t->text[LT_ACTOR].id;
    for (size_t i = 0; i < t->count; i++)
        if (t->label[i] == 1) {
            actor[m] = aid[i];
            key[m++] = (uint64_t)aid[i] << 32 | r.renter[i];
        }
    sort_u64(actor, m);
    sort_u64(key, m);
    double all = 0, found = 0;
    for (size_t i = 0, j; i < m; i = j) {
        for (j = i; j < m && actor[j] == actor[i]; j++)
            ;
        all += (double)(j - i) * (double)(j - i - 1) / 2;
    }
    for (size_t i = 0, j; i < m; i = j) {
        for (j = i; j < m && key[j] == key[i]; j++)
            ;
        found += (double)(j - i) * (double)(j - i - 1) / 2;
    }
    cr_assert_gt(all, 100, "the log has fake-identity actors of several leases");
    free(key);
    free(actor);
    link_result_free(&r);
    unload_generated(&p, dir);
    return found / all;
}

/* A card shared by two names is the same evidence in a log ten times larger: u of an identifier
 * falls with the population as the prior of a match does (key_rate). With a fixed u per pair
 * (key_u) the same evidence weakens by 3.3 bits for every tenfold, and the personas tied by one
 * identifier stop linking past a size that key_u sets. Here both give u = 4e-8 at 3,000 leases
 * (a thin margin over the threshold, so that a tenfold crosses it); the former built-in key_u,
 * 1e-10, put that size near five million leases (10M `scale` log: 21% of the fake-identity
 * renters found, against 99% at 1M). */
Test(link, fake_identities_link_as_well_in_a_log_ten_times_larger)
{
    double rate = 4e-8 * 3000;
    double small = fake_pairs_found(3000, rate, 0), large = fake_pairs_found(30000, rate, 0);
    double fixed_small = fake_pairs_found(3000, rate, 4e-8);
    double fixed_large = fake_pairs_found(30000, rate, 4e-8);
    cr_expect_gt(small, 0.95, "%.3f of the fake actors' pairs found at 3,000 leases", small);
    cr_expect_gt(fixed_small, 0.95, "key_u 4e-8: %.3f at 3,000 leases", fixed_small);
    cr_expect_lt(fixed_large, 0.2, "key_u 4e-8: %.3f at 30,000 leases", fixed_large);
    cr_expect_gt(large, 0.95, "key_rate: %.3f at 30,000 leases (key_u: %.3f)", large, fixed_large);
    double built_in = fake_pairs_found(30000, spec_builtin().key_rate, 0);
    cr_expect_gt(built_in, 0.95, "built-in key_rate: %.3f at 30,000 leases", built_in);
}

/* An office block whose personas each come from an address of their own is controlled by one
 * actor: linked. A block through which several persons come per address is a NAT (a campus): its
 * persons stay apart, and the block is listed as suppressed for that reason. */
Test(link, an_owned_block_links_and_a_nat_block_does_not)
{
    static row_spec rows[1100];
    static char buf[1000][6][64];
    size_t n = background(rows, 0, 1000, buf);
    static char id[14][8], ip[14][24], name[14][32], mail[14][40], card[14][16];
    static const char *given[] = {"Olga", "Pavel", "Quinn", "Rosa", "Sven", "Tariq", "Uma",
                                  "Vera", "Wen",   "Xavi",  "Yara", "Zeno", "Abel",  "Bea"};
    for (int k = 0; k < 14; k++) {
        int owned = k < 6;
        snprintf(id[k], 8, "%c%d", owned ? 'O' : 'N', k);
        snprintf(ip[k], 24, owned ? "203.0.113.%d" : "198.51.100.%d", owned ? 10 + k : 7 + k % 2);
        snprintf(name[k], 32, "%s Person%d", given[k], k * 7);
        snprintf(mail[k], 40, "p%d@example-mail.test", k * 7);
        snprintf(card[k], 16, "card-o%d", k);
        rows[n++] = (row_spec){id[k],   name[k], mail[k],
                               card[k], ip[k],   NULL,
                               NULL,    NULL,    owned ? "203.0.113.0/24" : "198.51.100.0/24"};
    }
    lease_table *t = table_of(rows, n);
    link_spec s;
    link_result r;
    link_builtin(t, &s, &r, NULL);
    for (int k = 1; k < 6; k++)
        cr_expect_eq(r.renter[1000 + k], r.renter[1000], "persona %d of the owned block", k);
    for (int k = 7; k < 14; k++)
        cr_expect_neq(r.renter[1000 + k], r.renter[1006], "NAT customer %d stays apart", k);
    int nat_listed = 0;
    for (size_t k = 0; k < r.n_suppressed; k++) {
        const suppressed_value *sv = &r.suppressed[k];
        const char *v = strpool_get(t->text[s.field[sv->field].col].pool, sv->value, NULL);
        if (!sv->column2 && strcmp(v, "198.51.100.0/24") == 0) {
            nat_listed = sv->reason == SUPPRESS_NAT;
            cr_expect_eq(sv->persons, 8);
            cr_expect_eq(sv->addresses, 2);
        }
        cr_expect(strcmp(v, "203.0.113.0/24") != 0, "the owned block is not suppressed");
    }
    cr_expect(nat_listed, "the NAT block is listed as a NAT");
    link_result_free(&r);
    lease_table_free(t);
}

/* The reason a value of `field` with text `text` is listed as suppressed; -1 when it is not. */
static int suppressed_reason(const link_result *r, const link_spec *s, const lease_table *t,
                             const char *text)
{
    for (size_t k = 0; k < r->n_suppressed; k++) {
        const suppressed_value *sv = &r->suppressed[k];
        const char *v = strpool_get(t->text[s->field[sv->field].col].pool, sv->value, NULL);
        if (!sv->column2 && strcmp(v, text) == 0)
            return sv->reason;
    }
    return -1;
}

/* A hosting /24 is rented out address by address. When two separate customers use one (a
 * reseller of one account and card, and personas who share a device), the prefix is the
 * provider's: suppressed as `tenants`, and the two stay apart. A hosting /24 that one actor's
 * personas use (with one device leaked between two of them) still links them all, and so does
 * a business /24 of two employees, each with leases of their own: one organisation. */
Test(link, a_hosting_prefix_of_two_customers_is_the_providers)
{
    static row_spec rows[1100];
    static char buf[1000][6][64];
    size_t n = background(rows, 0, 1000, buf);
    static char id[30][8], ip[30][24], name[30][40], card[30][16], dev[30][16];
    static const char *given[] = {"Olga", "Pavel", "Quinn", "Rosa", "Sven", "Tariq", "Uma",
                                  "Vera", "Wen",   "Xavi",  "Yara", "Zeno", "Abel",  "Bea",
                                  "Cai",  "Dana",  "Eli",   "Fay",  "Gus",  "Hal"};
    /* block 0: reseller R (4 leases: one name, one card) and personas P0-P2 (one device);
       block 1: personas Q0-Q4, two of them sharing a device; block 2: two employees, 2 each */
    static const struct {
        int block, who, hosting;
    } plan[] = {{0, 0, 1}, {0, 0, 1}, {0, 0, 1},  {0, 0, 1}, {0, 1, 1}, {0, 2, 1},
                {0, 3, 1}, {1, 4, 1}, {1, 5, 1},  {1, 6, 1}, {1, 7, 1}, {1, 8, 1},
                {2, 9, 0}, {2, 9, 0}, {2, 10, 0}, {2, 10, 0}};
    static const char *const office[] = {"192.0.2.0/24", "198.18.7.0/24", "203.0.113.0/24"};
    size_t np = sizeof plan / sizeof *plan;
    for (size_t k = 0; k < np; k++) {
        int w = plan[k].who, b = plan[k].block;
        snprintf(id[k], 8, "T%zu", k);
        snprintf(ip[k], 24, "%.*s%zu", (int)(strlen(office[b]) - 4), office[b], 10 + k % 4);
        snprintf(name[k], 40, "%s Tenant%d", given[w], w * 11);
        /* one card per person; devices: P0-P2 share one, Q0 and Q1 another */
        snprintf(card[k], 16, "card-t%d", w);
        const char *d = NULL;
        if (w >= 1 && w <= 3)
            d = "dev-p";
        else if (w == 4 || w == 5)
            d = "dev-q";
        else {
            snprintf(dev[k], 16, "dev-%d", w);
            d = dev[k];
        }
        rows[n++] = (row_spec){id[k], name[k], NULL, card[k],   ip[k],
                               NULL,  NULL,    d,    office[b], plan[k].hosting};
    }
    lease_table *t = table_of(rows, n);
    link_spec s;
    link_result r;
    link_builtin(t, &s, &r, NULL);
    const uint32_t *rt = r.renter;
    for (int k = 1; k < 4; k++)
        cr_expect_eq(rt[1000 + k], rt[1000], "the reseller's lease %d", k);
    cr_expect_eq(rt[1005], rt[1004], "personas of one device");
    cr_expect_eq(rt[1006], rt[1004], "personas of one device");
    cr_expect_neq(rt[1004], rt[1000], "the personas are not the reseller's");
    cr_expect_eq(suppressed_reason(&r, &s, t, office[0]), SUPPRESS_TENANTS,
                 "the shared hosting prefix is listed as the provider's");
    for (int k = 8; k < 12; k++)
        cr_expect_eq(rt[1000 + k], rt[1007], "persona Q%d of the owned hosting block", k - 7);
    cr_expect_eq(suppressed_reason(&r, &s, t, office[1]), -1, "one actor's block stays a key");
    for (int k = 13; k < 16; k++)
        cr_expect_eq(rt[1000 + k], rt[1012], "employee lease %d of the office", k - 12);
    cr_expect_eq(suppressed_reason(&r, &s, t, office[2]), -1, "a business network stays a key");
    link_result_free(&r);
    lease_table_free(t);
}

/* A customer who rents from a hosting /24 while known elsewhere by a card is a separate
 * customer there, whatever the number of their leases in it. Beside a reseller who rents from
 * it again, that makes the prefix the provider's: persona P0, whose card ties it to two more
 * personas of its actor on home lines, stays apart from the reseller. An actor's own block
 * keeps its key however many strangers known elsewhere come through it, as long as no one
 * rents from it again under one name (a device leaked between two personas is not one name),
 * and so does a prefix where a person who rents again meets only a one-off customer whose
 * identifiers no other lease holds. */
Test(link, a_persona_known_elsewhere_makes_a_resellers_hosting_prefix_the_providers)
{
    static row_spec rows[1100];
    static char buf[1000][6][64];
    size_t n = background(rows, 0, 1000, buf);
    static char id[20][8], ip[20][24], name[20][40], card[20][16], dev[20][16];
    static const char *given[] = {"Olga", "Pavel", "Quinn", "Rosa", "Sven", "Tariq", "Uma",
                                  "Vera", "Wen",   "Xavi",  "Yara", "Zeno", "Abel",  "Bea"};
    /* block 0: reseller R (who 0: 2 leases, one name, one card) and persona P0 (who 1), whose
       card two more personas (who 2, 3) use on home lines; block 1: personas Q0-Q4 (who 4-8, Q0
       and Q1 sharing a device) and persona F (who 9), whose card two more (who 10, 11) use;
       block 2: S (who 12) renting twice, and T (who 13) once, with a card of its own */
    static const struct {
        int block, who, card;
    } plan[] = {{0, 0, 0},   {0, 0, 0},   {0, 1, 1},   {-1, 2, 1}, {-1, 3, 1}, {1, 4, 4},
                {1, 5, 5},   {1, 6, 6},   {1, 7, 7},   {1, 8, 8},  {1, 9, 9},  {-1, 10, 9},
                {-1, 11, 9}, {2, 12, 12}, {2, 12, 12}, {2, 13, 13}};
    static const char *const office[] = {"192.0.2.0/24", "198.18.7.0/24", "198.51.100.0/24"};
    size_t np = sizeof plan / sizeof *plan;
    for (size_t k = 0; k < np; k++) {
        int w = plan[k].who, b = plan[k].block;
        snprintf(id[k], 8, "H%zu", k);
        if (b >= 0)
            snprintf(ip[k], 24, "%.*s%zu", (int)(strlen(office[b]) - 4), office[b], 10 + k);
        else
            snprintf(ip[k], 24, "100.64.%zu.%zu", k, 20 + k);
        snprintf(name[k], 40, "%s Hoster%d", given[w], w * 13);
        snprintf(card[k], 16, "card-h%d", plan[k].card);
        snprintf(dev[k], 16, "dev-h%d", w == 5 ? 4 : w);
        rows[n++] = (row_spec){id[k],
                               name[k],
                               NULL,
                               card[k],
                               ip[k],
                               NULL,
                               NULL,
                               dev[k],
                               b >= 0 ? office[b] : NULL,
                               b >= 0,
                               b >= 0 ? 0 : IPK_RESIDENTIAL};
    }
    lease_table *t = table_of(rows, n);
    link_spec s;
    link_result r;
    link_builtin(t, &s, &r, NULL);
    const uint32_t *rt = r.renter;
    cr_expect_eq(rt[1001], rt[1000], "the reseller's two leases");
    cr_expect_eq(rt[1003], rt[1002], "P0 and a persona of its card");
    cr_expect_eq(rt[1004], rt[1002], "P0 and a persona of its card");
    cr_expect_neq(rt[1002], rt[1000], "P0 is not the reseller's");
    cr_expect_eq(suppressed_reason(&r, &s, t, office[0]), SUPPRESS_TENANTS,
                 "the reseller's prefix is the provider's");
    for (int k = 6; k < 10; k++)
        cr_expect_eq(rt[1000 + k], rt[1005], "persona Q%d of the actor's own block", k - 5);
    cr_expect_eq(suppressed_reason(&r, &s, t, office[1]), -1, "the actor's block stays a key");
    cr_expect_eq(suppressed_reason(&r, &s, t, office[2]), -1,
                 "a one-off customer known nowhere else is no second customer");
    link_result_free(&r);
    lease_table_free(t);
}

/* A business /24 stays one organisation's however many of its employees rent on their own, but
 * not when an organisation shares it with another customer: a company whose employees pay with
 * its card, and a reseller of two leases, whose offices an Internet provider numbered from one
 * /24, stay apart (the prefix is suppressed as `tenants`). An actor's personas on a business
 * block of their own, two of them sharing a device, still link through it. */
Test(link, an_organisation_and_another_customer_on_one_business_prefix_stay_apart)
{
    static row_spec rows[1100];
    static char buf[1000][6][64];
    size_t n = background(rows, 0, 1000, buf);
    static char id[12][8], ip[12][24], card[12][16], dev[12][16];
    static const char *name[] = {"Edda Kestrel", "Emil Rask",    "Eva Lund",
                                 "Ruslan Orlov", "Ruslan Orlov", "Qadir Nour",
                                 "Quentin Vale", "Quilla Roe",   "Quade Marsh"};
    /* block 0: employees E0-E2 (one company card) and reseller R (2 leases); block 1: personas
       Q0-Q3, Q0 and Q1 sharing a device */
    static const char *const office[] = {"203.0.113.0/24", "198.51.100.0/24"};
    for (int k = 0; k < 9; k++) {
        int b = k < 5 ? 0 : 1;
        snprintf(id[k], 8, "O%d", k);
        snprintf(ip[k], 24, "%.*s%d", (int)(strlen(office[b]) - 4), office[b], 10 + k);
        if (k < 5)
            snprintf(card[k], 16, "%s", k < 3 ? "card-kestrel" : "card-orlov");
        else
            snprintf(card[k], 16, "card-q%d", k);
        snprintf(dev[k], 16, "dev-o%d", k == 6 ? 5 : k);
        rows[n++] = (row_spec){id[k], name[k], NULL, card[k], ip[k], NULL, NULL, dev[k], office[b]};
    }
    lease_table *t = table_of(rows, n);
    link_spec s;
    link_result r;
    link_builtin(t, &s, &r, NULL);
    const uint32_t *rt = r.renter;
    cr_expect_eq(rt[1001], rt[1000], "employees of one card");
    cr_expect_eq(rt[1002], rt[1000], "employees of one card");
    cr_expect_eq(rt[1004], rt[1003], "the reseller's two leases");
    cr_expect_neq(rt[1003], rt[1000], "the reseller is not the company");
    cr_expect_eq(suppressed_reason(&r, &s, t, office[0]), SUPPRESS_TENANTS,
                 "a business /24 of two organisations is the provider's");
    for (int k = 6; k < 9; k++)
        cr_expect_eq(rt[1000 + k], rt[1005], "persona Q%d of the actor's business block", k - 5);
    cr_expect_eq(suppressed_reason(&r, &s, t, office[1]), -1, "the actor's block stays a key");
    link_result_free(&r);
    lease_table_free(t);
}

/* A private e-mail domain is one controller's (the built-in spec's `domain`): personas of a
 * catch-all domain, each with a card, an address and a network of its own, are one renter, and
 * so are another operator's personas who all come from one home line. A small school's domain
 * is not: its students meet on the campus's business /24 (the members test), and stay apart.
 * One person at two private domains links through the card, and the two domains' difference is
 * no evidence (`agree_only`): the mailboxes' difference counted it. */
Test(link, a_private_domain_links_personas_but_not_a_schools_students)
{
    static row_spec rows[1100];
    static char buf[1000][6][64];
    size_t n = background(rows, 0, 1000, buf);
    static const char *given[] = {"Olga", "Pavel", "Quinn", "Rosa", "Sven", "Tariq"};
    static const char *family[] = {"Marsh", "Ivers", "Lund", "Okoro", "Pratt", "Ruiz"};
    static char id[12][8], name[12][40], mail[12][48], card[12][16], ip[12][24], addr[12][32];
    for (int k = 0; k < 12; k++) {
        int persona = k < 6; /* 0-5 personas of one catch-all, 6-11 students of one school */
        int w = k % 6;
        snprintf(id[k], 8, "D%d", k);
        snprintf(name[k], 40, "%s %s", given[w], persona ? family[w] : family[5 - w]);
        snprintf(mail[k], 48, "%s.%s@%s", given[w], persona ? family[w] : family[5 - w],
                 persona ? "tamerdoyo.net" : "hill-school.org");
        snprintf(card[k], 16, "card-d%d", k);
        /* personas: a residential address each, in /24s of their own; students: the campus */
        snprintf(ip[k], 24, persona ? "172.%d.%d.9" : "198.51.100.%d", persona ? 20 + k : 10 + k,
                 persona ? 3 * k : 0);
        snprintf(addr[k], 32, "%d Birch Road", 40 + k);
        rows[n++] = (row_spec){id[k],
                               name[k],
                               mail[k],
                               card[k],
                               ip[k],
                               addr[k],
                               NULL,
                               NULL,
                               NULL,
                               0,
                               persona ? IPK_RESIDENTIAL : IPK_BUSINESS};
    }
    rows[n++] = (row_spec){"Z0", "Nadia Ferro", "nadia@ferro-studio.com", "card-z", "10.250.1.1"};
    rows[n++] = (row_spec){"Z1", "Nadia Ferro", "nadia@ferrolab.io", "card-z", "10.250.9.1"};
    static char hid[4][8], hname[4][40], hmail[4][48], hcard[4][16], hip[4][24];
    for (int k = 0; k < 4; k++) { /* one operator's personas behind one home line */
        snprintf(hid[k], 8, "H%d", k);
        snprintf(hname[k], 40, "%s %s", given[k + 1], family[(k + 3) % 6]);
        snprintf(hmail[k], 48, "%c.%s@vornik.io", given[k + 1][0], family[(k + 3) % 6]);
        snprintf(hcard[k], 16, "card-h%d", k);
        snprintf(hip[k], 24, "100.66.5.%d", 30 + k);
        rows[n++] = (row_spec){hid[k], hname[k], hmail[k], hcard[k], hip[k],         NULL,
                               NULL,   NULL,     NULL,     0,        IPK_RESIDENTIAL};
    }
    lease_table *t = table_of(rows, n);
    link_spec s;
    link_result r;
    link_builtin(t, &s, &r, NULL);
    const uint32_t *rt = r.renter;
    for (int k = 1; k < 6; k++)
        cr_expect_eq(rt[1000 + k], rt[1000], "persona %d of the catch-all domain", k);
    for (int k = 6; k < 12; k++)
        for (int j = 6; j < k; j++)
            cr_expect_neq(rt[1000 + k], rt[1000 + j], "students %d and %d", j, k);
    cr_expect_eq(suppressed_reason(&r, &s, t, "hill-school.org"), SUPPRESS_MEMBERS,
                 "the school's domain is listed as an institution's");
    cr_expect_eq(suppressed_reason(&r, &s, t, "tamerdoyo.net"), -1, "the catch-all stays a key");
    for (int k = 1; k < 4; k++)
        cr_expect_eq(rt[1014 + k], rt[1014], "persona %d behind the home line", k);
    cr_expect_eq(suppressed_reason(&r, &s, t, "vornik.io"), -1, "a home line is no institution");
    cr_assert_eq(rt[1013], rt[1012], "one person, one card");
    int dom = -1;
    for (int f = 0; f < s.n_field; f++)
        if (strcmp(s.field[f].name, "domain") == 0)
            dom = f;
    cr_assert_geq(dom, 0, "the built-in spec compares the organisation domain");
    int found = 0;
    for (size_t e = 0; e < r.n_edge; e++)
        if (r.edge[e].a == 1012 && r.edge[e].b == 1013) {
            found = 1;
            cr_expect_eq(pattern_level(r.edge[e].pattern, dom), SPEC_LEVEL_NULL,
                         "two private domains are no evidence either way");
        }
    cr_expect(found, "the person's two leases are linked directly");
    link_result_free(&r);
    lease_table_free(t);
}

/* Two customers of one building and one IP, nothing else in common: neighbours, not one actor,
 * however rare the building and the address, and even under parameters that make co-located
 * persons of one actor common (fixed here so that only the rule decides). */
Test(link, co_location_alone_does_not_link)
{
    static row_spec rows[1100];
    static char buf[1000][6][64];
    size_t n = background(rows, 0, 1000, buf);
    rows[n++] = (row_spec){"C1",      "Hana Ito",   "hana.ito@mail.test",
                           "card-c1", "192.0.2.77", "7 Quiet Lane",
                           "ZZ1 9ZZ", NULL,         NULL};
    rows[n++] = (row_spec){"C2",      "Omar Haddad", "omar.h@mail.test",
                           "card-c2", "192.0.2.77",  "7 Quiet Lane",
                           "ZZ1 9ZZ", NULL,          NULL};
    /* the same two with one card: a household, which links */
    rows[n++] = (row_spec){"D1",      "Ines Duarte", "ines.d@mail.test",
                           "card-d",  "192.0.2.99",  "9 Quiet Lane",
                           "ZZ1 8ZZ", NULL,          NULL};
    rows[n++] = (row_spec){"D2",      "Paulo Duarte", "paulo.d@mail.test",
                           "card-d",  "192.0.2.99",   "9 Quiet Lane",
                           "ZZ1 8ZZ", NULL,           NULL};
    lease_table *t = table_of(rows, n);
    link_spec s;
    link_result r;
    link_builtin(t, &s, &r, NULL);
    link_params p = r.params;
    link_result_free(&r);
    p.pi = 0.5; /* co-located persons are half of one actor's pairs, and share a place and IP */
    p.lambda = 1e-3;
    for (int f = 0; f < s.n_field; f++) {
        const spec_field *sf = &s.field[f];
        if (sf->method != CMP_PLACE && sf->method != CMP_IP)
            continue;
        int top = sf->n_levels - 1;
        for (int l = 0; l <= top; l++)
            p.field[f].m_other[l] = l == top ? 0.95 : 0.05 / top;
    }
    link_options o = {1, &p};
    lh_error err;
    lh_error_clear(&err);
    cr_assert_eq(link_run(&r, t, &s, &o, &err), LH_OK);
    cr_expect_neq(r.renter[1000], r.renter[1001], "neighbours stay apart");
    cr_expect_eq(r.renter[1002], r.renter[1003], "a household sharing a card links");
    link_result_free(&r);
    lease_table_free(t);
}

/* Blocking, and with it comparing, runs on threads over ranges of values (block.c), each range's
 * patterns counted as it is appended in order, and deciding over chunks of pairs that the
 * threads take in turn (fsmodel.c): 30,000 leases in overlapping groups by card, device, e-mail
 * and address make blocks in every rule and many ranges of pairs, and the pairs (per rule), the
 * estimate, the links and the renters must be those of one thread, on 2, 3 or 4 threads. */
Test(link, blocking_on_threads_gives_the_same_pairs_links_and_renters)
{
    enum { N = 30000 };
    static row_spec rows[N];
    static char buf[N][6][64];
    size_t n = background(rows, 0, N, buf);
    static char card[N][32], device[N][32], email[N][48];
    for (size_t i = 0; i < n; i++) {
        snprintf(card[i], sizeof card[i], "card-%zu", i / 3);
        rows[i].card = card[i];
        if (i % 2 == 0) {
            snprintf(device[i], sizeof device[i], "dev-%zu", i / 8);
            rows[i].device = device[i];
        }
        if (i % 5 == 0) {
            snprintf(email[i], sizeof email[i], "shared%zu@example.org", i / 20);
            rows[i].email = email[i];
        }
        if (i % 7 == 0)
            rows[i].address = buf[i / 14 * 14][5];
    }
    lease_table *t = table_of(rows, n);
    link_spec s;
    link_result r[4];
    for (int k = 0; k < 4; k++) {
        link_options o = {k + 1, NULL}; /* 1 to 4 threads */
        link_builtin(t, &s, &r[k], &o);
    }
    cr_assert_gt(r[0].candidate_pairs, 49152, "the groups make blocks");
    for (int k = 1; k < 4; k++) {
        cr_expect_eq(r[k].candidate_pairs, r[0].candidate_pairs, "run %d", k);
        for (int q = 0; q < s.n_rule; q++) {
            cr_expect_eq(r[k].rule[q].pairs, r[0].rule[q].pairs, "rule %d", q);
            cr_expect_eq(r[k].rule[q].blocks, r[0].rule[q].blocks, "rule %d", q);
            cr_expect_eq(r[k].rule[q].large_blocks, r[0].rule[q].large_blocks, "rule %d", q);
        }
        /* the estimate sums over patterns in the order pairs first show them: bit for bit */
        cr_expect_eq(r[k].params.lambda, r[0].params.lambda);
        cr_expect_eq(r[k].params.log_likelihood, r[0].params.log_likelihood);
        cr_expect_eq(r[k].params.em_iterations, r[0].params.em_iterations);
        cr_assert_eq(r[k].n_edge, r[0].n_edge);
        cr_expect_eq(memcmp(r[k].edge, r[0].edge, r[0].n_edge * sizeof *r[0].edge), 0,
                     "the same links in the same order");
        cr_expect_eq(memcmp(r[k].renter, r[0].renter, n * sizeof *r[0].renter), 0);
    }
    for (int k = 0; k < 4; k++)
        link_result_free(&r[k]);
    lease_table_free(t);
}

/* EM's E-step runs on threads over blocks of cells (fsmodel.c, run_em) and adds them up in
 * cell order: on a generated log of many patterns, in blocks of 16 cells (many more blocks than
 * threads and than the blocks held at once) on 3 threads and on 1, the estimate and the links
 * are bit for bit those of the default blocks on one thread. */
Test(link, em_sums_do_not_depend_on_threads_or_blocks, .timeout = 120)
{
    pipeline p;
    char *dir = load_generated("hard", 20000, 0, &p);
    link_spec s;
    link_result r[3];
    size_t em_block = link_em_block;
    for (int k = 0; k < 3; k++) {
        link_em_block = k == 0 ? em_block : 16;
        link_options o = {k == 1 ? 3 : 1, NULL};
        link_builtin(p.table, &s, &r[k], &o);
    }
    link_em_block = em_block;
    cr_assert_gt(r[0].params.em_iterations, 1);
    for (int k = 1; k < 3; k++) {
        const link_params *a = &r[0].params, *b = &r[k].params;
        cr_expect_eq(b->lambda, a->lambda, "run %d", k);
        cr_expect_eq(b->pi, a->pi, "run %d", k);
        cr_expect_eq(b->log_likelihood, a->log_likelihood, "run %d", k);
        cr_expect_eq(b->em_iterations, a->em_iterations, "run %d", k);
        for (int f = 0; f < s.n_field; f++) {
            cr_expect_eq(memcmp(b->field[f].m_same, a->field[f].m_same, sizeof a->field[f].m_same),
                         0, "run %d, field %d", k, f);
            cr_expect_eq(
                memcmp(b->field[f].m_other, a->field[f].m_other, sizeof a->field[f].m_other), 0,
                "run %d, field %d", k, f);
        }
        cr_assert_eq(r[k].n_edge, r[0].n_edge, "run %d", k);
        cr_expect_eq(memcmp(r[k].edge, r[0].edge, r[0].n_edge * sizeof *r[0].edge), 0);
    }
    for (int k = 0; k < 3; k++)
        link_result_free(&r[k]);
    unload_generated(&p, dir);
}

/* Persons are numbered across the renters in renter order (cluster.c, link_persons, chunks of
 * renters on threads): renter k's are the renter_persons[k] numbers after those of the renters
 * before it, every one of them held by a lease of renter k, on a log of several chunks. */
Test(link, persons_are_numbered_in_renter_order, .timeout = 120)
{
    pipeline p;
    char *dir = load_generated("hard", 32000, 0, &p);
    link_spec s;
    link_result r;
    link_options o = {2, NULL};
    link_builtin(p.table, &s, &r, &o);
    cr_assert_gt(r.n_renters, 2 * 4096, "several chunks of renters: %zu", r.n_renters);
    uint32_t base = 0;
    uint8_t *seen = calloc(p.table->count + 1, 1);
    size_t multi = 0;
    for (size_t k = 0; k < r.n_renters; k++) {
        uint32_t np = r.renter_persons[k];
        multi += np > 1;
        for (uint32_t x = r.renter_start[k]; x < r.renter_start[k + 1]; x++) {
            uint32_t q = r.person[r.renter_lease[x]];
            if (q == UINT32_MAX)
                continue;
            cr_assert(q >= base && q < base + np, "renter %zu: person %u outside [%u, %u)", k, q,
                      base, base + np);
            seen[q] = 1;
        }
        for (uint32_t q = base; q < base + np; q++)
            cr_assert(seen[q], "renter %zu: person %u held by none of its leases", k, q);
        base += np;
    }
    cr_expect_gt(multi, 0, "renters of several persons");
    free(seen);
    link_result_free(&r);
    unload_generated(&p, dir);
}

/* The tenant and member tests of shared values run on threads over ranges of a column's values
 * (values.c, suppress_customers): on a generated log where both suppress values, every value
 * suppressed, and why, is the same on 1, 2 and 3 threads. */
Test(link, tenant_and_member_tests_on_threads_suppress_the_same_values, .timeout = 120)
{
    pipeline p;
    char *dir = load_generated("default", 60000, 0, &p);
    link_spec s;
    link_result r[3];
    for (int k = 0; k < 3; k++) {
        link_options o = {k + 1, NULL};
        link_builtin(p.table, &s, &r[k], &o);
    }
    size_t customers = 0;
    for (size_t q = 0; q < r[0].n_suppressed; q++)
        customers += r[0].suppressed[q].reason == SUPPRESS_TENANTS ||
                     r[0].suppressed[q].reason == SUPPRESS_MEMBERS;
    cr_assert_gt(customers, 10, "values suppressed as tenants' or members'");
    for (int k = 1; k < 3; k++) {
        cr_assert_eq(r[k].n_suppressed, r[0].n_suppressed, "%d threads", k + 1);
        for (size_t q = 0; q < r[0].n_suppressed; q++) {
            const suppressed_value *a = &r[0].suppressed[q], *b = &r[k].suppressed[q];
            cr_expect(a->field == b->field && a->column2 == b->column2 && a->value == b->value &&
                          a->reason == b->reason,
                      "%d threads: suppressed value %zu", k + 1, q);
        }
        cr_expect_eq(memcmp(r[k].renter, r[0].renter, p.table->count * sizeof *r[0].renter), 0);
    }
    for (int k = 0; k < 3; k++)
        link_result_free(&r[k]);
    unload_generated(&p, dir);
}

/* Personas chained by cards (each card shared by two neighbours, so none is over-shared) make one
 * renter, found without ordering the links by strength; with max_cluster below the chain's
 * length, the links that would make a renter too large are left out (strongest first) and no
 * renter exceeds it. */
Test(link, a_chain_longer_than_max_cluster_is_cut_into_renters_that_fit)
{
    static row_spec rows[1100];
    static char buf[1000][6][64];
    size_t n = background(rows, 0, 1000, buf);
    enum { CHAIN = 12 };
    static char id[CHAIN][8], name[CHAIN][32], email[CHAIN][32], card[CHAIN][16], device[CHAIN][16];
    static const char *given[] = {"Oleg", "Pia", "Quinn", "Rosa", "Sven", "Tara"};
    for (int k = 0; k < CHAIN; k++) {
        snprintf(id[k], sizeof id[k], "C%d", k);
        snprintf(name[k], sizeof name[k], "%s Chainer%c", given[k % 6], 'a' + k);
        snprintf(email[k], sizeof email[k], "chain%d@mail.test", k);
        snprintf(card[k], sizeof card[k], "CHAIN-CARD-%d", k / 2);          /* 0-1, 2-3, ... */
        snprintf(device[k], sizeof device[k], "CHAIN-DEV-%d", (k + 1) / 2); /* 1-2, 3-4, ... */
        rows[n++] = (row_spec){id[k], name[k], email[k], card[k], NULL, NULL, NULL, device[k]};
    }
    lease_table *t = table_of(rows, n);
    for (int cap = 0; cap < 2; cap++) {
        link_spec s = spec_builtin();
        if (cap)
            s.max_cluster = 5;
        lh_error err;
        lh_error_clear(&err);
        cr_assert_eq(link_spec_resolve(&s, t, &err), LH_OK, "%s", err.message);
        link_result r;
        link_options o = {2, NULL};
        cr_assert_eq(link_run(&r, t, &s, &o, &err), LH_OK, "%s", err.message);
        uint32_t first = r.renter[1000];
        if (!cap) {
            for (int k = 1; k < CHAIN; k++)
                cr_expect_eq(r.renter[1000 + k], first, "link %d of the chain holds", k);
            cr_expect_eq(r.renter_size[first], CHAIN);
            cr_expect_eq(r.guard_size_cuts, 0);
        } else {
            cr_expect_gt(r.guard_size_cuts, 0, "links left out for the size");
            size_t largest = 0, in_chain = 0;
            for (size_t q = 0; q < r.n_renters; q++)
                largest = r.renter_size[q] > largest ? r.renter_size[q] : largest;
            for (int k = 0; k < CHAIN; k++)
                in_chain += r.renter_size[r.renter[1000 + k]] >= 2;
            cr_expect_leq(largest, 5, "no renter above max_cluster");
            cr_expect_eq(in_chain, CHAIN, "every persona still links to a neighbour");
        }
        link_result_free(&r);
    }
    lease_table_free(t);
}

static int edge_key_cmp(const void *x, const void *y)
{
    const link_edge *a = x, *b = y;
    uint64_t ka = (uint64_t)a->a << 32 | a->b, kb = (uint64_t)b->a << 32 | b->b;
    return (ka > kb) - (ka < kb);
}

/* link_sort_edges: by (a, b), or by renter and then (a, b), the order features and outputs read
 * links in; renters of one link, of a few and of hundreds (sorted by insertion and by qsort), in
 * shuffled order, each link kept with its fields; by renter on 1 and 3 threads (300,000 links:
 * enough for threads), the same order. */
Test(link, links_sort_by_renter_then_lease_rows)
{
    enum { N = 60000 };
    link_result r;
    memset(&r, 0, sizeof r);
    r.n_leases = N;
    r.renter = malloc(N * sizeof *r.renter);
    /* renter k holds rows [start(k), start(k + 1)): sizes 1, 2, 3, ... then 400 each */
    uint32_t row = 0, k = 0;
    for (uint32_t size = 1; row < N; size = size < 60 ? size + 1 : 400, k++)
        for (uint32_t x = 0; x < size && row < N; x++)
            r.renter[row++] = k;
    r.n_renters = k;
    /* every pair of rows of one renter within 5 rows of each other, as a link */
    link_edge *all = malloc((size_t)N * 5 * sizeof *all);
    size_t ne = 0;
    for (uint32_t a = 0; a < N; a++)
        for (uint32_t b = a + 1; b < N && b <= a + 5; b++)
            if (r.renter[a] == r.renter[b])
                all[ne++] = (link_edge){a, b, (float)(a % 7), 1, 2, {0}, (uint64_t)a * b};
    cr_assert_gt(ne, 200000);
    srand(7);
    for (size_t i = ne - 1; i > 0; i--) {
        size_t j = ((size_t)rand() * (RAND_MAX + (size_t)1) + (size_t)rand()) % (i + 1);
        link_edge t = all[i];
        all[i] = all[j];
        all[j] = t;
    }
    link_edge *one_thread = NULL;
    for (int run = 0; run < 3; run++) {
        int by_renter = run > 0, threads = run == 2 ? 3 : 1;
        r.edge = malloc(ne * sizeof *r.edge);
        memcpy(r.edge, all, ne * sizeof *all);
        r.n_edge = ne;
        link_sort_edges(&r, by_renter, threads);
        cr_assert_eq(r.n_edge, ne);
        for (size_t e = 1; e < ne; e++) {
            const link_edge *p = &r.edge[e - 1], *q = &r.edge[e];
            int rows_up = p->a < q->a || (p->a == q->a && p->b < q->b);
            if (by_renter && r.renter[p->a] != r.renter[q->a])
                cr_assert_lt(r.renter[p->a], r.renter[q->a], "link %zu: renters in order", e);
            else
                cr_assert(rows_up, "link %zu: (%u, %u) after (%u, %u)", e, q->a, q->b, p->a, p->b);
        }
        /* the same links, fields and all */
        link_edge *x = malloc(ne * sizeof *x), *y = malloc(ne * sizeof *y);
        memcpy(x, all, ne * sizeof *x);
        memcpy(y, r.edge, ne * sizeof *y);
        qsort(x, ne, sizeof *x, edge_key_cmp);
        qsort(y, ne, sizeof *y, edge_key_cmp);
        cr_expect_eq(memcmp(x, y, ne * sizeof *x), 0, "run %d: the same links", run);
        free(x);
        free(y);
        if (run == 1)
            one_thread = r.edge;
        else if (run == 2)
            cr_expect_eq(memcmp(one_thread, r.edge, ne * sizeof *r.edge), 0,
                         "3 threads: the order of 1");
        if (run != 1)
            free(r.edge);
    }
    free(one_thread);
    free(all);
    free(r.renter);
}

/* A several-column rule's block key is a hash of its columns' ids, confirmed on the columns
 * (held in the comparison records) when two leases' keys agree: with every key colliding, the
 * same pairs per rule, links and renters. */
Test(link, block_keys_that_collide_change_no_pair)
{
    static row_spec rows[1900];
    static char buf[1500][6][64];
    size_t n = background(rows, 0, 1500, buf);
    static char id[300][8], name[300][32], pc[300][16], addr[300][32], card[300][16];
    for (int k = 0; k < 300; k++) { /* postcodes in sixes, each of two names in turn; cards in
                                       threes, addresses in twos */
        snprintf(id[k], sizeof id[k], "G%d", k);
        snprintf(name[k], sizeof name[k], "Anna Berg%d", k / 6 * 2 + k % 2);
        snprintf(pc[k], sizeof pc[k], "P%d 1AA", k / 6);
        snprintf(addr[k], sizeof addr[k], "%d Oak Road", k / 2);
        snprintf(card[k], sizeof card[k], "G-%d", k / 3);
        rows[n++] = (row_spec){id[k], name[k], NULL, card[k], NULL, addr[k], pc[k], NULL, NULL};
    }
    lease_table *t = table_of(rows, n);
    link_spec s;
    link_result a, b;
    link_builtin(t, &s, &a, NULL);
    link_block_key_bits = 0;
    link_builtin(t, &s, &b, NULL);
    link_block_key_bits = 32;
    size_t several = 0;
    for (int q = 0; q < s.n_rule; q++) {
        cr_expect_eq(a.rule[q].pairs, b.rule[q].pairs, "rule %d", q);
        if (s.rule[q].n_col > 1)
            several += a.rule[q].pairs;
    }
    cr_expect_gt(several, 100, "several-column rules make pairs");
    cr_expect_eq(a.params.lambda, b.params.lambda);
    expect_same_links(&a, &b);
    cr_expect_eq(memcmp(a.renter, b.renter, n * sizeof *a.renter), 0, "same renters");
    link_result_free(&a);
    link_result_free(&b);
    lease_table_free(t);
}

/* A rule's own window: twenty leases of one name make all 190 pairs under a block_max of 200,
 * and 37 under `window 2` (each lease with the next two in time), one chain that links them
 * all as before. */
Test(link, a_rules_window_pairs_a_large_block_with_its_next_leases_only)
{
    static row_spec rows[20];
    static char id[20][8], card[20][16];
    for (int k = 0; k < 20; k++) {
        snprintf(id[k], sizeof id[k], "W%d", k);
        snprintf(card[k], sizeof card[k], "W-CARD-%d", k);
        rows[k] = (row_spec){id[k], "Wanda Window", NULL, card[k], NULL, NULL, NULL, NULL, NULL};
    }
    lease_table *t = table_of(rows, 20);
    static const char *const text[2] = {
        "field name name name persona\nfield card exact payment_fp key\nblock name\n"
        "block_max 200\nthreshold 0.5\nprior 0.4\n",
        "field name name name persona\nfield card exact payment_fp key\nblock name window 2\n"
        "block_max 200\nthreshold 0.5\nprior 0.4\n"};
    static const uint64_t pairs[2] = {190, 37}, windowed[2] = {0, 1};
    for (int w = 0; w < 2; w++) {
        link_spec s;
        lh_error err;
        lh_error_clear(&err);
        cr_assert_eq(link_spec_parse(&s, text[w], "t", &err), LH_OK, "%s", err.message);
        cr_assert_eq(link_spec_resolve(&s, t, &err), LH_OK, "%s", err.message);
        link_result r;
        cr_assert_eq(link_run(&r, t, &s, NULL, &err), LH_OK, "%s", err.message);
        cr_expect_eq(r.candidate_pairs, pairs[w], "spec %d: %llu pairs", w,
                     (unsigned long long)r.candidate_pairs);
        cr_expect_eq(r.rule[0].pairs, pairs[w], "spec %d", w);
        cr_expect_eq(r.rule[0].blocks, 1, "spec %d", w);
        cr_expect_eq(r.rule[0].large_blocks, windowed[w], "spec %d", w);
        link_result_free(&r);
    }
    lease_table_free(t);
}
