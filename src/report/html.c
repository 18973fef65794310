/* html.c: report.html (see html.h).
 *
 * The page is written top to bottom in one pass over the scan_view, most important first:
 * the headline figures; the two charts; the ranked table of flagged renters; one article of
 * evidence per flagged renter (at most HTML_MAX_RENTERS); the figures of the run; the timings.
 *
 * Escaping: every string that comes from data (lease ids, personal values, file paths, column
 * names, reasons) goes through esc(), which escapes & < > " ' and replaces control characters;
 * numbers are printed with fixed formats. No data value ever reaches an attribute other than
 * through esc(), and none reaches the script, which is a constant.
 *
 * Charts: the score histogram has HIST_BINS bins over [0,1] on a log scale of renters, each bar
 * coloured at its base in proportion to its flagged renters, and a dashed line at the lowest
 * flagged score. Flags over time: leases per calendar week (Monday, UTC), in bins of k weeks so
 * that there are at most TIME_MAX_BINS bars, with the flagged leases in a panel of their own
 * below (they are too few to read on the scale of all leases).
 *
 * Graphs: a renter's leases (the first HTML_GRAPH_MAX_NODES in input order) on a circle, in
 * that order clockwise from the top; its links among them as straight edges coloured by the
 * field that carries the most weight, each with a tooltip of every agreeing field, level and
 * weight; small graphs print that label on the edge. Deterministic: no force layout, no
 * randomness.
 *
 * Cost: O(leases + renters + links of the listed renters); memory O(renters) for the edge
 * index plus O(leases of one renter) at a time.
 */
#include "report/html.h"
#include "report/previous.h"
#include "util/atomic_file.h"
#include "util/mem.h"
#include "util/version.h"

#include <assert.h>
#include <inttypes.h>
#include <math.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <string.h>

#define HIST_BINS         20
#define GRAPH_FLAT_LABELS 12 /* graphs of more leases label them along the radius */
#define TIME_MAX_BINS     160
#define WEEK              (7 * 86400)
#define MONDAY_OFFSET     (4 * 86400) /* 1970-01-05, a Monday, is 4 days after the epoch */

/* ---- escaping and formatting ---------------------------------------------------------------- */

static void esc_n(FILE *f, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '&':
            fputs("&amp;", f);
            break;
        case '<':
            fputs("&lt;", f);
            break;
        case '>':
            fputs("&gt;", f);
            break;
        case '"':
            fputs("&quot;", f);
            break;
        case '\'':
            fputs("&#39;", f);
            break;
        default:
            if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f)
                fputs("&#xFFFD;", f);
            else
                putc(c, f);
        }
    }
}

static void esc(FILE *f, const char *s)
{
    esc_n(f, s ? s : "", s ? strlen(s) : 0);
}

/* s escaped, cut to max code points with an ellipsis (for labels inside drawings). */
static void esc_cut(FILE *f, const char *s, size_t max)
{
    size_t cps = 0, i = 0, cut = 0, n = strlen(s);
    for (; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80 && ++cps == max)
            cut = i; /* start of the max-th code point */
    if (cps <= max) {
        esc_n(f, s, n);
        return;
    }
    esc_n(f, s, cut);
    fputs("\xe2\x80\xa6", f);
}

/* 1234567 as "1,234,567" in buf (32 bytes). */
static const char *count_str(uint64_t v, char *buf)
{
    char tmp[24];
    int n = snprintf(tmp, sizeof tmp, "%" PRIu64, v), o = 0;
    for (int i = 0; i < n; i++) {
        if (i && (n - i) % 3 == 0)
            buf[o++] = ',';
        buf[o++] = tmp[i];
    }
    buf[o] = '\0';
    return buf;
}

static void put_count(FILE *f, uint64_t v)
{
    char b[32];
    fputs(count_str(v, b), f);
}

/* "2024-03-01" of a time (buf of 32 bytes). */
static const char *day_str(int64_t t, char *buf)
{
    format_time(t, buf);
    buf[10] = '\0';
    return buf;
}

/* x for "%.1f" without a "-0.0". */
static double tenths(double x)
{
    return fabs(x) < 0.05 ? 0.0 : x;
}

/* SHA-256 of text, base64, for the Content Security Policy (out of 45 bytes). */
static void csp_hash(const char *text, char *out)
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    EVP_Digest(text, strlen(text), md, &n, EVP_sha256(), NULL);
    assert(n == 32);
    EVP_EncodeBlock((unsigned char *)out, md, (int)n);
}

/* ---- the page's constant parts ----------------------------------------------------------------
 */

static const char css[] =
    "\n*{box-sizing:border-box}"
    "\nbody{margin:0;background:#f5f6f8;color:#1c2128;font:14px/1.5 system-ui,-apple-system,"
    "\"Segoe UI\",Roboto,\"Helvetica Neue\",Arial,\"Noto Sans\",\"Noto Sans CJK JP\",sans-serif}"
    "\nmain{max-width:1200px;margin:0 auto;padding:28px 32px 56px}"
    "\nh1{font-size:24px;font-weight:650;margin:0;letter-spacing:-.01em}"
    "\nh2{font-size:18px;font-weight:650;margin:40px 0 12px}"
    "\nh3{font-size:16px;font-weight:650;margin:0}"
    "\nh4{font-size:13px;font-weight:650;margin:14px 0 6px;color:#424a53;text-transform:uppercase;"
    "letter-spacing:.04em}"
    "\np{margin:6px 0}"
    "\na{color:#0b57c2;text-decoration:none}a:hover{text-decoration:underline}"
    "\n.sub{color:#59636e;margin:4px 0 0}"
    "\n.note{color:#59636e;font-size:12.5px}"
    "\n.panel,.card,.renter{background:#fff;border:1px solid #d9dee4;border-radius:8px}"
    "\n.panel{padding:14px 18px}"
    "\n.cards{display:grid;grid-template-columns:repeat(4,1fr);gap:12px;margin-top:20px}"
    "\n.card{padding:12px 16px}"
    "\n.card .v{display:block;font-size:26px;font-weight:650;font-variant-numeric:tabular-nums}"
    "\n.card .l{color:#59636e;font-size:13px}"
    "\n.card.alert{border-color:#f3c3a8;background:#fff8f4}.card.alert .v{color:#b33a0a}"
    "\n.charts{display:grid;grid-template-columns:1fr 1fr;gap:16px;margin-top:16px}"
    "\nfigure{margin:0}figcaption{font-weight:650;margin-bottom:4px}"
    "\nsvg{display:block;max-width:100%;height:auto}"
    "\nsvg text{font-family:system-ui,-apple-system,\"Segoe UI\",Roboto,Arial,sans-serif;"
    "font-size:11px;fill:#1c2128}"
    "\nsvg .axis{fill:#59636e}svg .grid{stroke:#e6e9ed}svg .bar{fill:#aab4bf}"
    "\nsvg .flag{fill:#d4530f}svg .cut{stroke:#d4530f;stroke-dasharray:4 3}"
    "\nsvg .node{fill:#fff;stroke:#1c2128;stroke-width:1.5}"
    "\nsvg .id{font-weight:600}svg .when{fill:#59636e;font-size:10px}"
    "\nsvg .elabel{font-size:10px;paint-order:stroke;stroke:#fff;stroke-width:3px}"
    "\ntable{border-collapse:collapse;width:100%;font-size:13px}"
    "\nth,td{padding:5px 8px;text-align:left;border-bottom:1px solid #edf0f3;vertical-align:top}"
    "\nthead th{background:#f6f8fa;font-weight:600;border-bottom:1px solid #d9dee4;"
    "white-space:nowrap}"
    "\ntd.n,th.n{text-align:right;font-variant-numeric:tabular-nums}"
    "\n.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,\"Liberation Mono\","
    "monospace;font-size:12px}"
    "\n.wrap{overflow-wrap:anywhere}.nowrap{white-space:nowrap}.scroll{overflow-x:auto}"
    "\n.brk{word-break:break-all}.hit{background:#fde7d9;border-radius:3px;padding:0 3px;"
    "color:#7c2d06}"
    "\ntable.leases td{font-size:12.5px}"
    "\ntable.js th{cursor:pointer;user-select:none}table.js th:hover{background:#eef1f4}"
    "\nth[aria-sort=ascending]::after{content:\" \\25B2\"}"
    "\nth[aria-sort=descending]::after{content:\" \\25BC\"}"
    "\n.renter{padding:16px 20px;margin:0 0 16px}"
    "\n.rhead{display:flex;align-items:baseline;gap:10px;flex-wrap:wrap}"
    "\n.rank{color:#59636e;font-weight:600}"
    "\n.pill{border-radius:999px;padding:1px 10px;font-size:12.5px;background:#fff3ec;"
    "color:#9a330a;border:1px solid #f6d2bd;font-variant-numeric:tabular-nums}"
    "\n.reasons{margin:8px 0 4px;padding-left:22px}.reasons li{margin:2px 0}"
    "\n.code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px;"
    "background:#f1f3f5;border-radius:4px;padding:0 5px}"
    "\n.evgrid{display:grid;grid-template-columns:minmax(0,560px) minmax(0,1fr);gap:20px;"
    "align-items:start}"
    "\n.legend{display:flex;flex-wrap:wrap;gap:4px 14px;font-size:12px;color:#424a53}"
    "\n.sw{display:inline-block;width:14px;height:3px;vertical-align:middle;margin-right:5px}"
    "\n.c0{background:#6b7280}.c1{background:#9ca3af}.c2{background:#1d4ed8}"
    ".c3{background:#0e7490}.c4{background:#c2410c}.c5{background:#7c3aed}.c6{background:#4d7c0f}"
    ".c7{background:#a16207}.c8{background:#be185d}.c9{background:#0369a1}.c10{background:#57534e}"
    ".c11{background:#111827}"
    "\nsvg .e0{stroke:#6b7280}svg .e1{stroke:#9ca3af}svg .e2{stroke:#1d4ed8}"
    "svg .e3{stroke:#0e7490}svg .e4{stroke:#c2410c}svg .e5{stroke:#7c3aed}svg .e6{stroke:#4d7c0f}"
    "svg .e7{stroke:#a16207}svg .e8{stroke:#be185d}svg .e9{stroke:#0369a1}svg .e10{stroke:#57534e}"
    "svg .e11{stroke:#111827}"
    "\nsvg .edge{stroke-width:1.6;stroke-opacity:.75}"
    "\nsvg .badge circle{fill:#fff;stroke-width:1.5}svg .badge text{font-size:10px;"
    "font-weight:600}"
    "\ntable.links{margin-top:8px;font-size:12.5px}table.links td{padding:2px 6px}"
    "\n.run{display:grid;grid-template-columns:1fr 1fr;gap:16px;margin-top:16px}"
    "\ndl.facts{display:grid;grid-template-columns:max-content 1fr;gap:3px 18px;margin:0}"
    "\ndl.facts dt{color:#59636e}dl.facts dd{margin:0;font-variant-numeric:tabular-nums}"
    "\n#timings{margin-top:16px}"
    "\nfooter{margin-top:40px;color:#59636e;font-size:12.5px}"
    "\n@media (max-width:900px){.cards,.charts,.run,.evgrid{grid-template-columns:1fr}}"
    "\n";

#define N_EDGE_CLASSES 12

/* Sorts tables of class "sortable" on a header click (again: the other way); numbers by value
 * (data-v when present), text by locale. Without JavaScript the table stays in rank order. */
static const char script[] =
    "\n(function(){"
    "\nvar tables=document.querySelectorAll('table.sortable');"
    "\nArray.prototype.forEach.call(tables,function(t){"
    "\n  t.classList.add('js');"
    "\n  var heads=t.tHead.rows[0].cells;"
    "\n  Array.prototype.forEach.call(heads,function(th,col){"
    "\n    th.tabIndex=0;"
    "\n    function key(row){var c=row.cells[col];var v=c.getAttribute('data-v');"
    "return v===null?c.textContent:v;}"
    "\n    function sort(){"
    "\n      var up=th.getAttribute('aria-sort')!=='ascending';"
    "\n      Array.prototype.forEach.call(heads,function(h){h.removeAttribute('aria-sort');});"
    "\n      th.setAttribute('aria-sort',up?'ascending':'descending');"
    "\n      var num=th.classList.contains('n'),body=t.tBodies[0];"
    "\n      var rows=Array.prototype.slice.call(body.rows);"
    "\n      rows.sort(function(a,b){var x=key(a),y=key(b),d;"
    "\n        if(num){x=parseFloat(x);y=parseFloat(y);x=isNaN(x)?-Infinity:x;"
    "y=isNaN(y)?-Infinity:y;d=x===y?0:(x>y?1:-1);}"
    "\n        else d=x.localeCompare(y);"
    "\n        return up?d:-d;});"
    "\n      rows.forEach(function(r){body.appendChild(r);});"
    "\n    }"
    "\n    th.addEventListener('click',sort);"
    "\n    th.addEventListener('keydown',function(e){if(e.key==='Enter'||e.key===' ')"
    "{e.preventDefault();sort();}});"
    "\n  });"
    "\n});"
    "\n})();"
    "\n";

/* ---- context ------------------------------------------------------------------------------ */

typedef struct html_ctx {
    FILE *f;
    const summary_info *info;
    const scan_view *v;
    size_t n_listed; /* flagged renters within --since */
    size_t n_shown;  /* of them, explained on the page (at most HTML_MAX_RENTERS) */
    uint64_t flagged_leases;
    int64_t t_lo, t_hi; /* created_at range of the table; LT_MISSING_TIME when none */
    char *rid;          /* a renter id (scan_view_renter_id), v->renter_id_max bytes */
} html_ctx;

static int listed(const scan_view *v, uint32_t r)
{
    return v->model->flag[r] && v->reported[r];
}

/* Position of lease row `row` among renter r's leases (which are in row order), or -1. */
static long lease_pos(const link_result *lr, uint32_t r, uint32_t row)
{
    uint32_t lo = lr->renter_start[r], hi = lr->renter_start[r + 1];
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (lr->renter_lease[mid] < row)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < lr->renter_start[r + 1] && lr->renter_lease[lo] == row
               ? (long)(lo - lr->renter_start[r])
               : -1;
}

static void renter_span(const html_ctx *c, uint32_t r, int64_t *lo, int64_t *hi)
{
    const link_result *lr = c->v->link;
    *lo = INT64_MAX;
    *hi = INT64_MIN;
    for (uint32_t k = lr->renter_start[r]; k < lr->renter_start[r + 1]; k++) {
        int64_t t = c->v->table->created_at[lr->renter_lease[k]];
        if (t == LT_MISSING_TIME)
            continue;
        *lo = t < *lo ? t : *lo;
        *hi = t > *hi ? t : *hi;
    }
    if (*lo == INT64_MAX)
        *lo = *hi = LT_MISSING_TIME;
}

/* ---- header and headline figures ------------------------------------------------------------ */

static void write_head(html_ctx *c)
{
    FILE *f = c->f;
    char hs[64], hc[64];
    csp_hash(script, hs);
    csp_hash(css, hc);
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n", f);
    fprintf(f,
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
            "style-src 'sha256-%s'; script-src 'sha256-%s'; img-src 'none'; base-uri 'none'; "
            "form-action 'none'\">\n",
            hc, hs);
    fputs("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n", f);
    fputs("<meta name=\"generator\" content=\"leasehound " LH_VERSION "\">\n", f);
    fprintf(f, "<title>leasehound: %zu flagged renter%s</title>\n", c->n_listed,
            c->n_listed == 1 ? "" : "s");
    fprintf(f, "<style>%s</style>\n</head>\n<body>\n<main>\n", css);
}

static void write_headline(html_ctx *c)
{
    FILE *f = c->f;
    const summary_info *in = c->info;
    const load_stats *ls = in->load;
    const model_info *mi = in->model;
    char a[32], b[32];
    fputs("<header>\n<h1>leasehound scan report</h1>\n<p class=\"sub\">", f);
    fprintf(f, "%zu input file%s, %s rows", ls->n_file, ls->n_file == 1 ? "" : "s",
            count_str(ls->records, a));
    if (c->t_lo != LT_MISSING_TIME)
        fprintf(f, " &middot; leases from %s to %s", day_str(c->t_lo, a), day_str(c->t_hi, b));
    fputs(" &middot; ", f);
    esc(f, mi->kind);
    fprintf(f, " model, alpha %g", mi->alpha);
    for (size_t i = 0; i < in->n_param; i++)
        if (strcmp(in->param[i].name, "since") == 0 && in->param[i].value[0]) {
            fputs(" &middot; renters with a lease since ", f);
            esc(f, in->param[i].value);
        }
    if (c->v->pseudo)
        fputs(" &middot; personal values pseudonymized", f);
    fputs(" &middot; leasehound " LH_VERSION "</p>\n</header>\n", f);

    fputs("<section class=\"cards\" aria-label=\"headline figures\">\n", f);
    fprintf(f,
            "<div class=\"card%s\"><span class=\"v\">%s</span><span class=\"l\">flagged "
            "renters of %s</span></div>\n",
            c->n_listed ? " alert" : "", count_str(c->n_listed, a),
            count_str(c->v->link->n_renters, b));
    fprintf(f,
            "<div class=\"card%s\"><span class=\"v\">%s</span><span class=\"l\">flagged leases "
            "of %s accepted</span></div>\n",
            c->flagged_leases ? " alert" : "", count_str(c->flagged_leases, a),
            count_str(ls->accepted, b));
    fprintf(f,
            "<div class=\"card\"><span class=\"v\">%g</span><span class=\"l\">alpha: expected "
            "share of false flags</span></div>\n",
            mi->alpha);
    fprintf(f,
            "<div class=\"card\"><span class=\"v\">%s</span><span class=\"l\">rows rejected "
            "(rejects.csv)</span></div>\n",
            count_str(ls->rejected, a));
    fputs("</section>\n", f);
    if (mi->fallback[0]) {
        fputs("<p class=\"note\">Model fallback: ", f);
        esc(f, mi->fallback);
        fputs("</p>\n", f);
    }
}

/* ---- charts ------------------------------------------------------------------------------- */

static void write_histogram(html_ctx *c)
{
    FILE *f = c->f;
    const scan_view *v = c->v;
    uint64_t total[HIST_BINS] = {0}, flagged[HIST_BINS] = {0}, max = 0, n = 0;
    double cut = 2;
    for (size_t r = 0; r < v->link->n_renters; r++) {
        if (!v->reported[r])
            continue;
        double s = v->model->score[r];
        int b = s >= 1 ? HIST_BINS - 1 : s <= 0 ? 0 : (int)(s * HIST_BINS);
        total[b]++;
        n++;
        if (v->model->flag[r]) {
            flagged[b]++;
            cut = s < cut ? s : cut;
        }
    }
    for (int b = 0; b < HIST_BINS; b++)
        max = total[b] > max ? total[b] : max;
    const double x0 = 52, x1 = 508, y0 = 14, y1 = 168, w = (x1 - x0) / HIST_BINS;
    double top = log10(1.0 + (double)(max ? max : 1));
    fputs("<figure class=\"panel\">\n<figcaption>Renters by score</figcaption>\n", f);
    fputs("<svg viewBox=\"0 0 520 206\" width=\"520\" height=\"206\" role=\"img\" "
          "aria-label=\"histogram of renter scores\">\n",
          f);
    for (uint64_t t = 1; (double)t <= (double)max; t *= 10) {
        double y = y1 - (y1 - y0) * log10(1.0 + (double)t) / top;
        fprintf(f,
                "<line class=\"grid\" x1=\"%.0f\" y1=\"%.1f\" x2=\"%.0f\" y2=\"%.1f\"/>"
                "<text class=\"axis\" x=\"%.0f\" y=\"%.1f\" text-anchor=\"end\">",
                x0, y, x1, y, x0 - 6, y + 4);
        put_count(f, t);
        fputs("</text>\n", f);
    }
    for (int b = 0; b < HIST_BINS; b++) {
        if (total[b] == 0)
            continue;
        double h = (y1 - y0) * log10(1.0 + (double)total[b]) / top;
        double x = x0 + b * w + 1;
        double hf = h * (double)flagged[b] / (double)total[b];
        fprintf(f, "<g><title>score %.2f to %.2f: ", (double)b / HIST_BINS,
                (double)(b + 1) / HIST_BINS);
        put_count(f, total[b]);
        fputs(" renters, ", f);
        put_count(f, flagged[b]);
        fputs(" flagged</title>", f);
        if (h - hf > 0.05)
            fprintf(f, "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/>",
                    x, y1 - h, w - 2, h - hf);
        if (hf > 0)
            fprintf(f,
                    "<rect class=\"flag\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/>",
                    x, y1 - hf, w - 2, hf);
        fputs("</g>\n", f);
    }
    fprintf(f, "<line stroke=\"#8c959f\" x1=\"%.0f\" y1=\"%.0f\" x2=\"%.0f\" y2=\"%.0f\"/>\n", x0,
            y1, x1, y1);
    for (int k = 0; k <= 4; k++)
        fprintf(f,
                "<text class=\"axis\" x=\"%.1f\" y=\"%.0f\" text-anchor=\"middle\">%.2g</text>\n",
                x0 + (x1 - x0) * k / 4, y1 + 15, k / 4.0);
    fprintf(f,
            "<text class=\"axis\" x=\"%.0f\" y=\"%.0f\" text-anchor=\"middle\">score "
            "(higher is more suspicious)</text>\n",
            (x0 + x1) / 2, y1 + 32);
    fprintf(f,
            "<text class=\"axis\" x=\"12\" y=\"%.0f\" text-anchor=\"middle\" "
            "transform=\"rotate(-90 12 %.0f)\">renters (log scale)</text>\n",
            (y0 + y1) / 2, (y0 + y1) / 2);
    if (cut <= 1) {
        double x = x0 + (x1 - x0) * cut;
        fprintf(f,
                "<line class=\"cut\" x1=\"%.1f\" y1=\"%.0f\" x2=\"%.1f\" y2=\"%.0f\"/>"
                "<text x=\"%.1f\" y=\"%.0f\" text-anchor=\"%s\">lowest flagged score %.3f</text>\n",
                x, y0 - 4, x, y1, cut > 0.6 ? x - 4 : x + 4, y0 + 8, cut > 0.6 ? "end" : "start",
                cut);
    }
    fputs("</svg>\n<p class=\"note\">", f);
    put_count(f, n);
    fputs(" renters", f);
    if (v->since != INT64_MIN)
        fputs(" with a lease since --since", f);
    fputs(". <span class=\"nowrap\"><span class=\"sw c4\"></span>flagged share of a bar</span>"
          "</p>\n</figure>\n",
          f);
}

static int64_t week_of(int64_t t)
{
    int64_t d = t - MONDAY_OFFSET;
    return d >= 0 ? d / WEEK : -((-d + WEEK - 1) / WEEK);
}

static void write_timeline(html_ctx *c)
{
    FILE *f = c->f;
    const scan_view *v = c->v;
    const lease_table *t = v->table;
    fputs("<figure class=\"panel\">\n<figcaption>Leases per week, flagged leases "
          "below</figcaption>\n",
          f);
    if (c->t_lo == LT_MISSING_TIME) {
        fputs("<p>The inputs have no created_at, so flags over time cannot be drawn (the time "
              "features were left out of the model too).</p>\n</figure>\n",
              f);
        return;
    }
    int64_t w0 = week_of(c->t_lo), w1 = week_of(c->t_hi), weeks = w1 - w0 + 1;
    int64_t k = (weeks + TIME_MAX_BINS - 1) / TIME_MAX_BINS;
    size_t nb = (size_t)((weeks + k - 1) / k);
    uint64_t *all = xcalloc(nb, sizeof *all), *flg = xcalloc(nb, sizeof *flg);
    uint64_t max_all = 0, max_flg = 0, untimed = 0;
    /* counted by week, then the weeks added up into bars of k: a division by k per lease was
       most of this page's time at ten million leases */
    uint64_t *wk_all = xcalloc((size_t)weeks, sizeof *wk_all);
    uint64_t *wk_flg = xcalloc((size_t)weeks, sizeof *wk_flg);
    for (size_t i = 0; i < t->count; i++) {
        if (t->created_at[i] == LT_MISSING_TIME) {
            untimed++;
            continue;
        }
        size_t wk = (size_t)(week_of(t->created_at[i]) - w0);
        wk_all[wk]++;
        wk_flg[wk] += v->model->flag[v->link->renter[i]];
    }
    for (int64_t wk = 0; wk < weeks; wk++) {
        all[wk / k] += wk_all[wk];
        flg[wk / k] += wk_flg[wk];
    }
    xfree(wk_all);
    xfree(wk_flg);
    for (size_t b = 0; b < nb; b++) {
        max_all = all[b] > max_all ? all[b] : max_all;
        max_flg = flg[b] > max_flg ? flg[b] : max_flg;
    }
    const double x0 = 52, x1 = 508, a0 = 14, a1 = 112, f0 = 128, f1 = 168;
    double w = (x1 - x0) / (double)nb;
    fputs("<svg viewBox=\"0 0 520 206\" width=\"520\" height=\"206\" role=\"img\" "
          "aria-label=\"leases per week and flagged leases per week\">\n",
          f);
    fprintf(f, "<text class=\"axis\" x=\"%.0f\" y=\"%.0f\" text-anchor=\"end\">", x0 - 6, a0 + 4);
    put_count(f, max_all);
    fprintf(f, "</text><text class=\"axis\" x=\"%.0f\" y=\"%.0f\" text-anchor=\"end\">0</text>\n",
            x0 - 6, a1 + 4);
    fprintf(f, "<text class=\"axis\" x=\"%.0f\" y=\"%.0f\" text-anchor=\"end\">", x0 - 6, f0 + 4);
    put_count(f, max_flg);
    fprintf(f, "</text><text class=\"axis\" x=\"%.0f\" y=\"%.0f\" text-anchor=\"end\">0</text>\n",
            x0 - 6, f1 + 4);
    fprintf(f,
            "<line class=\"grid\" x1=\"%.0f\" y1=\"%.0f\" x2=\"%.0f\" y2=\"%.0f\"/>"
            "<line class=\"grid\" x1=\"%.0f\" y1=\"%.0f\" x2=\"%.0f\" y2=\"%.0f\"/>\n",
            x0, a0, x1, a0, x0, f0, x1, f0);
    char day[32];
    for (size_t b = 0; b < nb; b++) {
        if (all[b] == 0)
            continue;
        double x = x0 + (double)b * w, bw = w > 2 ? w - (w > 4 ? 1 : 0.4) : w;
        double ha = (a1 - a0) * (double)all[b] / (double)max_all;
        int64_t start = (w0 + (int64_t)b * k) * WEEK + MONDAY_OFFSET;
        fprintf(f, "<g><title>%s %s: ", k == 1 ? "week of" : "weeks from", day_str(start, day));
        put_count(f, all[b]);
        fputs(" leases, ", f);
        put_count(f, flg[b]);
        fputs(" flagged</title>", f);
        fprintf(f, "<rect class=\"bar\" x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\"/>", x,
                a1 - ha, bw, ha);
        if (flg[b]) {
            double hf = (f1 - f0) * (double)flg[b] / (double)max_flg;
            fprintf(f,
                    "<rect class=\"flag\" x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\"/>",
                    x, f1 - hf, bw, hf);
        }
        fputs("</g>\n", f);
    }
    fprintf(f,
            "<line stroke=\"#8c959f\" x1=\"%.0f\" y1=\"%.0f\" x2=\"%.0f\" y2=\"%.0f\"/>"
            "<line stroke=\"#8c959f\" x1=\"%.0f\" y1=\"%.0f\" x2=\"%.0f\" y2=\"%.0f\"/>\n",
            x0, a1, x1, a1, x0, f1, x1, f1);
    int ticks = nb < 5 ? (int)nb : 5;
    for (int i = 0; i < ticks; i++) {
        size_t b = ticks == 1 ? 0 : (size_t)((double)(nb - 1) * i / (ticks - 1));
        int64_t start = (w0 + (int64_t)b * k) * WEEK + MONDAY_OFFSET;
        double x = x0 + ((double)b + 0.5) * w;
        fprintf(f, "<text class=\"axis\" x=\"%.1f\" y=\"%.0f\" text-anchor=\"%s\">%s</text>\n", x,
                f1 + 15,
                i == 0           ? "start"
                : i == ticks - 1 ? "end"
                                 : "middle",
                day_str(start, day));
    }
    fprintf(f,
            "<text class=\"axis\" x=\"12\" y=\"%.0f\" text-anchor=\"middle\" "
            "transform=\"rotate(-90 12 %.0f)\">all</text>\n",
            (a0 + a1) / 2, (a0 + a1) / 2);
    fprintf(f,
            "<text class=\"flag\" x=\"12\" y=\"%.0f\" text-anchor=\"middle\" "
            "transform=\"rotate(-90 12 %.0f)\">flagged</text>\n",
            (f0 + f1) / 2, (f0 + f1) / 2);
    fputs("</svg>\n<p class=\"note\">", f);
    if (k == 1)
        fputs("One bar per week (Monday to Sunday, UTC)", f);
    else
        fprintf(f, "One bar per %" PRId64 " weeks (from a Monday, UTC)", k);
    fputs("; the flagged panel has its own scale", f);
    if (untimed) {
        fputs("; ", f);
        put_count(f, untimed);
        fputs(" leases without created_at are not drawn", f);
    }
    fputs(".</p>\n</figure>\n", f);
    xfree(all);
    xfree(flg);
}

/* ---- the ranked table ------------------------------------------------------------------------ */

static void write_ranked(html_ctx *c)
{
    FILE *f = c->f;
    const scan_view *v = c->v;
    const model_scores *m = v->model;
    char a[32], b[32];
    fputs("<h2 id=\"flagged\">Flagged renters</h2>\n", f);
    if (c->n_listed == 0) {
        fprintf(f, "<p class=\"panel\">No renter was flagged at alpha %g.</p>\n",
                c->info->model->alpha);
        return;
    }
    fputs("<p class=\"note\">Ranked by score (rank 1 is the most suspicious). Click a header to "
          "sort, a renter to see its evidence.",
          f);
    if (c->n_listed > c->n_shown)
        fprintf(f,
                " The first %zu of %s flagged renters are shown; the other %s are in "
                "renters.csv and evidence.jsonl.",
                c->n_shown, count_str(c->n_listed, a), count_str(c->n_listed - c->n_shown, b));
    fputs("</p>\n<div class=\"panel\">\n<table class=\"sortable\" id=\"ranked\">\n<thead><tr>"
          "<th class=\"n\">Rank</th><th>Renter</th><th class=\"n\">Score</th>"
          "<th class=\"n\">q-value</th><th class=\"n\">Leases</th><th class=\"n\">Names</th>"
          "<th class=\"n\">Accounts</th><th>First lease</th><th>Last lease</th>",
          f);
    if (v->status)
        fputs("<th>Since the previous scan</th>", f);
    fputs("<th>Reasons</th></tr></thead>\n<tbody>\n", f);
    size_t shown = 0;
    for (size_t k = 0; k < v->link->n_renters && shown < c->n_shown; k++) {
        uint32_t r = v->by_rank[k];
        if (!listed(v, r))
            continue;
        shown++;
        int64_t lo, hi;
        renter_span(c, r, &lo, &hi);
        const double *x = v->features->x + (size_t)r * FEATURE_COUNT;
        fprintf(f, "<tr><td class=\"n\">%u</td><td class=\"mono\"><a href=\"#r%u\">", v->rank[r],
                v->rank[r]);
        esc(f, scan_view_renter_id(v, r, c->rid));
        fprintf(f,
                "</a></td><td class=\"n\">%.3f</td><td class=\"n\" data-v=\"%.6g\">%.2g</td>"
                "<td class=\"n\">%u</td><td class=\"n\">%u</td><td class=\"n\">%.0f</td>",
                m->score[r], m->q[r], m->q[r], v->link->renter_size[r], v->link->renter_persons[r],
                x[F_ACCOUNTS]);
        fprintf(f, "<td class=\"nowrap\">%s</td>", day_str(lo, a));
        fprintf(f, "<td class=\"nowrap\">%s</td>", day_str(hi, a));
        if (v->status)
            fprintf(f, "<td>%s</td>", previous_status_name((previous_status)v->status[r]));
        fputs("<td>", f);
        for (int j = 0; j < MODEL_REASONS; j++) {
            int fe = m->reason[(size_t)r * MODEL_REASONS + j];
            if (fe < 0)
                break;
            fputs(j ? ", " : "", f);
            esc(f, feature_get((feature_id)fe)->name);
        }
        fputs("</td></tr>\n", f);
    }
    fputs("</tbody>\n</table>\n</div>\n", f);
}

/* ---- one renter's evidence ---------------------------------------------------------------- */

/* The field of a link that carries the most weight (ties: the first), or -1. */
static int strongest_field(const scan_view *v, const link_edge *e)
{
    int best = -1;
    double bits = -HUGE_VAL;
    for (int fi = 0; fi < v->spec->n_field; fi++) {
        int l = pattern_level(e->pattern, fi);
        if (l == SPEC_LEVEL_NULL || l == 0)
            continue;
        double w = link_field_bits(v, e, fi);
        if (w > bits) {
            bits = w;
            best = fi;
        }
    }
    return best;
}

/* "card same 33.2 bits, name partial 0.0 bits" */
static void edge_label(FILE *f, const scan_view *v, const link_edge *e)
{
    int n = 0;
    for (int fi = 0; fi < v->spec->n_field; fi++) {
        int l = pattern_level(e->pattern, fi);
        if (l == SPEC_LEVEL_NULL || l == 0)
            continue;
        fputs(n++ ? ", " : "", f);
        esc(f, v->spec->field[fi].name);
        putc(' ', f);
        esc(f, spec_level_name(&v->spec->field[fi], l));
        fprintf(f, " %.1f bits", tenths(link_field_bits(v, e, fi)));
    }
    if (n == 0)
        fputs("no agreeing field", f);
}

typedef struct shared_row {
    int field, level;
    uint32_t value; /* pool id at the field's top level ("same"), else 0: values differ */
    double lo, hi;  /* weight in bits: the least and the most over the links */
    uint32_t links;
    uint8_t *leases; /* bitmap over the renter's leases */
} shared_row;

/* What a renter's links agree on: one row per field, level and (top level) value. */
typedef struct shared_set {
    shared_row *row;
    size_t n, cap;
    size_t bytes; /* of each bitmap */
    size_t other; /* agreements beyond HTML_MAX_SHARED rows, not grouped */
} shared_set;

static int shared_cmp(const void *pa, const void *pb)
{
    const shared_row *a = pa, *b = pb;
    if (a->hi != b->hi)
        return a->hi > b->hi ? -1 : 1;
    if (a->links != b->links)
        return a->links > b->links ? -1 : 1;
    if (a->field != b->field)
        return a->field < b->field ? -1 : 1;
    if (a->level != b->level)
        return a->level > b->level ? -1 : 1;
    return a->value < b->value ? -1 : a->value > b->value;
}

static void bit_set(uint8_t *m, long i)
{
    m[i >> 3] |= (uint8_t)(1u << (i & 7));
}

static uint32_t bits_count(const uint8_t *m, size_t bytes)
{
    uint32_t n = 0;
    for (size_t i = 0; i < bytes; i++)
        n += (uint32_t)__builtin_popcount(m[i]);
    return n;
}

static void shared_collect(shared_set *s, const html_ctx *c, uint32_t r)
{
    const scan_view *v = c->v;
    const link_result *lr = v->link;
    memset(s, 0, sizeof *s);
    s->bytes = (lr->renter_size[r] + 7) / 8;
    for (size_t ei = link_first_edge_of(lr, r), e1 = link_first_edge_of(lr, r + 1); ei < e1; ei++) {
        const link_edge *e = &lr->edge[ei];
        long pa = lease_pos(lr, r, e->a), pb = lease_pos(lr, r, e->b);
        for (int fi = 0; fi < v->spec->n_field; fi++) {
            int l = pattern_level(e->pattern, fi);
            if (l == SPEC_LEVEL_NULL || l == 0)
                continue;
            const spec_field *sf = &v->spec->field[fi];
            uint32_t val = l == sf->n_levels - 1 ? v->table->text[sf->col].id[e->a] : 0;
            double bits = link_field_bits(v, e, fi);
            size_t k = 0;
            while (k < s->n &&
                   !(s->row[k].field == fi && s->row[k].level == l && s->row[k].value == val))
                k++;
            if (k == s->n) {
                if (s->n == HTML_MAX_SHARED) {
                    s->other++;
                    continue;
                }
                s->row = xgrow(s->row, &s->cap, s->n + 1, sizeof *s->row);
                s->row[s->n++] =
                    (shared_row){fi, l, val, bits, bits, 0, xcalloc(s->bytes ? s->bytes : 1, 1)};
            }
            shared_row *w = &s->row[k];
            w->links++;
            w->lo = bits < w->lo ? bits : w->lo;
            w->hi = bits > w->hi ? bits : w->hi;
            if (pa >= 0)
                bit_set(w->leases, pa);
            if (pb >= 0)
                bit_set(w->leases, pb);
        }
    }
    if (s->n)
        qsort(s->row, s->n, sizeof *s->row, shared_cmp);
}

static void shared_free(shared_set *s)
{
    for (size_t k = 0; k < s->n; k++)
        xfree(s->row[k].leases);
    xfree(s->row);
}

/* 1 when value id of column col is a value the links agree on exactly. */
static int shared_has(const shared_set *s, const scan_view *v, long col, uint32_t id)
{
    for (size_t k = 0; id && k < s->n; k++)
        if (s->row[k].value == id && v->spec->field[s->row[k].field].col == col)
            return 1;
    return 0;
}

static void write_shared(html_ctx *c, const shared_set *s)
{
    FILE *f = c->f;
    const scan_view *v = c->v;
    fputs("<h4>What the links share</h4>\n", f);
    if (s->n == 0) {
        fputs("<p class=\"note\">No links: this renter is a single lease or was not joined by "
              "links.</p>\n",
              f);
        return;
    }
    fputs("<table><thead><tr><th>Field</th><th>Value</th><th class=\"n\">Weight</th>"
          "<th class=\"n\">Links</th><th class=\"n\">Leases</th></tr></thead>\n<tbody>\n",
          f);
    char buf[PSEUDO_LEN];
    for (size_t k = 0; k < s->n; k++) {
        const shared_row *w = &s->row[k];
        const spec_field *sf = &v->spec->field[w->field];
        fputs("<tr><td class=\"nowrap\"><b>", f);
        esc(f, sf->name);
        fputs("</b> ", f);
        esc(f, spec_level_name(sf, w->level));
        fputs("</td><td class=\"mono wrap\">", f);
        if (w->value)
            esc(f, value_out(v, (size_t)sf->col, w->value, buf));
        else
            fputs("<span class=\"note\">values differ</span>", f);
        fputs("</td><td class=\"n nowrap\">", f);
        if (fabs(w->hi - w->lo) < 0.05)
            fprintf(f, "%.1f bits", tenths(w->hi));
        else
            fprintf(f, "%.1f to %.1f bits", tenths(w->lo), tenths(w->hi));
        fprintf(f, "</td><td class=\"n\">%u</td><td class=\"n\">%u</td></tr>\n", w->links,
                bits_count(w->leases, s->bytes));
    }
    fputs("</tbody></table>\n<p class=\"note\">Weight: bits of evidence that two leases are one "
          "actor (log2 m/u), by the model component that explains the link.",
          f);
    if (s->other)
        fprintf(f,
                " %zu more field agreements are not grouped here; evidence.jsonl lists every "
                "link.",
                s->other);
    fputs("</p>\n", f);
}

/* Where to put the number of edge (ax,ay)-(bx,by): the first point along it, from the middle
 * outwards, at least 18 units from every badge placed and 14 from every node. */
static void badge_place(const double *bx, const double *by, size_t nb, const double *px,
                        const double *py, size_t n, double ax, double ay, double cx, double cy,
                        double *x, double *y)
{
    static const double at[] = {0.5, 0.35, 0.65, 0.25, 0.75, 0.42, 0.58};
    for (size_t k = 0; k < sizeof at / sizeof *at; k++) {
        double tx = ax + (cx - ax) * at[k], ty = ay + (cy - ay) * at[k];
        int ok = 1;
        for (size_t i = 0; i < nb && ok; i++)
            ok = hypot(tx - bx[i], ty - by[i]) >= 18;
        for (size_t i = 0; i < n && ok; i++)
            ok = hypot(tx - px[i], ty - py[i]) >= 14;
        if (ok || k + 1 == sizeof at / sizeof *at) {
            *x = ok ? tx : ax + (cx - ax) * 0.5;
            *y = ok ? ty : ay + (cy - ay) * 0.5;
            return;
        }
    }
}

static void write_graph(html_ctx *c, uint32_t r)
{
    FILE *f = c->f;
    const scan_view *v = c->v;
    const link_result *lr = v->link;
    const lease_table *t = v->table;
    size_t size = lr->renter_size[r];
    size_t n = size < HTML_GRAPH_MAX_NODES ? size : HTML_GRAPH_MAX_NODES;
    size_t e0 = link_first_edge_of(lr, r), e1 = link_first_edge_of(lr, r + 1), total = e1 - e0;
    /* the links among the drawn leases, at most HTML_GRAPH_MAX_EDGES of them */
    uint32_t *edge = xmalloc((total ? total : 1) * sizeof *edge);
    long *ea = xmalloc((total ? total : 1) * sizeof *ea),
         *eb = xmalloc((total ? total : 1) * sizeof *eb);
    size_t drawn = 0;
    for (size_t ei = e0; ei < e1 && drawn < HTML_GRAPH_MAX_EDGES; ei++) {
        const link_edge *e = &lr->edge[ei];
        long pa = lease_pos(lr, r, e->a), pb = lease_pos(lr, r, e->b);
        if (pa < 0 || pb < 0 || (size_t)pa >= n || (size_t)pb >= n)
            continue;
        edge[drawn] = ei;
        ea[drawn] = pa;
        eb[drawn++] = pb;
    }
    int numbered = drawn > 1 && drawn <= HTML_EDGE_LABELS_MAX;
    /* up to GRAPH_FLAT_LABELS leases: two-line labels beside the nodes; more: one-line labels
     * along the radius, which need the angle between nodes rather than their distance */
    int radial = n > GRAPH_FLAT_LABELS;
    double R = n <= 1 ? 0 : n == 2 ? 130 : radial ? 120 : fmin(160, 60 + 9.0 * (double)n);
    double W = 560,
           H = n <= 2   ? 100
               : radial ? 2 * R + 280
                        : 2 * R + 96,
           cx = W / 2, cy = n <= 2 ? 52 : H / 2;
    double *px = xmalloc((n ? n : 1) * sizeof *px), *py = xmalloc((n ? n : 1) * sizeof *py);
    for (size_t i = 0; i < n; i++) {
        double ang =
            n == 2 ? M_PI * (double)i - M_PI : -M_PI / 2 + 2 * M_PI * (double)i / (double)n;
        px[i] = cx + R * cos(ang);
        py[i] = cy + R * sin(ang);
    }
    fprintf(f,
            "<svg viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" height=\"%.0f\" role=\"img\" "
            "aria-label=\"linked leases of ",
            W, H, W, H);
    esc(f, scan_view_renter_id(v, r, c->rid));
    fputs("\">\n", f);
    uint32_t by_field[SPEC_MAX_FIELDS + 1] = {0};
    char via[SPEC_NAME_MAX + 32];
    for (size_t k = 0; k < drawn; k++) {
        const link_edge *e = &lr->edge[edge[k]];
        int sf = strongest_field(v, e);
        by_field[sf < 0 ? SPEC_MAX_FIELDS : sf]++;
        fputs("<g><title>", f);
        esc(f, lease_table_text(t, LT_LEASE_ID, e->a));
        fputs(" \xe2\x80\x93 ", f);
        esc(f, lease_table_text(t, LT_LEASE_ID, e->b));
        fputs(": ", f);
        edge_label(f, v, e);
        fprintf(f, " (log2 odds %.1f, ", (double)e->log_odds);
        esc(f, link_explanation(v, e, via, sizeof via));
        fprintf(f,
                ")</title><line class=\"edge e%d\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
                "y2=\"%.1f\"/>",
                sf < 0 ? N_EDGE_CLASSES - 1 : sf % N_EDGE_CLASSES, px[ea[k]], py[ea[k]], px[eb[k]],
                py[eb[k]]);
        if (drawn == 1) {
            /* one link: its label on it */
            fprintf(f, "<text class=\"elabel\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">",
                    (px[ea[k]] + px[eb[k]]) / 2, (py[ea[k]] + py[eb[k]]) / 2 - 7);
            edge_label(f, v, e);
            fputs("</text>", f);
        }
        fputs("</g>\n", f);
    }
    if (numbered) {
        double bx[HTML_EDGE_LABELS_MAX], by[HTML_EDGE_LABELS_MAX];
        for (size_t k = 0; k < drawn; k++) {
            int sf = strongest_field(v, &lr->edge[edge[k]]);
            badge_place(bx, by, k, px, py, n, px[ea[k]], py[ea[k]], px[eb[k]], py[eb[k]], &bx[k],
                        &by[k]);
            fprintf(f,
                    "<g class=\"badge\"><circle class=\"e%d\" cx=\"%.1f\" cy=\"%.1f\" r=\"8\"/>"
                    "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%zu</text></g>\n",
                    sf < 0 ? N_EDGE_CLASSES - 1 : sf % N_EDGE_CLASSES, bx[k], by[k], bx[k],
                    by[k] + 3.5, k + 1);
        }
    }
    char day[32];
    for (size_t i = 0; i < n; i++) {
        uint32_t row = lr->renter_lease[lr->renter_start[r] + i];
        double dx = px[i] - cx, dy = py[i] - cy;
        double len = sqrt(dx * dx + dy * dy);
        double ux = len > 0 ? dx / len : 0, uy = len > 0 ? dy / len : 1;
        const char *anchor = ux > 0.35 ? "start" : ux < -0.35 ? "end" : "middle";
        double lx = px[i] + ux * 10, ly = py[i] + uy * 12 + (uy > 0.35 ? 8 : uy < -0.35 ? -12 : -2);
        if (n <= 2)
            anchor = "middle", lx = px[i], ly = py[i] + 20;
        fputs("<g><title>", f);
        esc(f, lease_table_text(t, LT_LEASE_ID, row));
        fprintf(f, " %s</title><circle class=\"node\" cx=\"%.1f\" cy=\"%.1f\" r=\"5\"/>",
                format_time(t->created_at[row], day), px[i], py[i]);
        if (radial) {
            double deg = atan2(uy, ux) * 180 / M_PI, tx = px[i] + ux * 9, ty = py[i] + uy * 9;
            int right = ux >= -1e-9;
            fprintf(f,
                    "<text x=\"%.1f\" y=\"%.1f\" dy=\".35em\" text-anchor=\"%s\" "
                    "transform=\"rotate(%.1f %.1f %.1f)\"><tspan class=\"id\">",
                    tx, ty, right ? "start" : "end", right ? deg : deg + 180, tx, ty);
            esc_cut(f, lease_table_text(t, LT_LEASE_ID, row), 22);
            fprintf(f, "</tspan><tspan class=\"when\"> %s</tspan></text></g>\n",
                    day_str(t->created_at[row], day));
            continue;
        }
        fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\"><tspan class=\"id\">", lx, ly,
                anchor);
        esc_cut(f, lease_table_text(t, LT_LEASE_ID, row), 22);
        fprintf(f, "</tspan><tspan class=\"when\" x=\"%.1f\" dy=\"12\">%s</tspan></text></g>\n", lx,
                day_str(t->created_at[row], day));
    }
    fputs("</svg>\n<div class=\"legend\">", f);
    for (int fi = 0; fi <= SPEC_MAX_FIELDS; fi++) {
        if (!by_field[fi])
            continue;
        fprintf(f, "<span><span class=\"sw c%d\"></span>",
                fi == SPEC_MAX_FIELDS ? N_EDGE_CLASSES - 1 : fi % N_EDGE_CLASSES);
        if (fi == SPEC_MAX_FIELDS)
            fputs("no agreeing field", f);
        else
            esc(f, v->spec->field[fi].name);
        fprintf(f, " (%u)</span>", by_field[fi]);
    }
    fputs("</div>\n", f);
    if (numbered) {
        fputs("<table class=\"links\"><tbody>\n", f);
        for (size_t k = 0; k < drawn; k++) {
            const link_edge *e = &lr->edge[edge[k]];
            fprintf(f, "<tr><td class=\"n\">%zu</td><td class=\"mono nowrap\">", k + 1);
            esc(f, lease_table_text(t, LT_LEASE_ID, e->a));
            fputs(" \xe2\x80\x93 ", f);
            esc(f, lease_table_text(t, LT_LEASE_ID, e->b));
            fputs("</td><td>", f);
            edge_label(f, v, e);
            fputs(" <span class=\"note\">(", f);
            esc(f, link_explanation(v, e, via, sizeof via));
            fputs(")</span></td></tr>\n", f);
        }
        fputs("</tbody></table>\n", f);
    }
    fputs("<p class=\"note\">", f);
    if (n < size)
        fprintf(f, "The first %zu of %zu leases are drawn. ", n, size);
    if (total == 0)
        fputs("No links.", f);
    else {
        fprintf(f, "%zu link%s drawn", drawn, drawn == 1 ? "" : "s");
        if (drawn < total)
            fprintf(f, " of %zu (evidence.jsonl has them all)", total);
        fputs("; an edge is coloured by its heaviest field", f);
        fputs(drawn <= HTML_EDGE_LABELS_MAX ? "." : "; hover over it for its fields.", f);
    }
    fputs("</p>\n", f);
    xfree(edge);
    xfree(ea);
    xfree(eb);
    xfree(px);
    xfree(py);
}

/* One value of lease `row`, highlighted when the renter's links agree on it (hit_col: the
 * column the spec compares, which may be a normalized twin of the one shown). */
static void value_span(html_ctx *c, const shared_set *s, size_t col, long hit_col, uint32_t row,
                       const char *cls)
{
    FILE *f = c->f;
    const lease_table *t = c->v->table;
    uint32_t id = t->text[col].id[row];
    if (id == 0)
        return;
    int hit = hit_col >= 0 && shared_has(s, c->v, hit_col, t->text[hit_col].id[row]);
    char buf[PSEUDO_LEN];
    fprintf(f, "<span class=\"%s%s\">", cls, hit ? " hit" : "");
    esc(f, value_out(c->v, col, id, buf));
    fputs("</span>", f);
}

static void write_leases(html_ctx *c, uint32_t r, const shared_set *s)
{
    FILE *f = c->f;
    const scan_view *v = c->v;
    const link_result *lr = v->link;
    const lease_table *t = v->table;
    size_t size = lr->renter_size[r];
    size_t n = size < HTML_MAX_LEASES ? size : HTML_MAX_LEASES;
    fputs("<h4>Leases</h4>\n<div class=\"scroll\"><table class=\"leases\"><thead><tr>"
          "<th>Lease</th><th>Name and e-mail</th><th>Phone</th><th>Account</th><th>Payment</th>"
          "<th>Device</th><th>Sign-up IP</th><th>Country</th></tr></thead>\n<tbody>\n",
          f);
    char day[32];
    for (size_t i = 0; i < n; i++) {
        uint32_t row = lr->renter_lease[lr->renter_start[r] + i];
        fputs("<tr><td><span class=\"mono\">", f);
        esc(f, lease_table_text(t, LT_LEASE_ID, row));
        format_time(t->created_at[row], day);
        if (day[0])
            day[10] = ' ', day[16] = '\0';
        fprintf(f, "</span><br><span class=\"note nowrap\">%s</span></td><td>", day);
        value_span(c, s, LT_NAME_RAW, LT_NAME, row, "");
        fputs("<br>", f);
        value_span(c, s, LT_EMAIL, LT_EMAIL, row, "note brk");
        fputs("</td><td>", f);
        value_span(c, s, LT_PHONE, LT_PHONE, row, "mono nowrap");
        fputs("</td><td>", f);
        value_span(c, s, LT_ACCOUNT, LT_ACCOUNT, row, "mono nowrap");
        fputs("</td><td>", f);
        if (t->payment_type[row]) {
            esc(f, payment_type_name((payment_type)t->payment_type[row]));
            fputs("<br>", f);
        }
        value_span(c, s, LT_PAYMENT_FP, LT_PAYMENT_FP, row, "mono nowrap");
        fputs("</td><td>", f);
        value_span(c, s, LT_DEVICE_FP, LT_DEVICE_FP, row, "mono brk");
        fputs("</td><td>", f);
        value_span(c, s, LT_SIGNUP_IP, LT_SIGNUP_IP, row, "mono nowrap");
        if (t->ip_kind[row]) {
            fputs("<br><span class=\"note\">", f);
            esc(f, ip_kind_name((ip_kind)t->ip_kind[row]));
            fputs("</span>", f);
        }
        fputs("</td><td>", f);
        value_span(c, s, LT_COUNTRY, -1, row, "");
        fputs("</td></tr>\n", f);
    }
    fputs("</tbody></table></div>\n<p class=\"note\"><span class=\"hit\">Highlighted</span>: a "
          "value that links of this renter agree on exactly.",
          f);
    if (n < size)
        fprintf(f, " %zu more leases of this renter are in evidence.jsonl.", size - n);
    fputs("</p>\n", f);
}

static void write_renter(html_ctx *c, uint32_t r)
{
    FILE *f = c->f;
    const scan_view *v = c->v;
    const model_scores *m = v->model;
    const link_result *lr = v->link;
    const double *x = v->features->x + (size_t)r * FEATURE_COUNT;
    char a[32], b[32];
    int64_t lo, hi;
    renter_span(c, r, &lo, &hi);
    fprintf(f,
            "<article class=\"renter\" id=\"r%u\">\n<div class=\"rhead\"><h3><span "
            "class=\"rank\">#%u</span> <span class=\"mono\">",
            v->rank[r], v->rank[r]);
    esc(f, scan_view_renter_id(v, r, c->rid));
    fprintf(f,
            "</span></h3><span class=\"pill\">score %.3f</span><span class=\"pill\">q-value "
            "%.2g</span></div>\n",
            m->score[r], m->q[r]);
    fprintf(f, "<p class=\"note\">%u lease%s &middot; %u name%s &middot; %.0f account%s",
            lr->renter_size[r], lr->renter_size[r] == 1 ? "" : "s", lr->renter_persons[r],
            lr->renter_persons[r] == 1 ? "" : "s", x[F_ACCOUNTS], x[F_ACCOUNTS] == 1 ? "" : "s");
    if (lo != LT_MISSING_TIME)
        fprintf(f, " &middot; %s to %s", day_str(lo, a), day_str(hi, b));
    /* links by explanation */
    uint32_t kinds[2 + SPEC_MAX_FIELDS] = {0};
    size_t e0 = link_first_edge_of(lr, r), e1 = link_first_edge_of(lr, r + 1);
    for (size_t ei = e0; ei < e1; ei++) {
        const link_edge *e = &lr->edge[ei];
        kinds[e->kind == LINK_PERSONA ? 2 + e->via : e->kind == LINK_CO_LOCATED]++;
    }
    fprintf(f, " &middot; %zu link%s", e1 - e0, e1 - e0 == 1 ? "" : "s");
    int first = 1;
    for (int k = 0; k < 2 + SPEC_MAX_FIELDS; k++) {
        if (!kinds[k])
            continue;
        fputs(first ? ": " : ", ", f);
        first = 0;
        if (k == 0)
            fputs("same person", f);
        else if (k == 1)
            fputs("co-located person", f);
        else {
            fputs("persona tied by ", f);
            esc(f, v->spec->field[k - 2].name);
        }
        fprintf(f, " %u", kinds[k]);
    }
    fputs("</p>\n<ol class=\"reasons\">\n", f);
    char words[160];
    for (int j = 0; j < MODEL_REASONS; j++) {
        int fe = m->reason[(size_t)r * MODEL_REASONS + j];
        if (fe < 0)
            break;
        feature_reason_text((feature_id)fe, x, words, sizeof words);
        fputs("<li><span class=\"code\">", f);
        esc(f, feature_get((feature_id)fe)->name);
        fputs("</span> ", f);
        esc(f, words);
        fprintf(f, " <span class=\"note\">(evidence %.1f)</span></li>\n",
                tenths(m->evidence[(size_t)r * MODEL_REASONS + j]));
    }
    fputs("</ol>\n<div class=\"evgrid\">\n<div>\n", f);
    write_graph(c, r);
    fputs("</div>\n<div>\n", f);
    shared_set shared;
    shared_collect(&shared, c, r);
    write_shared(c, &shared);
    fputs("</div>\n</div>\n", f);
    write_leases(c, r, &shared);
    shared_free(&shared);
    fputs("</article>\n", f);
}

static void write_evidence(html_ctx *c)
{
    if (c->n_shown == 0)
        return;
    FILE *f = c->f;
    const scan_view *v = c->v;
    fputs("<h2 id=\"evidence\">Evidence</h2>\n<p class=\"note\">For each flagged renter: the "
          "reasons of its score, what its links share and how much each shared value weighs "
          "(bits of evidence that two leases are one actor), a drawing of its leases and their "
          "links, and its leases.",
          f);
    if (v->pseudo)
        fputs(" Personal values are pseudonyms (--pseudonymize): equal values have equal "
              "pseudonyms.",
              f);
    fputs("</p>\n", f);
    size_t shown = 0;
    for (size_t k = 0; k < v->link->n_renters && shown < c->n_shown; k++) {
        uint32_t r = v->by_rank[k];
        if (!listed(v, r))
            continue;
        shown++;
        write_renter(c, r);
    }
}

/* ---- the run ----------------------------------------------------------------------------- */

static void fact(FILE *f, const char *name, const char *value)
{
    fprintf(f, "<dt>%s</dt><dd>", name);
    esc(f, value);
    fputs("</dd>\n", f);
}

static void fact_count(FILE *f, const char *name, uint64_t value)
{
    char b[32];
    fprintf(f, "<dt>%s</dt><dd>%s</dd>\n", name, count_str(value, b));
}

static void write_run(html_ctx *c)
{
    FILE *f = c->f;
    const summary_info *in = c->info;
    const load_stats *ls = in->load;
    const scan_view *v = c->v;
    const link_result *lr = v->link;
    const model_info *mi = in->model;
    char b[64];
    fputs("<h2 id=\"run\">The run</h2>\n<div class=\"panel\">\n<h4>Inputs</h4>\n<table><thead>"
          "<tr><th>File</th><th>SHA-256</th><th>Format</th><th class=\"n\">Bytes</th>"
          "<th class=\"n\">Rows</th><th class=\"n\">Accepted</th><th class=\"n\">Rejected</th>"
          "</tr></thead>\n<tbody>\n",
          f);
    for (size_t i = 0; i < ls->n_file; i++) {
        const load_file_stats *fs = &ls->file[i];
        fputs("<tr><td class=\"wrap\">", f);
        esc(f, fs->path);
        fputs("</td><td class=\"mono wrap\">", f);
        esc(f, fs->sha256);
        fprintf(f, "</td><td>%s</td><td class=\"n\">", fs->gzip ? "gzip" : "plain");
        put_count(f, fs->raw_bytes);
        fputs("</td><td class=\"n\">", f);
        put_count(f, fs->records);
        fputs("</td><td class=\"n\">", f);
        put_count(f, fs->accepted);
        fputs("</td><td class=\"n\">", f);
        put_count(f, fs->rejected);
        fputs("</td></tr>\n", f);
    }
    fputs("</tbody></table>\n</div>\n<div class=\"run\">\n<div class=\"panel\">\n<h4>Rows</h4>\n"
          "<dl class=\"facts\">\n",
          f);
    fact_count(f, "read", ls->records);
    fact_count(f, "accepted", ls->accepted);
    fact_count(f, "rejected", ls->rejected);
    for (int r = 1; r < REJECT_REASON_COUNT; r++)
        if (ls->by_reason[r]) {
            fprintf(f, "<dt>&nbsp;&nbsp;%s</dt><dd>", reject_reason_name((reject_reason)r));
            put_count(f, ls->by_reason[r]);
            fputs("</dd>\n", f);
        }
    const norm_counts *nc = &ls->norm;
    const struct {
        const char *k;
        uint64_t v;
    } unusable[] = {{"e-mail", nc->email_invalid},
                    {"phone", nc->phone_invalid},
                    {"signup_ip", nc->ip_invalid},
                    {"dob", nc->dob_invalid},
                    {"country", nc->country_unknown},
                    {"ip_country", nc->ip_country_unknown},
                    {"created_at empty", nc->created_at_missing}};
    for (size_t i = 0; i < sizeof unusable / sizeof *unusable; i++)
        if (unusable[i].v) {
            fprintf(f, "<dt>unusable %s values</dt><dd>", unusable[i].k);
            put_count(f, unusable[i].v);
            fputs("</dd>\n", f);
        }
    if (ls->n_unknown) {
        fputs("<dt>columns not read</dt><dd>", f);
        for (size_t i = 0; i < ls->n_unknown; i++) {
            fputs(i ? ", " : "", f);
            esc(f, ls->unknown[i]);
        }
        fputs("</dd>\n", f);
    }
    fact(f, "time features", v->features->has_time ? "used" : "left out: no created_at column");
    fputs("</dl>\n<h4>Model</h4>\n<dl class=\"facts\">\n", f);
    fact(f, "kind", mi->kind);
    snprintf(b, sizeof b, "%g", mi->alpha);
    fact(f, "alpha", b);
    fact_count(f, "renters", lr->n_renters);
    fact_count(f, "flagged renters", mi->n_flagged);
    fact_count(f, "flagged leases", c->flagged_leases);
    if (mi->fallback[0])
        fact(f, "fallback", mi->fallback);
    if (mi->constant_features) {
        snprintf(b, sizeof b, "%d", mi->constant_features);
        fact(f, "constant features", b);
    }
    fputs("</dl>\n<h4>Parameters</h4>\n<dl class=\"facts\">\n", f);
    for (size_t i = 0; i < in->n_param; i++) {
        fputs("<dt>", f);
        esc(f, in->param[i].name);
        fputs("</dt><dd>", f);
        esc(f, in->param[i].value[0] ? in->param[i].value : "(none)");
        fputs("</dd>\n", f);
    }
    fact(f, "version", "leasehound " LH_VERSION);
    fputs("</dl>\n</div>\n<div class=\"panel\">\n<h4>Linkage</h4>\n<dl class=\"facts\">\n", f);
    fact(f, "spec", v->spec->origin);
    snprintf(b, sizeof b, "%g", v->spec->threshold);
    fact(f, "match threshold", b);
    fact_count(f, "candidate pairs", lr->candidate_pairs);
    fact_count(f, "random pairs for u", lr->random_pairs);
    fact_count(f, "linked pairs", lr->linked_pairs);
    fact_count(f, "links kept", lr->n_edge);
    fact_count(f, "renters", lr->n_renters);
    fact_count(f, "over-shared values suppressed", lr->n_suppressed);
    fact_count(f, "guard: weak bridges cut", lr->guard_bridges_cut);
    fact_count(f, "guard: size cuts", lr->guard_size_cuts);
    snprintf(b, sizeof b, "%d%s", lr->params.em_iterations,
             lr->params.em_converged ? ", converged" : ", not converged");
    fact(f, "EM iterations", b);
    fputs("</dl>\n", f);
    if (lr->n_suppressed) {
        size_t n = lr->n_suppressed < HTML_MAX_SUPPRESSED ? lr->n_suppressed : HTML_MAX_SUPPRESSED;
        fputs("<h4>Over-shared values (a crowd, not evidence)</h4>\n<table><thead><tr>"
              "<th>Field</th><th>Value</th><th class=\"n\">Persons</th><th class=\"n\">Leases</th>"
              "</tr></thead>\n<tbody>\n",
              f);
        char buf[PSEUDO_LEN];
        const lease_table *t = v->table;
        for (size_t i = 0; i < n; i++) {
            const suppressed_value *sv = &lr->suppressed[i];
            const spec_field *sf = &v->spec->field[sv->field];
            long col = sv->column2 ? sf->col2 : sf->col;
            fputs("<tr><td>", f);
            esc(f, t->text[col].name);
            fputs("</td><td class=\"mono wrap\">", f);
            esc(f, pseudo_value(v->pseudo, t->text[col].name,
                                strpool_get(t->text[col].pool, sv->value, NULL), buf));
            fputs("</td><td class=\"n\">", f);
            put_count(f, sv->persons);
            fputs("</td><td class=\"n\">", f);
            put_count(f, sv->leases);
            fputs("</td></tr>\n", f);
        }
        fputs("</tbody></table>\n", f);
        if (n < lr->n_suppressed)
            fprintf(f, "<p class=\"note\">%zu more in summary.json.</p>\n", lr->n_suppressed - n);
    }
    fputs("</div>\n</div>\n", f);
}

static void write_timings(html_ctx *c)
{
    FILE *f = c->f;
    const summary_info *in = c->info;
    /* the only part of the page that changes from run to run: keep it in this one element */
    fputs("<section id=\"timings\" class=\"panel note\"><h4>Timings</h4><p>", f);
    fprintf(f, "load %.3f s", in->load->seconds);
    for (size_t i = 0; i < in->n_timing; i++) {
        fputs(" &middot; ", f);
        esc(f, in->timing[i].stage);
        fprintf(f, " %.3f s", in->timing[i].seconds);
    }
    fprintf(f, " &middot; total %.3f s (before this page)</p></section>\n", in->total_seconds);
}

lh_status html_report_write(const char *dir, const summary_info *info, lh_error *err)
{
    assert(info->view && info->model);
    atomic_file af;
    if (atomic_file_open(&af, dir, "report.html", err) != LH_OK)
        return err->code;
    html_ctx c = {af.f, info, info->view, 0, 0, 0, LT_MISSING_TIME, LT_MISSING_TIME, NULL};
    c.rid = xmalloc(info->view->renter_id_max);
    const scan_view *v = info->view;
    const link_result *lr = v->link;
    const lease_table *t = v->table;
    for (size_t r = 0; r < lr->n_renters; r++) {
        c.n_listed += listed(v, (uint32_t)r);
        c.flagged_leases += v->model->flag[r] ? lr->renter_size[r] : 0;
    }
    c.n_shown = c.n_listed < HTML_MAX_RENTERS ? c.n_listed : HTML_MAX_RENTERS;
    int64_t lo = INT64_MAX, hi = INT64_MIN;
    for (size_t i = 0; i < t->count; i++) {
        int64_t x = t->created_at[i];
        if (x == LT_MISSING_TIME)
            continue;
        lo = x < lo ? x : lo;
        hi = x > hi ? x : hi;
    }
    if (lo != INT64_MAX)
        c.t_lo = lo, c.t_hi = hi;

    write_head(&c);
    write_headline(&c);
    fputs("<section class=\"charts\" aria-label=\"charts\">\n", c.f);
    write_histogram(&c);
    write_timeline(&c);
    fputs("</section>\n", c.f);
    write_ranked(&c);
    write_evidence(&c);
    write_run(&c);
    write_timings(&c);
    fputs("<footer>Written by leasehound " LH_VERSION ". This page loads nothing: every chart "
          "and drawing is inside it. The same inputs and options give the same page, but for "
          "the timings.</footer>\n</main>\n",
          c.f);
    fprintf(c.f, "<script>%s</script>\n</body>\n</html>\n", script);
    xfree(c.rid);
    return atomic_file_commit(&af, err);
}
