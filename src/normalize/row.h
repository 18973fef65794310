/* row.h: normalizing one mapped input row into the lease table's columns.
 *
 * normalize_row() is the normalize stage applied to a whole row: it reads the raw canonical
 * fields that the column binding produced and fills a lease_row with canonical keys. The
 * columns of a lease_row are the columns the lease table stores.
 */
#ifndef LH_NORMALIZE_ROW_H
#define LH_NORMALIZE_ROW_H

#include "ingest/colmap.h"
#include "ingest/csvrec.h"
#include "normalize/normalize.h"
#include "util/strbuf.h"

#include <stddef.h>
#include <stdint.h>

typedef enum lt_text {
    LT_LEASE_ID,     /* as typed, trimmed */
    LT_ACCOUNT,      /* as typed, trimmed */
    LT_NAME,         /* name_normalize() key */
    LT_NAME_RAW,     /* the name as typed (first + last joined), trimmed: for display only */
    LT_EMAIL,        /* email_normalize() mailbox */
    LT_EMAIL_DOMAIN, /* its domain */
    LT_ORG_DOMAIN,   /* the domain when it is neither free-mail nor disposable: an organisation's,
                        or a private catch-all */
    LT_PHONE,        /* phone_normalize() digits */
    LT_ADDRESS,      /* address_normalize() */
    LT_CITY,         /* address_normalize() */
    LT_POSTCODE,     /* letters and digits, folded */
    LT_COUNTRY,      /* ISO alpha-2 */
    LT_DOB,          /* YYYYMMDD */
    LT_ID_NUMBER,    /* letters and digits, folded */
    LT_PAYMENT_FP,   /* ident_normalize() */
    LT_SIGNUP_IP,    /* canonical text */
    LT_IP_PREFIX,    /* /24 or /48 */
    LT_OFFICE_NET,   /* the prefix when ip_kind is business or hosting: an organisation's network */
    LT_IP_COUNTRY,   /* ISO alpha-2 */
    LT_DEVICE_FP,    /* ident_normalize() */
    LT_PLAN,         /* ident_normalize() */
    LT_REGION,       /* ident_normalize() */
    LT_CURRENCY,     /* ident_normalize() */
    LT_ACTOR,        /* ground truth (eval only; never read by scan's stages) */
    LT_TEXT_COUNT
} lt_text;

/* One normalized row, as built by normalize_row(): text keys point into caller storage. */
typedef struct lease_row {
    const char *text[LT_TEXT_COUNT + COLMAP_MAX_EXTRA];
    size_t len[LT_TEXT_COUNT + COLMAP_MAX_EXTRA];
    int64_t created_at;
    int64_t created_alt;   /* created_order TS_AMBIGUOUS: the month-first reading (created_at is
                              the day-first one; load.c decides per file) */
    uint8_t created_order; /* TS_* of timestamp_parse_any */
    double amount;
    int32_t duration;
    uint8_t payment_type, ip_kind;
    int8_t label;
} lease_row;
#define LT_MISSING_TIME INT64_MIN
#define LT_MIN_TIME     631152000LL  /* 1990-01-01: no rental log is older */
#define LT_MAX_TIME     7258118400LL /* 2200-01-01 */

/* The raw canonical fields of one input row, as bound by a colbind. */
typedef struct raw_row {
    const char *field[COLMAP_MAX_TARGETS]; /* NULL when the column is absent from the file */
    size_t len[COLMAP_MAX_TARGETS];
} raw_row;

/* Fills *out from rec through binding b; fields joined from several sources are written to
 * join (reset first). Pointers in *out live as long as rec and join. */
void raw_row_bind(raw_row *out, const colbind *b, size_t n_extra, const csv_record *rec,
                  strbuf *join);

/* Values that were present but unusable: each leaves its key empty and is counted here. */
typedef struct norm_counts {
    uint64_t email_invalid, phone_invalid, ip_invalid, dob_invalid, country_unknown,
        ip_country_unknown, created_at_missing, amount_invalid, duration_invalid, label_invalid;
} norm_counts;

/* Storage for the keys of one row. */
typedef struct norm_buffers {
    char key[LT_TEXT_COUNT + COLMAP_MAX_EXTRA][NORM_KEY_MAX];
    char ip_prefix[NORM_KEY_MAX];
} norm_buffers;

/* An amount (or a number of days) as billing exports write it: a decimal point or a decimal
 * comma ("12.50", "12,50", "1.234,56", "1,234.56", "1 234,56"), currency signs and spaces
 * ignored. NaN and *ok = 0 for anything else; NaN and *ok = 1 for an empty field. */
double amount_parse(const char *s, size_t n, int *ok);

/* Normalizes one row. row_number (1-based, over all inputs) names a lease without lease_id
 * ("row-N"). Returns REJECT_NONE, or REJECT_BAD_CREATED_AT when created_at is present but not
 * a timestamp between 1990 and 2200. Keys point into buf. */
reject_reason normalize_row(const raw_row *in, size_t n_extra, uint64_t row_number, lease_row *out,
                            norm_buffers *buf, norm_counts *counts);

#endif
