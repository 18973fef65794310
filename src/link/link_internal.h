/* link_internal.h: state shared by the files of the link stage (not a public interface).
 *
 * The stage runs in order: values.c (value statistics, indexes, over-share suppression),
 * block.c (candidate pairs), fsmodel.c (comparison, u, EM, decision), cluster.c (renters, guard,
 * persons). link.c drives them.
 */
#ifndef LH_LINK_INTERNAL_H
#define LH_LINK_INTERNAL_H

#include "link/link.h"
#include "util/prefetch.h"

#include <stddef.h>
#include <stdint.h>

#define LINK_MAX_COLUMNS (SPEC_MAX_FIELDS * 3 + SPEC_MAX_RULES * SPEC_MAX_RULE_COLS)

/* Statistics of one lease table column used by the spec. */
typedef struct col_stats {
    long col;            /* lease table column */
    uint32_t n_values;   /* ids are < n_values; 0 = missing */
    uint32_t *count;     /* [n_values] leases per value (term-frequency columns only once
                            blocking starts: link_values_totals) */
    uint64_t present;    /* leases with a value */
    uint32_t *start;     /* [n_values + 1] CSR: leases of value v are lease[start[v]..start[v+1]) */
    uint32_t *lease;     /* [present], each value's leases in row order */
    int shared;          /* over-share suppression applies (key and ip fields) */
    int network;         /* a shared resource: the stricter threshold applies */
    uint32_t *holders;   /* [n_values] distinct persons per value (shared columns only; freed
                            at the end of link_values_build, like addresses and reason) */
    uint8_t *suppressed; /* [n_values] 1 = over-shared (shared columns only) */
    double overshare;    /* threshold in persons (shared columns only) */
    long nat_col;        /* the address column of a nat field (lease table index), else -1 */
    uint32_t *addresses; /* [n_values] distinct addresses per value (nat columns only) */
    int tenants;         /* the tenant test applies (spec `tenants`; hosting prefixes if nat) */
    long place_col;      /* the members test's place column (spec `members`), else -1 */
    uint8_t *reason;     /* [n_values] why a value is suppressed: SUPPRESS_* (nat, tenants and
                            members columns only; NULL = always SUPPRESS_PERSONS) */
    double top_leases;   /* leases with a value that is not suppressed, and pairs of them that */
    double top_agree;    /*   agree, times 2: sum c (c - 1) (link_values_totals) */
} col_stats;

/* The distinct comparison patterns of the candidate pairs. */
typedef struct pattern_table {
    uint64_t *pat; /* distinct patterns, in order of first appearance */
    size_t n, cap;
    uint32_t *slot; /* open addressing: index + 1, 0 = empty */
    size_t mask;
} pattern_table;

/* Counts of (pattern, rule) for EM, pattern-major so that they grow with the pattern table:
 * held_count[g * n_rule + r] candidate pairs of pattern g that satisfy rule r, first_count those
 * that rule r produced. */
typedef struct pattern_counts {
    uint64_t *held_count, *first_count;
    size_t count_cap; /* in patterns */
} pattern_counts;

typedef struct link_ctx {
    const lease_table *t;
    const link_spec *spec;
    size_t n;
    int threads;
    uint32_t *holder; /* [n] who holds a lease, for counting persons: name key, e-mail, row */
    col_stats col[LINK_MAX_COLUMNS];
    int n_col;
    int field_col[SPEC_MAX_FIELDS], field_col2[SPEC_MAX_FIELDS], field_col3[SPEC_MAX_FIELDS];
    /* into col[], -1 = none */
    int rule_col[SPEC_MAX_RULES][SPEC_MAX_RULE_COLS];
    uint64_t rule_fields[SPEC_MAX_RULES]; /* bit f: field f reads a column of the rule */
    uint32_t *rkey; /* [n * rkey_w] block key of lease i under rule r at i * rkey_w +
                       rule_rkey[r]: 0 = cannot block; a value id for one-column rules, a hash
                       of the ids (never 0) for several columns */
    int rkey_w;
    int rule_rkey[SPEC_MAX_RULES]; /* the rule's word of rkey, -1 when rule_crec has it */
    int rule_crec[SPEC_MAX_RULES]; /* a one-column rule's key is its column's word in the
                                      comparison records, when they have it (-1: none) */
    /* a rule whose key is in rkey: the words of the records that hold its columns' ids, which
       confirm that two leases of one key agree on every column (a hash can collide) without
       reading the table's columns at random; [r][0] == -1: some column is not in the records */
    int rule_confirm[SPEC_MAX_RULES][SPEC_MAX_RULE_COLS];
    /* comparison records: for lease i, crec[i * crec_w + crec_off[f][k]] is the id of column k
       (0 = the field's column, 1 = col2, 2 = col3) of field f, 0 when missing, and 0 as well
       when the value of a shared column is over-shared (no evidence either way); one cache line
       or two per lease instead of one miss per column */
    uint32_t *crec;
    int crec_w;
    int crec_off[SPEC_MAX_FIELDS][3];
    /* a date field's values by id, their 8 bytes (YYYYMMDD) in one word, 0 for a value of
       another length: compared without reading the pool (NULL for other fields) */
    uint64_t *date8[SPEC_MAX_FIELDS];
    /* candidate pairs */
    uint32_t *pa, *pb;
    size_t rule_end[SPEC_MAX_RULES]; /* the pairs of rule r, in rule order, end at rule_end[r] */
    /* [n_pairs] each pair's index into patterns: 16 bits while there are at most 65536
       patterns (as there are with the built-in spec), widened to 32 when there are more */
    uint16_t *pair_pattern16;
    uint32_t *pair_pattern;
    size_t cap_pattern; /* room of pair_pattern16 or pair_pattern */
    pattern_table patterns;
    pattern_counts counts;
    int em; /* the parameters are estimated: blocking counts each pair's rules */
    size_t n_pairs, cap_pairs;
} link_ctx;

/* The largest pattern index kept in 16 bits (UINT16_MAX; tests lower it to take the wide
 * path). */
extern uint32_t link_narrow_patterns_max;
/* 1 (the default): deciding passes over the pairs whose pattern cannot link, by a bound on
 * their odds (fsmodel.c, pattern_may_link); tests set 0 to score every pair. */
extern int link_decide_bound;
/* The first stamp base of counting holders (values.c, count_holders): 0; tests set it near
 * UINT32_MAX to take the path where stamps would wrap. */
extern uint32_t link_stamp_base_start;
/* Bits of a several-column rule's block key that blocking keeps (32); tests set 0 so that every
 * such key collides and only the check of the columns themselves tells blocks apart. */
extern int link_block_key_bits;

static inline uint32_t pair_pattern_at(const struct link_ctx *c, size_t k)
{
    return c->pair_pattern ? c->pair_pattern[k] : c->pair_pattern16[k];
}

/* Hints the processor to fetch lease i's comparison record (both cache lines it may span) and
 * its block keys: pairs are visited in an order the hardware cannot guess, so the loops over
 * them fetch a few pairs ahead. */
LH_PREFETCHER void link_prefetch_lease(const struct link_ctx *c, size_t i)
{
    if (c->crec) {
        const uint32_t *r = c->crec + i * (size_t)c->crec_w;
        __builtin_prefetch(r);
        __builtin_prefetch(r + c->crec_w - 1);
    }
    if (c->rkey && c->rkey_w)
        __builtin_prefetch(c->rkey + i * (size_t)c->rkey_w);
}

/* values.c */
void link_values_build(link_ctx *c, link_result *r);
void link_values_free(link_ctx *c);
/* Frees what only blocking needs (value -> leases): suppression stays, and so do the counts
 * that link_values_totals kept. */
void link_values_release_index(link_ctx *c);
/* Marks in tf[LINK_MAX_COLUMNS] the columns whose counts feed a term-frequency adjustment
 * (fsmodel.c's tf tables: a tf field's column, an IP field's prefix, a place's postcode and
 * city). */
void link_tf_columns(const link_ctx *c, uint8_t *tf);
/* Before blocking, once suppression and counts are final (scale-out applies the whole log's):
 * each column's exact agreement (top_leases, top_agree) for u; then only term-frequency
 * columns keep their counts (blocks take their sizes from the index). */
void link_values_totals(link_ctx *c);
/* Once the comparison records are made: the suppression flags that only term-frequency fields
 * still read are kept, the others freed. */
void link_values_trim(link_ctx *c);
static inline int col_value_suppressed(const col_stats *s, uint32_t v)
{
    return s->suppressed && s->suppressed[v];
}

/* block.c */
void link_block(link_ctx *c, link_result *r);
/* 1 when leases i and j have the same id in every column of rule r. */
int link_same_block(const link_ctx *c, int r, uint32_t i, uint32_t j);
/* 1 when leases i and j agree on every column of rule r (present, not over-shared). Inline:
 * comparing asks it of every candidate pair for every rule after the pair's own. */
static inline int link_rule_holds(const link_ctx *c, int r, uint32_t i, uint32_t j)
{
    int o = c->rule_crec[r];
    if (o >= 0) {
        uint32_t a = c->crec[(size_t)i * (size_t)c->crec_w + (size_t)o];
        return a && a == c->crec[(size_t)j * (size_t)c->crec_w + (size_t)o];
    }
    size_t w = (size_t)c->rkey_w, k = (size_t)c->rule_rkey[r];
    uint32_t a = c->rkey[i * w + k];
    if (a == 0 || a != c->rkey[j * w + k])
        return 0;
    if (c->spec->rule[r].n_col == 1)
        return 1;
    if (c->rule_confirm[r][0] < 0)
        return link_same_block(c, r, i, j);
    /* both leases block on r, so no column's value is missing or over-shared: each word holds
       the value's id */
    const uint32_t *ri = c->crec + (size_t)i * (size_t)c->crec_w;
    const uint32_t *rj = c->crec + (size_t)j * (size_t)c->crec_w;
    for (int q = 0; q < c->spec->rule[r].n_col; q++)
        if (ri[c->rule_confirm[r][q]] != rj[c->rule_confirm[r][q]])
            return 0;
    return 1;
}

/* fsmodel.c */
void link_records_build(link_ctx *c);
/* The last name comparisons of one thread, by value pair: a pair of leases in a block often
 * compares two names that an earlier pair of the block compared (one actor's personas, met
 * again through each of their leases). Direct-mapped; a hit returns what name_compare
 * returned, so the patterns do not depend on it. */
#define NAME_MEMO_BITS 12
typedef struct name_memo {
    uint32_t a[1u << NAME_MEMO_BITS], b[1u << NAME_MEMO_BITS]; /* 0: empty (no value has id 0) */
    uint8_t field[1u << NAME_MEMO_BITS], level[1u << NAME_MEMO_BITS];
} name_memo;
/* Bits of the memo's index used, at most NAME_MEMO_BITS; 0: no memo (a test hook: with 1, two
 * slots, nearly every comparison evicts another). */
extern int link_name_memo_bits;
/* Cells of EM whose posteriors a thread computes at a time (fsmodel.c, run_em); the sums do not
 * depend on it. A test hook: a few cells make many blocks of a small log. */
extern size_t link_em_block;
/* The pattern of leases i and j; memo may be NULL. */
uint64_t link_compare(const link_ctx *c, uint32_t i, uint32_t j, name_memo *memo);
/* The fields compared by their text (strpool_get of both values): the word of the records that
 * holds each one's value id, and its pool. */
typedef struct link_text_fields {
    int n;
    int off[SPEC_MAX_FIELDS];
    const strpool *pool[SPEC_MAX_FIELDS];
} link_text_fields;
void link_text_fields_of(const link_ctx *c, link_text_fields *tf);
/* The patterns of the pairs (a[k], b[k]), k < n, into out[k], each pair's records and texts
 * fetched a few pairs ahead; with rules, rules[k] gets the bit of `rule`, the rule that produced
 * the pair, and of every later rule that the pair satisfies. */
void link_compare_pairs(const link_ctx *c, const uint32_t *a, const uint32_t *b, size_t n,
                        uint64_t *out, uint32_t *rules, int rule, const link_text_fields *tf,
                        name_memo *memo);
/* An empty pattern table and counts, before blocking. */
void link_patterns_init(link_ctx *c);
/* Indexes the patterns of the candidate pairs [lo, lo + m), all produced by `rule`, into the
 * pattern table (ids in order of first appearance: call in pair order) and pair_pattern, and
 * with rules (the masks of link_compare_pairs) counts them for EM. */
void link_count_patterns(link_ctx *c, const uint64_t *pattern, const uint32_t *rules, size_t lo,
                         size_t m, int rule);
lh_status link_model_fit(link_ctx *c, link_result *r, const link_options *opt, lh_error *err);
/* link.c: after blocking, what it alone needed freed (the value index; the value statistics
 * that only blocking reads). */
void link_blocking_done(link_ctx *c);
/* Frees the candidate pairs with everything kept per pair or per lease for comparing them. */
void link_pairs_free(link_ctx *c);

/* Frees what only comparing needed (block keys, each pair's rule) and keeps, of the comparison
 * records, the words the decision reads (term-frequency fields'). */
void link_fit_release(link_ctx *c);
/* Appends accepted pairs to r->edge (unsorted). */
void link_model_decide(link_ctx *c, link_result *r);

/* cluster.c */
void link_cluster(link_ctx *c, link_result *r);

/* Sorts r's edges by (a, b), or by renter and then (a, b) when by_renter, on `threads` threads
 * (cluster.c): the same order for any number. */
void link_sort_edges(link_result *r, int by_renter, int threads);
void link_persons(link_ctx *c, link_result *r);

#endif
