/* gen.c: the generator's event loop and its output files (see gen.h).
 *
 * Actors arrive as a Poisson process from 2023-01-01 on, at the rate that makes `leases` rows
 * fill about span_days (rate = leases / (mean leases per actor x span)). An arriving actor's
 * first lease is at its arrival time; each later lease follows after a gap drawn for that
 * actor and lease (population.c). The heap (heap.c) holds every active actor's next lease; the
 * loop takes whichever comes first, an arrival or the heap's least entry, so rows leave in
 * created_at order, ties broken by actor index and lease number. The loop stops after exactly
 * `leases` rows; actors still active then are cut off, as in any export of a live log.
 *
 * Cost per row: one heap pop and push (O(log active)), one profile derivation and one lease
 * rendering (a few hundred random draws at most), one CSV row. Memory: 16 bytes per active
 * actor plus constant buffers; nothing grows with the number of rows.
 *
 * Output: CSV with a header, RFC 4180 quoting (util/csvout.h, formula guard off: these are
 * input files for leasehound, not reports, and a guard would corrupt "+81 ..." phones). A path
 * ending in ".gz" is compressed with zlib (gzip wrapper, level 6, header without a time stamp,
 * so compressed files are reproducible too) through a stdio cookie stream.
 */
#include "gen/gen.h"
#include "gen/heap.h"
#include "gen/population.h"
#include "util/atomic_file.h"
#include "util/csvout.h"
#include "util/mem.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <zlib.h>

#define TAG_ARRIVAL 0x617272ULL

static void write_field(FILE *f, const char *s, int first)
{
    if (!first)
        csvout_sep(f);
    csvout_str(f, s, 0);
}

static void write_header(FILE *out, FILE *truth, int labels)
{
    for (int i = 0; i < GC_COUNT; i++)
        write_field(out, gen_col_names[i], i == 0);
    if (labels)
        fputs(",label,actor_id", out);
    csvout_end(out);
    if (truth)
        fputs("lease_id,actor_id,label,kind\n", truth);
}

static void actor_id(char *buf, size_t cap, uint32_t index)
{
    snprintf(buf, cap, "A%u", index);
}

lh_status gen_run(FILE *out, FILE *truth, const gen_options *opt, gen_stats *stats, lh_error *err)
{
    gen_stats local;
    if (stats == NULL)
        stats = &local;
    memset(stats, 0, sizeof *stats);
    if (opt->scenario == NULL)
        return LH_FAIL(err, LH_EUSAGE, "gen: no scenario");
    if (opt->leases < 1 || opt->leases > GEN_MAX_ROWS)
        return LH_FAIL(err, LH_EUSAGE, "gen: --leases must be from 1 to %llu",
                       (unsigned long long)GEN_MAX_ROWS);
    const gen_scenario *sc = opt->scenario;
    if (sc->fraud_leases_max > GEN_MAX_PERSONAS || sc->fraud_leases_min < 1)
        return LH_FAIL(err, LH_EINTERNAL, "gen: scenario %s: fake actors need 1..%d leases",
                       sc->name, GEN_MAX_PERSONAS);

    gen_ctx *c = xmalloc(sizeof *c);
    gen_ctx_init(c, sc, opt->seed, opt->leases);
    gen_heap heap;
    gen_heap_init(&heap);
    gen_actor *actor = xmalloc(sizeof *actor);
    gen_row *row = xmalloc(sizeof *row);
    gsl_rng *arrivals = gen_rng_new();
    gen_rng_seed(arrivals, gen_key(opt->seed, TAG_ARRIVAL));
    lh_status st = LH_OK;

    double span = sc->span_days * 86400.0;
    double mean_gap = c->mean_all * span / (double)opt->leases; /* seconds between arrivals */
    double next_arrival = (double)GEN_LOG_START;
    uint32_t next_actor = 0;
    int have_actor = 0;

    write_header(out, truth, opt->labels);
    while (stats->rows < opt->leases) {
        const gen_event *top = gen_heap_top(&heap);
        int64_t arrival_t = (int64_t)next_arrival;
        if (top == NULL || arrival_t <= top->time) {
            if (next_actor == UINT32_MAX) {
                st = LH_FAIL(err, LH_EINTERNAL, "generator: too many actors");
                goto done;
            }
            gen_event ev = {arrival_t, next_actor++, 0};
            if ((st = gen_heap_push(&heap, ev, err)) != LH_OK)
                goto done;
            if (heap.n > stats->max_active)
                stats->max_active = heap.n;
            next_arrival += gen_exponential(arrivals, mean_gap);
            continue;
        }
        gen_event ev = gen_heap_pop(&heap);
        if (!have_actor || actor->index != ev.actor) {
            gen_actor_derive(c, ev.actor, actor);
            have_actor = 1;
        }
        uint64_t row_no = ++stats->rows;
        gen_lease_render(c, actor, ev.lease, ev.time, row_no, row);
        for (int i = 0; i < GC_COUNT; i++)
            write_field(out, row->f[i], i == 0);
        char aid[24];
        actor_id(aid, sizeof aid, actor->index);
        int label = gen_kind_is_fake(actor->kind);
        if (opt->labels)
            fprintf(out, ",%d,%s", label, aid);
        csvout_end(out);
        if (truth)
            fprintf(truth, "%s,%s,%d,%s\n", row->f[GC_LEASE_ID], aid, label,
                    gen_kind_name(actor->kind));

        stats->leases_by_kind[actor->kind]++;
        if (ev.lease == 0) {
            stats->actors++;
            stats->actors_by_kind[actor->kind]++;
        }
        if (row_no == 1)
            stats->first = ev.time;
        stats->last = ev.time;
        if (ev.lease + 1 < actor->n_leases) {
            gen_event next = {ev.time + gen_actor_gap(c, actor, ev.lease), ev.actor, ev.lease + 1};
            if ((st = gen_heap_push(&heap, next, err)) != LH_OK)
                goto done;
        }
        if (ferror(out) || (truth && ferror(truth))) {
            st = LH_FAIL(err, LH_ECANTCREAT, "cannot write the generated log: %s",
                         strerror(errno ? errno : EIO));
            goto done;
        }
    }
done:
    gsl_rng_free(arrivals);
    xfree(row);
    xfree(actor);
    gen_heap_free(&heap);
    gen_ctx_free(c);
    xfree(c);
    return st;
}

/* ---------------------------------------------------------------- files */

/* A stdio stream that gzips into another stream (owned by the caller). */
typedef struct gz_sink {
    FILE *to;
    z_stream z;
    int failed;
    unsigned char buf[1 << 16];
} gz_sink;

static int gz_pump(gz_sink *g, int flush)
{
    int ret;
    do {
        g->z.next_out = g->buf;
        g->z.avail_out = sizeof g->buf;
        ret = deflate(&g->z, flush);
        if (ret == Z_STREAM_ERROR)
            return -1;
        size_t have = sizeof g->buf - g->z.avail_out;
        if (have && fwrite(g->buf, 1, have, g->to) != have)
            return -1;
    } while (g->z.avail_out == 0);
    return flush == Z_FINISH && ret != Z_STREAM_END ? -1 : 0;
}

static ssize_t gz_write(void *cookie, const char *data, size_t size)
{
    gz_sink *g = cookie;
    if (g->failed)
        return -1;
    g->z.next_in = (unsigned char *)(uintptr_t)data;
    g->z.avail_in = (uInt)size;
    if (gz_pump(g, Z_NO_FLUSH) != 0) {
        g->failed = 1;
        errno = EIO;
        return -1;
    }
    return (ssize_t)size;
}

static int gz_close(void *cookie)
{
    gz_sink *g = cookie;
    int bad = g->failed || gz_pump(g, Z_FINISH) != 0;
    deflateEnd(&g->z);
    xfree(g);
    return bad ? -1 : 0;
}

static FILE *gz_open(FILE *to)
{
    gz_sink *g = xcalloc(1, sizeof *g);
    g->to = to;
    /* windowBits 15 + 16: a gzip wrapper; its header has no name and time 0 */
    if (deflateInit2(&g->z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
        xfree(g);
        return NULL;
    }
    cookie_io_functions_t io = {NULL, gz_write, NULL, gz_close};
    FILE *f = fopencookie(g, "w", io);
    if (f == NULL) {
        deflateEnd(&g->z);
        xfree(g);
        return NULL;
    }
    return f;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

typedef struct out_file {
    atomic_file af;
    FILE *f; /* where gen_run writes: af.f or a gzip stream over it */
    int gz;
    char *dir, *name;
} out_file;

/* Splits path into folder and file name and opens it for atomic writing. */
static lh_status out_open(out_file *o, const char *path, lh_error *err)
{
    memset(o, 0, sizeof *o);
    const char *slash = strrchr(path, '/');
    if (path[0] == '\0' || (slash && slash[1] == '\0'))
        return LH_FAIL(err, LH_EUSAGE, "gen: '%s' is not a file name", path);
    if (slash == NULL) {
        o->dir = xstrdup(".");
        o->name = xstrdup(path);
    } else {
        o->dir = slash == path ? xstrdup("/") : xstrndup(path, (size_t)(slash - path));
        o->name = xstrdup(slash + 1);
    }
    lh_status st = atomic_file_open(&o->af, o->dir, o->name, err);
    if (st != LH_OK)
        return st;
    o->f = o->af.f;
    if (ends_with(path, ".gz")) {
        o->f = gz_open(o->af.f);
        o->gz = 1;
        if (o->f == NULL)
            return LH_FAIL(err, LH_EINTERNAL, "cannot start gzip compression for %s", path);
    }
    return LH_OK;
}

/* Finishes the gzip stream, if any; the atomic file stays open for commit or abort. */
static lh_status out_finish(out_file *o, const char *path, lh_error *err)
{
    if (o->gz && o->f) {
        int bad = ferror(o->f) || fclose(o->f) != 0;
        o->f = NULL;
        if (bad)
            return LH_FAIL(err, LH_ECANTCREAT, "cannot write %s", path);
    }
    return LH_OK;
}

static void out_release(out_file *o, int abort)
{
    if (o->gz && o->f)
        fclose(o->f);
    o->f = NULL;
    if (abort)
        atomic_file_abort(&o->af);
    xfree(o->dir);
    xfree(o->name);
    o->dir = o->name = NULL;
}

lh_status gen_write_files(const char *out_path, const char *truth_path, const gen_options *opt,
                          gen_stats *stats, lh_error *err)
{
    out_file out, truth;
    memset(&truth, 0, sizeof truth);
    lh_status st = out_open(&out, out_path, err);
    if (st == LH_OK && truth_path)
        st = out_open(&truth, truth_path, err);
    if (st == LH_OK)
        st = gen_run(out.f, truth_path ? truth.f : NULL, opt, stats, err);
    if (st == LH_OK)
        st = out_finish(&out, out_path, err);
    if (st == LH_OK && truth_path)
        st = out_finish(&truth, truth_path, err);
    /* the log and its truth appear together or not at all (util/atomic_file.h batches) */
    atomic_file_batch_begin();
    if (st == LH_OK)
        st = atomic_file_commit(&out.af, err);
    if (st == LH_OK && truth_path)
        st = atomic_file_commit(&truth.af, err);
    if (st == LH_OK)
        st = atomic_file_batch_publish(err);
    else
        atomic_file_batch_abort();
    /* a committed file is closed and released; aborting it again is a no-op */
    out_release(&out, st != LH_OK);
    if (truth_path)
        out_release(&truth, st != LH_OK);
    return st;
}
