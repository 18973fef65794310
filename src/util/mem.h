/* mem.h: allocation that never returns NULL.
 *
 * Out of memory is fatal (STYLE.md): the x* functions print the size that could not be had
 * and exit with status 70. Every allocation in leasehound goes through them, which also gives
 * the fault-injection build (LH_FAULT_INJECTION) one place to fail the N-th allocation, and
 * every release through xfree (below).
 */
#ifndef LH_UTIL_MEM_H
#define LH_UTIL_MEM_H

#include <stddef.h>
#include <stdlib.h>

void *xmalloc(size_t size);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *ptr, size_t size);
/* realloc that may fail: NULL, and *ptr as it was, when memory is short (or under fault
 * injection). For growth that is only a hint (a reservation), never for what must be had. */
void *xrealloc_try(void *ptr, size_t size);
/* free(), except that a block of 32 MiB or more is kept (up to 2 GiB of them) for the next
 * x* allocation of a large block, which takes it instead of new memory: on the virtual machines
 * where leasehound runs, a page that the process has never touched, or gave back, costs as
 * much as a few microseconds of the kernel's and the host's time, and a large scan's stages free
 * and allocate gigabytes in turn. Any pointer that free() takes (a kept block is glibc's). */
void xfree(void *p);
/* Whether xfree keeps blocks in this build (not under AddressSanitizer, which must see every
 * free, nor without glibc), and the bytes of those it keeps now. */
int mem_keeps_blocks(void);
size_t mem_kept_bytes(void);
/* Grows *ptr to hold at least `need` elements of `elem` bytes, doubling; *cap is updated. */
void *xgrow(void *ptr, size_t *cap, size_t need, size_t elem);
/* The capacity xgrow gives for `need` elements from `cap` (cap itself when it holds them): for
 * arrays that grow together, each then resized with xrealloc to it; elem is the largest of their
 * element sizes. */
size_t xgrow_cap(size_t cap, size_t need, size_t elem);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* DIR/NAME in a new string (no second slash when dir ends with one). */
char *xpath_join(const char *dir, const char *name);

/* Gives the free memory of every allocator arena back to the operating system, between stages:
 * glibc keeps freed blocks below its mmap threshold (which it raises as large blocks are freed)
 * and the arenas of threads that are gone, so a stage's peak would add to what the stages
 * before it freed. The blocks xfree keeps stay kept, up to their bound: they are what the next
 * stage's large arrays take. A no-op elsewhere. */
void mem_release_free(void);

/* Advises huge pages (madvise MADV_HUGEPAGE) for every page of a block of 4 MiB or more, p as
 * the x* functions returned it (the advice covers the whole block, a kept block's room beyond
 * `size` included): the kernel maps 2 MiB pages where they fit, and a block advised whole stays
 * one mapping, which glibc's realloc can still move or resize with mremap. For the tables that a
 * stage reads at random, where with 4 KiB pages nearly every read of a table of hundreds of
 * megabytes also misses the TLB. Only a hint, which the kernel may ignore (huge pages off, none
 * free; a no-op off Linux); nothing depends on it but speed. Not for every large block: advising
 * all of them was tried, and its A/B (bench/scale-notes.md) showed gains only in the phases that
 * read these tables. */
void mem_advise_huge(void *p, size_t size);
/* Maps the whole pages within [p, p + size) now, as writes to them would (madvise
 * MADV_POPULATE_WRITE), without changing a byte: for a thread with time to spare, so that the
 * one that writes them later finds them mapped instead of waiting for the kernel to clear them.
 * Only a hint (a no-op where the kernel cannot, before Linux 5.14); safe on any memory of the
 * process. */
void mem_populate(void *p, size_t size);

/* Fault injection: when built with LH_FAULT_INJECTION, the N-th allocation (1-based) counted
 * from the call fails as if memory had run out; 0 disables. Returns the number counted so far. */
void mem_fail_at(unsigned long n);
unsigned long mem_alloc_count(void);

#endif
