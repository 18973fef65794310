/* rss.h: the process's memory as the operating system counts it, for summary.json's timings
 * and the benches: the peak resident set so far (VmHWM of /proc/self/status, Linux), 0 where
 * unknown. */
#ifndef LH_UTIL_RSS_H
#define LH_UTIL_RSS_H

#include <stdint.h>

uint64_t rss_peak_bytes(void);

#endif
