/* previous.c: see previous.h. The earlier renters.csv is read with the library's CSV reader;
 * only renter_id, flagged, n_leases and score are kept (one string pool and three arrays). A
 * renter id that renters.csv guarded against spreadsheet formulas (a leading ' before = + - @
 * tab CR LF, util/csvout.h) is read back without the guard. */
#include "report/previous.h"
#include "ingest/csvrec.h"
#include "ingest/source.h"
#include "util/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PREVIOUS_FIELD_MAX (1u << 24) /* bytes of one field (a renter's lease_ids) */

const char *previous_status_name(previous_status s)
{
    static const char *const names[] = {"", "new", "unchanged", "escalated"};
    return (unsigned)s < sizeof names / sizeof *names ? names[s] : "";
}

static int guard_char(char c)
{
    return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r' || c == '\n';
}

lh_status previous_load(previous_scan *p, const char *dir, lh_error *err)
{
    static const char *const want[] = {"renter_id", "flagged", "n_leases", "score"};
    enum { C_ID, C_FLAGGED, C_LEASES, C_SCORE, C_N };
    memset(p, 0, sizeof *p);
    p->dir = xstrdup(dir);
    p->id = strpool_new();
    char *path = xpath_join(dir, "renters.csv");
    byte_source *src = NULL;
    csv_reader *rd = NULL;
    size_t cap = 0;
    lh_status st = byte_source_open(&src, path, err);
    if (st != LH_OK)
        goto done;
    csv_limits lim = {PREVIOUS_FIELD_MAX, 0};
    rd = csv_reader_new(src, &lim);
    csv_record rec;
    int got = csv_reader_next(rd, &rec, err);
    if (got < 0) {
        st = err->code;
        goto done;
    }
    size_t col[C_N];
    for (int k = 0; k < C_N; k++) {
        col[k] = SIZE_MAX;
        for (size_t i = 0; got > 0 && rec.reason == REJECT_NONE && i < rec.n_fields; i++)
            if (rec.len[i] == strlen(want[k]) && memcmp(rec.field[i], want[k], rec.len[i]) == 0)
                col[k] = i;
        if (col[k] == SIZE_MAX) {
            st = LH_FAIL(err, LH_EDATA,
                         "--previous: %s has no column %s (is %s a scan output "
                         "folder?)",
                         path, want[k], dir);
            goto done;
        }
    }
    csv_reader_set_width(rd, rec.n_fields);
    while ((got = csv_reader_next(rd, &rec, err)) > 0) {
        if (rec.reason != REJECT_NONE) {
            st = LH_FAIL(err, LH_EDATA, "--previous: %s line %llu cannot be read (%s)", path,
                         (unsigned long long)rec.line, reject_reason_name(rec.reason));
            goto done;
        }
        const char *id = rec.field[col[C_ID]];
        size_t n = rec.len[col[C_ID]];
        if (n >= 2 && id[0] == '\'' && guard_char(id[1]))
            id++, n--;
        int added;
        uint32_t k = strpool_intern(p->id, id, n, &added);
        if (!added)
            continue; /* a repeated id: the first row stands */
        size_t old = cap;
        p->flagged = xgrow(p->flagged, &old, (size_t)k + 1, sizeof *p->flagged);
        old = cap;
        p->n_leases = xgrow(p->n_leases, &old, (size_t)k + 1, sizeof *p->n_leases);
        old = cap;
        p->score = xgrow(p->score, &old, (size_t)k + 1, sizeof *p->score);
        cap = old;
        char num[64];
        snprintf(num, sizeof num, "%.*s", (int)rec.len[col[C_LEASES]], rec.field[col[C_LEASES]]);
        p->n_leases[k] = (uint32_t)strtoul(num, NULL, 10);
        snprintf(num, sizeof num, "%.*s", (int)rec.len[col[C_SCORE]], rec.field[col[C_SCORE]]);
        p->score[k] = strtod(num, NULL);
        p->flagged[k] = rec.len[col[C_FLAGGED]] == 1 && rec.field[col[C_FLAGGED]][0] == '1';
        p->rows++;
        p->flagged_rows += p->flagged[k];
    }
    if (got < 0)
        st = err->code;
done:
    csv_reader_free(rd);
    byte_source_close(src);
    xfree(path);
    if (st != LH_OK)
        previous_free(p);
    return st;
}

void previous_free(previous_scan *p)
{
    xfree(p->dir);
    strpool_free(p->id);
    xfree(p->flagged);
    xfree(p->n_leases);
    xfree(p->score);
    memset(p, 0, sizeof *p);
}

void previous_compare(const previous_scan *p, const scan_view *v, uint8_t *status,
                      previous_counts *c)
{
    memset(c, 0, sizeof *c);
    uint32_t n_prev = strpool_count(p->id);
    uint8_t *still = xcalloc(n_prev ? n_prev : 1, 1); /* flagged there and here */
    char *rid = xmalloc(v->renter_id_max);
    for (size_t r = 0; r < v->link->n_renters; r++) {
        status[r] = PREV_NONE;
        if (!v->reported[r] || !v->model->flag[r])
            continue;
        const char *id = scan_view_renter_id(v, r, rid);
        uint32_t k = strpool_find(p->id, id, strlen(id));
        if (k == STRPOOL_NONE || k == 0 || !p->flagged[k]) {
            status[r] = PREV_NEW;
            c->new_++;
            continue;
        }
        still[k] = 1;
        int more = v->link->renter_size[r] > p->n_leases[k];
        int higher = v->model->score[r] > p->score[k] + 5e-7; /* scores are written to 1e-6 */
        status[r] = more || higher ? PREV_ESCALATED : PREV_UNCHANGED;
        if (status[r] == PREV_ESCALATED)
            c->escalated++;
        else
            c->unchanged++;
    }
    for (uint32_t k = 1; k < n_prev; k++) /* id 0 is the empty string, never a renter */
        if (p->flagged[k] && !still[k])
            c->no_longer_flagged++;
    xfree(still);
    xfree(rid);
}
