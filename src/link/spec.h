/* spec.h: the linkage specification (models/linkage.spec, documented in models/README.md).
 *
 * A spec says which fields are compared and how (comparison method, agreement levels, term
 * frequency adjustment, whether agreement on the field is an owned identifier or a personal
 * attribute), which columns block (produce candidate pairs), and the few numbers of the
 * linking decision. A user adds a column with two lines (`field` and `block`) and --map; nothing
 * is compiled in but the default text.
 */
#ifndef LH_LINK_SPEC_H
#define LH_LINK_SPEC_H

#include "table/lease_table.h"
#include "util/error.h"

#include <stddef.h>

#define SPEC_MAX_FIELDS    16 /* 4 bits of a 64-bit pattern each */
#define SPEC_MAX_LEVELS    6  /* agreement levels per field, "different" included */
#define SPEC_LEVEL_NULL    15 /* a missing (or suppressed) value: no evidence */
#define SPEC_MAX_RULES     24
#define SPEC_MAX_RULE_COLS 3
#define SPEC_NAME_MAX      48

typedef enum compare_method {
    CMP_EXACT,        /* different | same */
    CMP_JARO_WINKLER, /* different | >= t2 | >= t1 | same  (t1 > t2, one or two thresholds) */
    CMP_NAME,         /* different | partial | same person | same  (see compare.h) */
    CMP_DATE,         /* different | close (day/month swapped, one digit) | same */
    CMP_IP,           /* different | same prefix (second column) | same address */
    CMP_PLACE,        /* address,postcode,city: different | same city | same postcode |
                         similar address (Jaro-Winkler >= 0.9) | same address */
} compare_method;

typedef struct spec_field {
    char name[SPEC_NAME_MAX];
    compare_method method;
    char column[SPEC_NAME_MAX];  /* lease table column */
    char column2[SPEC_NAME_MAX]; /* CMP_IP: the prefix column; CMP_PLACE: postcode; nat: the
                                    address column; members: the place column */
    char column3[SPEC_NAME_MAX]; /* CMP_PLACE: city */
    long col, col2, col3;        /* resolved indexes, -1 before link_spec_resolve */
    int tf;                      /* term-frequency adjustment of the top level(s) */
    int key;                     /* an owned identifier: agreement means one controller */
    int persona;                 /* a personal attribute: another person of one actor differs */
    int network;                 /* a resource independent people share (network, organisation):
                                    crowds are expected, so its over-share threshold is stricter */
    int nat;                     /* method exact on a network prefix, column2 the address: a
                                    value reached by several persons per address is a NAT
                                    crowd, suppressed (values.c) */
    int tenants;                 /* key: a value used by two or more separate customers is a
                                    service they rent, not an identifier: suppressed (values.c;
                                    on a nat field, hosting prefixes only) */
    int members;                 /* key, method exact, column2 a place (a network prefix): a value
                                    whose separate customers meet at one place is an
                                    institution's (a campus's mail domain): suppressed */
    int agree_only;              /* disagreement is no evidence ("different" counts as missing):
                                    the field is part of another (an e-mail's domain) */
    double threshold[2];         /* CMP_JARO_WINKLER */
    int n_threshold;
    int n_levels; /* levels 0 .. n_levels-1; 0 = different */
} spec_field;

typedef struct spec_rule {
    char column[SPEC_MAX_RULE_COLS][SPEC_NAME_MAX];
    long col[SPEC_MAX_RULE_COLS];
    int n_col;
    size_t window;       /* the rule's own window ("block ... window N"); 0: none given */
    size_t block_max;    /* the rule's: blocks larger than this are compared in windows of */
    size_t block_window; /*   this many leases (2N + 1 and N for a window of N, else the
                            spec's block_max and block_window; set when the spec is parsed) */
} spec_rule;

typedef struct link_spec {
    spec_field field[SPEC_MAX_FIELDS];
    int n_field;
    spec_rule rule[SPEC_MAX_RULES];
    int n_rule;
    double threshold;     /* posterior probability at or above which a pair is linked */
    double prior;         /* P(two random leases match); < 0: estimated by EM */
    double key_u;         /* > 0 (spec key_u): P(two different actors share an owned identifier
                             by coincidence), the same for any number of leases; 0: key_rate */
    double key_rate;      /* expected coincidental sharers per lease of an owned identifier:
                             u = key_rate / (N - 1) for a log of N leases, a chance per pair
                             that falls with the population as the prior of a match does */
    int key_rate_given;   /* key_rate was set in the spec (key_u and key_rate exclude each other) */
    double persona_share; /* prior share of one-actor pairs that are personas tied by one given
                             identifier (not estimable: such pairs look like strangers but
                             for the identifier that blocked them) */
    double overshare_min; /* over-share threshold bounds, in distinct persons */
    double overshare_max;
    double bridge_log_odds; /* a bridge weaker than this (log2 odds) is cut by the guard */
    size_t max_cluster;     /* most leases in one renter */
    size_t block_max;       /* blocks larger than this are compared in windows */
    size_t block_window;    /* the window, in leases, for large blocks */
    size_t random_pairs;    /* random pairs sampled to estimate u */
    int em_iterations;      /* at most */
    char origin[256];       /* file name or "built-in" */
} link_spec;

/* Parses spec text. LH_EUSAGE naming origin and line on a syntax error. */
lh_status link_spec_parse(link_spec *s, const char *text, const char *origin, lh_error *err);
/* Loads a spec file (NULL: the built-in models/linkage.spec). */
lh_status link_spec_load(link_spec *s, const char *path, lh_error *err);
/* The built-in spec text, as compiled from models/linkage.spec. */
const char *link_spec_builtin(void);
/* Every column the spec reads, for the loader to keep (names; *n set). */
size_t link_spec_columns(const link_spec *s, const char *out[], size_t cap);
/* Resolves column names against t; a column that does not exist is an error (LH_EUSAGE). */
lh_status link_spec_resolve(link_spec *s, const lease_table *t, lh_error *err);
/* Name of a level of a field ("same", "same person", ...). */
const char *spec_level_name(const spec_field *f, int level);

/* Whether field f's second column is a place (nat, members: where its holders are), read by the
 * crowd tests only, rather than a value that the field compares or that blocks. */
static inline int spec_col2_is_place(const spec_field *f)
{
    return f->nat || f->members;
}

#endif
