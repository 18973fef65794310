/* spec.c: parsing the linkage spec (see spec.h and models/README.md).
 *
 * Grammar, one statement per line, '#' to the end of a line is a comment:
 *   version 1
 *   field NAME METHOD COLUMN[,COLUMN2[,COLUMN3]] [tf] [key] [persona] [network] [nat] [tenants]
 *         [members] [agree_only] [T1 [T2]]
 *   block COLUMN[+COLUMN...] [window N]
 *   SETTING VALUE      threshold, prior (auto or a probability), key_rate or key_u,
 *                      persona_share, overshare_min, overshare_max, bridge_log_odds,
 *                      max_cluster, block_max, block_window, random_pairs, em_iterations
 * Errors name the origin and line. The built-in spec is models/linkage.spec, embedded by
 * link_spec_text.S so the program needs no file at run time.
 */
#include "link/spec.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define SPEC_FILE_MAX (1u << 20)

extern const char lh_linkage_spec_text[];

const char *link_spec_builtin(void)
{
    return lh_linkage_spec_text;
}

static const char *const method_names[] = {"exact", "jaro_winkler", "name", "date", "ip", "place"};

static void set_defaults(link_spec *s)
{
    memset(s, 0, sizeof *s);
    s->threshold = 0.99;
    s->prior = -1;
    s->key_u = 0;
    s->key_rate = 1e-5;
    s->persona_share = 1e-3;
    s->overshare_min = 10;
    s->overshare_max = 100;
    s->bridge_log_odds = 20;
    s->max_cluster = 5000;
    s->block_max = 200;
    s->block_window = 8;
    s->random_pairs = 1000000;
    s->em_iterations = 200;
}

/* Splits line into whitespace-separated words (in place); returns the count. */
static int split_words(char *line, char *word[], int cap)
{
    int n = 0;
    char *p = line;
    while (*p && n < cap) {
        while (isspace((unsigned char)*p))
            p++;
        if (!*p)
            break;
        word[n++] = p;
        while (*p && !isspace((unsigned char)*p))
            p++;
        if (*p)
            *p++ = '\0';
    }
    return n;
}

static int copy_name(char *dst, const char *src)
{
    size_t n = strlen(src);
    if (n == 0 || n >= SPEC_NAME_MAX)
        return -1;
    for (size_t i = 0; i < n; i++)
        if (!(isalnum((unsigned char)src[i]) || src[i] == '_'))
            return -1;
    memcpy(dst, src, n + 1);
    return 0;
}

static int parse_number(const char *s, double lo, double hi, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || *end || !(v >= lo && v <= hi))
        return -1;
    *out = v;
    return 0;
}

static lh_status parse_field(link_spec *s, char **w, int n, const char *origin, int line,
                             lh_error *err)
{
    if (n < 4)
        return LH_FAIL(err, LH_EUSAGE, "%s:%d: field NAME METHOD COLUMN [options]", origin, line);
    if (s->n_field == SPEC_MAX_FIELDS)
        return LH_FAIL(err, LH_EUSAGE, "%s:%d: more than %d fields", origin, line, SPEC_MAX_FIELDS);
    spec_field *f = &s->field[s->n_field];
    memset(f, 0, sizeof *f);
    f->col = f->col2 = f->col3 = -1;
    if (copy_name(f->name, w[1]) != 0)
        return LH_FAIL(err, LH_EUSAGE, "%s:%d: bad field name '%s'", origin, line, w[1]);
    for (int i = 0; i < s->n_field; i++)
        if (strcmp(s->field[i].name, f->name) == 0)
            return LH_FAIL(err, LH_EUSAGE, "%s:%d: field %s defined twice", origin, line, f->name);
    int m = -1;
    for (int i = 0; i < (int)(sizeof method_names / sizeof *method_names); i++)
        if (strcmp(w[2], method_names[i]) == 0)
            m = i;
    if (m < 0)
        return LH_FAIL(err, LH_EUSAGE,
                       "%s:%d: unknown method '%s' (exact, jaro_winkler, name, date, ip, place)",
                       origin, line, w[2]);
    f->method = (compare_method)m;
    char *cols[3] = {w[3], NULL, NULL};
    int ncols = 1;
    for (char *c = strchr(w[3], ','); c && ncols < 3; c = strchr(c + 1, ',')) {
        *c = '\0';
        cols[ncols++] = c + 1;
    }
    if (copy_name(f->column, cols[0]) != 0 || (ncols > 1 && copy_name(f->column2, cols[1]) != 0) ||
        (ncols > 2 && copy_name(f->column3, cols[2]) != 0))
        return LH_FAIL(err, LH_EUSAGE, "%s:%d: bad column list", origin, line);
    for (int i = 4; i < n; i++) {
        f->nat |= strcmp(w[i], "nat") == 0;
        f->members |= strcmp(w[i], "members") == 0;
    }
    if ((f->nat || f->members) && f->method != CMP_EXACT)
        return LH_FAIL(err, LH_EUSAGE, "%s:%d: %s applies to method exact", origin, line,
                       f->nat ? "nat" : "members");
    if (f->nat && f->members)
        return LH_FAIL(err, LH_EUSAGE, "%s:%d: nat and members both name the second column", origin,
                       line);
    int want = f->method == CMP_IP || f->nat || f->members ? 2 : f->method == CMP_PLACE ? 3 : 1;
    if (ncols != want)
        return LH_FAIL(err, LH_EUSAGE, "%s:%d: %s%s takes %d column%s", origin, line,
                       method_names[f->method],
                       f->nat       ? " with nat"
                       : f->members ? " with members"
                                    : "",
                       want, want > 1 ? "s" : "");
    for (int i = 4; i < n; i++) {
        if (strcmp(w[i], "tf") == 0) {
            f->tf = 1;
        } else if (strcmp(w[i], "key") == 0) {
            f->key = 1;
        } else if (strcmp(w[i], "persona") == 0) {
            f->persona = 1;
        } else if (strcmp(w[i], "network") == 0) {
            f->network = 1;
        } else if (strcmp(w[i], "nat") == 0 || strcmp(w[i], "members") == 0) {
            /* read above */
        } else if (strcmp(w[i], "agree_only") == 0) {
            f->agree_only = 1;
        } else if (strcmp(w[i], "tenants") == 0) {
            f->tenants = 1;
        } else if (f->method == CMP_JARO_WINKLER && f->n_threshold < 2 &&
                   parse_number(w[i], 0.5, 0.9999, &f->threshold[f->n_threshold]) == 0) {
            f->n_threshold++;
        } else {
            return LH_FAIL(err, LH_EUSAGE, "%s:%d: unknown field option '%s'", origin, line, w[i]);
        }
    }
    if ((f->tenants || f->members) && !f->key)
        return LH_FAIL(err, LH_EUSAGE, "%s:%d: %s applies to an identifier (key)", origin, line,
                       f->tenants ? "tenants" : "members");
    if (f->key && f->persona)
        return LH_FAIL(err, LH_EUSAGE,
                       "%s:%d: a field is an identifier (key) or a personal "
                       "attribute (persona), not both",
                       origin, line);
    switch (f->method) {
    case CMP_EXACT:
        f->n_levels = 2;
        break;
    case CMP_JARO_WINKLER:
        if (f->n_threshold == 0)
            return LH_FAIL(err, LH_EUSAGE, "%s:%d: jaro_winkler needs one or two thresholds",
                           origin, line);
        if (f->n_threshold == 2 && f->threshold[1] >= f->threshold[0])
            return LH_FAIL(err, LH_EUSAGE, "%s:%d: thresholds must decrease", origin, line);
        f->n_levels = 2 + f->n_threshold;
        break;
    case CMP_NAME:
        f->n_levels = 4;
        break;
    case CMP_DATE:
    case CMP_IP:
        f->n_levels = 3;
        break;
    case CMP_PLACE:
        f->n_levels = 5;
        break;
    }
    if (f->key && f->n_levels != 2)
        return LH_FAIL(err, LH_EUSAGE, "%s:%d: key fields must use method exact", origin, line);
    s->n_field++;
    return LH_OK;
}

static lh_status parse_block(link_spec *s, char **w, int n, const char *origin, int line,
                             lh_error *err)
{
    double window = 0;
    if (!(n == 2 || (n == 4 && strcmp(w[2], "window") == 0)))
        return LH_FAIL(err, LH_EUSAGE, "%s:%d: block COLUMN[+COLUMN...] [window N]", origin, line);
    if (n == 4 && (parse_number(w[3], 1, 1e6, &window) != 0 || window != floor(window)))
        return LH_FAIL(err, LH_EUSAGE, "%s:%d: a rule's window must be an integer from 1 to 1e6",
                       origin, line);
    if (s->n_rule == SPEC_MAX_RULES)
        return LH_FAIL(err, LH_EUSAGE, "%s:%d: more than %d block rules", origin, line,
                       SPEC_MAX_RULES);
    spec_rule *r = &s->rule[s->n_rule];
    memset(r, 0, sizeof *r);
    for (char *p = w[1]; p;) {
        char *plus = strchr(p, '+');
        if (plus)
            *plus = '\0';
        if (r->n_col == SPEC_MAX_RULE_COLS || copy_name(r->column[r->n_col], p) != 0)
            return LH_FAIL(err, LH_EUSAGE, "%s:%d: bad block rule", origin, line);
        r->col[r->n_col++] = -1;
        p = plus ? plus + 1 : NULL;
    }
    r->window = (size_t)window;
    s->n_rule++;
    return LH_OK;
}

/* key_u (a fixed u per pair, fixed != 0) or key_rate (u = key_rate / (N - 1)): one or the
 * other, since each sets u of every key field. */
static lh_status set_key_u(link_spec *s, int fixed, double v, const char *origin, int line,
                           lh_error *err)
{
    if (fixed ? s->key_rate_given : s->key_u > 0)
        return LH_FAIL(err, LH_EUSAGE, "%s:%d: key_u and key_rate exclude each other: give one",
                       origin, line);
    if (fixed) {
        s->key_u = v;
    } else {
        s->key_rate = v;
        s->key_rate_given = 1;
    }
    return LH_OK;
}

static lh_status parse_setting(link_spec *s, char **w, int n, const char *origin, int line,
                               lh_error *err)
{
    if (n != 2)
        return LH_FAIL(err, LH_EUSAGE, "%s:%d: unknown statement '%s'", origin, line, w[0]);
    double v;
    const char *k = w[0];
    struct {
        const char *name;
        double lo, hi;
        int integer;
    } const table[] = {
        {"threshold", 0.5, 0.999999999, 0}, {"overshare_min", 2, 1e9, 0},
        {"overshare_max", 2, 1e9, 0},       {"bridge_log_odds", 0, 200, 0},
        {"max_cluster", 2, 1e12, 1},        {"block_max", 2, 1e9, 1},
        {"block_window", 1, 1e6, 1},        {"random_pairs", 1000, 1e10, 1},
        {"em_iterations", 1, 100000, 1},    {"version", 1, 1, 1},
        {"key_u", 1e-300, 0.01, 0},         {"persona_share", 1e-12, 0.1, 0},
        {"key_rate", 1e-300, 1, 0},
    };
    if (strcmp(k, "prior") == 0) {
        if (strcmp(w[1], "auto") == 0) {
            s->prior = -1;
            return LH_OK;
        }
        if (parse_number(w[1], 1e-300, 0.5, &s->prior) != 0)
            return LH_FAIL(err, LH_EUSAGE, "%s:%d: prior is auto or a probability", origin, line);
        return LH_OK;
    }
    for (size_t i = 0; i < sizeof table / sizeof *table; i++) {
        if (strcmp(k, table[i].name) != 0)
            continue;
        if (parse_number(w[1], table[i].lo, table[i].hi, &v) != 0 ||
            (table[i].integer && v != floor(v)))
            return LH_FAIL(err, LH_EUSAGE, "%s:%d: %s must be %s from %g to %g", origin, line, k,
                           table[i].integer ? "an integer" : "a number", table[i].lo, table[i].hi);
        if (strcmp(k, "threshold") == 0)
            s->threshold = v;
        else if (strcmp(k, "overshare_min") == 0)
            s->overshare_min = v;
        else if (strcmp(k, "overshare_max") == 0)
            s->overshare_max = v;
        else if (strcmp(k, "bridge_log_odds") == 0)
            s->bridge_log_odds = v;
        else if (strcmp(k, "max_cluster") == 0)
            s->max_cluster = (size_t)v;
        else if (strcmp(k, "block_max") == 0)
            s->block_max = (size_t)v;
        else if (strcmp(k, "block_window") == 0)
            s->block_window = (size_t)v;
        else if (strcmp(k, "random_pairs") == 0)
            s->random_pairs = (size_t)v;
        else if (strcmp(k, "em_iterations") == 0)
            s->em_iterations = (int)v;
        else if (strcmp(k, "key_u") == 0 || strcmp(k, "key_rate") == 0)
            return set_key_u(s, strcmp(k, "key_u") == 0, v, origin, line, err);
        else if (strcmp(k, "persona_share") == 0)
            s->persona_share = v;
        return LH_OK;
    }
    return LH_FAIL(err, LH_EUSAGE, "%s:%d: unknown statement '%s'", origin, line, k);
}

lh_status link_spec_parse(link_spec *s, const char *text, const char *origin, lh_error *err)
{
    set_defaults(s);
    snprintf(s->origin, sizeof s->origin, "%s", origin);
    int line = 0;
    for (const char *p = text; *p;) {
        line++;
        size_t len = strcspn(p, "\n");
        char buf[1024];
        if (len >= sizeof buf)
            return LH_FAIL(err, LH_EUSAGE, "%s:%d: line too long", origin, line);
        memcpy(buf, p, len);
        buf[len] = '\0';
        char *hash = strchr(buf, '#');
        if (hash)
            *hash = '\0';
        char *w[16];
        int n = split_words(buf, w, 16);
        lh_status st = LH_OK;
        if (n == 0)
            st = LH_OK;
        else if (strcmp(w[0], "field") == 0)
            st = parse_field(s, w, n, origin, line, err);
        else if (strcmp(w[0], "block") == 0)
            st = parse_block(s, w, n, origin, line, err);
        else
            st = parse_setting(s, w, n, origin, line, err);
        if (st != LH_OK)
            return st;
        p += len + (p[len] == '\n');
    }
    if (s->n_field == 0 || s->n_rule == 0)
        return LH_FAIL(err, LH_EUSAGE, "%s: a spec needs at least one field and one block rule",
                       origin);
    if (s->overshare_max < s->overshare_min)
        return LH_FAIL(err, LH_EUSAGE, "%s: overshare_max below overshare_min", origin);
    for (int r = 0; r < s->n_rule; r++) {
        /* a rule's own window of N compares its blocks of more than 2N + 1 leases in windows:
           as the built-in block_max to block_window, no block pairs a lease with more leases
           than the window does */
        spec_rule *rule = &s->rule[r];
        rule->block_max = rule->window ? 2 * rule->window + 1 : s->block_max;
        rule->block_window = rule->window ? rule->window : s->block_window;
    }
    return LH_OK;
}

lh_status link_spec_load(link_spec *s, const char *path, lh_error *err)
{
    if (path == NULL)
        return link_spec_parse(s, link_spec_builtin(), "built-in models/linkage.spec", err);
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return LH_FAIL(err, LH_ENOINPUT, "cannot open spec %s: %s", path, strerror(errno));
    char *buf = malloc(SPEC_FILE_MAX + 1);
    size_t n = buf ? fread(buf, 1, SPEC_FILE_MAX + 1, f) : 0;
    int bad = ferror(f);
    fclose(f);
    if (buf == NULL || bad || n > SPEC_FILE_MAX || memchr(buf, '\0', n)) {
        free(buf);
        return LH_FAIL(err, LH_EUSAGE,
                       "%s is not a linkage spec (unreadable, binary or over 1 MiB)", path);
    }
    buf[n] = '\0';
    lh_status st = link_spec_parse(s, buf, path, err);
    free(buf);
    return st;
}

static void add_name(const char *out[], size_t cap, size_t *n, const char *name)
{
    for (size_t i = 0; i < *n; i++)
        if (strcasecmp(out[i], name) == 0)
            return;
    if (*n < cap)
        out[(*n)++] = name;
}

size_t link_spec_columns(const link_spec *s, const char *out[], size_t cap)
{
    size_t n = 0;
    for (int i = 0; i < s->n_field; i++) {
        add_name(out, cap, &n, s->field[i].column);
        if (s->field[i].column2[0])
            add_name(out, cap, &n, s->field[i].column2);
        if (s->field[i].column3[0])
            add_name(out, cap, &n, s->field[i].column3);
    }
    for (int r = 0; r < s->n_rule; r++)
        for (int c = 0; c < s->rule[r].n_col; c++)
            add_name(out, cap, &n, s->rule[r].column[c]);
    return n;
}

static lh_status resolve(const lease_table *t, const char *name, long *col, const char *origin,
                         lh_error *err)
{
    *col = lease_table_column(t, name);
    if (*col < 0 || *col == LT_ACTOR || *col == LT_NAME_RAW)
        return LH_FAIL(err, LH_EUSAGE, "%s: no column '%s' can be compared", origin, name);
    return LH_OK;
}

lh_status link_spec_resolve(link_spec *s, const lease_table *t, lh_error *err)
{
    for (int i = 0; i < s->n_field; i++) {
        spec_field *f = &s->field[i];
        if (resolve(t, f->column, &f->col, s->origin, err) != LH_OK)
            return err->code;
        if (f->column2[0] && resolve(t, f->column2, &f->col2, s->origin, err) != LH_OK)
            return err->code;
        if (f->column3[0] && resolve(t, f->column3, &f->col3, s->origin, err) != LH_OK)
            return err->code;
    }
    for (int r = 0; r < s->n_rule; r++)
        for (int c = 0; c < s->rule[r].n_col; c++)
            if (resolve(t, s->rule[r].column[c], &s->rule[r].col[c], s->origin, err) != LH_OK)
                return err->code;
    return LH_OK;
}

const char *spec_level_name(const spec_field *f, int level)
{
    if (level == SPEC_LEVEL_NULL)
        return "missing";
    if (level == 0)
        return "different";
    if (level == f->n_levels - 1)
        return "same";
    switch (f->method) {
    case CMP_NAME:
        return level == 2 ? "same person" : "partial";
    case CMP_DATE:
        return "close";
    case CMP_IP:
        return "same prefix";
    case CMP_PLACE:
        return level == 3 ? "similar address" : level == 2 ? "same postcode" : "same city";
    case CMP_JARO_WINKLER:
        return level == f->n_levels - 2 ? "close" : "similar";
    case CMP_EXACT:
        break;
    }
    return "?";
}
