/* values.c: value statistics of the columns the spec reads.
 *
 * For each column: how many leases carry each value (term frequencies for u and for the TF
 * adjustment) and a CSR index from value to leases (the blocks). For columns of identifier and
 * IP fields, also how many distinct persons hold each value, and which values are over-shared:
 * a carrier NAT address, a VPN exit or a large organisation's card is held by many unrelated (or
 * at least distinct) persons, and stops counting as evidence beyond a threshold estimated from
 * the data (models/README.md):
 *
 *     tau = clamp(2^(mean + k * max(sd, 1)), overshare_min, overshare_max)
 *
 * where mean and sd are of log2(persons) over the values held by at least two persons (with
 * fewer than 20 such values, mean 1 and sd 1: two persons, give or take a doubling): a fence
 * on the log scale, at least 2^k above the typical sharing, with k = 3 for personal identifiers
 * (cards, devices, phones, mailboxes, accounts, private e-mail domains) and k = 2 for fields
 * marked `network` (sign-up IP, address): independent members of a campus, a coworking space or
 * a carrier NAT share those, not each other's cards. The fence is also computed over all
 * identifier columns pooled (but those of `members` fields, an institution's domain being as
 * much crowds' as one actor's), and the lower of the two is used: a column whose shared values
 * are mostly crowds (a campus NAT block) would otherwise set its own fence inside the crowds,
 * while the pooled values are dominated by what one actor's persons share (a family's card).
 * A holder is the lease's name key (or its e-mail, or the lease itself when it has neither).
 *
 * Cost: O(n) per column (counting sort by value id, a stamp array for distinct holders), plus
 * O(k log k) for the k multi-holder values of a column.
 */
#include "link/link_internal.h"
#include "normalize/normalize.h"
#include "util/mem.h"
#include "util/threads.h"

#include <math.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#define FENCE_PERSONAL    3.0 /* fence width, in standard deviations of log2(persons): identifiers */
#define FENCE_NETWORK     2.0 /* and shared resources (spec `network`) */
#define NAT_PER_ADDRESS   2.0 /* nat fields: more persons per address than this is a NAT crowd */
#define NAT_MIN_PERSONS   3   /*   (from this many persons up; two may share one line) */
#define TENANT_MIN_LEASES 2   /* tenant test: a customer of this many leases is a tenant */
#define MEMBERS_MIN       3   /* members test: from this many separate customers up, */
#define MEMBERS_MET       0.5 /*   this share of them meeting another at one place */

static int find_or_add_column(link_ctx *c, long col)
{
    for (int i = 0; i < c->n_col; i++)
        if (c->col[i].col == col)
            return i;
    col_stats *s = &c->col[c->n_col];
    memset(s, 0, sizeof *s);
    s->col = col;
    s->nat_col = -1;
    s->place_col = -1;
    return c->n_col++;
}

/* 2^(mean + k * max(sd, 1)) of log2 holder counts: a fence on the log scale, at least a factor
 * 2^k above the typical sharing. Mean and standard deviation rather than quartiles: holder
 * counts are small integers, whose quartiles jump from one to the next as the mix shifts. */
static double log_fence(const double *lh, size_t n, double k)
{
    double mean = 0, var = 0;
    for (size_t i = 0; i < n; i++)
        mean += lh[i];
    mean /= (double)n;
    for (size_t i = 0; i < n; i++)
        var += (lh[i] - mean) * (lh[i] - mean);
    double sd = sqrt(var / (double)n);
    return exp2(mean + k * (sd > 1 ? sd : 1));
}

static void index_column(link_ctx *c, col_stats *s)
{
    const uint32_t *id = c->t->text[s->col].id;
    s->n_values = strpool_count(c->t->text[s->col].pool);
    s->count = xcalloc(s->n_values, sizeof *s->count);
    for (size_t i = 0; i < c->n; i++)
        s->count[id[i]]++;
    s->present = c->n - s->count[0];
    s->start = xmalloc((s->n_values + 1) * sizeof *s->start);
    uint32_t at = 0;
    s->start[0] = 0;
    for (uint32_t v = 0; v < s->n_values; v++) {
        s->start[v] = at;
        if (v > 0)
            at += s->count[v];
    }
    s->start[s->n_values] = at;
    s->lease = xmalloc((s->present ? s->present : 1) * sizeof *s->lease);
    uint32_t *fill = xmalloc(s->n_values * sizeof *fill);
    memcpy(fill, s->start, s->n_values * sizeof *fill);
    for (size_t i = 0; i < c->n; i++)
        if (id[i])
            s->lease[fill[id[i]]++] = (uint32_t)i;
    xfree(fill);
}

/* Tukey's far fence of log2(holders) over the values with >= 2 holders of one column, or
 * `none` with fewer than 20 such values. */
static double fence_of(const col_stats *s, size_t n_multi, double none, double k_iqr)
{
    (void)none;
    if (n_multi < 20)
        return exp2(1 + k_iqr); /* too few shared values to estimate: a neutral prior, typical
                                   sharing 2 persons with a spread of one doubling */
    double *lh = xmalloc(n_multi * sizeof *lh);
    size_t k = 0;
    for (uint32_t v = 1; v < s->n_values; v++)
        if (s->holders[v] >= 2)
            lh[k++] = log2((double)s->holders[v]);
    double f = log_fence(lh, k, k_iqr);
    xfree(lh);
    return f;
}

/* Distinct holders per value of a shared column. A holder seen for value v is stamped base + v:
 * the stamps of the columns counted before (below base) need no reset, whose random writes
 * cost as much as the stamping; *base then moves past this column's values. */
static size_t count_holders(link_ctx *c, col_stats *s, uint32_t *stamp, size_t n_stamp,
                            uint32_t *base)
{
    if ((uint64_t)*base + s->n_values > UINT32_MAX) { /* stamps would wrap: start over */
        memset(stamp, 0, n_stamp * sizeof *stamp);
        *base = 0;
    }
    const uint32_t b = *base;
    s->holders = xcalloc(s->n_values, sizeof *s->holders);
    s->suppressed = xcalloc(s->n_values, 1);
    size_t n_multi = 0;
    for (uint32_t v = 1; v < s->n_values; v++) {
        uint32_t h, n = s->count[v];
        const uint32_t *lease = s->lease + s->start[v];
        /* most values have one or two leases: their holders need no stamps, whose random
           writes over an array of every holder dominated this on large logs */
        if (n <= 2) {
            h = n < 2 ? n : c->holder[lease[0]] == c->holder[lease[1]] ? 1 : 2;
        } else {
            h = 0;
            for (uint32_t k = 0; k < n; k++) {
                uint32_t p = c->holder[lease[k]];
                if (stamp[p] != b + v) {
                    stamp[p] = b + v;
                    h++;
                }
            }
        }
        s->holders[v] = h;
        n_multi += h >= 2;
    }
    *base = b + s->n_values;
    return n_multi;
}

uint32_t link_stamp_base_start = 0;

/* Indexing and counting the columns on the threads, a column at a time, each thread with its
 * own stamps: a column's figures do not depend on which thread made them. */
typedef struct index_job {
    link_ctx *c;
    uint32_t n_holders;
    size_t *n_multi;
    atomic_int *next; /* the next column to take */
} index_job;

static void *index_worker(void *arg)
{
    index_job *j = arg;
    link_ctx *c = j->c;
    uint32_t *stamp = NULL, base = link_stamp_base_start;
    size_t n_stamp = j->n_holders ? j->n_holders : 1;
    for (int i; (i = atomic_fetch_add(j->next, 1)) < c->n_col;) {
        index_column(c, &c->col[i]);
        if (!c->col[i].shared)
            continue;
        if (stamp == NULL)
            stamp = xcalloc(n_stamp, sizeof *stamp);
        j->n_multi[i] = count_holders(c, &c->col[i], stamp, n_stamp, &base);
    }
    xfree(stamp);
    return NULL;
}

static void index_columns(link_ctx *c, uint32_t n_holders, size_t *n_multi)
{
    atomic_int next = 0;
    int nt = run_jobs_count(c->threads, c->n > 10000);
    if (nt > c->n_col)
        nt = c->n_col > 0 ? c->n_col : 1;
    index_job job = {c, n_holders, n_multi, &next};
    run_jobs(nt, index_worker, &job, 0); /* the workers share the column queue */
}

/* The over-share threshold of a shared column, and its suppressed values. `pooled` is the fence
 * of all identifier columns together (0: none). */
static void suppress(col_stats *s, size_t n_multi, const link_spec *spec, double pooled)
{
    double tau =
        fence_of(s, n_multi, spec->overshare_max, s->network ? FENCE_NETWORK : FENCE_PERSONAL);
    if (pooled > 0 && pooled < tau)
        tau = pooled;
    if (tau < spec->overshare_min)
        tau = spec->overshare_min;
    if (tau > spec->overshare_max)
        tau = spec->overshare_max;
    s->overshare = tau;
    for (uint32_t v = 1; v < s->n_values; v++)
        s->suppressed[v] = (double)s->holders[v] > tau;
}

/* A network prefix that one actor controls is used as owners use it: each person from an
 * address of their own. One where several persons come through each address is a NAT (a
 * campus, an office gateway, a carrier), whose persons are independent: suppressed, whatever
 * their number. */
static void suppress_nat(const link_ctx *c, col_stats *s)
{
    const uint32_t *addr = c->t->text[s->nat_col].id;
    uint32_t n_addr = strpool_count(c->t->text[s->nat_col].pool);
    uint32_t *stamp = xcalloc(n_addr ? n_addr : 1, sizeof *stamp);
    s->addresses = xcalloc(s->n_values, sizeof *s->addresses);
    for (uint32_t v = 1; v < s->n_values; v++) {
        uint32_t a = 0;
        for (uint32_t k = s->start[v]; k < s->start[v + 1]; k++) {
            uint32_t x = addr[s->lease[k]];
            if (x && stamp[x] != v) {
                stamp[x] = v;
                a++;
            }
        }
        s->addresses[v] = a;
        if (s->holders[v] >= NAT_MIN_PERSONS && (double)s->holders[v] > NAT_PER_ADDRESS * a &&
            !s->suppressed[v])
            s->suppressed[v] = s->reason[v] = SUPPRESS_NAT;
    }
    xfree(stamp);
}

/* Union-find over the leases of one prefix value (local indices). */
static uint32_t uf_find(uint32_t *parent, uint32_t x)
{
    while (parent[x] != x)
        x = parent[x] = parent[parent[x]];
    return x;
}

typedef struct tenant_item {
    uint32_t value; /* a holder or an identifier value */
    uint32_t local; /* index of the lease among the prefix's leases */
} tenant_item;

static int cmp_tenant_item(const void *a, const void *b)
{
    const tenant_item *x = a, *y = b;
    if (x->value != y->value)
        return x->value < y->value ? -1 : 1;
    return x->local < y->local ? -1 : x->local > y->local;
}

/* Unions the leases of one prefix that agree on a key (a holder, or an identifier's value). */
static void union_equal(tenant_item *it, uint32_t n, uint32_t *parent)
{
    qsort(it, n, sizeof *it, cmp_tenant_item);
    for (uint32_t k = 1; k < n; k++)
        if (it[k].value == it[k - 1].value) {
            uint32_t a = uf_find(parent, it[k].local), b = uf_find(parent, it[k - 1].local);
            if (a != b)
                parent[a > b ? a : b] = a < b ? a : b;
        }
}

/* What group_customers notes of a hosting prefix's leases (tie[], bits): */
enum {
    TIE_REPEAT = 1, /* its holder holds another lease of the prefix: a person renting again */
    TIE_OUT = 2,    /* an identifier ties it to leases elsewhere in the log: a customer there */
};

/* Sets bit in tie[] for the leases of each run of equal values in it[0..m) (sorted, the values
 * of one prefix's leases) that holds two leases or more (o NULL), or that leases outside the
 * prefix hold as well (o the column: the value has more leases in the log than in the run). */
static void mark_runs(const col_stats *o, const tenant_item *it, uint32_t m, uint8_t *tie,
                      uint8_t bit)
{
    for (uint32_t a = 0, b; a < m; a = b) {
        for (b = a + 1; b < m && it[b].value == it[a].value; b++)
            ;
        uint32_t x = it[a].value;
        if (o ? o->start[x + 1] - o->start[x] > b - a : b - a >= 2)
            for (uint32_t k = a; k < b; k++)
                tie[it[k].local] |= bit;
    }
}

/* Groups the n leases of value v (from lease index lo) into customers: leases tied by one
 * holder or by a value of another identifier column that is not suppressed (a card, a device,
 * an account, a mailbox, ...). parent[] is a union-find over the local indices; it[] scratch.
 * With tie (of n), also notes TIE_REPEAT and TIE_OUT of each lease. */
static void group_customers(const link_ctx *c, const col_stats *s, const int *is_key, uint32_t lo,
                            uint32_t n, tenant_item *it, uint32_t *parent, uint8_t *tie)
{
    for (uint32_t k = 0; k < n; k++) {
        parent[k] = k;
        it[k] = (tenant_item){c->holder[s->lease[lo + k]], k};
    }
    union_equal(it, n, parent);
    if (tie) {
        memset(tie, 0, n);
        mark_runs(NULL, it, n, tie, TIE_REPEAT);
    }
    for (int i = 0; i < c->n_col; i++) {
        const col_stats *o = &c->col[i];
        if (!is_key[i] || o == s || !o->suppressed)
            continue;
        const uint32_t *id = c->t->text[o->col].id;
        uint32_t m = 0;
        for (uint32_t k = 0; k < n; k++) {
            uint32_t x = id[s->lease[lo + k]];
            if (x && !o->suppressed[x])
                it[m++] = (tenant_item){x, k};
        }
        union_equal(it, m, parent);
        if (tie)
            mark_runs(o, it, m, tie, TIE_OUT);
    }
}

/* Whether lease i's network can be an institution's: a business network, or one whose kind the
 * log does not give. A home line, a carrier, a hosting range or an anonymiser is not where an
 * institution's members meet, however many personas come through it. */
static int institution_network(const uint8_t *kind, uint32_t i)
{
    return kind == NULL || kind[i] == IPK_BUSINESS || kind[i] == IPK_UNKNOWN;
}

/* The tenant test (spec `tenants`). An identifier is one customer's while one customer uses
 * it. A value whose leases form two or more separate customers of at least TENANT_MIN_LEASES
 * leases each (group_customers) is a service they both rent (a hosting provider's range, a
 * small mail provider's domain): its other leases could be either's, and it is suppressed. One
 * actor's personas, each a customer of one lease or a few tied by a leaked device, keep it. On
 * a nat field (a network prefix) this is the test of hosting prefixes: a business network is an
 * organisation's, whose employees are one customer (separate_organisations tests those).
 *
 * With tie (hosting prefixes), a lease that an identifier ties to leases elsewhere in the log
 * (TIE_OUT) is a customer too, of whatever size here: someone who rents from the prefix while
 * known by a card or a device elsewhere, an actor's persona ordering from a hosting range that
 * an honest reseller rents from. Beside a person who rents here again (TIE_REPEAT: a customer
 * by one holder), that makes the prefix a service. An actor's own block, whose personas never
 * repeat a name, keeps it whoever else comes through. size[] and tie[] are scratch of n. */
static int separate_tenants(uint32_t *parent, uint32_t n, uint32_t *size, uint8_t *tie)
{
    memset(size, 0, n * sizeof *size);
    for (uint32_t k = 0; k < n; k++) {
        uint32_t r = uf_find(parent, k);
        size[r]++;
        if (tie)
            tie[r] |= tie[k]; /* the component's notes, on its root */
    }
    uint32_t tenants = 0, repeaters = 0, customers = 0;
    for (uint32_t k = 0; k < n; k++) {
        if (parent[k] != k)
            continue;
        uint8_t notes = tie ? tie[k] : 0;
        tenants += size[k] >= TENANT_MIN_LEASES;
        repeaters += (notes & TIE_REPEAT) != 0;
        customers += size[k] >= TENANT_MIN_LEASES || (notes & TIE_OUT);
    }
    return tenants >= 2 || (repeaters >= 1 && customers >= 2);
}

/* The tenant test on a business prefix (a nat field's prefix with no hosting lease). Two
 * employees with leases of their own are one organisation's, so separate customers alone do
 * not make it a service. But a customer whose leases span two holders or more, tied by a card,
 * a domain or an account (an organisation), beside another customer of TENANT_MIN_LEASES
 * leases or more, is two organisations whose offices share an Internet provider's /24: a
 * company and another company, or a reseller. scratch[] is of n. */
static int separate_organisations(const link_ctx *c, const uint32_t *lease, uint32_t n,
                                  uint32_t *parent, uint32_t *size, uint32_t *scratch)
{
    const uint32_t MANY = UINT32_MAX; /* holder ids are below */
    uint32_t *holder = scratch;       /* per component (its root): its one holder, or MANY */
    memset(size, 0, n * sizeof *size);
    for (uint32_t k = 0; k < n; k++) {
        uint32_t r = uf_find(parent, k), h = c->holder[lease[k]];
        if (size[r]++ == 0)
            holder[r] = h;
        else if (holder[r] != h)
            holder[r] = MANY;
    }
    uint32_t customers = 0, organisations = 0;
    for (uint32_t k = 0; k < n; k++)
        if (parent[k] == k && size[k] >= TENANT_MIN_LEASES) {
            customers++;
            organisations += holder[k] == MANY;
        }
    return customers >= 2 && organisations >= 1;
}

/* The members test (spec `members`, before the tenant tests). An organisation's domain held by
 * separate customers who meet at one place (the field's second column, a network prefix of a
 * business network: a campus, a coworking space) is an institution's, whose members are
 * independent: at least MEMBERS_MIN customers, at least MEMBERS_MET of whom share such a place
 * with another customer, and the value is suppressed. One actor's personas, each alone at a
 * place of its own or all behind one home line or VPN, and an organisation's employees tied by
 * its card or account, keep it. lease[] are the value's n leases; it[] and mark[] scratch. */
static int institution_members(const link_ctx *c, const col_stats *s, const uint32_t *lease,
                               uint32_t n, uint32_t *parent, tenant_item *it, uint32_t *mark)
{
    const uint32_t *place = c->t->text[s->place_col].id;
    memset(mark, 0, n * sizeof *mark); /* per customer (its root): 1 = seen, 2 = met */
    uint32_t m = 0, customers = 0, met = 0;
    for (uint32_t k = 0; k < n; k++) {
        uint32_t i = lease[k], root = uf_find(parent, k);
        customers += mark[root] == 0;
        mark[root] |= 1;
        if (place[i] && institution_network(c->t->ip_kind, i))
            it[m++] = (tenant_item){place[i], root};
    }
    if (customers < MEMBERS_MIN)
        return 0;
    qsort(it, m, sizeof *it, cmp_tenant_item); /* by place, then customer */
    for (uint32_t a = 0, b; a < m; a = b) {
        for (b = a + 1; b < m && it[b].value == it[a].value; b++)
            ;
        if (it[a].local == it[b - 1].local)
            continue; /* one customer alone at this place */
        for (uint32_t k = a; k < b; k++)
            if (!(mark[it[k].local] & 2)) {
                mark[it[k].local] |= 2;
                met++;
            }
    }
    return (double)met >= MEMBERS_MET * customers;
}

/* What suppress_customers tests of column s, on the values [lo, hi): each value's test reads
 * its own leases and the other columns' suppression only, and writes its own flag. */
typedef struct customers_job {
    const link_ctx *c;
    col_stats *s;
    const int *is_key;
    int members;
    uint32_t lo, hi;
} customers_job;

static void *customers_range(void *arg)
{
    const customers_job *j = arg;
    const link_ctx *c = j->c;
    col_stats *s = j->s;
    int members = j->members;
    const uint8_t *kind = c->t->ip_kind;
    int hosting_only = !members && s->nat_col >= 0;
    tenant_item *it = NULL;
    uint32_t *parent = NULL, *size = NULL, cap = 0;
    uint8_t *tie = NULL;
    /* a hosting prefix needs a repeater's two leases and one more, any other two customers */
    uint32_t min_leases = members        ? MEMBERS_MIN
                          : hosting_only ? TENANT_MIN_LEASES + 1
                                         : 2 * TENANT_MIN_LEASES;
    for (uint32_t v = j->lo; v < j->hi; v++) {
        uint32_t lo = s->start[v], n = s->start[v + 1] - lo;
        if (s->suppressed[v] || s->holders[v] < 2 || n < min_leases)
            continue;
        int hosting = !hosting_only, business = 0;
        for (uint32_t k = 0; k < n && !hosting; k++) {
            hosting = kind[s->lease[lo + k]] == IPK_HOSTING;
            business |= kind[s->lease[lo + k]] == IPK_BUSINESS;
        }
        if (!hosting && (!business || n < 2 * TENANT_MIN_LEASES))
            continue; /* a home line's or a carrier's prefix (a spec's own nat field) */
        if (n > cap) {
            cap = n;
            parent = xrealloc(parent, cap * sizeof *parent);
            size = xrealloc(size, cap * sizeof *size);
            it = xrealloc(it, cap * sizeof *it);
            if (hosting_only)
                tie = xrealloc(tie, cap);
        }
        group_customers(c, s, j->is_key, lo, n, it, parent, hosting_only && hosting ? tie : NULL);
        int separate =
            members   ? institution_members(c, s, s->lease + lo, n, parent, it, size)
            : hosting ? separate_tenants(parent, n, size, hosting_only ? tie : NULL)
                      : separate_organisations(c, s->lease + lo, n, parent, size, (uint32_t *)it);
        if (separate)
            s->suppressed[v] = s->reason[v] = members ? SUPPRESS_MEMBERS : SUPPRESS_TENANTS;
    }
    xfree(it);
    xfree(parent);
    xfree(size);
    xfree(tie);
    return NULL;
}

/* Runs the members test (members = 1) or the tenant test on every value of s that is not
 * suppressed yet: on a nat field, separate_tenants with the ties of hosting prefixes, and
 * separate_organisations on business prefixes. The values are cut into ranges of about equal
 * leases, one per thread: the flags are those of one pass. */
static void suppress_customers(const link_ctx *c, col_stats *s, const int *is_key, int members)
{
    if (!members && s->nat_col >= 0 && !c->t->ip_kind)
        return;
    int nt = run_jobs_count(c->threads, s->start[s->n_values] > 10000);
    size_t bound[RUN_JOBS_MAX + 1];
    split_by_weight(s->start, s->n_values, nt, bound);
    customers_job job[RUN_JOBS_MAX];
    for (int k = 0; k < nt; k++)
        job[k] = (customers_job){c,
                                 s,
                                 is_key,
                                 members,
                                 (uint32_t)(bound[k] ? bound[k] : 1),
                                 (uint32_t)(bound[k + 1] ? bound[k + 1] : 1)};
    run_jobs(nt, customers_range, job, sizeof *job);
}

/* The fences (k_iqr[0] and k_iqr[1]) of the values with >= 2 holders pooled over the
 * identifier columns, into fence[]; 0 with fewer than 20 such values. */
static void pooled_fences(const link_ctx *c, const int *is_key, const double k_iqr[2],
                          double fence[2])
{
    size_t n = 0, cap = 0;
    double *lh = NULL;
    for (int i = 0; i < c->n_col; i++) {
        const col_stats *s = &c->col[i];
        /* an institution's domain (spec `members`) is as much crowds' as one actor's */
        if (!is_key[i] || !s->holders || s->place_col >= 0)
            continue;
        for (uint32_t v = 1; v < s->n_values; v++)
            if (s->holders[v] >= 2) {
                lh = xgrow(lh, &cap, n + 1, sizeof *lh);
                lh[n++] = log2((double)s->holders[v]);
            }
    }
    for (int k = 0; k < 2; k++)
        fence[k] = n < 20 ? 0 : log_fence(lh, n, k_iqr[k]);
    xfree(lh);
}

void link_values_build(link_ctx *c, link_result *r)
{
    const lease_table *t = c->t;
    const link_spec *spec = c->spec;
    /* holders: name key, else e-mail, else the lease itself */
    uint32_t n_name = strpool_count(t->text[LT_NAME].pool);
    uint32_t n_email = strpool_count(t->text[LT_EMAIL].pool);
    uint32_t n_holders = n_name + n_email + (uint32_t)c->n;
    c->holder = xmalloc((c->n ? c->n : 1) * sizeof *c->holder);
    for (size_t i = 0; i < c->n; i++) {
        uint32_t nm = t->text[LT_NAME].id[i], em = t->text[LT_EMAIL].id[i];
        c->holder[i] = nm ? nm : em ? n_name + em : n_name + n_email + (uint32_t)i;
    }

    for (int f = 0; f < spec->n_field; f++) {
        const spec_field *sf = &spec->field[f];
        c->field_col[f] = find_or_add_column(c, sf->col);
        c->field_col2[f] = sf->col2 >= 0 ? find_or_add_column(c, sf->col2) : -1;
        c->field_col3[f] = sf->col3 >= 0 ? find_or_add_column(c, sf->col3) : -1;
        if (sf->nat)
            c->col[c->field_col[f]].nat_col = sf->col2;
        if (sf->members)
            c->col[c->field_col[f]].place_col = sf->col2;
        c->col[c->field_col[f]].tenants |= sf->tenants;
        if (sf->key || sf->method == CMP_IP || sf->network) {
            c->col[c->field_col[f]].shared = 1;
            c->col[c->field_col[f]].network |= sf->network;
            if (c->field_col2[f] >= 0 && !spec_col2_is_place(sf)) {
                c->col[c->field_col2[f]].shared = 1;
                c->col[c->field_col2[f]].network |= sf->network;
            }
        }
    }
    for (int ru = 0; ru < spec->n_rule; ru++) {
        c->rule_fields[ru] = 0;
        for (int k = 0; k < spec->rule[ru].n_col; k++) {
            long col = spec->rule[ru].col[k];
            c->rule_col[ru][k] = find_or_add_column(c, col);
            for (int f = 0; f < spec->n_field; f++)
                if (spec->field[f].col == col || spec->field[f].col2 == col ||
                    spec->field[f].col3 == col)
                    c->rule_fields[ru] |= (uint64_t)1 << f;
        }
    }

    int is_key[LINK_MAX_COLUMNS] = {0};
    for (int f = 0; f < spec->n_field; f++)
        if (spec->field[f].key)
            is_key[c->field_col[f]] = 1;
    size_t n_multi[LINK_MAX_COLUMNS] = {0};
    index_columns(c, n_holders, n_multi);
    const double k_iqr[2] = {FENCE_PERSONAL, FENCE_NETWORK};
    double pooled[2]; /* personal, network */
    pooled_fences(c, is_key, k_iqr, pooled);
    for (int i = 0; i < c->n_col; i++)
        if (c->col[i].shared)
            suppress(&c->col[i], n_multi[i], spec, pooled[c->col[i].network ? 1 : 0]);
    for (int i = 0; i < c->n_col; i++) {
        col_stats *s = &c->col[i];
        if (!s->shared || (s->nat_col < 0 && !s->tenants && s->place_col < 0))
            continue;
        s->reason = xcalloc(s->n_values, 1);
        if (s->nat_col >= 0)
            suppress_nat(c, s);
    }
    /* after every fence and NAT test: the tenant test groups leases by unsuppressed values */
    for (int i = 0; i < c->n_col; i++) /* institutions first: their members are separate */
        if (c->col[i].shared && c->col[i].place_col >= 0)
            suppress_customers(c, &c->col[i], is_key, 1);
    for (int i = 0; i < c->n_col; i++)
        if (c->col[i].shared && c->col[i].tenants)
            suppress_customers(c, &c->col[i], is_key, 0);

    /* report what is suppressed, field by field */
    size_t cap = 0;
    for (int f = 0; f < spec->n_field; f++) {
        field_params *fp = &r->params.field[f];
        const col_stats *s = &c->col[c->field_col[f]];
        fp->present = s->present;
        fp->active = s->present >= 2;
        fp->overshare = s->shared ? s->overshare : 0;
        for (int which = 0; which < 2; which++) {
            int ci = which ? c->field_col2[f] : c->field_col[f];
            /* a nat or members field's second column is where its holders are, not evidence:
               its values are listed under the field that compares them */
            if (ci < 0 || !c->col[ci].shared || (which && spec_col2_is_place(&spec->field[f])))
                continue;
            const col_stats *cs = &c->col[ci];
            for (uint32_t v = 1; v < cs->n_values; v++) {
                if (!cs->suppressed[v])
                    continue;
                /* a column read by two fields is listed under the first only */
                int first = 1;
                for (int g = 0; g < f; g++)
                    if (c->field_col[g] == ci ||
                        (c->field_col2[g] == ci && !spec_col2_is_place(&spec->field[g])))
                        first = 0;
                if (!first)
                    continue;
                r->suppressed =
                    xgrow(r->suppressed, &cap, r->n_suppressed + 1, sizeof *r->suppressed);
                r->suppressed[r->n_suppressed++] =
                    (suppressed_value){f,
                                       which,
                                       v,
                                       cs->holders[v],
                                       cs->count[v],
                                       cs->addresses ? cs->addresses[v] : 0,
                                       cs->reason ? cs->reason[v] : 0};
                fp->suppressed_values++;
            }
        }
    }
    xfree(c->holder); /* persons are counted: who holds a lease is not needed again */
    c->holder = NULL;
    /* nor are the per-value holder and address counts and reasons, now in r->suppressed: freed
       before blocking, whose end is the peak of a large scan */
    for (int i = 0; i < c->n_col; i++) {
        col_stats *s = &c->col[i];
        xfree(s->holders);
        xfree(s->addresses);
        xfree(s->reason);
        s->holders = s->addresses = NULL;
        s->reason = NULL;
    }
}

void link_tf_columns(const link_ctx *c, uint8_t *tf)
{
    memset(tf, 0, LINK_MAX_COLUMNS);
    for (int f = 0; f < c->spec->n_field; f++) {
        const spec_field *sf = &c->spec->field[f];
        if (!sf->tf)
            continue;
        tf[c->field_col[f]] = 1;
        if ((sf->method == CMP_IP || sf->method == CMP_PLACE) && c->field_col2[f] >= 0)
            tf[c->field_col2[f]] = 1;
        if (sf->method == CMP_PLACE && c->field_col3[f] >= 0)
            tf[c->field_col3[f]] = 1;
    }
}

void link_values_totals(link_ctx *c)
{
    uint8_t tf[LINK_MAX_COLUMNS];
    link_tf_columns(c, tf);
    for (int i = 0; i < c->n_col; i++) {
        col_stats *s = &c->col[i];
        double m = 0, agree = 0;
        for (uint32_t v = 1; v < s->n_values; v++) {
            if (col_value_suppressed(s, v))
                continue;
            double cv = s->count[v];
            m += cv;
            agree += cv * (cv - 1);
        }
        s->top_leases = m;
        s->top_agree = agree;
        if (!tf[i]) { /* blocks take their sizes from the index */
            xfree(s->count);
            s->count = NULL;
        }
    }
}

void link_values_trim(link_ctx *c)
{
    uint8_t tf[LINK_MAX_COLUMNS];
    link_tf_columns(c, tf);
    for (int i = 0; i < c->n_col; i++)
        if (!tf[i]) {
            xfree(c->col[i].suppressed);
            c->col[i].suppressed = NULL;
        }
}

void link_values_release_index(link_ctx *c)
{
    for (int i = 0; i < c->n_col; i++) {
        col_stats *s = &c->col[i];
        xfree(s->start);
        xfree(s->lease);
        s->start = s->lease = NULL;
    }
}

void link_values_free(link_ctx *c)
{
    for (int i = 0; i < c->n_col; i++) {
        col_stats *s = &c->col[i];
        xfree(s->count);
        xfree(s->start);
        xfree(s->lease);
        xfree(s->holders);
        xfree(s->suppressed);
        xfree(s->addresses);
        xfree(s->reason);
    }
    c->n_col = 0;
    xfree(c->holder);
    c->holder = NULL;
}
