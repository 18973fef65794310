/* run_jobs: every job runs once, each on its own slot; shared workers all return; a chunk_queue
 * hands out every item once. */
#include "util/threads.h"

#include <criterion/criterion.h>
#include <stdatomic.h>
#include <stdlib.h>

typedef struct slot {
    int runs;
    int index;
} slot;

static void *mark(void *arg)
{
    ((slot *)arg)->runs++;
    return NULL;
}

Test(threads, every_job_runs_once)
{
    for (int n = 1; n <= RUN_JOBS_MAX; n++) {
        slot s[RUN_JOBS_MAX] = {{0}};
        run_jobs(n, mark, s, sizeof *s);
        for (int k = 0; k < RUN_JOBS_MAX; k++)
            cr_assert_eq(s[k].runs, k < n ? 1 : 0, "%d jobs: job %d", n, k);
    }
}

typedef struct queue {
    atomic_int next, done;
    int items;
} queue;

static void *drain(void *arg)
{
    queue *q = arg;
    while (atomic_fetch_add(&q->next, 1) < q->items)
        atomic_fetch_add(&q->done, 1);
    return NULL;
}

Test(threads, workers_sharing_one_job_take_every_item_once)
{
    queue q = {0, 0, 100000};
    run_jobs(4, drain, &q, 0);
    cr_assert_eq(atomic_load(&q.done), 100000);
}

/* Workers draining one chunk_queue: each marks the items of the chunks it takes, and checks
 * that a chunk's bounds follow from its index. */
typedef struct chunk_run {
    chunk_queue q;
    atomic_uchar *seen; /* [n]: times an item was handed out */
    atomic_int bad;     /* chunks whose bounds did not match their index */
} chunk_run;

static void *take_chunks(void *arg)
{
    chunk_run *r = arg;
    size_t k, lo, hi;
    while (chunk_queue_take(&r->q, &k, &lo, &hi)) {
        if (lo != k * r->q.chunk || hi <= lo || hi - lo > r->q.chunk || hi > r->q.n)
            atomic_fetch_add(&r->bad, 1);
        for (size_t i = lo; i < hi; i++)
            atomic_fetch_add(&r->seen[i], 1);
    }
    return NULL;
}

Test(threads, a_chunk_queue_hands_out_every_item_once_in_chunks_of_its_size)
{
    const size_t sizes[] = {0, 1, 7, 4096, 4097, 100003};
    const size_t chunks[] = {1, 3, 4096};
    for (size_t a = 0; a < sizeof sizes / sizeof *sizes; a++)
        for (size_t b = 0; b < sizeof chunks / sizeof *chunks; b++) {
            size_t n = sizes[a], chunk = chunks[b];
            chunk_run r = {.seen = calloc(n ? n : 1, sizeof *r.seen)};
            cr_assert_not_null(r.seen);
            chunk_queue_init(&r.q, n, chunk);
            cr_assert_eq(chunk_queue_count(&r.q), (n + chunk - 1) / chunk);
            run_jobs(4, take_chunks, &r, 0);
            cr_assert_eq(atomic_load(&r.bad), 0, "n %zu, chunk %zu", n, chunk);
            for (size_t i = 0; i < n; i++)
                cr_assert_eq(atomic_load(&r.seen[i]), 1, "n %zu, chunk %zu: item %zu", n, chunk, i);
            size_t k, lo, hi;
            cr_assert_not(chunk_queue_take(&r.q, &k, &lo, &hi), "taken after the last chunk");
            free(r.seen);
        }
}

/* split_by_weight cuts items into contiguous ranges covering them all, in order, each range
 * ending at the first item whose prefix passes its share; one part takes everything. */
Test(threads, split_by_weight_covers_every_item_in_shares)
{
    uint32_t start[11] = {0};
    for (int k = 0; k < 10; k++)
        start[k + 1] = start[k] + (k == 3 ? 50 : 5); /* one heavy item: 95 in all */
    size_t bound[RUN_JOBS_MAX + 1];
    split_by_weight(start, 10, 1, bound);
    cr_assert(bound[0] == 0 && bound[1] == 10);
    split_by_weight(start, 10, 2, bound);
    cr_assert_eq(bound[0], 0);
    cr_assert_eq(bound[1], 3, "the heavy item passes half of 95: it starts the second part");
    cr_assert_eq(bound[2], 10);
    split_by_weight(start, 10, 4, bound);
    for (int t = 0; t < 4; t++)
        cr_assert_leq(bound[t], bound[t + 1]);
    cr_assert_eq(bound[4], 10);
    split_by_weight(start, 0, 3, bound);
    for (int t = 0; t <= 3; t++)
        cr_assert_eq(bound[t], 0);
}
