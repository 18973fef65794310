/* cmd_eval.c: `leasehound eval --truth FILE DIR [--json]`: measures the leases.csv of a scan
 * output folder against ground truth and prints the report (eval/eval.h) on stdout. */
#include "cli/cli.h"
#include "eval/eval.h"

#include <stdio.h>

int cmd_eval(int argc, char **argv)
{
    lh_error err;
    lh_error_clear(&err);
    cli_args args;
    eval_report *report = NULL;

    if (cli_parse(&args, "eval", argc, argv, &err) != LH_OK)
        return cli_fail(&err);
    if (args.help) {
        cli_print_help(stdout, cli_command_find("eval"));
        return 0;
    }
    const char *truth = cli_get(&args, "truth");
    if (args.n_pos != 1 || truth == NULL) {
        LH_FAIL(&err, LH_EUSAGE,
                "eval needs --truth FILE and one DIR (see leasehound eval --help)");
        return cli_fail(&err);
    }
    if (eval_report_build(&report, args.pos[0], truth, &err) != LH_OK)
        return cli_fail(&err);
    if (cli_flag(&args, "json"))
        eval_report_write_json(report, stdout);
    else
        eval_report_write_text(report, stdout);
    eval_report_free(report);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        LH_FAIL(&err, LH_ECANTCREAT, "eval: cannot write the report to standard output");
        return cli_fail(&err);
    }
    return 0;
}
