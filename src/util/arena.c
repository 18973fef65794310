/* arena.c: chunked bump allocation (see arena.h).
 *
 * Chunks form a singly linked list, newest first. An allocation larger than a quarter chunk gets
 * a chunk of its own, inserted behind the head so that the head's free tail is not wasted.
 * Cost: O(1) per allocation; one malloc per ARENA_CHUNK bytes, then, once an arena holds 16
 * chunks, per eighth of what it holds (chunk_size).
 */
#include "util/arena.h"
#include "util/mem.h"

#include <string.h>

struct arena_chunk {
    arena_chunk *next;
    size_t size; /* usable bytes in data[] */
    _Alignas(8) unsigned char data[];
};

void arena_init(arena *a)
{
    a->head = NULL;
    a->used = 0;
    a->total = 0;
}

void arena_free(arena *a)
{
    arena_chunk *c = a->head;
    while (c) {
        arena_chunk *next = c->next;
        xfree(c);
        c = next;
    }
    arena_init(a);
}

void arena_reset(arena *a)
{
    if (a->head == NULL)
        return;
    arena_chunk *keep = a->head;
    arena_chunk *c = keep->next;
    while (c) {
        arena_chunk *next = c->next;
        a->total -= c->size;
        xfree(c);
        c = next;
    }
    keep->next = NULL;
    a->used = 0;
}

/* The size of a's next shared chunk: ARENA_CHUNK, and for an arena that has grown large (a
 * string pool of millions of values, read at random) an eighth of what it holds, at most 32
 * ARENA_CHUNKs: large enough for huge pages (mem_advise_huge), which spare each read at random
 * a walk of the page tables. */
static size_t chunk_size(const arena *a)
{
    if (a->total < (size_t)ARENA_CHUNK * 16)
        return ARENA_CHUNK;
    size_t size = (a->total / 8 + ARENA_CHUNK - 1) / ARENA_CHUNK * ARENA_CHUNK;
    return size < (size_t)ARENA_CHUNK * 32 ? size : (size_t)ARENA_CHUNK * 32;
}

static arena_chunk *chunk_new(size_t size)
{
    arena_chunk *c = xmalloc(sizeof *c + size);
    c->next = NULL;
    c->size = size;
    return c;
}

/* size bytes at a multiple of align (a power of two, at most 8) from the head chunk's used
 * part on, or from a new chunk. */
static void *bump(arena *a, size_t size, size_t align)
{
    if (size > ARENA_CHUNK / 4) {
        arena_chunk *c = chunk_new(size);
        a->total += size;
        if (a->head) {
            c->next = a->head->next;
            a->head->next = c;
        } else {
            a->head = c;
            a->used = size;
        }
        return c->data;
    }
    size_t at = a->head ? (a->used + align - 1) & ~(align - 1) : 0;
    if (a->head == NULL || at > a->head->size || a->head->size - at < size) {
        size_t chunk = chunk_size(a);
        arena_chunk *c = chunk_new(chunk);
        mem_advise_huge(c, sizeof *c + chunk);
        a->total += chunk;
        c->next = a->head;
        a->head = c;
        at = 0;
    }
    a->used = at + size;
    return a->head->data + at;
}

void *arena_alloc(arena *a, size_t size)
{
    return bump(a, size, 8);
}

void *arena_alloc_bytes(arena *a, size_t size)
{
    return bump(a, size, 1);
}

/* Strings are packed without alignment: padding to 8 would cost 3.5 bytes a string on
 * average, much of a short string's size. */
char *arena_strndup(arena *a, const char *s, size_t n)
{
    char *p = arena_alloc_bytes(a, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}
