/* source.h: an input file as a stream of bytes.
 *
 * A byte_source reads a file (or standard input for "-") once, hashing the bytes as they are on
 * disk with SHA-256 for summary.json, and inflating them when the first two bytes are the gzip
 * magic 1f 8b, whatever the file is called. Concatenated gzip members are read as one stream,
 * as gzip(1) does. Text in another encoding than UTF-8 is converted to UTF-8
 * (byte_source_set_encoding). Memory is fixed: one raw block, zlib's state and two buffers
 * for the conversion.
 */
#ifndef LH_INGEST_SOURCE_H
#define LH_INGEST_SOURCE_H

#include "util/error.h"

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

typedef struct byte_source byte_source;

/* Opens path; *out is owned by the caller (byte_source_close). LH_ENOINPUT when it cannot be
 * opened. */
lh_status byte_source_open(byte_source **out, const char *path, lh_error *err);
/* A source over data[0..n) in memory, named `name` in messages; data is borrowed and must live
 * until byte_source_close. Never fails. Used by the fuzz targets and tests. */
byte_source *byte_source_open_memory(const void *data, size_t n, const char *name);
/* The text encoding of the stream, before the first read: NULL or "auto" chooses it from the
 * first 64 KiB (after inflating): a UTF-16 or UTF-32 byte-order mark, or ASCII in 16-bit units
 * (UTF-16), or bytes that are not UTF-8 but look like Latin text in Windows-1252
 * (reads_as_cp1252 in source.c); everything else is UTF-8. Any other name is iconv's
 * (byte_source_encoding_known tells whether it has it). Whatever the encoding, reads give
 * UTF-8, and a sequence the encoding does not define becomes the byte 0xFF (never UTF-8). */
void byte_source_set_encoding(byte_source *src, const char *name);
/* 1 when name is NULL, "auto", UTF-8 or an encoding iconv converts from. */
int byte_source_encoding_known(const char *name);
/* The encoding read ("UTF-8", "UTF-16LE", "WINDOWS-1252", or the name set): after the first
 * read; "UTF-8" before it. */
const char *byte_source_encoding(const byte_source *src);
/* Up to n decompressed bytes into buf, as UTF-8; returns the count, 0 at the end, -1 after an I/O
 * or gzip error (LH_ENOINPUT in err, naming the file and the raw offset). */
ssize_t byte_source_read(byte_source *src, void *buf, size_t n, lh_error *err);
int byte_source_is_gzip(const byte_source *src);
/* Raw (on-disk) bytes read so far. */
uint64_t byte_source_raw_bytes(const byte_source *src);
/* Lower-case hex SHA-256 of the raw bytes read so far (the whole file after the end). */
void byte_source_sha256(byte_source *src, char hex[65]);
const char *byte_source_path(const byte_source *src);
void byte_source_close(byte_source *src); /* NULL is a no-op */

#endif
