/* strpool.h: string interning.
 *
 * Each distinct byte string is stored once and named by a dense id in insertion order: id 0 is
 * always the empty string (a missing value), ids 1.. follow first appearance. Two keys of one
 * pool compare equal exactly when their ids do, and per-value tables can be plain arrays indexed
 * by id. Ids, and therefore every output, do not depend on the hash seed.
 */
#ifndef LH_UTIL_STRPOOL_H
#define LH_UTIL_STRPOOL_H

#include "util/hash.h"

#include <stddef.h>
#include <stdint.h>

#define STRPOOL_NONE    UINT32_MAX /* "not in the pool" from strpool_find */
#define STRPOOL_MAX_LEN ((size_t)UINT32_MAX - 1)

typedef struct strpool strpool;

strpool *strpool_new(void);
void strpool_free(strpool *pool); /* NULL is a no-op */

/* The id of s[0..len), adding it if new; *added (may be NULL) tells which. The pool copies the
 * bytes. len 0 gives id 0. */
uint32_t strpool_intern(strpool *pool, const char *s, size_t len, int *added);
/* The hash every pool uses for s[0..len): callers that intern later may compute it early (on
 * another thread), prefetch its slot, and intern with it. */
uint32_t strpool_hash(const char *s, size_t len);
/* strpool_hash with seed == hash_seed() read once by a caller that hashes many strings. */
static inline uint32_t strpool_hash_seeded(const char *s, size_t len, uint64_t seed)
{
    return (uint32_t)(hash_bytes(s, len, seed) >> 32);
}
/* Hints the processor to fetch the slot where a string of hash h would be. An intern that hits
 * an existing string then waits on two more loads, each a cache miss in a large pool: its entry
 * and its bytes. A caller that knows its hashes well ahead fetches in three stages, a few
 * strings apart: strpool_prefetch (the slot), then strpool_prefetch_entry (reads the slot),
 * then strpool_prefetch_text (reads the slot and the entry). Hints only: any order is correct. */
void strpool_prefetch(const strpool *pool, uint32_t h);
void strpool_prefetch_entry(const strpool *pool, uint32_t h);
void strpool_prefetch_text(const strpool *pool, uint32_t h);
/* Hints for a strpool_get of id a little later: strpool_prefetch_id fetches its entry, then
 * strpool_prefetch_id_text (which reads the entry) its bytes. */
void strpool_prefetch_id(const strpool *pool, uint32_t id);
void strpool_prefetch_id_text(const strpool *pool, uint32_t id);
/* Makes room in the hash index for n strings (a no-op with room, or without an index): a caller
 * that can tell how many distinct strings are coming spares the rehash of every doubling. A hint:
 * ids do not depend on it, and room that cannot be had is not taken. */
void strpool_reserve(strpool *pool, size_t n);
/* strpool_intern with h == strpool_hash(s, len) already known. */
uint32_t strpool_intern_hashed(strpool *pool, const char *s, size_t len, uint32_t h, int *added);
/* The id of s[0..len), or STRPOOL_NONE. Without an index (strpool_drop_index) a scan of every
 * string: call strpool_build_index first to look up many. */
uint32_t strpool_find(const strpool *pool, const char *s, size_t len);
/* Frees the hash index (8 to 16 bytes per string) of a pool that takes no new strings: ids,
 * strings and strpool_get stay as they are. strpool_intern builds the index again first. */
void strpool_drop_index(strpool *pool);
/* Builds the index again after strpool_drop_index (hashing every string); a no-op with one. */
void strpool_build_index(strpool *pool);
/* The string of an id: NUL-terminated, valid as long as the pool; *len may be NULL. */
const char *strpool_get(const strpool *pool, uint32_t id, size_t *len);
/* Number of ids handed out, the empty string included (so ids are < strpool_count). */
uint32_t strpool_count(const strpool *pool);
/* Bytes held: strings, their index and the hash table (when there is one). */
size_t strpool_memory(const strpool *pool);

#endif
