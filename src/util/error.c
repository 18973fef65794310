/* error.c: the error struct of error.h. Nothing here allocates, so an error can be recorded
 * even when memory has run out. */
#include "util/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void lh_error_clear(lh_error *err)
{
    err->code = LH_OK;
    err->message[0] = '\0';
    err->file = NULL;
    err->line = 0;
}

lh_status lh_error_set(lh_error *err, lh_status code, const char *file, int line, const char *fmt,
                       ...)
{
    if (err == NULL || err->code != LH_OK)
        return err ? err->code : code;
    err->code = code;
    err->file = file;
    err->line = line;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    return code;
}

const char *lh_status_name(lh_status code)
{
    switch (code) {
    case LH_OK:
        return "ok";
    case LH_EUSAGE:
        return "usage";
    case LH_EDATA:
        return "data";
    case LH_ENOINPUT:
        return "input";
    case LH_EINTERNAL:
        return "internal";
    case LH_ECANTCREAT:
        return "output";
    }
    return "unknown";
}
