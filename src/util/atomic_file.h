/* atomic_file.h: an output file that appears whole or not at all.
 *
 * atomic_file_open() creates a temporary file in the destination folder; the caller writes to
 * af->f; atomic_file_commit() flushes, fsyncs, renames it over the destination and fsyncs the
 * folder, so a run killed at any point leaves either the previous file or the new one, never a
 * part. atomic_file_abort() removes the temporary file. Temporary files still on disk when the
 * process exits (exit(3) from a fatal error such as running out of memory) are removed by an
 * atexit handler.
 */
#ifndef LH_UTIL_ATOMIC_FILE_H
#define LH_UTIL_ATOMIC_FILE_H

#include "util/error.h"

#include <stdio.h>

typedef struct atomic_file {
    FILE *f;                   /* write here; NULL when not open */
    char *tmp_path;            /* owned */
    char *final_path;          /* owned */
    char *dir;                 /* owned */
    char *buf;                 /* owned: f's buffer (setvbuf without one keeps stdio's 4 KiB) */
    int fd;                    /* f's file */
    struct direct_out *direct; /* f writes past the page cache (direct_out.h); NULL: stdio's */
} atomic_file;

/* Opens dir/name.tmp-XXXXXX for writing. LH_ECANTCREAT on failure. */
lh_status atomic_file_open(atomic_file *af, const char *dir, const char *name, lh_error *err);
/* Publishes the file; af is closed afterwards whatever the result. LH_ECANTCREAT on failure
 * (the destination is then untouched). */
lh_status atomic_file_commit(atomic_file *af, lh_error *err);
/* Discards the temporary file; a no-op on a closed or zeroed af. */
void atomic_file_abort(atomic_file *af);

/* Whether the files opened from now on write their whole 4 MiB blocks past the page cache where
 * the file system allows (direct_out.h), the default, or everything through it (0: the CLI's
 * --buffered-output). The bytes written are the same. */
void atomic_file_set_direct(int on);

/* Creates dir (one level) if it does not exist. LH_ECANTCREAT on failure. */
lh_status make_output_dir(const char *dir, lh_error *err);

/* A set of files published together (scan's outputs: a failing run must leave the previous
 * report whole, never a mix of old and new files). After atomic_file_batch_begin(), commit
 * writes and fsyncs each file but leaves it under its temporary name; publish then renames them
 * all and fsyncs their folder. If a rename or that fsync fails, the files already renamed are
 * put back as they were (the previous version, kept as a hard link until the end, or no file)
 * and every temporary file is removed: LH_ECANTCREAT, and the folder holds the previous set.
 * abort removes the pending temporary files. One batch per process at a time: begin, publish and
 * abort from one thread, commits from any (scan's writers commit on several; the batch's list
 * takes a lock). A crash between two renames can still mix the set; the
 * window is the renames alone, no writing or syncing happens inside it. */
void atomic_file_batch_begin(void);
lh_status atomic_file_batch_publish(lh_error *err);
void atomic_file_batch_abort(void); /* a no-op without a batch */

/* Fault injection (LH_FAULT_INJECTION builds): the N-th write or fsync made through this module
 * fails with EIO; 0 disables. atomic_file_io_count() is the number counted so far. */
void atomic_file_fail_at(unsigned long n);
unsigned long atomic_file_io_count(void);

#endif
