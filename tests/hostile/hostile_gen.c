/* hostile_gen.c: writes the hostile inputs of issue 8 for tests/hostile/run.sh (the full-size
 * cases) and tests/hostile/test_hostile.c (small versions of each).
 *
 *   lh_hostile_gen CASE OUT [N [SEED]]
 *
 * Cases (N scales each; the defaults are the full-size ones of run.sh):
 *   field      a field of N bytes (100 MB) between two ordinary rows
 *   columns    a data row of N fields (1M) under a two-column header, then an ordinary row
 *   header     a header of N columns (1M), then one row
 *   empty      N empty lines (10M) between two ordinary rows
 *   oneip      N leases (1M) with their own names and e-mails, all from one signup_ip
 *   collide    N lease_ids (50k) whose string-pool slots all collide under hash seed SEED: the
 *              top 32 bits of hash_bytes(key, SEED), which strpool.c uses, agree in their low
 *              COLLIDE_BITS bits, so every one starts probing at the same slot at every table
 *              size up to 2^COLLIDE_BITS slots, and in two clusters at 2^17 (found by brute
 *              force, about 2^16 tries a key)
 *   times      N rows (1M), nine in ten with an absurd created_at, one in ten a real one
 *   utf8       N rows (1M) with invalid UTF-8 in every column, one in ten clean
 * Everything is deterministic: the same arguments give the same bytes.
 */
#include "util/hash.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COLLIDE_BITS 16

static FILE *out_open(const char *path)
{
    FILE *f = fopen(path, "w");
    if (f == NULL) {
        perror(path);
        exit(66);
    }
    setvbuf(f, NULL, _IOFBF, 1 << 20);
    return f;
}

static void out_close(FILE *f, const char *path)
{
    if (ferror(f) || fclose(f) != 0) {
        fprintf(stderr, "cannot write %s\n", path);
        exit(73);
    }
}

/* A pronounceable name and surname from a counter, so that no two leases share a person. */
static void person(uint64_t k, char *first, char *last)
{
    static const char *const syl[] = {"ka", "ri", "to", "mu", "se", "na", "yo", "hi",
                                      "be", "lo", "an", "de", "ru", "mi", "so", "ta"};
    char *p = first;
    uint64_t x = hash_u64(k * 2 + 1);
    for (int i = 0; i < 3; i++, x >>= 4)
        p += sprintf(p, "%s", syl[x & 15]);
    p = last;
    for (int i = 0; i < 4; i++, x >>= 4)
        p += sprintf(p, "%s", syl[x & 15]);
    sprintf(p, "%" PRIu64, k); /* distinct, whatever the syllables */
    first[0] = (char)(first[0] - 32);
    last[0] = (char)(last[0] - 32);
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: %s CASE OUT [N [SEED]]\n", argv[0]);
        return 2;
    }
    const char *c = argv[1], *path = argv[2];
    uint64_t n = argc > 3 ? strtoull(argv[3], NULL, 10) : 0;
    uint64_t seed = argc > 4 ? strtoull(argv[4], NULL, 10) : 1;
    FILE *f = out_open(path);
    if (strcmp(c, "field") == 0) {
        n = n ? n : 100000000;
        fputs("lease_id,email,name\nF1,", f);
        for (uint64_t i = 0; i < n; i++)
            putc('x', f);
        fputs(",Big Field\nF2,fine@example.org,Fine Row\n", f);
    } else if (strcmp(c, "columns") == 0) {
        n = n ? n : 1000000;
        fputs("lease_id,email\nW1", f);
        for (uint64_t i = 1; i < n; i++)
            fputs(",x", f);
        fputs("\nW2,fine@example.org\n", f);
    } else if (strcmp(c, "header") == 0) {
        n = n ? n : 1000000;
        fputs("email", f);
        for (uint64_t i = 1; i < n; i++)
            fprintf(f, ",c%" PRIu64, i);
        fputs("\na@example.org\n", f);
    } else if (strcmp(c, "empty") == 0) {
        n = n ? n : 10000000;
        fputs("lease_id,email\nE1,first@example.org\n", f);
        for (uint64_t i = 0; i < n; i++)
            putc('\n', f);
        fputs("E2,last@example.org\n", f);
    } else if (strcmp(c, "oneip") == 0) {
        n = n ? n : 1000000;
        fputs("lease_id,created_at,first_name,last_name,email,signup_ip,ip_kind\n", f);
        char first[64], last[64];
        for (uint64_t i = 0; i < n; i++) {
            person(i, first, last);
            fprintf(f, "IP%" PRIu64 ",%" PRIu64 ",%s,%s,%s.%s@example.org,203.0.113.7,mobile\n", i,
                    (uint64_t)1700000000 + i * 37, first, last, first, last);
        }
    } else if (strcmp(c, "collide") == 0) {
        n = n ? n : 50000;
        fputs("lease_id,email\n", f);
        const uint32_t mask = (1u << COLLIDE_BITS) - 1;
        char key[] = "K000000000000"; /* a hex counter, incremented in place: fast to try */
        const size_t len = sizeof key - 1;
        uint64_t found = 0;
        while (found < n) {
            for (size_t i = len - 1; i > 0; i--) {
                key[i] = key[i] == '9' ? 'a' : key[i] == 'f' ? '0' : (char)(key[i] + 1);
                if (key[i] != '0')
                    break;
            }
            uint32_t h = (uint32_t)(hash_bytes(key, len, seed) >> 32);
            if ((h & mask) != 0)
                continue;
            fprintf(f, "%s,u%" PRIu64 "@example.org\n", key, found);
            found++;
        }
    } else if (strcmp(c, "times") == 0) {
        n = n ? n : 1000000;
        static const char *const absurd[] = {
            "9999-12-31T23:59:59Z",
            "-1",
            "1e30",
            "2024-01-01T10:00:00.5.5Z",
            "2024-02-30",
            "0000-00-00",
            "99999999999999",
            "-9223372036854775808",
            "nan",
        };
        fputs("lease_id,created_at,email\n", f);
        for (uint64_t i = 0; i < n; i++) {
            if (i % 10 == 9)
                fprintf(f, "T%" PRIu64 ",%" PRIu64 ",t%" PRIu64 "@example.org\n", i,
                        (uint64_t)1700000000 + i, i);
            else
                fprintf(f, "T%" PRIu64 ",%s,t%" PRIu64 "@example.org\n", i, absurd[i % 10], i);
        }
    } else if (strcmp(c, "utf8") == 0) {
        n = n ? n : 1000000;
        /* a lone continuation byte, an overlong '/', a surrogate, a truncated sequence, 0xFF */
        static const char *const bad[] = {"\x80", "\xc0\xaf", "\xed\xa0\x80", "\xe3\x81", "\xff"};
        fputs("lease_id,created_at,name,email,phone,address,payment_fp,device_fp,signup_ip\n", f);
        for (uint64_t i = 0; i < n; i++) {
            if (i % 10 == 9) {
                fprintf(f,
                        "U%" PRIu64 ",2024-01-01,Name %" PRIu64 ",u%" PRIu64 "@example.org,,,,,\n",
                        i, i, i);
                continue;
            }
            fprintf(f, "U%" PRIu64 "%s", i, bad[i % 5]);
            for (int col = 1; col < 9; col++)
                fprintf(f, ",v%d%s", col, bad[(i + (uint64_t)col) % 5]);
            putc('\n', f);
        }
    } else {
        fprintf(stderr, "unknown case %s\n", c);
        return 2;
    }
    out_close(f, path);
    return 0;
}
