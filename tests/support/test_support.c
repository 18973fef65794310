/* test_support.c: see test_support.h. */
#include "support/test_support.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

char *tmp_dir_new(void)
{
    const char *base = getenv("TMPDIR");
    char tmpl[4096];
    snprintf(tmpl, sizeof tmpl, "%s/lh-test-XXXXXX", base && *base ? base : "/tmp");
    char *d = mkdtemp(tmpl);
    return d ? strdup(d) : NULL;
}

void tmp_remove_tree(const char *dir)
{
    if (dir == NULL || strncmp(dir, "/tmp", 4) != 0)
        return;
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "cannot remove %s\n", dir);
}

char *tmp_write(const char *dir, const char *name, const void *data, size_t n)
{
    size_t len = strlen(dir) + strlen(name) + 2;
    char *path = malloc(len);
    snprintf(path, len, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (f == NULL)
        return path;
    fwrite(data, 1, n, f);
    fclose(f);
    return path;
}

char *tmp_write_str(const char *dir, const char *name, const char *text)
{
    return tmp_write(dir, name, text, strlen(text));
}

char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    size_t k;
    while ((k = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += k;
        if (cap - n - 1 == 0)
            buf = realloc(buf, cap *= 2);
    }
    fclose(f);
    buf[n] = '\0';
    if (len)
        *len = n;
    return buf;
}

int run_leasehound(const char *dir, const char *args)
{
    size_t len = strlen(args) + strlen(dir) * 2 + strlen(LH_BINARY) + 64;
    char *cmd = malloc(len);
    snprintf(cmd, len, "cd '%s' && '%s' %s >stdout.txt 2>stderr.txt", dir, LH_BINARY, args);
    int st = system(cmd);
    free(cmd);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

const char *external_data_dir(void)
{
    static char path[4096];
    const char *env = getenv("LEASEHOUND_EXTERNAL_DATA");
    snprintf(path, sizeof path, "%s", env && *env ? env : LH_EXTERNAL_DATA);
    char probe[4200];
    snprintf(probe, sizeof probe, "%s/febrl_dataset2.csv", path);
    if (access(probe, R_OK) != 0) {
        fprintf(stderr,
                "skipped: external datasets not found at %s (set LEASEHOUND_EXTERNAL_DATA)\n",
                path);
        return NULL;
    }
    return path;
}

size_t count_lines(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return 0;
    size_t n = 0;
    int c;
    while ((c = getc(f)) != EOF)
        n += c == '\n';
    fclose(f);
    return n;
}

/* pipeline_init, and the options of pipeline_run_one and pipeline_load_one. */
static void one_file_options(pipeline *p, pipeline_options *po, lh_error *err)
{
    pipeline_init(p);
    memset(po, 0, sizeof *po);
    po->load.max_rejects = UINT64_MAX;
    po->load.max_rejects_pct = -1;
    po->threads = 1;
    lh_error_clear(err);
}

lh_status pipeline_run_one(pipeline *p, const char *path, lh_error *err)
{
    pipeline_options po;
    one_file_options(p, &po, err);
    const char *paths[1] = {path};
    return pipeline_run(p, paths, 1, &po, err);
}

lh_status pipeline_load_one(pipeline *p, const char *path, lh_error *err)
{
    pipeline_options po;
    one_file_options(p, &po, err);
    const char *paths[1] = {path};
    return pipeline_load(p, paths, 1, &po, err);
}
