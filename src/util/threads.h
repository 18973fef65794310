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

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#define RUN_JOBS_MAX 16 /* the most jobs (and threads) of one call; --threads is capped there */

void run_jobs(int n, void *(*fn)(void *), void *jobs, size_t size);

/* How many jobs a stage runs: `threads` (at most RUN_JOBS_MAX) when the work is large enough to
 * be worth them (`worth`), else 1. */
int run_jobs_count(int threads, int worth);

/* Cuts [0, n) into `parts` contiguous ranges of about equal weight, item k weighing
 * start[k + 1] - start[k] (start a prefix sum, start[n] the total: a renter's leases or links):
 * range t is [bound[t], bound[t + 1]), bound[0] = 0 and bound[parts] = n. */
void split_by_weight(const uint32_t *start, size_t n, int parts, size_t *bound);

/* Chunks of a range [0, n) handed out in order from a shared counter, for the workers of one
 * run_jobs(..., size 0) call: a worker takes the next chunk whenever it is done with one, so
 * work whose cost varies along the range (the pairs of one blocking rule cost more to score
 * than another's) keeps every thread busy to the end, where ranges cut in equal halves left one
 * thread idle. Chunk k is [k * chunk, min(n, (k + 1) * chunk)). */
typedef struct chunk_queue {
    atomic_size_t next;
    size_t n, chunk;
} chunk_queue;

void chunk_queue_init(chunk_queue *q, size_t n, size_t chunk);
/* How many chunks the queue holds in all. */
size_t chunk_queue_count(const chunk_queue *q);
/* Takes the next chunk: sets [*lo, *hi) and returns 1 (and its index in *k when k is not NULL),
 * or returns 0 when every chunk has been taken. Safe from any number of threads. */
int chunk_queue_take(chunk_queue *q, size_t *k, size_t *lo, size_t *hi);

#endif
