/* arena.h: a bump allocator for data that lives as long as a stage.
 *
 * Memory comes in chunks of at least ARENA_CHUNK bytes and is released all at once by
 * arena_free(). A pointer from arena_alloc() stays valid until arena_free() or arena_reset().
 */
#ifndef LH_UTIL_ARENA_H
#define LH_UTIL_ARENA_H

#include <stddef.h>

#ifndef ARENA_CHUNK /* the fuzz build makes it smaller: tests/fuzz/CMakeLists.txt */
#define ARENA_CHUNK (1u << 20)
#endif

typedef struct arena_chunk arena_chunk;

typedef struct arena {
    arena_chunk *head; /* newest chunk; older ones follow ->next */
    size_t used;       /* bytes handed out in head */
    size_t total;      /* bytes reserved in all chunks, for memory accounting */
} arena;

void arena_init(arena *a);
/* Releases every chunk; arena_free on a zeroed or freed arena is a no-op. */
void arena_free(arena *a);
/* Forgets every allocation but keeps the newest chunk for reuse. */
void arena_reset(arena *a);
/* size bytes aligned to 8; never NULL. */
void *arena_alloc(arena *a, size_t size);
/* size bytes at any address (not aligned): packed bytes, no padding before them. */
void *arena_alloc_bytes(arena *a, size_t size);
/* A NUL-terminated copy of s[0..n), at any address (not aligned). */
char *arena_strndup(arena *a, const char *s, size_t n);

#endif
