/* category.c: payment types and IP kinds (see normalize.h). Matching is case-insensitive on the
 * trimmed value; the synonym lists cover what billing systems commonly write (WHMCS gateway names
 * such as "paypal", "stripe", "banktransfer", "coinpayments"). */
#include "normalize/normalize.h"

#include <string.h>

typedef struct synonym {
    const char *word;
    int value;
} synonym;

static const synonym payment_words[] = {
    {"card", PAY_CARD},
    {"credit", PAY_CARD},
    {"creditcard", PAY_CARD},
    {"credit card", PAY_CARD},
    {"debit", PAY_CARD},
    {"visa", PAY_CARD},
    {"mastercard", PAY_CARD},
    {"amex", PAY_CARD},
    {"jcb", PAY_CARD},
    {"stripe", PAY_CARD},
    {"cc", PAY_CARD},
    {"debit card", PAY_CARD},
    {"apple pay", PAY_CARD},
    {"google pay", PAY_CARD},
    {"paypal", PAY_PAYPAL},
    {"crypto", PAY_CRYPTO},
    {"bitcoin", PAY_CRYPTO},
    {"btc", PAY_CRYPTO},
    {"eth", PAY_CRYPTO},
    {"usdt", PAY_CRYPTO},
    {"monero", PAY_CRYPTO},
    {"xmr", PAY_CRYPTO},
    {"coinpayments", PAY_CRYPTO},
    {"cryptocurrency", PAY_CRYPTO},
    {"bitpay", PAY_CRYPTO},
    {"litecoin", PAY_CRYPTO},
    {"ltc", PAY_CRYPTO},
    {"ethereum", PAY_CRYPTO},
    {"usdc", PAY_CRYPTO},
    {"bank", PAY_BANK},
    {"banktransfer", PAY_BANK},
    {"bank transfer", PAY_BANK},
    {"wire", PAY_BANK},
    {"sepa", PAY_BANK},
    {"ach", PAY_BANK},
    {"iban", PAY_BANK},
    {"invoice", PAY_BANK},
    {"prepaid", PAY_PREPAID},
    {"prepaid card", PAY_PREPAID},
    {"giftcard", PAY_PREPAID},
    {"gift card", PAY_PREPAID},
    {"voucher", PAY_PREPAID},
    {"paysafecard", PAY_PREPAID},
    {"other", PAY_OTHER},
};

static const char *const payment_names[PAY_COUNT] = {"",     "card",    "paypal", "crypto",
                                                     "bank", "prepaid", "other"};

/* The kinds, and the words for them in the usage types of common IP-intelligence exports
 * (MaxMind's user_type and connection_type, IP2Location's usage type codes, IPinfo's type):
 * '_' and '-' match a space. An institution's network (a school, a library, a government
 * office) is `business`: an organisation's, like an office; a public hotspot (MaxMind's cafe,
 * traveler) is left unknown. */
static const synonym ip_words[] = {
    {"residential", IPK_RESIDENTIAL},
    {"isp", IPK_RESIDENTIAL},
    {"home", IPK_RESIDENTIAL},
    {"consumer", IPK_RESIDENTIAL},
    {"broadband", IPK_RESIDENTIAL},
    {"dialup", IPK_RESIDENTIAL},
    {"cable/dsl", IPK_RESIDENTIAL},
    {"satellite", IPK_RESIDENTIAL},
    {"mobile", IPK_MOBILE},
    {"cellular", IPK_MOBILE},
    {"mob", IPK_MOBILE},
    {"isp/mob", IPK_MOBILE},
    {"business", IPK_BUSINESS},
    {"corporate", IPK_BUSINESS},
    {"commercial", IPK_BUSINESS},
    {"com", IPK_BUSINESS},
    {"org", IPK_BUSINESS},
    {"organization", IPK_BUSINESS},
    {"education", IPK_BUSINESS},
    {"edu", IPK_BUSINESS},
    {"college", IPK_BUSINESS},
    {"school", IPK_BUSINESS},
    {"university", IPK_BUSINESS},
    {"government", IPK_BUSINESS},
    {"gov", IPK_BUSINESS},
    {"military", IPK_BUSINESS},
    {"mil", IPK_BUSINESS},
    {"library", IPK_BUSINESS},
    {"lib", IPK_BUSINESS},
    {"hosting", IPK_HOSTING},
    {"datacenter", IPK_HOSTING},
    {"data center", IPK_HOSTING},
    {"dch", IPK_HOSTING},
    {"cloud", IPK_HOSTING},
    {"cdn", IPK_HOSTING},
    {"content delivery network", IPK_HOSTING},
    {"vpn", IPK_VPN},
    {"consumer privacy network", IPK_VPN},
    {"tor", IPK_TOR},
    {"tor exit", IPK_TOR},
    {"proxy", IPK_PROXY},
    {"residential proxy", IPK_PROXY},
    {"public proxy", IPK_PROXY},
    {"web proxy", IPK_PROXY},
};

static const char *const ip_names[IPK_COUNT] = {"",        "residential", "mobile", "business",
                                                "hosting", "vpn",         "tor",    "proxy"};

/* c as the words of the tables spell it: lower case, and a space for '_' or '-'. */
static char word_char(char c)
{
    if (c == '_' || c == '-')
        return ' ';
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* word (n bytes or more) and s[0..n) are one word. */
static int same_word(const char *word, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (word_char(s[i]) != word[i])
            return 0;
    return 1;
}

static int lookup(const synonym *table, size_t count, const char *s, size_t n, int other)
{
    while (n > 0 && (*s == ' ' || *s == '\t'))
        s++, n--;
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    if (n == 0)
        return 0;
    char first = word_char(s[0]); /* most words differ in their first letter: no strlen */
    for (size_t i = 0; i < count; i++)
        if (table[i].word[0] == first && strlen(table[i].word) == n &&
            same_word(table[i].word, s, n))
            return table[i].value;
    return other;
}

payment_type payment_type_parse(const char *s, size_t n)
{
    return (payment_type)lookup(payment_words, sizeof payment_words / sizeof *payment_words, s, n,
                                PAY_OTHER);
}

const char *payment_type_name(payment_type t)
{
    return t < PAY_COUNT ? payment_names[t] : "";
}

ip_kind ip_kind_parse(const char *s, size_t n)
{
    return (ip_kind)lookup(ip_words, sizeof ip_words / sizeof *ip_words, s, n, IPK_UNKNOWN);
}

const char *ip_kind_name(ip_kind k)
{
    return k < IPK_COUNT ? ip_names[k] : "";
}

int label_parse(const char *s, size_t n, int *ok)
{
    static const synonym words[] = {{"1", 1},     {"true", 1},  {"yes", 1},   {"y", 1},
                                    {"fraud", 1}, {"abuse", 1}, {"0", 0},     {"false", 0},
                                    {"no", 0},    {"n", 0},     {"benign", 0}};
    *ok = 1;
    while (n > 0 && (*s == ' ' || *s == '\t'))
        s++, n--;
    if (n == 0 || (n == 1 && s[0] == ' '))
        return -1;
    int v = lookup(words, sizeof words / sizeof *words, s, n, -2);
    if (v == -2) {
        *ok = 0;
        return -1;
    }
    return v;
}
