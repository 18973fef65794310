/* strpool.c: interning with an open-addressing hash table (see strpool.h).
 *
 * Data structures:
 *   text    arena holding every string, NUL-terminated;
 *   entry[] one pointer per id, in id order, to the string's bytes; the length is stored just
 *           before them (text_len): one byte under 255, else 255 after four bytes of length.
 *           8 bytes per string instead of a {pointer, length} of 16: at ten million leases the
 *           pools hold about sixty million strings;
 *   slot[]  the table: 0 = empty, else (hash << 32) | (id + 1); capacity a power of two, grown
 *           at 3/4 full. Probing is linear from hash & mask; the 32 hash bits in the slot are
 *           compared first, so a probe that misses never touches the entry array, and only a
 *           matching hash compares length and bytes.
 * The slots, the entries and (arena.c) the text of a large pool take huge pages where the
 * kernel gives them: with 4 KiB pages every probe of a pool of millions of strings also walked
 * the page tables, and a prefetch waits for its walk (at 10M leases the load's prefetches were
 * most of its stalls).
 * Cost: intern and find are O(1) expected, O(len) to hash and compare; growth rehashes from
 * the hashes in the slots, in slot order, without touching the entries or the strings. 9 bytes
 * per distinct string beyond its text and NUL (the entry, the length byte; 13 from 255 bytes
 * on), and 11 to 21 more for the table while there is one.
 * Invariant: slot count >= 4/3 entry count; entry[0] is "" and is never in the table. Once a
 * pool is complete its table may be dropped (slot NULL): ids and strings stay, a find scans.
 */
#include "util/strpool.h"
#include "util/arena.h"
#include "util/hash.h"
#include "util/mem.h"

#include <assert.h>
#include <string.h>

typedef const char *sp_entry;

/* The length stored before a string's bytes. */
static inline size_t text_len(const char *t)
{
    unsigned char b = (unsigned char)t[-1];
    if (b < 255)
        return b;
    uint32_t n;
    memcpy(&n, t - 1 - sizeof n, sizeof n);
    return n;
}

/* A copy of s[0..len) in a, NUL-terminated, its length before it (text_len). */
static const char *text_put(arena *a, const char *s, size_t len)
{
    size_t head = len < 255 ? 1 : 1 + sizeof(uint32_t);
    char *p = arena_alloc_bytes(a, head + len + 1);
    if (len < 255) {
        p[0] = (char)len;
    } else {
        uint32_t n = (uint32_t)len;
        memcpy(p, &n, sizeof n);
        p[sizeof n] = (char)255;
    }
    memcpy(p + head, s, len);
    p[head + len] = '\0';
    return p + head;
}

/* entry[0]: the empty string, length 0. */
static const char empty_text[2] = {0, 0};

struct strpool {
    arena text;
    sp_entry *entry;
    size_t n_entry, cap_entry;
    uint64_t *slot;
    size_t mask; /* slot capacity - 1 */
    uint64_t seed;
};

/* An empty table of cap slots, probed at random: huge pages where it is large enough. Zeroed
 * by writing, not by calloc: a probe reads a slot before an intern writes it, so each page of
 * a calloc'd table would first map the shared zero page and then fault again on the write, to
 * copy it, with a flush of every CPU's TLB (a quarter of a 1M scan's time in the kernel). For
 * a hint (a reservation), NULL when memory is short. */
static uint64_t *slots_new(size_t cap, int hint)
{
    uint64_t *slot = hint ? xrealloc_try(NULL, cap * sizeof *slot) : xmalloc(cap * sizeof *slot);
    if (slot == NULL)
        return NULL;
    mem_advise_huge(slot, cap * sizeof *slot);
    memset(slot, 0, cap * sizeof *slot);
    return slot;
}

strpool *strpool_new(void)
{
    strpool *p = xcalloc(1, sizeof *p);
    arena_init(&p->text);
    p->cap_entry = 256;
    p->entry = xmalloc(p->cap_entry * sizeof *p->entry);
    p->entry[0] = empty_text + 1;
    p->n_entry = 1;
    p->mask = 511;
    p->slot = slots_new(p->mask + 1, 0);
    p->seed = hash_seed();
    return p;
}

void strpool_free(strpool *p)
{
    if (p == NULL)
        return;
    arena_free(&p->text);
    xfree(p->entry);
    xfree(p->slot);
    xfree(p);
}

/* A slot's value: the hash and the id. */
static inline uint64_t slot_of(uint32_t h, size_t id)
{
    return (uint64_t)h << 32 | ((uint64_t)id + 1);
}

/* Puts slot value v (not in the table) at the first free slot from its hash's home. */
static void slot_put(uint64_t *slot, size_t mask, uint64_t v)
{
    size_t i = (uint32_t)(v >> 32) & mask;
    while (slot[i])
        i = (i + 1) & mask;
    slot[i] = v;
}

/* The hash of s[0..len) in pool p (strpool_hash's, with the seed the pool took). */
static inline uint32_t pool_hash(const strpool *p, const char *s, size_t len)
{
    return (uint32_t)(hash_bytes(s, len, p->seed) >> 32);
}

/* Moves the table to cap slots (a power of two, more than it has); 0 when a reservation (hint)
 * cannot have them, the table as it was. The old slots are read in order and each keeps its
 * hash, so an entry at old slot i goes near i + j * old capacity: the new table is written as a
 * few runs that move forward (two when it doubles), not at random (at 10M leases a column's
 * table is 128 MiB), and the entries are not read. Insertion order does not matter to linear
 * probing: every key is still found. */
static int resize_table(strpool *p, size_t cap, int hint)
{
    uint64_t *slot = slots_new(cap, hint);
    if (slot == NULL)
        return 0;
    size_t mask = cap - 1;
    for (size_t k = 0; k <= p->mask; k++)
        if (p->slot[k])
            slot_put(slot, mask, p->slot[k]);
    xfree(p->slot);
    p->slot = slot;
    p->mask = mask;
    return 1;
}

static void grow_table(strpool *p)
{
    resize_table(p, (p->mask + 1) * 2, 0);
}

/* The slots for n strings: the smallest power of two from cap on that they fill to 3/4 at most. */
static uint64_t slots_for(uint64_t n, uint64_t cap)
{
    while (n * 4 > cap * 3)
        cap *= 2;
    return cap;
}

void strpool_reserve(strpool *p, size_t n)
{
    if (p->slot == NULL || n > (size_t)UINT32_MAX - 2) /* ids are 32-bit */
        return;
    uint64_t cap = slots_for(n, (uint64_t)p->mask + 1);
    if (cap > p->mask + 1 && cap <= SIZE_MAX / sizeof *p->slot)
        (void)resize_table(p, (size_t)cap, 1);
}

static inline uint32_t slot_id(uint64_t v)
{
    return (uint32_t)v - 1;
}

/* a[0..n) == b[0..n), reading only those bytes: keys of up to 16 bytes (most of a lease's) by
 * two overlapping loads from each, without a call to memcmp. */
static inline int bytes_equal(const char *a, const char *b, size_t n)
{
    if (n >= 8 && n <= 16) {
        uint64_t a0, a1, b0, b1;
        memcpy(&a0, a, 8), memcpy(&a1, a + n - 8, 8);
        memcpy(&b0, b, 8), memcpy(&b1, b + n - 8, 8);
        return ((a0 ^ b0) | (a1 ^ b1)) == 0;
    }
    if (n >= 4 && n < 8) {
        uint32_t a0, a1, b0, b1;
        memcpy(&a0, a, 4), memcpy(&a1, a + n - 4, 4);
        memcpy(&b0, b, 4), memcpy(&b1, b + n - 4, 4);
        return ((a0 ^ b0) | (a1 ^ b1)) == 0;
    }
    if (n < 4) {
        for (size_t i = 0; i < n; i++)
            if (a[i] != b[i])
                return 0;
        return 1;
    }
    return memcmp(a, b, n) == 0;
}

static inline size_t probe(const strpool *p, const char *s, size_t len, uint32_t h)
{
    size_t i = h & p->mask;
    for (;;) {
        uint64_t v = p->slot[i];
        if (v == 0)
            return i;
        if ((uint32_t)(v >> 32) == h) {
            const char *t = p->entry[(uint32_t)v - 1];
            if (text_len(t) == len && bytes_equal(t, s, len))
                return i;
        }
        i = (i + 1) & p->mask;
    }
}

uint32_t strpool_hash(const char *s, size_t len)
{
    return strpool_hash_seeded(s, len, hash_seed());
}

void strpool_prefetch(const strpool *p, uint32_t h)
{
    if (p->slot)
        __builtin_prefetch(&p->slot[h & p->mask]);
}

/* The entry that an intern of h would most likely compare with, or NULL: the first slot of
 * hash h from its home on, as far as the home slot's cache line goes (the line that
 * strpool_prefetch fetched; a run of probes crosses into the next line rarely). Reads that
 * line, expected in the cache. */
static inline const sp_entry *home_entry(const strpool *p, uint32_t h)
{
    if (p->slot == NULL)
        return NULL;
    size_t i = h & p->mask;
    size_t in_line = (64 - ((uintptr_t)&p->slot[i] & 63)) / sizeof *p->slot;
    for (size_t k = 0; k < in_line; k++) {
        uint64_t v = p->slot[(i + k) & p->mask];
        if (v == 0)
            return NULL;
        if ((uint32_t)(v >> 32) == h)
            return &p->entry[slot_id(v)];
    }
    return NULL;
}

void strpool_prefetch_entry(const strpool *p, uint32_t h)
{
    const sp_entry *e = home_entry(p, h);
    if (e)
        __builtin_prefetch(e);
}

/* The entry is expected in the cache too: its bytes are fetched. */
void strpool_prefetch_text(const strpool *p, uint32_t h)
{
    const sp_entry *e = home_entry(p, h);
    if (e)
        __builtin_prefetch(*e - 1); /* the length byte, and the bytes after it */
}

void strpool_prefetch_id(const strpool *p, uint32_t id)
{
    __builtin_prefetch(&p->entry[id]);
}

void strpool_prefetch_id_text(const strpool *p, uint32_t id)
{
    __builtin_prefetch(p->entry[id] - 1);
}

uint32_t strpool_intern(strpool *p, const char *s, size_t len, int *added)
{
    return strpool_intern_hashed(p, s, len, len ? pool_hash(p, s, len) : 0, added);
}

uint32_t strpool_intern_hashed(strpool *p, const char *s, size_t len, uint32_t h, int *added)
{
    if (added)
        *added = 0;
    if (len == 0)
        return 0;
    if (p->slot == NULL)
        strpool_build_index(p);
    assert(len <= STRPOOL_MAX_LEN);
    size_t i = probe(p, s, len, h);
    if (p->slot[i])
        return slot_id(p->slot[i]);
    assert(p->n_entry < UINT32_MAX - 1);
    uint32_t id = (uint32_t)p->n_entry;
    if (p->n_entry == p->cap_entry) {
        p->entry = xgrow(p->entry, &p->cap_entry, p->n_entry + 1, sizeof *p->entry);
        mem_advise_huge(p->entry, p->cap_entry * sizeof *p->entry); /* read at random */
    }
    p->entry[id] = text_put(&p->text, s, len);
    p->n_entry++;
    p->slot[i] = slot_of(h, id);
    if (p->n_entry * 4 > (p->mask + 1) * 3)
        grow_table(p);
    if (added)
        *added = 1;
    return id;
}

uint32_t strpool_find(const strpool *p, const char *s, size_t len)
{
    if (len == 0)
        return 0;
    if (p->slot == NULL) {
        for (size_t id = 1; id < p->n_entry; id++)
            if (text_len(p->entry[id]) == len && memcmp(p->entry[id], s, len) == 0)
                return (uint32_t)id;
        return STRPOOL_NONE;
    }
    size_t i = probe(p, s, len, pool_hash(p, s, len));
    return p->slot[i] ? slot_id(p->slot[i]) : STRPOOL_NONE;
}

const char *strpool_get(const strpool *p, uint32_t id, size_t *len)
{
    assert(id < p->n_entry);
    if (len)
        *len = text_len(p->entry[id]);
    return p->entry[id];
}

uint32_t strpool_count(const strpool *p)
{
    return (uint32_t)p->n_entry;
}

size_t strpool_memory(const strpool *p)
{
    return p->text.total + p->cap_entry * sizeof(sp_entry) +
           (p->slot ? (p->mask + 1) * sizeof(uint64_t) : 0);
}

void strpool_drop_index(strpool *p)
{
    xfree(p->slot);
    p->slot = NULL;
}

void strpool_build_index(strpool *p)
{
    if (p->slot)
        return;
    size_t cap = (size_t)slots_for(p->n_entry, 512);
    p->slot = slots_new(cap, 0);
    p->mask = cap - 1;
    for (size_t id = 1; id < p->n_entry; id++)
        slot_put(p->slot, p->mask, slot_of(pool_hash(p, p->entry[id], text_len(p->entry[id])), id));
}
