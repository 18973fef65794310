/* version.h: the leasehound version, one place. */
#ifndef LH_UTIL_VERSION_H
#define LH_UTIL_VERSION_H
#define LH_VERSION "0.1.0"
#endif
