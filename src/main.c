/* main.c: dispatches to the subcommands of cli/. Nothing else lives here. */
#include "cli/cli.h"
#include "features/features.h"

#include <gsl/gsl_errno.h>

#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    /* GSL reports errors through statuses that the model checks; never abort the process. */
    gsl_set_error_handler_off();
    if (argc < 2) {
        cli_print_help(stderr, NULL);
        return LH_EUSAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        cli_print_help(stdout, NULL);
        return 0;
    }
    if (strcmp(cmd, "--version") == 0) {
        printf("leasehound %s\n", LH_VERSION);
        return 0;
    }
    if (strcmp(cmd, "--man") == 0) {
        cli_print_man(stdout);
        return 0;
    }
    if (strcmp(cmd, "--features") == 0) { /* docs/features.md */
        features_print_markdown(stdout);
        return 0;
    }
    const cli_command *c = cli_command_find(cmd);
    if (c == NULL) {
        fprintf(stderr, "leasehound: unknown command '%s' (see leasehound --help)\n", cmd);
        return LH_EUSAGE;
    }
    return c->run(argc - 1, argv + 1);
}
