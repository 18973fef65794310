/* schema.h: the canonical input schema of DESIGN.md.
 *
 * Every input column is mapped onto one of these names (or onto a user-defined extra column).
 * The order of the enum is the order of the schema table in DESIGN.md; it is not an output
 * format and may grow.
 */
#ifndef LH_INGEST_SCHEMA_H
#define LH_INGEST_SCHEMA_H

#include <stddef.h>

typedef enum canon_col {
    CANON_LEASE_ID,
    CANON_CREATED_AT,
    CANON_ACCOUNT_ID,
    CANON_NAME,
    CANON_FIRST_NAME,
    CANON_LAST_NAME,
    CANON_EMAIL,
    CANON_PHONE,
    CANON_ADDRESS,
    CANON_CITY,
    CANON_POSTCODE,
    CANON_COUNTRY,
    CANON_DOB,
    CANON_ID_NUMBER,
    CANON_PAYMENT_TYPE,
    CANON_PAYMENT_FP,
    CANON_SIGNUP_IP,
    CANON_IP_COUNTRY,
    CANON_IP_KIND,
    CANON_DEVICE_FP,
    CANON_PLAN,
    CANON_REGION,
    CANON_AMOUNT,
    CANON_CURRENCY,
    CANON_DURATION_DAYS,
    CANON_LABEL,
    CANON_ACTOR_ID,
    CANON_COUNT
} canon_col;

typedef struct canon_info {
    const char *name;    /* canonical header name */
    int identifying;     /* counts as an identifying column (DESIGN.md) */
    const char *aliases; /* space-separated synonyms mapped automatically, may be "" */
} canon_info;

const canon_info *canon_get(canon_col c);
/* The canonical column named s[0..n) (case-insensitive), or -1. Aliases are not consulted. */
int canon_lookup(const char *s, size_t n);
/* The canonical column that s[0..n) names in other words: its canonical name or one of its
 * aliases, case-insensitive and skipping ' ', '-', '_' and '.' ("First Name", "E-Mail
 * Address"), or -1. */
int canon_lookup_alias(const char *s, size_t n);

#endif
