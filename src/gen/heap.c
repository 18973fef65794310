/* heap.c: a binary min-heap in an array (see heap.h).
 *
 * e[0] is the least entry; the children of e[i] are e[2i+1] and e[2i+2].
 * Cost: push and pop O(log n); the array doubles when full (xgrow), up to GEN_HEAP_MAX.
 * Invariant: no entry is less than its parent (checked by the tests through pop order).
 */
#include "gen/heap.h"
#include "util/mem.h"

#include <assert.h>
#include <stdlib.h>

static int less(const gen_event *a, const gen_event *b)
{
    if (a->time != b->time)
        return a->time < b->time;
    if (a->actor != b->actor)
        return a->actor < b->actor;
    return a->lease < b->lease;
}

void gen_heap_init(gen_heap *h)
{
    h->e = NULL;
    h->n = h->cap = 0;
    h->max = GEN_HEAP_MAX;
}

void gen_heap_free(gen_heap *h)
{
    xfree(h->e);
    gen_heap_init(h);
}

lh_status gen_heap_push(gen_heap *h, gen_event ev, lh_error *err)
{
    if (h->n >= h->max)
        return LH_FAIL(err, LH_EINTERNAL, "generator: more than %zu actors active at once", h->max);
    h->e = xgrow(h->e, &h->cap, h->n + 1, sizeof *h->e);
    size_t i = h->n++;
    while (i > 0) {
        size_t parent = (i - 1) / 2;
        if (!less(&ev, &h->e[parent]))
            break;
        h->e[i] = h->e[parent];
        i = parent;
    }
    h->e[i] = ev;
    return LH_OK;
}

gen_event gen_heap_pop(gen_heap *h)
{
    assert(h->n > 0);
    gen_event top = h->e[0], last = h->e[--h->n];
    size_t i = 0, n = h->n;
    for (;;) {
        size_t child = 2 * i + 1;
        if (child >= n)
            break;
        if (child + 1 < n && less(&h->e[child + 1], &h->e[child]))
            child++;
        if (!less(&h->e[child], &last))
            break;
        h->e[i] = h->e[child];
        i = child;
    }
    if (n > 0)
        h->e[i] = last;
    return top;
}
