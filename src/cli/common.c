/* common.c: option handling shared by the commands that read rental logs (scan, train). */
#include "cli/cli.h"
#include "ingest/source.h"
#include "util/mem.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

lh_status cli_parse_size(const char *name, const char *s, size_t lo, size_t hi, size_t *out,
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

lh_status cli_pipeline_options(const cli_args *args, pipeline *p, pipeline_options *o,
                               lh_error *err)
{
    memset(o, 0, sizeof *o);
    o->load.map = &p->map;
    o->load.max_rejects = UINT64_MAX;
    o->load.max_rejects_pct = -1;
    o->load.limits.max_field_bytes = CSV_DEFAULT_MAX_FIELD;
    o->load.verbose = !cli_flag(args, "quiet");
    const char *preset = cli_get(args, "preset");
    if (preset && colmap_add_preset(&p->map, preset, err) != LH_OK)
        return err->code;
    for (size_t i = 0; i < args->n_opt; i++)
        if (strcmp(args->opt[i]->name, "map") == 0 &&
            colmap_add_spec(&p->map, args->val[i], err) != LH_OK)
            return err->code;
    const char *mr = cli_get(args, "max-rejects");
    if (mr && parse_max_rejects(mr, &o->load, err) != LH_OK)
        return err->code;
    const char *enc = cli_get(args, "encoding");
    if (enc && !byte_source_encoding_known(enc))
        return LH_FAIL(err, LH_EUSAGE,
                       "--encoding: '%s' is not an encoding iconv knows (iconv --list)", enc);
    o->load.encoding = enc;
    const char *mf = cli_get(args, "max-field-size");
    if (mf && cli_parse_size("max-field-size", mf, 16, (size_t)1 << 30,
                             &o->load.limits.max_field_bytes, err) != LH_OK)
        return err->code;
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    size_t threads = cores > 0 ? (size_t)(cores > 16 ? 16 : cores) : 1;
    const char *ts = cli_get(args, "threads");
    if (ts && cli_parse_size("threads", ts, 1, 16, &threads, err) != LH_OK)
        return err->code;
    o->threads = (int)threads;
    o->spec_path = cli_get(args, "spec");
    return LH_OK;
}

void cli_note_spec(const pipeline *p, int quiet)
{
    if (quiet || p->have_params || !(p->spec.key_u > 0))
        return;
    fprintf(stderr,
            "leasehound: note: %s sets key_u %g, a fixed chance per pair that two actors share "
            "an identifier: a shared identifier weighs less the larger the log, and past a size "
            "that key_u sets, personas tied by one identifier no longer link; key_rate keeps its "
            "weight the same at any size (models/README.md)\n",
            p->spec.origin, p->spec.key_u);
}

/* The mask of the blocking rules named in blocks[] (columns joined by '+', as in the spec).
 * LH_EUSAGE for a name that is not a rule of the spec. */
lh_status cli_rule_mask(const link_spec *spec, const char *const *blocks, size_t n, uint32_t *mask,
                        lh_error *err)
{
    *mask = 0;
    for (size_t i = 0; i < n; i++) {
        int found = 0;
        for (int k = 0; k < spec->n_rule; k++) {
            char name[SPEC_MAX_RULE_COLS * (SPEC_NAME_MAX + 1)] = "";
            for (int c = 0; c < spec->rule[k].n_col; c++) {
                if (c)
                    strcat(name, "+");
                strcat(name, spec->rule[k].column[c]);
            }
            if (strcmp(name, blocks[i]) == 0) {
                *mask |= (uint32_t)1 << k;
                found = 1;
            }
        }
        if (!found)
            return LH_FAIL(err, LH_EUSAGE,
                           "--block %s is not a blocking rule of the spec (columns joined "
                           "by '+', as in the spec's block lines)",
                           blocks[i]);
    }
    return LH_OK;
}

lh_status cli_open_output(atomic_file *af, const char *path, lh_error *err)
{
    const char *slash = strrchr(path, '/');
    if (path[0] == '\0' || (slash && slash[1] == '\0'))
        return LH_FAIL(err, LH_EUSAGE, "--out '%s' is not a file name", path);
    char *dir = slash == NULL   ? xstrdup(".")
                : slash == path ? xstrdup("/")
                                : xstrndup(path, (size_t)(slash - path));
    lh_status st = atomic_file_open(af, dir, slash ? slash + 1 : path, err);
    xfree(dir);
    return st;
}
