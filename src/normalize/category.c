/* category.c: payment types and IP kinds (see normalize.h). Matching is case-insensitive on the
 * trimmed value; the synonym lists cover what billing systems commonly write (WHMCS gateway names
 * such as "paypal", "stripe", "banktransfer", "coinpayments"). */
#include "normalize/normalize.h"

#include <string.h>
#include <strings.h>

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
    {"paypal", PAY_PAYPAL},
    {"crypto", PAY_CRYPTO},
    {"bitcoin", PAY_CRYPTO},
    {"btc", PAY_CRYPTO},
    {"eth", PAY_CRYPTO},
    {"usdt", PAY_CRYPTO},
    {"monero", PAY_CRYPTO},
    {"xmr", PAY_CRYPTO},
    {"coinpayments", PAY_CRYPTO},
    {"bank", PAY_BANK},
    {"banktransfer", PAY_BANK},
    {"bank transfer", PAY_BANK},
    {"wire", PAY_BANK},
    {"sepa", PAY_BANK},
    {"invoice", PAY_BANK},
    {"prepaid", PAY_PREPAID},
    {"prepaid card", PAY_PREPAID},
    {"giftcard", PAY_PREPAID},
    {"gift card", PAY_PREPAID},
    {"voucher", PAY_PREPAID},
    {"other", PAY_OTHER},
};

static const char *const payment_names[PAY_COUNT] = {"",     "card",    "paypal", "crypto",
                                                     "bank", "prepaid", "other"};

static const synonym ip_words[] = {
    {"residential", IPK_RESIDENTIAL},
    {"isp", IPK_RESIDENTIAL},
    {"home", IPK_RESIDENTIAL},
    {"mobile", IPK_MOBILE},
    {"cellular", IPK_MOBILE},
    {"business", IPK_BUSINESS},
    {"corporate", IPK_BUSINESS},
    {"education", IPK_BUSINESS},
    {"hosting", IPK_HOSTING},
    {"datacenter", IPK_HOSTING},
    {"data center", IPK_HOSTING},
    {"vpn", IPK_VPN},
    {"tor", IPK_TOR},
    {"proxy", IPK_PROXY},
};

static const char *const ip_names[IPK_COUNT] = {"",        "residential", "mobile", "business",
                                                "hosting", "vpn",         "tor",    "proxy"};

static int lookup(const synonym *table, size_t count, const char *s, size_t n, int other)
{
    while (n > 0 && (*s == ' ' || *s == '\t'))
        s++, n--;
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    if (n == 0)
        return 0;
    for (size_t i = 0; i < count; i++)
        if (strlen(table[i].word) == n && strncasecmp(table[i].word, s, n) == 0)
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
