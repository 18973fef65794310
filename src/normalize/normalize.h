/* normalize.h: the normalize stage, pure functions from raw text to canonical keys.
 *
 * Each function reads an input field s[0..n) (valid UTF-8, possibly with surrounding white
 * space) and writes a key into a caller buffer of NORM_KEY_MAX bytes, NUL-terminated, returning
 * its length; 0 means "no usable value" (empty, or not parseable as the kind of value asked for).
 * Keys longer than the buffer are cut at a code-point boundary. Nothing here allocates or keeps
 * state, so the functions are safe to call from any thread.
 */
#ifndef LH_NORMALIZE_NORMALIZE_H
#define LH_NORMALIZE_NORMALIZE_H

#include <stddef.h>
#include <stdint.h>

#define NORM_KEY_MAX 256

/* Person name: case folded, Latin accents removed, titles (mr, mrs, ms, miss, mx, dr, prof)
 * dropped, tokens sorted and joined by one space, so "Taro Yamada", "YAMADA Taro",
 * "Yamada, Taro" and "taro yamada" share the key "taro yamada". A name written only in CJK
 * script keeps its typed order with the spaces removed ("山田 太郎" -> "山田太郎"). */
size_t name_normalize(const char *s, size_t n, char *out);

/* Address: case and accents folded, punctuation and white space runs become one space. */
size_t address_normalize(const char *s, size_t n, char *out);

/* A generic identifier (payment or device fingerprint, account, id number, user columns):
 * trimmed, ASCII case folded, inner white space runs kept as one space. */
size_t ident_normalize(const char *s, size_t n, char *out);

/* A code (postcode, identity document number): letters and digits only, ASCII case folded, so
 * "SW1A 1AA" and "sw1a1aa", "123-45-6789" and "123456789" share a key. */
size_t code_normalize(const char *s, size_t n, char *out);

/* E-mail: trimmed and lower-cased; for the providers in email.c's table that ignore them, dots
 * in the local part and +tag sub-addresses are removed and alias domains mapped to one
 * (googlemail.com -> gmail.com). *domain_off receives the offset of the domain in out.
 * Returns 0 for anything that is not local@domain. */
size_t email_normalize(const char *s, size_t n, char *out, size_t *domain_off);

/* Country: ISO 3166-1 alpha-2 in capitals, from alpha-2, alpha-3 or the English short name
 * (case-insensitive). 0 when unknown. */
size_t country_normalize(const char *s, size_t n, char *out);

/* Phone: the digits of the number with its country calling code and no trunk prefix (E.164
 * without '+'). "+81 90-1234-5678", "0081 90 1234 5678" and "090-1234-5678" with country JP
 * all give "819012345678". A national number with an unknown country keeps its digits as typed.
 * 0 when fewer than 6 or more than 15 digits remain. `country` is an alpha-2 code or NULL. */
size_t phone_normalize(const char *s, size_t n, const char *country, char *out);

/* IP address: canonical text of an IPv4 or IPv6 address (IPv4-mapped IPv6 becomes IPv4) and
 * its /24 (IPv4) or /48 (IPv6) prefix as "a.b.c.0/24" / "x:y:z::/48". Returns 4 or 6, or 0
 * when s is not an address (out and prefix then empty). */
int ip_normalize(const char *s, size_t n, char *out, char *prefix);

/* Timestamp: ISO 8601 date (YYYY-MM-DD, UTC midnight), date-time with 'T' or a space, optional
 * fractional seconds, and 'Z' or a +hh:mm / +hhmm / +hh offset (none = UTC), Unix seconds (an
 * optionally signed integer), and every layout of timestamp_parse_any that reads one way only
 * (five unsigned digits from 32874 to 73050 are a spreadsheet's serial day, not seconds).
 * *t receives UTC seconds. Returns 0 on success, -1 otherwise. */
int timestamp_parse(const char *s, size_t n, int64_t *t);

/* What a slash date says about its file's order of day and month (timestamp_parse_any). */
enum { TS_ORDER_NONE, TS_DAY_FIRST, TS_MONTH_FIRST, TS_AMBIGUOUS };

/* timestamp_parse, and also the layouts of spreadsheets and billing exports: Y/M/D and Y.M.D;
 * D.M.Y; D/M/Y or M/D/Y (also with '-'); day, English month name (or its first three letters)
 * and year in either order ("05-Jan-2023", "Jan 5, 2023"); each with a time of day after a
 * space, 'T' or ", " (one- or two-digit hours, seconds optional, AM/PM, Z or an offset); and a
 * spreadsheet's serial day number (days since 1899-12-30, 32874 to 73050: 1990 to 2099, with a
 * fraction of a day). *order tells whether a slash date could only be read day first (TS_DAY_FIRST)
 * or month first (TS_MONTH_FIRST), or both (TS_AMBIGUOUS: *t is the day-first reading and *alt the
 * month-first one; the caller decides per file); else TS_ORDER_NONE. timestamp_parse fails on
 * TS_AMBIGUOUS. */
int timestamp_parse_any(const char *s, size_t n, int64_t *t, int64_t *alt, int *order);

/* Date of birth as "YYYYMMDD" from YYYY-MM-DD, YYYY/MM/DD, YYYYMMDD, DD.MM.YYYY, or
 * DD/MM/YYYY and MM/DD/YYYY (read day-first unless only month-first is a valid date), or with
 * a month's English name (as timestamp_parse_any reads it: "4 Jul 1985", "Jul 4, 1985").
 * 0 when no valid calendar date between 1800 and 2200 is found. */
size_t date_normalize(const char *s, size_t n, char *out);

/* Days since 1970-01-01 of a proleptic Gregorian date; used by the parsers above. */
int64_t days_from_civil(int64_t y, unsigned m, unsigned d);
/* Its inverse: the date of day z since 1970-01-01 (for every z whose year fits an int). */
void civil_from_days(int64_t z, int *y, int *m, int *d);

typedef enum payment_type {
    PAY_UNKNOWN = 0,
    PAY_CARD,
    PAY_PAYPAL,
    PAY_CRYPTO,
    PAY_BANK,
    PAY_PREPAID,
    PAY_OTHER,
    PAY_COUNT
} payment_type;

typedef enum ip_kind {
    IPK_UNKNOWN = 0,
    IPK_RESIDENTIAL,
    IPK_MOBILE,
    IPK_BUSINESS,
    IPK_HOSTING,
    IPK_VPN,
    IPK_TOR,
    IPK_PROXY,
    IPK_COUNT
} ip_kind;

/* A label: 1 for 1/true/yes/y/fraud/abuse, 0 for 0/false/no/n/benign (case-insensitive,
 * trimmed), -1 for empty; *ok = 0 (and -1) for anything else. */
int label_parse(const char *s, size_t n, int *ok);

/* The canonical names of DESIGN.md plus common synonyms (visa, bitcoin, wire, giftcard, ...). */
payment_type payment_type_parse(const char *s, size_t n);
const char *payment_type_name(payment_type t);
ip_kind ip_kind_parse(const char *s, size_t n);
const char *ip_kind_name(ip_kind k);

#endif
