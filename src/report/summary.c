/* summary.c: see summary.h. Keys appear in a fixed order; everything but the "timings" object
 * is a function of the inputs and options, so two runs differ only there. */
#include "report/summary.h"
#include "util/version.h"
#include "normalize/domains.h"
#include "util/atomic_file.h"

static void write_counts(json_writer *w, const load_stats *st)
{
    json_key(w, "counts");
    json_object_begin(w);
    json_key(w, "rows");
    json_uint(w, st->records);
    json_key(w, "accepted");
    json_uint(w, st->accepted);
    json_key(w, "rejected");
    json_uint(w, st->rejected);
    json_object_end(w);
    json_key(w, "rejected_by_reason");
    json_object_begin(w);
    for (int r = 1; r < REJECT_REASON_COUNT; r++) {
        json_key(w, reject_reason_name((reject_reason)r));
        json_uint(w, st->by_reason[r]);
    }
    json_object_end(w);
    const norm_counts *n = &st->norm;
    json_key(w, "unusable_values");
    json_object_begin(w);
    const struct {
        const char *k;
        uint64_t v;
    } items[] = {{"email", n->email_invalid},          {"phone", n->phone_invalid},
                 {"signup_ip", n->ip_invalid},         {"dob", n->dob_invalid},
                 {"country", n->country_unknown},      {"ip_country", n->ip_country_unknown},
                 {"created_at_empty", n->created_at_missing}, {"amount", n->amount_invalid},
                 {"duration_days", n->duration_invalid}, {"label", n->label_invalid}};
    for (size_t i = 0; i < sizeof items / sizeof *items; i++) {
        json_key(w, items[i].k);
        json_uint(w, items[i].v);
    }
    json_object_end(w);
}

lh_status summary_write(const char *dir, const summary_info *info, lh_error *err)
{
    atomic_file af;
    lh_status st = atomic_file_open(&af, dir, "summary.json", err);
    if (st != LH_OK)
        return st;
    json_writer w;
    json_init(&w, af.f, 1);
    json_object_begin(&w);
    json_key(&w, "tool");
    json_string(&w, "leasehound");
    json_key(&w, "version");
    json_string(&w, LH_VERSION);
    json_key(&w, "command");
    json_string(&w, info->command);

    const load_stats *ls = info->load;
    json_key(&w, "inputs");
    json_array_begin(&w);
    for (size_t i = 0; i < ls->n_file; i++) {
        const load_file_stats *f = &ls->file[i];
        json_object_begin(&w);
        json_key(&w, "path");
        json_string(&w, f->path);
        json_key(&w, "sha256");
        json_string(&w, f->sha256);
        json_key(&w, "gzip");
        json_bool(&w, f->gzip);
        json_key(&w, "bytes");
        json_uint(&w, f->raw_bytes);
        json_key(&w, "rows");
        json_uint(&w, f->records);
        json_key(&w, "accepted");
        json_uint(&w, f->accepted);
        json_key(&w, "rejected");
        json_uint(&w, f->rejected);
        json_key(&w, "columns");
        json_string(&w, f->mapping ? f->mapping : "");
        json_object_end(&w);
    }
    json_array_end(&w);
    write_counts(&w, ls);
    json_key(&w, "unknown_columns");
    json_array_begin(&w);
    for (size_t i = 0; i < ls->n_unknown; i++)
        json_string(&w, ls->unknown[i]);
    json_array_end(&w);
    json_key(&w, "time_features");
    json_string(&w, ls->has_created_at ? "used" : "left out: no created_at column");

    json_key(&w, "parameters");
    json_object_begin(&w);
    for (size_t i = 0; i < info->n_param; i++) {
        json_key(&w, info->param[i].name);
        json_string(&w, info->param[i].value);
    }
    json_object_end(&w);
    json_key(&w, "domain_lists");
    json_object_begin(&w);
    json_key(&w, "freemail");
    json_string(&w, domain_list_source(DOMAIN_FREEMAIL));
    json_key(&w, "disposable");
    json_string(&w, domain_list_source(DOMAIN_DISPOSABLE));
    json_object_end(&w);

    json_key(&w, "timings");
    json_object_begin(&w);
    json_key(&w, "load_seconds");
    json_double_prec(&w, ls->seconds, 4);
    json_key(&w, "total_seconds");
    json_double_prec(&w, info->total_seconds, 4);
    json_object_end(&w);
    json_object_end(&w);
    json_end(&w);
    return atomic_file_commit(&af, err);
}
