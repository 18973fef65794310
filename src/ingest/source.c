/* source.c: see source.h.
 *
 * Raw bytes come from read(2) in RAW_BLOCK pieces; each piece is hashed before use, so the
 * SHA-256 covers exactly what was read. In gzip mode zlib inflates from the raw block into the
 * caller's buffer (windowBits 16 + MAX_WBITS: gzip wrapper only); at the end of a member the
 * inflater is reset when more input follows, which reads concatenated members. Input that ends
 * inside a member, or bytes after a member that are not another member, are errors: a report
 * built from a silently truncated export would be wrong without anyone knowing.
 * A memory source (byte_source_open_memory, for fuzzers and tests) copies from its buffer where
 * the others call read(2); everything after that is shared.
 */
#include "ingest/source.h"
#include "util/mem.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#define RAW_BLOCK (256u * 1024u)

struct byte_source {
    char *path;
    int fd;
    int owns_fd;
    const unsigned char *mem;           /* byte_source_open_memory: the bytes, instead of fd */
    size_t mem_len, mem_pos, mem_block; /* mem_block: bytes of raw[] */
    int gzip;                           /* 1 when the stream is gzip */
    int started;                        /* first block examined */
    int raw_eof;                        /* read(2) returned 0 */
    int member_done;                    /* inflate reached the end of a member */
    unsigned char *raw;
    size_t raw_len, raw_pos; /* plain mode: unread bytes are raw[raw_pos..raw_len) */
    uint64_t raw_total;
    z_stream z;
    EVP_MD_CTX *sha;
    int finalised;
    unsigned char digest[32];
};

lh_status byte_source_open(byte_source **out, const char *path, lh_error *err)
{
    *out = NULL;
    int fd = strcmp(path, "-") == 0 ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return LH_FAIL(err, LH_ENOINPUT, "cannot open %s: %s", path, strerror(errno));
    byte_source *s = xcalloc(1, sizeof *s);
    s->path = xstrdup(path);
    s->fd = fd;
    s->owns_fd = fd != STDIN_FILENO;
    s->raw = xmalloc(RAW_BLOCK);
    s->sha = EVP_MD_CTX_new();
    if (s->sha == NULL || EVP_DigestInit_ex(s->sha, EVP_sha256(), NULL) != 1) {
        byte_source_close(s);
        return LH_FAIL(err, LH_EINTERNAL, "cannot initialise SHA-256");
    }
    *out = s;
    return LH_OK;
}

byte_source *byte_source_open_memory(const void *data, size_t n, const char *name)
{
    byte_source *s = xcalloc(1, sizeof *s);
    s->path = xstrdup(name);
    s->fd = -1;
    s->mem = data;
    s->mem_len = n;
    s->mem_block = n < RAW_BLOCK ? n + 1 : RAW_BLOCK;
    s->raw = xmalloc(s->mem_block);
    s->sha = EVP_MD_CTX_new();
    if (s->sha == NULL || EVP_DigestInit_ex(s->sha, EVP_sha256(), NULL) != 1) {
        fprintf(stderr, "leasehound: cannot initialise SHA-256\n");
        exit(LH_EINTERNAL);
    }
    return s;
}

/* read(2), or a copy from memory for a memory source. */
static ssize_t read_raw(byte_source *s)
{
    if (s->mem == NULL && s->fd < 0)
        return 0;
    if (s->fd < 0) {
        size_t k = s->mem_len - s->mem_pos;
        if (k > s->mem_block)
            k = s->mem_block;
        memcpy(s->raw, s->mem + s->mem_pos, k);
        s->mem_pos += k;
        return (ssize_t)k;
    }
    return read(s->fd, s->raw, RAW_BLOCK);
}

/* Refills raw[] (only when fully consumed). Returns bytes read, 0 at end, -1 on error. */
static ssize_t fill_raw(byte_source *s, lh_error *err)
{
    if (s->raw_eof)
        return 0;
    ssize_t n;
    do
        n = read_raw(s);
    while (n < 0 && errno == EINTR);
    if (n < 0) {
        LH_FAIL(err, LH_ENOINPUT, "cannot read %s: %s", s->path, strerror(errno));
        return -1;
    }
    if (n == 0)
        s->raw_eof = 1;
    else
        EVP_DigestUpdate(s->sha, s->raw, (size_t)n);
    s->raw_len = (size_t)n;
    s->raw_pos = 0;
    s->raw_total += (uint64_t)n;
    return n;
}

static int start(byte_source *s, lh_error *err)
{
    s->started = 1;
    if (fill_raw(s, err) < 0)
        return -1;
    /* A one-byte file cannot be gzip; a 0x1f alone is data. */
    if (s->raw_len >= 2 && s->raw[0] == 0x1f && s->raw[1] == 0x8b) {
        s->gzip = 1;
        memset(&s->z, 0, sizeof s->z);
        if (inflateInit2(&s->z, 16 + MAX_WBITS) != Z_OK) {
            LH_FAIL(err, LH_EINTERNAL, "cannot initialise zlib");
            return -1;
        }
        s->z.next_in = s->raw;
        s->z.avail_in = (uInt)s->raw_len;
    }
    return 0;
}

static ssize_t read_plain(byte_source *s, unsigned char *buf, size_t n, lh_error *err)
{
    if (s->raw_pos == s->raw_len) {
        ssize_t r = fill_raw(s, err);
        if (r <= 0)
            return r;
    }
    size_t k = s->raw_len - s->raw_pos;
    if (k > n)
        k = n;
    memcpy(buf, s->raw + s->raw_pos, k);
    s->raw_pos += k;
    return (ssize_t)k;
}

static ssize_t read_gzip(byte_source *s, unsigned char *buf, size_t n, lh_error *err)
{
    if (n > UINT32_MAX)
        n = UINT32_MAX;
    s->z.next_out = buf;
    s->z.avail_out = (uInt)n;
    while (s->z.avail_out == n) {
        if (s->z.avail_in == 0) {
            ssize_t r = fill_raw(s, err);
            if (r < 0)
                return -1;
            if (r == 0) {
                if (s->member_done)
                    return 0;
                LH_FAIL(err, LH_ENOINPUT, "%s: gzip data ends early (truncated file?) at byte %llu",
                        s->path, (unsigned long long)s->raw_total);
                return -1;
            }
            s->z.next_in = s->raw;
            s->z.avail_in = (uInt)s->raw_len;
        }
        if (s->member_done) {
            /* Another member follows the previous one. */
            if (s->z.avail_in >= 1 && s->z.next_in[0] != 0x1f) {
                LH_FAIL(err, LH_ENOINPUT, "%s: bytes after the gzip data at byte %llu", s->path,
                        (unsigned long long)(s->raw_total - s->z.avail_in));
                return -1;
            }
            inflateReset(&s->z);
            s->member_done = 0;
        }
        int zr = inflate(&s->z, Z_NO_FLUSH);
        if (zr == Z_STREAM_END) {
            s->member_done = 1;
        } else if (zr != Z_OK && zr != Z_BUF_ERROR) {
            LH_FAIL(err, LH_ENOINPUT, "%s: corrupt gzip data near byte %llu (%s)", s->path,
                    (unsigned long long)(s->raw_total - s->z.avail_in),
                    s->z.msg ? s->z.msg : "inflate error");
            return -1;
        }
    }
    return (ssize_t)(n - s->z.avail_out);
}

ssize_t byte_source_read(byte_source *s, void *buf, size_t n, lh_error *err)
{
    if (!s->started && start(s, err) < 0)
        return -1;
    if (n == 0)
        return 0;
    return s->gzip ? read_gzip(s, buf, n, err) : read_plain(s, buf, n, err);
}

int byte_source_is_gzip(const byte_source *s)
{
    return s->gzip;
}

uint64_t byte_source_raw_bytes(const byte_source *s)
{
    return s->raw_total;
}

void byte_source_sha256(byte_source *s, char hex[65])
{
    if (!s->finalised) {
        unsigned int len = 0;
        EVP_DigestFinal_ex(s->sha, s->digest, &len);
        s->finalised = 1;
    }
    for (int i = 0; i < 32; i++)
        snprintf(hex + 2 * i, 3, "%02x", s->digest[i]);
}

const char *byte_source_path(const byte_source *s)
{
    return s->path;
}

void byte_source_close(byte_source *s)
{
    if (s == NULL)
        return;
    if (s->gzip)
        inflateEnd(&s->z);
    if (s->owns_fd)
        close(s->fd);
    EVP_MD_CTX_free(s->sha);
    free(s->raw);
    free(s->path);
    free(s);
}
