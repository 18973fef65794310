/* threads.h: running a stage's jobs on threads, the calling thread taking the first.
 *
 * run_jobs(n, fn, jobs, size) calls fn on job k, at jobs + k * size, for k in [0, n): jobs 1 to
 * n - 1 on threads of their own, job 0 on the calling thread, and a job whose thread cannot be
 * started on the calling thread after it. It returns when every job is done. With size 0 every
 * call gets the same job: workers that take their work from a queue they share. Which thread
 * runs a job never changes what the job computes: outputs are the same for any thread count.
 */
#ifndef LH_UTIL_THREADS_H
#define LH_UTIL_THREADS_H

#include <stddef.h>

#define RUN_JOBS_MAX 16 /* the most jobs (and threads) of one call; --threads is capped there */

void run_jobs(int n, void *(*fn)(void *), void *jobs, size_t size);

/* How many jobs a stage runs: `threads` (at most RUN_JOBS_MAX) when the work is large enough to
 * be worth them (`worth`), else 1. */
int run_jobs_count(int threads, int worth);

#endif
