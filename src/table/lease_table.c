/* lease_table.c: see lease_table.h.
 *
 * Columns grow together by doubling (or to what lease_table_reserve asks); the lease_id pool
 * doubles as the duplicate detector, since interning tells whether a string was new. Cost: O(1)
 * amortised per row plus one hash per text cell. Invariant: every column array has room for `cap`
 * rows and `count` <= `cap`; strpool_count(text[LT_LEASE_ID].pool) == count + 1 (every row has a
 * distinct, non-empty id).
 */
#include "table/lease_table.h"
#include "util/mem.h"

#include <assert.h>
#include <math.h>
#include <string.h>
#include <strings.h>

static const char *const text_names[LT_TEXT_COUNT] = {
    [LT_LEASE_ID] = "lease_id",
    [LT_ACCOUNT] = "account_id",
    [LT_NAME] = "name",
    [LT_NAME_RAW] = "name_raw",
    [LT_EMAIL] = "email",
    [LT_EMAIL_DOMAIN] = "email_domain",
    [LT_ORG_DOMAIN] = "org_domain",
    [LT_PHONE] = "phone",
    [LT_ADDRESS] = "address",
    [LT_CITY] = "city",
    [LT_POSTCODE] = "postcode",
    [LT_COUNTRY] = "country",
    [LT_DOB] = "dob",
    [LT_ID_NUMBER] = "id_number",
    [LT_PAYMENT_FP] = "payment_fp",
    [LT_SIGNUP_IP] = "signup_ip",
    [LT_IP_PREFIX] = "ip_prefix",
    [LT_OFFICE_NET] = "office_net",
    [LT_IP_COUNTRY] = "ip_country",
    [LT_DEVICE_FP] = "device_fp",
    [LT_PLAN] = "plan",
    [LT_REGION] = "region",
    [LT_CURRENCY] = "currency",
    [LT_ACTOR] = "actor_id",
};

const char *lease_table_text_name(lt_text c)
{
    return c < LT_TEXT_COUNT ? text_names[c] : "";
}

lease_table *lease_table_new(const char *const *extra, size_t n_extra)
{
    assert(n_extra <= COLMAP_MAX_EXTRA);
    lease_table *t = xcalloc(1, sizeof *t);
    t->n_text = LT_TEXT_COUNT + n_extra;
    t->text = xcalloc(t->n_text, sizeof *t->text);
    for (size_t c = 0; c < t->n_text; c++) {
        t->text[c].name = xstrdup(c < LT_TEXT_COUNT ? text_names[c] : extra[c - LT_TEXT_COUNT]);
        t->text[c].pool = strpool_new();
    }
    return t;
}

void lease_table_free(lease_table *t)
{
    if (t == NULL)
        return;
    for (size_t c = 0; c < t->n_text; c++) {
        xfree(t->text[c].name);
        xfree(t->text[c].id);
        strpool_free(t->text[c].pool);
    }
    xfree(t->text);
    xfree(t->created_at);
    xfree(t->amount);
    xfree(t->duration);
    xfree(t->payment_type);
    xfree(t->ip_kind);
    xfree(t->label);
    xfree(t);
}

/* Column p resized to `bytes`, in huge pages where it is large (the stages after the load read
 * the columns at random: a renter's leases are anywhere). For a reservation (hint) a failure
 * leaves p as it was and clears *ok; otherwise memory that cannot be had is fatal (mem.h). */
static void *resize(void *p, size_t bytes, int hint, int *ok)
{
    if (!*ok)
        return p;
    void *q = hint ? xrealloc_try(p, bytes) : xrealloc(p, bytes);
    if (q == NULL) {
        *ok = 0;
        return p;
    }
    mem_advise_huge(q, bytes);
    return q;
}

/* Room for cap rows in every column; 0 when a reservation could not have it (t->cap unchanged,
 * some columns then larger than it, which the next resize keeps or grows). */
static int set_cap(lease_table *t, size_t cap, int hint)
{
    int ok = 1;
    for (size_t c = 0; c < t->n_text; c++)
        t->text[c].id = resize(t->text[c].id, cap * sizeof(uint32_t), hint, &ok);
    t->created_at = resize(t->created_at, cap * sizeof *t->created_at, hint, &ok);
    t->amount = resize(t->amount, cap * sizeof *t->amount, hint, &ok);
    t->duration = resize(t->duration, cap * sizeof *t->duration, hint, &ok);
    t->payment_type = resize(t->payment_type, cap, hint, &ok);
    t->ip_kind = resize(t->ip_kind, cap, hint, &ok);
    t->label = resize(t->label, cap, hint, &ok);
    if (ok)
        t->cap = cap;
    return ok;
}

static void grow(lease_table *t)
{
    set_cap(t, t->cap ? t->cap * 2 : 1024, 0);
}

int lease_table_reserve(lease_table *t, size_t rows)
{
    return rows <= t->cap || set_cap(t, rows, 1);
}

void lease_table_reserve_indexes(lease_table *t, size_t rows)
{
    /* a column whose values have been distinct in 7 of 8 rows so far (an id, an e-mail, a card)
       is taken to stay so: its pool's index gets room for its share of the rows */
    for (size_t c = 0; c < t->n_text && t->count > 0 && rows > t->count; c++) {
        size_t distinct = strpool_count(t->text[c].pool) - 1;
        if (distinct * 8 >= t->count * 7)
            strpool_reserve(t->text[c].pool,
                            (size_t)((double)rows * (double)distinct / (double)t->count));
    }
}

void lease_table_populate(const lease_table *t, size_t from, size_t to)
{
    if (to > t->cap)
        to = t->cap;
    if (from >= to)
        return;
    size_t n = to - from;
    for (size_t c = 0; c < t->n_text; c++)
        mem_populate(t->text[c].id + from, n * sizeof(uint32_t));
    mem_populate(t->created_at + from, n * sizeof *t->created_at);
    mem_populate(t->amount + from, n * sizeof *t->amount);
    mem_populate(t->duration + from, n * sizeof *t->duration);
    mem_populate(t->payment_type + from, n);
    mem_populate(t->ip_kind + from, n);
    mem_populate(t->label + from, n);
}

long lease_table_add(lease_table *t, const lease_row *row)
{
    uint32_t hash[LT_TEXT_COUNT + COLMAP_MAX_EXTRA];
    for (size_t c = 0; c < t->n_text; c++)
        hash[c] = row->len[c] ? strpool_hash(row->text[c], row->len[c]) : 0;
    return lease_table_add_hashed(t, row, hash);
}

void lease_table_drop_indexes(lease_table *t)
{
    for (size_t c = 0; c < t->n_text; c++)
        strpool_drop_index(t->text[c].pool);
}

uint64_t lease_table_prefetch_columns(const lease_table *t)
{
    uint64_t set = 0;
    for (size_t c = 0; c < t->n_text && c < 64; c++)
        if (strpool_count(t->text[c].pool) >= LT_PREFETCH_MIN)
            set |= (uint64_t)1 << c;
    return set;
}

void lease_table_prefetch(const lease_table *t, const uint32_t *hash, int stage, uint64_t columns)
{
    for (; columns; columns &= columns - 1) {
        size_t c = (size_t)__builtin_ctzll(columns);
        if (!hash[c])
            continue;
        const strpool *p = t->text[c].pool;
        if (stage == 0)
            strpool_prefetch(p, hash[c]);
        else if (stage == 1)
            strpool_prefetch_entry(p, hash[c]);
        else
            strpool_prefetch_text(p, hash[c]);
    }
}

long lease_table_add_hashed(lease_table *t, const lease_row *row, const uint32_t *hash)
{
    assert(row->len[LT_LEASE_ID] > 0);
    int added = 0;
    uint32_t id = strpool_intern_hashed(t->text[LT_LEASE_ID].pool, row->text[LT_LEASE_ID],
                                        row->len[LT_LEASE_ID], hash[LT_LEASE_ID], &added);
    if (!added)
        return -1;
    if (t->count == t->cap)
        grow(t);
    size_t r = t->count++;
    t->text[LT_LEASE_ID].id[r] = id;
    for (size_t c = 1; c < t->n_text; c++)
        t->text[c].id[r] = row->len[c] ? strpool_intern_hashed(t->text[c].pool, row->text[c],
                                                               row->len[c], hash[c], NULL)
                                       : 0;
    t->created_at[r] = row->created_at;
    t->amount[r] = row->amount;
    t->duration[r] = row->duration;
    t->payment_type[r] = row->payment_type;
    t->ip_kind[r] = row->ip_kind;
    t->label[r] = row->label;
    return (long)r;
}

long lease_table_column(const lease_table *t, const char *name)
{
    for (size_t c = 0; c < t->n_text; c++)
        if (strcasecmp(t->text[c].name, name) == 0)
            return (long)c;
    return -1;
}

size_t lease_table_memory(const lease_table *t)
{
    size_t per_row =
        t->n_text * sizeof(uint32_t) + sizeof(int64_t) + sizeof(double) + sizeof(int32_t) + 3;
    size_t m = t->cap * per_row + t->n_text * sizeof(lt_column) + sizeof *t;
    for (size_t c = 0; c < t->n_text; c++)
        m += strpool_memory(t->text[c].pool);
    return m;
}
