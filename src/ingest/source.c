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
 *
 * Reading ahead: a nightly scan reads a log that is on disk, not in the page cache, on the
 * thread that also parses, and a read(2) that finds its pages missing waits for the disk while
 * nothing else runs there. The kernel reads ahead by the device's window (read_ahead_kb: 128 KiB
 * by default); a file also keeps READ_AHEAD bytes past the read position asked of the kernel
 * (posix_fadvise SEQUENTIAL, then WILLNEED in READ_AHEAD_STEP pieces), which it reads while the
 * records before them are parsed. A hint: a pipe, or a file system that cannot, reads as before.
 *
 * Text encodings (byte_source_set_encoding): before the first byte is handed out, the first
 * SNIFF_BYTES of the (inflated) stream are held and the encoding is chosen from them alone, so
 * the choice does not depend on how the caller reads. UTF-8 goes through untouched; any other
 * encoding is converted to UTF-8 by iconv(3) through two fixed buffers (`hold`, the stream not
 * yet converted, and `dec`, converted bytes not yet handed out). A byte sequence the encoding
 * does not define becomes the byte 0xFF, which is never UTF-8: the record holding it is
 * rejected as invalid_utf8 with the rest of the file read on.
 */
#include "ingest/source.h"
#include "util/mem.h"
#include "util/utf8.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#define RAW_BLOCK       (256u * 1024u)
#define SNIFF_BYTES     (64u * 1024u) /* the stream's start that chooses its encoding */
#define HOLD_CAP        (2u * SNIFF_BYTES)
#define DEC_CAP         (64u * 1024u)
#define READ_AHEAD      ((uint64_t)32 << 20)
#define READ_AHEAD_STEP ((uint64_t)8 << 20)

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
    int read_ahead;   /* a regular file, which the kernel reads ahead when asked */
    uint64_t advised; /* the file's bytes before this have been asked of the kernel */
    z_stream z;
    EVP_MD_CTX *sha;
    int finalised;
    unsigned char digest[32];
    /* decoding */
    char requested[64]; /* byte_source_set_encoding's name; "" = choose */
    char encoding[64];  /* the encoding read, once decided */
    int decided;
    iconv_t cd;  /* (iconv_t)-1: UTF-8, handed out as it is */
    size_t unit; /* bytes skipped past an undefined sequence: 2 for UTF-16, 4 for UTF-32 */
    unsigned char *hold;
    size_t hold_len, hold_pos;
    int lower_eof, flushed;
    unsigned char *dec;
    size_t dec_len, dec_pos;
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
    s->cd = (iconv_t)-1;
    struct stat sb;
    if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) &&
        posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL) == 0)
        s->read_ahead = 1;
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
    s->cd = (iconv_t)-1;
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
    while (s->read_ahead && s->advised < s->raw_total + READ_AHEAD) {
        s->read_ahead = posix_fadvise(s->fd, (off_t)s->advised, (off_t)READ_AHEAD_STEP,
                                      POSIX_FADV_WILLNEED) == 0;
        s->advised += READ_AHEAD_STEP;
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

/* The stream as stored, inflated: what the encoding is read from. */
static ssize_t read_lower(byte_source *s, unsigned char *buf, size_t n, lh_error *err)
{
    ssize_t r = s->gzip ? read_gzip(s, buf, n, err) : read_plain(s, buf, n, err);
    if (r == 0)
        s->lower_eof = 1;
    return r;
}

/* ---- encodings ---- */

static int is_utf8_name(const char *name)
{
    return strcasecmp(name, "utf-8") == 0 || strcasecmp(name, "utf8") == 0;
}

/* The converter from `name` to UTF-8 and the size of the encoding's unit (the growth from one
 * "a" to two, BOM aside); -1 when iconv does not know the name. */
static int open_converter(const char *name, iconv_t *cd, size_t *unit)
{
    *cd = iconv_open("UTF-8", name);
    if (*cd == (iconv_t)-1)
        return -1;
    size_t len[2];
    for (int k = 0; k < 2; k++) {
        iconv_t to = iconv_open(name, "UTF-8");
        char in[2] = {'a', 'a'}, out[32];
        char *ip = in, *op = out;
        size_t il = (size_t)k + 1, ol = sizeof out;
        len[k] = 1;
        if (to != (iconv_t)-1) {
            if (iconv(to, &ip, &il, &op, &ol) != (size_t)-1)
                len[k] = sizeof out - ol;
            iconv_close(to);
        }
    }
    *unit = len[1] > len[0] && len[1] - len[0] <= 4 ? len[1] - len[0] : 1;
    return 0;
}

int byte_source_encoding_known(const char *name)
{
    if (name == NULL || strcasecmp(name, "auto") == 0 || is_utf8_name(name))
        return 1;
    iconv_t cd;
    size_t unit;
    if (open_converter(name, &cd, &unit) != 0)
        return 0;
    iconv_close(cd);
    return 1;
}

void byte_source_set_encoding(byte_source *s, const char *name)
{
    s->requested[0] = '\0';
    if (name && strcasecmp(name, "auto") != 0)
        snprintf(s->requested, sizeof s->requested, "%s", name);
}

const char *byte_source_encoding(const byte_source *s)
{
    return s->decided ? s->encoding : "UTF-8";
}

/* A letter of Windows-1252 above ASCII: the accented Latin letters, the ordinal indicators of
 * Spanish and Portuguese addresses (a, o), micro, and S, Z, OE with carons and ligatures at
 * 0x8A-0x9F. */
static int cp1252_letter(unsigned char c)
{
    return (c >= 0xC0 && c != 0xD7 && c != 0xF7) || c == 0xAA || c == 0xB5 || c == 0xBA ||
           c == 0x8A || c == 0x8C || c == 0x8E || c == 0x9A || c == 0x9C || c == 0x9E || c == 0x9F;
}

/* A symbol of Windows-1252 that Latin text is written with: euro, pound, yen, quotes, dashes,
 * ellipsis, degree, middle dot, guillemets, section, superscripts and fractions. */
static int cp1252_symbol(unsigned char c)
{
    static const unsigned char sym[] = {0x80, 0x85, 0x91, 0x92, 0x93, 0x94, 0x96, 0x97,
                                        0xA3, 0xA5, 0xA7, 0xA9, 0xAB, 0xAE, 0xB0, 0xB2,
                                        0xB3, 0xB7, 0xBB, 0xBC, 0xBD, 0xBE};
    return memchr(sym, c, sizeof sym) != NULL;
}

/* A byte beside which an accented letter sits in Latin text. */
static int word_edge(unsigned char c)
{
    return isalnum(c) || c == '-' || c == '\'' || c == '.' || c == ' ';
}

/* Whether p[0..n), which is not UTF-8, is Latin text in Windows-1252. Each run of bytes above
 * ASCII is either valid UTF-8 (its multi-byte sequences), or Latin (up to three bytes, each
 * an accented letter next to a word, as in "M\xfcller", "Pont-\xe0-Mousson", "2\xba", or a
 * symbol: "12,50 \x80", "N\xb0 12", "O\x92Neil"), or neither; the text is Latin when Latin
 * runs outnumber the others three to one. A UTF-8 file with a bad byte has many valid runs
 * beside it, and damaged or binary bytes are mostly neither. */
static int reads_as_cp1252(const unsigned char *p, size_t n, int at_end)
{
    size_t latin = 0, other = 0;
    for (size_t i = 0; i < n;) {
        if (p[i] < 0x80) {
            i++;
            continue;
        }
        uint32_t cp;
        size_t k = utf8_decode((const char *)p + i, n - i, &cp);
        if (k >= 2) {
            other++; /* valid UTF-8 */
            i += k;
            continue;
        }
        if (!at_end && n - i < 4)
            break; /* a sequence cut by the end of the window */
        size_t j = i;
        while (j < n && p[j] >= 0x80)
            j++;
        int ok = j - i <= 3;
        for (size_t x = i; x < j && ok; x++)
            ok = cp1252_symbol(p[x]) ||
                 (cp1252_letter(p[x]) &&
                  ((x > 0 && word_edge(p[x - 1])) || (x + 1 < n && word_edge(p[x + 1]))));
        if (ok)
            latin++;
        else
            other++;
        i = j;
    }
    return latin > 0 && latin >= 3 * other;
}

/* Chooses the encoding from the held start of the stream (see byte_source_set_encoding). */
static int decide(byte_source *s, lh_error *err)
{
    s->hold = xmalloc(HOLD_CAP);
    while (s->hold_len < SNIFF_BYTES && !s->lower_eof) {
        ssize_t r = read_lower(s, s->hold + s->hold_len, SNIFF_BYTES - s->hold_len, err);
        if (r < 0)
            return -1;
        s->hold_len += (size_t)r;
    }
    const unsigned char *h = s->hold;
    size_t n = s->hold_len;
    const char *name = "UTF-8";
    if (s->requested[0]) {
        name = s->requested;
    } else if (n >= 4 && h[0] == 0xFF && h[1] == 0xFE && !h[2] && !h[3]) {
        name = "UTF-32LE";
        s->hold_pos = 4;
    } else if (n >= 4 && !h[0] && !h[1] && h[2] == 0xFE && h[3] == 0xFF) {
        name = "UTF-32BE";
        s->hold_pos = 4;
    } else if (n >= 2 && h[0] == 0xFF && h[1] == 0xFE) {
        name = "UTF-16LE";
        s->hold_pos = 2;
    } else if (n >= 2 && h[0] == 0xFE && h[1] == 0xFF) {
        name = "UTF-16BE";
        s->hold_pos = 2;
    } else if (n >= 4 && h[0] && !h[1] && h[2] && !h[3]) {
        name = "UTF-16LE"; /* ASCII text in 16-bit units, without a byte-order mark */
    } else if (n >= 4 && !h[0] && h[1] && !h[2] && h[3]) {
        name = "UTF-16BE";
    } else if (!utf8_valid((const char *)h, n) && reads_as_cp1252(h, n, s->lower_eof)) {
        name = "WINDOWS-1252";
    }
    snprintf(s->encoding, sizeof s->encoding, "%s", is_utf8_name(name) ? "UTF-8" : name);
    s->decided = 1;
    if (is_utf8_name(name))
        return 0;
    if (open_converter(name, &s->cd, &s->unit) != 0) {
        LH_FAIL(err, LH_EUSAGE, "%s: unknown encoding '%s' (see iconv --list)", s->path, name);
        return -1;
    }
    s->dec = xmalloc(DEC_CAP);
    return 0;
}

/* Converts held bytes into dec (emptied first), reading more of the stream when the held ones
 * end inside a sequence. Returns the converted count, 0 at the end, -1 on a read error. */
static ssize_t decode_more(byte_source *s, lh_error *err)
{
    s->dec_len = s->dec_pos = 0;
    for (;;) {
        if (s->hold_pos < s->hold_len) {
            char *in = (char *)s->hold + s->hold_pos, *out = (char *)s->dec;
            size_t il = s->hold_len - s->hold_pos, ol = DEC_CAP;
            size_t r = iconv(s->cd, &in, &il, &out, &ol);
            int e = errno;
            s->hold_pos = s->hold_len - il;
            s->dec_len = DEC_CAP - ol;
            if (r == (size_t)-1 && e == EILSEQ && ol > 0) {
                /* undefined here: one 0xFF for it, past one unit */
                s->dec[s->dec_len++] = 0xFF;
                s->hold_pos += s->unit < il ? s->unit : il;
            }
            if (s->dec_len > 0)
                return (ssize_t)s->dec_len;
            /* nothing converted: the held bytes end inside a sequence, or none are left */
        }
        if (s->lower_eof) {
            if (s->hold_pos < s->hold_len) { /* the stream ends inside a sequence */
                s->hold_pos = s->hold_len;
                s->dec[0] = 0xFF;
                return (ssize_t)(s->dec_len = 1);
            }
            if (!s->flushed) { /* what a stateful decoder still holds (a last letter that an
                                  accent could have followed, in CP1258 and CP1255) */
                s->flushed = 1;
                char *out = (char *)s->dec;
                size_t ol = DEC_CAP;
                iconv(s->cd, NULL, NULL, &out, &ol);
                s->dec_len = DEC_CAP - ol;
                if (s->dec_len > 0)
                    return (ssize_t)s->dec_len;
            }
            return 0;
        }
        memmove(s->hold, s->hold + s->hold_pos, s->hold_len - s->hold_pos);
        s->hold_len -= s->hold_pos;
        s->hold_pos = 0;
        ssize_t r = read_lower(s, s->hold + s->hold_len, HOLD_CAP - s->hold_len, err);
        if (r < 0)
            return -1;
        s->hold_len += (size_t)r;
    }
}

ssize_t byte_source_read(byte_source *s, void *buf, size_t n, lh_error *err)
{
    if (!s->started && start(s, err) < 0)
        return -1;
    if (!s->decided && decide(s, err) < 0)
        return -1;
    if (n == 0)
        return 0;
    if (s->cd == (iconv_t)-1) {
        if (s->hold_pos < s->hold_len) { /* the held start first */
            size_t k = s->hold_len - s->hold_pos < n ? s->hold_len - s->hold_pos : n;
            memcpy(buf, s->hold + s->hold_pos, k);
            s->hold_pos += k;
            return (ssize_t)k;
        }
        return s->lower_eof ? 0 : read_lower(s, buf, n, err);
    }
    if (s->dec_pos == s->dec_len) {
        ssize_t r = decode_more(s, err);
        if (r <= 0)
            return r;
    }
    size_t k = s->dec_len - s->dec_pos < n ? s->dec_len - s->dec_pos : n;
    memcpy(buf, s->dec + s->dec_pos, k);
    s->dec_pos += k;
    return (ssize_t)k;
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
    if (s->cd != (iconv_t)-1)
        iconv_close(s->cd);
    xfree(s->hold);
    xfree(s->dec);
    xfree(s->raw);
    xfree(s->path);
    xfree(s);
}
