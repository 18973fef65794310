/* test_replay.c: every file of every fuzz corpus through every fuzz target, in the normal
 * suite (gcc; under ASan and UBSan in scripts/test.sh's second build), so that the inputs that
 * once crashed stay fixed and the invariants of the targets are checked on every run.
 *
 * A target reports a broken invariant by aborting (fuzz.h), which Criterion counts as a failed
 * test naming the target; the corpus file is printed before it runs so the log says which one.
 */
#include "fuzz/fuzz.h"

#include <criterion/criterion.h>
#include <dirent.h>
#include <string.h>
#include <sys/stat.h>

#define CORPUS LH_SOURCE_DIR "/tests/fuzz/corpus"

typedef int (*fuzz_fn)(const uint8_t *, size_t);

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every regular file under CORPUS/<dir>/, sorted; *n set. */
static char **corpus_files(size_t *n)
{
    size_t cap = 64;
    char **out = malloc(cap * sizeof *out);
    *n = 0;
    DIR *top = opendir(CORPUS);
    cr_assert_not_null(top, "no corpus folder %s", CORPUS);
    struct dirent *d;
    while ((d = readdir(top)) != NULL) {
        if (d->d_name[0] == '.')
            continue;
        char sub[4096];
        snprintf(sub, sizeof sub, "%s/%s", CORPUS, d->d_name);
        DIR *dir = opendir(sub);
        if (dir == NULL)
            continue;
        struct dirent *e;
        while ((e = readdir(dir)) != NULL) {
            char path[8192];
            snprintf(path, sizeof path, "%s/%s", sub, e->d_name);
            struct stat sb;
            if (e->d_name[0] == '.' || stat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
                continue;
            if (*n == cap)
                out = realloc(out, (cap *= 2) * sizeof *out);
            out[(*n)++] = strdup(path);
        }
        closedir(dir);
    }
    closedir(top);
    qsort(out, *n, sizeof *out, by_name);
    return out;
}

static size_t count_in(char **files, size_t n, const char *target)
{
    char needle[256];
    snprintf(needle, sizeof needle, "/corpus/%s/", target);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += strstr(files[i], needle) != NULL;
    return k;
}

static void replay(const char *name, fuzz_fn fn)
{
    size_t n;
    char **files = corpus_files(&n);
    cr_assert_geq(count_in(files, n, name), 3, "the %s corpus has at least three seeds", name);
    for (size_t i = 0; i < n; i++) {
        FILE *f = fopen(files[i], "rb");
        cr_assert_not_null(f, "%s", files[i]);
        size_t cap = 1 << 16, len = 0, k;
        uint8_t *buf = malloc(cap);
        while ((k = fread(buf + len, 1, cap - len, f)) > 0)
            if ((len += k) == cap)
                buf = realloc(buf, cap *= 2);
        fclose(f);
        fprintf(stderr, "%s: %s\n", name, files[i]);
        /* an exact-size copy, so that ASan sees a read past the input */
        uint8_t *exact = malloc(len ? len : 1);
        memcpy(exact, buf, len);
        fn(exact, len);
        free(exact);
        free(buf);
        free(files[i]);
    }
    free(files);
}

TestSuite(fuzz_replay, .timeout = 600);

Test(fuzz_replay, csv_target_on_every_corpus_file)
{
    replay("csv", fuzz_csv);
}

Test(fuzz_replay, normalize_target_on_every_corpus_file)
{
    replay("normalize", fuzz_normalize);
}

Test(fuzz_replay, map_target_on_every_corpus_file)
{
    replay("map", fuzz_map);
}

Test(fuzz_replay, spec_target_on_every_corpus_file)
{
    replay("spec", fuzz_spec);
}

Test(fuzz_replay, model_target_on_every_corpus_file)
{
    replay("model", fuzz_model);
}
