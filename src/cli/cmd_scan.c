/* cmd_scan.c: `leasehound scan`, the main job. Parses options, runs the pipeline stages of
 * DESIGN.md in order over the library, writes the outputs, prints a short account. */
#include "cli/cli.h"
#include "report/rejects.h"
#include "report/summary.h"
#include "table/load.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* "N" or "P%" */
static lh_status parse_max_rejects(const char *s, load_options *o, lh_error *err)
{
    char *end;
    errno = 0;
    if (s[0] == '-' || s[0] == '\0')
        return LH_FAIL(err, LH_EUSAGE, "--max-rejects: '%s' is not N or P%%", s);
    double v = strtod(s, &end);
    if (errno || end == s)
        return LH_FAIL(err, LH_EUSAGE, "--max-rejects: '%s' is not N or P%%", s);
    if (*end == '%' && end[1] == '\0') {
        if (!(v >= 0 && v <= 100))
            return LH_FAIL(err, LH_EUSAGE, "--max-rejects: %s is not a percentage", s);
        o->max_rejects_pct = v;
        return LH_OK;
    }
    if (*end != '\0' || v != floor(v) || v > 1e18)
        return LH_FAIL(err, LH_EUSAGE, "--max-rejects: '%s' is not N or P%%", s);
    o->max_rejects = (uint64_t)v;
    return LH_OK;
}

static lh_status parse_size(const char *name, const char *s, size_t lo, size_t hi, size_t *out,
                            lh_error *err)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s || *end || s[0] == '-' || v < lo || v > hi)
        return LH_FAIL(err, LH_EUSAGE, "--%s: '%s' is not a number from %zu to %zu", name, s, lo,
                       hi);
    *out = (size_t)v;
    return LH_OK;
}

int cmd_scan(int argc, char **argv)
{
    double t0 = now_seconds();
    lh_error err;
    lh_error_clear(&err);
    cli_args args;
    colmap map;
    colmap_init(&map);
    rejects_writer rw = {0};
    lease_table *table = NULL;
    load_stats stats = {0};
    int have_rejects = 0;

    if (cli_parse(&args, "scan", argc, argv, &err) != LH_OK)
        goto fail;
    if (args.help) {
        cli_print_help(stdout, cli_command_find("scan"));
        return 0;
    }
    const char *out = cli_get(&args, "out");
    if (args.n_pos == 0 || out == NULL) {
        LH_FAIL(&err, LH_EUSAGE, "scan needs INPUT... and --out DIR (see leasehound scan --help)");
        goto fail;
    }
    int quiet = cli_flag(&args, "quiet");

    load_options lo = {0};
    lo.map = &map;
    lo.max_rejects = UINT64_MAX;
    lo.max_rejects_pct = -1;
    lo.limits.max_field_bytes = CSV_DEFAULT_MAX_FIELD;
    lo.verbose = !quiet;
    const char *preset = cli_get(&args, "preset");
    if (preset && colmap_add_preset(&map, preset, &err) != LH_OK)
        goto fail;
    for (size_t i = 0; i < args.n_opt; i++)
        if (strcmp(args.opt[i]->name, "map") == 0 && colmap_add_spec(&map, args.val[i], &err) != LH_OK)
            goto fail;
    const char *mr = cli_get(&args, "max-rejects");
    if (mr && parse_max_rejects(mr, &lo, &err) != LH_OK)
        goto fail;
    const char *mf = cli_get(&args, "max-field-size");
    if (mf && parse_size("max-field-size", mf, 16, (size_t)1 << 30, &lo.limits.max_field_bytes,
                         &err) != LH_OK)
        goto fail;

    if (make_output_dir(out, &err) != LH_OK || rejects_open(&rw, out, &err) != LH_OK)
        goto fail;
    have_rejects = 1;
    lo.sink = rejects_sink(&rw);

    lh_status st = load_inputs(&table, args.pos, args.n_pos, &lo, &stats, &err);
    if (st != LH_OK && st != LH_EDATA)
        goto fail;
    /* Too many rejects: rejects.csv is still published, so the user can see why. */
    have_rejects = 0;
    if (rejects_commit(&rw, &err) != LH_OK || st != LH_OK)
        goto fail;

    char max_field[32];
    snprintf(max_field, sizeof max_field, "%zu", lo.limits.max_field_bytes);
    summary_param params[] = {
        {"preset", preset ? preset : ""},
        {"max_rejects", mr ? mr : "none"},
        {"max_field_size", max_field},
    };
    summary_info info = {"scan", &stats, table, params, sizeof params / sizeof *params,
                         now_seconds() - t0};
    if (summary_write(out, &info, &err) != LH_OK)
        goto fail;
    if (!quiet) {
        printf("read %llu rows from %zu file%s: %llu accepted, %llu rejected\n",
               (unsigned long long)stats.records, stats.n_file, stats.n_file == 1 ? "" : "s",
               (unsigned long long)stats.accepted, (unsigned long long)stats.rejected);
        for (int r = 1; r < REJECT_REASON_COUNT; r++)
            if (stats.by_reason[r])
                printf("  %-20s %llu\n", reject_reason_name((reject_reason)r),
                       (unsigned long long)stats.by_reason[r]);
        printf("outputs in %s\n", out);
    }
    load_stats_free(&stats);
    lease_table_free(table);
    colmap_free(&map);
    return 0;

fail:
    if (have_rejects)
        rejects_abort(&rw);
    load_stats_free(&stats);
    lease_table_free(table);
    colmap_free(&map);
    return cli_fail(&err);
}
