/* pseudo.h: keyed pseudonyms for personal values (--pseudonymize KEYFILE).
 *
 * A pseudonym is "p_" and 16 hex digits of HMAC-SHA-256(key, field || 0x00 || value): the same
 * value of the same field always gets the same pseudonym under one key, so reports stay
 * linkable for whoever shares the key, and nobody without it can reverse or test a guess.
 */
#ifndef LH_UTIL_PSEUDO_H
#define LH_UTIL_PSEUDO_H

#include "util/error.h"

#include <stddef.h>

#define PSEUDO_KEY_MIN 16 /* bytes: a shorter key file is refused */
#define PSEUDO_KEY_MAX 4096
#define PSEUDO_LEN     19 /* "p_" + 16 hex + NUL */

typedef struct pseudonymizer {
    unsigned char key[PSEUDO_KEY_MAX];
    size_t key_len;
} pseudonymizer;

/* Reads the key file (its bytes are the key, trailing newline kept). LH_ENOINPUT when unreadable,
 * LH_EUSAGE when shorter than PSEUDO_KEY_MIN or longer than PSEUDO_KEY_MAX bytes. */
lh_status pseudo_load(pseudonymizer *p, const char *keyfile, lh_error *err);
/* The value to print: value itself when p is NULL or value is empty, else its pseudonym in
 * buf (PSEUDO_LEN bytes). */
const char *pseudo_value(const pseudonymizer *p, const char *field, const char *value, char *buf);

#endif
