import CGSL

/// GSL's Nelder-Mead simplex minimiser (`nmsimplex2`) for functions of several variables.
///
/// Used for Nash bargaining over several issues, where the product of gains has no
/// closed form. Owns its GSL workspace; each worker keeps its own.
package struct NelderMeadMinimizer: ~Copyable {
  private let state: UnsafeMutablePointer<gsl_multimin_fminimizer>
  private let x: UnsafeMutablePointer<gsl_vector>
  private let steps: UnsafeMutablePointer<gsl_vector>
  /// The number of variables.
  package let dimension: Int

  package init(dimension: Int) {
    precondition(dimension >= 1, "Nelder-Mead needs at least one variable")
    GSL.prepare()
    guard let state = gsl_multimin_fminimizer_alloc(accord_multimin_nmsimplex2(), dimension),
      let x = gsl_vector_alloc(dimension), let steps = gsl_vector_alloc(dimension)
    else { fatalError("GSL could not allocate a Nelder-Mead workspace") }
    self.state = state
    self.x = x
    self.steps = steps
    self.dimension = dimension
  }

  deinit {
    gsl_multimin_fminimizer_free(state)
    gsl_vector_free(x)
    gsl_vector_free(steps)
  }

  /// The minimiser of `f` near `start`, with initial simplex step `step`.
  ///
  /// The iteration stops when the simplex size falls below `tolerance`.
  package func minimize(
    start: [Double], step: Double = 0.1, tolerance: Double = 1e-10,
    maxIterations: Int = 5_000,
    _ f: (UnsafeBufferPointer<Double>) -> Double
  ) throws(GSLError) -> (x: [Double], value: Double) {
    precondition(start.count == dimension, "start point has the wrong dimension")
    var point = [Double](repeating: 0, count: dimension)
    let value = try start.withUnsafeBufferPointer { start throws(GSLError) in
      try point.withUnsafeMutableBufferPointer { point throws(GSLError) in
        try minimize(
          start: start, into: point, step: step, tolerance: tolerance,
          maxIterations: maxIterations, f)
      }
    }
    return (point, value)
  }

  /// The same minimisation in caller-owned memory: the minimiser is written to `point`
  /// and the minimum returned, so that a caller in a step loop allocates nothing.
  package func minimize(
    start: UnsafeBufferPointer<Double>, into point: UnsafeMutableBufferPointer<Double>,
    step: Double = 0.1, tolerance: Double = 1e-10, maxIterations: Int = 5_000,
    _ f: (UnsafeBufferPointer<Double>) -> Double
  ) throws(GSLError) -> Double {
    precondition(
      start.count == dimension && point.count == dimension, "points have the wrong dimension")
    typealias Objective = (UnsafeBufferPointer<Double>) -> Double
    for i in 0..<dimension {
      gsl_vector_set(x, i, start[i])
      gsl_vector_set(steps, i, step)
    }
    var value = Double.nan
    var failure: GSLError? = GSLError(
      code: Int32(GSL_EFAILED), function: "NelderMeadMinimizer.minimize")
    withoutActuallyEscaping(f) { escaping in
      var box: Objective = escaping
      withUnsafeMutablePointer(to: &box) { pointer in
        var function = gsl_multimin_function(
          f: { v, params in
            guard let v = v?.pointee, let params else {
              preconditionFailure("GSL passes x and params")
            }
            let objective = params.assumingMemoryBound(to: Objective.self).pointee
            if v.stride == 1 {
              return objective(UnsafeBufferPointer(start: v.data, count: v.size))
            }
            // GSL's simplex passes contiguous vectors; a strided one is copied.
            var copy = [Double](repeating: 0, count: v.size)
            for i in 0..<v.size { copy[i] = v.data[i * v.stride] }
            return copy.withUnsafeBufferPointer(objective)
          },
          n: dimension, params: UnsafeMutableRawPointer(pointer))
        do throws(GSLError) {
          try GSL.check(
            gsl_multimin_fminimizer_set(state, &function, x, steps), "gsl_multimin_fminimizer_set")
          for _ in 0..<maxIterations {
            try GSL.check(gsl_multimin_fminimizer_iterate(state), "gsl_multimin_fminimizer_iterate")
            let size = gsl_multimin_fminimizer_size(state)
            if gsl_multimin_test_size(size, tolerance) == Int32(GSL_SUCCESS) {
              guard let best = gsl_multimin_fminimizer_x(state) else {
                throw GSLError(code: Int32(GSL_EFAILED), function: "gsl_multimin_fminimizer_x")
              }
              for i in 0..<dimension { point[i] = gsl_vector_get(best, i) }
              value = gsl_multimin_fminimizer_minimum(state)
              failure = nil
              return
            }
          }
          throw GSLError(code: Int32(GSL_EMAXITER), function: "NelderMeadMinimizer.minimize")
        } catch {
          failure = error
        }
      }
    }
    if let failure { throw failure }
    return value
  }
}
