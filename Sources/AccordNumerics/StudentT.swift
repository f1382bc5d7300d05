import CGSL

/// Student's t distribution, for confidence intervals over replicates.
package enum StudentT {
  /// The `p`-quantile with `dof` degrees of freedom (GSL's inverse CDF).
  package static func quantile(_ p: Double, dof: Double) -> Double {
    GSL.prepare()
    return gsl_cdf_tdist_Pinv(p, dof)
  }

  /// `P(T > t)` with `dof` degrees of freedom (GSL's upper tail), for p-values.
  package static func upperTail(_ t: Double, dof: Double) -> Double {
    GSL.prepare()
    return gsl_cdf_tdist_Q(t, dof)
  }
}
