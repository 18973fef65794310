/* email.c: e-mail addresses (see normalize.h).
 *
 * The mailbox key is what decides whether two typed addresses reach one inbox. Local parts are
 * case-sensitive by RFC 5321 but no large provider treats them so, so the whole address is
 * lower-cased. Provider rules (provider_rules[] below, also documented in models/README.md):
 *   gmail.com, googlemail.com       dots in the local part ignored, +tag removed, -> gmail.com
 *   outlook/hotmail/live/msn        +tag removed (Microsoft plus addressing); dots significant
 *   icloud.com, me.com, mac.com     +tag removed; one account answers on all three -> icloud.com
 *   proton.me, protonmail.com/.ch,  +tag removed; aliases of one account -> proton.me
 *   pm.me
 *   fastmail.com, fastmail.fm,      +tag removed
 *   zoho.com, yandex.*, ya.ru
 * Domains outside the table keep their local part as typed (lower-cased): whether a server
 * honours +tags is its own configuration.
 */
#include "normalize/normalize.h"

#include <string.h>
#include <strings.h>

enum { RULE_DOTS = 1, RULE_PLUS = 2 };

typedef struct provider_rule {
    const char *domain;
    int rules;
    const char *canonical; /* NULL: keep the domain */
} provider_rule;

static const provider_rule provider_rules[] = {
    {"gmail.com", RULE_DOTS | RULE_PLUS, NULL},
    {"googlemail.com", RULE_DOTS | RULE_PLUS, "gmail.com"},
    {"outlook.com", RULE_PLUS, NULL},
    {"hotmail.com", RULE_PLUS, NULL},
    {"live.com", RULE_PLUS, NULL},
    {"msn.com", RULE_PLUS, NULL},
    {"outlook.jp", RULE_PLUS, NULL},
    {"hotmail.co.jp", RULE_PLUS, NULL},
    {"live.jp", RULE_PLUS, NULL},
    {"hotmail.co.uk", RULE_PLUS, NULL},
    {"hotmail.fr", RULE_PLUS, NULL},
    {"hotmail.de", RULE_PLUS, NULL},
    {"icloud.com", RULE_PLUS, NULL},
    {"me.com", RULE_PLUS, "icloud.com"},
    {"mac.com", RULE_PLUS, "icloud.com"},
    {"proton.me", RULE_PLUS, NULL},
    {"protonmail.com", RULE_PLUS, "proton.me"},
    {"protonmail.ch", RULE_PLUS, "proton.me"},
    {"pm.me", RULE_PLUS, "proton.me"},
    {"fastmail.com", RULE_PLUS, NULL},
    {"fastmail.fm", RULE_PLUS, NULL},
    {"zoho.com", RULE_PLUS, NULL},
    {"yandex.ru", RULE_PLUS, NULL},
    {"yandex.com", RULE_PLUS, NULL},
    {"ya.ru", RULE_PLUS, NULL},
};

static const provider_rule *find_rule(const char *domain, size_t len)
{
    for (size_t i = 0; i < sizeof provider_rules / sizeof *provider_rules; i++) {
        const provider_rule *r = &provider_rules[i];
        if (strlen(r->domain) == len && memcmp(r->domain, domain, len) == 0)
            return r;
    }
    return NULL;
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

size_t email_normalize(const char *s, size_t n, char *out, size_t *domain_off)
{
    *domain_off = 0;
    out[0] = '\0';
    /* White space, "mailto:", <angle brackets> and a display name before them, in any order
     * and nesting, until none is left: a key must normalize to itself. */
    for (;;) {
        while (n > 0 && is_space(*s))
            s++, n--;
        while (n > 0 && is_space(s[n - 1]))
            n--;
        const char *lt = n >= 2 && s[n - 1] == '>' ? memchr(s, '<', n) : NULL;
        if (n >= 7 && strncasecmp(s, "mailto:", 7) == 0)
            s += 7, n -= 7;
        else if (lt == s)
            s++, n -= 2;
        else if (lt && memchr(lt, '@', (size_t)(s + n - lt)) && !memchr(s, '@', (size_t)(lt - s)))
            n -= (size_t)(lt + 1 - s) + 1, s = lt + 1; /* a display name: "Ann Lee <ann@x.org>" */
        else
            break;
    }
    const char *at = memchr(s, '@', n);
    if (at == NULL || at == s)
        return 0;
    size_t local_len = (size_t)(at - s);
    const char *dom = at + 1;
    size_t dom_len = n - local_len - 1;
    while (dom_len > 0 && dom[dom_len - 1] == '.')
        dom_len--;
    if (dom_len == 0 || memchr(dom, '@', dom_len) || memchr(dom, '.', dom_len) == NULL ||
        dom[0] == '.' || local_len + dom_len + 2 > NORM_KEY_MAX)
        return 0;
    /* ':' is not an address character outside quotes (RFC 5322 atext); refusing it also keeps
     * "...mailto:.@gmail.com", whose dots vanish, from making a key that reads differently. */
    for (size_t i = 0; i < n; i++)
        if (is_space(s[i]) || s[i] == ',' || s[i] == ';' || s[i] == '<' || s[i] == '>' ||
            s[i] == ':')
            return 0;

    char domain[NORM_KEY_MAX];
    for (size_t i = 0; i < dom_len; i++)
        domain[i] = (char)((dom[i] >= 'A' && dom[i] <= 'Z') ? dom[i] + 32 : dom[i]);
    domain[dom_len] = '\0';
    const provider_rule *rule = find_rule(domain, dom_len);

    size_t o = 0;
    for (size_t i = 0; i < local_len; i++) {
        char c = s[i];
        if (rule && (rule->rules & RULE_PLUS) && c == '+')
            break;
        if (rule && (rule->rules & RULE_DOTS) && c == '.')
            continue;
        out[o++] = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
    }
    const char *canon = rule && rule->canonical ? rule->canonical : domain;
    size_t clen = rule && rule->canonical ? strlen(canon) : dom_len;
    /* The alias (pm.me -> proton.me) may be longer than the typed domain checked above. */
    if (o == 0 || o + clen + 2 > NORM_KEY_MAX) {
        out[0] = '\0';
        return 0;
    }
    out[o++] = '@';
    *domain_off = o;
    memcpy(out + o, canon, clen);
    o += clen;
    out[o] = '\0';
    return o;
}
