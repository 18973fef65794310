/* heap.h: the generator's event queue, a binary min-heap of next leases (internal to gen/).
 *
 * Each active actor has exactly one entry: the time of its next lease. Entries order by
 * (time, actor, lease), a total order, so ties break the same way in every run. An entry is 16
 * bytes; the heap holds the actors whose next lease is still to come, not all leases.
 */
#ifndef LH_GEN_HEAP_H
#define LH_GEN_HEAP_H

#include "util/error.h"

#include <stddef.h>
#include <stdint.h>

typedef struct gen_event {
    int64_t time;   /* UTC seconds of the lease */
    uint32_t actor; /* actor index */
    uint32_t lease; /* the actor's lease number, from 0 */
} gen_event;

typedef struct gen_heap {
    gen_event *e; /* owned */
    size_t n, cap;
    size_t max; /* most entries ever allowed (GEN_HEAP_MAX) */
} gen_heap;

#define GEN_HEAP_MAX ((size_t)1 << 28) /* 4 GiB of entries: far beyond 10^9 leases' needs */

void gen_heap_init(gen_heap *h);
void gen_heap_free(gen_heap *h);
/* Adds ev. LH_EINTERNAL when the heap would exceed its maximum. */
lh_status gen_heap_push(gen_heap *h, gen_event ev, lh_error *err);
/* Removes and returns the least entry; the heap must not be empty. */
gen_event gen_heap_pop(gen_heap *h);
static inline const gen_event *gen_heap_top(const gen_heap *h)
{
    return h->n ? &h->e[0] : NULL;
}

#endif
