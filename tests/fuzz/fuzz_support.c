/* fuzz_support.c: memfd-backed files and a temporary folder for the fuzz targets (fuzz.h). */
#include "fuzz/fuzz.h"

#include <dirent.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

const char *fuzz_file(int slot, const void *data, size_t n)
{
    static int fd[4] = {-1, -1, -1, -1};
    static char path[4][64];
    FUZZ_CHECK(slot >= 0 && slot < 4, "slot %d", slot);
    if (fd[slot] < 0) {
        fd[slot] = memfd_create("lh-fuzz", MFD_CLOEXEC);
        FUZZ_CHECK(fd[slot] >= 0, "memfd_create");
        snprintf(path[slot], sizeof path[slot], "/proc/self/fd/%d", fd[slot]);
    }
    FUZZ_CHECK(ftruncate(fd[slot], 0) == 0, "ftruncate");
    const char *p = data;
    size_t done = 0;
    while (done < n) {
        ssize_t w = pwrite(fd[slot], p + done, n - done, (off_t)done);
        FUZZ_CHECK(w > 0, "pwrite");
        done += (size_t)w;
    }
    return path[slot];
}

static char tmp_dir[4096];

static void remove_tmp_dir(void)
{
    DIR *d = opendir(tmp_dir);
    if (d == NULL)
        return;
    struct dirent *e;
    char p[8192];
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        snprintf(p, sizeof p, "%s/%s", tmp_dir, e->d_name);
        unlink(p);
    }
    closedir(d);
    rmdir(tmp_dir);
}

const char *fuzz_tmp_dir(void)
{
    if (tmp_dir[0])
        return tmp_dir;
    const char *base = getenv("TMPDIR");
    snprintf(tmp_dir, sizeof tmp_dir, "%s/lh-fuzz-XXXXXX", base && *base ? base : "/tmp");
    FUZZ_CHECK(mkdtemp(tmp_dir) != NULL, "mkdtemp %s", tmp_dir);
    atexit(remove_tmp_dir);
    return tmp_dir;
}
