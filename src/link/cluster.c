/* cluster.c: from linked pairs to renters, and persons within renters.
 *
 * 1. Size-capped single linkage: links are taken strongest first (log2 odds, then lease rows
 *    for ties) into a union-find; a link that would make a group larger than max_cluster is
 *    dropped (counted as a size cut). Connected components multiply false links, so the cap
 *    bounds the damage of any one.
 * 2. Bridge guard: in the graph of the links kept, a bridge is a link whose removal splits its
 *    group (Tarjan's lowlink, iterative). A weak bridge, one with no shared identifier (no `key`
 *    field agreeing) and log2 odds below bridge_log_odds, joining two sides of at least two
 *    leases each, is cut: a group held together only by such a link is two groups.
 * 3. Renters are the components after the cuts, numbered in the row order of their first lease.
 * 4. Persons: within a renter, leases whose names compare as the same person (compare.h,
 *    typos, order, initials) are one person, by union-find over the renter's distinct name keys
 *    (pairwise up to PERSON_PAIRWISE_MAX distinct names, exact keys beyond); so are the two
 *    leases of a link that the model explains by one person rather than two (its same-person
 *    component dominates: a date of birth, an address and an id number agree although the typed
 *    names differ too much for the name comparison).
 *
 * Cost: O(n + E) for the union-find, the guard and the counting sort of the links by renter (on
 * the threads), a radix sort of the links by strength only when some component is too large,
 * O(sum d^2) name comparisons for d distinct names per renter (capped).
 */
#include "link/compare.h"
#include "link/link_internal.h"
#include "util/mem.h"
#include "util/radix.h"
#include "util/threads.h"

#include <stdlib.h>
#include <string.h>

#define PERSON_PAIRWISE_MAX 300
/* How many links (or leases) ahead of its find the union-find's first read is fetched: the
 * parents of leases scattered over the table, each a cache miss at millions of leases. */
#define FIND_AHEAD 16

static uint32_t uf_find(uint32_t *parent, uint32_t x)
{
    while (parent[x] != x) {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    return x;
}

static void uf_union(uint32_t *parent, uint32_t *size, uint32_t a, uint32_t b)
{
    if (size[a] < size[b] || (size[a] == size[b] && a > b)) {
        uint32_t t = a;
        a = b;
        b = t;
    }
    parent[b] = a;
    size[a] += size[b];
}

/* A key that orders as the float does. */
static uint32_t float_key(float f)
{
    uint32_t b;
    memcpy(&b, &f, sizeof b);
    return b >> 31 ? ~b : b | 0x80000000u;
}

/* Edge ids strongest first (log2 odds descending), ties by lease rows (a, then b): two stable
 * radix sorts, by rows and then by strength. */
static uint32_t *edges_by_strength(const link_result *r, int threads)
{
    size_t ne = r->n_edge;
    uint64_t *key = xmalloc((ne ? ne : 1) * sizeof *key);
    uint32_t *order = xmalloc((ne ? ne : 1) * sizeof *order);
    for (size_t e = 0; e < ne; e++) {
        key[e] = (uint64_t)r->edge[e].a << 32 | r->edge[e].b;
        order[e] = (uint32_t)e;
    }
    radix_sort_threads(key, order, ne, threads);
    for (size_t k = 0; k < ne; k++)
        key[k] = ~float_key(r->edge[order[k]].log_odds); /* descending */
    radix_sort_threads(key, order, ne, threads);
    xfree(key);
    return order;
}

static int weak_link(const link_ctx *c, const link_edge *e)
{
    if (e->log_odds >= c->spec->bridge_log_odds)
        return 0;
    for (int f = 0; f < c->spec->n_field; f++)
        if (c->spec->field[f].key && pattern_level(e->pattern, f) == c->spec->field[f].n_levels - 1)
            return 0;
    return 1;
}

/* Marks weak bridges between sides of >= 2 leases in cut[]. Returns how many. */
static uint64_t guard_bridges(link_ctx *c, link_result *r, const uint8_t *kept, uint8_t *cut,
                              uint32_t *parent, uint32_t *size)
{
    size_t n = c->n, ne = r->n_edge;
    /* only a weak link is ever cut, and only in a component of 4 or more: the others are not
       searched (their links stay out of the adjacency) */
    uint8_t *search = xcalloc(n ? n : 1, 1); /* by component root */
    size_t n_weak = 0;
    for (size_t e = 0; e < ne; e++)
        if (kept[e] && weak_link(c, &r->edge[e])) {
            uint32_t root = uf_find(parent, r->edge[e].a);
            if (size[root] >= 4) {
                search[root] = 1;
                n_weak++;
            }
        }
    if (n_weak == 0) {
        xfree(search);
        return 0;
    }
    uint8_t *use = xmalloc(ne ? ne : 1); /* links in the adjacency */
    for (size_t e = 0; e < ne; e++) {
        if (e + FIND_AHEAD < ne)
            __builtin_prefetch(&parent[r->edge[e + FIND_AHEAD].a]);
        use[e] = kept[e] && search[uf_find(parent, r->edge[e].a)];
    }
    xfree(search);
    uint32_t *deg = xcalloc(n + 1, sizeof *deg);
    for (size_t e = 0; e < ne; e++)
        if (use[e])
            deg[r->edge[e].a + 1]++, deg[r->edge[e].b + 1]++;
    for (size_t i = 0; i < n; i++)
        deg[i + 1] += deg[i];
    uint32_t *adj = xmalloc((deg[n] ? deg[n] : 1) * sizeof *adj); /* edge ids */
    uint32_t *fill = xmalloc((n ? n : 1) * sizeof *fill);
    memcpy(fill, deg, n * sizeof *fill);
    for (size_t e = 0; e < ne; e++)
        if (use[e]) {
            adj[fill[r->edge[e].a]++] = (uint32_t)e;
            adj[fill[r->edge[e].b]++] = (uint32_t)e;
        }
    xfree(fill);
    xfree(use);

    uint32_t *disc = xcalloc(n, sizeof *disc), *low = xmalloc(n * sizeof *low);
    uint32_t *sub = xmalloc(n * sizeof *sub), *pos = xmalloc(n * sizeof *pos);
    uint32_t *via = xmalloc(n * sizeof *via); /* edge by which a vertex was reached */
    uint32_t *stack = xmalloc(n * sizeof *stack);
    uint32_t timer = 0;
    uint64_t cuts = 0;
    for (uint32_t root = 0; root < n; root++) {
        if (disc[root] || deg[root] == deg[root + 1])
            continue;
        uint32_t comp = size[uf_find(parent, root)];
        size_t sp = 0;
        stack[sp++] = root;
        disc[root] = low[root] = ++timer;
        sub[root] = 1;
        pos[root] = deg[root];
        via[root] = UINT32_MAX;
        while (sp) {
            uint32_t u = stack[sp - 1];
            if (pos[u] < deg[u + 1]) {
                uint32_t e = adj[pos[u]++];
                if (e == via[u])
                    continue;
                uint32_t v = r->edge[e].a == u ? r->edge[e].b : r->edge[e].a;
                if (disc[v]) {
                    if (disc[v] < low[u])
                        low[u] = disc[v];
                    continue;
                }
                disc[v] = low[v] = ++timer;
                sub[v] = 1;
                pos[v] = deg[v];
                via[v] = e;
                stack[sp++] = v;
                continue;
            }
            sp--;
            if (sp == 0)
                break;
            uint32_t p = stack[sp - 1];
            if (low[u] < low[p])
                low[p] = low[u];
            sub[p] += sub[u];
            if (low[u] > disc[p] && comp >= 4) {
                const link_edge *e = &r->edge[via[u]];
                if (sub[u] >= 2 && comp - sub[u] >= 2 && weak_link(c, e)) {
                    cut[via[u]] = 1;
                    cuts++;
                }
            }
        }
    }
    xfree(deg);
    xfree(adj);
    xfree(disc);
    xfree(low);
    xfree(sub);
    xfree(pos);
    xfree(via);
    xfree(stack);
    return cuts;
}

static int edge_rows_less(const link_edge *x, const link_edge *y)
{
    return x->a != y->a ? x->a < y->a : x->b < y->b;
}

static int cmp_edge_rows(const void *x, const void *y)
{
    const link_edge *ex = x, *ey = y;
    return edge_rows_less(ex, ey) ? -1 : edge_rows_less(ey, ex);
}

/* Sorts e[0..n) by (a, b): by insertion when short (a renter's few links), by qsort beyond. No
 * two links join the same two leases, so any sort gives the same order. */
static void sort_edge_rows(link_edge *e, size_t n)
{
    if (n > 32) {
        qsort(e, n, sizeof *e, cmp_edge_rows);
        return;
    }
    for (size_t i = 1; i < n; i++) {
        link_edge x = e[i];
        size_t j = i;
        for (; j > 0 && edge_rows_less(&x, &e[j - 1]); j--)
            e[j] = e[j - 1];
        e[j] = x;
    }
}

/* The counting sort of the links by renter, on threads: each job counts, then places, the links
 * [lo, hi) (each job's links of a renter after those of the jobs before it: the sort stays
 * stable), then sorts the links of the renters [rlo, rhi) by rows. */
typedef struct renter_sort_job {
    const link_result *r;
    link_edge *sorted;
    uint32_t *of;    /* [link]: its renter, read once */
    uint32_t *count; /* [renter]: this job's links of each renter, then where its next one goes */
    const uint32_t *at; /* [renter + 1]: where each renter's links start */
    size_t lo, hi, rlo, rhi;
    int pass;
} renter_sort_job;

static void *renter_sort_run(void *arg)
{
    renter_sort_job *j = arg;
    const link_result *r = j->r;
    if (j->pass == 0) {
        for (size_t e = j->lo; e < j->hi; e++) {
            j->of[e] = r->renter[r->edge[e].a];
            j->count[j->of[e]]++;
        }
    } else if (j->pass == 1) {
        for (size_t e = j->lo; e < j->hi; e++)
            j->sorted[j->count[j->of[e]]++] = r->edge[e];
    } else {
        for (size_t k = j->rlo; k < j->rhi; k++)
            sort_edge_rows(j->sorted + j->at[k], j->at[k + 1] - j->at[k]);
    }
    return NULL;
}

static void sort_by_renter(const link_result *r, link_edge *sorted, int threads)
{
    size_t ne = r->n_edge, nr = r->n_renters;
    int nt = run_jobs_count(threads, ne > 100000);
    uint32_t *of = xmalloc(ne * sizeof *of);
    uint32_t *at = xmalloc((nr + 1) * sizeof *at);
    renter_sort_job job[RUN_JOBS_MAX];
    for (int t = 0; t < nt; t++)
        job[t] = (renter_sort_job){r,
                                   sorted,
                                   of,
                                   xcalloc(nr ? nr : 1, sizeof *job[t].count),
                                   at,
                                   ne * (size_t)t / (size_t)nt,
                                   ne * (size_t)(t + 1) / (size_t)nt,
                                   0,
                                   0,
                                   0};
    run_jobs(nt, renter_sort_run, job, sizeof *job);
    uint32_t place = 0; /* links fit 32 bits: link_cluster numbers them so */
    for (size_t k = 0; k < nr; k++) {
        at[k] = place;
        for (int t = 0; t < nt; t++) {
            uint32_t n = job[t].count[k];
            job[t].count[k] = place;
            place += n;
        }
    }
    at[nr] = place;
    /* the renters cut where the links are, in equal shares */
    size_t bound[RUN_JOBS_MAX + 1];
    split_by_weight(at, nr, nt, bound);
    for (int t = 0; t < nt; t++) {
        job[t].pass = 1;
        job[t].rlo = bound[t];
        job[t].rhi = bound[t + 1];
    }
    run_jobs(nt, renter_sort_run, job, sizeof *job);
    for (int t = 0; t < nt; t++) {
        xfree(job[t].count);
        job[t].pass = 2;
    }
    xfree(of);
    run_jobs(nt, renter_sort_run, job, sizeof *job);
    xfree(at);
}

/* Sorts the edges by (a, b), the order of edge files, or when by_renter by renter and then by
 * (a, b): the order features and outputs read them in. By (a, b): a radix sort (none when the
 * edges are in that order already). By renter: a counting sort by renter on the threads, then
 * each renter's few links by (a, b) where they lie: three passes over the links instead of a
 * radix sort of all of them before the counting sort. */
void link_sort_edges(link_result *r, int by_renter, int threads)
{
    size_t ne = r->n_edge;
    if (ne < 2)
        return;
    link_edge *sorted = xmalloc(ne * sizeof *sorted);
    if (by_renter) {
        sort_by_renter(r, sorted, threads);
    } else {
        uint64_t *key = xmalloc(ne * sizeof *key);
        uint32_t *order = xmalloc(ne * sizeof *order);
        for (size_t e = 0; e < ne; e++) {
            key[e] = (uint64_t)r->edge[e].a << 32 | r->edge[e].b;
            order[e] = (uint32_t)e;
        }
        radix_sort_threads(key, order, ne, threads);
        xfree(key);
        for (size_t k = 0; k < ne; k++)
            sorted[k] = r->edge[order[k]];
        xfree(order);
    }
    xfree(r->edge);
    r->edge = sorted;
}

/* The union-find holds the components of the kept links; the renters are those of the kept
 * links that are not cut. A component without a cut link is a renter as it is: only the leases
 * of components holding a cut link are set apart again and joined by their remaining links (a
 * pass over the links that reads a byte per link, not two finds). Renters are numbered from the
 * partition alone, so which lease is a root does not matter. */
static void rejoin_cut_components(link_result *r, const uint8_t *kept, const uint8_t *cut,
                                  uint32_t *parent, uint32_t *size, size_t n)
{
    enum { CUT_ROOT = 1, REJOIN = 2 };
    uint8_t *mark = xcalloc(n ? n : 1, 1);
    for (size_t e = 0; e < r->n_edge; e++)
        if (cut[e])
            mark[uf_find(parent, r->edge[e].a)] |= CUT_ROOT;
    for (size_t i = 0; i < n; i++)
        if (mark[uf_find(parent, (uint32_t)i)] & CUT_ROOT)
            mark[i] |= REJOIN;
    for (size_t i = 0; i < n; i++)
        if (mark[i] & REJOIN)
            parent[i] = (uint32_t)i, size[i] = 1;
    for (size_t e = 0; e < r->n_edge; e++) {
        const link_edge *ed = &r->edge[e];
        if (!kept[e] || cut[e] || !(mark[ed->a] & REJOIN))
            continue;
        uint32_t ra = uf_find(parent, ed->a), rb = uf_find(parent, ed->b);
        if (ra != rb)
            uf_union(parent, size, ra, rb);
    }
    xfree(mark);
}

void link_cluster(link_ctx *c, link_result *r)
{
    size_t n = c->n, ne = r->n_edge;
    uint32_t *parent = xmalloc((n ? n : 1) * sizeof *parent);
    uint32_t *size = xmalloc((n ? n : 1) * sizeof *size);
    mem_advise_huge(parent, n * sizeof *parent); /* the finds read both at random */
    mem_advise_huge(size, n * sizeof *size);
    for (size_t i = 0; i < n; i++)
        parent[i] = (uint32_t)i, size[i] = 1;
    uint8_t *kept = xcalloc(ne ? ne : 1, 1), *cut = xcalloc(ne ? ne : 1, 1);
    /* Strongest first, a link that would make a renter larger than max_cluster is left out.
     * When no component of all the links is that large, no link is left out in any order: the
     * components are then made in the links' own order (lease rows, mostly in memory order),
     * and the sort by strength is needed only when some component is too large. */
    size_t largest = 0;
    for (size_t e = 0; e < ne; e++) {
        if (e + FIND_AHEAD < ne) {
            __builtin_prefetch(&parent[r->edge[e + FIND_AHEAD].a]);
            __builtin_prefetch(&parent[r->edge[e + FIND_AHEAD].b]);
        }
        uint32_t ra = uf_find(parent, r->edge[e].a), rb = uf_find(parent, r->edge[e].b);
        if (ra != rb) {
            size_t merged = (size_t)size[ra] + size[rb];
            largest = merged > largest ? merged : largest;
            uf_union(parent, size, ra, rb);
        }
    }
    if (largest <= c->spec->max_cluster) {
        memset(kept, 1, ne);
    } else {
        for (size_t i = 0; i < n; i++)
            parent[i] = (uint32_t)i, size[i] = 1;
        uint32_t *order = edges_by_strength(r, c->threads);
        for (size_t k = 0; k < ne; k++) {
            const link_edge *e = &r->edge[order[k]];
            uint32_t ra = uf_find(parent, e->a), rb = uf_find(parent, e->b);
            if (ra != rb) {
                if ((size_t)size[ra] + size[rb] > c->spec->max_cluster) {
                    r->guard_size_cuts++;
                    continue;
                }
                uf_union(parent, size, ra, rb);
            }
            kept[order[k]] = 1;
        }
        xfree(order);
    }
    r->guard_bridges_cut = guard_bridges(c, r, kept, cut, parent, size);
    if (r->guard_bridges_cut > 0)
        rejoin_cut_components(r, kept, cut, parent, size, n);

    size_t out = 0;
    for (size_t e = 0; e < ne; e++)
        if (kept[e] && !cut[e])
            r->edge[out++] = r->edge[e];
    r->n_edge = out;
    xfree(kept);
    xfree(cut);

    r->renter = xmalloc((n ? n : 1) * sizeof *r->renter);
    mem_advise_huge(r->renter, n * sizeof *r->renter); /* the later stages read it at random */
    uint32_t *number = size; /* reuse: renter number of each root, UINT32_MAX = none yet */
    for (size_t i = 0; i < n; i++)
        number[i] = UINT32_MAX;
    r->n_renters = 0;
    for (size_t i = 0; i < n; i++) {
        if (i + FIND_AHEAD < n) { /* most leases are a step or two below their root */
            uint32_t up = parent[i + FIND_AHEAD];
            __builtin_prefetch(&parent[up]);
            __builtin_prefetch(&number[up]);
        }
        uint32_t root = uf_find(parent, (uint32_t)i);
        if (number[root] == UINT32_MAX)
            number[root] = (uint32_t)r->n_renters++;
        r->renter[i] = number[root];
    }
    xfree(parent);
    xfree(size);

    size_t nr = r->n_renters;
    r->renter_size = xcalloc(nr ? nr : 1, sizeof *r->renter_size);
    for (size_t i = 0; i < n; i++)
        r->renter_size[r->renter[i]]++;
    r->renter_start = xmalloc((nr + 1) * sizeof *r->renter_start);
    r->renter_start[0] = 0;
    for (size_t k = 0; k < nr; k++)
        r->renter_start[k + 1] = r->renter_start[k] + r->renter_size[k];
    r->renter_lease = xmalloc((n ? n : 1) * sizeof *r->renter_lease);
    uint32_t *fill = xmalloc((nr ? nr : 1) * sizeof *fill);
    memcpy(fill, r->renter_start, nr * sizeof *fill);
    for (size_t i = 0; i < n; i++)
        r->renter_lease[fill[r->renter[i]]++] = (uint32_t)i;
    xfree(fill);

    link_sort_edges(r, 1, c->threads);
}

size_t link_first_edge_of(const link_result *r, size_t k)
{
    size_t lo = 0, hi = r->n_edge;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (r->renter[r->edge[mid].a] < k)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* ---- persons: each renter's names joined where one person explains them ----
 *
 * Renters are independent: they are cut into chunks that the context's threads take in turn,
 * each numbering its chunk's persons from 0; a second pass adds to each chunk the persons of the
 * chunks before it. The numbers are those that one pass over the renters in order gives. */
#define PERSON_CHUNK 4096 /* renters */

typedef struct persons_job {
    const link_ctx *c;
    link_result *r;
    chunk_queue q;
    uint32_t *chunk_persons; /* [chunks]: persons numbered in each chunk */
} persons_job;

/* What a thread of link_persons reuses from renter to renter: a renter's distinct names, their
 * union-find and their persons. */
typedef struct persons_scratch {
    uint32_t *names, *parent, *pid;
    size_t cap;
} persons_scratch;

/* Persons of renters [k0, k1), numbered from 0: each lease's person, each renter's count. */
static uint32_t persons_range(const link_ctx *c, link_result *r, size_t k0, size_t k1,
                              persons_scratch *sc)
{
    const lease_table *t = c->t;
    const uint32_t *name = t->text[LT_NAME].id;
    const strpool *pool = t->text[LT_NAME].pool;
    uint32_t next_person = 0;
    size_t edge_at = link_first_edge_of(r, k0);
    uint32_t *names = sc->names, *parent = sc->parent, *pid = sc->pid;
    size_t cap = sc->cap;
    for (size_t k = k0; k < k1; k++) {
        uint32_t lo = r->renter_start[k], hi = r->renter_start[k + 1];
        /* distinct name ids of the renter, in order of first appearance */
        size_t d = 0;
        for (uint32_t x = lo; x < hi; x++) {
            uint32_t v = name[r->renter_lease[x]];
            if (v == 0)
                continue;
            size_t y = 0;
            while (y < d && names[y] != v)
                y++;
            if (y == d) {
                if (d == cap) {
                    cap = xgrow_cap(cap, d + 1, sizeof *names);
                    names = xrealloc(names, cap * sizeof *names);
                    parent = xrealloc(parent, cap * sizeof *parent);
                    pid = xrealloc(pid, cap * sizeof *pid);
                }
                names[d] = v;
                parent[d] = (uint32_t)d;
                d++;
            }
            if (d > 4 * PERSON_PAIRWISE_MAX)
                break; /* a huge renter: the count below is a lower bound of exact keys */
        }
        if (d <= PERSON_PAIRWISE_MAX) {
            for (size_t a = 0; a < d; a++) {
                size_t an;
                const char *as = strpool_get(pool, names[a], &an);
                for (size_t b = a + 1; b < d; b++) {
                    uint32_t ra = uf_find(parent, (uint32_t)a), rb = uf_find(parent, (uint32_t)b);
                    if (ra == rb)
                        continue;
                    size_t bn;
                    const char *bs = strpool_get(pool, names[b], &bn);
                    if (name_compare(as, an, bs, bn) >= NAME_SAME_PERSON)
                        parent[rb > ra ? rb : ra] = rb > ra ? ra : rb;
                }
            }
        }
        /* links explained by one person join their names */
        while (edge_at < r->n_edge && r->renter[r->edge[edge_at].a] < k)
            edge_at++;
        for (size_t e = edge_at; e < r->n_edge && r->renter[r->edge[e].a] == k; e++) {
            const link_edge *ed = &r->edge[e];
            uint32_t va = name[ed->a], vb = name[ed->b];
            if (!va || !vb || va == vb || !link_edge_same_person(c->spec, &r->params, ed))
                continue;
            size_t ia = d, ib = d;
            for (size_t y = 0; y < d; y++) {
                if (names[y] == va)
                    ia = y;
                if (names[y] == vb)
                    ib = y;
            }
            if (ia == d || ib == d)
                continue;
            uint32_t ra = uf_find(parent, (uint32_t)ia), rb = uf_find(parent, (uint32_t)ib);
            if (ra != rb)
                parent[rb > ra ? rb : ra] = rb > ra ? ra : rb;
        }
        uint32_t persons = 0;
        for (size_t a = 0; a < d; a++)
            pid[a] = UINT32_MAX;
        for (size_t a = 0; a < d; a++) {
            uint32_t root = uf_find(parent, (uint32_t)a);
            if (pid[root] == UINT32_MAX) {
                pid[root] = next_person++;
                persons++;
            }
            pid[a] = pid[root];
        }
        r->renter_persons[k] = persons;
        for (uint32_t x = lo; x < hi; x++) {
            uint32_t i = r->renter_lease[x], v = name[i];
            uint32_t p = UINT32_MAX;
            for (size_t y = 0; v && y < d; y++)
                if (names[y] == v) {
                    p = pid[y];
                    break;
                }
            r->person[i] = p;
        }
    }
    *sc = (persons_scratch){names, parent, pid, cap};
    return next_person;
}

static void *persons_worker(void *arg)
{
    persons_job *j = arg;
    persons_scratch sc = {NULL, NULL, NULL, 0};
    size_t k, lo, hi;
    while (chunk_queue_take(&j->q, &k, &lo, &hi))
        j->chunk_persons[k] = persons_range(j->c, j->r, lo, hi, &sc);
    xfree(sc.names);
    xfree(sc.parent);
    xfree(sc.pid);
    return NULL;
}

/* The second pass: each chunk's persons after those of the chunks before it. */
static void *persons_offset_worker(void *arg)
{
    persons_job *j = arg;
    const link_result *r = j->r;
    size_t k, lo, hi;
    while (chunk_queue_take(&j->q, &k, &lo, &hi)) {
        uint32_t base = j->chunk_persons[k];
        if (base == 0)
            continue;
        for (uint32_t x = r->renter_start[lo]; x < r->renter_start[hi]; x++) {
            uint32_t i = r->renter_lease[x];
            if (r->person[i] != UINT32_MAX)
                r->person[i] += base;
        }
    }
    return NULL;
}

void link_persons(link_ctx *c, link_result *r)
{
    size_t n = c->n, nr = r->n_renters;
    r->person = xmalloc((n ? n : 1) * sizeof *r->person);
    mem_advise_huge(r->person, n * sizeof *r->person); /* the features read it at random */
    r->renter_persons = xcalloc(nr ? nr : 1, sizeof *r->renter_persons);
    persons_job job = {c, r, {0}, NULL};
    chunk_queue_init(&job.q, nr, PERSON_CHUNK);
    size_t chunks = chunk_queue_count(&job.q);
    job.chunk_persons = xcalloc(chunks ? chunks : 1, sizeof *job.chunk_persons);
    int nt = run_jobs_count(c->threads, chunks > 1);
    run_jobs(nt, persons_worker, &job, 0);
    uint32_t total = 0; /* each chunk's count becomes the persons before it */
    for (size_t k = 0; k < chunks; k++) {
        uint32_t here = job.chunk_persons[k];
        job.chunk_persons[k] = total;
        total += here;
    }
    chunk_queue_init(&job.q, nr, PERSON_CHUNK);
    run_jobs(nt, persons_offset_worker, &job, 0);
    xfree(job.chunk_persons);
}
