import CGSL

/// GSL's Brent minimiser for functions of one variable.
///
/// Owns one `gsl_min_fminimizer`; each worker keeps its own. The bracket must
/// enclose a minimum: `f(guess)` below both `f(lower)` and `f(upper)`.
///
/// A smooth minimum can only be located to about the square root of machine
/// precision, because function values there differ by less than rounding. The
/// iteration stops when the bracket is narrower than `tolerance + 6e-8 |x|`.
package struct BrentMinimizer: ~Copyable {
  private let state: UnsafeMutablePointer<gsl_min_fminimizer>

  package init() {
    GSL.prepare()
    guard let state = gsl_min_fminimizer_alloc(accord_min_brent()) else {
      fatalError("GSL could not allocate a Brent minimiser")
    }
    self.state = state
  }

  deinit { gsl_min_fminimizer_free(state) }

  /// The minimiser of `f` in [`lower`, `upper`], starting from `guess`.
  ///
  /// - Throws: ``GSLError`` when the bracket does not enclose a minimum or the
  ///   iteration limit is reached.
  package func minimize(
    lower: Double, upper: Double, guess: Double,
    tolerance: Double = 1e-9, maxIterations: Int = 200,
    _ f: (Double) -> Double
  ) throws(GSLError) -> (x: Double, value: Double) {
    var result: Result<(x: Double, value: Double), GSLError> = .failure(
      GSLError(code: Int32(GSL_EFAILED), function: "BrentMinimizer.minimize"))
    withoutActuallyEscaping(f) { escaping in
      var box = escaping
      withUnsafeMutablePointer(to: &box) { pointer in
        var function = gsl_function(
          function: { x, params in
            guard let params else { preconditionFailure("GSL passes params") }
            return params.assumingMemoryBound(to: ((Double) -> Double).self).pointee(x)
          },
          params: UnsafeMutableRawPointer(pointer))
        result = Result { () throws(GSLError) in
          try GSL.check(
            gsl_min_fminimizer_set(state, &function, guess, lower, upper),
            "gsl_min_fminimizer_set")
          for _ in 0..<maxIterations {
            try GSL.check(gsl_min_fminimizer_iterate(state), "gsl_min_fminimizer_iterate")
            let lo = gsl_min_fminimizer_x_lower(state)
            let hi = gsl_min_fminimizer_x_upper(state)
            // GSL's Brent steps by at least sqrt(eps)|x|: allow a relative 4 sqrt(eps).
            if gsl_min_test_interval(lo, hi, tolerance, 6e-8) == Int32(GSL_SUCCESS) {
              return (gsl_min_fminimizer_x_minimum(state), gsl_min_fminimizer_f_minimum(state))
            }
          }
          throw GSLError(code: Int32(GSL_EMAXITER), function: "BrentMinimizer.minimize")
        }
      }
    }
    return try result.get()
  }
}
