/* progress.h: the progress line on stderr (stage, rows, rows/s, time left).
 *
 * Shown only when stderr is a terminal and the user did not ask for --quiet; it rewrites one
 * line at most five times a second and erases it when the run ends, so nothing of it stays in a
 * log or a pipe. It never shows data, only counts.
 */
#ifndef LH_UTIL_PROGRESS_H
#define LH_UTIL_PROGRESS_H

#include <stdint.h>

typedef struct progress {
    int on;
    double stage_start, last;
    const char *stage;
    uint64_t total_bytes; /* of the inputs, for the time left while loading; 0 = unknown */
} progress;

/* on: the caller's choice (not --quiet); the line also needs stderr to be a terminal. */
void progress_init(progress *p, int on);
/* A new stage ("load", "link", ...): shown at once. */
void progress_stage(progress *p, const char *stage);
/* Rows so far and input bytes consumed so far (of total_bytes), throttled. */
void progress_rows(progress *p, uint64_t rows, uint64_t bytes_done);
/* Erases the line (before another message, or at the end). */
void progress_end(progress *p);

#endif
