/* main.c: dispatches to the subcommands of cli/. Nothing else lives here, but for the hooks
 * of the fault-injection build (tests/fault). */
#include "cli/cli.h"
#include "features/features.h"

#include <gsl/gsl_errno.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef LH_FAULT_INJECTION
#include "util/atomic_file.h"
#include "util/mem.h"

static void fault_counts(void)
{
    fprintf(stderr, "leasehound: fault injection: %lu allocations, %lu writes and fsyncs\n",
            mem_alloc_count(), atomic_file_io_count());
}

/* LEASEHOUND_FAIL_ALLOC=N fails the N-th allocation (exit 70), LEASEHOUND_FAIL_IO=N the N-th
 * output write or fsync (exit 73); LEASEHOUND_FAULT_COUNTS=1 prints how many of each the run
 * made, so that a test knows how far N goes. */
static void fault_injection_init(void)
{
    const char *a = getenv("LEASEHOUND_FAIL_ALLOC"), *io = getenv("LEASEHOUND_FAIL_IO");
    mem_fail_at(a ? strtoul(a, NULL, 10) : 0);
    atomic_file_fail_at(io ? strtoul(io, NULL, 10) : 0);
    if (getenv("LEASEHOUND_FAULT_COUNTS"))
        atexit(fault_counts);
}
#endif

int main(int argc, char **argv)
{
#ifdef LH_FAULT_INJECTION
    fault_injection_init();
#endif
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
