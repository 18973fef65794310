/* run_jobs: every job runs once, each on its own slot; shared workers all return. */
#include "util/threads.h"

#include <criterion/criterion.h>
#include <stdatomic.h>

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
