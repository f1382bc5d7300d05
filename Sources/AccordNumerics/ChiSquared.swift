import CGSL

/// The chi-squared distribution, for goodness-of-fit tests.
package enum ChiSquared {
  /// The `p`-quantile with `dof` degrees of freedom (GSL's inverse CDF).
  package static func quantile(_ p: Double, dof: Double) -> Double {
    GSL.prepare()
    return gsl_cdf_chisq_Pinv(p, dof)
  }
}
