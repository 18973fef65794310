/* threads.c: see threads.h. */
#include "util/threads.h"

#include <assert.h>
#include <pthread.h>

int run_jobs_count(int threads, int worth)
{
    if (!worth || threads < 2)
        return 1;
    return threads > RUN_JOBS_MAX ? RUN_JOBS_MAX : threads;
}

void run_jobs(int n, void *(*fn)(void *), void *jobs, size_t size)
{
    assert(n >= 1 && n <= RUN_JOBS_MAX);
    char *at = jobs;
    pthread_t tid[RUN_JOBS_MAX];
    int started[RUN_JOBS_MAX] = {0};
    for (int k = 1; k < n; k++)
        started[k] = pthread_create(&tid[k], NULL, fn, at + (size_t)k * size) == 0;
    fn(at);
    for (int k = 1; k < n; k++) {
        if (started[k])
            pthread_join(tid[k], NULL);
        else
            fn(at + (size_t)k * size); /* no thread: done here */
    }
}

void split_by_weight(const uint32_t *start, size_t n, int parts, size_t *bound)
{
    size_t k = 0;
    bound[0] = 0;
    for (int t = 0; t < parts; t++) {
        size_t want = (size_t)start[n] * (size_t)(t + 1) / (size_t)parts;
        while (k < n && (t == parts - 1 || start[k + 1] <= want))
            k++;
        bound[t + 1] = t == parts - 1 ? n : k;
    }
}

void chunk_queue_init(chunk_queue *q, size_t n, size_t chunk)
{
    assert(chunk > 0);
    atomic_init(&q->next, 0);
    q->n = n;
    q->chunk = chunk;
}

size_t chunk_queue_count(const chunk_queue *q)
{
    return (q->n + q->chunk - 1) / q->chunk;
}

int chunk_queue_take(chunk_queue *q, size_t *k, size_t *lo, size_t *hi)
{
    size_t i = atomic_fetch_add_explicit(&q->next, 1, memory_order_relaxed);
    if (i >= chunk_queue_count(q))
        return 0;
    if (k)
        *k = i;
    *lo = i * q->chunk;
    *hi = *lo + q->chunk < q->n ? *lo + q->chunk : q->n;
    return 1;
}
