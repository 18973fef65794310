/* lease_table.h: the lease table, columnar and interned.
 *
 * One row per accepted lease, in input order. Text columns hold 32-bit ids into a string pool
 * of their own (util/strpool.h), so a key compares as an integer and per-value tables are arrays
 * indexed by id; id 0 is "missing". Numeric columns are plain arrays. Later stages read the
 * columns directly (the struct is public for reading); only lease_table_* functions write.
 *
 * Memory per lease: 4 bytes per text column (LT_TEXT_COUNT of them, plus extras) and 23 bytes of
 * numeric columns, about 120 bytes with the standard columns, beyond the distinct strings
 * themselves (text + 9 bytes of pool entry and length each, and while the table takes rows 8 to 16
 * bytes of hash index each, freed by lease_table_drop_indexes). Measured by bench/bench_ingest.
 */
#ifndef LH_TABLE_LEASE_TABLE_H
#define LH_TABLE_LEASE_TABLE_H

#include "normalize/row.h"
#include "util/strpool.h"

#include <stddef.h>
#include <stdint.h>

typedef struct lt_column {
    char *name;   /* column name as in the schema or the user's map */
    uint32_t *id; /* [count] */
    strpool *pool;
} lt_column;

typedef struct lease_table {
    size_t count, cap;
    lt_column *text; /* [n_text]: LT_TEXT_COUNT standard columns, then the extras */
    size_t n_text;
    int64_t *created_at;   /* UTC seconds, LT_MISSING_TIME when absent */
    double *amount;        /* NaN when absent */
    int32_t *duration;     /* days, -1 when absent */
    uint8_t *payment_type; /* payment_type */
    uint8_t *ip_kind;      /* ip_kind */
    int8_t *label;         /* 1, 0, or -1 unknown */
} lease_table;

/* A table with the standard columns plus n_extra extra text columns named extra[]. */
lease_table *lease_table_new(const char *const *extra, size_t n_extra);
void lease_table_free(lease_table *t); /* NULL is a no-op */
/* Frees the hash index of every column's pool once the table takes no more rows (a third of
 * the strings' memory on large logs): values, ids and strpool_get are unchanged; a lookup by
 * text (strpool_find) scans the pool until strpool_build_index builds the index again. */
void lease_table_drop_indexes(lease_table *t);

/* Makes room for `rows` rows in all (a no-op when there is room): a loader that can tell how
 * many rows are coming spares the columns the copies of doubling. A hint: returns 0, the table
 * as it was, when memory for it cannot be had (a guess too large), where appending a row exits. */
int lease_table_reserve(lease_table *t, size_t rows);
/* Makes room, for a table expected to reach `rows` rows, in the hash index of each column whose
 * values have nearly all been distinct so far (7 in 8 rows), for the same share of the rows
 * (strpool_reserve): no rehash of doubling. Unlike the columns' unused room, a reserved index is
 * cleared, all of it, at once: pass the rows expected, not a margin above them. A hint. */
void lease_table_reserve_indexes(lease_table *t, size_t rows);
/* Maps the memory of rows [from, to) of every column (mem_populate), which must be within the
 * room reserved: for a thread with time to spare while another adds rows. Changes nothing. */
void lease_table_populate(const lease_table *t, size_t from, size_t to);
/* Appends a row. When the row's lease_id is already in the table nothing is added and -1 is
 * returned (a duplicate); otherwise the new row index. An empty lease_id is the caller's
 * business: it must supply "row-N" or similar. */
long lease_table_add(lease_table *t, const lease_row *row);
/* The same with the strpool_hash of every text cell known (hash[c] for column c). */
long lease_table_add_hashed(lease_table *t, const lease_row *row, const uint32_t *hash);
/* Prefetches, for a row about to be added, its pool slots (stage 0), then the entries they
 * match (stage 1, after stage 0 has had time), then those entries' bytes (stage 2): see
 * strpool_prefetch. Only the columns of bit set in `columns` (lease_table_prefetch_columns). */
void lease_table_prefetch(const lease_table *t, const uint32_t *hash, int stage, uint64_t columns);
/* The columns worth prefetching for, as a bit set: those whose pools hold LT_PREFETCH_MIN
 * strings or more. A smaller pool's table, entries and bytes stay in the cache (a country, a
 * plan, a currency: a third of the columns of a log of millions), and fetching them ahead
 * costs instructions for nothing. Of the first 64 columns (the standard ones and 40 extras:
 * past them, no prefetch). A hint: a caller may ask once for many rows. */
#define LT_PREFETCH_MIN 16384
uint64_t lease_table_prefetch_columns(const lease_table *t);

/* Text of a cell ("" when missing), valid as long as the table. */
static inline const char *lease_table_text(const lease_table *t, size_t col, size_t row)
{
    return strpool_get(t->text[col].pool, t->text[col].id[row], NULL);
}
/* Index of a text column by name (standard or extra), or -1. */
long lease_table_column(const lease_table *t, const char *name);
/* Name of a standard text column ("lease_id", "email", ...). */
const char *lease_table_text_name(lt_text c);
/* Bytes held by the table: columns, pools. */
size_t lease_table_memory(const lease_table *t);

#endif
