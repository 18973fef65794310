/* direct_out.c: see direct_out.h.
 *
 * Two buffers of DIRECT_BUFFER bytes, each at an address aligned to DIRECT_ALIGN: the stream
 * fills one while a writer thread writes the other, so that the device's time overlaps the
 * formatting (as the kernel's writeback overlaps it through the page cache). Only whole buffers
 * are written directly: every direct write starts at a multiple of DIRECT_ALIGN in the file and
 * in memory and is a multiple of it long, which the file systems that take O_DIRECT accept
 * where their logical blocks are at most 4 KiB. A write the file system still refuses (EINVAL:
 * larger blocks, or no O_DIRECT after all) clears O_DIRECT on fd and is made again through the
 * page cache, as is everything after it; so is the rest of a short direct write that ends off a
 * block. After a failed write nothing more is written; the error is returned by the next write
 * of the stream or by direct_out_finish. Without a writer thread (pthread_create failed) the
 * stream writes its full buffers itself.
 * Invariant: the file holds the stream's bytes up to those of the buffer handed to the writer
 * (once it is idle) and of buf[cur][0..n), which follow them.
 */
#include "util/direct_out.h"
#include "util/mem.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#define DIRECT_ALIGN  ((size_t)4096)
#define DIRECT_BUFFER ((size_t)4 << 20)

struct direct_out {
    int fd;
    int direct;     /* O_DIRECT is set on fd (the writer's while it writes) */
    char *block[2]; /* owned: xmalloc's; buf[k] lies in block[k] */
    char *buf[2];   /* DIRECT_BUFFER bytes each, aligned */
    int cur;        /* the buffer being filled */
    size_t n;       /* bytes in buf[cur] */
    /* the writer thread: writes `pending` while the other buffer fills */
    pthread_t writer;
    int threaded;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    const char *pending;
    size_t pending_n;
    int busy, stop;
    int err;                         /* errno of the first failed write, 0 while none */
    unsigned long long direct_bytes; /* written with O_DIRECT */
};

unsigned long long direct_out_direct_bytes(const direct_out *d)
{
    return d->direct_bytes;
}

#if defined(__GLIBC__) && defined(O_DIRECT)

/* Clears O_DIRECT on d's fd: later writes go through the page cache. 0, or an errno (the
 * stream stays direct). */
static int go_buffered(direct_out *d)
{
    int fl = fcntl(d->fd, F_GETFL);
    if (fl == -1 || fcntl(d->fd, F_SETFL, fl & ~O_DIRECT) != 0)
        return errno ? errno : EIO;
    d->direct = 0;
    return 0;
}

static unsigned long direct_writes, refuse_at, short_at;

void direct_out_test_hooks(unsigned long refuse, unsigned long shorten)
{
    __atomic_store_n(&refuse_at, refuse, __ATOMIC_RELAXED);
    __atomic_store_n(&short_at, shorten, __ATOMIC_RELAXED);
    __atomic_store_n(&direct_writes, 0, __ATOMIC_RELAXED);
}

/* write(2) of p[0..n), or what the test hooks make of it while fd has O_DIRECT: from the
 * refuse-th such write on, EINVAL for each (a file system that refuses them all, so that only
 * clearing the flag gets the bytes written). */
static ssize_t write_some(direct_out *d, const char *p, size_t n)
{
    unsigned long refuse = __atomic_load_n(&refuse_at, __ATOMIC_RELAXED),
                  shorten = __atomic_load_n(&short_at, __ATOMIC_RELAXED);
    if ((refuse || shorten) && (fcntl(d->fd, F_GETFL) & O_DIRECT)) {
        unsigned long k = __atomic_add_fetch(&direct_writes, 1, __ATOMIC_RELAXED);
        if (refuse && k >= refuse) {
            errno = EINVAL;
            return -1;
        }
        if (k == shorten && n > DIRECT_ALIGN)
            n = (n - 1) / DIRECT_ALIGN * DIRECT_ALIGN; /* a whole number of blocks, short */
    }
    return write(d->fd, p, n);
}

/* Writes p[0..n) whole, directly while the file system takes it; 0 or an errno. */
static int write_all(direct_out *d, const char *p, size_t n)
{
    size_t done = 0;
    while (done < n) {
        ssize_t w = write_some(d, p + done, n - done);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            int e = errno ? errno : EIO;
            if (e == EINVAL && d->direct) { /* refused: the same bytes through the page cache */
                int b = go_buffered(d);
                if (b)
                    return b;
                continue;
            }
            return e;
        }
        if (w == 0)
            return EIO;
        done += (size_t)w;
        if (d->direct)
            d->direct_bytes += (unsigned long long)w;
        if (d->direct && done % DIRECT_ALIGN != 0 && done < n) {
            int b = go_buffered(d); /* a short direct write: the rest cannot stay aligned */
            if (b)
                return b;
        }
    }
    return 0;
}

static void *writer_main(void *arg)
{
    direct_out *d = arg;
    pthread_mutex_lock(&d->mu);
    for (;;) {
        while (!d->busy && !d->stop)
            pthread_cond_wait(&d->cv, &d->mu);
        if (!d->busy)
            break;
        const char *p = d->pending;
        size_t n = d->pending_n;
        int failed = d->err != 0; /* after a failure, nothing more is written */
        pthread_mutex_unlock(&d->mu);
        int e = failed ? 0 : write_all(d, p, n);
        pthread_mutex_lock(&d->mu);
        if (e && !d->err)
            d->err = e;
        d->busy = 0;
        pthread_cond_broadcast(&d->cv);
    }
    pthread_mutex_unlock(&d->mu);
    return NULL;
}

/* Waits until the writer has written what it was given; its error, 0 when none. */
static int wait_idle(direct_out *d)
{
    if (!d->threaded)
        return d->err;
    pthread_mutex_lock(&d->mu);
    while (d->busy)
        pthread_cond_wait(&d->cv, &d->mu);
    int e = d->err;
    pthread_mutex_unlock(&d->mu);
    return e;
}

/* Hands the full buffer to the writer (or writes it, without one) and fills the other. 0 or
 * an errno, of this write or of an earlier one. */
static int hand_over(direct_out *d)
{
    int e = wait_idle(d);
    if (e)
        return e;
    if (!d->threaded) {
        d->err = write_all(d, d->buf[d->cur], d->n);
        d->n = 0;
        return d->err;
    }
    pthread_mutex_lock(&d->mu);
    d->pending = d->buf[d->cur];
    d->pending_n = d->n;
    d->busy = 1;
    pthread_cond_broadcast(&d->cv);
    pthread_mutex_unlock(&d->mu);
    d->cur ^= 1;
    d->n = 0;
    return 0;
}

static ssize_t cookie_write(void *cookie, const char *data, size_t size)
{
    direct_out *d = cookie;
    size_t taken = 0;
    while (taken < size) {
        size_t k = DIRECT_BUFFER - d->n < size - taken ? DIRECT_BUFFER - d->n : size - taken;
        memcpy(d->buf[d->cur] + d->n, data + taken, k);
        d->n += k;
        taken += k;
        if (d->n == DIRECT_BUFFER) {
            int e = hand_over(d);
            if (e) {
                errno = e;
                return -1; /* stdio marks the stream in error */
            }
        }
    }
    return (ssize_t)size;
}

static void direct_out_free(direct_out *d)
{
    if (d->threaded) {
        pthread_mutex_lock(&d->mu);
        d->stop = 1;
        pthread_cond_broadcast(&d->cv);
        pthread_mutex_unlock(&d->mu);
        pthread_join(d->writer, NULL); /* after the buffer it was given, if any */
        pthread_mutex_destroy(&d->mu);
        pthread_cond_destroy(&d->cv);
    }
    xfree(d->block[0]);
    xfree(d->block[1]);
    xfree(d);
}

static int cookie_close(void *cookie)
{
    direct_out *d = cookie;
    int fd = d->fd;
    direct_out_free(d);
    return close(fd);
}

static char *aligned_in(char *block)
{
    return block + (DIRECT_ALIGN - (uintptr_t)block % DIRECT_ALIGN) % DIRECT_ALIGN;
}

FILE *direct_out_open(int fd, direct_out **out)
{
    int fl = fcntl(fd, F_GETFL);
    /* whole blocks stay aligned in the file only from its start, and not when appended */
    if (fl == -1 || (fl & O_APPEND) || lseek(fd, 0, SEEK_CUR) != 0 ||
        fcntl(fd, F_SETFL, fl | O_DIRECT) != 0)
        return NULL;
    direct_out *d = xcalloc(1, sizeof *d);
    d->fd = fd;
    d->direct = 1;
    for (int k = 0; k < 2; k++) {
        d->block[k] = xmalloc(DIRECT_BUFFER + DIRECT_ALIGN);
        d->buf[k] = aligned_in(d->block[k]);
    }
    pthread_mutex_init(&d->mu, NULL);
    pthread_cond_init(&d->cv, NULL);
    d->threaded = pthread_create(&d->writer, NULL, writer_main, d) == 0;
    if (!d->threaded) {
        pthread_mutex_destroy(&d->mu);
        pthread_cond_destroy(&d->cv);
    }
    cookie_io_functions_t io = {.write = cookie_write, .close = cookie_close};
    FILE *f = fopencookie(d, "w", io);
    if (f == NULL) {
        direct_out_free(d);
        (void)fcntl(fd, F_SETFL, fl);
        return NULL;
    }
    *out = d;
    return f;
}

int direct_out_finish(direct_out *d)
{
    int e = wait_idle(d);
    if (e == 0 && d->n > 0) {
        if (d->direct)
            e = go_buffered(d); /* the tail is not a whole block */
        if (e == 0)
            e = write_all(d, d->buf[d->cur], d->n);
        d->n = 0;
    }
    if (e) {
        d->err = e;
        errno = e;
        return -1;
    }
    return 0;
}

#else

FILE *direct_out_open(int fd, direct_out **out)
{
    (void)fd;
    (void)out;
    return NULL;
}

int direct_out_finish(direct_out *d)
{
    (void)d;
    return 0;
}

void direct_out_test_hooks(unsigned long refuse, unsigned long shorten)
{
    (void)refuse;
    (void)shorten;
}

#endif
