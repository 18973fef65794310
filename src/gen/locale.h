/* locale.h: compiled-in data of the generator's locales (internal to gen/).
 *
 * Per locale: names by frequency rank (most common first, so a Zipf draw over the index gives
 * realistic collisions of common names), cities with postcode and area code, streets, mail
 * providers, phone number plans, currency, nearby data-centre regions and IPv4 ranges by kind of
 * network. The data is invented or common knowledge; the IP ranges are plausible, not assigned.
 */
#ifndef LH_GEN_LOCALE_H
#define LH_GEN_LOCALE_H

#include "gen/scenario.h"

#include <stddef.h>
#include <stdint.h>

typedef struct gen_name {
    const char *latin;  /* Latin spelling, or the usual romanisation */
    const char *native; /* kanji, hanzi, hangul or Cyrillic; NULL for Latin-script locales */
    const char *kana;   /* Japanese only: katakana reading, else NULL */
} gen_name;

typedef struct gen_city {
    const char *latin, *native; /* city as typed (native NULL for Latin-script locales) */
    const char *post;           /* postcode prefix; the rest is random digits */
    const char *area;           /* landline area code without trunk prefix */
    double weight;              /* share of the locale's population */
} gen_city;

typedef struct gen_street {
    const char *latin, *native;
} gen_street;

typedef struct gen_domain {
    const char *domain;
    double weight;
} gen_domain;

typedef enum gen_script {
    GS_LATIN,    /* names written in Latin letters only */
    GS_CJK,      /* native CJK names, family name first */
    GS_CYRILLIC, /* Cyrillic or Latin transliteration */
} gen_script;

typedef enum gen_addr_style {
    GA_JP,
    GA_CN,
    GA_KR,
    GA_US,
    GA_GB,
    GA_DE,
    GA_FR,
    GA_ES,
    GA_RU,
} gen_addr_style;

typedef struct gen_locale {
    const char *code;     /* "jp" */
    const char *country;  /* ISO 3166-1 alpha-2 */
    const char *calling;  /* E.164 country calling code */
    const char *trunk;    /* national trunk prefix ("" when none) */
    const char *currency; /* ISO 4217 */
    double per_usd;       /* currency units per US dollar (rounded, fixed) */
    int decimals;         /* digits after the decimal point in amounts */
    gen_script script;
    gen_addr_style addr;
    double native_share; /* persons typing their name in native script */
    double kana_share;   /* of those, in katakana (Japan) */
    int two_surnames;    /* Spain: paternal and maternal family names */
    int fem_suffix;      /* Russia: feminine family name = masculine + "a" */
    const gen_name *family, *given_m, *given_f;
    size_t n_family, n_given_m, n_given_f;
    const gen_city *city;
    size_t n_city;
    const gen_street *street;
    size_t n_street;
    const gen_domain *freemail; /* free-mail providers, by weight */
    size_t n_freemail;
    const char *corp_tld, *edu_fmt;   /* ".co.jp"; "*.ac.jp": universities, * = a word */
    const char *const *mobile_prefix; /* national significant number prefixes of mobiles */
    size_t n_mobile_prefix;
    int mobile_len;            /* digits of a mobile national significant number */
    int mobile_trunk;          /* a mobile's national form starts with the trunk prefix */
    const char *group;         /* digit groups of a mobile NSN for display, e.g. "244" */
    int land_len;              /* digits of a landline national significant number */
    const char *const *region; /* nearby data-centre regions, most used first */
    size_t n_region;
    const uint8_t (*res)[2]; /* residential ISP /16s */
    size_t n_res;
    const uint8_t (*mob)[2]; /* mobile carriers' CGNAT /16s (one carrier each) */
    size_t n_mob;
    const uint8_t *biz; /* /8s of business, campus and office networks */
    size_t n_biz;
    const char *v6; /* first 32 bits of residential IPv6 ("2400:4050") */
} gen_locale;

const gen_locale *gen_locale_get(int id);

/* Data shared by every locale. */
extern const gen_domain gen_disposable_domains[];
extern const size_t gen_n_disposable_domains;
extern const char *const gen_regions_all[]; /* every data-centre region */
extern const size_t gen_n_regions_all;
extern const char *const gen_jp_regions[]; /* Japanese regions (fake_tick) */
extern const size_t gen_n_jp_regions;
extern const uint8_t gen_hosting_nets[][2]; /* hosting providers' /16s */
extern const size_t gen_n_hosting_nets;
/* Commercial VPN providers: each a /16 of exits spread over the countries below. */
extern const uint8_t gen_vpn_nets[][2];
extern const size_t gen_n_vpn_nets;
extern const char *const gen_vpn_countries[];
extern const size_t gen_n_vpn_countries;
/* Pronounceable syllables for invented words (company, university and private domains). */
extern const char *const gen_syllables[];
extern const size_t gen_n_syllables;
extern const char *const gen_corp_suffix[]; /* "systems", "labs", ... */
extern const size_t gen_n_corp_suffix;

typedef struct gen_plan {
    const char *name;
    double usd_month; /* list price per 30 days in US dollars */
    double weight;
} gen_plan;
extern const gen_plan gen_plans[];
extern const size_t gen_n_plans;

#endif
