/* atomic_file.h: an output file that appears whole or not at all.
 *
 * atomic_file_open() creates a temporary file in the destination folder; the caller writes to
 * af->f; atomic_file_commit() flushes, fsyncs, renames it over the destination and fsyncs the
 * folder, so a run killed at any point leaves either the previous file or the new one, never a
 * part. atomic_file_abort() removes the temporary file.
 */
#ifndef LH_UTIL_ATOMIC_FILE_H
#define LH_UTIL_ATOMIC_FILE_H

#include "util/error.h"

#include <stdio.h>

typedef struct atomic_file {
    FILE *f;          /* write here; NULL when not open */
    char *tmp_path;   /* owned */
    char *final_path; /* owned */
    char *dir;        /* owned */
} atomic_file;

/* Opens dir/name.tmp-XXXXXX for writing. LH_ECANTCREAT on failure. */
lh_status atomic_file_open(atomic_file *af, const char *dir, const char *name, lh_error *err);
/* Publishes the file; af is closed afterwards whatever the result. LH_ECANTCREAT on failure
 * (the destination is then untouched). */
lh_status atomic_file_commit(atomic_file *af, lh_error *err);
/* Discards the temporary file; a no-op on a closed or zeroed af. */
void atomic_file_abort(atomic_file *af);

/* Creates dir (one level) if it does not exist. LH_ECANTCREAT on failure. */
lh_status make_output_dir(const char *dir, lh_error *err);

/* Fault injection (LH_FAULT_INJECTION builds): the N-th write or fsync made through this module
 * fails with EIO; 0 disables. */
void atomic_file_fail_at(unsigned long n);

#endif
