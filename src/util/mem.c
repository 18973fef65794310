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
#include <unistd.h>
#endif
#include <pthread.h>

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

#if defined(__linux__) && (defined(MADV_HUGEPAGE) || defined(MADV_POPULATE_WRITE))
static uintptr_t page_bytes(void)
{
    long ps = sysconf(_SC_PAGESIZE);
    return ps > 0 ? (uintptr_t)ps : 4096;
}
#endif

void mem_advise_huge(void *p, size_t size)
{
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    if (size < HUGE_BLOCK)
        return;
#ifdef __GLIBC__
    size_t usable = malloc_usable_size(p); /* a kept block may be larger than asked */
    if (usable > size)
        size = usable;
#endif
    /* Every page of the block, not only its whole huge pages (the kernel maps a huge page only
       where one fits anyway): advising part of a mapping splits it, and glibc's realloc can then
       no longer move or resize the block with mremap (which fails across mappings), so it copied
       the block into new pages to grow it and could not shrink it at all. */
    uintptr_t page = page_bytes();
    uintptr_t lo = (uintptr_t)p & ~(page - 1);
    uintptr_t hi = ((uintptr_t)p + size + page - 1) & ~(page - 1);
    (void)madvise((void *)lo, hi - lo, MADV_HUGEPAGE);
#else
    (void)p;
    (void)size;
#endif
}

void mem_populate(void *p, size_t size)
{
#if defined(__linux__) && defined(MADV_POPULATE_WRITE)
    uintptr_t page = page_bytes();
    uintptr_t lo = ((uintptr_t)p + page - 1) & ~(page - 1);
    uintptr_t hi = ((uintptr_t)p + size) & ~(page - 1);
    if (hi > lo)
        (void)madvise((void *)lo, hi - lo, MADV_POPULATE_WRITE);
#else
    (void)p;
    (void)size;
#endif
}

/* ---- kept blocks ----
 *
 * Blocks of KEPT_MIN bytes or more that xfree was given, at most KEPT_CAP bytes of them,
 * oldest first out. They are glibc's own blocks (mapped apart, as glibc maps every block of
 * 32 MiB or more), kept whole: a kept block is handed out again by resizing it in place
 * (mremap, through realloc), its pages already the process's, or freed. */
#if defined(__SANITIZE_ADDRESS__)
#define LH_NO_KEPT_BLOCKS /* ASan must see every free: a use after free, a double free */
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define LH_NO_KEPT_BLOCKS
#endif
#endif
#if defined(__GLIBC__) && !defined(LH_NO_KEPT_BLOCKS)
#define LH_KEPT_BLOCKS
#endif

#ifdef LH_KEPT_BLOCKS
#define KEPT_MIN   ((size_t)32 << 20)
#define KEPT_CAP   ((size_t)2 << 30)
#define KEPT_SLOTS 32

static struct {
    void *p;
    size_t size;
} kept[KEPT_SLOTS];
static int n_kept;
static size_t kept_bytes;
static pthread_mutex_t kept_mu = PTHREAD_MUTEX_INITIALIZER;

/* A kept block for `size` bytes, NULL when none: the smallest that holds them, or else, when
 * any_size, the largest (grown by the caller). */
static void *kept_take(size_t size, int any_size)
{
    if (__atomic_load_n(&n_kept, __ATOMIC_RELAXED) == 0)
        return NULL;
    pthread_mutex_lock(&kept_mu);
    int best = -1, largest = -1;
    for (int k = 0; k < n_kept; k++) {
        if (kept[k].size >= size && (best < 0 || kept[k].size < kept[best].size))
            best = k;
        if (largest < 0 || kept[k].size > kept[largest].size)
            largest = k;
    }
    if (best < 0 && any_size)
        best = largest;
    void *p = NULL;
    if (best >= 0) {
        p = kept[best].p;
        kept_bytes -= kept[best].size;
        kept[best] = kept[n_kept - 1];
        __atomic_store_n(&n_kept, n_kept - 1, __ATOMIC_RELAXED);
    }
    pthread_mutex_unlock(&kept_mu);
    return p;
}

/* p, a kept block, resized to `size` bytes when it is smaller or a quarter larger. */
static void *kept_fit(void *p, size_t size)
{
    size_t have = malloc_usable_size(p);
    if (have >= size && have - size <= size / 4)
        return p;
    void *q = realloc(p, size);
    if (q == NULL)
        out_of_memory(size);
    return q;
}
#endif

int mem_keeps_blocks(void)
{
#ifdef LH_KEPT_BLOCKS
    return 1;
#else
    return 0;
#endif
}

size_t mem_kept_bytes(void)
{
#ifdef LH_KEPT_BLOCKS
    pthread_mutex_lock(&kept_mu);
    size_t n = kept_bytes;
    pthread_mutex_unlock(&kept_mu);
    return n;
#else
    return 0;
#endif
}

void xfree(void *p)
{
#ifdef LH_KEPT_BLOCKS
    if (p == NULL)
        return;
    size_t size = malloc_usable_size(p);
    if (size >= KEPT_MIN && size <= KEPT_CAP) {
        void *out[KEPT_SLOTS];
        int n_out = 0;
        pthread_mutex_lock(&kept_mu);
        while (n_kept > 0 && (n_kept == KEPT_SLOTS || kept_bytes + size > KEPT_CAP)) {
            out[n_out++] = kept[0].p; /* the oldest */
            kept_bytes -= kept[0].size;
            __atomic_store_n(&n_kept, n_kept - 1, __ATOMIC_RELAXED);
            memmove(kept, kept + 1, (size_t)n_kept * sizeof *kept);
        }
        kept[n_kept].p = p;
        kept[n_kept].size = size;
        kept_bytes += size;
        __atomic_store_n(&n_kept, n_kept + 1, __ATOMIC_RELAXED);
        pthread_mutex_unlock(&kept_mu);
        for (int k = 0; k < n_out; k++)
            free(out[k]);
        return;
    }
#endif
    free(p);
}

void *xmalloc(size_t size)
{
    if (injected_failure())
        out_of_memory(size);
#ifdef LH_KEPT_BLOCKS
    if (size >= KEPT_MIN) {
        void *k = kept_take(size, 1);
        if (k)
            return kept_fit(k, size);
    }
#endif
    void *p = malloc(size ? size : 1);
    if (p == NULL)
        out_of_memory(size);
    return p;
}

void *xcalloc(size_t count, size_t size)
{
    if (size != 0 && count > (size_t)-1 / size)
        out_of_memory((size_t)-1);
    if (injected_failure())
        out_of_memory(count * size);
#ifdef LH_KEPT_BLOCKS
    if (count * size >= KEPT_MIN) {
        /* only a block that holds them already: calloc's new pages are zero untouched, and a
           kept block grown would be touched whole */
        void *k = kept_take(count * size, 0);
        if (k) {
            k = kept_fit(k, count * size);
            memset(k, 0, count * size); /* pages of the process's: cheaper than new zero pages */
            return k;
        }
    }
#endif
    void *p = calloc(count ? count : 1, size ? size : 1);
    if (p == NULL)
        out_of_memory(count * size);
    return p;
}

void *xrealloc(void *ptr, size_t size)
{
    if (injected_failure())
        out_of_memory(size);
#ifdef LH_KEPT_BLOCKS
    if (size >= KEPT_MIN) {
        size_t have = ptr ? malloc_usable_size(ptr) : 0;
        void *k = have < size ? kept_take(size, ptr == NULL) : NULL;
        if (k) { /* a copy into pages of the process's rather than new pages for the growth */
            k = kept_fit(k, size);
            if (ptr) {
                memcpy(k, ptr, have);
                xfree(ptr);
            }
            return k;
        }
    }
#endif
    void *p = realloc(ptr, size ? size : 1);
    if (p == NULL)
        out_of_memory(size);
    return p;
}

void *xrealloc_try(void *ptr, size_t size)
{
    if (injected_failure())
        return NULL;
    return realloc(ptr, size ? size : 1);
}

size_t xgrow_cap(size_t cap, size_t need, size_t elem)
{
    if (need <= cap)
        return cap;
    size_t n = cap ? cap : 16;
    while (n < need) {
        if (n > ((size_t)-1 / 2) / elem)
            out_of_memory((size_t)-1);
        n *= 2;
    }
    return n;
}

void *xgrow(void *ptr, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return ptr;
    *cap = xgrow_cap(*cap, need, elem);
    return xrealloc(ptr, *cap * elem);
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
