/* fold.h: Unicode folding shared by the name, address and generic normalizers.
 *
 * fold_char() maps one code point to what keys are built from: letters lower-cased (ASCII,
 * Latin-1, Latin Extended-A, Vietnamese, Greek, Cyrillic), Latin accents removed (é -> e,
 * ß -> ss, Æ -> ae), fullwidth ASCII forms mapped to ASCII, combining marks dropped (so NFD input
 * folds like NFC), separators and punctuation reported as such. CJK and every other script are
 * kept as they are.
 */
#ifndef LH_NORMALIZE_FOLD_H
#define LH_NORMALIZE_FOLD_H

#include <stddef.h>
#include <stdint.h>

typedef enum fold_class {
    FOLD_KEEP, /* text: append the folded string */
    FOLD_SEP,  /* a separator: white space, punctuation, symbols */
    FOLD_JOIN, /* dropped without separating: apostrophes, combining marks */
} fold_class;

/* Folds cp. For FOLD_KEEP, out (room for 4 bytes) receives the folded UTF-8 and *len its length. */
fold_class fold_char(uint32_t cp, char *out, size_t *len);

/* 1 when cp is a CJK ideograph, kana or Hangul syllable/jamo. */
int fold_is_cjk(uint32_t cp);

/* Folds s[0..n) into out (capacity cap, NUL-terminated): runs of separators become one space,
 * no space at either end. Returns the length written; output is cut at a code-point boundary when
 * cap is reached. */
size_t fold_text(const char *s, size_t n, char *out, size_t cap);

#endif
