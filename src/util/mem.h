/* mem.h: allocation that never returns NULL.
 *
 * Out of memory is fatal (STYLE.md): the x* functions print the size that could not be had
 * and exit with status 70. Every allocation in leasehound goes through them, which also gives
 * the fault-injection build (LH_FAULT_INJECTION) one place to fail the N-th allocation.
 */
#ifndef LH_UTIL_MEM_H
#define LH_UTIL_MEM_H

#include <stddef.h>
#include <stdlib.h>

void *xmalloc(size_t size);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *ptr, size_t size);
/* Grows *ptr to hold at least `need` elements of `elem` bytes, doubling; *cap is updated. */
void *xgrow(void *ptr, size_t *cap, size_t need, size_t elem);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* DIR/NAME in a new string (no second slash when dir ends with one). */
char *xpath_join(const char *dir, const char *name);

/* Gives the free memory of every allocator arena back to the operating system, between stages:
 * glibc keeps freed blocks below its mmap threshold (which it raises as large blocks are freed)
 * and the arenas of threads that are gone, so a stage's peak would add to what the stages
 * before it freed. A no-op elsewhere. */
void mem_release_free(void);

/* Fault injection: when built with LH_FAULT_INJECTION, the N-th allocation (1-based) counted
 * from the call fails as if memory had run out; 0 disables. Returns the number counted so far. */
void mem_fail_at(unsigned long n);
unsigned long mem_alloc_count(void);

#endif
