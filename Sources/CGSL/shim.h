#ifndef DACSIM_CGSL_SHIM_H
#define DACSIM_CGSL_SHIM_H

#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_qrng.h>
#include <stdint.h>
#include <string.h>

/* Swift 6 rejects GSL's mutable global generator-type pointers, so they are read here. */
static inline const gsl_rng_type *dacsim_gsl_rng_mt19937(void) { return gsl_rng_mt19937; }
static inline const gsl_qrng_type *dacsim_gsl_qrng_sobol(void) { return gsl_qrng_sobol; }

/* GSL's MT19937 state (mt.c): 624 words, of which the low 32 bits are used, and the index of
   the next word to temper. GSL seeds it from 32 bits only; dacsim fills all 624 words itself. */
typedef struct { unsigned long mt[624]; int mti; } dacsim_mt19937_state_t;

/* Sets the whole state of an MT19937 generator from 624 words; the next draw regenerates the
   block. Returns 0 (and changes nothing) when `r` does not hold an MT19937 state of this layout. */
static inline int dacsim_mt19937_set_state(gsl_rng *r, const uint32_t *words) {
    if (r->type != gsl_rng_mt19937 || gsl_rng_size(r) != sizeof(dacsim_mt19937_state_t)) return 0;
    dacsim_mt19937_state_t *state = (dacsim_mt19937_state_t *)gsl_rng_state(r);
    for (int i = 0; i < 624; i++) state->mt[i] = words[i];
    state->mti = 624;
    return 1;
}

/* MT19937's next block of 624 words (Matsumoto and Nishimura's recurrence, as GSL's mt.c
   computes it on the same state). */
static void dacsim_mt19937_refill(dacsim_mt19937_state_t *state) {
    unsigned long *mt = state->mt;
    int k;
    for (k = 0; k < 624 - 397; k++) {
        unsigned long y = (mt[k] & 0x80000000UL) | (mt[k + 1] & 0x7fffffffUL);
        mt[k] = mt[k + 397] ^ (y >> 1) ^ ((y & 1) ? 0x9908b0dfUL : 0);
    }
    for (; k < 623; k++) {
        unsigned long y = (mt[k] & 0x80000000UL) | (mt[k + 1] & 0x7fffffffUL);
        mt[k] = mt[k + 397 - 624] ^ (y >> 1) ^ ((y & 1) ? 0x9908b0dfUL : 0);
    }
    unsigned long y = (mt[623] & 0x80000000UL) | (mt[0] & 0x7fffffffUL);
    mt[623] = mt[396] ^ (y >> 1) ^ ((y & 1) ? 0x9908b0dfUL : 0);
    state->mti = 0;
}

/* The draw gsl_rng_uniform_pos gives for an MT19937 generator (the next word tempered, over
   2^32, zeros skipped), on the same state, so that it and GSL's own samplers share one
   sequence. Inlined into Swift, where gsl_rng_uniform_pos reaches the generator through two
   calls, one of them through a pointer. */
static inline double dacsim_mt19937_uniform_pos(dacsim_mt19937_state_t *state) {
    for (;;) {
        if (state->mti >= 624) dacsim_mt19937_refill(state);
        unsigned long k = state->mt[state->mti++];
        k ^= (k >> 11);
        k ^= (k << 7) & 0x9d2c5680UL;
        k ^= (k << 15) & 0xefc60000UL;
        k ^= (k >> 18);
        /* k < 2^32 (the words are 32-bit values): as a uint32_t it converts in one instruction,
           where an unsigned long takes four, to the same double. */
        double x = (uint32_t)k / 4294967296.0;
        if (x != 0) return x;
    }
}

/* Asks the processor to bring the memory at `address` into its caches, without waiting for it. */
static inline void dacsim_prefetch(const void *address) { __builtin_prefetch(address); }

/* GSL's default handler aborts the process. This one records the last error per thread
   so that Swift can turn it into a thrown error. */
typedef struct { int code; char reason[256]; } dacsim_gsl_error_t;

/* Function-local, since Swift's importer emits no storage for a header's static variables. */
static inline dacsim_gsl_error_t *dacsim_gsl_last_error(void) {
    static _Thread_local dacsim_gsl_error_t last;
    return &last;
}

static void dacsim_gsl_record_error(const char *reason, const char *file, int line, int gsl_errno) {
    (void)file; (void)line;
    dacsim_gsl_error_t *last = dacsim_gsl_last_error();
    last->code = gsl_errno;
    strncpy(last->reason, reason ? reason : "", sizeof last->reason - 1);
    last->reason[sizeof last->reason - 1] = '\0';
}

static inline void dacsim_gsl_install_error_handler(void) {
    gsl_set_error_handler(&dacsim_gsl_record_error);
}

/* Returns the last recorded error code (0 when none) and clears it; the reason is copied to buf. */
static inline int dacsim_gsl_take_error(char *buf, size_t size) {
    dacsim_gsl_error_t *last = dacsim_gsl_last_error();
    int code = last->code;
    if (code != 0 && buf && size > 0) {
        strncpy(buf, last->reason, size - 1);
        buf[size - 1] = '\0';
    }
    last->code = 0;
    return code;
}

#endif
