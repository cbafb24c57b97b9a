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
