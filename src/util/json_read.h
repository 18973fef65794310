/* json_read.h: a bounded reader of RFC 8259 JSON into a small tree.
 *
 * json_doc_parse() reads one JSON text (one value, surrounded only by JSON white space) into a
 * json_doc that owns every value, string and array of it. Strict: no comments, no trailing
 * commas, no byte order mark, no NaN or Infinity, no leading zeros or '+', no raw control
 * characters in strings, no invalid UTF-8 (overlong forms, surrogates encoded in UTF-8, bytes
 * above U+10FFFF), no lone surrogate escapes; \uXXXX escapes are decoded, surrogate pairs
 * joined, and strings come out as UTF-8 (\u0000 gives a NUL byte inside the string, so use
 * json_value.len). Anything after the value but white space is an error.
 *
 * Bounded: the input size, the nesting depth, the number of values and the length of a number
 * are limited (json_read_limits); beyond a limit the document is refused with LH_EDATA like any
 * other invalid document. The recursion depth is at most max_depth, capped at
 * JSON_READ_DEPTH_CAP to keep the C stack small.
 */
#ifndef LH_UTIL_JSON_READ_H
#define LH_UTIL_JSON_READ_H

#include "util/error.h"

#include <stddef.h>

#define JSON_READ_DEPTH_DEFAULT  64
#define JSON_READ_DEPTH_CAP      512
#define JSON_READ_BYTES_DEFAULT  ((size_t)256 << 20) /* 256 MiB */
#define JSON_READ_VALUES_DEFAULT ((size_t)32 << 20)  /* 33 million values */
#define JSON_READ_NUMBER_MAX     256                 /* bytes of one number's text */

typedef struct json_read_limits {
    size_t max_bytes;  /* a longer text is refused */
    int max_depth;     /* arrays and objects nested deeper are refused (1 = flat) */
    size_t max_values; /* values in the tree, containers and members' values included */
} json_read_limits;

typedef enum json_type {
    JSON_NULL,
    JSON_BOOL,
    JSON_NUMBER,
    JSON_STRING,
    JSON_ARRAY,
    JSON_OBJECT,
} json_type;

typedef struct json_value json_value;

typedef struct json_member {
    const char *key; /* UTF-8, NUL-terminated (may hold NUL bytes: see key_len) */
    size_t key_len;
    const json_value *value;
} json_member;

struct json_value {
    json_type type;
    int boolean;                   /* JSON_BOOL: 0 or 1 */
    double number;                 /* JSON_NUMBER: finite */
    const char *str;               /* JSON_STRING: UTF-8, NUL-terminated */
    size_t len;                    /* JSON_STRING: bytes; JSON_ARRAY, JSON_OBJECT: elements */
    const json_value *const *item; /* JSON_ARRAY: [len] */
    const json_member *member;     /* JSON_OBJECT: [len], in document order, duplicates kept */
};

typedef struct json_doc json_doc;

/* Parses text[0..len) into *out (caller-owned, json_doc_free). lim NULL: the defaults above.
 * origin names the text in messages ("summary.json"). LH_EDATA with the byte offset and what
 * was expected on any invalid or over-limit document; *out is NULL then. */
lh_status json_doc_parse(json_doc **out, const char *text, size_t len, const char *origin,
                         const json_read_limits *lim, lh_error *err);
/* The document's value; valid until json_doc_free. */
const json_value *json_doc_root(const json_doc *d);
void json_doc_free(json_doc *d); /* NULL is a no-op */

/* The value of key in an object (the last one when a key repeats, as JavaScript does), or NULL
 * when v is NULL, not an object or lacks the key. */
const json_value *json_value_get(const json_value *v, const char *key);
/* v as a string, number or boolean: NULL / 0 when v is NULL or of another type. */
const char *json_value_string(const json_value *v);
int json_value_number(const json_value *v, double *out);
int json_value_is_true(const json_value *v);

#endif
