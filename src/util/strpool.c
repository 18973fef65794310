/* strpool.c: interning with an open-addressing hash table (see strpool.h).
 *
 * Data structures:
 *   text    arena holding every string, NUL-terminated;
 *   entry[] one {pointer, length, hash} per id, in id order;
 *   slot[]  the table: 0 = empty, else id + 1; capacity a power of two, at most 7/8 full
 *           after growth is triggered at 3/4. Probing is linear from hash & mask; a slot is
 *           compared by the 32 stored hash bits first, then by length and bytes.
 * Cost: intern and find are O(1) expected, O(len) to hash and compare; growth rehashes from
 * the stored hashes without touching the strings. About 22 bytes per distinct string beyond
 * its text.
 * Invariant: slot count >= 4/3 entry count; entry[0] is "" and is never in the table.
 */
#include "util/strpool.h"
#include "util/arena.h"
#include "util/hash.h"
#include "util/mem.h"

#include <assert.h>
#include <string.h>

typedef struct sp_entry {
    const char *text;
    uint32_t len;
    uint32_t hash;
} sp_entry;

struct strpool {
    arena text;
    sp_entry *entry;
    size_t n_entry, cap_entry;
    uint32_t *slot;
    size_t mask; /* slot capacity - 1 */
    uint64_t seed;
};

strpool *strpool_new(void)
{
    strpool *p = xcalloc(1, sizeof *p);
    arena_init(&p->text);
    p->cap_entry = 256;
    p->entry = xmalloc(p->cap_entry * sizeof *p->entry);
    p->entry[0] = (sp_entry){"", 0, 0};
    p->n_entry = 1;
    p->mask = 511;
    p->slot = xcalloc(p->mask + 1, sizeof *p->slot);
    p->seed = hash_seed();
    return p;
}

void strpool_free(strpool *p)
{
    if (p == NULL)
        return;
    arena_free(&p->text);
    free(p->entry);
    free(p->slot);
    free(p);
}

static void grow_table(strpool *p)
{
    size_t cap = (p->mask + 1) * 2;
    uint32_t *slot = xcalloc(cap, sizeof *slot);
    size_t mask = cap - 1;
    for (size_t id = 1; id < p->n_entry; id++) {
        size_t i = p->entry[id].hash & mask;
        while (slot[i])
            i = (i + 1) & mask;
        slot[i] = (uint32_t)id + 1;
    }
    free(p->slot);
    p->slot = slot;
    p->mask = mask;
}

static inline size_t probe(const strpool *p, const char *s, size_t len, uint32_t h)
{
    size_t i = h & p->mask;
    for (;;) {
        uint32_t v = p->slot[i];
        if (v == 0)
            return i;
        const sp_entry *e = &p->entry[v - 1];
        if (e->hash == h && e->len == len && memcmp(e->text, s, len) == 0)
            return i;
        i = (i + 1) & p->mask;
    }
}

uint32_t strpool_intern(strpool *p, const char *s, size_t len, int *added)
{
    if (added)
        *added = 0;
    if (len == 0)
        return 0;
    assert(len <= STRPOOL_MAX_LEN);
    uint32_t h = (uint32_t)(hash_bytes(s, len, p->seed) >> 32);
    size_t i = probe(p, s, len, h);
    if (p->slot[i])
        return p->slot[i] - 1;
    assert(p->n_entry < UINT32_MAX - 1);
    uint32_t id = (uint32_t)p->n_entry;
    p->entry = xgrow(p->entry, &p->cap_entry, p->n_entry + 1, sizeof *p->entry);
    p->entry[id] = (sp_entry){arena_strndup(&p->text, s, len), (uint32_t)len, h};
    p->n_entry++;
    p->slot[i] = id + 1;
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
    uint32_t h = (uint32_t)(hash_bytes(s, len, p->seed) >> 32);
    size_t i = probe(p, s, len, h);
    return p->slot[i] ? p->slot[i] - 1 : STRPOOL_NONE;
}

const char *strpool_get(const strpool *p, uint32_t id, size_t *len)
{
    assert(id < p->n_entry);
    if (len)
        *len = p->entry[id].len;
    return p->entry[id].text;
}

uint32_t strpool_count(const strpool *p)
{
    return (uint32_t)p->n_entry;
}

size_t strpool_memory(const strpool *p)
{
    return p->text.total + p->cap_entry * sizeof(sp_entry) + (p->mask + 1) * sizeof(uint32_t);
}
