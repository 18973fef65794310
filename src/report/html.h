/* html.h: report.html, one self-contained page for an abuse-desk analyst (DESIGN.md outputs).
 *
 * The page holds the figures of the run, two inline SVG charts (the score distribution with the
 * flagged share, and leases per week with the flagged ones), the flagged renters ranked in a
 * table that sorts on a header click (a plain table without JavaScript), and for each of them
 * its reasons, the values its links share with their weights, a drawing of its linked leases
 * and its leases. Nothing is fetched: no external script, style, font or image, and a Content
 * Security Policy that forbids any load (the page's one style block and one script are allowed
 * by their SHA-256). Every data value is HTML-escaped; personal values are printed through
 * value_out(), so they are pseudonyms under --pseudonymize, as in evidence.jsonl.
 *
 * Deterministic: the same inputs and options give the same bytes, except inside the one
 * element <section id="timings">...</section>, which holds the stage timings.
 */
#ifndef LH_REPORT_HTML_H
#define LH_REPORT_HTML_H

#include "report/summary.h"

#define HTML_MAX_RENTERS     200 /* flagged renters listed and explained; the rest: renters.csv */
#define HTML_MAX_LEASES      100 /* lease rows shown per renter; the rest: evidence.jsonl */
#define HTML_GRAPH_MAX_NODES 30  /* leases drawn in a renter's graph (its first, in input order) */
#define HTML_GRAPH_MAX_EDGES 400 /* links drawn in one graph */
#define HTML_EDGE_LABELS_MAX                                                                       \
    12                         /* a graph of at most this many links numbers them and lists        \
                                  each link's fields and weights under the drawing */
#define HTML_MAX_SHARED     40 /* rows of a renter's shared-values table */
#define HTML_MAX_SUPPRESSED 20 /* over-shared values listed */

/* Writes report.html atomically into dir from everything summary.json is made of; info->view
 * and info->model must be set. LH_ECANTCREAT when it cannot be written. */
lh_status html_report_write(const char *dir, const summary_info *info, lh_error *err);

#endif
