/* person.h: one person's identity and the field renderers built on it (internal to gen/).
 *
 * A gen_person is drawn from a key: names, birth date, mailbox, phone, payment habit, home ISP,
 * preferred region and plan. The renderers write one field (or a group of fields) of a row from a
 * person, an address key or a network, so that every actor kind in population.c composes its
 * leases from the same parts.
 */
#ifndef LH_GEN_PERSON_H
#define LH_GEN_PERSON_H

#include "gen/population.h"

enum { GM_FREE, GM_WORK, GM_DISPOSABLE }; /* kinds of mailbox */

typedef struct gen_person {
    uint64_t key;
    uint8_t locale, gender, script; /* script: 0 Latin/romanised, 1 native, 2 katakana */
    uint16_t family, family2, given;
    int32_t dob; /* days since 1970-01-01 */
    uint8_t mail_kind, mail_style, mail_digits;
    uint16_t mail_domain;
    uint32_t mail_num;
    uint8_t phone_fmt, has_phone;
    uint8_t pay; /* payment_type of normalize.h */
    uint8_t isp, v6, region, usd, plan;
} gen_person;

/* Draws the person with this key, at home in `locale`. */
void gen_person_derive(gen_ctx *c, uint64_t key, int locale, gen_person *p);

/* Name orders (how the two name fields are filled). */
enum {
    NO_PLAIN,      /* first = given, last = family */
    NO_SWAP,       /* first = family, last = given */
    NO_UPPER,      /* first = given, last = FAMILY */
    NO_SWAP_UPPER, /* first = FAMILY, last = given */
    NO_FULL,       /* first = "Given Family" (CJK: "FamilyGiven"), last empty */
    NO_COMMA,      /* first = "Family, Given", last empty */
    NO_COUNT
};
enum { NC_AS_IS, NC_UPPER, NC_LOWER };

/* The given and family name of a person or persona in a script (0 Latin, 1 native, 2 kana). */
void gen_name_parts(int locale, int gender, int script, int family, int family2, int given,
                    char *given_out, char *family_out, size_t cap);
/* Writes first_name and last_name. typo >= 0 applies a one-character edit (chosen by the
 * value) to the Latin part it names (typo & 1: family, else given). */
void gen_name_write(gen_row *row, const char *given, const char *family, int order, int kase,
                    int typo, int native);

/* E-mail addresses. which = 0 the primary, 1 a second address. */
void gen_email_person(gen_ctx *c, gen_buf *b, const gen_person *p, int which);
/* local part from a person's romanised name in a style (see person.c), ASCII. */
void gen_email_local(gen_buf *b, const char *given_latin, const char *family_latin, int style,
                     int digits, uint32_t num, int birth_year);
/* A pronounceable invented word, unique for each id < 2^24 (beyond, a number is appended). */
void gen_word(gen_buf *b, uint64_t id, uint64_t seed);

/* Phone numbers: a national significant number (digits) and its rendering in one of
 * GEN_PHONE_FORMATS formats; all formats of one number normalize to one key. */
#define GEN_PHONE_FORMATS 8
void gen_phone_mobile(int locale, uint64_t key, char *nsn);
void gen_phone_land(int locale, int city, uint64_t key, char *nsn, int *area_len);
void gen_phone_format(gen_buf *b, int locale, const char *nsn, int area_len, int fmt);
/* The format a person usually types, or with probability reformat any other. */
int gen_phone_pick_format(gsl_rng *r, int preferred, double reformat);

/* Writes address, city, postcode and country for the address with key addr_key; the unit
 * (flat, room) comes from unit_key with probability unit_p. */
void gen_address_write(gen_ctx *c, gen_row *row, int locale, uint64_t addr_key, int native,
                       uint64_t unit_key, double unit_p);
/* The city index an address key gives (for landline area codes). */
int gen_address_city(gen_ctx *c, int locale, uint64_t addr_key);

/* IP addresses; each writes signup_ip, ip_country and ip_kind. */
/* A home line's address: the line (household, person) keeps its ISP and IPv6 /48; the
 * dynamic IPv4 address and the IPv6 interface id change with epoch. */
void gen_ip_residential(gen_ctx *c, gen_row *row, int locale, int isp, uint64_t line,
                        uint64_t epoch, int v6);
void gen_ip_mobile(gen_ctx *c, gen_row *row, int locale, gsl_rng *r);
void gen_ip_vpn(gen_ctx *c, gen_row *row, gsl_rng *r);
void gen_ip_tor(gen_ctx *c, gen_row *row, gsl_rng *r);
void gen_ip_proxy(gen_ctx *c, gen_row *row, gsl_rng *r);
/* An address of the /24 block of `key` (business network of locale, or hosting), last octet
 * host (1..254). */
void gen_ip_block(gen_ctx *c, gen_row *row, int locale, uint64_t key, int hosting, int host);
/* The last octet of one of an office's few NAT addresses. */
int gen_ip_nat_host(uint64_t key, gsl_rng *r);

/* Opaque fingerprints: payment instruments and devices. */
void gen_fingerprint(gen_buf *b, uint64_t key, int hex_digits);
/* An identity document number of the locale's usual kind. */
void gen_id_number(gen_buf *b, int locale, uint64_t key, int32_t dob, int gender);

/* Payment type names of DESIGN.md. */
const char *gen_pay_name(int pay);

/* plan, region, amount, currency, duration_days for a lease: the locale's currency (or US
 * dollars), a plan (usually `plan`), a region near the locale (usually its `region`-th), in
 * Japan, or anywhere. */
enum { GEN_REGION_NEAR, GEN_REGION_JAPAN, GEN_REGION_ANY };
void gen_product_write(gen_ctx *c, gen_row *row, gsl_rng *r, int locale, int plan, int region,
                       int usd, int where);

#endif
