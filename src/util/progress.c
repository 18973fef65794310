/* progress.c: see progress.h. */
#include "util/progress.h"

#include <stdio.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

void progress_init(progress *p, int on)
{
    p->on = on && isatty(STDERR_FILENO);
    p->stage = "";
    p->stage_start = p->last = now();
    p->total_bytes = 0;
}

void progress_stage(progress *p, const char *stage)
{
    if (!p->on)
        return;
    p->stage = stage;
    p->stage_start = p->last = now();
    fprintf(stderr, "\r\033[Kleasehound: %s ...", stage);
    fflush(stderr);
}

static void human(double v, char *buf, size_t n)
{
    if (v >= 1e6)
        snprintf(buf, n, "%.1fM", v / 1e6);
    else if (v >= 1e3)
        snprintf(buf, n, "%.0fk", v / 1e3);
    else
        snprintf(buf, n, "%.0f", v);
}

void progress_rows(progress *p, uint64_t rows, uint64_t bytes_done)
{
    if (!p->on)
        return;
    double t = now();
    if (t - p->last < 0.2)
        return;
    p->last = t;
    double el = t - p->stage_start;
    char r[32], rs[32];
    human((double)rows, r, sizeof r);
    human(el > 0 ? (double)rows / el : 0, rs, sizeof rs);
    fprintf(stderr, "\r\033[Kleasehound: %s: %s rows, %s rows/s", p->stage, r, rs);
    if (p->total_bytes > 0 && bytes_done > 0 && bytes_done < p->total_bytes)
        fprintf(stderr, ", %.0f s left",
                el * (double)(p->total_bytes - bytes_done) / (double)bytes_done);
    fflush(stderr);
}

void progress_end(progress *p)
{
    if (!p->on)
        return;
    fputs("\r\033[K", stderr);
    fflush(stderr);
}
