/* infer.h: identifier columns recognised by their values.
 *
 * A header that no canonical name or alias names may still hold what links leases: e-mail
 * addresses, IP addresses, or opaque identifiers (a card's or a device's fingerprint). Before
 * the rows are read, load.c samples the first rows of a file whose header left some of those
 * canonical columns unread and lets infer_columns() map a column to each, by its values:
 *   - email: nine in ten of its values are e-mail addresses (email_normalize), 3 in 10 of
 *     them distinct (not a staff address);
 *   - signup_ip: nine in ten are IP addresses (ip_normalize) spread over 8 /16 networks or
 *     more per 100 values, under a header without a server's word (not the provider's own
 *     servers);
 *   - payment_fp, device_fp: nine in ten are opaque tokens (12 to 128 letters, digits, '_' and
 *     '-', with a letter and a digit, not a date), 3 in 10 of them distinct; the header's words
 *     choose between device and card (device, browser, visitor over card, pay, token, karte
 *     over finger), else the card comes first.
 * Every kind needs INFER_MIN_VALUES values; the column with the most distinct ones wins.
 * A column is mapped only to a canonical column still unread, and the mapping says so
 * ("device_fp<-Geraet-Hash (by its values)", on stderr and in summary.json).
 */
#ifndef LH_TABLE_INFER_H
#define LH_TABLE_INFER_H

#include "ingest/colmap.h"

#include <stddef.h>

#define INFER_SAMPLE_ROWS 1000 /* rows read ahead to recognise columns */
#define INFER_SAMPLE_BYTES                                                                         \
    (16u * 1024u * 1024u)     /* and at most this much of them (the last                           \
                                  one whole) */
#define INFER_MIN_VALUES  20  /* non-empty values a column needs to be recognised */
#define INFER_MAX_COLUMNS 256 /* header columns looked at */

/* 1 when b leaves one of email, signup_ip, payment_fp and device_fp unread and some header
 * column unused: a sample is worth reading. */
int infer_wanted(const colbind *b);

/* Maps unused columns of b by the sampled rows: field[r * nh + h] (len likewise) is row r's
 * value of header column h, for n_rows rows. */
void infer_columns(const colmap *m, colbind *b, const char *const *header, const size_t *hlen,
                   size_t nh, const char *const *field, const size_t *len, size_t n_rows);

#endif
