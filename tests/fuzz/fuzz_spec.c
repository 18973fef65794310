/* fuzz_spec.c: the linkage spec parser (link/spec.h) on arbitrary text, and a parsed spec
 * driving the link stage on a small fixed table.
 *
 * Checked: a failure is a usage error with a message; a parsed spec obeys its maxima (fields,
 * rules, levels, names, thresholds) and parsing is deterministic; the spec's columns resolve
 * against a table that has them; link_run on 24 leases, whatever comparison methods the spec
 * puts on whatever columns, assigns every lease to exactly one renter (CSR consistent, sizes
 * summing to the leases), keeps only finite links inside one renter, and gives finite
 * features. Settings that only cost time (em_iterations) are capped so that one input stays
 * fast.
 */
#include "features/features.h"
#include "fuzz/fuzz.h"
#include "link/link.h"
#include "link/spec.h"
#include "model/model.h"

#include <math.h>
#include <string.h>

static void check_spec(const link_spec *s)
{
    FUZZ_CHECK(s->n_field >= 1 && s->n_field <= SPEC_MAX_FIELDS, "%d fields", s->n_field);
    FUZZ_CHECK(s->n_rule >= 1 && s->n_rule <= SPEC_MAX_RULES, "%d rules", s->n_rule);
    for (int i = 0; i < s->n_field; i++) {
        const spec_field *f = &s->field[i];
        FUZZ_CHECK(f->n_levels >= 2 && f->n_levels <= SPEC_MAX_LEVELS, "%d levels", f->n_levels);
        FUZZ_CHECK(f->name[0] && strlen(f->name) < SPEC_NAME_MAX, "field name");
        FUZZ_CHECK(f->column[0] && strlen(f->column) < SPEC_NAME_MAX, "column name");
        FUZZ_CHECK(!(f->key && f->persona), "key and persona");
        for (int l = 0; l < f->n_levels; l++)
            FUZZ_CHECK(spec_level_name(f, l) != NULL, "level name");
        for (int k = 0; k < f->n_threshold; k++)
            FUZZ_CHECK(f->threshold[k] >= 0.5 && f->threshold[k] < 1, "threshold %g",
                       f->threshold[k]);
    }
    for (int r = 0; r < s->n_rule; r++)
        FUZZ_CHECK(s->rule[r].n_col >= 1 && s->rule[r].n_col <= SPEC_MAX_RULE_COLS, "rule cols");
    FUZZ_CHECK(isfinite(s->threshold) && s->threshold >= 0.5 && s->threshold < 1, "threshold");
    FUZZ_CHECK(s->overshare_min <= s->overshare_max, "overshare bounds");
    FUZZ_CHECK(isfinite(s->key_u) && s->key_u >= 0 && isfinite(s->key_rate) && s->key_rate > 0 &&
                   isfinite(s->persona_share),
               "key_u, key_rate");
}

/* Cell values of the fixed table: agreements, near misses, empties and odd text, so that every
 * comparison method meets values it expects and values it does not. */
static const char *const values[] = {
    "",
    "taro yamada",
    "yamada taro",
    "taro yamda",
    "19800102",
    "19800201",
    "10.0.0.1",
    "10.0.0.0/24",
    "2001:db8::1",
    "2001:db8::/48",
    "a@example.org",
    "1 main st",
    "山田太郎",
    "x",
    "-",
    "0",
};
#define N_VALUES (sizeof values / sizeof *values)
#define N_ROWS   24

static lease_table *fixed_table(const link_spec *s)
{
    const char *cols[SPEC_MAX_FIELDS * 3 + SPEC_MAX_RULES * SPEC_MAX_RULE_COLS];
    size_t nc = link_spec_columns(s, cols, sizeof cols / sizeof *cols);
    lease_table *probe = lease_table_new(NULL, 0);
    const char *extra[COLMAP_MAX_EXTRA];
    size_t n_extra = 0;
    for (size_t i = 0; i < nc; i++)
        if (lease_table_column(probe, cols[i]) < 0 && n_extra < COLMAP_MAX_EXTRA)
            extra[n_extra++] = cols[i];
    lease_table_free(probe);
    lease_table *t = lease_table_new(extra, n_extra);
    for (int i = 0; i < N_ROWS; i++) {
        lease_row row;
        memset(&row, 0, sizeof row);
        char id[16];
        snprintf(id, sizeof id, "L%d", i);
        for (size_t c = 0; c < t->n_text; c++) {
            const char *v = values[(size_t)(i / 3 + c * 7) % N_VALUES];
            row.text[c] = v;
            row.len[c] = strlen(v);
        }
        row.text[LT_LEASE_ID] = id;
        row.len[LT_LEASE_ID] = strlen(id);
        row.created_at = 1700000000 + (int64_t)i * 3600 * (i % 5);
        row.amount = i % 4 ? 10.0 * i : NAN;
        row.duration = i % 3 ? 30 : -1;
        row.payment_type = (uint8_t)(i % PAY_COUNT);
        row.ip_kind = (uint8_t)(i % IPK_COUNT);
        row.label = -1;
        FUZZ_CHECK(lease_table_add(t, &row) >= 0, "row %d", i);
    }
    return t;
}

static void check_link(const link_result *r, size_t n)
{
    FUZZ_CHECK(r->n_leases == n, "%zu leases of %zu", r->n_leases, n);
    FUZZ_CHECK(r->n_renters >= 1 && r->n_renters <= n, "%zu renters", r->n_renters);
    FUZZ_CHECK(r->renter_start[0] == 0 && r->renter_start[r->n_renters] == n, "CSR bounds");
    size_t total = 0;
    for (size_t k = 0; k < r->n_renters; k++) {
        FUZZ_CHECK(r->renter_size[k] >= 1, "empty renter %zu", k);
        FUZZ_CHECK(r->renter_start[k + 1] - r->renter_start[k] == r->renter_size[k], "CSR size");
        for (uint32_t x = r->renter_start[k]; x < r->renter_start[k + 1]; x++)
            FUZZ_CHECK(r->renter[r->renter_lease[x]] == k, "lease in the wrong renter");
        total += r->renter_size[k];
    }
    FUZZ_CHECK(total == n, "renters hold %zu of %zu leases", total, n);
    for (size_t e = 0; e < r->n_edge; e++) {
        const link_edge *l = &r->edge[e];
        FUZZ_CHECK(l->a < l->b && l->b < n, "edge %u-%u", l->a, l->b);
        FUZZ_CHECK(r->renter[l->a] == r->renter[l->b], "edge across renters");
        FUZZ_CHECK(isfinite(l->log_odds), "edge log odds %g", (double)l->log_odds);
    }
}

int fuzz_spec(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (size)
        memcpy(text, data, size);
    text[size] = '\0';
    link_spec *s = malloc(sizeof *s), *s2 = malloc(sizeof *s2);
    lh_error err;
    lh_error_clear(&err);
    lh_status st = link_spec_parse(s, text, "fuzz.spec", &err);
    FUZZ_CHECK(st == LH_OK || st == LH_EUSAGE, "status %d", (int)st);
    if (st != LH_OK) {
        FUZZ_CHECK(err.code == st && err.message[0], "failure without a message");
        goto done;
    }
    check_spec(s);
    lh_error_clear(&err);
    FUZZ_CHECK(link_spec_parse(s2, text, "fuzz.spec", &err) == LH_OK, "second parse failed");
    FUZZ_CHECK(memcmp(s, s2, sizeof *s) == 0, "two parses differ");

    s->em_iterations = s->em_iterations < 50 ? s->em_iterations : 50;
    lease_table *t = fixed_table(s);
    lh_status rs = link_spec_resolve(s, t, &err);
    FUZZ_CHECK(rs == LH_OK || rs == LH_EUSAGE, "resolve status %d", (int)rs);
    if (rs == LH_OK) {
        link_result lr;
        link_options opt = {1, NULL};
        lh_status ls = link_run(&lr, t, s, &opt, &err);
        FUZZ_CHECK(ls == LH_OK || ls == LH_EINTERNAL, "link status %d: %s", (int)ls, err.message);
        if (ls == LH_OK) {
            check_link(&lr, t->count);
            renter_features rf;
            renter_features_build(&rf, t, &lr, s, 1);
            FUZZ_CHECK(rf.n_renters == lr.n_renters, "feature rows");
            for (size_t i = 0; i < rf.n_renters * FEATURE_COUNT; i++)
                FUZZ_CHECK(isfinite(rf.x[i]), "feature %zu of renter %zu is %g", i % FEATURE_COUNT,
                           i / FEATURE_COUNT, rf.x[i]);
            renter_features_free(&rf);
        }
        link_result_free(&lr);
    }
    lease_table_free(t);
done:
    free(s);
    free(s2);
    free(text);
    return 0;
}

FUZZ_TARGET(fuzz_spec)
