/* pseudo.c: see pseudo.h. HMAC comes from OpenSSL's libcrypto (one call, no state kept). */
#include "util/pseudo.h"

#include <errno.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <stdio.h>
#include <string.h>

lh_status pseudo_load(pseudonymizer *p, const char *keyfile, lh_error *err)
{
    FILE *f = fopen(keyfile, "rb");
    if (f == NULL)
        return LH_FAIL(err, LH_ENOINPUT, "cannot open key file %s: %s", keyfile, strerror(errno));
    unsigned char extra;
    p->key_len = fread(p->key, 1, sizeof p->key, f);
    int more = fread(&extra, 1, 1, f) == 1, bad = ferror(f);
    fclose(f);
    if (bad)
        return LH_FAIL(err, LH_ENOINPUT, "cannot read key file %s", keyfile);
    if (more || p->key_len < PSEUDO_KEY_MIN)
        return LH_FAIL(err, LH_EUSAGE, "key file %s must hold %d to %d bytes", keyfile,
                       PSEUDO_KEY_MIN, PSEUDO_KEY_MAX);
    return LH_OK;
}

const char *pseudo_value(const pseudonymizer *p, const char *field, const char *value, char *buf)
{
    if (p == NULL || value == NULL || value[0] == '\0')
        return value ? value : "";
    unsigned char msg[1024], mac[EVP_MAX_MD_SIZE];
    size_t fl = strlen(field), vl = strlen(value);
    if (fl + 1 + vl > sizeof msg)
        vl = sizeof msg - fl - 1; /* keys are at most NORM_KEY_MAX bytes: never cut in practice */
    memcpy(msg, field, fl);
    msg[fl] = 0;
    memcpy(msg + fl + 1, value, vl);
    unsigned int ml = 0;
    HMAC(EVP_sha256(), p->key, (int)p->key_len, msg, fl + 1 + vl, mac, &ml);
    buf[0] = 'p';
    buf[1] = '_';
    for (int i = 0; i < 8; i++)
        snprintf(buf + 2 + 2 * i, 3, "%02x", mac[i]);
    return buf;
}
