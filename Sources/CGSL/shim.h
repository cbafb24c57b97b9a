#ifndef DACSIM_CGSL_SHIM_H
#define DACSIM_CGSL_SHIM_H

#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_qrng.h>
#include <string.h>

/* Swift 6 rejects GSL's mutable global generator-type pointers, so they are read here. */
static inline const gsl_rng_type *dacsim_gsl_rng_mt19937(void) { return gsl_rng_mt19937; }
static inline const gsl_qrng_type *dacsim_gsl_qrng_sobol(void) { return gsl_qrng_sobol; }

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
