/* population.h: actors, their leases, and one lease rendered as a row (internal to gen/).
 *
 * gen_ctx holds what the whole run shares (scenario, seed, crowd pool sizes, Zipf tables and
 * the reusable random streams). An actor's profile (gen_actor) and a lease's fields (gen_row)
 * are re-derived from keys whenever they are needed, so the generator keeps no per-actor state
 * beyond one heap entry (gen.c).
 */
#ifndef LH_GEN_POPULATION_H
#define LH_GEN_POPULATION_H

#include "gen/locale.h"
#include "gen/rng.h"
#include "gen/scenario.h"

#include <stddef.h>
#include <stdint.h>

#define GEN_MAX_PERSONAS 16         /* most leases of a fake actor (fraud_leases_max) */
#define GEN_MAX_LEASES   100000     /* most leases of any actor */
#define GEN_LOG_START    1672531200 /* 2023-01-01T00:00:00Z */

/* The output columns, in file order. */
typedef enum gen_col {
    GC_LEASE_ID,
    GC_CREATED_AT,
    GC_ACCOUNT_ID,
    GC_FIRST_NAME,
    GC_LAST_NAME,
    GC_EMAIL,
    GC_PHONE,
    GC_ADDRESS,
    GC_CITY,
    GC_POSTCODE,
    GC_COUNTRY,
    GC_DOB,
    GC_ID_NUMBER,
    GC_PAYMENT_TYPE,
    GC_PAYMENT_FP,
    GC_SIGNUP_IP,
    GC_IP_COUNTRY,
    GC_IP_KIND,
    GC_DEVICE_FP,
    GC_PLAN,
    GC_REGION,
    GC_AMOUNT,
    GC_CURRENCY,
    GC_DURATION_DAYS,
    GC_COUNT
} gen_col;

extern const char *const gen_col_names[GC_COUNT];

#define GEN_FIELD_MAX 160 /* bytes of one rendered field, NUL included */

typedef struct gen_row {
    char f[GC_COUNT][GEN_FIELD_MAX];
} gen_row;

/* A bounded string builder over one field. Writes past the capacity are dropped (and asserted
 * against: no generated field comes near it). */
typedef struct gen_buf {
    char *p;
    size_t n, cap;
} gen_buf;

/* Shared state of one run. */
typedef struct gen_ctx {
    const gen_scenario *sc;
    uint64_t seed;
    uint64_t n_leases;
    double mean_leases[GK_COUNT]; /* E[leases | kind], estimated at start (gen_ctx_init) */
    double mean_all;              /* E[leases] per actor */
    gen_zipf family[GL_COUNT], given_m[GL_COUNT], given_f[GL_COUNT];
    uint32_t nat_pool[GL_COUNT]; /* CGNAT addresses per carrier */
    uint32_t vpn_pool;           /* exits per VPN provider */
    uint32_t campuses[GL_COUNT]; /* universities per locale */
    int mail_digits;             /* fewest digits of a free-mail address (a bare name one more) */
    uint32_t hosting_spread;     /* /16s of each hosting network (gen_ip_block) */
    /* One stream per level of derivation, so that a callee never disturbs its caller's. */
    gsl_rng *r_actor, *r_persona, *r_person, *r_addr, *r_lease, *r_gap, *r_aux;
} gen_ctx;

/* Shared traits of fake actors. */
enum {
    GT_CARD = 1,
    GT_DEVICE = 2,
    GT_IPBLOCK = 4,
    GT_PHONE = 8,
    GT_MAILBOX = 16,
};

typedef struct gen_persona {
    uint8_t locale, gender, script;
    uint16_t family, family2, given;
} gen_persona;

/* An actor's profile: a pure function of (seed, scenario, N, actor index). */
typedef struct gen_actor {
    uint32_t index;
    uint64_t key;
    int kind;
    int locale;         /* home locale */
    uint32_t n_leases;  /* leases it would make if the log did not end */
    uint32_t n_members; /* persons: household members, employees; 1 otherwise */
    double gap_mean;    /* mean seconds between leases */
    double burst;       /* share of gaps of under a day (repeat customers) */
    /* benign variations */
    int second_email, second_account, moved, shared_card, shared_account, end_customers;
    int shared_device, pay_bank, office_phone;
    int script;         /* household: the script every member writes in */
    uint32_t switch_at; /* lease index from which the second account / new address apply */
    uint32_t campus;    /* campus kind: university index in its locale */
    /* fake actors */
    int careful;
    int alt_locale; /* the one other locale its personas abroad come from */
    int style;      /* GT_* shared by every persona (0 for fake_tick) */
    int card_type;  /* payment type of a shared instrument */
    int block_kind; /* ip_kind of a shared block (business or hosting) */
    int gmail;      /* fake_mailbox: Gmail variants (else a catch-all domain) */
    gen_persona persona[GEN_MAX_PERSONAS];
    uint8_t traits[GEN_MAX_PERSONAS]; /* GT_* mask per lease */
} gen_actor;

/* Builds the context for a run: Zipf tables, the mean lease count per kind (by sampling
 * profiles in a key space of their own), crowd pool sizes from n_leases. */
void gen_ctx_init(gen_ctx *c, const gen_scenario *sc, uint64_t seed, uint64_t n_leases);
void gen_ctx_free(gen_ctx *c);

/* The kind an actor index has (a draw on the actor's own key). */
int gen_actor_kind(gen_ctx *c, uint32_t index);
/* The full profile of actor `index`. */
void gen_actor_derive(gen_ctx *c, uint32_t index, gen_actor *a);
/* Seconds from lease k to lease k + 1 of actor a (>= 1). */
int64_t gen_actor_gap(gen_ctx *c, const gen_actor *a, uint32_t k);

/* Renders lease k of actor a, made at time t (UTC seconds), as row number `row` (1-based). */
void gen_lease_render(gen_ctx *c, const gen_actor *a, uint32_t k, int64_t t, uint64_t row,
                      gen_row *out);

/* The name key (normalize/name_normalize of "first last") of persona p as it is written. */
size_t gen_persona_name_key(const gen_persona *p, char *out);

/* Helpers shared by population.c and person.c. */
void gen_buf_init(gen_buf *b, char *dst, size_t cap);
void gen_buf_str(gen_buf *b, const char *s);
void gen_buf_mem(gen_buf *b, const char *s, size_t n);
void gen_buf_chr(gen_buf *b, char c);
void gen_buf_num(gen_buf *b, uint64_t v, int width); /* decimal, zero-padded to width */
void gen_buf_hex(gen_buf *b, uint64_t v, int digits);
void gen_buf_printf(gen_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* UTC seconds as "YYYY-MM-DDThh:mm:ssZ". */
void gen_format_time(gen_buf *b, int64_t t);
/* Days since 1970-01-01 as "YYYY-MM-DD". */
void gen_format_date(gen_buf *b, int64_t days);

#endif
