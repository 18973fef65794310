/* Tests for direct_out: a stream written past the page cache holds exactly the bytes written,
 * whatever their sizes; where O_DIRECT cannot be had there is no stream; a failed write is
 * reported, and an atomic file whose block failed is not published. */
#include "support/test_support.h"
#include "util/atomic_file.h"
#include "util/direct_out.h"

#include <criterion/criterion.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

TMP_DIR_FIXTURE

TestSuite(direct_out, .init = setup, .fini = teardown);

/* A direct stream on a new file of dir, or NULL (test skipped) where the file system refuses
 * O_DIRECT. */
static FILE *open_direct(const char *name, int flags, direct_out **d, char **path)
{
    *path = tmp_write(dir, name, "", 0);
    int fd = open(*path, flags);
    cr_assert(fd >= 0);
    FILE *f = direct_out_open(fd, d);
    if (f == NULL) {
        close(fd);
        cr_skip_test("the file system of $TMPDIR refuses O_DIRECT");
    }
    return f;
}

/* Writes n bytes of a pattern to a new file of dir through a direct stream, in pieces of uneven
 * sizes as the writers make them; checks that the file holds them exactly and that `direct`
 * bytes of them were written past the page cache. */
static void write_and_check(const char *name, size_t n, unsigned long long direct)
{
    char *want = malloc(n + 1);
    for (size_t i = 0; i < n; i++)
        want[i] = (char)('a' + (i * 7 + i / 4099) % 26);
    direct_out *d = NULL;
    char *path;
    FILE *f = open_direct(name, O_WRONLY | O_TRUNC, &d, &path);
    size_t at = 0, piece = 1;
    while (at < n) {
        size_t k = piece < n - at ? piece : n - at;
        cr_assert_eq(fwrite(want + at, 1, k, f), k);
        at += k;
        piece = piece * 3 % 1000003 + 1;
    }
    cr_assert_eq(fflush(f), 0);
    cr_assert_eq(direct_out_finish(d), 0);
    cr_expect_eq(direct_out_direct_bytes(d), direct, "%s: %llu bytes written directly, not %llu",
                 name, direct_out_direct_bytes(d), direct);
    cr_assert_eq(fclose(f), 0);
    size_t got_n;
    char *got = slurp(path, &got_n);
    cr_assert_not_null(got);
    cr_assert_eq(got_n, n, "%s: read back %zu bytes of %zu", name, got_n, n);
    cr_assert(memcmp(got, want, n) == 0, "%s: the bytes differ", name);
    free(got);
    free(want);
    free(path);
}

static const size_t mib4 = (size_t)4 << 20;

Test(direct_out, a_file_holds_exactly_the_bytes_written_at_every_size)
{
    const size_t sizes[] = {0, 1, 4095, 4096, mib4 - 1, mib4, mib4 + 1, 2 * mib4, 9 * mib4 + 12345};
    for (size_t s = 0; s < sizeof sizes / sizeof *sizes; s++) {
        char name[32];
        snprintf(name, sizeof name, "f%zu", s);
        /* the whole 4 MiB blocks, and only they, past the page cache */
        write_and_check(name, sizes[s], (unsigned long long)(sizes[s] / mib4 * mib4));
    }
}

Test(direct_out, a_block_refused_goes_through_the_page_cache_with_the_rest)
{
    direct_out_test_hooks(2, 0); /* the second block: EINVAL, as some file systems answer */
    write_and_check("refused-second", 3 * mib4 + 777, mib4);
    direct_out_test_hooks(1, 0);
    write_and_check("refused-first", 2 * mib4 + 5, 0);
    direct_out_test_hooks(0, 0);
}

Test(direct_out, a_short_direct_write_of_whole_blocks_stays_direct)
{
    direct_out_test_hooks(0, 1); /* the first write stops a block short */
    write_and_check("short", 2 * mib4 + 5, 2 * mib4);
    direct_out_test_hooks(0, 0);
}

Test(direct_out, is_not_had_where_the_file_refuses_direct_io)
{
    int fd = open("/dev/null", O_WRONLY);
    cr_assert(fd >= 0);
    direct_out *d = NULL;
    FILE *f = direct_out_open(fd, &d);
    cr_expect_null(f, "a character device takes no O_DIRECT");
    cr_expect_null(d);
    cr_expect_eq(fcntl(fd, F_GETFL) & O_DIRECT, 0, "fd is left as it was");
    cr_expect_eq(write(fd, "x", 1), 1, "and still the caller's");
    close(fd);
}

Test(direct_out, a_failed_write_is_reported_by_finish)
{
    direct_out *d = NULL;
    char *path;
    /* a file open for reading only: every write fails with EBADF, on the writer thread */
    FILE *f = open_direct("ro", O_RDONLY, &d, &path);
    size_t n = (size_t)5 << 20;
    char *data = calloc(1, n);
    fwrite(data, 1, n, f); /* the first 4 MiB go to the writer, which fails */
    fflush(f);
    errno = 0;
    cr_expect_eq(direct_out_finish(d), -1);
    cr_expect_eq(errno, EBADF, "the write's own error: %s", strerror(errno));
    cr_expect_eq(direct_out_finish(d), -1, "and it stays reported");
    fclose(f);
    free(data);
    free(path);
}

Test(direct_out, is_not_had_off_the_start_of_a_file_or_for_appending)
{
    char *path = tmp_write(dir, "off", "abc", 3);
    int fd = open(path, O_WRONLY);
    cr_assert(fd >= 0);
    cr_assert_eq(lseek(fd, 3, SEEK_SET), 3);
    direct_out *d = NULL;
    cr_expect_null(direct_out_open(fd, &d), "blocks from offset 3 would not be aligned");
    close(fd);
    fd = open(path, O_WRONLY | O_APPEND);
    cr_assert(fd >= 0);
    cr_expect_null(direct_out_open(fd, &d), "an appended file's blocks are not the stream's");
    cr_expect_eq(fcntl(fd, F_GETFL) & O_DIRECT, 0);
    close(fd);
    free(path);
}

/* In a child whose files may not pass 6 MiB: writes 12 MiB to an atomic file and commits.
 * Exits 0 when the commit failed with the write's error, 4 when the file system refuses
 * O_DIRECT. */
static void commit_past_a_limit(void)
{
    struct rlimit rl = {(rlim_t)6 << 20, (rlim_t)6 << 20};
    signal(SIGXFSZ, SIG_IGN); /* write(2) then fails with EFBIG */
    if (setrlimit(RLIMIT_FSIZE, &rl) != 0)
        _exit(3);
    atomic_file af;
    lh_error err = {0};
    if (atomic_file_open(&af, dir, "big.csv", &err) != LH_OK)
        _exit(3);
    if (af.direct == NULL)
        _exit(4);
    char *block = calloc(1, (size_t)1 << 20);
    for (int i = 0; i < 12; i++)
        fwrite(block, 1, (size_t)1 << 20, af.f);
    free(block);
    /* the writer thread's second block stops at the limit, its third fails */
    if (atomic_file_commit(&af, &err) == LH_OK)
        _exit(1);
    _exit(strstr(err.message, "cannot write") && strstr(err.message, strerror(EFBIG)) ? 0 : 2);
}

Test(direct_out, a_failed_block_fails_the_commit_and_publishes_nothing)
{
    pid_t pid = fork();
    cr_assert(pid >= 0);
    if (pid == 0)
        commit_past_a_limit();
    int status = 0;
    cr_assert_eq(waitpid(pid, &status, 0), pid);
    cr_assert(WIFEXITED(status), "the child ended by a signal");
    if (WEXITSTATUS(status) == 4)
        cr_skip_test("the file system of $TMPDIR refuses O_DIRECT");
    cr_assert_eq(WEXITSTATUS(status), 0,
                 "1: the commit succeeded; 2: its message is not the write's error; 3: setup");
    DIR *dp = opendir(dir);
    cr_assert_not_null(dp);
    struct dirent *de;
    while ((de = readdir(dp)) != NULL)
        cr_expect(strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0,
                  "nothing published or left behind: %s", de->d_name);
    closedir(dp);
}
