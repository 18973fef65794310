/* mem.c: see mem.h. The fatal path writes with write(2)-free stdio only, allocates nothing and
 * exits with the internal-error status of DESIGN.md. */
#include "util/mem.h"
#include "util/error.h"

#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __linux__
#include <sys/mman.h>
#endif

static unsigned long alloc_count;
static unsigned long fail_at;

void mem_fail_at(unsigned long n)
{
    fail_at = n;
    alloc_count = 0;
}

unsigned long mem_alloc_count(void)
{
    return __atomic_load_n(&alloc_count, __ATOMIC_RELAXED);
}

static void out_of_memory(size_t size)
{
    fprintf(stderr, "leasehound: out of memory allocating %zu bytes\n", size);
    exit(LH_EINTERNAL);
}

static int injected_failure(void)
{
#ifdef LH_FAULT_INJECTION
    /* atomic: the link stage allocates from several threads */
    unsigned long k = __atomic_add_fetch(&alloc_count, 1, __ATOMIC_RELAXED);
    return fail_at != 0 && k == fail_at;
#else
    return 0;
#endif
}

#define HUGE_BLOCK ((size_t)4 << 20)
#define HUGE_PAGE  ((uintptr_t)2 << 20)

void mem_advise_huge(void *p, size_t size)
{
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    if (size < HUGE_BLOCK)
        return;
    uintptr_t lo = ((uintptr_t)p + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
    uintptr_t hi = ((uintptr_t)p + size) & ~(HUGE_PAGE - 1);
    if (hi > lo)
        (void)madvise((void *)lo, hi - lo, MADV_HUGEPAGE);
#else
    (void)p;
    (void)size;
#endif
}

void *xmalloc(size_t size)
{
    void *p = injected_failure() ? NULL : malloc(size ? size : 1);
    if (p == NULL)
        out_of_memory(size);
    return p;
}

void *xcalloc(size_t count, size_t size)
{
    if (size != 0 && count > (size_t)-1 / size)
        out_of_memory((size_t)-1);
    void *p = injected_failure() ? NULL : calloc(count ? count : 1, size ? size : 1);
    if (p == NULL)
        out_of_memory(count * size);
    return p;
}

void *xrealloc(void *ptr, size_t size)
{
    void *p = injected_failure() ? NULL : realloc(ptr, size ? size : 1);
    if (p == NULL)
        out_of_memory(size);
    return p;
}

void *xgrow(void *ptr, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return ptr;
    size_t n = *cap ? *cap : 16;
    while (n < need) {
        if (n > ((size_t)-1 / 2) / elem)
            out_of_memory((size_t)-1);
        n *= 2;
    }
    *cap = n;
    return xrealloc(ptr, n * elem);
}

char *xstrndup(const char *s, size_t n)
{
    char *p = xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *xstrdup(const char *s)
{
    return xstrndup(s, strlen(s));
}

char *xpath_join(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = xmalloc(n);
    snprintf(p, n, "%s%s%s", dir, dir[0] && dir[strlen(dir) - 1] == '/' ? "" : "/", name);
    return p;
}

void mem_release_free(void)
{
#ifdef __GLIBC__
    malloc_trim(0);
#endif
}
