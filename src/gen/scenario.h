/* scenario.h: the populations `leasehound gen` can draw, and their parameters.
 *
 * A scenario is one row of the table in scenario.c: the mix of actor kinds, their home
 * locales, and every rate the generator uses. gen_scenarios_print() writes the whole table as
 * markdown (what `leasehound gen --list-scenarios` prints and docs/scenarios.md holds).
 */
#ifndef LH_GEN_SCENARIO_H
#define LH_GEN_SCENARIO_H

#include <stddef.h>
#include <stdio.h>

/* The real actors behind leases (truth file `kind`). Benign kinds first, then fake-identity
 * kinds (label 1), from GK_FAKE_CARD on. The names are stable strings (gen_kind_name). */
typedef enum gen_kind {
    GK_SINGLE,       /* one person, usually one lease */
    GK_REPEAT,       /* one person, many leases under one name with variations */
    GK_HOUSEHOLD,    /* 2-4 persons, one family name and address, often one card */
    GK_COMPANY,      /* employees, one corporate card, domain, address and office network */
    GK_CAMPUS,       /* a student behind a university's NAT addresses, dorm address */
    GK_MOBILE_NAT,   /* a person signing up through a carrier's CGNAT pool */
    GK_VPN_USER,     /* a person signing up through commercial VPN exits */
    GK_RESELLER,     /* one account renting many servers, sometimes in customers' names */
    GK_FAKE_CARD,    /* personas sharing one payment instrument */
    GK_FAKE_DEVICE,  /* personas sharing one device, paying with new prepaid cards */
    GK_FAKE_IPBLOCK, /* personas from one /24, paying with crypto or prepaid */
    GK_FAKE_PHONE,   /* personas sharing one phone number, formatted differently */
    GK_FAKE_MAILBOX, /* personas sharing one mailbox (Gmail dots/+tags, or a catch-all domain) */
    GK_FAKE_SLOW,    /* any sharing style, leases months apart */
    GK_FAKE_BURST,   /* any sharing style, all leases within hours to days */
    GK_FAKE_TICK,    /* DESIGN.md's case: Japanese personas, traits shared in a chain */
    GK_COUNT
} gen_kind;

#define GK_FIRST_FAKE GK_FAKE_CARD

static inline int gen_kind_is_fake(int k)
{
    return k >= GK_FIRST_FAKE && k < GK_COUNT;
}
const char *gen_kind_name(int k);

/* Home locales: naming conventions, addresses, phones, mail providers, currencies, regions. */
typedef enum gen_locale_id {
    GL_JP,
    GL_CN,
    GL_KR,
    GL_US,
    GL_GB,
    GL_DE,
    GL_FR,
    GL_ES,
    GL_RU,
    GL_COUNT
} gen_locale_id;

/* Every rate and mix of a scenario. All fields are doubles so that one printer can list them;
 * counts and day spans are written as doubles too. */
typedef struct gen_scenario {
    const char *name;
    const char *summary;
    double mix[GK_COUNT];    /* share of actors by kind (weights, need not sum to 1) */
    double locale[GL_COUNT]; /* share of actors by home locale (weights) */
    double span_days;        /* days the log covers, about: rows stop at exactly N */
    /* benign behaviour */
    double single_again;     /* share of single customers who rent 2-3 times */
    double repeat_leases;    /* mean leases of a repeat customer (>= 2, at most 60) */
    double repeat_gap_days;  /* mean days between a repeat customer's leases */
    double repeat_burst;     /* share of a repeat customer's leases within a day of the last */
    double household_leases; /* mean leases per household member */
    double company_alpha;    /* Pareto tail index of company size (2..200 employees) */
    double company_leases;   /* mean leases per employee */
    double reseller_alpha;   /* Pareto tail index of a reseller's lease count (10..300) */
    double crowd_leases;     /* expected leases per crowd address (CGNAT, VPN exit, campus) */
    /* hard negatives */
    double typo;               /* per lease of a repeat customer: a one-character edit */
    double name_order;         /* per lease: name in another order, or first/last swapped */
    double name_case;          /* per lease: name in other letter case */
    double script_switch;      /* per lease of a CJK/Cyrillic name: the other script */
    double second_email;       /* share of repeat customers with a second e-mail */
    double second_account;     /* share of repeat customers with a second account */
    double moved;              /* share of repeat customers who move house once */
    double household_card;     /* share of households paying with one shared card */
    double company_account;    /* share of companies using one shared account */
    double reseller_names;     /* share of resellers typing end customers' names */
    double campus_mail;        /* share of students using the university's mail domain */
    double crowd_again;        /* share of crowd customers (campus, NAT, VPN) renting 2-3 times */
    double crowd_route;        /* per lease of a crowd customer: through the crowd's addresses */
    double household_account;  /* share of households sharing one account */
    double household_device;   /* share of households with one family computer */
    double company_two_cards;  /* share of companies with two corporate cards */
    double company_bank;       /* share of companies paying by bank transfer */
    double company_phone;      /* share of companies whose staff give the office number */
    double home_office;        /* per company lease: signed up from the employee's home */
    double end_customer_lease; /* per lease of a name-typing reseller: a customer's name */
    double second_email_use;   /* per lease of a customer with a second e-mail: that one */
    double second_account_use; /* per lease after opening a second account: that one */
    /* details of every customer */
    double pay_usd;          /* share of customers outside the US paying in US dollars */
    double region_near;      /* per lease: a data-centre region near home */
    double plan_change;      /* per lease: another plan than the customer's usual one */
    double phone_reformat;   /* per lease: the phone typed in another format than usual */
    double phone_skip;       /* per lease: a customer with a phone leaves it out */
    double card_life_days;   /* days until a card is renewed (a new payment_fp) */
    double device_life_days; /* days until a device is replaced */
    /* surface signals of benign customers */
    double freemail;   /* share of individuals on free-mail (others: ISP mail) */
    double disposable; /* share of benign persons with a disposable e-mail address */
    double vpn;        /* share of other benign leases made through a VPN exit */
    double mobile;     /* share of other benign leases made from a carrier's CGNAT pool */
    double travel;     /* share of benign leases from a residential IP in another country */
    double tor;        /* share of benign leases made through Tor */
    double ipv6;       /* share of homes signing up over IPv6 */
    double pay_card, pay_paypal, pay_bank, pay_prepaid, pay_crypto, pay_other; /* payment mix */
    double no_phone;  /* share of leases without a phone number */
    double no_device; /* share of leases without a device fingerprint */
    double dob;       /* share of leases with a date of birth */
    double id_number; /* share of leases with an identity document number */
    /* fake-identity actors */
    double fraud_leases_min, fraud_leases_max; /* leases per fake actor (uniform) */
    double fraud_gap_days;     /* mean days between an ordinary fake actor's leases */
    double slow_gap_days;      /* mean days between a fake_slow actor's leases */
    double burst_hours;        /* longest window of a fake_burst actor's leases, hours */
    double tick_gap_days;      /* mean days between a fake_tick actor's leases */
    double careful;            /* share of fake actors that are careful: one trait, clean signals */
    double throwaway;          /* per lease of a careless fake actor: each throwaway signal */
    double leak;               /* per lease of a careless fake actor: a second shared trait */
    double persona_abroad;     /* per persona: named and billed in another locale than home */
    double fraud_gmail;        /* share of mailbox-sharing fake actors using Gmail variants */
    double fraud_prepaid_card; /* share of careless card-sharing actors on a prepaid card */
    double fraud_hosting;      /* share of careless /24-sharing actors in a hosting block */
} gen_scenario;

/* The scenario called name, or NULL. */
const gen_scenario *gen_scenario_find(const char *name);
const gen_scenario *gen_scenarios(size_t *count);
/* Writes the table of every scenario as a markdown document. */
void gen_scenarios_print(FILE *f);

#endif
