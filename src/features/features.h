/* features.h: one numeric vector per renter (DESIGN.md, the features stage).
 *
 * FEATURE_TABLE is the one place where the columns are defined: their order, names, meanings,
 * how the unsupervised model reads them and the words of their reasons. docs/features.md is
 * printed from it (leasehound --features) and checked by a test.
 *
 * Columns of X(ID, name, role, transform, meaning):
 *   role       CONTEXT      describes the renter, never evidence by itself (size, explanations)
 *              STRUCTURE    the core pattern: distinct persons tied by shared traits that no
 *                           benign explanation covers; larger = more suspicious
 *              TIME         speed of the leases across persons; larger = more suspicious
 *              RISK         surface risk signals as rates; larger = more suspicious, but common
 *                           among honest customers: the model caps what they can contribute
 *   transform  how the unsupervised model reads the value: LOG1P for counts, RATE for [0,1]
 */
#ifndef LH_FEATURES_FEATURES_H
#define LH_FEATURES_FEATURES_H

#include "link/link.h"
#include "table/lease_table.h"

#include <stddef.h>
#include <stdio.h>

typedef enum feature_role { ROLE_CONTEXT, ROLE_STRUCTURE, ROLE_TIME, ROLE_RISK } feature_role;
typedef enum feature_transform { TR_LOG1P, TR_RATE } feature_transform;

#define FEATURE_TABLE(X)                                                                           \
    X(F_LEASES, "leases", ROLE_CONTEXT, TR_LOG1P, "leases of the renter")                          \
    X(F_ACCOUNTS, "accounts", ROLE_CONTEXT, TR_LOG1P, "distinct customer accounts")                \
    X(F_PERSONS, "persons", ROLE_CONTEXT, TR_LOG1P,                                                \
      "distinct persons by fuzzy name (typos, order, initials, case and accents forgiven)")        \
    X(F_EMAILS, "emails", ROLE_CONTEXT, TR_LOG1P, "distinct mailboxes")                            \
    X(F_PHONES, "phones", ROLE_CONTEXT, TR_LOG1P, "distinct phone numbers")                        \
    X(F_ADDRESSES, "addresses", ROLE_CONTEXT, TR_LOG1P, "distinct billing addresses")              \
    X(F_CARDS, "cards", ROLE_CONTEXT, TR_LOG1P, "distinct payment instruments")                    \
    X(F_DEVICES, "devices", ROLE_CONTEXT, TR_LOG1P, "distinct device fingerprints")                \
    X(F_IPS, "ips", ROLE_CONTEXT, TR_LOG1P, "distinct sign-up addresses")                          \
    X(F_IP_BLOCKS, "ip_blocks", ROLE_CONTEXT, TR_LOG1P, "distinct /24 (IPv6 /48) blocks")          \
    X(F_EXPLAINED, "explained", ROLE_CONTEXT, TR_RATE,                                             \
      "share of the persons covered by a benign explanation: a household (a family name at one "   \
      "address), an organisation (one business e-mail domain with a shared address, office "       \
      "network or account), a small office (one address and one office network) or a reseller "    \
      "(one account on a business domain)")                                                        \
    X(F_ENTITIES, "unexplained_groups", ROLE_STRUCTURE, TR_LOG1P,                                  \
      "groups of persons left after joining those a benign explanation covers, minus one: 0 for "  \
      "one person, a family or a company; n-1 for n personas")                                     \
    X(F_CARD_PERSONS, "card_persons", ROLE_STRUCTURE, TR_LOG1P,                                    \
      "most unexplained groups sharing one payment instrument, minus one")                         \
    X(F_DEVICE_PERSONS, "device_persons", ROLE_STRUCTURE, TR_LOG1P,                                \
      "most unexplained groups sharing one device fingerprint, minus one")                         \
    X(F_PHONE_PERSONS, "phone_persons", ROLE_STRUCTURE, TR_LOG1P,                                  \
      "most unexplained groups sharing one phone number, minus one")                               \
    X(F_MAILBOX_PERSONS, "mailbox_persons", ROLE_STRUCTURE, TR_LOG1P,                              \
      "most unexplained groups sharing one mailbox (after provider normalization), minus one")     \
    X(F_DOMAIN_PERSONS, "domain_persons", ROLE_STRUCTURE, TR_LOG1P,                                \
      "most persons in the whole log using one of the renter's private e-mail domains (neither "   \
      "free-mail, disposable nor academic) whom no shared building, office network (or /24 of "    \
      "an address of unknown kind) or account joins into one organisation, minus one; 0 past the " \
      "over-share fence (an unlisted mail provider)")                                              \
    X(F_NETWORK_PERSONS, "network_persons", ROLE_STRUCTURE, TR_LOG1P,                              \
      "most unexplained groups sharing one sign-up address or office network, minus one")          \
    X(F_SHARED_TRAITS, "shared_traits", ROLE_STRUCTURE, TR_LOG1P,                                  \
      "distinct identifier values (card, device, phone, mailbox, account, office network) "        \
      "shared by two or more unexplained groups")                                                  \
    X(F_STRONGEST_LINK, "strongest_cross_link", ROLE_STRUCTURE, TR_LOG1P,                          \
      "log2 odds of the strongest link between leases of different unexplained groups (0: none)")  \
    X(F_SPAN_DAYS, "span_days", ROLE_CONTEXT, TR_LOG1P, "days from the first lease to the last")   \
    X(F_PER_WEEK, "leases_per_week", ROLE_CONTEXT, TR_LOG1P,                                       \
      "leases per week over the span (a span under a week counts as a week)")                      \
    X(F_BURST, "burst_72h", ROLE_CONTEXT, TR_LOG1P, "most leases in any 72 hours")                 \
    X(F_GROUP_BURST, "group_burst_72h", ROLE_TIME, TR_LOG1P,                                       \
      "most distinct unexplained groups leasing within any 72 hours, minus one")                   \
    X(F_SWITCH_SPEED, "switch_speed", ROLE_TIME, TR_LOG1P,                                         \
      "1000 / (1 + hours) of the shortest gap between leases of different unexplained groups "     \
      "(0: one group)")                                                                            \
    X(F_DISPOSABLE, "disposable_email", ROLE_RISK, TR_RATE,                                        \
      "share of leases with a disposable e-mail domain")                                           \
    X(F_FREEMAIL, "freemail", ROLE_RISK, TR_RATE, "share of leases with a free-mail domain")       \
    X(F_UNRELATED_LOCAL, "email_unrelated", ROLE_RISK, TR_RATE,                                    \
      "share of leases whose e-mail local part shares nothing with the name (Latin names only)")   \
    X(F_COUNTRY_MISMATCH, "country_mismatch", ROLE_RISK, TR_RATE,                                  \
      "share of leases whose billing country differs from the sign-up IP's country")               \
    X(F_ANON_IP, "anonymous_ip", ROLE_RISK, TR_RATE,                                               \
      "share of leases signed up from a VPN, Tor, proxy or hosting address")                       \
    X(F_UNTRACEABLE_PAY, "untraceable_payment", ROLE_RISK, TR_RATE,                                \
      "share of leases paid with a prepaid card or crypto")                                        \
    X(F_NO_PHONE, "no_phone", ROLE_RISK, TR_RATE, "share of leases without a phone number")

typedef enum feature_id {
#define X(id, name, role, tr, meaning) id,
    FEATURE_TABLE(X)
#undef X
        FEATURE_COUNT
} feature_id;

typedef struct feature_info {
    const char *name;
    feature_role role;
    feature_transform transform;
    const char *meaning;
} feature_info;

const feature_info *feature_get(feature_id f);
/* 1 for the columns computed from created_at (left at 0 when the table has no timestamps). */
int feature_uses_time(feature_id f);
/* Writes the feature table as markdown (docs/features.md). */
void features_print_markdown(FILE *f);

typedef struct renter_features {
    size_t n_renters;
    double *x;    /* [n_renters * FEATURE_COUNT], row-major, finite */
    int has_time; /* created_at was present: time features computed */
} renter_features;

/* Builds the feature matrix on `threads` threads (the result does not depend on their number).
 * spec tells which link fields are identifiers. Cost: O(n log n) over the leases plus O(p^2)
 * per renter of p persons for explanations (grouped by value, so linear for typical renters);
 * memory: one array of persons + mailboxes + leases per thread. */
void renter_features_build(renter_features *out, const lease_table *t, const link_result *lr,
                           const link_spec *spec, int threads);
void renter_features_free(renter_features *rf);

/* The words of a reason: feature f of a renter's row x, with its numbers ("5 unexplained persons
 * share one payment instrument"). Writes at most n bytes to buf (NUL-terminated). */
void feature_reason_text(feature_id f, const double *x, char *buf, size_t n);

static inline double renter_feature(const renter_features *rf, size_t renter, feature_id f)
{
    return rf->x[renter * FEATURE_COUNT + f];
}

#endif
