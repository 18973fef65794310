/* domains.h: free-mail and disposable e-mail domains.
 *
 * The lists live in src/normalize/data/ with their source and version in their header lines and
 * are refreshed by scripts/refresh-domain-lists.sh; they are compiled into the library. The first
 * call builds a sorted index (about 1 MB, once per process, thread-safe); lookups are binary
 * searches.
 */
#ifndef LH_NORMALIZE_DOMAINS_H
#define LH_NORMALIZE_DOMAINS_H

#include <stddef.h>

typedef enum domain_kind {
    DOMAIN_OTHER = 0,      /* an organisation's or an unknown domain */
    DOMAIN_FREEMAIL = 1,   /* a free mailbox provider (gmail.com, qq.com, ...) */
    DOMAIN_DISPOSABLE = 2, /* a throwaway mailbox service (mailinator.com, ...) */
    DOMAIN_ACADEMIC = 3,   /* a university's or school's, by its suffix: .edu, and .ac or .edu
                              under a country code (u-tokyo.ac.jp, tsinghua.edu.cn); like
                              free-mail, it hands mailboxes to independent people */
} domain_kind;

/* Classifies a lower-case domain; "*.d" rules of the disposable list match subdomains of d.
 * The lists come first: a listed domain is free-mail or disposable whatever its suffix. */
domain_kind domain_classify(const char *domain, size_t n);

/* The header lines of each list (source, version, date), for summary.json and --version. */
const char *domain_list_source(domain_kind which);

#endif
