/* The documents that must stay true to the code: the man page is generated from the option
 * table (docs/leasehound.1 must be what `leasehound --man` prints now), and the README mentions
 * every option and command. */
#include "cli/cli.h"
#include "support/test_support.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

Test(docs, man_page_is_generated_from_the_option_table)
{
    char *dir = tmp_dir_new();
    cr_assert_eq(run_leasehound(dir, "--man"), 0);
    char path[4200];
    snprintf(path, sizeof path, "%s/stdout.txt", dir);
    char *now = slurp(path, NULL);
    char *committed = slurp(LH_SOURCE_DIR "/docs/leasehound.1", NULL);
    cr_assert_not_null(committed, "docs/leasehound.1 is missing");
    cr_expect_str_eq(committed, now,
                     "docs/leasehound.1 is stale: regenerate it with leasehound --man > "
                     "docs/leasehound.1");
    size_t n_opt;
    const cli_option *opt = cli_options(&n_opt);
    for (size_t i = 0; i < n_opt; i++) {
        char want[96];
        snprintf(want, sizeof want, "\\-\\-%s", opt[i].name);
        for (char *c = want + 4; *c; c++)
            if (*c == '-') { /* roff escapes every hyphen */
                memmove(c + 1, c, strlen(c) + 1);
                *c++ = '\\';
            }
        cr_expect(strstr(now, want) != NULL, "the man page lists %s", want);
    }
    free(now);
    free(committed);
    tmp_remove_tree(dir);
    free(dir);
}

Test(docs, readme_mentions_every_option_and_command)
{
    char *readme = slurp(LH_SOURCE_DIR "/README.md", NULL);
    cr_assert_not_null(readme);
    size_t n_opt;
    const cli_option *opt = cli_options(&n_opt);
    for (size_t i = 0; i < n_opt; i++) {
        char want[64];
        snprintf(want, sizeof want, "--%s", opt[i].name);
        cr_expect(strstr(readme, want) != NULL, "README.md does not mention %s", want);
    }
    const char *commands[] = {"leasehound scan", "leasehound train",   "leasehound eval",
                              "leasehound gen",  "leasehound explain", "leasehound link",
                              "leasehound keys"};
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        cr_expect(strstr(readme, commands[i]) != NULL, "README.md does not show %s", commands[i]);
    free(readme);
}
