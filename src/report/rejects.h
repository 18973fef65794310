/* rejects.h: rejects.csv, written as rows are rejected (never held in memory).
 *
 * Columns: file,line,byte_offset,reason,excerpt. The excerpt is the start of the raw row with
 * control bytes and invalid UTF-8 escaped as \xNN; fields are guarded against spreadsheet
 * formula injection (util/csvout.h).
 */
#ifndef LH_REPORT_REJECTS_H
#define LH_REPORT_REJECTS_H

#include "table/load.h"
#include "util/atomic_file.h"

typedef struct rejects_writer {
    atomic_file file;
    int hide_excerpt; /* --pseudonymize: excerpts may hold personal data */
} rejects_writer;

lh_status rejects_open(rejects_writer *w, const char *dir, lh_error *err);
/* A reject_sink writing to w. */
reject_sink rejects_sink(rejects_writer *w);
lh_status rejects_commit(rejects_writer *w, lh_error *err);
void rejects_abort(rejects_writer *w);

#endif
