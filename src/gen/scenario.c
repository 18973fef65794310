/* scenario.c: the scenario table and its markdown printer.
 *
 * scenarios[] is the one place where a rate or a mix of the generator is written down; the
 * generator reads nothing else. params[] names every field of gen_scenario once, with the
 * sentence that explains it, so that `gen --list-scenarios` (and docs/scenarios.md, a copy of
 * its output checked by a test) always shows the values the code uses.
 *
 * Calibration notes. Kinds are mixed by actors; a kind's share of leases follows from its lease
 * counts (repeat customers and resellers rent many servers, most singles one). With the default
 * mix about 1.5% of leases belong to fake-identity actors; the measured shares are in
 * datasets/README.md. Benign surface-signal rates follow the ranges a hosting provider sees:
 * a few percent disposable mail, VPN sign-ups, prepaid and crypto payment, country mismatch.
 */
#include "gen/scenario.h"

#include <stddef.h>
#include <string.h>

static const char *const kind_names[GK_COUNT] = {
    "single",       "repeat",    "household",  "company",     "campus",       "mobile_nat",
    "vpn_user",     "reseller",  "fake_card",  "fake_device", "fake_ipblock", "fake_phone",
    "fake_mailbox", "fake_slow", "fake_burst", "fake_tick",
};

const char *gen_kind_name(int k)
{
    return k >= 0 && k < GK_COUNT ? kind_names[k] : "unknown";
}

/* clang-format off */
/* Benign rates shared by default, tick and scale; hard has its own. */
#define BENIGN_SIGNALS                                                                             \
    .freemail = 0.85, .disposable = 0.015, .vpn = 0.025, .mobile = 0.08, .travel = 0.012,         \
    .tor = 0.002, .ipv6 = 0.15, .pay_card = 0.70, .pay_paypal = 0.15, .pay_bank = 0.04,           \
    .pay_prepaid = 0.03, .pay_crypto = 0.04, .pay_other = 0.04, .no_phone = 0.12,                 \
    .no_device = 0.05, .dob = 0.55, .id_number = 0.12

/* Details of customers' behaviour, the same in every scenario but hard. */
#define DETAILS                                                                                    \
    .crowd_again = 0.30, .crowd_route = 0.85, .household_account = 0.30,                          \
    .household_device = 0.30, .company_two_cards = 0.25, .company_bank = 0.30,                     \
    .company_phone = 0.50, .home_office = 0.15, .end_customer_lease = 0.60,                        \
    .second_email_use = 0.35, .second_account_use = 0.70, .pay_usd = 0.12, .region_near = 0.85,   \
    .plan_change = 0.30, .phone_reformat = 0.15, .phone_skip = 0.02, .card_life_days = 1095,       \
    .device_life_days = 540

#define FRAUD_DETAILS .fraud_gmail = 0.60, .fraud_prepaid_card = 0.35, .fraud_hosting = 0.50

static const gen_scenario scenarios[] = {
    {
        .name = "default",
        .summary = "a general hosting provider's customers, worldwide; about 1.5% of leases by "
                   "fake-identity actors of every kind",
        .mix = {[GK_SINGLE] = 0.6317, [GK_REPEAT] = 0.12, [GK_HOUSEHOLD] = 0.04,
                [GK_COMPANY] = 0.012, [GK_CAMPUS] = 0.05, [GK_MOBILE_NAT] = 0.09,
                [GK_VPN_USER] = 0.05, [GK_RESELLER] = 0.002, [GK_FAKE_CARD] = 0.0008,
                [GK_FAKE_DEVICE] = 0.0006, [GK_FAKE_IPBLOCK] = 0.0006, [GK_FAKE_PHONE] = 0.0005,
                [GK_FAKE_MAILBOX] = 0.0006, [GK_FAKE_SLOW] = 0.0005, [GK_FAKE_BURST] = 0.0004,
                [GK_FAKE_TICK] = 0.0003},
        .locale = {[GL_JP] = 0.15, [GL_CN] = 0.12, [GL_KR] = 0.07, [GL_US] = 0.25, [GL_GB] = 0.09,
                   [GL_DE] = 0.12, [GL_FR] = 0.08, [GL_ES] = 0.06, [GL_RU] = 0.06},
        .span_days = 730,
        .single_again = 0.12, .repeat_leases = 7, .repeat_gap_days = 40, .repeat_burst = 0.25,
        .household_leases = 1.5, .company_alpha = 1.1, .company_leases = 1.5,
        .reseller_alpha = 1.2, .crowd_leases = 12,
        .typo = 0.04, .name_order = 0.15, .name_case = 0.10, .script_switch = 0.08,
        .second_email = 0.10, .second_account = 0.08, .moved = 0.10, .household_card = 0.70,
        .company_account = 0.30, .reseller_names = 0.30, .campus_mail = 0.50,
        DETAILS, BENIGN_SIGNALS, FRAUD_DETAILS,
        .fraud_leases_min = 3, .fraud_leases_max = 12, .fraud_gap_days = 10,
        .slow_gap_days = 45, .burst_hours = 96, .tick_gap_days = 21, .careful = 0.35,
        .throwaway = 0.35, .leak = 0.15, .persona_abroad = 0.25,
    },
    {
        .name = "tick",
        .summary = "a Japan-heavy population with a few fake_tick actors (DESIGN.md's motivating "
                   "case) among fewer fake actors of the other kinds",
        .mix = {[GK_SINGLE] = 0.6325, [GK_REPEAT] = 0.12, [GK_HOUSEHOLD] = 0.04,
                [GK_COMPANY] = 0.012, [GK_CAMPUS] = 0.05, [GK_MOBILE_NAT] = 0.09,
                [GK_VPN_USER] = 0.05, [GK_RESELLER] = 0.002, [GK_FAKE_CARD] = 0.0004,
                [GK_FAKE_DEVICE] = 0.0003, [GK_FAKE_IPBLOCK] = 0.0003, [GK_FAKE_PHONE] = 0.0003,
                [GK_FAKE_MAILBOX] = 0.0003, [GK_FAKE_SLOW] = 0.0002, [GK_FAKE_BURST] = 0.0002,
                [GK_FAKE_TICK] = 0.0015},
        .locale = {[GL_JP] = 0.70, [GL_CN] = 0.06, [GL_KR] = 0.05, [GL_US] = 0.08, [GL_GB] = 0.03,
                   [GL_DE] = 0.03, [GL_FR] = 0.02, [GL_ES] = 0.01, [GL_RU] = 0.02},
        .span_days = 730,
        .single_again = 0.12, .repeat_leases = 7, .repeat_gap_days = 40, .repeat_burst = 0.25,
        .household_leases = 1.5, .company_alpha = 1.1, .company_leases = 1.5,
        .reseller_alpha = 1.2, .crowd_leases = 12,
        .typo = 0.04, .name_order = 0.15, .name_case = 0.10, .script_switch = 0.08,
        .second_email = 0.10, .second_account = 0.08, .moved = 0.10, .household_card = 0.70,
        .company_account = 0.30, .reseller_names = 0.30, .campus_mail = 0.50,
        DETAILS, BENIGN_SIGNALS, FRAUD_DETAILS,
        .fraud_leases_min = 3, .fraud_leases_max = 12, .fraud_gap_days = 10,
        .slow_gap_days = 45, .burst_hours = 96, .tick_gap_days = 21, .careful = 0.35,
        .throwaway = 0.35, .leak = 0.15, .persona_abroad = 0.25,
    },
    {
        .name = "hard",
        .summary = "more hard negatives (households, companies, resellers typing customers' "
                   "names, campus and NAT/VPN crowds, more name variation) and more careful "
                   "fake actors: one shared trait, clean signals, fewer and slower leases",
        .mix = {[GK_SINGLE] = 0.457, [GK_REPEAT] = 0.14, [GK_HOUSEHOLD] = 0.08,
                [GK_COMPANY] = 0.025, [GK_CAMPUS] = 0.09, [GK_MOBILE_NAT] = 0.12,
                [GK_VPN_USER] = 0.08, [GK_RESELLER] = 0.005, [GK_FAKE_CARD] = 0.0006,
                [GK_FAKE_DEVICE] = 0.0004, [GK_FAKE_IPBLOCK] = 0.0004, [GK_FAKE_PHONE] = 0.0004,
                [GK_FAKE_MAILBOX] = 0.0004, [GK_FAKE_SLOW] = 0.0006, [GK_FAKE_BURST] = 0.0002,
                [GK_FAKE_TICK] = 0.0004},
        .locale = {[GL_JP] = 0.15, [GL_CN] = 0.12, [GL_KR] = 0.07, [GL_US] = 0.25, [GL_GB] = 0.09,
                   [GL_DE] = 0.12, [GL_FR] = 0.08, [GL_ES] = 0.06, [GL_RU] = 0.06},
        .span_days = 730,
        .single_again = 0.15, .repeat_leases = 9, .repeat_gap_days = 30, .repeat_burst = 0.35,
        .household_leases = 2, .company_alpha = 1.0, .company_leases = 2,
        .reseller_alpha = 1.0, .crowd_leases = 25,
        .typo = 0.08, .name_order = 0.30, .name_case = 0.20, .script_switch = 0.15,
        .second_email = 0.20, .second_account = 0.15, .moved = 0.15, .household_card = 0.85,
        .company_account = 0.40, .reseller_names = 0.70, .campus_mail = 0.60,
        .freemail = 0.85, .disposable = 0.03, .vpn = 0.04, .mobile = 0.10, .travel = 0.035,
        .tor = 0.003, .ipv6 = 0.15, .pay_card = 0.66, .pay_paypal = 0.15, .pay_bank = 0.04,
        .pay_prepaid = 0.05, .pay_crypto = 0.06, .pay_other = 0.04, .no_phone = 0.15,
        .no_device = 0.08, .dob = 0.55, .id_number = 0.12,
        .crowd_again = 0.35, .crowd_route = 0.90, .household_account = 0.40,
        .household_device = 0.40, .company_two_cards = 0.30, .company_bank = 0.30,
        .company_phone = 0.60, .home_office = 0.20, .end_customer_lease = 0.75,
        .second_email_use = 0.40, .second_account_use = 0.70, .pay_usd = 0.12,
        .region_near = 0.85, .plan_change = 0.30, .phone_reformat = 0.25, .phone_skip = 0.03,
        .card_life_days = 1095, .device_life_days = 540, FRAUD_DETAILS,
        .fraud_leases_min = 3, .fraud_leases_max = 6, .fraud_gap_days = 30,
        .slow_gap_days = 75, .burst_hours = 96, .tick_gap_days = 35, .careful = 0.80,
        .throwaway = 0.20, .leak = 0.05, .persona_abroad = 0.15,
    },
    {
        .name = "scale",
        .summary = "the default mix for benchmarks at 10^6-10^8 leases: a longer log and larger "
                   "crowds per shared address",
        .mix = {[GK_SINGLE] = 0.6317, [GK_REPEAT] = 0.12, [GK_HOUSEHOLD] = 0.04,
                [GK_COMPANY] = 0.012, [GK_CAMPUS] = 0.05, [GK_MOBILE_NAT] = 0.09,
                [GK_VPN_USER] = 0.05, [GK_RESELLER] = 0.002, [GK_FAKE_CARD] = 0.0008,
                [GK_FAKE_DEVICE] = 0.0006, [GK_FAKE_IPBLOCK] = 0.0006, [GK_FAKE_PHONE] = 0.0005,
                [GK_FAKE_MAILBOX] = 0.0006, [GK_FAKE_SLOW] = 0.0005, [GK_FAKE_BURST] = 0.0004,
                [GK_FAKE_TICK] = 0.0003},
        .locale = {[GL_JP] = 0.15, [GL_CN] = 0.12, [GL_KR] = 0.07, [GL_US] = 0.25, [GL_GB] = 0.09,
                   [GL_DE] = 0.12, [GL_FR] = 0.08, [GL_ES] = 0.06, [GL_RU] = 0.06},
        .span_days = 1825,
        .single_again = 0.12, .repeat_leases = 7, .repeat_gap_days = 40, .repeat_burst = 0.25,
        .household_leases = 1.5, .company_alpha = 1.1, .company_leases = 1.5,
        .reseller_alpha = 1.2, .crowd_leases = 40,
        .typo = 0.04, .name_order = 0.15, .name_case = 0.10, .script_switch = 0.08,
        .second_email = 0.10, .second_account = 0.08, .moved = 0.10, .household_card = 0.70,
        .company_account = 0.30, .reseller_names = 0.30, .campus_mail = 0.50,
        DETAILS, BENIGN_SIGNALS, FRAUD_DETAILS,
        .fraud_leases_min = 3, .fraud_leases_max = 12, .fraud_gap_days = 10,
        .slow_gap_days = 45, .burst_hours = 96, .tick_gap_days = 21, .careful = 0.35,
        .throwaway = 0.35, .leak = 0.15, .persona_abroad = 0.25,
    },
};

#define N_SCENARIOS (sizeof scenarios / sizeof *scenarios)

typedef struct param {
    const char *name;
    size_t offset;
    const char *meaning;
} param;

#define P(field, text) {#field, offsetof(gen_scenario, field), text}
#define MIX(kind, name, text) {"mix." #name, offsetof(gen_scenario, mix) + GK_##kind * sizeof(double), text}
#define LOC(id, name, text) {"locale." #name, offsetof(gen_scenario, locale) + GL_##id * sizeof(double), text}

static const param params[] = {
    MIX(SINGLE, single, "share of actors: `single`, one person, usually one lease"),
    MIX(REPEAT, repeat, "`repeat`: one person renting many servers under one name, with variations"),
    MIX(HOUSEHOLD, household, "`household`: 2-4 persons, one family name and address, home IP, often one card"),
    MIX(COMPANY, company, "`company`: 2-200 employees, corporate card, domain, address, office /24"),
    MIX(CAMPUS, campus, "`campus`: a student behind university NAT addresses, shared dorm address"),
    MIX(MOBILE_NAT, mobile_nat, "`mobile_nat`: a person signing up from a carrier's CGNAT pool"),
    MIX(VPN_USER, vpn_user, "`vpn_user`: a person signing up through commercial VPN exits"),
    MIX(RESELLER, reseller, "`reseller`: one account renting 10-300 servers, sometimes in customers' names"),
    MIX(FAKE_CARD, fake_card, "`fake_card`: personas sharing one payment instrument"),
    MIX(FAKE_DEVICE, fake_device, "`fake_device`: personas sharing one device, new prepaid card each"),
    MIX(FAKE_IPBLOCK, fake_ipblock, "`fake_ipblock`: personas from one /24, crypto or prepaid"),
    MIX(FAKE_PHONE, fake_phone, "`fake_phone`: personas sharing one phone number, formatted differently"),
    MIX(FAKE_MAILBOX, fake_mailbox, "`fake_mailbox`: personas sharing one mailbox (Gmail dots/+tags, catch-all)"),
    MIX(FAKE_SLOW, fake_slow, "`fake_slow`: any sharing style, leases months apart"),
    MIX(FAKE_BURST, fake_burst, "`fake_burst`: any sharing style, leases within hours to days"),
    MIX(FAKE_TICK, fake_tick, "`fake_tick`: Japanese personas, ~5 leases, card/device/office /24/phone shared in a chain"),
    LOC(JP, jp, "share of actors at home in Japan (kanji, kana or romanised names)"),
    LOC(CN, cn, "China (hanzi or pinyin names)"),
    LOC(KR, kr, "South Korea (hangul or romanised names)"),
    LOC(US, us, "United States"),
    LOC(GB, gb, "United Kingdom"),
    LOC(DE, de, "Germany"),
    LOC(FR, fr, "France"),
    LOC(ES, es, "Spain (two family names)"),
    LOC(RU, ru, "Russia (Cyrillic or Latin names, feminine family-name forms)"),
    P(span_days, "days the log covers, about (rows stop at exactly N; the log starts 2023-01-01)"),
    P(single_again, "share of single customers who rent 2-3 times"),
    P(repeat_leases, "mean leases of a repeat customer (at least 2, at most 60)"),
    P(repeat_gap_days, "mean days between a repeat customer's leases"),
    P(repeat_burst, "share of a repeat customer's leases ordered within a day of the previous"),
    P(household_leases, "mean leases per household member"),
    P(company_alpha, "Pareto tail index of company size (2-200 employees)"),
    P(company_leases, "mean leases per employee"),
    P(reseller_alpha, "Pareto tail index of a reseller's lease count (10-300)"),
    P(crowd_leases, "expected leases per shared crowd address (CGNAT, VPN exit, campus NAT)"),
    P(typo, "per lease of a repeat customer: a one-character edit in the name"),
    P(name_order, "per lease: name in another order (`YAMADA Taro`) or first/last fields swapped"),
    P(name_case, "per lease: name in other letter case"),
    P(script_switch, "per lease of a CJK or Cyrillic name: written in the other script"),
    P(second_email, "share of repeat customers who sometimes use a second e-mail address"),
    P(second_account, "share of repeat customers who open a second account"),
    P(moved, "share of repeat customers who move house once"),
    P(household_card, "share of households paying with one shared card"),
    P(company_account, "share of companies using one shared account"),
    P(reseller_names, "share of resellers typing end customers' names in the name fields"),
    P(campus_mail, "share of students using the university's mail domain"),
    P(crowd_again, "share of crowd customers (campus, mobile_nat, vpn_user) renting 2-3 times"),
    P(crowd_route, "per lease of a crowd customer: made through the crowd's shared addresses"),
    P(household_account, "share of households sharing one account"),
    P(household_device, "share of households with one family computer"),
    P(company_two_cards, "share of companies with two corporate cards (the others: one)"),
    P(company_bank, "share of companies paying by bank transfer (the others: card)"),
    P(company_phone, "share of companies whose staff give the office number"),
    P(home_office, "per company lease: signed up from the employee's home line"),
    P(end_customer_lease, "per lease of a name-typing reseller: an end customer's name"),
    P(second_email_use, "per lease of a customer with a second e-mail: the second one"),
    P(second_account_use, "per lease after a second account was opened: the second one"),
    P(pay_usd, "share of customers outside the US paying in US dollars"),
    P(region_near, "per lease: a data-centre region near home (the others: anywhere)"),
    P(plan_change, "per lease: another plan than the customer's usual one"),
    P(phone_reformat, "per lease: the phone typed in another format than the person's usual"),
    P(phone_skip, "per lease: a customer who has given a phone leaves it out"),
    P(card_life_days, "days until a card is renewed (a new payment_fp)"),
    P(device_life_days, "days until a device is replaced (a new device_fp)"),
    P(freemail, "share of individuals on free-mail (the others: a work or own domain)"),
    P(disposable, "share of benign persons with a disposable e-mail domain"),
    P(vpn, "share of other benign leases made through a VPN exit"),
    P(mobile, "share of other benign leases made from a carrier's CGNAT pool"),
    P(travel, "share of benign leases from a residential IP in another country"),
    P(tor, "share of benign leases made through Tor"),
    P(ipv6, "share of homes signing up over IPv6"),
    P(pay_card, "payment mix of benign persons: card"),
    P(pay_paypal, "PayPal"),
    P(pay_bank, "bank transfer"),
    P(pay_prepaid, "prepaid card (a new one each lease)"),
    P(pay_crypto, "crypto-currency"),
    P(pay_other, "other"),
    P(no_phone, "share of benign leases without a phone number"),
    P(no_device, "share of leases without a device fingerprint"),
    P(dob, "share of leases with a date of birth"),
    P(id_number, "share of leases with an identity document number"),
    P(fraud_leases_min, "fewest leases of a fake actor (fake_tick: 4-6)"),
    P(fraud_leases_max, "most leases of a fake actor"),
    P(fraud_gap_days, "mean days between an ordinary fake actor's leases"),
    P(slow_gap_days, "mean days between a fake_slow actor's leases"),
    P(burst_hours, "longest window of a fake_burst actor's leases, in hours"),
    P(tick_gap_days, "mean days between a fake_tick actor's leases"),
    P(careful, "share of fake actors that are careful: one shared trait, clean free-mail, card, residential IP, matching country (fake_phone, fake_mailbox and fake_tick always are)"),
    P(throwaway, "per lease of a careless fake actor: chance of each throwaway signal (disposable mail, VPN/Tor/proxy/hosting IP, prepaid/crypto, no phone)"),
    P(leak, "per lease of a careless fake actor: chance of reusing a second trait (device or /24)"),
    P(persona_abroad, "per persona: named and billed in the one other locale the actor uses"),
    P(fraud_gmail, "share of mailbox-sharing fake actors using Gmail dots/+tags (the others: a catch-all domain)"),
    P(fraud_prepaid_card, "share of careless card-sharing fake actors whose one instrument is a prepaid card"),
    P(fraud_hosting, "share of careless /24-sharing fake actors in a hosting block (the others: an office)"),
};

/* clang-format on */

/* Every field of gen_scenario after the two strings is a double listed in params[]. */
_Static_assert(sizeof params / sizeof *params ==
                   (sizeof(gen_scenario) - offsetof(gen_scenario, mix)) / sizeof(double),
               "every scenario field has a row in params[]");

const gen_scenario *gen_scenario_find(const char *name)
{
    for (size_t i = 0; i < N_SCENARIOS; i++)
        if (strcmp(scenarios[i].name, name) == 0)
            return &scenarios[i];
    return NULL;
}

const gen_scenario *gen_scenarios(size_t *count)
{
    *count = N_SCENARIOS;
    return scenarios;
}

static double value(const gen_scenario *s, const param *p)
{
    double v;
    memcpy(&v, (const char *)s + p->offset, sizeof v);
    return v;
}

void gen_scenarios_print(FILE *f)
{
    fprintf(f, "# Scenarios of `leasehound gen`\n\n");
    fprintf(f, "Generated by `leasehound gen --list-scenarios` from the table in "
               "`src/gen/scenario.c`; a test checks that this file is its exact output.\n\n");
    for (size_t i = 0; i < N_SCENARIOS; i++)
        fprintf(f, "- `%s`: %s.\n", scenarios[i].name, scenarios[i].summary);
    fprintf(f, "\nShares are weights over actors (a kind's share of leases follows from its "
               "lease counts); rates marked \"per lease\" apply to each lease independently.\n\n");
    fprintf(f, "| parameter |");
    for (size_t i = 0; i < N_SCENARIOS; i++)
        fprintf(f, " %s |", scenarios[i].name);
    fprintf(f, " meaning |\n|---|");
    for (size_t i = 0; i < N_SCENARIOS; i++)
        fprintf(f, "--:|");
    fprintf(f, "---|\n");
    for (size_t p = 0; p < sizeof params / sizeof *params; p++) {
        fprintf(f, "| `%s` |", params[p].name);
        for (size_t i = 0; i < N_SCENARIOS; i++)
            fprintf(f, " %g |", value(&scenarios[i], &params[p]));
        fprintf(f, " %s |\n", params[p].meaning);
    }
}
