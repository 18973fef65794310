/* test_support.h: helpers shared by the Criterion tests: temporary files and folders, running
 * the leasehound binary, reading outputs. */
#ifndef LH_TEST_SUPPORT_H
#define LH_TEST_SUPPORT_H

#include "report/pipeline.h"

#include <stddef.h>
#include <stdlib.h>

/* A new empty folder under $TMPDIR; the caller removes it with tmp_remove_tree. */
char *tmp_dir_new(void);
void tmp_remove_tree(const char *dir);
/* A test file's fixture: `dir`, a new empty folder made by setup() and removed with everything
 * in it by teardown(), for `.init = setup, .fini = teardown`. */
#define TMP_DIR_FIXTURE                                                                            \
    static char *dir;                                                                              \
    static void setup(void)                                                                        \
    {                                                                                              \
        dir = tmp_dir_new();                                                                       \
    }                                                                                              \
    static void teardown(void)                                                                     \
    {                                                                                              \
        tmp_remove_tree(dir);                                                                      \
        free(dir);                                                                                 \
    }
/* Writes n bytes to dir/name; returns the path (caller frees). */
char *tmp_write(const char *dir, const char *name, const void *data, size_t n);
char *tmp_write_str(const char *dir, const char *name, const char *text);
/* The whole file (NUL-terminated; *len may be NULL); NULL when unreadable. Caller frees. */
char *slurp(const char *path, size_t *len);
/* Runs the leasehound binary with a shell command line tail ("scan a.csv --out d"); stdout
 * and stderr go to files in dir; returns the exit status. */
int run_leasehound(const char *dir, const char *args);
/* Path of the external benchmark folder, or NULL (with a message) when absent. */
const char *external_data_dir(void);
/* Counts lines of a text file (0 when unreadable). */
size_t count_lines(const char *path);
/* pipeline_init, then pipeline_run (load, link, features) on one file: default options, any
 * number of rejects, one thread. */
lh_status pipeline_run_one(pipeline *p, const char *path, lh_error *err);
/* The same, but pipeline_load only: the table of one file (p->table), the built-in spec. */
lh_status pipeline_load_one(pipeline *p, const char *path, lh_error *err);

#endif
