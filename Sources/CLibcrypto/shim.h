#ifndef DACSIM_CLIBCRYPTO_SHIM_H
#define DACSIM_CLIBCRYPTO_SHIM_H

/* SHA-256 from OpenSSL's libcrypto (Debian's libssl-dev), through its stable EVP interface:
   the hashes of the scenario files behind every result (manifests, baselines, sweep plans). */
#include <openssl/evp.h>
#include <stddef.h>

/* Writes the 32-byte SHA-256 of `count` bytes at `bytes` to `digest`; returns 1 on success. */
static inline int dacsim_sha256(const void *bytes, size_t count, unsigned char *digest) {
    unsigned int length = 0;
    return EVP_Digest(bytes, count, digest, &length, EVP_sha256(), NULL) == 1 && length == 32;
}

#endif
