/* Tests of the byte source: what each export's bytes decode to, which encoding the start of a
 * stream chooses, independence from the read size, and files and pipes read whole. */
#include "ingest/source.h"
#include "support/test_support.h"
#include "util/mem.h"
#include "util/strbuf.h"
#include "util/utf8.h"

#include <criterion/criterion.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* Everything src gives, read n bytes at a time. */
static char *drain(byte_source *src, size_t n, size_t *len)
{
    strbuf out;
    strbuf_init(&out, 1u << 26);
    char buf[1 << 16];
    lh_error err;
    lh_error_clear(&err);
    ssize_t got;
    while ((got = byte_source_read(src, buf, n, &err)) > 0)
        strbuf_append(&out, buf, (size_t)got);
    cr_assert_eq(got, 0, "read error: %s", err.message);
    *len = out.len;
    char *s = malloc(out.len + 1);
    if (out.len)
        memcpy(s, out.data, out.len);
    s[out.len] = '\0';
    strbuf_free(&out);
    return s;
}

typedef struct enc_case {
    const char *what;
    const char *bytes;
    size_t n;
    const char *requested; /* NULL: auto */
    const char *chosen;
    const char *utf8; /* what reads give */
} enc_case;

#define B(s) s, sizeof(s) - 1

static const enc_case cases[] = {
    {"UTF-16LE with its mark",
     B("\xff\xfe"
       "a\0,\0b\0\n\0"
       "1\0,\0\xe9\0\n\0"),
     NULL, "UTF-16LE", "a,b\n1,\xc3\xa9\n"},
    {"UTF-16BE with its mark",
     B("\xfe\xff\0a\0,\0b\0\n\0"
       "1\0,\0\xe9\0\n"),
     NULL, "UTF-16BE", "a,b\n1,\xc3\xa9\n"},
    {"UTF-16LE without a mark",
     B("a\0,\0b\0\n\0"
       "1\0\t\0\x3b\x04\n\0"),
     NULL, "UTF-16LE", "a,b\n1\t\xd0\xbb\n"},
    {"Windows-1252 names",
     B("name,street\nH\xe9l\xe8ne M\xfcller,Calle 2\xba\n"
       "\x8aime,Stra\xdf"
       "e\n"),
     NULL, "WINDOWS-1252",
     "name,street\nH\xc3\xa9l\xc3\xa8ne M\xc3\xbcller,Calle 2\xc2\xba\n\xc5\xa0ime,Stra\xc3\x9f"
     "e\n"},
    {"ISO-8859-2 as asked", B("name\n\xa3ukasz \xa9\xe8\n"), "iso-8859-2", "iso-8859-2",
     "name\n\xc5\x81ukasz \xc5\xa0\xc4\x8d\n"},
    {"UTF-8 with one bad byte stays UTF-8", B("a,b\n\xc3\xa9,\xff\n"), NULL, "UTF-8",
     "a,b\n\xc3\xa9,\xff\n"},
    {"bytes that are no Latin text stay UTF-8",
     B("a,b\nU0\x80,v1\xc0\xaf\nx\xed\xa0\x80,\xe3\x81\n"), NULL, "UTF-8",
     "a,b\nU0\x80,v1\xc0\xaf\nx\xed\xa0\x80,\xe3\x81\n"},
    {"an undefined byte becomes 0xFF", B("a\nx\x81y\n"), "windows-1252", "windows-1252",
     "a\nx\xffy\n"},
    {"UTF-16 cut inside a unit ends in 0xFF",
     B("\xff\xfe"
       "a\0\n\0b"),
     NULL, "UTF-16LE", "a\n\xff"},
    {"UTF-8 as asked", B("n\nH\xe9l\xe8ne\n"), "UTF-8", "UTF-8", "n\nH\xe9l\xe8ne\n"},
    {"the empty stream", B(""), NULL, "UTF-8", ""},
    {"French and Catalan with symbols",
     B("a,b\nN\xb0 12 Pont-\xe0-Mousson,\"12,50 \x80\"\nO\x92Neil,Paral\xb7lel\n"), NULL,
     "WINDOWS-1252",
     "a,b\nN\xc2\xb0 12 Pont-\xc3\xa0-Mousson,\"12,50 \xe2\x82\xac\"\nO\xe2\x80\x99Neil,"
     "Paral\xc2\xb7lel\n"},
    {"Latin text with a pair that happens to be UTF-8",
     B("a\nCAF\xc9\xae\nG\xf3mez\nJos\xe9\nM\xfcller\n"), NULL, "WINDOWS-1252",
     "a\nCAF\xc3\x89\xc2\xae\nG\xc3\xb3mez\nJos\xc3\xa9\nM\xc3\xbcller\n"},
    {"UTF-32LE with its mark", B("\xff\xfe\0\0a\0\0\0\n\0\0\0"), NULL, "UTF-32LE", "a\n"},
    {"CP1258 gives its last letter at the end", B("a\nA2a"), "CP1258", "CP1258", "a\nA2a"},
};

Test(source, encodings_decode_to_utf8_at_every_read_size)
{
    static const size_t sizes[] = {1, 2, 3, 5, 64, 1 << 16};
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        const enc_case *k = &cases[c];
        for (size_t s = 0; s < sizeof sizes / sizeof *sizes; s++) {
            byte_source *src = byte_source_open_memory(k->bytes, k->n, "mem");
            byte_source_set_encoding(src, k->requested);
            size_t len;
            char *got = drain(src, sizes[s], &len);
            cr_expect_str_eq(byte_source_encoding(src), k->chosen, "%s", k->what);
            cr_expect(len == strlen(k->utf8) && memcmp(got, k->utf8, len) == 0,
                      "%s, read size %zu: got %zu bytes '%s'", k->what, sizes[s], len, got);
            free(got);
            byte_source_close(src);
        }
    }
    cr_expect(byte_source_encoding_known("auto") && byte_source_encoding_known("utf8") &&
              byte_source_encoding_known("WINDOWS-1252") && byte_source_encoding_known("UTF-16"));
    cr_expect(!byte_source_encoding_known("no-such-encoding"));
}

/* Streams longer than the window that chooses the encoding and than the conversion's buffers:
 * a Windows-1252 file and its UTF-16 twin give the same UTF-8, whatever the read size, and the
 * file's first 64 KiB alone choose (an accent after them does not make a UTF-8 file Latin). */
Test(source, long_streams_convert_across_buffers)
{
    strbuf want, latin, wide;
    strbuf_init(&want, 1u << 24);
    strbuf_init(&latin, 1u << 24);
    strbuf_init(&wide, 1u << 24);
    strbuf_append(&wide, "\xff\xfe", 2);
    for (int i = 0; i < 20000; i++) {
        char line[64];
        int n = snprintf(line, sizeof line, "%d,G\xf3mez,\x80%d\n", i, i % 97);
        strbuf_append(&latin, line, (size_t)n);
        for (int j = 0; j < n; j++) {
            unsigned char b = (unsigned char)line[j];
            uint32_t cp = b == 0xf3 ? 0xf3 : b == 0x80 ? 0x20ac : b;
            char u[4];
            size_t k = utf8_encode(cp, u);
            strbuf_append(&want, u, k);
            char w[2] = {(char)(cp & 0xff), (char)(cp >> 8)};
            strbuf_append(&wide, w, 2);
        }
    }
    cr_assert_gt(latin.len, 3 * 65536);
    static const size_t sizes[] = {1, 7, 4096, 1 << 16};
    const strbuf *in[2] = {&latin, &wide};
    for (int f = 0; f < 2; f++)
        for (size_t s = 0; s < sizeof sizes / sizeof *sizes; s++) {
            byte_source *src = byte_source_open_memory(in[f]->data, in[f]->len, "mem");
            size_t len;
            char *got = drain(src, sizes[s], &len);
            cr_expect_str_eq(byte_source_encoding(src), f ? "UTF-16LE" : "WINDOWS-1252");
            cr_expect(len == want.len && memcmp(got, want.data, len) == 0,
                      "file %d, read size %zu: %zu bytes, want %zu", f, sizes[s], len, want.len);
            free(got);
            byte_source_close(src);
        }

    /* ASCII for 64 KiB, then Latin bytes: the window saw UTF-8, so it stays UTF-8 */
    strbuf late;
    strbuf_init(&late, 1u << 24);
    while (late.len < 70000)
        strbuf_append(&late, "abc,def\n", 8);
    strbuf_append(&late, "G\xf3mez\n", 7);
    byte_source *src = byte_source_open_memory(late.data, late.len, "mem");
    size_t len;
    char *got = drain(src, 4096, &len);
    cr_expect_str_eq(byte_source_encoding(src), "UTF-8");
    cr_expect(len == late.len && memcmp(got, late.data, len) == 0);
    free(got);
    byte_source_close(src);
    strbuf_free(&late);
    strbuf_free(&want);
    strbuf_free(&latin);
    strbuf_free(&wide);
}

TMP_DIR_FIXTURE

/* A file larger than the read-ahead the source keeps asking the kernel for (32 MiB, in 8 MiB
 * pieces), read from disk and from a pipe (which takes no such advice): the same bytes as from
 * memory, the same count of raw bytes and the same SHA-256, at any read size. */
Test(source, files_and_pipes_read_past_the_read_ahead, .init = setup, .fini = teardown,
     .timeout = 60)
{
    size_t n = (size_t)44 << 20;
    char *data = malloc(n);
    uint64_t x = 88172645463325252ull;
    for (size_t i = 0; i < n; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        data[i] = i % 61 == 60 ? '\n' : (char)('a' + x % 26);
    }
    char *path = tmp_write(dir, "big.csv", data, n);
    byte_source *mem = byte_source_open_memory(data, n, "mem");
    size_t len;
    free(drain(mem, 1 << 16, &len));
    char want[65];
    byte_source_sha256(mem, want);
    byte_source_close(mem);

    char *fifo = xpath_join(dir, "fifo");
    cr_assert_eq(mkfifo(fifo, 0600), 0);
    static const size_t sizes[] = {4096, 1 << 16};
    for (int pipe_in = 0; pipe_in < 2; pipe_in++)
        for (size_t s = 0; s < sizeof sizes / sizeof *sizes; s++) {
            pid_t child = -1;
            if (pipe_in) {
                child = fork();
                cr_assert_geq(child, 0);
                if (child == 0) { /* the writer: the whole file into the pipe */
                    int fd = open(fifo, O_WRONLY);
                    size_t o = 0;
                    while (fd >= 0 && o < n) {
                        ssize_t k = write(fd, data + o, n - o);
                        if (k <= 0)
                            _exit(1);
                        o += (size_t)k;
                    }
                    _exit(fd < 0);
                }
            }
            byte_source *src;
            lh_error err;
            cr_assert_eq(byte_source_open(&src, pipe_in ? fifo : path, &err), LH_OK, "%s",
                         err.message);
            char *got = drain(src, sizes[s], &len);
            cr_expect(len == n && memcmp(got, data, n) == 0, "%s, read size %zu: %zu bytes",
                      pipe_in ? "pipe" : "file", sizes[s], len);
            cr_expect_eq(byte_source_raw_bytes(src), n);
            char hex[65];
            byte_source_sha256(src, hex);
            cr_expect_str_eq(hex, want);
            free(got);
            byte_source_close(src);
            if (pipe_in) {
                int status = -1;
                cr_assert_eq(waitpid(child, &status, 0), child);
                cr_expect(WIFEXITED(status) && WEXITSTATUS(status) == 0);
            }
        }
    xfree(fifo);
    free(path);
    free(data);
}
