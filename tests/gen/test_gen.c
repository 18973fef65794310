/* The generator: determinism, exact row counts, order, every row readable by leasehound's own
 * loader, truth consistency, the kinds' defining patterns (fake personas, shared traits,
 * households, companies, crowds), realistic signal rates, and the scenario documentation. */
#include "gen/gen.h"
#include "gen/heap.h"
#include "gen/locale.h"
#include "gen/person.h"
#include "normalize/domains.h"
#include "normalize/normalize.h"
#include "support/test_support.h"
#include "table/load.h"
#include "util/radix.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

TMP_DIR_FIXTURE

TestSuite(gen, .init = setup, .fini = teardown);

static char *path_in(const char *name)
{
    char *p = malloc(strlen(dir) + strlen(name) + 2);
    sprintf(p, "%s/%s", dir, name);
    return p;
}

/* Generates dir/name (and dir/truth_name unless NULL) through the library. */
static gen_stats make(const char *name, const char *truth_name, const char *scenario, uint64_t n,
                      uint64_t seed, int labels)
{
    gen_options o = {gen_scenario_find(scenario), n, seed, labels};
    cr_assert(o.scenario != NULL, "scenario %s", scenario);
    char *out = path_in(name), *truth = truth_name ? path_in(truth_name) : NULL;
    gen_stats s;
    lh_error err;
    lh_error_clear(&err);
    cr_assert_eq(gen_write_files(out, truth, &o, &s, &err), LH_OK, "%s", err.message);
    free(out);
    free(truth);
    return s;
}

/* ---------------------------------------------------------------- reading the files back */

/* Splits one CSV line (RFC 4180 quoting, no line breaks inside fields) in place. */
static size_t csv_split(char *line, char **field, size_t max)
{
    size_t n = 0;
    char *p = line, *o;
    for (;;) {
        cr_assert(n < max, "too many fields");
        field[n++] = o = p;
        if (*p == '"') {
            p++;
            for (;;) {
                if (*p == '"' && p[1] == '"')
                    *o++ = '"', p += 2;
                else if (*p == '"') {
                    p++;
                    break;
                } else {
                    cr_assert(*p != '\0', "unterminated quote");
                    *o++ = *p++;
                }
            }
        } else {
            while (*p && *p != ',' && *p != '\n')
                *o++ = *p++;
        }
        char c = *p;
        *o = '\0';
        if (c != ',')
            break;
        p++;
    }
    return n;
}

typedef struct table_rows {
    char *text;  /* the file */
    char **line; /* data lines, split */
    char *(*f)[32];
    size_t n, nf;
} table_rows;

static table_rows read_csv(const char *name)
{
    table_rows t = {0};
    char *p = path_in(name);
    t.text = slurp(p, NULL);
    free(p);
    cr_assert(t.text != NULL, "cannot read %s", name);
    size_t lines = 0;
    for (char *q = t.text; *q; q++)
        lines += *q == '\n';
    t.f = calloc(lines + 1, sizeof *t.f);
    char *save = NULL;
    char *line = strtok_r(t.text, "\n", &save);
    char *hdr[32];
    t.nf = csv_split(line, hdr, 32);
    while ((line = strtok_r(NULL, "\n", &save)) != NULL) {
        size_t nf = csv_split(line, t.f[t.n], 32);
        cr_assert_eq(nf, t.nf, "row %zu has %zu fields, the header %zu", t.n + 1, nf, t.nf);
        t.n++;
    }
    return t;
}

static void free_csv(table_rows *t)
{
    free(t->text);
    free(t->f);
}

/* Column numbers of the generated file. */
enum {
    C_LEASE,
    C_TIME,
    C_ACCOUNT,
    C_FIRST,
    C_LAST,
    C_EMAIL,
    C_PHONE,
    C_ADDRESS,
    C_CITY,
    C_POSTCODE,
    C_COUNTRY,
    C_DOB,
    C_ID,
    C_PAYTYPE,
    C_PAYFP,
    C_IP,
    C_IPCOUNTRY,
    C_IPKIND,
    C_DEVICE,
    C_PLAN,
    C_REGION,
    C_AMOUNT,
    C_CURRENCY,
    C_DURATION,
    C_LABEL,
    C_ACTOR
};
/* Truth columns. */
enum { T_LEASE, T_ACTOR, T_LABEL, T_KIND };

static int kind_of(const char *s)
{
    for (int k = 0; k < GK_COUNT; k++)
        if (strcmp(gen_kind_name(k), s) == 0)
            return k;
    cr_assert_fail("unknown kind %s", s);
    return -1;
}

/* Rows of the log grouped by actor (indices into the rows, in file order). */
typedef struct group {
    const char *actor;
    int kind;
    size_t *row, n;
} group;

static int cmp_str_idx(const void *a, const void *b, void *ctx)
{
    char *(*truth)[32] = ctx;
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    int c = strcmp(truth[x][T_ACTOR], truth[y][T_ACTOR]);
    return c ? c : (x > y) - (x < y);
}

static group *group_by_actor(const table_rows *truth, size_t *n_groups)
{
    size_t *idx = malloc(truth->n * sizeof *idx);
    for (size_t i = 0; i < truth->n; i++)
        idx[i] = i;
    qsort_r(idx, truth->n, sizeof *idx, cmp_str_idx, truth->f);
    group *g = calloc(truth->n, sizeof *g);
    size_t ng = 0;
    for (size_t i = 0; i < truth->n; i++) {
        if (i == 0 || strcmp(truth->f[idx[i]][T_ACTOR], truth->f[idx[i - 1]][T_ACTOR]) != 0) {
            g[ng].actor = truth->f[idx[i]][T_ACTOR];
            g[ng].kind = kind_of(truth->f[idx[i]][T_KIND]);
            g[ng].row = &idx[i];
            ng++;
        }
        g[ng - 1].n++;
    }
    *n_groups = ng;
    return g; /* idx is owned through g[0].row */
}

static void free_groups(group *g)
{
    free(g[0].row);
    free(g);
}

static lh_status load(const char *name, lease_table **t, load_stats *st, lh_error *err)
{
    char *p = path_in(name);
    colmap m;
    colmap_init(&m);
    load_options o = {0};
    o.map = &m;
    o.max_rejects = UINT64_MAX;
    o.max_rejects_pct = -1;
    o.limits.max_field_bytes = CSV_DEFAULT_MAX_FIELD;
    const char *paths[] = {p};
    lh_error_clear(err);
    lh_status s = load_inputs(t, paths, 1, &o, st, err);
    colmap_free(&m);
    free(p);
    return s;
}

/* ---------------------------------------------------------------- determinism and shape */

Test(gen, same_seed_and_options_give_byte_identical_files)
{
    make("a.csv", "a.truth", "default", 3000, 42, 0);
    make("b.csv", "b.truth", "default", 3000, 42, 0);
    make("c.csv", NULL, "default", 3000, 43, 0);
    make("a.csv.gz", NULL, "hard", 2000, 7, 1);
    make("b.csv.gz", NULL, "hard", 2000, 7, 1);
    const char *same[][2] = {{"a.csv", "b.csv"}, {"a.truth", "b.truth"}, {"a.csv.gz", "b.csv.gz"}};
    for (size_t i = 0; i < 3; i++) {
        char *p = path_in(same[i][0]), *q = path_in(same[i][1]);
        size_t n1, n2;
        char *x = slurp(p, &n1), *y = slurp(q, &n2);
        cr_assert(n1 > 1000);
        cr_expect(n1 == n2 && memcmp(x, y, n1) == 0, "%s and %s differ", same[i][0], same[i][1]);
        free(x), free(y), free(p), free(q);
    }
    char *p = path_in("a.csv"), *q = path_in("c.csv");
    char *x = slurp(p, NULL), *y = slurp(q, NULL);
    cr_expect(strcmp(x, y) != 0, "another seed gives another file");
    free(x), free(y), free(p), free(q);
}

Test(gen, writes_exactly_n_rows_for_any_n)
{
    const uint64_t ns[] = {1, 2, 7, 1000, 4321};
    const char *sc[] = {"default", "tick", "hard", "scale", "default"};
    for (size_t i = 0; i < sizeof ns / sizeof *ns; i++) {
        gen_stats s = make("n.csv", "n.truth", sc[i], ns[i], i, 0);
        cr_expect_eq(s.rows, ns[i]);
        char *p = path_in("n.csv"), *q = path_in("n.truth");
        cr_expect_eq(count_lines(p), ns[i] + 1, "%s, %llu leases: header + N lines", sc[i],
                     (unsigned long long)ns[i]);
        cr_expect_eq(count_lines(q), ns[i] + 1);
        free(p), free(q);
    }
}

Test(gen, rows_are_in_created_at_order_as_utc_iso_times)
{
    make("o.csv", NULL, "default", 5000, 3, 0);
    table_rows t = read_csv("o.csv");
    cr_assert_eq(t.n, 5000);
    int64_t prev = 0;
    for (size_t i = 0; i < t.n; i++) {
        const char *s = t.f[i][C_TIME];
        cr_assert_eq(strlen(s), 20, "%s", s);
        cr_assert(s[10] == 'T' && s[19] == 'Z', "%s", s);
        int64_t ts;
        cr_assert_eq(timestamp_parse(s, strlen(s), &ts), 0, "%s", s);
        cr_assert_geq(ts, prev, "row %zu goes back in time", i + 1);
        prev = ts;
        char id[32];
        snprintf(id, sizeof id, "L%09zu", i + 1);
        cr_assert_str_eq(t.f[i][C_LEASE], id, "lease ids count rows");
    }
    free_csv(&t);
}

Test(gen, every_row_loads_without_rejects_or_unusable_values)
{
    const char *sc[] = {"default", "tick", "hard", "scale"};
    for (size_t i = 0; i < 4; i++) {
        make("l.csv.gz", NULL, sc[i], 4000, 11 + i, 1);
        lease_table *t = NULL;
        load_stats st;
        lh_error err;
        cr_assert_eq(load("l.csv.gz", &t, &st, &err), LH_OK, "%s", err.message);
        cr_expect_eq(st.records, 4000);
        cr_expect_eq(st.accepted, 4000, "%s: every row accepted", sc[i]);
        cr_expect_eq(st.rejected, 0);
        const norm_counts *c = &st.norm;
        cr_expect_eq(c->email_invalid + c->phone_invalid + c->ip_invalid + c->dob_invalid +
                         c->country_unknown + c->ip_country_unknown + c->created_at_missing +
                         c->amount_invalid + c->duration_invalid + c->label_invalid,
                     0,
                     "%s: unusable values: email %llu phone %llu ip %llu dob %llu country %llu "
                     "ip_country %llu",
                     sc[i], (unsigned long long)c->email_invalid,
                     (unsigned long long)c->phone_invalid, (unsigned long long)c->ip_invalid,
                     (unsigned long long)c->dob_invalid, (unsigned long long)c->country_unknown,
                     (unsigned long long)c->ip_country_unknown);
        cr_expect_eq(st.n_unknown, 0, "no unknown columns");
        cr_expect(st.has_created_at && st.has_label && st.has_actor);
        for (size_t r = 0; r < t->count; r++) {
            cr_assert_neq(t->payment_type[r], PAY_UNKNOWN, "row %zu: payment_type", r);
            cr_assert_neq(t->ip_kind[r], IPK_UNKNOWN, "row %zu: ip_kind", r);
            cr_assert(t->label[r] == 0 || t->label[r] == 1);
            cr_assert_gt(t->duration[r], 0);
            cr_assert(t->amount[r] > 0);
        }
        load_stats_free(&st);
        lease_table_free(t);
    }
}

/* ---------------------------------------------------------------- truth */

Test(gen, truth_has_one_row_per_lease_and_agrees_with_labels)
{
    make("t.csv", "t.truth", "default", 5000, 5, 1);
    table_rows log = read_csv("t.csv"), truth = read_csv("t.truth");
    cr_assert_eq(log.nf, 26, "24 columns + label, actor_id");
    cr_assert_eq(truth.nf, 4);
    cr_assert_eq(truth.n, log.n);
    size_t fake = 0;
    for (size_t i = 0; i < log.n; i++) {
        cr_assert_str_eq(truth.f[i][T_LEASE], log.f[i][C_LEASE]);
        cr_assert_str_eq(truth.f[i][T_ACTOR], log.f[i][C_ACTOR]);
        cr_assert_str_eq(truth.f[i][T_LABEL], log.f[i][C_LABEL]);
        int k = kind_of(truth.f[i][T_KIND]);
        int label = atoi(truth.f[i][T_LABEL]);
        cr_assert(strcmp(truth.f[i][T_LABEL], "0") == 0 || strcmp(truth.f[i][T_LABEL], "1") == 0);
        cr_assert_eq(label, gen_kind_is_fake(k), "%s has label %d", truth.f[i][T_KIND], label);
        cr_assert_eq(label, strncmp(truth.f[i][T_KIND], "fake_", 5) == 0);
        fake += (size_t)label;
    }
    cr_expect_gt(fake, 0, "some fake-identity leases");
    /* an actor has one kind */
    size_t ng;
    group *g = group_by_actor(&truth, &ng);
    for (size_t i = 0; i < ng; i++)
        for (size_t j = 0; j < g[i].n; j++)
            cr_assert_eq(kind_of(truth.f[g[i].row[j]][T_KIND]), g[i].kind);
    free_groups(g);
    free_csv(&log);
    free_csv(&truth);
}

/* ---------------------------------------------------------------- fake actors */

Test(gen, fake_personas_never_repeat_a_name_key_within_an_actor)
{
    const char *sc[] = {"default", "tick", "hard"};
    for (size_t s = 0; s < 3; s++) {
        make("f.csv", "f.truth", sc[s], 8000, 21, 1);
        table_rows truth = read_csv("f.truth");
        lease_table *t;
        load_stats st;
        lh_error err;
        cr_assert_eq(load("f.csv", &t, &st, &err), LH_OK, "%s", err.message);
        size_t ng, checked = 0;
        group *g = group_by_actor(&truth, &ng);
        for (size_t i = 0; i < ng; i++) {
            if (!gen_kind_is_fake(g[i].kind))
                continue;
            for (size_t a = 0; a < g[i].n; a++)
                for (size_t b = a + 1; b < g[i].n; b++) {
                    size_t x = g[i].row[a], y = g[i].row[b];
                    cr_assert_neq(t->text[LT_NAME].id[x], t->text[LT_NAME].id[y],
                                  "%s %s: persona name repeats: %s", sc[s], g[i].actor,
                                  lease_table_text(t, LT_NAME, x));
                    cr_assert_neq(t->text[LT_ACCOUNT].id[x], t->text[LT_ACCOUNT].id[y],
                                  "%s: a new account per persona", g[i].actor);
                    checked++;
                }
        }
        cr_expect_gt(checked, 20, "%s: enough persona pairs", sc[s]);
        free_groups(g);
        free_csv(&truth);
        load_stats_free(&st);
        lease_table_free(t);
    }
}

static int same_id(const lease_table *t, int col, size_t x, size_t y)
{
    return t->text[col].id[x] != 0 && t->text[col].id[x] == t->text[col].id[y];
}

static int all_same(const lease_table *t, int col, const group *g)
{
    for (size_t j = 1; j < g->n; j++)
        if (!same_id(t, col, g->row[0], g->row[j]))
            return 0;
    return 1;
}

Test(gen, fake_actors_share_their_defining_trait)
{
    make("s.csv", "s.truth", "default", 30000, 8, 0);
    table_rows truth = read_csv("s.truth");
    lease_table *t;
    load_stats st;
    lh_error err;
    cr_assert_eq(load("s.csv", &t, &st, &err), LH_OK, "%s", err.message);
    size_t ng, seen[GK_COUNT] = {0};
    group *g = group_by_actor(&truth, &ng);
    for (size_t i = 0; i < ng; i++) {
        if (g[i].n < 2)
            continue;
        size_t r0 = g[i].row[0];
        switch (g[i].kind) {
        case GK_FAKE_CARD:
            cr_expect(all_same(t, LT_PAYMENT_FP, &g[i]), "%s: one card", g[i].actor);
            break;
        case GK_FAKE_DEVICE:
            cr_expect(all_same(t, LT_DEVICE_FP, &g[i]), "%s: one device", g[i].actor);
            for (size_t j = 0; j < g[i].n; j++) {
                cr_expect_eq(t->payment_type[g[i].row[j]], PAY_PREPAID);
                if (j)
                    cr_expect(!same_id(t, LT_PAYMENT_FP, r0, g[i].row[j]), "a new card each");
            }
            break;
        case GK_FAKE_IPBLOCK:
            cr_expect(all_same(t, LT_IP_PREFIX, &g[i]), "%s: one /24", g[i].actor);
            for (size_t j = 0; j < g[i].n; j++) {
                int pt = t->payment_type[g[i].row[j]];
                cr_expect(pt == PAY_CRYPTO || pt == PAY_PREPAID);
            }
            break;
        case GK_FAKE_PHONE:
            cr_expect(all_same(t, LT_PHONE, &g[i]), "%s: one phone", g[i].actor);
            break;
        case GK_FAKE_MAILBOX: {
            /* one Gmail mailbox, or one private domain */
            int mailbox = all_same(t, LT_EMAIL, &g[i]);
            int domain =
                all_same(t, LT_EMAIL_DOMAIN, &g[i]) &&
                domain_classify(lease_table_text(t, LT_EMAIL_DOMAIN, r0),
                                strlen(lease_table_text(t, LT_EMAIL_DOMAIN, r0))) == DOMAIN_OTHER;
            cr_expect(mailbox || domain, "%s: one mailbox or catch-all domain", g[i].actor);
            if (mailbox)
                cr_expect_str_eq(lease_table_text(t, LT_EMAIL_DOMAIN, r0), "gmail.com");
            break;
        }
        case GK_FAKE_SLOW:
        case GK_FAKE_BURST: {
            int any = all_same(t, LT_PAYMENT_FP, &g[i]) || all_same(t, LT_DEVICE_FP, &g[i]) ||
                      all_same(t, LT_IP_PREFIX, &g[i]) || all_same(t, LT_PHONE, &g[i]) ||
                      all_same(t, LT_EMAIL, &g[i]) || all_same(t, LT_EMAIL_DOMAIN, &g[i]);
            cr_expect(any, "%s: one shared trait", g[i].actor);
            int64_t span = t->created_at[g[i].row[g[i].n - 1]] - t->created_at[r0];
            if (g[i].kind == GK_FAKE_BURST)
                cr_expect_leq(span, 14 * 86400, "%s: a burst lasts days", g[i].actor);
            break;
        }
        default:
            break;
        }
        seen[g[i].kind]++;
    }
    for (int k = GK_FIRST_FAKE; k < GK_COUNT; k++)
        if (k != GK_FAKE_TICK)
            cr_expect_gt(seen[k], 0, "the default scenario has %s actors", gen_kind_name(k));
    free_groups(g);
    free_csv(&truth);
    load_stats_free(&st);
    lease_table_free(t);
}

Test(gen, fake_phone_is_typed_in_different_formats)
{
    make("p.csv", "p.truth", "default", 30000, 8, 0);
    table_rows log = read_csv("p.csv"), truth = read_csv("p.truth");
    size_t ng, actors = 0;
    group *g = group_by_actor(&truth, &ng);
    for (size_t i = 0; i < ng; i++) {
        if (g[i].kind != GK_FAKE_PHONE || g[i].n < 3)
            continue;
        actors++;
        int differ = 0;
        for (size_t j = 1; j < g[i].n; j++)
            differ |= strcmp(log.f[g[i].row[0]][C_PHONE], log.f[g[i].row[j]][C_PHONE]) != 0;
        cr_expect(differ, "%s: the number is typed in more than one way", g[i].actor);
    }
    cr_expect_gt(actors, 0);
    free_groups(g);
    free_csv(&log);
    free_csv(&truth);
}

Test(gen, fake_tick_leases_are_chained_by_traits_but_not_all_by_one)
{
    make("k.csv", "k.truth", "tick", 15000, 2, 0);
    table_rows truth = read_csv("k.truth"), log = read_csv("k.csv");
    lease_table *t;
    load_stats st;
    lh_error err;
    cr_assert_eq(load("k.csv", &t, &st, &err), LH_OK, "%s", err.message);
    static const int traits[] = {LT_PAYMENT_FP, LT_DEVICE_FP, LT_IP_PREFIX, LT_PHONE};
    size_t ng, actors = 0;
    group *g = group_by_actor(&truth, &ng);
    for (size_t i = 0; i < ng; i++) {
        if (g[i].kind != GK_FAKE_TICK)
            continue;
        for (size_t j = 0; j < g[i].n; j++) {
            size_t x = g[i].row[j];
            cr_expect_str_eq(log.f[x][C_COUNTRY], "JP", "Japanese personas");
            const char *region = log.f[x][C_REGION];
            cr_expect(strncmp(region, "tokyo", 5) == 0 || strncmp(region, "osaka", 5) == 0,
                      "Japanese regions: %s", region);
        }
        if (g[i].n < 3)
            continue; /* cut off by the end of the log */
        actors++;
        cr_expect(g[i].n >= 3 && g[i].n <= 6);
        int64_t span = t->created_at[g[i].row[g[i].n - 1]] - t->created_at[g[i].row[0]];
        cr_expect_geq(span, 7 * 86400, "%s: weeks to months", g[i].actor);
        /* every lease shares a trait with another; no trait is common to all */
        for (size_t j = 0; j < g[i].n; j++) {
            int linked = 0;
            for (size_t o = 0; o < g[i].n && !linked; o++)
                for (size_t tr = 0; tr < 4 && o != j && !linked; tr++)
                    linked = same_id(t, traits[tr], g[i].row[j], g[i].row[o]);
            cr_expect(linked, "%s: lease %zu shares nothing", g[i].actor, j);
        }
        for (size_t tr = 0; tr < 4; tr++)
            cr_expect(!all_same(t, traits[tr], &g[i]), "%s: not one trait everywhere", g[i].actor);
        for (size_t j = 0; j < g[i].n; j++)
            cr_expect_eq(t->payment_type[g[i].row[j]], PAY_CARD, "a careful actor pays by card");
    }
    cr_expect_geq(actors, 3, "a few fake_tick actors in the tick scenario");
    free_groups(g);
    free_csv(&truth);
    free_csv(&log);
    load_stats_free(&st);
    lease_table_free(t);
}

/* ---------------------------------------------------------------- benign patterns */

/* The family name as a key; Russian feminine forms (Иванова, Ivanova) count as the family
 * name they are formed from. */
static void family_key(const char *last, const char *country, char *out)
{
    size_t n = name_normalize(last, strlen(last), out);
    if (strcmp(country, "RU") == 0) {
        if (n >= 2 && strcmp(out + n - 2, "\xd0\xb0") == 0)
            out[n - 2] = '\0';
        else if (n >= 1 && out[n - 1] == 'a')
            out[n - 1] = '\0';
    }
}

Test(gen, household_members_share_a_family_name_and_an_address)
{
    make("h.csv", "h.truth", "hard", 8000, 4, 0);
    table_rows log = read_csv("h.csv"), truth = read_csv("h.truth");
    size_t ng, multi = 0;
    group *g = group_by_actor(&truth, &ng);
    for (size_t i = 0; i < ng; i++) {
        if (g[i].kind != GK_HOUSEHOLD)
            continue;
        char fam0[NORM_KEY_MAX], addr0[NORM_KEY_MAX];
        size_t x = g[i].row[0];
        family_key(log.f[x][C_LAST], log.f[x][C_COUNTRY], fam0);
        address_normalize(log.f[x][C_ADDRESS], strlen(log.f[x][C_ADDRESS]), addr0);
        cr_assert(fam0[0] && addr0[0]);
        int members = 0;
        for (size_t j = 1; j < g[i].n; j++) {
            size_t y = g[i].row[j];
            char fam[NORM_KEY_MAX], addr[NORM_KEY_MAX];
            family_key(log.f[y][C_LAST], log.f[y][C_COUNTRY], fam);
            address_normalize(log.f[y][C_ADDRESS], strlen(log.f[y][C_ADDRESS]), addr);
            cr_expect_str_eq(fam, fam0, "%s: one family name", g[i].actor);
            cr_expect_str_eq(addr, addr0, "%s: one address", g[i].actor);
            members |= strcmp(log.f[y][C_FIRST], log.f[x][C_FIRST]) != 0;
        }
        multi += members;
    }
    cr_expect_gt(multi, 10, "households where several members rent");
    free_groups(g);
    free_csv(&log);
    free_csv(&truth);
}

Test(gen, companies_use_one_org_domain_address_and_office_block)
{
    make("c.csv", "c.truth", "default", 10000, 6, 0);
    table_rows truth = read_csv("c.truth");
    lease_table *t;
    load_stats st;
    lh_error err;
    cr_assert_eq(load("c.csv", &t, &st, &err), LH_OK, "%s", err.message);
    size_t ng, companies = 0, people = 0, office_leases = 0, all_leases = 0;
    group *g = group_by_actor(&truth, &ng);
    for (size_t i = 0; i < ng; i++) {
        if (g[i].kind != GK_COMPANY || g[i].n < 2)
            continue;
        companies++;
        size_t x = g[i].row[0];
        const char *d = lease_table_text(t, LT_EMAIL_DOMAIN, x);
        cr_expect_eq(domain_classify(d, strlen(d)), DOMAIN_OTHER, "%s is not free-mail", d);
        cr_expect(all_same(t, LT_EMAIL_DOMAIN, &g[i]), "%s: one domain", g[i].actor);
        cr_expect(all_same(t, LT_ADDRESS, &g[i]), "%s: one billing address", g[i].actor);
        size_t office = 0; /* leases from the most used business /24 */
        for (size_t j = 0; j < g[i].n; j++) {
            size_t y = g[i].row[j], same = 0;
            if (t->ip_kind[y] != IPK_BUSINESS)
                continue;
            for (size_t k = 0; k < g[i].n; k++)
                same += same_id(t, LT_IP_PREFIX, y, g[i].row[k]);
            if (same > office)
                office = same;
        }
        office_leases += office;
        all_leases += g[i].n;
        for (size_t j = 1; j < g[i].n; j++)
            people += !same_id(t, LT_NAME, x, g[i].row[j]);
    }
    cr_expect_gt(companies, 20);
    cr_expect_gt(people, 20, "companies' leases come from several employees");
    cr_expect_gt(office_leases * 10, all_leases * 7, "mostly from the office /24: %zu of %zu",
                 office_leases, all_leases);
    free_groups(g);
    free_csv(&truth);
    load_stats_free(&st);
    lease_table_free(t);
}

/* The most distinct actors behind one signup_ip that a row of `kind` with ip_kind ik used. */
static size_t crowd(const lease_table *t, const table_rows *truth, int kind, int ik)
{
    size_t best = 0;
    const char **actors = malloc(t->count * sizeof *actors);
    for (size_t i = 0; i < t->count; i++) {
        if (kind_of(truth->f[i][T_KIND]) != kind || t->ip_kind[i] != ik)
            continue;
        size_t n = 0;
        for (size_t j = 0; j < t->count; j++) {
            if (t->text[LT_SIGNUP_IP].id[j] != t->text[LT_SIGNUP_IP].id[i])
                continue;
            int seen = 0;
            for (size_t k = 0; k < n && !seen; k++)
                seen = strcmp(actors[k], truth->f[j][T_ACTOR]) == 0;
            if (!seen)
                actors[n++] = truth->f[j][T_ACTOR];
        }
        if (n > best)
            best = n;
    }
    free(actors);
    return best;
}

Test(gen, crowds_put_many_unrelated_actors_behind_one_address)
{
    make("n.csv", "n.truth", "default", 6000, 9, 0);
    table_rows truth = read_csv("n.truth");
    lease_table *t;
    load_stats st;
    lh_error err;
    cr_assert_eq(load("n.csv", &t, &st, &err), LH_OK, "%s", err.message);
    cr_expect_geq(crowd(t, &truth, GK_MOBILE_NAT, IPK_MOBILE), 5, "a carrier NAT address");
    cr_expect_geq(crowd(t, &truth, GK_VPN_USER, IPK_VPN), 5, "a VPN exit");
    cr_expect_geq(crowd(t, &truth, GK_CAMPUS, IPK_BUSINESS), 5, "a campus NAT address");
    free_csv(&truth);
    load_stats_free(&st);
    lease_table_free(t);
}

Test(gen, repeat_customers_vary_their_name_and_mostly_keep_one_account)
{
    make("r.csv", "r.truth", "default", 8000, 12, 0);
    table_rows truth = read_csv("r.truth"), log = read_csv("r.csv");
    lease_table *t;
    load_stats st;
    lh_error err;
    cr_assert_eq(load("r.csv", &t, &st, &err), LH_OK, "%s", err.message);
    size_t ng, leases = 0, raw_differs = 0, key_same = 0, one_account = 0, actors = 0;
    size_t cards = 0;
    group *g = group_by_actor(&truth, &ng);
    for (size_t i = 0; i < ng; i++) {
        if (g[i].kind != GK_REPEAT || g[i].n < 2)
            continue;
        actors++;
        size_t x = g[i].row[0];
        one_account += all_same(t, LT_ACCOUNT, &g[i]);
        for (size_t j = 1; j < g[i].n; j++) {
            size_t y = g[i].row[j];
            leases++;
            raw_differs += strcmp(log.f[x][C_FIRST], log.f[y][C_FIRST]) != 0 ||
                           strcmp(log.f[x][C_LAST], log.f[y][C_LAST]) != 0;
            key_same += same_id(t, LT_NAME, x, y);
            cards += !same_id(t, LT_PAYMENT_FP, x, y);
        }
    }
    cr_assert_gt(actors, 50);
    cr_expect_gt(raw_differs, leases / 20, "names typed differently: %zu of %zu", raw_differs,
                 leases);
    cr_expect_gt(key_same, leases / 2, "but mostly one name key: %zu of %zu", key_same, leases);
    cr_expect_gt(one_account, actors * 3 / 4, "usually one account: %zu of %zu", one_account,
                 actors);
    cr_expect_gt(cards, 0, "cards get renewed, or a second means of payment");
    free_groups(g);
    free_csv(&truth);
    free_csv(&log);
    load_stats_free(&st);
    lease_table_free(t);
}

Test(gen, common_names_collide_between_unrelated_actors)
{
    make("z.csv", "z.truth", "default", 10000, 13, 0);
    table_rows truth = read_csv("z.truth");
    lease_table *t;
    load_stats st;
    lh_error err;
    cr_assert_eq(load("z.csv", &t, &st, &err), LH_OK, "%s", err.message);
    /* rows whose name key another actor's row also has */
    size_t shared = 0, n = t->count < 3000 ? t->count : 3000;
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            if (same_id(t, LT_NAME, i, j) && strcmp(truth.f[i][T_ACTOR], truth.f[j][T_ACTOR])) {
                shared++;
                break;
            }
    cr_expect_gt(shared, n / 50, "%zu of %zu rows share a name with a stranger", shared, n);
    cr_expect_lt(shared, n / 2, "but most names are not shared");
    free_csv(&truth);
    load_stats_free(&st);
    lease_table_free(t);
}

/* A free-mail provider refuses a taken name, so a larger log's addresses carry more digits
 * (one more for every tenfold past 100,000 leases): unrelated people then share a mailbox about
 * as rarely per lease as in a small log. At 200,000 leases of the scale scenario, 2 mailboxes
 * are held by two actors (9 with 3 digits at any size). */
Test(gen, a_larger_log_gives_strangers_no_more_shared_mailboxes)
{
    make("m.csv", NULL, "scale", 200000, 1, 1);
    lease_table *t;
    load_stats st;
    lh_error err;
    cr_assert_eq(load("m.csv", &t, &st, &err), LH_OK, "%s", err.message);
    uint64_t *key = malloc(t->count * sizeof *key);
    size_t m = 0;
    for (size_t i = 0; i < t->count; i++)
        if (t->text[LT_EMAIL].id[i])
            key[m++] = (uint64_t)t->text[LT_EMAIL].id[i] << 32 | t->text[LT_ACTOR].id[i];
    sort_u64(key, m);
    size_t shared = 0; /* mailboxes of two actors or more: runs of one mailbox, actors counted */
    for (size_t i = 0, j; i < m; i = j) {
        size_t actors = 1;
        for (j = i + 1; j < m && key[j] >> 32 == key[i] >> 32; j++)
            actors += key[j] != key[j - 1];
        shared += actors > 1;
    }
    cr_expect_leq(shared, 4, "%zu mailboxes held by more than one actor", shared);
    free(key);
    load_stats_free(&st);
    lease_table_free(t);
}

/* The hosting /24s that owners draw (an operator's block, a reseller's servers) spread over
 * more networks the larger the log, so that a /24 holds as few owners at 10M leases as at
 * 100,000: 2,000 owners (a 10M log's share of hosting blocks) meet in few /24s, where one /16
 * per hosting network (3,072 /24s) put two or more in hundreds. */
Test(gen, hosting_blocks_spread_with_the_size_of_the_log)
{
    const gen_scenario *sc = gen_scenario_find("scale");
    cr_assert_not_null(sc);
    size_t shared[2];
    const uint64_t sizes[2] = {100000, 10000000};
    for (int z = 0; z < 2; z++) {
        gen_ctx c;
        gen_ctx_init(&c, sc, 1, sizes[z]);
        enum { OWNERS = 2000 };
        static uint64_t net[OWNERS];
        static gen_row row;
        for (uint32_t k = 0; k < OWNERS; k++) {
            gen_ip_block(&c, &row, -1, 0x9e3779b97f4a7c15ULL * (k + 1), 1, 7);
            unsigned a, b, d, e;
            cr_assert_eq(sscanf(row.f[GC_SIGNUP_IP], "%u.%u.%u.%u", &a, &b, &d, &e), 4);
            cr_assert_str_eq(row.f[GC_IP_KIND], "hosting");
            net[k] = (uint64_t)a << 16 | b << 8 | d;
        }
        sort_u64(net, OWNERS);
        shared[z] = 0;
        for (uint32_t k = 1; k < OWNERS; k++)
            shared[z] += net[k] == net[k - 1];
        gen_ctx_free(&c);
    }
    cr_expect_geq(shared[0], 300, "one /16 per network: %zu owners share a /24", shared[0]);
    cr_expect_leq(shared[1], 40, "10M leases: %zu owners share a /24", shared[1]);
}

/* ---------------------------------------------------------------- rates */

Test(gen, surface_signals_occur_at_realistic_rates_among_benign_customers)
{
    gen_stats s = make("q.csv", "q.truth", "default", 20000, 14, 0);
    table_rows truth = read_csv("q.truth"), log = read_csv("q.csv");
    size_t n = 0, disp = 0, free_ = 0, vpn = 0, mismatch = 0, prepaid = 0, crypto = 0, nophone = 0,
           nodevice = 0;
    size_t fn = 0, fdisp = 0, fthrow = 0;
    for (size_t i = 0; i < log.n; i++) {
        const char *email = log.f[i][C_EMAIL], *at = strchr(email, '@');
        cr_assert(at != NULL, "%s", email);
        domain_kind dk = domain_classify(at + 1, strlen(at + 1));
        int throwaway =
            dk == DOMAIN_DISPOSABLE || strcmp(log.f[i][C_PAYTYPE], "prepaid") == 0 ||
            strcmp(log.f[i][C_PAYTYPE], "crypto") == 0 || strcmp(log.f[i][C_IPKIND], "vpn") == 0 ||
            strcmp(log.f[i][C_IPKIND], "tor") == 0 || strcmp(log.f[i][C_IPKIND], "proxy") == 0;
        if (truth.f[i][T_LABEL][0] == '1') {
            fn++;
            fdisp += dk == DOMAIN_DISPOSABLE;
            fthrow += throwaway;
            continue;
        }
        n++;
        disp += dk == DOMAIN_DISPOSABLE;
        free_ += dk == DOMAIN_FREEMAIL;
        vpn += strcmp(log.f[i][C_IPKIND], "vpn") == 0;
        mismatch += strcmp(log.f[i][C_COUNTRY], log.f[i][C_IPCOUNTRY]) != 0;
        prepaid += strcmp(log.f[i][C_PAYTYPE], "prepaid") == 0;
        crypto += strcmp(log.f[i][C_PAYTYPE], "crypto") == 0;
        nophone += log.f[i][C_PHONE][0] == '\0';
        nodevice += log.f[i][C_DEVICE][0] == '\0';
    }
    double d = (double)n;
    cr_expect(disp / d >= 0.005 && disp / d <= 0.03, "disposable %.3f", disp / d);
    cr_expect(free_ / d >= 0.5, "free-mail is the majority: %.3f", free_ / d);
    cr_expect(vpn / d >= 0.03 && vpn / d <= 0.08, "VPN %.3f", vpn / d);
    cr_expect(mismatch / d >= 0.03 && mismatch / d <= 0.08, "country mismatch %.3f", mismatch / d);
    cr_expect(prepaid / d >= 0.015 && prepaid / d <= 0.05, "prepaid %.3f", prepaid / d);
    cr_expect(crypto / d >= 0.02 && crypto / d <= 0.06, "crypto %.3f", crypto / d);
    cr_expect(nophone / d >= 0.05 && nophone / d <= 0.25, "no phone %.3f", nophone / d);
    cr_expect(nodevice / d >= 0.02 && nodevice / d <= 0.10, "no device %.3f", nodevice / d);
    /* fake actors: more throwaway signals, but not always */
    cr_assert_gt(fn, 100);
    cr_expect_gt(fdisp / (double)fn, disp / d, "fake actors use disposable mail more often");
    cr_expect(fthrow < fn, "careful fake actors look clean");
    cr_expect_gt(fthrow / (double)fn, 0.2);
    /* prevalence: 1-2.5% of leases in the default scenario */
    double fake_share = (double)fn / (double)log.n;
    cr_expect(fake_share >= 0.01 && fake_share <= 0.025, "fake share %.4f", fake_share);
    uint64_t by_kind = 0;
    for (int k = GK_FIRST_FAKE; k < GK_COUNT; k++)
        by_kind += s.leases_by_kind[k];
    cr_expect_eq(by_kind, fn, "gen_stats counts what the truth says");
    free_csv(&truth);
    free_csv(&log);
}

Test(gen, the_hard_scenario_has_fewer_fake_leases_than_default)
{
    gen_stats d = make("d.csv", NULL, "default", 20000, 15, 0);
    gen_stats h = make("h.csv", NULL, "hard", 20000, 15, 0);
    uint64_t fd = 0, fh = 0;
    for (int k = GK_FIRST_FAKE; k < GK_COUNT; k++)
        fd += d.leases_by_kind[k], fh += h.leases_by_kind[k];
    cr_expect_lt(fh, fd);
    cr_expect_gt(fh, 0);
    cr_expect_gt(h.leases_by_kind[GK_HOUSEHOLD], d.leases_by_kind[GK_HOUSEHOLD]);
    cr_expect_gt(h.leases_by_kind[GK_COMPANY], d.leases_by_kind[GK_COMPANY]);
    cr_expect_gt(h.leases_by_kind[GK_RESELLER], d.leases_by_kind[GK_RESELLER]);
}

Test(gen, memory_follows_active_actors_not_rows)
{
    gen_stats s = make("m.csv", NULL, "default", 40000, 16, 0);
    cr_expect_lt(s.max_active, s.rows / 10, "%zu actors active at most", s.max_active);
    cr_expect_gt(s.max_active, 0);
}

Test(gen, gzip_output_decompresses_to_the_plain_output)
{
    make("g.csv", "g.truth", "tick", 3000, 17, 1);
    make("g.csv.gz", "g.truth.gz", "tick", 3000, 17, 1);
    const char *pairs[][2] = {{"g.csv", "g.csv.gz"}, {"g.truth", "g.truth.gz"}};
    for (size_t i = 0; i < 2; i++) {
        char *p = path_in(pairs[i][0]), *q = path_in(pairs[i][1]);
        size_t n;
        char *plain = slurp(p, &n);
        gzFile z = gzopen(q, "rb");
        cr_assert(z != NULL);
        char *buf = malloc(n + 16);
        int got = gzread(z, buf, (unsigned)n + 16);
        gzclose(z);
        cr_expect_eq((size_t)got, n);
        cr_expect(memcmp(plain, buf, n) == 0);
        unsigned char magic[2];
        FILE *f = fopen(q, "rb");
        cr_assert_eq(fread(magic, 1, 2, f), 2);
        fclose(f);
        cr_expect(magic[0] == 0x1f && magic[1] == 0x8b, "gzip magic");
        free(plain), free(buf), free(p), free(q);
    }
}

Test(gen, write_errors_publish_nothing)
{
    gen_options o = {gen_scenario_find("default"), 100, 1, 0};
    lh_error err;
    lh_error_clear(&err);
    char *missing = path_in("no/such/folder/x.csv");
    cr_expect_eq(gen_write_files(missing, NULL, &o, NULL, &err), LH_ECANTCREAT);
    lh_error_clear(&err);
    char *out = path_in("ok.csv"), *truth = path_in("no/truth.csv");
    cr_expect_eq(gen_write_files(out, truth, &o, NULL, &err), LH_ECANTCREAT);
    FILE *f = fopen(out, "r");
    cr_expect(f == NULL, "the log is not published without its truth");
    if (f)
        fclose(f);
    free(missing), free(out), free(truth);
    o.leases = 0;
    lh_error_clear(&err);
    cr_expect_eq(gen_run(stdout, NULL, &o, NULL, &err), LH_EUSAGE);
}

/* ---------------------------------------------------------------- parts */

Test(gen_heap, pops_in_time_then_actor_then_lease_order)
{
    gen_heap h;
    gen_heap_init(&h);
    lh_error err;
    lh_error_clear(&err);
    uint64_t x = 12345;
    for (uint32_t i = 0; i < 5000; i++) {
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        gen_event e = {(int64_t)(x >> 54), (uint32_t)(x >> 20) % 100, i};
        cr_assert_eq(gen_heap_push(&h, e, &err), LH_OK);
    }
    gen_event prev = gen_heap_pop(&h);
    while (h.n) {
        gen_event e = gen_heap_pop(&h);
        int ordered = prev.time < e.time ||
                      (prev.time == e.time &&
                       (prev.actor < e.actor || (prev.actor == e.actor && prev.lease < e.lease)));
        cr_assert(ordered, "(%lld,%u,%u) before (%lld,%u,%u)", (long long)prev.time, prev.actor,
                  prev.lease, (long long)e.time, e.actor, e.lease);
        prev = e;
    }
    h.max = 1;
    gen_event e = {0, 0, 0};
    cr_expect_eq(gen_heap_push(&h, e, &err), LH_OK);
    cr_expect_eq(gen_heap_push(&h, e, &err), LH_EINTERNAL, "the heap has a maximum");
    gen_heap_free(&h);
}

Test(gen_data, mail_domains_are_classified_as_intended)
{
    for (size_t i = 0; i < gen_n_disposable_domains; i++) {
        const char *d = gen_disposable_domains[i].domain;
        cr_expect_eq(domain_classify(d, strlen(d)), DOMAIN_DISPOSABLE,
                     "%s is in disposable_domains.txt", d);
    }
    for (int l = 0; l < GL_COUNT; l++) {
        const gen_locale *L = gen_locale_get(l);
        for (size_t i = 0; i < L->n_freemail; i++) {
            const char *d = L->freemail[i].domain;
            cr_expect_eq(domain_classify(d, strlen(d)), DOMAIN_FREEMAIL, "%s is free-mail", d);
        }
    }
}

Test(gen_data, name_lists_have_no_duplicate_entries)
{
    for (int l = 0; l < GL_COUNT; l++) {
        const gen_locale *L = gen_locale_get(l);
        const gen_name *lists[] = {L->family, L->given_m, L->given_f};
        size_t sizes[] = {L->n_family, L->n_given_m, L->n_given_f};
        for (size_t k = 0; k < 3; k++) {
            cr_expect_geq(sizes[k], 30, "%s: a few dozen names per list", L->code);
            for (size_t i = 0; i < sizes[k]; i++)
                for (size_t j = i + 1; j < sizes[k]; j++) {
                    /* romanised spellings may coincide (徐, 许: Xu), written forms may not */
                    const char *a = lists[k][i].native ? lists[k][i].native : lists[k][i].latin;
                    const char *b = lists[k][j].native ? lists[k][j].native : lists[k][j].latin;
                    cr_expect(strcmp(a, b) != 0, "%s: %s twice", L->code, a);
                }
        }
    }
}

Test(gen_data, network_ranges_of_different_kinds_do_not_overlap)
{
    /* every /16 listed once; no business /8 under any /16 of another kind */
    uint16_t seen[256];
    size_t n = 0;
    uint8_t biz[64];
    size_t nb = 0;
    for (int l = 0; l < GL_COUNT; l++) {
        const gen_locale *L = gen_locale_get(l);
        for (size_t i = 0; i < L->n_res; i++)
            seen[n++] = (uint16_t)(L->res[i][0] << 8 | L->res[i][1]);
        for (size_t i = 0; i < L->n_mob; i++)
            seen[n++] = (uint16_t)(L->mob[i][0] << 8 | L->mob[i][1]);
        for (size_t i = 0; i < L->n_biz; i++)
            biz[nb++] = L->biz[i];
    }
    for (size_t i = 0; i < gen_n_hosting_nets; i++)
        seen[n++] = (uint16_t)(gen_hosting_nets[i][0] << 8 | gen_hosting_nets[i][1]);
    for (size_t i = 0; i < gen_n_vpn_nets; i++)
        seen[n++] = (uint16_t)(gen_vpn_nets[i][0] << 8 | gen_vpn_nets[i][1]);
    for (size_t i = 0; i < n; i++) {
        for (size_t j = i + 1; j < n; j++)
            cr_expect_neq(seen[i], seen[j], "%u.%u.0.0/16 twice", seen[i] >> 8, seen[i] & 255);
        for (size_t b = 0; b < nb; b++)
            cr_expect_neq(seen[i] >> 8, biz[b], "%u.%u.0.0/16 inside business /8 %u", seen[i] >> 8,
                          seen[i] & 255, biz[b]);
    }
    for (size_t a = 0; a < nb; a++)
        for (size_t b = a + 1; b < nb; b++)
            cr_expect_neq(biz[a], biz[b], "business /8 %u twice", biz[a]);
}

Test(gen_data, every_phone_format_normalizes_to_one_key)
{
    for (int l = 0; l < GL_COUNT; l++) {
        const gen_locale *L = gen_locale_get(l);
        for (uint64_t key = 1; key < 200; key++) {
            char nsn[24], want[NORM_KEY_MAX];
            int area = 0;
            if (key % 2)
                gen_phone_mobile(l, key, nsn);
            else
                gen_phone_land(l, (int)(key / 2 % L->n_city), key, nsn, &area);
            snprintf(want, sizeof want, "%s%s", L->calling, nsn);
            for (int fmt = 0; fmt < GEN_PHONE_FORMATS; fmt++) {
                char buf[GEN_FIELD_MAX], got[NORM_KEY_MAX];
                gen_buf b;
                gen_buf_init(&b, buf, sizeof buf);
                gen_phone_format(&b, l, nsn, area, fmt);
                cr_assert_gt(phone_normalize(buf, strlen(buf), L->country, got), 0, "%s", buf);
                cr_assert_str_eq(got, want, "%s: '%s' (format %d)", L->code, buf, fmt);
            }
        }
    }
}

static int cmp_word(const void *a, const void *b)
{
    return strcmp(a, b);
}

Test(gen_data, invented_words_are_unique)
{
    /* 4 syllables of 66: distinct ids give distinct words */
    static char words[1 << 16][32];
    for (uint64_t id = 0; id < (1 << 16); id++) {
        gen_buf b;
        gen_buf_init(&b, words[id], sizeof words[id]);
        gen_word(&b, id * 251, 99);
    }
    qsort(words, 1 << 16, sizeof words[0], cmp_word);
    for (size_t i = 1; i < (1 << 16); i++)
        cr_assert_str_neq(words[i - 1], words[i]);
}

/* ---------------------------------------------------------------- the command */

TestSuite(cli_gen, .init = setup, .fini = teardown);

static char *out_file(const char *name)
{
    char *p = path_in(name);
    char *s = slurp(p, NULL);
    free(p);
    return s;
}

Test(cli_gen, docs_scenarios_md_is_exactly_what_list_scenarios_prints)
{
    cr_assert_eq(run_leasehound(dir, "gen --list-scenarios"), 0);
    char *printed = out_file("stdout.txt");
    char *doc = slurp(LH_SOURCE_DIR "/docs/scenarios.md", NULL);
    cr_assert(doc != NULL, "docs/scenarios.md exists");
    cr_expect_str_eq(doc, printed,
                     "docs/scenarios.md is out of date: leasehound gen --list-scenarios > "
                     "docs/scenarios.md");
    size_t n;
    const gen_scenario *s = gen_scenarios(&n);
    for (size_t i = 0; i < n; i++)
        cr_expect(strstr(printed, s[i].name) != NULL);
    cr_expect(strstr(printed, "| `mix.fake_tick` |") != NULL);
    free(printed);
    free(doc);
}

Test(cli_gen, writes_the_log_and_the_truth_and_reports)
{
    cr_assert_eq(run_leasehound(dir, "gen --scenario tick --leases 500 --seed 9 --out x.csv "
                                     "--truth x.truth.csv"),
                 0);
    char *p = path_in("x.csv"), *q = path_in("x.truth.csv");
    cr_expect_eq(count_lines(p), 501);
    cr_expect_eq(count_lines(q), 501);
    char *o = out_file("stdout.txt");
    cr_expect(strstr(o, "wrote 500 leases") != NULL, "%s", o);
    free(o), free(p), free(q);
    cr_assert_eq(run_leasehound(dir, "gen --leases 50 --out y.csv.gz --quiet --labels"), 0);
    o = out_file("stdout.txt");
    cr_expect_str_eq(o, "", "--quiet");
    free(o);
}

Test(cli_gen, usage_errors_exit_2)
{
    cr_expect_eq(run_leasehound(dir, "gen"), 2);
    cr_expect_eq(run_leasehound(dir, "gen --leases 10"), 2, "no --out");
    cr_expect_eq(run_leasehound(dir, "gen --out x.csv"), 2, "no --leases");
    cr_expect_eq(run_leasehound(dir, "gen --leases 0 --out x.csv"), 2);
    cr_expect_eq(run_leasehound(dir, "gen --leases -5 --out x.csv"), 2);
    cr_expect_eq(run_leasehound(dir, "gen --leases 10k --out x.csv"), 2);
    cr_expect_eq(run_leasehound(dir, "gen --leases 1000000001 --out x.csv"), 2);
    cr_expect_eq(run_leasehound(dir, "gen --leases 10 --out x.csv --scenario nosuch"), 2);
    cr_expect_eq(run_leasehound(dir, "gen --leases 10 --out x.csv --seed x"), 2);
    cr_expect_eq(run_leasehound(dir, "gen --leases 10 --out x.csv extra"), 2);
    cr_expect_eq(run_leasehound(dir, "gen --leases 10 --out x.csv --truth x.csv"), 2);
    cr_expect_eq(run_leasehound(dir, "gen --leases 10 --out x.csv --map a=b"), 2, "a scan option");
    cr_expect_eq(run_leasehound(dir, "gen --leases 10 --out dir/"), 2);
    char *e = out_file("stderr.txt");
    cr_expect(strstr(e, "leasehound: ") == e, "%s", e);
    free(e);
}

Test(cli_gen, unwritable_output_exits_73)
{
    cr_expect_eq(run_leasehound(dir, "gen --leases 10 --out missing/x.csv"), 73);
    cr_expect_eq(run_leasehound(dir, "gen --leases 10 --out x.csv --truth missing/t.csv"), 73);
}

Test(cli_gen, help_lists_every_gen_option)
{
    cr_assert_eq(run_leasehound(dir, "gen --help"), 0);
    char *h = out_file("stdout.txt");
    const char *want[] = {"--labels", "--leases N",      "--list-scenarios", "--out PATH",
                          "--quiet",  "--scenario NAME", "--seed S",         "--truth FILE"};
    for (size_t i = 0; i < sizeof want / sizeof *want; i++)
        cr_expect(strstr(h, want[i]) != NULL, "%s in gen --help", want[i]);
    cr_expect(strstr(h, "--map") == NULL, "only gen's options");
    free(h);
    cr_assert_eq(run_leasehound(dir, "--help"), 0);
    h = out_file("stdout.txt");
    cr_expect(strstr(h, "leasehound gen --leases N --out FILE") != NULL, "%s", h);
    free(h);
}

/* ---------------------------------------------------------------- datasets/ */

static const struct {
    const char *name, *scenario;
    uint64_t leases, seed;
} datasets[] = {
    {"default-20k", "default", 20000, 1},
    {"tick-10k", "tick", 10000, 1},
    {"hard-20k", "hard", 20000, 1},
};

/* The whole decompressed content of a gzip (or plain) file. */
static char *gunzip_file(const char *path, size_t *len)
{
    gzFile z = gzopen(path, "rb");
    cr_assert(z != NULL, "cannot open %s", path);
    size_t cap = 1 << 20, n = 0;
    char *buf = malloc(cap);
    int got;
    while ((got = gzread(z, buf + n, (unsigned)(cap - n))) > 0) {
        n += (size_t)got;
        if (n == cap)
            buf = realloc(buf, cap *= 2);
    }
    gzclose(z);
    *len = n;
    return buf;
}

TestSuite(gen_datasets, .init = setup, .fini = teardown);

Test(gen_datasets, committed_files_are_what_their_readme_commands_make)
{
    char *readme = slurp(LH_SOURCE_DIR "/datasets/README.md", NULL);
    cr_assert(readme != NULL, "datasets/README.md exists");
    for (size_t i = 0; i < sizeof datasets / sizeof *datasets; i++) {
        char cmd[512];
        snprintf(cmd, sizeof cmd,
                 "leasehound gen --scenario %s --leases %llu --seed %llu --out "
                 "datasets/%s.csv.gz --truth datasets/%s.truth.csv.gz",
                 datasets[i].scenario, (unsigned long long)datasets[i].leases,
                 (unsigned long long)datasets[i].seed, datasets[i].name, datasets[i].name);
        cr_expect(strstr(readme, cmd) != NULL, "datasets/README.md gives the command: %s", cmd);
        make("d.csv", "d.truth", datasets[i].scenario, datasets[i].leases, datasets[i].seed, 0);
        const char *suffix[] = {".csv.gz", ".truth.csv.gz"}, *fresh[] = {"d.csv", "d.truth"};
        for (size_t k = 0; k < 2; k++) {
            char committed[512];
            snprintf(committed, sizeof committed, "%s/datasets/%s%s", LH_SOURCE_DIR,
                     datasets[i].name, suffix[k]);
            size_t n1, n2;
            char *a = gunzip_file(committed, &n1);
            char *p = path_in(fresh[k]);
            char *b = slurp(p, &n2);
            cr_expect(n1 == n2 && memcmp(a, b, n1) == 0,
                      "%s is not what its command makes now: regenerate it (datasets/README.md)",
                      committed);
            free(a), free(b), free(p);
        }
    }
    free(readme);
}

Test(gen_datasets, readme_counts_are_counted_from_the_files)
{
    char *readme = slurp(LH_SOURCE_DIR "/datasets/README.md", NULL);
    cr_assert(readme != NULL);
    for (size_t i = 0; i < sizeof datasets / sizeof *datasets; i++) {
        char cmd[1024];
        snprintf(cmd, sizeof cmd,
                 "cd '%s' && scripts/dataset-counts.sh datasets/%s.truth.csv.gz > '%s/counts.md'",
                 LH_SOURCE_DIR, datasets[i].name, dir);
        cr_assert_eq(system(cmd), 0, "%s", cmd);
        char *counts = out_file("counts.md");
        cr_assert(strstr(counts, "| **all** |") != NULL, "%s", counts);
        cr_expect(strstr(readme, counts) != NULL,
                  "datasets/README.md does not hold the counts of %s:\n%s", datasets[i].name,
                  counts);
        free(counts);
    }
    free(readme);
}
