// Private C shim over GSL for accord. Not API: only AccordNumerics imports it.
//
// Swift 6 refuses to read C globals such as `gsl_rng_mt19937`, because it cannot
// prove them concurrency-safe. These `static inline` accessors hand them to Swift.
#ifndef ACCORD_CGSL_SHIM_H
#define ACCORD_CGSL_SHIM_H

#include <string.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_eigen.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_min.h>
#include <gsl/gsl_multimin.h>
#include <gsl/gsl_qrng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sf_psi.h>
#include <gsl/gsl_vector.h>
#include <gsl/gsl_version.h>

static inline const gsl_rng_type *accord_rng_mt19937(void) { return gsl_rng_mt19937; }

/// The generator type called `name`, or NULL when GSL has none of that name.
static inline const gsl_rng_type *accord_rng_type_named(const char *name) {
  const gsl_rng_type **t = gsl_rng_types_setup();
  for (; *t != NULL; t++) {
    if (strcmp((*t)->name, name) == 0) return *t;
  }
  return NULL;
}

/// The name of the i-th generator type GSL knows, or NULL past the end.
static inline const char *accord_rng_type_name_at(size_t i) {
  const gsl_rng_type **t = gsl_rng_types_setup();
  for (size_t k = 0; t[k] != NULL; k++) {
    if (k == i) return t[k]->name;
  }
  return NULL;
}

static inline const gsl_qrng_type *accord_qrng_sobol(void) { return gsl_qrng_sobol; }
static inline const gsl_min_fminimizer_type *accord_min_brent(void) {
  return gsl_min_fminimizer_brent;
}
static inline const gsl_multimin_fminimizer_type *accord_multimin_nmsimplex2(void) {
  return gsl_multimin_fminimizer_nmsimplex2;
}
/// One uniform draw in [0, 1) with a single indirect call (gsl_rng_uniform makes two
/// when GSL is not built with HAVE_INLINE).
static inline double accord_rng_uniform(const gsl_rng *r) {
  return (r->type->get_double)(r->state);
}

static inline const char *accord_gsl_version(void) { return GSL_VERSION; }
static inline void accord_gsl_error_handler_off(void) { gsl_set_error_handler_off(); }

#endif
