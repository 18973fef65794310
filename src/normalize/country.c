/* country.c: countries and phone numbers (see normalize.h).
 *
 * One table row per country: ISO 3166-1 alpha-2 and alpha-3, the ITU-T E.164 calling code, the
 * national trunk prefix dialled before a national number (ITU-T E.164 national numbering plans,
 * "0" in most of Europe and Asia, "1" in the North American plan, "8" in Russia and Kazakhstan,
 * "06" in Hungary, none where the leading digit belongs to the number, as in Italy or Spain) and
 * the English short name. Lookup is a linear scan over ~130 rows, done once per distinct value by
 * the ingest stage's caches, never per row.
 */
#include "normalize/normalize.h"

#include <string.h>
#include <strings.h>

typedef struct country {
    const char *a2, *a3, *code, *trunk, *name;
} country;

static const country countries[] = {
    {"AD", "AND", "376", "", "Andorra"},        {"AE", "ARE", "971", "0", "United Arab Emirates"},
    {"AF", "AFG", "93", "0", "Afghanistan"},    {"AL", "ALB", "355", "0", "Albania"},
    {"AM", "ARM", "374", "0", "Armenia"},       {"AR", "ARG", "54", "0", "Argentina"},
    {"AT", "AUT", "43", "0", "Austria"},        {"AU", "AUS", "61", "0", "Australia"},
    {"AZ", "AZE", "994", "0", "Azerbaijan"},    {"BA", "BIH", "387", "0", "Bosnia and Herzegovina"},
    {"BD", "BGD", "880", "0", "Bangladesh"},    {"BE", "BEL", "32", "0", "Belgium"},
    {"BG", "BGR", "359", "0", "Bulgaria"},      {"BH", "BHR", "973", "", "Bahrain"},
    {"BO", "BOL", "591", "0", "Bolivia"},       {"BR", "BRA", "55", "0", "Brazil"},
    {"BY", "BLR", "375", "8", "Belarus"},       {"CA", "CAN", "1", "1", "Canada"},
    {"CH", "CHE", "41", "0", "Switzerland"},    {"CL", "CHL", "56", "", "Chile"},
    {"CN", "CHN", "86", "0", "China"},          {"CO", "COL", "57", "", "Colombia"},
    {"CR", "CRI", "506", "", "Costa Rica"},     {"CY", "CYP", "357", "", "Cyprus"},
    {"CZ", "CZE", "420", "", "Czechia"},        {"DE", "DEU", "49", "0", "Germany"},
    {"DK", "DNK", "45", "", "Denmark"},         {"DO", "DOM", "1", "1", "Dominican Republic"},
    {"DZ", "DZA", "213", "0", "Algeria"},       {"EC", "ECU", "593", "0", "Ecuador"},
    {"EE", "EST", "372", "", "Estonia"},        {"EG", "EGY", "20", "0", "Egypt"},
    {"ES", "ESP", "34", "", "Spain"},           {"ET", "ETH", "251", "0", "Ethiopia"},
    {"FI", "FIN", "358", "0", "Finland"},       {"FR", "FRA", "33", "0", "France"},
    {"GB", "GBR", "44", "0", "United Kingdom"}, {"GE", "GEO", "995", "0", "Georgia"},
    {"GH", "GHA", "233", "0", "Ghana"},         {"GR", "GRC", "30", "", "Greece"},
    {"GT", "GTM", "502", "", "Guatemala"},      {"HK", "HKG", "852", "", "Hong Kong"},
    {"HR", "HRV", "385", "0", "Croatia"},       {"HU", "HUN", "36", "06", "Hungary"},
    {"ID", "IDN", "62", "0", "Indonesia"},      {"IE", "IRL", "353", "0", "Ireland"},
    {"IL", "ISR", "972", "0", "Israel"},        {"IN", "IND", "91", "0", "India"},
    {"IQ", "IRQ", "964", "0", "Iraq"},          {"IR", "IRN", "98", "0", "Iran"},
    {"IS", "ISL", "354", "", "Iceland"},        {"IT", "ITA", "39", "", "Italy"},
    {"JM", "JAM", "1", "1", "Jamaica"},         {"JO", "JOR", "962", "0", "Jordan"},
    {"JP", "JPN", "81", "0", "Japan"},          {"KE", "KEN", "254", "0", "Kenya"},
    {"KG", "KGZ", "996", "0", "Kyrgyzstan"},    {"KH", "KHM", "855", "0", "Cambodia"},
    {"KP", "PRK", "850", "", "North Korea"},    {"KR", "KOR", "82", "0", "South Korea"},
    {"KW", "KWT", "965", "", "Kuwait"},         {"KZ", "KAZ", "7", "8", "Kazakhstan"},
    {"LA", "LAO", "856", "0", "Laos"},          {"LB", "LBN", "961", "0", "Lebanon"},
    {"LI", "LIE", "423", "", "Liechtenstein"},  {"LK", "LKA", "94", "0", "Sri Lanka"},
    {"LT", "LTU", "370", "8", "Lithuania"},     {"LU", "LUX", "352", "", "Luxembourg"},
    {"LV", "LVA", "371", "", "Latvia"},         {"MA", "MAR", "212", "0", "Morocco"},
    {"MC", "MCO", "377", "", "Monaco"},         {"MD", "MDA", "373", "0", "Moldova"},
    {"ME", "MNE", "382", "0", "Montenegro"},    {"MK", "MKD", "389", "0", "North Macedonia"},
    {"MM", "MMR", "95", "0", "Myanmar"},        {"MN", "MNG", "976", "0", "Mongolia"},
    {"MO", "MAC", "853", "", "Macao"},          {"MT", "MLT", "356", "", "Malta"},
    {"MX", "MEX", "52", "", "Mexico"},          {"MY", "MYS", "60", "0", "Malaysia"},
    {"NG", "NGA", "234", "0", "Nigeria"},       {"NL", "NLD", "31", "0", "Netherlands"},
    {"NO", "NOR", "47", "", "Norway"},          {"NP", "NPL", "977", "0", "Nepal"},
    {"NZ", "NZL", "64", "0", "New Zealand"},    {"OM", "OMN", "968", "", "Oman"},
    {"PA", "PAN", "507", "", "Panama"},         {"PE", "PER", "51", "0", "Peru"},
    {"PH", "PHL", "63", "0", "Philippines"},    {"PK", "PAK", "92", "0", "Pakistan"},
    {"PL", "POL", "48", "", "Poland"},          {"PR", "PRI", "1", "1", "Puerto Rico"},
    {"PT", "PRT", "351", "", "Portugal"},       {"PY", "PRY", "595", "0", "Paraguay"},
    {"QA", "QAT", "974", "", "Qatar"},          {"RO", "ROU", "40", "0", "Romania"},
    {"RS", "SRB", "381", "0", "Serbia"},        {"RU", "RUS", "7", "8", "Russia"},
    {"SA", "SAU", "966", "0", "Saudi Arabia"},  {"SE", "SWE", "46", "0", "Sweden"},
    {"SG", "SGP", "65", "", "Singapore"},       {"SI", "SVN", "386", "0", "Slovenia"},
    {"SK", "SVK", "421", "0", "Slovakia"},      {"SY", "SYR", "963", "0", "Syria"},
    {"TH", "THA", "66", "0", "Thailand"},       {"TJ", "TJK", "992", "8", "Tajikistan"},
    {"TM", "TKM", "993", "8", "Turkmenistan"},  {"TN", "TUN", "216", "", "Tunisia"},
    {"TR", "TUR", "90", "0", "Turkey"},         {"TT", "TTO", "1", "1", "Trinidad and Tobago"},
    {"TW", "TWN", "886", "0", "Taiwan"},        {"TZ", "TZA", "255", "0", "Tanzania"},
    {"UA", "UKR", "380", "0", "Ukraine"},       {"UG", "UGA", "256", "0", "Uganda"},
    {"US", "USA", "1", "1", "United States"},   {"UY", "URY", "598", "0", "Uruguay"},
    {"UZ", "UZB", "998", "8", "Uzbekistan"},    {"VE", "VEN", "58", "0", "Venezuela"},
    {"VN", "VNM", "84", "0", "Vietnam"},        {"YE", "YEM", "967", "0", "Yemen"},
    {"ZA", "ZAF", "27", "0", "South Africa"},   {"ZW", "ZWE", "263", "0", "Zimbabwe"},
};

#define N_COUNTRIES (sizeof countries / sizeof *countries)

static const country *by_alpha2(const char *a2)
{
    for (size_t i = 0; i < N_COUNTRIES; i++)
        if (countries[i].a2[0] == a2[0] && countries[i].a2[1] == a2[1])
            return &countries[i];
    return NULL;
}

static const char *const other_names[][2] = {
    {"UK", "GB"},
    {"USA", "US"},
    {"UNITED STATES OF AMERICA", "US"},
    {"KOREA", "KR"},
    {"REPUBLIC OF KOREA", "KR"},
    {"RUSSIAN FEDERATION", "RU"},
    {"CZECH REPUBLIC", "CZ"},
    {"VIET NAM", "VN"},
    {"HOLLAND", "NL"},
    {"GREAT BRITAIN", "GB"},
    {"ENGLAND", "GB"},
    {"DEUTSCHLAND", "DE"},
    {"NIPPON", "JP"},
    {"日本", "JP"},
    {"中国", "CN"},
    {"大韩民国", "KR"},
    {"한국", "KR"},
    {"대한민국", "KR"},
    {"台灣", "TW"},
    {"台湾", "TW"},
    {"香港", "HK"},
};

static size_t country_lookup(const char *s, size_t n, char *out);

/* A direct-mapped cache of recent answers, per thread: exports repeat a handful of countries
 * millions of times, and the table scan below costs a few hundred comparisons. */
#define COUNTRY_CACHE 64
typedef struct country_cache_entry {
    char raw[24];
    unsigned char len;
    char out[3];
} country_cache_entry;
static _Thread_local country_cache_entry country_cache[COUNTRY_CACHE];

size_t country_normalize(const char *s, size_t n, char *out)
{
    if (n == 0 || n >= sizeof country_cache[0].raw)
        return country_lookup(s, n, out);
    unsigned h = 0;
    for (size_t i = 0; i < n; i++)
        h = h * 31 + (unsigned char)s[i];
    country_cache_entry *e = &country_cache[h % COUNTRY_CACHE];
    if (e->len == n && memcmp(e->raw, s, n) == 0) {
        memcpy(out, e->out, 3);
        return out[0] ? 2 : 0;
    }
    size_t k = country_lookup(s, n, out);
    memcpy(e->raw, s, n);
    e->len = (unsigned char)n;
    memcpy(e->out, k ? out : "\0\0", 3);
    return k;
}

static size_t country_lookup(const char *s, size_t n, char *out)
{
    while (n > 0 && (*s == ' ' || *s == '\t'))
        s++, n--;
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    out[0] = '\0';
    if (n == 0 || n >= 64)
        return 0;
    char up[64];
    for (size_t i = 0; i < n; i++)
        up[i] = (char)((s[i] >= 'a' && s[i] <= 'z') ? s[i] - 32 : s[i]);
    up[n] = '\0';
    const char *a2 = NULL;
    for (size_t i = 0; i < N_COUNTRIES && !a2; i++) {
        const country *c = &countries[i];
        if ((n == 2 && memcmp(up, c->a2, 2) == 0) || (n == 3 && memcmp(up, c->a3, 3) == 0) ||
            strcasecmp(up, c->name) == 0)
            a2 = c->a2;
    }
    for (size_t i = 0; i < sizeof other_names / sizeof *other_names && !a2; i++)
        if (strcmp(up, other_names[i][0]) == 0)
            a2 = other_names[i][1];
    if (a2 == NULL && n == 2 && up[0] >= 'A' && up[0] <= 'Z' && up[1] >= 'A' && up[1] <= 'Z')
        a2 = up; /* a well-formed code we have no row for is still a country */
    if (a2 == NULL)
        return 0;
    out[0] = a2[0];
    out[1] = a2[1];
    out[2] = '\0';
    return 2;
}

static int starts_with(const char *s, size_t n, const char *prefix)
{
    size_t k = strlen(prefix);
    return k <= n && memcmp(s, prefix, k) == 0;
}

size_t phone_normalize(const char *s, size_t n, const char *cc, char *out)
{
    char digits[32];
    size_t nd = 0;
    int plus = 0, seen_digit = 0;
    out[0] = '\0';
    while (n > 0 && (*s == ' ' || *s == '\t'))
        s++, n--;
    if (n >= 4 && strncasecmp(s, "tel:", 4) == 0) /* a tel: URI (RFC 3966) */
        s += 4, n -= 4;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c >= '0' && c <= '9') {
            if (nd >= sizeof digits - 1)
                return 0;
            digits[nd++] = c;
            seen_digit = 1;
        } else if (c == '+' && !seen_digit) {
            plus = 1;
        } else if (c == 'x' || c == 'X' || c == '#' || c == 'e' || c == 'E' || c == ';' ||
                   c == ',') {
            break; /* extension or second number */
        } else if (c == ' ' || c == '-' || c == '.' || c == '(' || c == ')' || c == '/' ||
                   c == '\t') {
            continue;
        } else {
            return 0; /* letters or symbols: not a phone number */
        }
    }
    digits[nd] = '\0';
    const char *d = digits;
    const country *c = (cc && cc[0] && cc[1]) ? by_alpha2(cc) : NULL;
    char buf[40];
    if (plus) {
        /* already international */
    } else if (starts_with(d, nd, "00")) {
        d += 2, nd -= 2;
    } else if (c && strcmp(c->code, "1") == 0 && starts_with(d, nd, "011")) {
        d += 3, nd -= 3;
    } else if (c) {
        size_t tl = strlen(c->trunk);
        if (tl && starts_with(d, nd, c->trunk) && !(strcmp(c->code, "1") == 0 && nd == 10)) {
            d += tl, nd -= tl;
        } else if (tl && starts_with(d, nd, c->code) && nd >= 10) {
            goto done; /* typed with its country code but without '+' */
        }
        size_t cl = strlen(c->code);
        memcpy(buf, c->code, cl);
        memcpy(buf + cl, d, nd);
        nd += cl;
        buf[nd] = '\0';
        d = buf;
    }
done:
    if (nd < 6 || nd > 15)
        return 0;
    memcpy(out, d, nd);
    out[nd] = '\0';
    return nd;
}
