import CGSL

/// The stationary distribution of a row-stochastic matrix, from GSL's eigen-solver.
///
/// For DeGroot learning `x(t+1) = W x(t)` on a strongly connected, aperiodic network,
/// beliefs converge to the consensus `pi . x(0)`, where `pi` is the left eigenvector of
/// `W` for eigenvalue 1, normalised to sum to one.
package enum StationaryDistribution {
  /// The left eigenvector of `matrix` (rows sum to one) for eigenvalue 1, summing to 1.
  ///
  /// - Throws: ``GSLError`` when the eigen-solver fails or no eigenvalue is 1.
  package static func of(_ matrix: [[Double]]) throws(GSLError) -> [Double] {
    GSL.prepare()
    let n = matrix.count
    precondition(n > 0 && matrix.allSatisfy { $0.count == n }, "matrix must be square")
    guard let a = gsl_matrix_alloc(n, n), let values = gsl_vector_complex_alloc(n),
      let vectors = gsl_matrix_complex_alloc(n, n), let work = gsl_eigen_nonsymmv_alloc(n)
    else { preconditionFailure("GSL could not allocate a \(n) x \(n) eigenproblem") }
    defer {
      gsl_matrix_free(a)
      gsl_vector_complex_free(values)
      gsl_matrix_complex_free(vectors)
      gsl_eigen_nonsymmv_free(work)
    }
    // Left eigenvectors of W are right eigenvectors of its transpose.
    for i in 0..<n { for j in 0..<n { gsl_matrix_set(a, j, i, matrix[i][j]) } }
    try GSL.check(gsl_eigen_nonsymmv(a, values, vectors, work), "gsl_eigen_nonsymmv")
    var best = 0
    var bestDistance = Double.infinity
    for k in 0..<n {
      let z = gsl_vector_complex_get(values, k)
      let distance = abs(z.dat.0 - 1) + abs(z.dat.1)
      if distance < bestDistance {
        best = k
        bestDistance = distance
      }
    }
    guard bestDistance < 1e-8 else {
      throw GSLError(code: Int32(GSL_EDOM), function: "StationaryDistribution.of")
    }
    var pi = (0..<n).map { gsl_matrix_complex_get(vectors, $0, best).dat.0 }
    let total = pi.reduce(0, +)
    guard total != 0 else {
      throw GSLError(code: Int32(GSL_EDOM), function: "StationaryDistribution.of")
    }
    for i in 0..<n { pi[i] /= total }
    return pi
  }
}
