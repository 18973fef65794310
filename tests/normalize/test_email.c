#include "normalize/domains.h"
#include "normalize/normalize.h"

#include <criterion/criterion.h>
#include <string.h>

typedef struct {
    const char *in, *key, *domain;
} case_t;

Test(email, provider_rules_and_case)
{
    static const case_t c[] = {
        {"John.Smith@Gmail.com", "johnsmith@gmail.com", "gmail.com"},
        {"j.o.h.n.smith+servers@gmail.com", "johnsmith@gmail.com", "gmail.com"},
        {"johnsmith@googlemail.com", "johnsmith@gmail.com", "gmail.com"},
        {"john.smith+x@outlook.com", "john.smith@outlook.com", "outlook.com"},
        {"john.smith+x@hotmail.co.uk", "john.smith@hotmail.co.uk", "hotmail.co.uk"},
        {"a.b+c@me.com", "a.b@icloud.com", "icloud.com"},
        {"alias+tag@protonmail.com", "alias@proton.me", "proton.me"},
        {"alias+tag@pm.me", "alias@proton.me", "proton.me"},
        {"First.Last+tag@example.co.jp", "first.last+tag@example.co.jp", "example.co.jp"},
        {"  <Someone@Example.COM.>  ", "someone@example.com", "example.com"},
        {"mailto:x@y.org", "x@y.org", "y.org"},
        {"Ann Lee <Ann.Lee@GMail.com>", "annlee@gmail.com", "gmail.com"},
        {"\"Lee, Ann\" <ann@y.org>", "ann@y.org", "y.org"},
    };
    for (size_t i = 0; i < sizeof c / sizeof *c; i++) {
        char out[NORM_KEY_MAX];
        size_t dom = 0;
        size_t n = email_normalize(c[i].in, strlen(c[i].in), out, &dom);
        cr_expect_str_eq(out, c[i].key, "input %s", c[i].in);
        cr_expect_eq(n, strlen(c[i].key));
        cr_expect_str_eq(out + dom, c[i].domain, "domain of %s", c[i].in);
    }
}

Test(email, invalid_addresses_give_no_key)
{
    static const char *const bad[] = {"",
                                      "nobody",
                                      "@example.com",
                                      "a@",
                                      "a@b",
                                      "a b@c.com",
                                      "a@@c.com",
                                      "a@c.com,b@d.com",
                                      "a@c.com <b@d.com>",
                                      "Ann <nobody>",
                                      "+tag@gmail.com",
                                      "...@gmail.com",
                                      "a@.com"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char out[NORM_KEY_MAX];
        size_t dom = 0;
        cr_expect_eq(email_normalize(bad[i], strlen(bad[i]), out, &dom), 0, "input \"%s\"", bad[i]);
        cr_expect_str_eq(out, "");
    }
}

Test(domains, freemail_and_disposable_lists)
{
    static const struct {
        const char *d;
        domain_kind k;
    } c[] = {
        {"gmail.com", DOMAIN_FREEMAIL},
        {"yahoo.co.jp", DOMAIN_FREEMAIL},
        {"qq.com", DOMAIN_FREEMAIL},
        {"naver.com", DOMAIN_FREEMAIL},
        {"mailinator.com", DOMAIN_DISPOSABLE},
        {"guerrillamail.com", DOMAIN_DISPOSABLE},
        {"anything.33mail.com", DOMAIN_DISPOSABLE}, /* a wildcard rule */
        {"example.com", DOMAIN_OTHER},
        {"leasehound.invalid", DOMAIN_OTHER},
        {"", DOMAIN_OTHER},
        {"mit.edu", DOMAIN_ACADEMIC},
        {"cs.stanford.edu", DOMAIN_ACADEMIC},
        {"u-tokyo.ac.jp", DOMAIN_ACADEMIC},
        {"tsinghua.edu.cn", DOMAIN_ACADEMIC},
        {"ox.ac.uk", DOMAIN_ACADEMIC},
        {"ac.jp", DOMAIN_OTHER},
        {"edu", DOMAIN_OTHER},
        {"education.com", DOMAIN_OTHER},
        {"mac.jp", DOMAIN_OTHER},
        {"redu.cn", DOMAIN_OTHER},
        {"ac.company.com", DOMAIN_OTHER},
    };
    for (size_t i = 0; i < sizeof c / sizeof *c; i++)
        cr_expect_eq(domain_classify(c[i].d, strlen(c[i].d)), c[i].k, "domain %s", c[i].d);
    cr_expect(strstr(domain_list_source(DOMAIN_DISPOSABLE), "disposable-email-domains@") != NULL);
    cr_expect(strstr(domain_list_source(DOMAIN_FREEMAIL), "free-email-domains@") != NULL);
}
