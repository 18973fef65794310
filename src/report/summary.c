/* summary.c: see summary.h. Keys appear in a fixed order; everything but the "timings" object
 * is a function of the inputs and options, so two runs differ only there. */
#include "report/summary.h"
#include "report/previous.h"
#include "util/pseudo.h"
#include "util/version.h"
#include "normalize/domains.h"
#include "util/atomic_file.h"

#include <stdio.h>
#include <string.h>

static void write_counts(json_writer *w, const load_stats *st, const summary_info *info)
{
    json_key(w, "counts");
    json_object_begin(w);
    json_key(w, "rows");
    json_uint(w, st->records);
    json_key(w, "accepted");
    json_uint(w, st->accepted);
    json_key(w, "rejected");
    json_uint(w, st->rejected);
    if (info->view && info->model) { /* DESIGN.md: rows, accepted, rejected, renters, flagged */
        json_key(w, "renters");
        json_uint(w, info->view->link->n_renters);
        json_key(w, "flagged");
        json_uint(w, info->model->n_flagged);
    }
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
    } items[] = {{"email", n->email_invalid},
                 {"phone", n->phone_invalid},
                 {"signup_ip", n->ip_invalid},
                 {"dob", n->dob_invalid},
                 {"country", n->country_unknown},
                 {"ip_country", n->ip_country_unknown},
                 {"created_at_empty", n->created_at_missing},
                 {"amount", n->amount_invalid},
                 {"duration_days", n->duration_invalid},
                 {"label", n->label_invalid}};
    for (size_t i = 0; i < sizeof items / sizeof *items; i++) {
        json_key(w, items[i].k);
        json_uint(w, items[i].v);
    }
    json_object_end(w);
}

static void write_linkage(json_writer *w, const scan_view *v)
{
    const link_result *r = v->link;
    const link_spec *s = v->spec;
    const lease_table *t = v->table;
    json_key(w, "linkage");
    json_object_begin(w);
    json_key(w, "spec");
    json_string(w, s->origin);
    json_key(w, "threshold");
    json_double(w, s->threshold);
    json_key(w, "candidate_pairs");
    json_uint(w, r->candidate_pairs);
    json_key(w, "random_pairs_for_u");
    json_uint(w, r->random_pairs);
    json_key(w, "linked_pairs");
    json_uint(w, r->linked_pairs);
    json_key(w, "links_kept");
    json_uint(w, r->n_edge);
    json_key(w, "renters");
    json_uint(w, r->n_renters);
    json_key(w, "guard");
    json_object_begin(w);
    json_key(w, "bridges_cut");
    json_uint(w, r->guard_bridges_cut);
    json_key(w, "size_cuts");
    json_uint(w, r->guard_size_cuts);
    json_object_end(w);
    const link_params *p = &r->params;
    json_key(w, "em");
    json_object_begin(w);
    json_key(w, "iterations");
    json_int(w, p->em_iterations);
    json_key(w, "converged");
    json_bool(w, p->em_converged);
    json_key(w, "lambda");
    json_double(w, p->lambda);
    json_key(w, "share_co_located");
    json_double(w, p->pi);
    json_key(w, "share_persona");
    json_double(w, p->pi_persona);
    json_object_end(w);
    json_key(w, "rules");
    json_array_begin(w);
    for (int k = 0; k < s->n_rule; k++) {
        json_object_begin(w);
        char cols[200] = "";
        for (int c = 0; c < s->rule[k].n_col; c++) {
            strncat(cols, c ? "+" : "", sizeof cols - strlen(cols) - 1);
            strncat(cols, s->rule[k].column[c], sizeof cols - strlen(cols) - 1);
        }
        json_key(w, "block");
        json_string(w, cols);
        json_key(w, "window");
        json_uint(w, s->rule[k].block_window);
        json_key(w, "pairs");
        json_uint(w, r->rule[k].pairs);
        json_key(w, "blocks");
        json_uint(w, r->rule[k].blocks);
        json_key(w, "windowed_blocks");
        json_uint(w, r->rule[k].large_blocks);
        json_key(w, "lambda");
        json_double(w, r->rule[k].lambda);
        json_object_end(w);
    }
    json_array_end(w);
    json_key(w, "fields");
    json_array_begin(w);
    for (int f = 0; f < s->n_field; f++) {
        const spec_field *sf = &s->field[f];
        const field_params *fp = &p->field[f];
        json_object_begin(w);
        json_key(w, "field");
        json_string(w, sf->name);
        json_key(w, "column");
        json_string(w, sf->column);
        json_key(w, "present");
        json_uint(w, fp->present);
        const char *rows[4] = {"m_same_person", "m_co_located", "m_persona", "u"};
        const double *vals[4] = {fp->m_same, fp->m_other, fp->m_persona, fp->u};
        for (int k = 0; k < 4; k++) {
            json_key(w, rows[k]);
            json_array_begin(w);
            for (int l = 0; l < sf->n_levels; l++)
                json_double(w, vals[k][l]);
            json_array_end(w);
        }
        if (sf->key) {
            json_key(w, "persona_share");
            json_double(w, fp->persona_share);
        }
        if (fp->overshare > 0) {
            json_key(w, "overshare_persons");
            json_double(w, fp->overshare);
            json_key(w, "suppressed_values");
            json_uint(w, fp->suppressed_values);
        }
        json_object_end(w);
    }
    json_array_end(w);
    json_key(w, "suppressed");
    json_array_begin(w);
    char buf[PSEUDO_LEN];
    for (size_t i = 0; i < r->n_suppressed; i++) {
        const suppressed_value *sv = &r->suppressed[i];
        const spec_field *sf = &s->field[sv->field];
        long col = sv->column2 ? sf->col2 : sf->col;
        json_object_begin(w);
        json_key(w, "field");
        json_string(w, sf->name);
        json_key(w, "column");
        json_string(w, t->text[col].name);
        json_key(w, "value");
        json_string(w, pseudo_value(v->pseudo, t->text[col].name,
                                    strpool_get(t->text[col].pool, sv->value, NULL), buf));
        json_key(w, "persons");
        json_uint(w, sv->persons);
        json_key(w, "leases");
        json_uint(w, sv->leases);
        if (sf->nat) {
            json_key(w, "addresses");
            json_uint(w, sv->addresses);
        }
        json_key(w, "reason");
        json_string(w, sv->reason == SUPPRESS_TENANTS   ? "tenants"
                       : sv->reason == SUPPRESS_MEMBERS ? "members"
                       : sv->reason == SUPPRESS_NAT     ? "nat"
                                                        : "persons");
        json_object_end(w);
    }
    json_array_end(w);
    json_object_end(w);
}

static void write_model(json_writer *w, const scan_view *v, const model_info *mi)
{
    json_key(w, "model");
    json_object_begin(w);
    json_key(w, "kind");
    json_string(w, mi->kind);
    json_key(w, "alpha");
    json_double(w, mi->alpha);
    json_key(w, "renters");
    json_uint(w, v->link->n_renters);
    json_key(w, "flagged_renters");
    json_uint(w, mi->n_flagged);
    size_t flagged_leases = 0, reported = 0;
    for (size_t r = 0; r < v->link->n_renters; r++) {
        flagged_leases += v->model->flag[r] ? v->link->renter_size[r] : 0;
        reported += v->reported[r];
    }
    json_key(w, "flagged_leases");
    json_uint(w, flagged_leases);
    json_key(w, "reported_renters");
    json_uint(w, reported);
    json_key(w, "null");
    json_object_begin(w);
    json_key(w, "zero_mass");
    json_double(w, mi->null_zero_mass);
    json_key(w, "tail_threshold");
    json_double(w, mi->null_threshold);
    json_key(w, "tail_scale");
    json_double(w, mi->null_scale);
    json_object_end(w);
    json_key(w, "constant_features");
    json_int(w, mi->constant_features);
    json_key(w, "nonfinite_inputs");
    json_int(w, mi->nonfinite_inputs);
    json_key(w, "fallback");
    json_string(w, mi->fallback);
    json_key(w, "time_features");
    json_bool(w, v->features->has_time);
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
        json_key(&w, "delimiter");
        char delim[2] = {f->delimiter ? f->delimiter : ',', '\0'};
        json_string(&w, delim);
        json_key(&w, "encoding");
        json_string(&w, f->encoding[0] ? f->encoding : "UTF-8");
        json_key(&w, "preamble_lines");
        json_uint(&w, f->preamble_lines);
        json_key(&w, "created_at_order");
        json_string(&w, f->date_order == 'm'   ? "month first"
                        : f->date_order == 'd' ? "day first"
                                               : "");
        json_object_end(&w);
    }
    json_array_end(&w);
    write_counts(&w, ls, info);
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
    if (info->view)
        write_linkage(&w, info->view);
    if (info->edges) {
        const edge_input *e = info->edges;
        json_key(&w, "edge_files");
        json_object_begin(&w);
        const struct {
            const char *k;
            uint64_t v;
        } items[] = {{"files", e->files},
                     {"rows", e->rows},
                     {"unknown_lease_ids", e->unknown},
                     {"duplicates_merged", e->duplicates},
                     {"conflicting_duplicates", e->conflicts},
                     {"edges", e->edges},
                     {"link_runs", e->runs},
                     {"leases_in_link_runs", e->leases}};
        for (size_t i = 0; i < sizeof items / sizeof *items; i++) {
            json_key(&w, items[i].k);
            json_uint(&w, items[i].v);
        }
        json_object_end(&w);
    }
    if (info->model && info->view)
        write_model(&w, info->view, info->model);
    if (info->previous) {
        json_key(&w, "previous");
        json_object_begin(&w);
        json_key(&w, "dir");
        json_string(&w, info->previous_dir);
        json_key(&w, "new");
        json_uint(&w, info->previous->new_);
        json_key(&w, "unchanged");
        json_uint(&w, info->previous->unchanged);
        json_key(&w, "escalated");
        json_uint(&w, info->previous->escalated);
        json_key(&w, "no_longer_flagged");
        json_uint(&w, info->previous->no_longer_flagged);
        json_object_end(&w);
    }

    json_key(&w, "timings");
    json_object_begin(&w);
    json_key(&w, "load_seconds");
    json_double_prec(&w, ls->seconds, 4);
    for (size_t i = 0; i < info->n_timing; i++) {
        char key[64];
        snprintf(key, sizeof key, "%s_seconds", info->timing[i].stage);
        json_key(&w, key);
        json_double_prec(&w, info->timing[i].seconds, 4);
    }
    json_key(&w, "total_seconds");
    json_double_prec(&w, info->total_seconds, 4);
    json_key(&w, "peak_rss_mb_after");
    json_object_begin(&w);
    json_key(&w, "load");
    json_double_prec(&w, (double)info->load_peak_rss / 1048576.0, 5);
    for (size_t i = 0; i < info->n_timing; i++) {
        json_key(&w, info->timing[i].stage);
        json_double_prec(&w, (double)info->timing[i].peak_rss / 1048576.0, 5);
    }
    json_object_end(&w);
    if (info->view) {
        json_key(&w, "link_phase_seconds");
        json_object_begin(&w);
        for (int k = 0; k < 6; k++) {
            json_key(&w, link_phase_names[k]);
            json_double_prec(&w, info->view->link->phase_seconds[k], 4);
        }
        json_object_end(&w);
        json_key(&w, "link_phase_peak_rss_mb");
        json_object_begin(&w);
        for (int k = 0; k < 6; k++) {
            json_key(&w, link_phase_names[k]);
            json_double_prec(&w, (double)info->view->link->phase_peak_rss[k] / 1048576.0, 5);
        }
        json_object_end(&w);
    }
    json_object_end(&w);
    json_object_end(&w);
    json_end(&w);
    return atomic_file_commit(&af, err);
}
