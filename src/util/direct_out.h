/* direct_out.h: a stdio stream that writes a file past the page cache (O_DIRECT).
 *
 * A large scan writes gigabytes of outputs. Through the page cache, each of their pages is first
 * a page the kernel must find and fill; on the virtual machines leasehound is measured on, a page
 * of memory the host has taken back costs several times its copy (bench/scale-notes.md), and at
 * ten million leases that copy was the largest part of writing the report. A direct_out stream
 * gathers what is written to it in an aligned buffer and writes the buffer whole with O_DIRECT;
 * the last part of the file, which is not a whole block, goes through the page cache once the
 * writing is finished (direct_out_finish). Where the file system refuses O_DIRECT, at open or at
 * any write, the stream falls back to ordinary writes for the rest of the file: the bytes
 * written are the same.
 *
 * Cost: one more copy of the bytes, from stdio's buffer into an aligned one; 8 MiB of buffers
 * and a writer thread per open stream, which writes one buffer while the caller fills the other
 * (the caller waits only when the device is slower than its formatting); fsync then has no
 * page-cache data to flush but the tail. On a network file system each block waits for the
 * server, with one block of overlap.
 */
#ifndef LH_UTIL_DIRECT_OUT_H
#define LH_UTIL_DIRECT_OUT_H

#include <stdio.h>

typedef struct direct_out direct_out;

/* A stream writing fd (open for writing, at offset 0, not O_APPEND) directly, *d its state for
 * direct_out_finish; written to by one thread at a time, as any stream (the writer thread is the
 * stream's own); fclose() of the stream closes fd and frees *d. NULL (fd untouched, still
 * the caller's) where O_DIRECT cannot be had: this system has none, fd's file system refuses it,
 * or fd is not at the file's start. */
FILE *direct_out_open(int fd, direct_out **d);
/* After fflush() of the stream: writes what the buffer still holds, the tail of the file, through
 * the page cache. 0, or -1 with errno set (as a failed write of the stream before it). */
int direct_out_finish(direct_out *d);
/* The bytes written past the page cache so far (after direct_out_finish: in all). */
unsigned long long direct_out_direct_bytes(const direct_out *d);

/* Test hooks: from this call on, every write made with O_DIRECT from the refuse-th on (1-based,
 * counted over all streams) is refused with EINVAL, as by a file system that takes O_DIRECT at
 * open and not at write; the shorten-th writes a whole number of blocks fewer than asked. 0:
 * none (the default). */
void direct_out_test_hooks(unsigned long refuse, unsigned long shorten);

#endif
