/* cmd_explain.c: `leasehound explain DIR RENTER_ID [--dot]`: the evidence for one renter of a
 * scan's output folder, in words or as Graphviz DOT (report/explain.h), on stdout. */
#include "cli/cli.h"
#include "report/explain.h"

#include <stdio.h>

int cmd_explain(int argc, char **argv)
{
    lh_error err;
    lh_error_clear(&err);
    cli_args args;

    if (cli_parse(&args, "explain", argc, argv, &err) != LH_OK)
        return cli_fail(&err);
    if (args.help) {
        cli_print_help(stdout, cli_command_find("explain"));
        return 0;
    }
    if (args.n_pos != 2) {
        LH_FAIL(&err, LH_EUSAGE, "explain needs DIR and RENTER_ID (see leasehound explain --help)");
        return cli_fail(&err);
    }
    explain_format fmt = cli_flag(&args, "dot") ? EXPLAIN_DOT : EXPLAIN_TEXT;
    if (explain_renter(stdout, args.pos[0], args.pos[1], fmt, &err) != LH_OK)
        return cli_fail(&err);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        LH_FAIL(&err, LH_ECANTCREAT, "explain: cannot write to standard output");
        return cli_fail(&err);
    }
    return 0;
}
