/* error.h: status codes and the caller-owned error struct.
 *
 * A fallible function returns an lh_status and, on failure, fills the error struct its caller
 * passed in. The status values are the process exit codes of DESIGN.md, so a failure can travel
 * from the deepest stage to main() without translation. The first error set wins: a caller that
 * propagates a failure must not overwrite the detail set below it.
 */
#ifndef LH_UTIL_ERROR_H
#define LH_UTIL_ERROR_H

#include <stddef.h>

typedef enum lh_status {
    LH_OK = 0,
    LH_EUSAGE = 2,      /* usage error: bad option or argument */
    LH_EDATA = 65,      /* bad input beyond --max-rejects, or a missing required column */
    LH_ENOINPUT = 66,   /* an input cannot be opened or read */
    LH_EINTERNAL = 70,  /* internal or numerical error */
    LH_ECANTCREAT = 73, /* an output cannot be written */
} lh_status;

typedef struct lh_error {
    lh_status code;    /* LH_OK until something failed */
    char message[512]; /* one line, no trailing newline, never raw personal data */
    const char *file;  /* source file that raised it (static string) */
    int line;          /* source line that raised it */
} lh_error;

/* Clears err to LH_OK. */
void lh_error_clear(lh_error *err);

/* Records a failure in err unless one is already recorded; returns code, so that
 * `return LH_FAIL(err, LH_EDATA, "...")` both records and propagates. */
lh_status lh_error_set(lh_error *err, lh_status code, const char *file, int line, const char *fmt,
                       ...) __attribute__((format(printf, 5, 6)));

#define LH_FAIL(err, code, ...) lh_error_set((err), (code), __FILE__, __LINE__, __VA_ARGS__)

/* A short name for a status ("usage", "data", ...), for messages. */
const char *lh_status_name(lh_status code);

#endif
