/* atomic_file.c: see atomic_file.h.
 *
 * The temporary file is made with mkstemp(3) in the destination folder itself, so that the
 * final rename(2) never crosses a file system. Output is buffered by stdio (1 MiB buffer); a
 * failed write is noticed at the latest by fflush() in commit, before anything is renamed.
 */
#include "util/atomic_file.h"
#include "util/mem.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define OUT_BUFFER (1u << 20)

static unsigned long io_count, io_fail_at;

void atomic_file_fail_at(unsigned long n)
{
    io_fail_at = n;
    io_count = 0;
}

/* 1 when the injected failure is due now. */
static int injected(void)
{
#ifdef LH_FAULT_INJECTION
    io_count++;
    return io_fail_at != 0 && io_count == io_fail_at;
#else
    return 0;
#endif
}

static char *join_path(const char *dir, const char *name, const char *suffix)
{
    size_t n = strlen(dir) + strlen(name) + strlen(suffix) + 2;
    char *p = xmalloc(n);
    snprintf(p, n, "%s/%s%s", dir, name, suffix);
    return p;
}

lh_status make_output_dir(const char *dir, lh_error *err)
{
    struct stat sb;
    if (stat(dir, &sb) == 0) {
        if (S_ISDIR(sb.st_mode))
            return LH_OK;
        return LH_FAIL(err, LH_ECANTCREAT, "%s exists and is not a folder", dir);
    }
    if (mkdir(dir, 0777) != 0 && errno != EEXIST)
        return LH_FAIL(err, LH_ECANTCREAT, "cannot create %s: %s", dir, strerror(errno));
    return LH_OK;
}

lh_status atomic_file_open(atomic_file *af, const char *dir, const char *name, lh_error *err)
{
    memset(af, 0, sizeof *af);
    af->final_path = join_path(dir, name, "");
    af->tmp_path = join_path(dir, name, ".tmp-XXXXXX");
    af->dir = xstrdup(dir);
    int fd = mkstemp(af->tmp_path);
    if (fd < 0) {
        lh_status st = LH_FAIL(err, LH_ECANTCREAT, "cannot create a file in %s: %s", dir,
                               strerror(errno));
        free(af->tmp_path);
        af->tmp_path = NULL;
        atomic_file_abort(af);
        return st;
    }
    fchmod(fd, 0644);
    af->f = fdopen(fd, "w");
    if (af->f == NULL) {
        close(fd);
        atomic_file_abort(af);
        return LH_FAIL(err, LH_ECANTCREAT, "cannot open %s", name);
    }
    setvbuf(af->f, NULL, _IOFBF, OUT_BUFFER);
    return LH_OK;
}

static void release(atomic_file *af)
{
    free(af->tmp_path);
    free(af->final_path);
    free(af->dir);
    memset(af, 0, sizeof *af);
}

void atomic_file_abort(atomic_file *af)
{
    if (af->f)
        fclose(af->f);
    af->f = NULL;
    if (af->tmp_path)
        unlink(af->tmp_path);
    release(af);
}

lh_status atomic_file_commit(atomic_file *af, lh_error *err)
{
    const char *what = NULL;
    int e = 0;
    if (injected() || fflush(af->f) != 0 || ferror(af->f))
        what = "write", e = errno ? errno : EIO;
    else if (injected() || fsync(fileno(af->f)) != 0)
        what = "fsync", e = errno ? errno : EIO;
    if (what) {
        lh_status st = LH_FAIL(err, LH_ECANTCREAT, "cannot %s %s: %s", what, af->final_path,
                               strerror(e));
        atomic_file_abort(af);
        return st;
    }
    int fc = fclose(af->f);
    af->f = NULL;
    if (fc != 0 || rename(af->tmp_path, af->final_path) != 0) {
        lh_status st = LH_FAIL(err, LH_ECANTCREAT, "cannot write %s: %s", af->final_path,
                               strerror(errno));
        atomic_file_abort(af);
        return st;
    }
    int dfd = open(af->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        int bad = injected() || fsync(dfd) != 0;
        close(dfd);
        if (bad) {
            lh_status st = LH_FAIL(err, LH_ECANTCREAT, "cannot fsync folder %s", af->dir);
            release(af);
            return st;
        }
    }
    release(af);
    return LH_OK;
}
