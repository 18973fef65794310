/* json.h: a small streaming JSON writer.
 *
 * Commas and nesting are tracked by the writer, so call sites read like the document. Strings
 * are escaped per RFC 8259 (control characters as \u00XX; input is valid UTF-8 by then). A
 * non-finite number is written as null: NaN and Inf never reach an output.
 */
#ifndef LH_UTIL_JSON_H
#define LH_UTIL_JSON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define JSON_MAX_DEPTH 32

typedef struct json_writer {
    FILE *f;
    int depth;
    int pretty;                /* newlines and two-space indents */
    int count[JSON_MAX_DEPTH]; /* values written at each level */
    int after_key;
    int html_safe; /* escape '<' so the text can sit inside <script> */
} json_writer;

void json_init(json_writer *w, FILE *f, int pretty);
void json_object_begin(json_writer *w);
void json_object_end(json_writer *w);
void json_array_begin(json_writer *w);
void json_array_end(json_writer *w);
void json_key_n(json_writer *w, const char *key, size_t n);
void json_string_n(json_writer *w, const char *s, size_t n);
/* json_key_n and json_string_n of a NUL-terminated string (NULL: ""); inline, so that a literal's
 * length is known when compiling. */
static inline void json_key(json_writer *w, const char *key)
{
    json_key_n(w, key, strlen(key));
}
static inline void json_string(json_writer *w, const char *s)
{
    json_string_n(w, s ? s : "", s ? strlen(s) : 0);
}
void json_int(json_writer *w, int64_t v);
void json_uint(json_writer *w, uint64_t v);
/* %.6g by default: enough for scores and rates, stable across platforms. */
void json_double(json_writer *w, double v);
void json_double_prec(json_writer *w, double v, int digits);
void json_bool(json_writer *w, int v);
void json_null(json_writer *w);
/* Finishes with a newline (pretty) */
void json_end(json_writer *w);

#endif
