/* fuzz.h: what the fuzz targets share.
 *
 * Each target is a file tests/fuzz/fuzz_<name>.c defining `int fuzz_<name>(const uint8_t *data,
 * size_t size)`, the whole test of one input: it runs the library on the bytes and checks the
 * invariants with FUZZ_CHECK, which prints what failed and aborts (a crash to libFuzzer, a failed
 * test to the replay driver). The same files are built two ways:
 *   - with clang and -DLH_FUZZ_MAIN (tests/fuzz/CMakeLists.txt, LH_BUILD_FUZZ=ON): FUZZ_TARGET
 *     then defines LLVMFuzzerTestOneInput, and each target is a libFuzzer program;
 *   - into the Criterion suite (tests/CMakeLists.txt), where test_replay.c runs every corpus
 *     file through every target, under ASan and UBSan in scripts/test.sh.
 * A target never writes outside its own memfd or temporary folder and never opens a path taken
 * from the input.
 */
#ifndef LH_TESTS_FUZZ_H
#define LH_TESTS_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define FUZZ_CHECK(cond, ...)                                                                      \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s:%d: fuzz check failed: %s: ", __FILE__, __LINE__, #cond);          \
            fprintf(stderr, __VA_ARGS__);                                                          \
            fputc('\n', stderr);                                                                   \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

#ifdef LH_FUZZ_MAIN
#define FUZZ_TARGET(fn)                                                                            \
    int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);                                  \
    int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)                                   \
    {                                                                                              \
        return fn(data, size);                                                                     \
    }
#else
#define FUZZ_TARGET(fn)
#endif

int fuzz_csv(const uint8_t *data, size_t size);
int fuzz_normalize(const uint8_t *data, size_t size);
int fuzz_map(const uint8_t *data, size_t size);
int fuzz_spec(const uint8_t *data, size_t size);
int fuzz_model(const uint8_t *data, size_t size);

/* A file holding data[0..n), as a path the library can open ("/proc/self/fd/N" of a memfd that
 * is reused: one per slot, slot < 4). The path is valid until the next call for that slot. */
const char *fuzz_file(int slot, const void *data, size_t n);
/* A private temporary folder, made once per process and removed at exit. */
const char *fuzz_tmp_dir(void);

#endif
