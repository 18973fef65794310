/* block.c: candidate pairs from the spec's blocking rules.
 *
 * A rule's blocks are the groups of leases that agree on all of its columns (missing values and
 * over-shared values never block). A block of up to block_max leases yields all its pairs; a
 * larger block is sorted by (created_at, row) and each lease is paired with the next
 * block_window leases only: the block stays connected through a chain, its work is linear, and
 * no crowd is ever compared all against all (crowds are suppressed before blocking anyway). A
 * rule may have a window of its own (spec_rule: a weak rule's large blocks are namesakes).
 *
 * A pair is produced once, by the first rule that produces it: a later rule skips any pair that
 * agrees on every column of an earlier rule (Splink's rule). The rule that produced a pair is
 * kept: the EM leaves that rule's fields out when learning from the pair.
 *
 * A value's pairs are compared as soon as its blocks are made, while the records of its leases
 * are in the cache (fsmodel.c, link_compare_pairs), and their patterns counted as the pairs are
 * appended: candidate pairs are read at random once, not once to make them and once again to
 * compare them.
 *
 * Cost: O(sum over blocks of min(k^2, k * window)) pairs; multi-column rules sort each
 * first-column block by the other columns, O(k log k). A rule's blocks are made on the
 * context's threads over ranges of values and appended in value order (block_rule below): the
 * pairs are the same, in the same order, for any number of threads.
 */
#include "link/link_internal.h"
#include "util/hash.h"
#include "util/mem.h"
#include "util/prefetch.h"
#include "util/radix.h"
#include "util/threads.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

typedef struct sort_ctx {
    const link_ctx *c;
    int rule;
} sort_ctx;

static _Thread_local const sort_ctx *current; /* qsort has no context argument in C11 */

/* Sorts g[0..k) by (time, lease), each lease's time read once, not at random in every
 * comparison. */
static void sort_by_time(const link_ctx *c, uint32_t *g, size_t k)
{
    time_index *tl = xmalloc(k * sizeof *tl);
    for (size_t x = 0; x < k; x++)
        tl[x] = (time_index){c->t->created_at[g[x]], g[x]};
    sort_time_index(tl, k);
    for (size_t x = 0; x < k; x++)
        g[x] = tl[x].i;
    xfree(tl);
}

static int cmp_rest(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    const link_spec *s = current->c->spec;
    const spec_rule *r = &s->rule[current->rule];
    for (int k = 1; k < r->n_col; k++) {
        const uint32_t *id = current->c->t->text[r->col[k]].id;
        if (id[x] != id[y])
            return id[x] < id[y] ? -1 : 1;
    }
    return (x > y) - (x < y);
}

/* 1 when lease i can block on rule r: every column present and not over-shared. */
static int blockable(const link_ctx *c, int r, uint32_t i)
{
    const spec_rule *rule = &c->spec->rule[r];
    for (int k = 0; k < rule->n_col; k++) {
        uint32_t v = c->t->text[rule->col[k]].id[i];
        if (v == 0 || col_value_suppressed(&c->col[c->rule_col[r][k]], v))
            return 0;
    }
    return 1;
}

int link_same_block(const link_ctx *c, int r, uint32_t i, uint32_t j)
{
    const spec_rule *rule = &c->spec->rule[r];
    for (int k = 0; k < rule->n_col; k++) {
        const uint32_t *id = c->t->text[rule->col[k]].id;
        if (id[i] != id[j])
            return 0;
    }
    return 1;
}

/* A word of the comparison records that holds column col's value ids, or -1; with `zeroed`, only
 * a word whose over-shared values are zeroed (the records zero them in a field's own column and
 * an ip field's prefix: fsmodel.c, link_records_build). */
static int record_word_of(const link_ctx *c, long col, int zeroed)
{
    for (int f = 0; f < c->spec->n_field; f++) {
        const spec_field *sf = &c->spec->field[f];
        long cols[3] = {sf->col, sf->col2, sf->col3};
        for (int k = 0; k < 3; k++)
            if (cols[k] == col && c->crec_off[f][k] >= 0 &&
                (!zeroed || k == 0 || sf->method == CMP_IP))
                return c->crec_off[f][k];
    }
    return -1;
}

/* The word of the comparison records that holds rule r's one column with its over-shared
 * values zeroed, as blockable() reads it; -1 when there is none. */
static int rule_record_word(const link_ctx *c, int r)
{
    if (c->spec->rule[r].n_col != 1)
        return -1;
    return record_word_of(c, c->spec->rule[r].col[0], c->col[c->rule_col[r][0]].suppressed != NULL);
}

/* link_ctx.rule_confirm of rule r. */
static void rule_confirm_words(link_ctx *c, int r)
{
    const spec_rule *rule = &c->spec->rule[r];
    for (int k = 0; k < rule->n_col; k++) {
        c->rule_confirm[r][k] = record_word_of(c, rule->col[k], 0);
        if (c->rule_confirm[r][k] < 0) {
            c->rule_confirm[r][0] = -1;
            return;
        }
    }
}

int link_block_key_bits = 32;

/* Block keys of the leases, in chunks of KEYS_CHUNK that the threads take in turn (as
 * link_records_build's: the pages of the keys cost more in one part than in another). */
#define KEYS_CHUNK       ((size_t)1 << 14)
#define KEYS_THREADS_MIN 16384 /* leases: the tests of blocking on threads reach it */

typedef struct keys_job {
    link_ctx *c;
    chunk_queue q;
} keys_job;

static void *keys_worker(void *arg)
{
    keys_job *j = arg;
    link_ctx *c = j->c;
    int nr = c->spec->n_rule;
    size_t w = (size_t)c->rkey_w, lo, hi;
    uint32_t key_mask =
        link_block_key_bits >= 32 ? UINT32_MAX : ((uint32_t)1 << link_block_key_bits) - 1;
    while (chunk_queue_take(&j->q, NULL, &lo, &hi))
        for (size_t i = lo; i < hi; i++)
            for (int r = 0; r < nr; r++) {
                if (c->rule_rkey[r] < 0)
                    continue; /* the records hold its key */
                uint32_t k = 0;
                if (blockable(c, r, (uint32_t)i)) {
                    const spec_rule *rule = &c->spec->rule[r];
                    if (rule->n_col == 1) {
                        k = c->t->text[rule->col[0]].id[i];
                    } else {
                        uint64_t h = 0x9e3779b97f4a7c15ULL;
                        for (int q = 0; q < rule->n_col; q++)
                            h = hash_u64(h ^ c->t->text[rule->col[q]].id[i]);
                        k = ((uint32_t)(h >> 32) & key_mask) | 1; /* never 0 */
                    }
                }
                c->rkey[i * w + (size_t)c->rule_rkey[r]] = k;
            }
    return NULL;
}

/* Computes every lease's block key under every rule whose key the comparison records do not
 * hold (see link_internal.h), on the threads: each key depends on its lease alone. Checking that a
 * value is not over-shared reads a flag per value at random, which at ten million leases is most of
 * the time. */
static void rule_keys(link_ctx *c)
{
    int nr = c->spec->n_rule, w = 0;
    for (int r = 0; r < nr; r++) {
        c->rule_crec[r] = rule_record_word(c, r);
        c->rule_rkey[r] = c->rule_crec[r] >= 0 ? -1 : w++;
        rule_confirm_words(c, r);
    }
    c->rkey_w = w;
    c->rkey = xmalloc((c->n && w ? c->n * (size_t)w : 1) * sizeof *c->rkey);
    keys_job job = {c, {0}};
    chunk_queue_init(&job.q, c->n, KEYS_CHUNK);
    run_jobs(run_jobs_count(c->threads, c->n >= KEYS_THREADS_MIN), keys_worker, &job, 0);
}

/* The pairs one task of blocking makes, in the order it makes them, their patterns and rule
 * masks (link_compare_pairs; masks with EM only), with its rule's counts. */
typedef struct pair_out {
    uint32_t *pa, *pb;
    uint64_t *pat;
    uint32_t *rules;
    size_t n, cap;
    rule_stats st;
} pair_out;

/* What a thread of blocking works with: a block's leases and sort keys (as many as the largest
 * value has), the fields compared by their text, the names it compared last. */
typedef struct block_scratch {
    uint32_t *buf;
    uint64_t *key;
    link_text_fields tf;
    name_memo *memo;
} block_scratch;

static void add_pair(const link_ctx *c, int r, uint32_t i, uint32_t j, pair_out *out)
{
    if (i > j) {
        uint32_t x = i;
        i = j;
        j = x;
    }
    for (int e = 0; e < r; e++)
        if (link_rule_holds(c, e, i, j))
            return;
    if (out->n == out->cap) {
        size_t cap = xgrow_cap(out->cap, out->n + 1, sizeof *out->pat);
        out->pa = xrealloc(out->pa, cap * sizeof *out->pa);
        out->pb = xrealloc(out->pb, cap * sizeof *out->pb);
        out->pat = xrealloc(out->pat, cap * sizeof *out->pat);
        if (c->em)
            out->rules = xrealloc(out->rules, cap * sizeof *out->rules);
        out->cap = cap;
    }
    out->pa[out->n] = i;
    out->pb[out->n] = j;
    out->n++;
    out->st.pairs++;
}

#define PREFETCH_WINDOW_AHEAD 4

/* Pairs of one block g[0..k). */
static void pair_block(const link_ctx *c, int r, uint32_t *g, size_t k, pair_out *out)
{
    if (k < 2)
        return;
    out->st.blocks++;
    const spec_rule *rule = &c->spec->rule[r];
    if (k <= rule->block_max) {
        /* add_pair reads both leases' records and keys: every lease of the block is fetched
           first (prefetch_block fetched a few of the value's, not of each block of it) */
        for (size_t x = 0; x < k; x++)
            link_prefetch_lease(c, g[x]);
        for (size_t x = 0; x < k; x++)
            for (size_t y = x + 1; y < k; y++)
                add_pair(c, r, g[x], g[y], out);
        return;
    }
    out->st.large_blocks++;
    sort_by_time(c, g, k);
    /* a window slides over hundreds of leases at scale (a common birth date): the lease that
       enters it PREFETCH_WINDOW_AHEAD steps later is fetched at each step */
    size_t ahead = rule->block_window + PREFETCH_WINDOW_AHEAD;
    for (size_t x = 0; x < k && x < ahead; x++)
        link_prefetch_lease(c, g[x]);
    for (size_t x = 0; x < k; x++) {
        if (x + ahead < k)
            link_prefetch_lease(c, g[x + ahead]);
        for (size_t y = x + 1; y < k && y <= x + rule->block_window; y++)
            add_pair(c, r, g[x], g[y], out);
    }
}

/* Frees the value -> leases index of every column that no rule from `from` on reads as its
 * first column: the pairs grow as the index shrinks. */
static void release_unused_index(link_ctx *c, int from)
{
    for (int i = 0; i < c->n_col; i++) {
        int used = 0;
        for (int r = from; r < c->spec->n_rule && !used; r++)
            used = c->rule_col[r][0] == i;
        if (!used) {
            xfree(c->col[i].start);
            xfree(c->col[i].lease);
            c->col[i].start = c->col[i].lease = NULL;
        }
    }
}

/* Blocks are visited in value order, their leases scattered over the table: the block keys
 * of the leases PREFETCH_VALUES values ahead (add_pair reads them) are fetched while this block
 * pairs. */
#define PREFETCH_VALUES 8

/* Leases of value v of an indexed column. */
static inline uint32_t block_size(const col_stats *s, uint32_t v)
{
    return s->start[v + 1] - s->start[v];
}

LH_PREFETCHER void prefetch_block(const link_ctx *c, const col_stats *first, uint32_t v)
{
    if (v >= first->n_values || block_size(first, v) < 2)
        return;
    for (uint32_t x = first->start[v]; x < first->start[v + 1] && x < first->start[v] + 8; x++)
        link_prefetch_lease(c, first->lease[x]);
}

/* The pairs of value v of rule r's first column, into out. */
static void block_value(const link_ctx *c, int r, uint32_t v, block_scratch *sc, pair_out *out)
{
    const link_spec *s = c->spec;
    const col_stats *first = &c->col[c->rule_col[r][0]];
    uint32_t *buf = sc->buf;
    if (s->rule[r].n_col == 1) {
        /* every lease of a value that is present and not over-shared can block on it:
           blockable() holds, no need to read its block key */
        size_t k = first->start[v + 1] - first->start[v];
        memcpy(buf, first->lease + first->start[v], k * sizeof *buf);
        pair_block(c, r, buf, k, out);
        return;
    }
    size_t k = 0;
    for (uint32_t x = first->start[v]; x < first->start[v + 1]; x++)
        if (c->rkey[(size_t)first->lease[x] * (size_t)c->rkey_w + (size_t)c->rule_rkey[r]])
            buf[k++] = first->lease[x];
    if (s->rule[r].n_col == 2) {
        /* the second column's id and the lease in one word, sorted as cmp_rest orders them
           without reading the table again; a block is a run of one id */
        uint64_t *key = sc->key;
        const uint32_t *id2 = c->t->text[s->rule[r].col[1]].id;
        for (size_t x = 0; x < k; x++)
            key[x] = (uint64_t)id2[buf[x]] << 32 | buf[x];
        sort_u64(key, k);
        for (size_t a = 0; a < k;) {
            size_t b = a;
            do
                buf[b - a] = (uint32_t)key[b];
            while (++b < k && key[b] >> 32 == key[a] >> 32);
            pair_block(c, r, buf, b - a, out);
            a = b;
        }
        return;
    }
    sort_ctx order = {c, r};
    current = &order;
    qsort(buf, k, sizeof *buf, cmp_rest);
    for (size_t a = 0; a < k;) {
        size_t b = a + 1;
        while (b < k && link_same_block(c, r, buf[a], buf[b]))
            b++;
        pair_block(c, r, buf + a, b - a, out);
        a = b;
    }
}

/* The blocks of rule r whose first-column values are in [lo, hi), into out, each value's pairs
 * compared once its blocks are made. */
static void block_values(const link_ctx *c, int r, uint32_t lo, uint32_t hi, block_scratch *sc,
                         pair_out *out)
{
    const col_stats *first = &c->col[c->rule_col[r][0]];
    for (uint32_t v = lo; v < hi; v++) {
        prefetch_block(c, first, v + PREFETCH_VALUES);
        if (block_size(first, v) < 2 || col_value_suppressed(first, v))
            continue;
        size_t from = out->n;
        block_value(c, r, v, sc, out);
        if (out->n > from) /* none: every pair an earlier rule's (and out's arrays may be NULL) */
            link_compare_pairs(c, out->pa + from, out->pb + from, out->n - from, out->pat + from,
                               c->em ? out->rules + from : NULL, r, &sc->tf, sc->memo);
    }
}

/* ---- a rule's blocks on the context's threads ----
 *
 * A rule's values are cut into BLOCK_TASKS ranges of about equal numbers of leases. Threads take
 * the ranges in order, each making its range's pairs apart; a finished range is appended to the
 * context's pairs as soon as every range before it is, and freed. So the pairs come in value
 * order, exactly as one thread makes them. No thread takes a range more than `ahead` ranges past
 * the first one not yet appended: however slow one range (a large block), at most `ahead` ranges
 * of pairs are held twice, a few hundredths of the rule's, never the rule's pairs. */
#define BLOCK_TASKS 256

typedef struct block_run {
    link_ctx *c;
    link_result *res;
    int r;
    uint32_t bound[BLOCK_TASKS + 1]; /* range k is values [bound[k], bound[k + 1]) */
    pair_out out[BLOCK_TASKS];
    uint8_t done[BLOCK_TASKS];
    int next, appended;
    int ahead;      /* the most ranges taken and not yet appended */
    size_t biggest; /* leases of the largest value: a block's buffer */
    /* the buffers of appended ranges, for the ranges still to make: reused, their pages are
       mapped already (a fresh buffer of a million pairs faults 2,000 pages in, and freeing it
       unmaps them) */
    pair_out spare[BLOCK_TASKS];
    int n_spare;
    pthread_mutex_t mu;
    pthread_cond_t moved; /* appended advanced */
} block_run;

/* Appends the finished ranges that follow the last appended one. With the lock held. */
static void append_ready(block_run *b)
{
    link_ctx *c = b->c;
    while (b->appended < BLOCK_TASKS && b->done[b->appended]) {
        pair_out *o = &b->out[b->appended];
        if (o->n) {
            size_t need = c->n_pairs + o->n;
            if (need > c->cap_pairs) {
                c->cap_pairs = xgrow_cap(c->cap_pairs, need, sizeof *c->pa);
                c->pa = xrealloc(c->pa, c->cap_pairs * sizeof *c->pa);
                c->pb = xrealloc(c->pb, c->cap_pairs * sizeof *c->pb);
            }
            memcpy(c->pa + c->n_pairs, o->pa, o->n * sizeof *o->pa);
            memcpy(c->pb + c->n_pairs, o->pb, o->n * sizeof *o->pb);
            link_count_patterns(c, o->pat, c->em ? o->rules : NULL, c->n_pairs, o->n, b->r);
            c->n_pairs += o->n;
        }
        rule_stats *st = &b->res->rule[b->r];
        st->pairs += o->st.pairs;
        st->blocks += o->st.blocks;
        st->large_blocks += o->st.large_blocks;
        b->spare[b->n_spare++] = (pair_out){o->pa, o->pb, o->pat, o->rules, 0, o->cap, {0}};
        memset(o, 0, sizeof *o);
        b->appended++;
        pthread_cond_broadcast(&b->moved);
    }
}

static void *block_worker(void *arg)
{
    block_run *b = arg;
    block_scratch sc;
    sc.buf = xmalloc((b->biggest ? b->biggest : 1) * sizeof *sc.buf);
    sc.key = b->c->spec->rule[b->r].n_col == 2
                 ? xmalloc((b->biggest ? b->biggest : 1) * sizeof *sc.key)
                 : NULL; /* for block_value's two-column sort */
    link_text_fields_of(b->c, &sc.tf);
    sc.memo = link_name_memo_bits > 0 ? xcalloc(1, sizeof *sc.memo) : NULL;
    pthread_mutex_lock(&b->mu);
    while (b->next < BLOCK_TASKS) {
        if (b->next - b->appended >= b->ahead) {
            /* the range b->appended is being made by another thread, which appends it */
            pthread_cond_wait(&b->moved, &b->mu);
            continue;
        }
        int k = b->next++;
        if (b->n_spare)
            b->out[k] = b->spare[--b->n_spare];
        pthread_mutex_unlock(&b->mu);
        block_values(b->c, b->r, b->bound[k], b->bound[k + 1], &sc, &b->out[k]);
        pthread_mutex_lock(&b->mu);
        b->done[k] = 1;
        append_ready(b);
    }
    pthread_mutex_unlock(&b->mu);
    xfree(sc.memo);
    xfree(sc.key);
    xfree(sc.buf);
    return NULL;
}

static void block_rule(link_ctx *c, int r, link_result *res)
{
    const col_stats *first = &c->col[c->rule_col[r][0]];
    if (first->n_values < 2)
        return; /* no value present */
    block_run *b = xcalloc(1, sizeof *b);
    b->c = c;
    b->res = res;
    b->r = r;
    /* ranges of about equal numbers of leases */
    uint64_t total = first->start[first->n_values] - first->start[1];
    uint32_t v = 1;
    for (int k = 0; k <= BLOCK_TASKS; k++) {
        uint64_t target = first->start[1] + total * (uint64_t)k / BLOCK_TASKS;
        while (v < first->n_values && first->start[v] < target)
            v++;
        b->bound[k] = k == BLOCK_TASKS ? first->n_values : v;
    }
    for (uint32_t x = 1; x < first->n_values; x++)
        if (block_size(first, x) > b->biggest)
            b->biggest = block_size(first, x);
    pthread_mutex_init(&b->mu, NULL);
    pthread_cond_init(&b->moved, NULL);
    int nt = run_jobs_count(c->threads, total > 10000);
    b->ahead = 2 * nt > 8 ? 2 * nt : 8;
    run_jobs(nt, block_worker, b, 0); /* the workers share the ranges */
    for (int k = 0; k < b->n_spare; k++) {
        xfree(b->spare[k].pa);
        xfree(b->spare[k].pb);
        xfree(b->spare[k].pat);
        xfree(b->spare[k].rules);
    }
    pthread_mutex_destroy(&b->mu);
    pthread_cond_destroy(&b->moved);
    xfree(b);
}

void link_block(link_ctx *c, link_result *res)
{
    const link_spec *s = c->spec;
    link_values_totals(c); /* before the block keys: the counts blocking does not read go */
    link_records_build(c); /* pairs are compared as they are made */
    rule_keys(c);
    link_patterns_init(c);
    for (int r = 0; r < s->n_rule; r++) {
        release_unused_index(c, r);
        block_rule(c, r, res);
        c->rule_end[r] = c->n_pairs;
    }
    res->candidate_pairs = c->n_pairs;
    /* the pair arrays grew by doubling: give back the unused part */
    if (c->n_pairs) {
        c->pa = xrealloc(c->pa, c->n_pairs * sizeof *c->pa);
        c->pb = xrealloc(c->pb, c->n_pairs * sizeof *c->pb);
        c->cap_pairs = c->n_pairs;
        if (c->pair_pattern)
            c->pair_pattern = xrealloc(c->pair_pattern, c->n_pairs * sizeof *c->pair_pattern);
        else
            c->pair_pattern16 = xrealloc(c->pair_pattern16, c->n_pairs * sizeof *c->pair_pattern16);
        c->cap_pattern = c->n_pairs;
    }
}
