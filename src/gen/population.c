/* population.c: actor profiles, lease schedules and lease rendering (see population.h).
 *
 * Derivation. Actor i has the key A = key(seed, "actor", i). Its kind is drawn from A alone; its
 * lease count from key(A, "count") alone (so gen_ctx_init can sample counts per kind cheaply);
 * the rest of its profile from A; the gap after its k-th lease from key(A, "gap", k); lease k's
 * fields from key(A, "lease", k) and the keys of the persons, homes, offices and instruments
 * involved. Re-deriving a profile costs a few dozen random draws (fake actors: also their
 * personas' name keys, at most GEN_MAX_PERSONAS of them), which is why no profile is stored.
 *
 * Kinds. Benign actors are one person (single, repeat, campus, mobile_nat, vpn_user), a family
 * (household: one family name, one address, one home line, often one card), an organisation
 * (company: employees behind one domain, address, office /24 and corporate card) or a reseller
 * (one account and card, many servers, sometimes customers' names). A fake actor writes a new
 * persona for every lease (name, e-mail, account, address, usually phone) and shares one trait
 * across them (card, device, /24, phone or mailbox); fake_tick shares several in a chain.
 * Careless fake actors also use throwaway signals; careful ones look like clean customers.
 *
 * Invariants (asserted or tested): a fake actor's persona name keys are pairwise distinct; every
 * household member's family name and address are the household's; gaps are >= 1 second.
 */
#include "gen/population.h"
#include "gen/person.h"
#include "normalize/normalize.h"
#include "util/mem.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

/* clang-format off */
const char *const gen_col_names[GC_COUNT] = {
    "lease_id", "created_at",   "account_id", "first_name", "last_name",  "email",
    "phone",    "address",      "city",       "postcode",   "country",    "dob",
    "id_number", "payment_type", "payment_fp", "signup_ip", "ip_country", "ip_kind",
    "device_fp", "plan",        "region",     "amount",     "currency",   "duration_days",
};
/* clang-format on */

/* Key purposes ("tags"), kept distinct so that no two derivations share a stream. */
enum {
    TAG_ACTOR = 0x41,
    TAG_KIND,
    TAG_COUNT,
    TAG_GAP,
    TAG_LEASE,
    TAG_PERSON,
    TAG_MEMBER,
    TAG_HOME,
    TAG_OFFICE,
    TAG_PERSONAS,
    TAG_PERSONA,
    TAG_CUSTOMER,
    TAG_CARD,
    TAG_DEVICE,
    TAG_PHONE,
    TAG_BLOCK,
    TAG_MOVED,
    TAG_CAMPUS,
    TAG_DORM,
    TAG_CALIBRATE,
    TAG_WORD_COMPANY,
    TAG_WORD_CAMPUS,
    TAG_WORD_CATCHALL,
    TAG_WALLET,
    TAG_PREPAID,
    TAG_ACCOUNT,
    TAG_FLAGS,
};

#define DAY 86400.0

/* ---------------------------------------------------------------- kinds and counts */

int gen_actor_kind(gen_ctx *c, uint32_t index)
{
    uint64_t a = gen_key3(c->seed, TAG_ACTOR, index);
    gen_rng_seed(c->r_actor, gen_key(a, TAG_KIND));
    return (int)gen_pick(c->r_actor, c->sc->mix, GK_COUNT);
}

static uint32_t small_count(gsl_rng *r, double again)
{
    return gen_chance(r, again) ? (gen_chance(r, 1.0 / 3) ? 3 : 2) : 1;
}

/* Lease count and members of an actor of `kind` from its count key (one stream, in order). */
static uint32_t lease_count(gen_ctx *c, int kind, uint64_t count_key, uint32_t *members)
{
    const gen_scenario *sc = c->sc;
    gsl_rng *r = c->r_gap;
    gen_rng_seed(r, count_key);
    *members = 1;
    double n;
    switch (kind) {
    case GK_SINGLE:
        return gen_chance(r, sc->single_again) ? 2 + gen_below(r, 2) : 1;
    case GK_REPEAT:
        n = 1 + gen_geometric(r, sc->repeat_leases - 1);
        return (uint32_t)(n > 60 ? 60 : n);
    case GK_HOUSEHOLD: {
        static const double w[] = {0.5, 0.3, 0.2};
        *members = 2 + (uint32_t)gen_pick(r, w, 3);
        uint32_t total = 0;
        for (uint32_t m = 0; m < *members; m++)
            total += gen_geometric(r, sc->household_leases);
        return total > 60 ? 60 : total;
    }
    case GK_COMPANY: {
        double e = gen_pareto(r, sc->company_alpha, 2.0);
        *members = e >= 200 ? 200 : (uint32_t)e;
        n = floor(*members * sc->company_leases * (0.5 + gen_unif(r)) + 0.5);
        return n < 2 ? 2 : n > 1000 ? 1000 : (uint32_t)n;
    }
    case GK_RESELLER:
        n = gen_pareto(r, sc->reseller_alpha, 10.0);
        return n >= 300 ? 300 : (uint32_t)n;
    case GK_CAMPUS:
    case GK_MOBILE_NAT:
    case GK_VPN_USER:
        return small_count(r, sc->crowd_again);
    case GK_FAKE_TICK:
        return (uint32_t)gen_between(r, 4, 6);
    default: {
        int lo = (int)sc->fraud_leases_min, hi = (int)sc->fraud_leases_max;
        if (hi > GEN_MAX_PERSONAS)
            hi = GEN_MAX_PERSONAS;
        if (lo > hi)
            lo = hi;
        return (uint32_t)gen_between(r, lo, hi);
    }
    }
}

/* ---------------------------------------------------------------- context */

void gen_ctx_init(gen_ctx *c, const gen_scenario *sc, uint64_t seed, uint64_t n_leases)
{
    memset(c, 0, sizeof *c);
    c->sc = sc;
    c->seed = seed;
    c->n_leases = n_leases;
    c->r_actor = gen_rng_new();
    c->r_persona = gen_rng_new();
    c->r_person = gen_rng_new();
    c->r_addr = gen_rng_new();
    c->r_lease = gen_rng_new();
    c->r_gap = gen_rng_new();
    c->r_aux = gen_rng_new();
    for (int l = 0; l < GL_COUNT; l++) {
        const gen_locale *L = gen_locale_get(l);
        /* Zipf-Mandelbrot with q = n/8: heads of a few percent, as in national name tables */
        gen_zipf_init(&c->family[l], L->n_family, 1.0, (double)L->n_family / 8);
        gen_zipf_init(&c->given_m[l], L->n_given_m, 1.0, (double)L->n_given_m / 8);
        gen_zipf_init(&c->given_f[l], L->n_given_f, 1.0, (double)L->n_given_f / 8);
    }
    /* Mean lease count per kind, from 2048 sampled count keys per kind. */
    double total_w = 0, mean = 0;
    for (int k = 0; k < GK_COUNT; k++) {
        double s = 0;
        uint32_t members;
        for (uint32_t i = 0; i < 2048; i++)
            s += lease_count(c, k, gen_key3(seed, TAG_CALIBRATE, (uint64_t)k << 32 | i), &members);
        c->mean_leases[k] = s / 2048;
        total_w += sc->mix[k];
        mean += sc->mix[k] * c->mean_leases[k];
    }
    c->mean_all = mean / total_w;
    /* Crowd pools: sized so that an address carries about crowd_leases leases. */
    double share[GK_COUNT], benign_other = 0;
    for (int k = 0; k < GK_COUNT; k++) {
        share[k] = sc->mix[k] * c->mean_leases[k] / mean;
        if (k != GK_MOBILE_NAT && k != GK_VPN_USER && !gen_kind_is_fake(k))
            benign_other += share[k];
    }
    double lw = 0;
    for (int l = 0; l < GL_COUNT; l++)
        lw += sc->locale[l];
    double n = (double)n_leases, crowd = sc->crowd_leases > 1 ? sc->crowd_leases : 1;
    double f_mob = share[GK_MOBILE_NAT] + sc->mobile * benign_other;
    double f_vpn = share[GK_VPN_USER] + sc->vpn * benign_other;
    for (int l = 0; l < GL_COUNT; l++) {
        const gen_locale *L = gen_locale_get(l);
        double wl = sc->locale[l] / lw;
        double pool = n * f_mob * wl / (double)L->n_mob / crowd;
        c->nat_pool[l] = pool < 1 ? 1 : pool > 60000 ? 60000 : (uint32_t)pool;
        double campuses = n * share[GK_CAMPUS] * wl / (2.5 * crowd);
        c->campuses[l] = campuses < 1 ? 1 : campuses > 1e6 ? 1000000 : (uint32_t)campuses;
    }
    double vpool = n * f_vpn / (double)gen_n_vpn_nets / crowd;
    c->vpn_pool = vpool < 1 ? 1 : vpool > 60000 ? 60000 : (uint32_t)vpool;
    /* A provider refuses a taken name, and the larger the log the more holders of one common
       name it has: 3 digits up to 100,000 leases, one more for every tenfold beyond (5 at 10M).
       With a fixed 3, unrelated people shared mailboxes by the thousand at millions of leases
       (bench/scale-notes.md); logs of up to 100,000 leases are as before. */
    c->mail_digits = 3;
    for (uint64_t m = 100000; m < n_leases && c->mail_digits < 8; m *= 10)
        c->mail_digits++;
    /* Customers come from more hosting networks the larger the provider: one /16 of each of
       the hosting networks up to 100,000 leases, one more per 100,000 beyond (10 at 1M, 100 at
       10M), so that a hosting /24 holds as few owners at any size. With one /16 each, 3,072
       /24s, the operators' own blocks and resellers' servers shared /24s by the thousand at
       millions of leases (bench/scale-notes.md); logs of up to 100,000 leases are as before. */
    uint64_t spread = (n_leases + 99999) / 100000;
    c->hosting_spread = spread < 1 ? 1 : spread > 200 ? 200 : (uint32_t)spread;
}

void gen_ctx_free(gen_ctx *c)
{
    gsl_rng *all[] = {c->r_actor, c->r_persona, c->r_person, c->r_addr,
                      c->r_lease, c->r_gap,     c->r_aux};
    for (size_t i = 0; i < sizeof all / sizeof *all; i++)
        if (all[i])
            gsl_rng_free(all[i]);
    for (int l = 0; l < GL_COUNT; l++) {
        gen_zipf_free(&c->family[l]);
        gen_zipf_free(&c->given_m[l]);
        gen_zipf_free(&c->given_f[l]);
    }
    memset(c, 0, sizeof *c);
}

/* ---------------------------------------------------------------- personas */

size_t gen_persona_name_key(const gen_persona *p, char *out)
{
    char given[96], family[96], joined[200];
    gen_name_parts(p->locale, p->gender, p->script, p->family, p->family2, p->given, given, family,
                   sizeof given);
    int n = snprintf(joined, sizeof joined, "%s %s", given, family);
    return name_normalize(joined, (size_t)n, out);
}

static size_t romanised_key(const gen_persona *p, char *out)
{
    gen_persona q = *p;
    q.script = 0;
    return gen_persona_name_key(&q, out);
}

/* Draws personas 0..n-1 with names whose keys (as written and romanised) never repeat. */
static void draw_personas(gen_ctx *c, gen_actor *a)
{
    gsl_rng *r = c->r_persona;
    gen_rng_seed(r, gen_key(a->key, TAG_PERSONAS));
    /* personas abroad all come from one second country the actor knows */
    a->alt_locale = (a->locale + 1 + (int)gen_below(r, GL_COUNT - 1)) % GL_COUNT;
    char keys[2 * GEN_MAX_PERSONAS][NORM_KEY_MAX];
    size_t nk = 0;
    for (uint32_t k = 0; k < a->n_leases; k++) {
        gen_persona *p = &a->persona[k];
        for (int attempt = 0;; attempt++) {
            int loc = a->locale;
            if (a->kind != GK_FAKE_TICK && gen_chance(r, c->sc->persona_abroad))
                loc = a->alt_locale;
            const gen_locale *L = gen_locale_get(loc);
            p->locale = (uint8_t)loc;
            p->gender = (uint8_t)gen_below(r, 2);
            p->script = 0;
            if (L->script != GS_LATIN && gen_chance(r, L->native_share))
                p->script = gen_chance(r, L->kana_share) ? 2 : 1;
            p->family = (uint16_t)gen_zipf_draw(&c->family[loc], r);
            p->family2 = (uint16_t)gen_zipf_draw(&c->family[loc], r);
            p->given = (uint16_t)gen_zipf_draw(p->gender ? &c->given_f[loc] : &c->given_m[loc], r);
            char k1[NORM_KEY_MAX], k2[NORM_KEY_MAX];
            gen_persona_name_key(p, k1);
            romanised_key(p, k2);
            int clash = 0;
            for (size_t i = 0; i < nk && !clash; i++)
                clash = strcmp(keys[i], k1) == 0 || strcmp(keys[i], k2) == 0;
            /* 100 x 40 names per locale: a clash-free draw comes within a few attempts */
            assert(attempt < 1000);
            if (!clash || attempt >= 1000) {
                memcpy(keys[nk++], k1, sizeof k1);
                memcpy(keys[nk++], k2, sizeof k2);
                break;
            }
        }
    }
}

/* fake_tick: which of card, device, office /24 and phone each lease shares. Every lease after
 * the first shares a trait with an earlier one (so all are linked), at least two different
 * traits are used, and no trait is shared by every lease. */
static void tick_traits(gsl_rng *r, gen_actor *a)
{
    static const uint8_t traits[] = {GT_CARD, GT_DEVICE, GT_IPBLOCK, GT_PHONE};
    uint32_t n = a->n_leases;
    for (int attempt = 0; attempt < 64; attempt++) {
        memset(a->traits, 0, sizeof a->traits);
        uint8_t used = 0;
        for (uint32_t i = 1; i < n; i++) {
            uint32_t j = gen_below(r, i);
            uint8_t t = traits[gen_below(r, 4)];
            a->traits[i] |= t;
            a->traits[j] |= t;
            used |= t;
        }
        uint8_t common = 0xff;
        for (uint32_t i = 0; i < n; i++)
            common &= a->traits[i];
        if (common == 0 && (used & (used - 1)) != 0)
            return;
    }
    /* a chain that alternates card and device: card(0,1) device(1,2) card(2,3) ... */
    memset(a->traits, 0, sizeof a->traits);
    for (uint32_t i = 1; i < n; i++) {
        uint8_t t = (i % 2) ? GT_CARD : GT_DEVICE;
        a->traits[i] |= t;
        a->traits[i - 1] |= t;
    }
}

/* ---------------------------------------------------------------- profiles */

void gen_actor_derive(gen_ctx *c, uint32_t index, gen_actor *a)
{
    const gen_scenario *sc = c->sc;
    memset(a, 0, sizeof *a);
    a->index = index;
    a->key = gen_key3(c->seed, TAG_ACTOR, index);
    a->kind = gen_actor_kind(c, index);
    a->n_leases = lease_count(c, a->kind, gen_key(a->key, TAG_COUNT), &a->n_members);
    assert(a->n_leases >= 1 && a->n_leases <= GEN_MAX_LEASES);
    gsl_rng *r = c->r_actor;
    gen_rng_seed(r, a->key);
    a->locale = a->kind == GK_FAKE_TICK ? GL_JP : (int)gen_pick(r, sc->locale, GL_COUNT);
    const gen_locale *L = gen_locale_get(a->locale);
    double span = sc->span_days * DAY;
    switch (a->kind) {
    case GK_SINGLE:
        a->gap_mean = 120 * DAY;
        break;
    case GK_REPEAT:
        a->gap_mean = sc->repeat_gap_days * DAY;
        a->burst = sc->repeat_burst;
        a->second_email = gen_chance(r, sc->second_email);
        a->second_account = gen_chance(r, sc->second_account);
        a->moved = gen_chance(r, sc->moved);
        a->switch_at = 1 + gen_below(r, a->n_leases > 1 ? a->n_leases - 1 : 1);
        break;
    case GK_HOUSEHOLD:
        a->gap_mean = 60 * DAY;
        a->shared_card = gen_chance(r, sc->household_card);
        a->shared_account = gen_chance(r, sc->household_account);
        a->shared_device = gen_chance(r, sc->household_device);
        a->script = 0;
        if (L->script != GS_LATIN && gen_chance(r, L->native_share))
            a->script = gen_chance(r, L->kana_share) ? 2 : 1;
        break;
    case GK_COMPANY:
        a->gap_mean = span * (0.2 + 0.8 * gen_unif(r)) / a->n_leases;
        a->shared_account = gen_chance(r, sc->company_account);
        a->shared_card = gen_chance(r, sc->company_two_cards) ? 2 : 1; /* corporate cards */
        a->script = L->script != GS_LATIN && gen_chance(r, L->native_share);
        a->pay_bank = gen_chance(r, sc->company_bank);
        a->office_phone = gen_chance(r, sc->company_phone);
        break;
    case GK_RESELLER:
        a->gap_mean = span * (0.3 + 0.7 * gen_unif(r)) / a->n_leases;
        a->end_customers = gen_chance(r, sc->reseller_names);
        break;
    case GK_CAMPUS:
        a->gap_mean = 45 * DAY;
        a->campus = gen_below(r, c->campuses[a->locale]);
        break;
    case GK_MOBILE_NAT:
    case GK_VPN_USER:
        a->gap_mean = 45 * DAY;
        break;
    default: { /* fake actors */
        static const int styles[] = {GT_CARD, GT_DEVICE, GT_IPBLOCK, GT_PHONE, GT_MAILBOX};
        switch (a->kind) {
        case GK_FAKE_CARD:
            a->style = GT_CARD;
            break;
        case GK_FAKE_DEVICE:
            a->style = GT_DEVICE;
            break;
        case GK_FAKE_IPBLOCK:
            a->style = GT_IPBLOCK;
            break;
        case GK_FAKE_PHONE:
            a->style = GT_PHONE;
            break;
        case GK_FAKE_MAILBOX:
            a->style = GT_MAILBOX;
            break;
        case GK_FAKE_TICK:
            a->style = 0;
            break;
        default:
            a->style = styles[gen_below(r, 5)];
        }
        a->careful = a->kind == GK_FAKE_TICK || a->style == GT_PHONE || a->style == GT_MAILBOX ||
                     gen_chance(r, sc->careful);
        if (a->kind == GK_FAKE_SLOW)
            a->gap_mean = sc->slow_gap_days * DAY;
        else if (a->kind == GK_FAKE_BURST)
            a->gap_mean = (2 + (sc->burst_hours - 2) * gen_unif(r)) * 3600 / a->n_leases;
        else if (a->kind == GK_FAKE_TICK)
            a->gap_mean = (sc->tick_gap_days > 5 ? sc->tick_gap_days : 5) * DAY;
        else
            a->gap_mean = sc->fraud_gap_days * DAY;
        a->card_type =
            (!a->careful && gen_chance(r, sc->fraud_prepaid_card)) ? PAY_PREPAID : PAY_CARD;
        a->block_kind =
            (a->careful || !gen_chance(r, sc->fraud_hosting)) ? IPK_BUSINESS : IPK_HOSTING;
        a->gmail = gen_chance(r, sc->fraud_gmail);
        if (a->kind == GK_FAKE_TICK) {
            tick_traits(r, a);
        } else {
            /* a careless actor sometimes also reuses a second trait */
            int leak = a->style == GT_DEVICE ? GT_IPBLOCK : GT_DEVICE;
            for (uint32_t k = 0; k < a->n_leases; k++)
                a->traits[k] =
                    (uint8_t)(a->style | (!a->careful && gen_chance(r, sc->leak) ? leak : 0));
        }
        draw_personas(c, a);
    }
    }
}

int64_t gen_actor_gap(gen_ctx *c, const gen_actor *a, uint32_t k)
{
    gsl_rng *r = c->r_gap;
    gen_rng_seed(r, gen_key3(a->key, TAG_GAP, k));
    double g;
    if (a->burst > 0 && gen_chance(r, a->burst))
        g = 60 + gen_unif(r) * (DAY - 60); /* another server the same day */
    else if (a->kind == GK_FAKE_BURST)
        g = 60 + gen_unif(r) * 2 * a->gap_mean; /* the whole burst within twice its window */
    else if (a->kind == GK_FAKE_TICK)
        g = 4 * DAY + gen_exponential(r, a->gap_mean - 4 * DAY); /* weeks to months */
    else
        g = gen_exponential(r, a->gap_mean);
    if (!(g >= 1))
        g = 1;
    if (g > 3650 * DAY)
        g = 3650 * DAY;
    return (int64_t)g;
}

/* ---------------------------------------------------------------- lease parts */

static void set(gen_row *row, int col, const char *s)
{
    gen_buf b;
    gen_buf_init(&b, row->f[col], GEN_FIELD_MAX);
    gen_buf_str(&b, s);
}

static void account_write(gen_ctx *c, gen_row *row, uint32_t index, uint32_t slot)
{
    gen_buf b;
    gen_buf_init(&b, row->f[GC_ACCOUNT_ID], GEN_FIELD_MAX);
    gen_buf_chr(&b, 'C');
    gen_buf_num(&b,
                1000000 +
                    gen_perm40((uint64_t)index << 8 | (slot & 0xff), gen_key(c->seed, TAG_ACCOUNT)),
                0);
}

/* A card is renewed every card_life_days (a new fingerprint), at a phase of its own. */
static uint64_t card_key(gen_ctx *c, uint64_t owner, int64_t t)
{
    int64_t life = (int64_t)(c->sc->card_life_days * DAY);
    if (life < 86400)
        life = 86400;
    int64_t phase = (int64_t)(gen_mix(owner) % (uint64_t)life);
    return gen_key3(owner, TAG_CARD, (uint64_t)((t + phase) / life));
}

static void payment_write(gen_ctx *c, gen_row *row, int pay, uint64_t owner, int64_t t,
                          uint64_t lease_key)
{
    uint64_t k;
    switch (pay) {
    case PAY_CARD:
        k = card_key(c, owner, t);
        break;
    case PAY_PREPAID: /* a new gift card every time */
        k = gen_key(lease_key, TAG_PREPAID);
        break;
    case PAY_CRYPTO: /* a wallet, sometimes a fresh one */
        k = (lease_key & 1) ? gen_key(lease_key, TAG_WALLET) : gen_key(owner, TAG_WALLET);
        break;
    default:
        k = gen_key(owner, (uint64_t)pay);
    }
    set(row, GC_PAYMENT_TYPE, gen_pay_name(pay));
    gen_buf b;
    gen_buf_init(&b, row->f[GC_PAYMENT_FP], GEN_FIELD_MAX);
    gen_buf_str(&b, "pm_");
    gen_fingerprint(&b, k, 16);
}

/* Devices are replaced every device_life_days. */
static void device_write(gen_ctx *c, gen_row *row, uint64_t owner, int64_t t, gsl_rng *r)
{
    if (gen_chance(r, c->sc->no_device))
        return;
    int64_t life = (int64_t)(c->sc->device_life_days * DAY);
    if (life < 86400)
        life = 86400;
    int64_t phase = (int64_t)(gen_mix(owner ^ TAG_DEVICE) % (uint64_t)life);
    gen_buf b;
    gen_buf_init(&b, row->f[GC_DEVICE_FP], GEN_FIELD_MAX);
    gen_fingerprint(&b, gen_key3(owner, TAG_DEVICE, (uint64_t)((t + phase) / life)), 32);
}

static void device_fixed(gen_row *row, uint64_t key)
{
    gen_buf b;
    gen_buf_init(&b, row->f[GC_DEVICE_FP], GEN_FIELD_MAX);
    gen_fingerprint(&b, gen_key(key, TAG_DEVICE), 32);
}

static void phone_person(gen_ctx *c, gen_row *row, const gen_person *p, gsl_rng *r)
{
    if (!p->has_phone || gen_chance(r, c->sc->phone_skip))
        return;
    char nsn[24];
    gen_phone_mobile(p->locale, gen_key(p->key, TAG_PHONE), nsn);
    gen_buf b;
    gen_buf_init(&b, row->f[GC_PHONE], GEN_FIELD_MAX);
    gen_phone_format(&b, p->locale, nsn, 0,
                     gen_phone_pick_format(r, p->phone_fmt, c->sc->phone_reformat));
}

static void dob_id_write(gen_ctx *c, gen_row *row, const gen_person *p)
{
    /* collected per customer: a provider asks for it at sign-up or does not */
    uint64_t h = gen_mix(p->key ^ TAG_FLAGS);
    gen_buf b;
    if ((double)(h >> 11) * 0x1.0p-53 < c->sc->dob) {
        gen_buf_init(&b, row->f[GC_DOB], GEN_FIELD_MAX);
        gen_format_date(&b, p->dob);
    }
    h = gen_mix(h);
    if ((double)(h >> 11) * 0x1.0p-53 < c->sc->id_number) {
        gen_buf_init(&b, row->f[GC_ID_NUMBER], GEN_FIELD_MAX);
        gen_id_number(&b, p->locale, p->key, p->dob, p->gender);
    }
}

/* The usual network of a benign person's lease: home, or sometimes a carrier, a VPN, Tor, or
 * a line abroad. The home line changes its dynamic address every one to eight weeks. */
static void ip_benign(gen_ctx *c, gen_row *row, int locale, int isp, uint64_t line, int v6,
                      int64_t t, gsl_rng *r)
{
    const gen_scenario *sc = c->sc;
    double u = gen_unif(r);
    if (u < sc->tor) {
        gen_ip_tor(c, row, r);
    } else if ((u -= sc->tor) < sc->vpn) {
        gen_ip_vpn(c, row, r);
    } else if ((u -= sc->vpn) < sc->mobile) {
        gen_ip_mobile(c, row, locale, r);
    } else if ((u -= sc->mobile) < sc->travel) {
        int other = (locale + 1 + (int)gen_below(r, GL_COUNT - 1)) % GL_COUNT;
        gen_ip_residential(c, row, other, (int)gen_below(r, 8), gsl_rng_get(r), 0, 0);
    } else {
        static const int64_t period[] = {7, 14, 30, 56};
        uint64_t h = gen_mix(line ^ 0x6470);
        int64_t len = period[h % 4] * 86400, phase = (int64_t)((h >> 8) % (uint64_t)len);
        gen_ip_residential(c, row, locale, isp, line, (uint64_t)((t + phase) / len), v6);
    }
}

static int pick_order(gen_ctx *c, gsl_rng *r)
{
    static const double w[NO_COUNT] = {0, 0.35, 0.2, 0.25, 0.12, 0.08};
    return gen_chance(r, c->sc->name_order) ? (int)gen_pick(r, w, NO_COUNT) : NO_PLAIN;
}

static int pick_case(gen_ctx *c, gsl_rng *r)
{
    return gen_chance(r, c->sc->name_case) ? (gen_chance(r, 0.6) ? NC_UPPER : NC_LOWER) : NC_AS_IS;
}

static void name_person(gen_row *row, const gen_person *p, int script, int order, int kase,
                        int typo)
{
    char given[96], family[96];
    gen_name_parts(p->locale, p->gender, script, p->family, p->family2, p->given, given, family,
                   sizeof given);
    gen_name_write(row, given, family, order, kase, typo, script != 0);
}

/* ---------------------------------------------------------------- benign kinds */

/* One person: single, repeat, campus, mobile_nat, vpn_user. */
static void render_individual(gen_ctx *c, const gen_actor *a, uint32_t k, int64_t t, gen_row *row)
{
    const gen_scenario *sc = c->sc;
    gen_person p;
    gen_person_derive(c, gen_key(a->key, TAG_PERSON), a->locale, &p);
    gsl_rng *r = c->r_lease;
    uint64_t lk = gen_key3(a->key, TAG_LEASE, k);
    gen_rng_seed(r, lk);
    int repeat = a->kind == GK_REPEAT;

    int script = p.script;
    if (script && gen_chance(r, sc->script_switch))
        script = 0;
    int typo = repeat && gen_chance(r, sc->typo) ? (int)(gsl_rng_get(r) & 0xffff) : -1;
    name_person(row, &p, script, pick_order(c, r), pick_case(c, r), typo);

    gen_buf b;
    gen_buf_init(&b, row->f[GC_EMAIL], GEN_FIELD_MAX);
    uint64_t campus_key = gen_key3(c->seed, TAG_CAMPUS, (uint64_t)a->locale << 32 | a->campus);
    if (a->kind == GK_CAMPUS &&
        (double)(gen_mix(p.key ^ TAG_CAMPUS) >> 11) * 0x1.0p-53 < sc->campus_mail) {
        char given[96], family[96];
        gen_name_parts(p.locale, p.gender, 0, p.family, p.family2, p.given, given, family,
                       sizeof given);
        gen_email_local(&b, given, family, p.mail_style % 5, p.mail_digits, p.mail_num, 0);
        gen_buf_chr(&b, '@');
        for (const char *f = gen_locale_get(a->locale)->edu_fmt; *f; f++) {
            if (*f == '*')
                gen_word(&b, (uint64_t)a->locale << 20 | (a->campus & 0xfffff),
                         gen_key(c->seed, TAG_WORD_CAMPUS));
            else
                gen_buf_chr(&b, *f);
        }
    } else {
        gen_email_person(c, &b, &p,
                         repeat && a->second_email && gen_chance(r, sc->second_email_use));
    }

    phone_person(c, row, &p, r);

    uint64_t home = gen_key(p.key, TAG_HOME);
    if (repeat && a->moved && k >= a->switch_at)
        home = gen_key(home, TAG_MOVED);
    if (a->kind == GK_CAMPUS) {
        /* a dorm of the student's university: one address, rooms sometimes given */
        uint64_t dorm = gen_key(campus_key, TAG_DORM + (gen_mix(p.key) % 4) * 0x100);
        gen_address_write(c, row, a->locale, dorm, script, p.key, 0.5);
    } else {
        gen_address_write(c, row, a->locale, home, script, home, 0.35);
    }

    uint32_t slot =
        repeat && a->second_account && k >= a->switch_at && gen_chance(r, sc->second_account_use);
    account_write(c, row, a->index, slot);
    payment_write(c, row, p.pay, p.key, t, lk);

    int crowd = gen_chance(r, sc->crowd_route);
    if (a->kind == GK_MOBILE_NAT && crowd)
        gen_ip_mobile(c, row, a->locale, r);
    else if (a->kind == GK_VPN_USER && crowd)
        gen_ip_vpn(c, row, r);
    else if (a->kind == GK_CAMPUS && crowd)
        gen_ip_block(c, row, a->locale, campus_key, 0, gen_ip_nat_host(campus_key, r));
    else
        ip_benign(c, row, a->locale, p.isp, home, p.v6, t, r);

    device_write(c, row, p.key, t, r);
    dob_id_write(c, row, &p);
    gen_product_write(c, row, r, a->locale, p.plan, p.region, p.usd, GEN_REGION_NEAR);
}

/* The members of a household: members 0 and 1 are partners, the others children; all carry
 * member 0's family name(s) and the household's script; a member whose given name a
 * lower-numbered member of the same gender already has takes the next one in the list. */
static void household_member(gen_ctx *c, const gen_actor *a, uint32_t m, gen_person *p)
{
    const gen_locale *L = gen_locale_get(a->locale);
    uint16_t given[4];
    uint8_t gender[4];
    gen_person first;
    memset(&first, 0, sizeof first);
    assert(m < 4);
    for (uint32_t i = 0; i <= m; i++) {
        gen_person q;
        gen_person_derive(c, gen_key3(a->key, TAG_MEMBER, i), a->locale, &q);
        if (i == 0)
            first = q;
        if (i == 1)
            q.gender = (uint8_t)!first.gender;
        size_t n = q.gender ? L->n_given_f : L->n_given_m;
        q.given = (uint16_t)(q.given % n); /* the gender may have changed */
        for (size_t tries = 0; tries < n; tries++) {
            int clash = 0;
            for (uint32_t j = 0; j < i && !clash; j++)
                clash = gender[j] == q.gender && given[j] == q.given;
            if (!clash)
                break;
            q.given = (uint16_t)((q.given + 1) % n);
        }
        given[i] = q.given;
        gender[i] = q.gender;
        if (i == m) {
            *p = q;
            p->family = first.family;
            p->family2 = first.family2;
            p->script = (uint8_t)a->script;
        }
    }
}

static void render_household(gen_ctx *c, const gen_actor *a, uint32_t k, int64_t t, gen_row *row)
{
    gsl_rng *r = c->r_lease;
    uint64_t lk = gen_key3(a->key, TAG_LEASE, k);
    gen_rng_seed(r, lk);
    uint32_t m = gen_below(r, a->n_members);
    gen_person p, head;
    household_member(c, a, m, &p);
    gen_person_derive(c, gen_key3(a->key, TAG_MEMBER, 0), a->locale, &head);
    uint64_t home = gen_key(a->key, TAG_HOME);

    name_person(row, &p, a->script, NO_PLAIN, pick_case(c, r), -1);
    gen_buf b;
    gen_buf_init(&b, row->f[GC_EMAIL], GEN_FIELD_MAX);
    gen_email_person(c, &b, &p, 0);
    phone_person(c, row, &p, r);
    gen_address_write(c, row, a->locale, home, a->script, home, 0.35);
    account_write(c, row, a->index, a->shared_account ? 0 : m);
    if (a->shared_card)
        payment_write(c, row, PAY_CARD, home, t, lk);
    else
        payment_write(c, row, p.pay, p.key, t, lk);
    ip_benign(c, row, a->locale, head.isp, home, head.v6, t, r);
    /* a family computer for some households */
    if (a->shared_device)
        device_write(c, row, home, t, r);
    else
        device_write(c, row, p.key, t, r);
    dob_id_write(c, row, &p);
    gen_product_write(c, row, r, a->locale, p.plan, p.region, p.usd, GEN_REGION_NEAR);
}

static void org_domain(gen_ctx *c, gen_buf *b, const gen_actor *a, int locale)
{
    uint64_t h = gen_mix(a->key ^ TAG_WORD_COMPANY);
    gen_word(b, a->index, gen_key(c->seed, TAG_WORD_COMPANY));
    if (h % 3 == 0)
        gen_buf_str(b, gen_corp_suffix[(h >> 8) % gen_n_corp_suffix]);
    gen_buf_str(b, (h >> 16) % 4 == 0 ? ".com" : gen_locale_get(locale)->corp_tld);
}

static void office_phone(gen_ctx *c, gen_row *row, int locale, uint64_t office, gsl_rng *r)
{
    char nsn[24];
    int area_len;
    gen_phone_land(locale, gen_address_city(c, locale, office), office, nsn, &area_len);
    gen_buf b;
    gen_buf_init(&b, row->f[GC_PHONE], GEN_FIELD_MAX);
    gen_phone_format(
        &b, locale, nsn, area_len,
        gen_phone_pick_format(r, (int)(gen_mix(office) % 2 ? 0 : 3), c->sc->phone_reformat));
}

static void render_company(gen_ctx *c, const gen_actor *a, uint32_t k, int64_t t, gen_row *row)
{
    gsl_rng *r = c->r_lease;
    uint64_t lk = gen_key3(a->key, TAG_LEASE, k);
    gen_rng_seed(r, lk);
    uint64_t office = gen_key(a->key, TAG_OFFICE);
    uint64_t h = gen_mix(office);
    /* a few employees rent most of the servers */
    double u = gen_unif(r);
    uint32_t e = (uint32_t)(u * u * a->n_members);
    gen_person p;
    gen_person_derive(c, gen_key3(a->key, TAG_MEMBER, e), a->locale, &p);
    int script = a->script ? 1 : 0;
    name_person(row, &p, script, NO_PLAIN, pick_case(c, r), -1);

    gen_buf b;
    gen_buf_init(&b, row->f[GC_EMAIL], GEN_FIELD_MAX);
    char given[96], family[96];
    gen_name_parts(p.locale, p.gender, 0, p.family, p.family2, p.given, given, family,
                   sizeof given);
    gen_email_local(&b, given, family, (int)(h % 3) == 0 ? 2 : 0, 0, 0, 0);
    gen_buf_chr(&b, '@');
    org_domain(c, &b, a, a->locale);

    if (a->office_phone)
        office_phone(c, row, a->locale, office, r);
    else
        phone_person(c, row, &p, r);
    gen_address_write(c, row, a->locale, office, script, office, 0.5);
    account_write(c, row, a->index, a->shared_account ? 0 : (e > 254 ? 254 : e));
    int pay = a->pay_bank ? PAY_BANK : PAY_CARD;
    payment_write(c, row, pay, gen_key(office, a->shared_card == 2 ? e % 2 : 0), t, lk);
    if (!gen_chance(r, c->sc->home_office))
        gen_ip_block(c, row, a->locale, office, 0, gen_ip_nat_host(office, r));
    else /* working from home */
        ip_benign(c, row, a->locale, p.isp, gen_key(p.key, TAG_HOME), p.v6, t, r);
    device_write(c, row, p.key, t, r);
    dob_id_write(c, row, &p);
    gen_product_write(c, row, r, a->locale, (int)((h >> 12) % 8), p.region, p.usd, GEN_REGION_NEAR);
}

static void render_reseller(gen_ctx *c, const gen_actor *a, uint32_t k, int64_t t, gen_row *row)
{
    gsl_rng *r = c->r_lease;
    uint64_t lk = gen_key3(a->key, TAG_LEASE, k);
    gen_rng_seed(r, lk);
    uint64_t office = gen_key(a->key, TAG_OFFICE);
    uint64_t h = gen_mix(office);
    gen_person owner;
    gen_person_derive(c, gen_key3(a->key, TAG_MEMBER, 0), a->locale, &owner);
    if (a->end_customers && gen_chance(r, c->sc->end_customer_lease)) {
        /* the end customer's name typed into the order */
        int loc = gen_chance(r, 0.6) ? a->locale : (int)gen_below(r, GL_COUNT);
        gen_person cust;
        gen_person_derive(c, gen_key3(a->key, TAG_CUSTOMER, k), loc, &cust);
        name_person(row, &cust, cust.script, NO_PLAIN, NC_AS_IS, -1);
    } else {
        name_person(row, &owner, 0, pick_order(c, r), pick_case(c, r), -1);
    }
    gen_buf b;
    gen_buf_init(&b, row->f[GC_EMAIL], GEN_FIELD_MAX);
    static const char *const roles[] = {"billing", "ops", "admin", "noc", "hosting"};
    if (h % 3 == 0) {
        char given[96], family[96];
        gen_name_parts(owner.locale, owner.gender, 0, owner.family, owner.family2, owner.given,
                       given, family, sizeof given);
        gen_email_local(&b, given, family, 0, 0, 0, 0);
    } else {
        gen_buf_str(&b, roles[(h >> 4) % 5]);
    }
    gen_buf_chr(&b, '@');
    org_domain(c, &b, a, a->locale);
    office_phone(c, row, a->locale, office, r);
    gen_address_write(c, row, a->locale, office, 0, office, 0.3);
    account_write(c, row, a->index, 0);
    payment_write(c, row, (h >> 8) % 4 ? PAY_CARD : PAY_BANK, office, t, lk);
    gen_ip_block(c, row, a->locale, office, (int)((h >> 10) % 3 == 0), gen_ip_nat_host(office, r));
    device_fixed(row, gen_key(office, gen_below(r, 2)));
    dob_id_write(c, row, &owner);
    /* a reseller's customers are everywhere; it pays in its own currency */
    gen_product_write(c, row, r, a->locale, owner.plan, (int)gen_below(r, 4), owner.usd,
                      gen_chance(r, 0.5) ? GEN_REGION_NEAR : GEN_REGION_ANY);
}

/* ---------------------------------------------------------------- fake actors */

/* A Gmail address of the actor's one mailbox, spelled differently for each persona: dots
 * anywhere in the local part and a +tag, both ignored by Gmail (and by email_normalize). */
static void gmail_variant(gen_buf *b, const gen_actor *a, uint32_t k, gsl_rng *r)
{
    uint64_t h = gen_mix(a->key ^ 0x676d61696cULL);
    const gen_locale *L = gen_locale_get(a->locale);
    char local[64], given[96], family[96];
    gen_buf lb;
    gen_buf_init(&lb, local, sizeof local);
    gen_name_parts(a->locale, (int)(h & 1), 0, (int)((h >> 1) % L->n_family), 0,
                   (int)((h >> 9) % ((h & 1) ? L->n_given_f : L->n_given_m)), given, family,
                   sizeof given);
    gen_email_local(&lb, given, family, 1, 2, (uint32_t)(h >> 20), 0);
    size_t n = strlen(local);
    for (size_t i = 0; i < n; i++) {
        gen_buf_chr(b, local[i]);
        if (i + 1 < n && gen_chance(r, 0.22))
            gen_buf_chr(b, '.');
    }
    static const char *const tags[] = {"vps", "srv", "host", "a", "b", "x", "cloud", "2024"};
    if (gen_chance(r, 0.6)) {
        gen_buf_chr(b, '+');
        gen_buf_str(b, tags[gen_below(r, 8)]);
        if (gen_chance(r, 0.5))
            gen_buf_num(b, k + 1, 0);
    }
    gen_buf_str(b, gen_chance(r, 0.15) ? "@googlemail.com" : "@gmail.com");
}

static void render_fake(gen_ctx *c, const gen_actor *a, uint32_t k, int64_t t, gen_row *row)
{
    const gen_scenario *sc = c->sc;
    gsl_rng *r = c->r_lease;
    uint64_t lk = gen_key3(a->key, TAG_LEASE, k);
    const gen_persona *ps = &a->persona[k < GEN_MAX_PERSONAS ? k : GEN_MAX_PERSONAS - 1];
    uint64_t pk = gen_key3(a->key, TAG_PERSONA, k);
    gen_person p;
    gen_person_derive(c, pk, ps->locale, &p);
    gen_rng_seed(r, lk);
    p.gender = ps->gender;
    p.script = ps->script;
    p.family = ps->family;
    p.family2 = ps->family2;
    p.given = ps->given;
    int traits = a->traits[k < GEN_MAX_PERSONAS ? k : GEN_MAX_PERSONAS - 1];
    int careless = !a->careful;
    double tw = sc->throwaway;

    /* the persona's name, written plainly: its key is the one draw_personas() checked */
    name_person(row, &p, p.script, NO_PLAIN, NC_AS_IS, -1);

    gen_buf b;
    gen_buf_init(&b, row->f[GC_EMAIL], GEN_FIELD_MAX);
    if (traits & GT_MAILBOX) {
        if (a->gmail) {
            gmail_variant(&b, a, k, r);
        } else {
            static const char *const tlds[] = {".net", ".org", ".xyz", ".io", ".me"};
            char given[96], family[96];
            gen_name_parts(p.locale, p.gender, 0, p.family, p.family2, p.given, given, family,
                           sizeof given);
            gen_email_local(&b, given, family, (int)gen_below(r, 5), (int)gen_below(r, 3),
                            p.mail_num, 0);
            gen_buf_chr(&b, '@');
            gen_word(&b, a->index, gen_key(c->seed, TAG_WORD_CATCHALL));
            gen_buf_str(&b, tlds[gen_mix(a->key) % 5]);
        }
    } else {
        if (careless && gen_chance(r, tw))
            p.mail_kind = GM_DISPOSABLE;
        else if (p.mail_kind != GM_FREE) {
            /* personas live on free-mail: a work domain would need a real employer */
            const gen_locale *L = gen_locale_get(p.locale);
            p.mail_kind = GM_FREE;
            p.mail_domain = (uint16_t)(gen_mix(pk) % L->n_freemail);
        }
        if (p.mail_kind == GM_DISPOSABLE)
            p.mail_domain = (uint16_t)(gen_mix(pk ^ 0x64) % gen_n_disposable_domains);
        gen_email_person(c, &b, &p, 0);
    }

    if (traits & GT_PHONE) {
        /* one number, typed in another format by each persona; international when the
         * persona's billing country is not the phone's */
        char nsn[24];
        gen_phone_mobile(a->locale, gen_key(a->key, TAG_PHONE), nsn);
        int fmt = (int)((gen_mix(a->key ^ TAG_PHONE) + k * 3) % GEN_PHONE_FORMATS);
        if (ps->locale != a->locale && (fmt < 3 || fmt > 6))
            fmt = 3 + (int)(k % 4);
        gen_buf_init(&b, row->f[GC_PHONE], GEN_FIELD_MAX);
        gen_phone_format(&b, a->locale, nsn, 0, fmt);
    } else if (!(careless && gen_chance(r, tw))) {
        if (a->careful)
            p.has_phone = 1;
        phone_person(c, row, &p, r);
    }

    uint64_t home = gen_key(pk, TAG_HOME);
    gen_address_write(c, row, p.locale, home, p.script, home, 0.35);
    account_write(c, row, a->index, k);

    if (traits & GT_CARD) {
        /* one instrument (a card, or a prepaid card that is reloaded), never renewed while
         * the personas last */
        set(row, GC_PAYMENT_TYPE, gen_pay_name(a->card_type));
        gen_buf_init(&b, row->f[GC_PAYMENT_FP], GEN_FIELD_MAX);
        gen_buf_str(&b, "pm_");
        gen_fingerprint(&b, gen_key(a->key, TAG_CARD), 16);
    } else if (a->kind == GK_FAKE_DEVICE || a->style == GT_DEVICE) {
        payment_write(c, row, PAY_PREPAID, pk, t, lk);
    } else if (a->kind == GK_FAKE_IPBLOCK || a->style == GT_IPBLOCK) {
        payment_write(c, row, gen_chance(r, 0.5) ? PAY_CRYPTO : PAY_PREPAID, pk, t, lk | 1);
    } else if (careless && gen_chance(r, tw)) {
        payment_write(c, row, gen_chance(r, 0.5) ? PAY_CRYPTO : PAY_PREPAID, pk, t, lk | 1);
    } else {
        payment_write(c, row, PAY_CARD, pk, t, lk);
    }

    if (traits & GT_IPBLOCK) {
        gen_ip_block(c, row, a->locale, gen_key(a->key, TAG_BLOCK), a->block_kind == IPK_HOSTING,
                     2 + (int)gen_below(r, 250));
    } else if (careless && gen_chance(r, tw * 1.5)) {
        static const double w[] = {0.45, 0.15, 0.2, 0.2};
        switch (gen_pick(r, w, 4)) {
        case 0:
            gen_ip_vpn(c, row, r);
            break;
        case 1:
            gen_ip_tor(c, row, r);
            break;
        case 2:
            gen_ip_proxy(c, row, r);
            break;
        default:
            gen_ip_block(c, row, -1, gen_key(pk, TAG_BLOCK), 1, 2 + (int)gen_below(r, 250));
        }
    } else {
        /* a residential line in the persona's country (a careful actor's proxy or a friend's) */
        gen_ip_residential(c, row, p.locale, p.isp, home, 0, 0);
    }

    if (traits & GT_DEVICE)
        device_fixed(row, a->key);
    else if (!(careless && gen_chance(r, tw / 3)))
        device_fixed(row, pk);
    dob_id_write(c, row, &p);
    gen_product_write(c, row, r, p.locale, p.plan, p.region, p.usd,
                      a->kind == GK_FAKE_TICK ? GEN_REGION_JAPAN : GEN_REGION_NEAR);
}

void gen_lease_render(gen_ctx *c, const gen_actor *a, uint32_t k, int64_t t, uint64_t row_no,
                      gen_row *row)
{
    for (int i = 0; i < GC_COUNT; i++)
        row->f[i][0] = '\0';
    gen_buf b;
    gen_buf_init(&b, row->f[GC_LEASE_ID], GEN_FIELD_MAX);
    gen_buf_chr(&b, 'L');
    gen_buf_num(&b, row_no, 9);
    gen_buf_init(&b, row->f[GC_CREATED_AT], GEN_FIELD_MAX);
    gen_format_time(&b, t);
    switch (a->kind) {
    case GK_HOUSEHOLD:
        render_household(c, a, k, t, row);
        break;
    case GK_COMPANY:
        render_company(c, a, k, t, row);
        break;
    case GK_RESELLER:
        render_reseller(c, a, k, t, row);
        break;
    case GK_SINGLE:
    case GK_REPEAT:
    case GK_CAMPUS:
    case GK_MOBILE_NAT:
    case GK_VPN_USER:
        render_individual(c, a, k, t, row);
        break;
    default:
        render_fake(c, a, k, t, row);
    }
}
