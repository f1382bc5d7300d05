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

  /// An objective the step loop can hand to GSL without a closure: called with the
  /// caller's `context`, the point and its dimension.
  ///
  /// A Swift closure passed to GSL as a C callback must be made escaping, which costs a
  /// heap allocation per call; a C function pointer and a context pointer cost none.
  package typealias Objective =
    @convention(c) (UnsafeMutableRawPointer?, UnsafePointer<Double>?, Int) -> Double

  /// The minimiser of `f` near `start`, with initial simplex step `step`.
  ///
  /// The iteration stops when the simplex size falls below `tolerance`.
  package func minimize(
    start: [Double], step: Double = 0.1, tolerance: Double = 1e-10,
    maxIterations: Int = 5_000,
    _ f: (UnsafeBufferPointer<Double>) -> Double
  ) throws(GSLError) -> (x: [Double], value: Double) {
    precondition(start.count == dimension, "start point has the wrong dimension")
    typealias Closure = (UnsafeBufferPointer<Double>) -> Double
    var point = [Double](repeating: 0, count: dimension)
    var value = Double.nan
    var failure: GSLError?
    withoutActuallyEscaping(f) { escaping in
      var box: Closure = escaping
      start.withUnsafeBufferPointer { start in
        point.withUnsafeMutableBufferPointer { point in
          do throws(GSLError) {
            value = try minimize(
              start: start, into: point, step: step, tolerance: tolerance,
              maxIterations: maxIterations, context: &box
            ) { context, x, n in
              guard let context else { preconditionFailure("the closure is the context") }
              let f = context.assumingMemoryBound(to: Closure.self).pointee
              return f(UnsafeBufferPointer(start: x, count: n))
            }
          } catch {
            failure = error
          }
        }
      }
    }
    if let failure { throw failure }
    return (point, value)
  }

  /// The same minimisation in caller-owned memory and without a closure: the minimiser
  /// is written to `point` and the minimum returned, so that a caller in a step loop
  /// allocates nothing.
  package func minimize(
    start: UnsafeBufferPointer<Double>, into point: UnsafeMutableBufferPointer<Double>,
    step: Double = 0.1, tolerance: Double = 1e-10, maxIterations: Int = 5_000,
    context: UnsafeMutableRawPointer, objective: Objective
  ) throws(GSLError) -> Double {
    precondition(
      start.count == dimension && point.count == dimension, "points have the wrong dimension")
    for i in 0..<dimension {
      gsl_vector_set(x, i, start[i])
      gsl_vector_set(steps, i, step)
    }
    /// What GSL's `params` points to: the caller's objective and context.
    struct Thunk {
      var objective: Objective
      var context: UnsafeMutableRawPointer
      var dimension: Int
    }
    var thunk = Thunk(objective: objective, context: context, dimension: dimension)
    return try withUnsafeMutablePointer(to: &thunk) { thunk throws(GSLError) in
      var function = gsl_multimin_function(
        f: { v, params in
          guard let v = v?.pointee, let params else {
            preconditionFailure("GSL passes x and params")
          }
          let thunk = params.assumingMemoryBound(to: Thunk.self).pointee
          if v.stride == 1 {
            return thunk.objective(thunk.context, v.data, v.size)
          }
          // GSL's simplex passes contiguous vectors; a strided one would be copied.
          var copy = [Double](repeating: 0, count: v.size)
          for i in 0..<v.size { copy[i] = v.data[i * v.stride] }
          return copy.withUnsafeBufferPointer {
            thunk.objective(thunk.context, $0.baseAddress, v.size)
          }
        },
        n: dimension, params: UnsafeMutableRawPointer(thunk))
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
          return gsl_multimin_fminimizer_minimum(state)
        }
      }
      throw GSLError(code: Int32(GSL_EMAXITER), function: "NelderMeadMinimizer.minimize")
    }
  }
}
