/* rejects.c: see rejects.h. */
#include "report/rejects.h"
#include "util/csvout.h"

#include <inttypes.h>

lh_status rejects_open(rejects_writer *w, const char *dir, lh_error *err)
{
    w->hide_excerpt = 0;
    lh_status st = atomic_file_open(&w->file, dir, "rejects.csv", err);
    if (st == LH_OK)
        fputs("file,line,byte_offset,reason,excerpt\n", w->file.f);
    return st;
}

static lh_status emit(void *ctx, const char *file, uint64_t line, uint64_t offset,
                      reject_reason why, const char *excerpt, lh_error *err)
{
    (void)err;
    rejects_writer *w = ctx;
    FILE *f = w->file.f;
    csvout_str(f, file, 1);
    fprintf(f, ",%" PRIu64 ",%" PRIu64 ",%s,", line, offset, reject_reason_name(why));
    csvout_str(f, w->hide_excerpt ? "" : excerpt, 1);
    csvout_end(f);
    return LH_OK;
}

reject_sink rejects_sink(rejects_writer *w)
{
    return (reject_sink){emit, w};
}

lh_status rejects_commit(rejects_writer *w, lh_error *err)
{
    return atomic_file_commit(&w->file, err);
}

void rejects_abort(rejects_writer *w)
{
    atomic_file_abort(&w->file);
}
