/* cmd_gen.c: `leasehound gen`, synthetic rental logs with known answers. Parses options and
 * calls gen_write_files() (src/gen/gen.h); --list-scenarios prints the scenario table. */
#include "cli/cli.h"
#include "gen/gen.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static lh_status parse_u64(const char *name, const char *s, uint64_t lo, uint64_t hi, uint64_t *out,
                           lh_error *err)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s || *end || s[0] == '-' || s[0] == '+' || v < lo || v > hi)
        return LH_FAIL(err, LH_EUSAGE, "--%s: '%s' is not a whole number from %llu to %llu", name,
                       s, (unsigned long long)lo, (unsigned long long)hi);
    *out = v;
    return LH_OK;
}

static void print_date(int64_t t)
{
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    printf("%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

int cmd_gen(int argc, char **argv)
{
    lh_error err;
    lh_error_clear(&err);
    cli_args args;
    if (cli_parse(&args, "gen", argc, argv, &err) != LH_OK)
        return cli_fail(&err);
    if (args.help) {
        cli_print_help(stdout, cli_command_find("gen"));
        return 0;
    }
    if (args.n_pos > 0) {
        LH_FAIL(&err, LH_EUSAGE,
                "gen takes no arguments, only options (see leasehound gen --help)");
        return cli_fail(&err);
    }
    if (cli_flag(&args, "list-scenarios")) {
        gen_scenarios_print(stdout);
        return 0;
    }
    const char *out = cli_get(&args, "out");
    const char *leases = cli_get(&args, "leases");
    if (out == NULL || leases == NULL) {
        LH_FAIL(&err, LH_EUSAGE, "gen needs --leases N and --out FILE (see leasehound gen --help)");
        return cli_fail(&err);
    }
    gen_options o = {0};
    const char *name = cli_get(&args, "scenario");
    o.scenario = gen_scenario_find(name ? name : "default");
    if (o.scenario == NULL) {
        LH_FAIL(&err, LH_EUSAGE, "gen: no scenario '%s' (see leasehound gen --list-scenarios)",
                name);
        return cli_fail(&err);
    }
    const char *seed = cli_get(&args, "seed");
    o.seed = 1;
    if (parse_u64("leases", leases, 1, GEN_MAX_ROWS, &o.leases, &err) != LH_OK ||
        (seed && parse_u64("seed", seed, 0, UINT64_MAX, &o.seed, &err) != LH_OK))
        return cli_fail(&err);
    o.labels = cli_flag(&args, "labels");
    const char *truth = cli_get(&args, "truth");
    if (truth && strcmp(truth, out) == 0) {
        LH_FAIL(&err, LH_EUSAGE, "gen: --truth and --out name the same file");
        return cli_fail(&err);
    }

    gen_stats s;
    if (gen_write_files(out, truth, &o, &s, &err) != LH_OK)
        return cli_fail(&err);
    if (!cli_flag(&args, "quiet")) {
        uint64_t fake_leases = 0, fake_actors = 0;
        for (int k = GK_FIRST_FAKE; k < GK_COUNT; k++)
            fake_leases += s.leases_by_kind[k], fake_actors += s.actors_by_kind[k];
        printf("wrote %llu leases of %llu actors (scenario %s, seed %llu), ",
               (unsigned long long)s.rows, (unsigned long long)s.actors, o.scenario->name,
               (unsigned long long)o.seed);
        print_date(s.first);
        printf(" to ");
        print_date(s.last);
        printf(", to %s\n", out);
        printf("fake-identity actors: %llu with %llu leases (%.2f%%)\n",
               (unsigned long long)fake_actors, (unsigned long long)fake_leases,
               s.rows ? 100.0 * (double)fake_leases / (double)s.rows : 0.0);
        printf("at most %zu actors were active at once (the generator's memory bound)\n",
               s.max_active);
        if (truth)
            printf("truth in %s\n", truth);
    }
    return 0;
}
