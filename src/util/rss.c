/* rss.c: see rss.h. */
#include "util/rss.h"

#include <stdio.h>
#include <string.h>

uint64_t rss_peak_bytes(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    if (f == NULL)
        return 0;
    char line[256];
    unsigned long long kb = 0;
    while (fgets(line, sizeof line, f))
        if (strncmp(line, "VmHWM:", 6) == 0) {
            sscanf(line + 6, "%llu", &kb);
            break;
        }
    fclose(f);
    return (uint64_t)kb * 1024;
}
