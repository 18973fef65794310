/* atomic_file.c: see atomic_file.h.
 *
 * The temporary file is made with mkstemp(3) in the destination folder itself, so that the
 * final rename(2) never crosses a file system. Output is buffered by stdio (1 MiB buffer), and
 * then, unless atomic_file_set_direct(0), by a direct_out stream that writes whole 4 MiB blocks
 * past the page cache and the tail through it at commit; a failed write is noticed at the
 * latest in commit (fflush, direct_out_finish), before anything is renamed.
 *
 * live[] lists the temporary files of this process that are on disk (borrowed pointers to the
 * owners' path strings); an atexit handler removes them, so that exit(70) from an allocation
 * failure, which never returns to the callers' cleanup, leaves no litter.
 *
 * A batch (atomic_file.h) holds committed files under their temporary names until publish,
 * which works in phases so that nothing can fail half-way without being undone: (1) allocate
 * every name it needs (an allocation failure exits, and exit only removes temporary files);
 * (2) keep each previous version under a second name with link(2); (3) rename every new file
 * into place; (4) fsync the folders; (5) drop the previous versions. A failure in (2) removes
 * what it made; a failure in (3) or (4) renames the previous versions back (or removes a new
 * file that had none) before removing the rest.
 */
#include "util/atomic_file.h"
#include "util/direct_out.h"
#include "util/mem.h"

#include <assert.h>
#include <errno.h>
#include <pthread.h>
#include <fcntl.h>
#include <stdio.h>
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

unsigned long atomic_file_io_count(void)
{
    return __atomic_load_n(&io_count, __ATOMIC_RELAXED);
}

#define LIVE_MAX 64 /* temporary files tracked for removal at exit; more are not tracked */
static const char *live[LIVE_MAX];
static int exit_hook;

static void remove_live(void)
{
    for (int i = 0; i < LIVE_MAX; i++)
        if (live[i])
            unlink(live[i]);
}

/* live[] and the batch's list are shared by writers on several threads (scan writes its files
 * in parallel); the rest of a file's life is its own. */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static void live_add_locked(const char *path);

static void live_add(const char *path)
{
    pthread_mutex_lock(&lock);
    live_add_locked(path);
    pthread_mutex_unlock(&lock);
}

static void live_add_locked(const char *path)
{
    if (!exit_hook) {
        atexit(remove_live);
        exit_hook = 1;
    }
    for (int i = 0; i < LIVE_MAX; i++)
        if (live[i] == NULL) {
            live[i] = path;
            return;
        }
}

static void live_remove(const char *path)
{
    pthread_mutex_lock(&lock);
    for (int i = 0; i < LIVE_MAX; i++)
        if (live[i] == path)
            live[i] = NULL;
    pthread_mutex_unlock(&lock);
}

typedef struct pending {
    char *tmp, *final, *dir; /* owned, taken over from the committed atomic_file */
    char *prev;              /* the previous version's second name, NULL when none */
    int renamed;
} pending;

static struct {
    int active;
    pending *p;
    size_t n, cap;
} batch;

/* 1 when the injected failure is due now. */
static int injected(void)
{
#ifdef LH_FAULT_INJECTION
    /* atomic: scan's writers run on several threads */
    unsigned long k = __atomic_add_fetch(&io_count, 1, __ATOMIC_RELAXED);
    return io_fail_at != 0 && k == io_fail_at;
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

static int direct_on = 1;

void atomic_file_set_direct(int on)
{
    __atomic_store_n(&direct_on, on, __ATOMIC_RELAXED);
}

lh_status atomic_file_open(atomic_file *af, const char *dir, const char *name, lh_error *err)
{
    memset(af, 0, sizeof *af);
    af->final_path = join_path(dir, name, "");
    af->tmp_path = join_path(dir, name, ".tmp-XXXXXX");
    af->dir = xstrdup(dir);
    int fd = mkstemp(af->tmp_path);
    if (fd >= 0)
        live_add(af->tmp_path);
    if (fd < 0) {
        lh_status st =
            LH_FAIL(err, LH_ECANTCREAT, "cannot create a file in %s: %s", dir, strerror(errno));
        xfree(af->tmp_path);
        af->tmp_path = NULL;
        atomic_file_abort(af);
        return st;
    }
    fchmod(fd, 0644);
    af->fd = fd;
    af->f = __atomic_load_n(&direct_on, __ATOMIC_RELAXED) ? direct_out_open(fd, &af->direct) : NULL;
    if (af->f == NULL)
        af->f = fdopen(fd, "w");
    if (af->f == NULL) {
        close(fd);
        atomic_file_abort(af);
        return LH_FAIL(err, LH_ECANTCREAT, "cannot open %s", name);
    }
    af->buf = xmalloc(OUT_BUFFER);
    setvbuf(af->f, af->buf, _IOFBF, OUT_BUFFER);
    return LH_OK;
}

/* Closes af->f, then frees its buffer. */
static int close_stream(atomic_file *af)
{
    int r = fclose(af->f);
    af->f = NULL;
    af->direct = NULL; /* fclose freed it */
    xfree(af->buf);
    af->buf = NULL;
    return r;
}

static void release(atomic_file *af)
{
    live_remove(af->tmp_path);
    xfree(af->tmp_path);
    xfree(af->final_path);
    xfree(af->dir);
    memset(af, 0, sizeof *af);
}

void atomic_file_abort(atomic_file *af)
{
    if (af->f)
        close_stream(af);
    if (af->tmp_path)
        unlink(af->tmp_path);
    release(af);
}

lh_status atomic_file_commit(atomic_file *af, lh_error *err)
{
    const char *what = NULL;
    int e = 0, failed = injected();
    if (!failed) {
        errno = 0;
        failed = fflush(af->f) != 0 || ferror(af->f);
        e = errno;
        /* a direct stream's failed block may have surfaced in an earlier write, with errno
           long gone: finish reports it again, with its own errno */
        if (af->direct && direct_out_finish(af->direct) != 0)
            failed = 1, e = errno;
    }
    if (failed)
        what = "write", e = e ? e : EIO;
    else if (injected() || fsync(af->fd) != 0)
        what = "fsync", e = errno ? errno : EIO;
    if (what) {
        lh_status st =
            LH_FAIL(err, LH_ECANTCREAT, "cannot %s %s: %s", what, af->final_path, strerror(e));
        atomic_file_abort(af);
        return st;
    }
    int fc = close_stream(af);
    if (fc == 0 && batch.active) {
        /* published by atomic_file_batch_publish; the path stays in live[] until then */
        pthread_mutex_lock(&lock);
        batch.p = xgrow(batch.p, &batch.cap, batch.n + 1, sizeof *batch.p);
        batch.p[batch.n++] = (pending){af->tmp_path, af->final_path, af->dir, NULL, 0};
        pthread_mutex_unlock(&lock);
        memset(af, 0, sizeof *af);
        return LH_OK;
    }
    if (fc != 0 || rename(af->tmp_path, af->final_path) != 0) {
        lh_status st =
            LH_FAIL(err, LH_ECANTCREAT, "cannot write %s: %s", af->final_path, strerror(errno));
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

void atomic_file_batch_begin(void)
{
    assert(!batch.active && batch.n == 0);
    batch.active = 1;
}

/* Fsyncs the folder of every pending file once; 0 or -1. */
static int sync_folders(void)
{
    int bad = 0;
    for (size_t i = 0; i < batch.n; i++) {
        int seen = 0;
        for (size_t j = 0; j < i; j++)
            seen |= strcmp(batch.p[j].dir, batch.p[i].dir) == 0;
        if (seen)
            continue;
        int dfd = open(batch.p[i].dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dfd < 0)
            continue;
        bad |= injected() || fsync(dfd) != 0;
        close(dfd);
    }
    return bad ? -1 : 0;
}

/* Empties the batch: removes what is left of the temporary files and previous versions. */
static void batch_clear(void)
{
    for (size_t i = 0; i < batch.n; i++) {
        pending *q = &batch.p[i];
        if (!q->renamed)
            unlink(q->tmp);
        if (q->prev)
            unlink(q->prev);
        live_remove(q->tmp);
        xfree(q->tmp);
        xfree(q->final);
        xfree(q->dir);
        xfree(q->prev);
    }
    xfree(batch.p);
    memset(&batch, 0, sizeof batch);
}

/* Puts every renamed file back as it was: its previous version, or no file. */
static void roll_back(void)
{
    for (size_t i = batch.n; i-- > 0;) {
        pending *q = &batch.p[i];
        if (!q->renamed)
            continue;
        if (q->prev && rename(q->prev, q->final) == 0) {
            xfree(q->prev);
            q->prev = NULL;
        } else if (q->prev == NULL) {
            unlink(q->final);
        }
    }
    sync_folders();
}

lh_status atomic_file_batch_publish(lh_error *err)
{
    lh_status st = LH_OK;
    batch.active = 0;
    /* (1) every name first: nothing below allocates */
    for (size_t i = 0; i < batch.n; i++) {
        size_t n = strlen(batch.p[i].tmp) + 6;
        batch.p[i].prev = xmalloc(n);
        snprintf(batch.p[i].prev, n, "%s.prev", batch.p[i].tmp);
    }
    /* (2) keep the previous versions */
    for (size_t i = 0; i < batch.n && st == LH_OK; i++) {
        pending *q = &batch.p[i];
        if (link(q->final, q->prev) != 0) {
            if (errno != ENOENT)
                st = LH_FAIL(err, LH_ECANTCREAT, "cannot keep the previous %s: %s", q->final,
                             strerror(errno));
            xfree(q->prev);
            q->prev = NULL;
        }
    }
    /* (3) the new set in place */
    for (size_t i = 0; i < batch.n && st == LH_OK; i++) {
        pending *q = &batch.p[i];
        if (rename(q->tmp, q->final) != 0)
            st = LH_FAIL(err, LH_ECANTCREAT, "cannot write %s: %s", q->final, strerror(errno));
        else
            q->renamed = 1;
    }
    /* (4) durable */
    if (st == LH_OK && sync_folders() != 0)
        st = LH_FAIL(err, LH_ECANTCREAT, "cannot fsync folder %s", batch.p[0].dir);
    if (st != LH_OK)
        roll_back();
    /* (5) the previous versions go (or, after a roll back, what is left of the new set) */
    batch_clear();
    return st;
}

void atomic_file_batch_abort(void)
{
    batch_clear();
}
