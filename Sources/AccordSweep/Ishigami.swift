import Foundation

/// The Ishigami function `sin x1 + 7 sin^2 x2 + 0.1 x3^4 sin x1` on [-pi, pi]^3, whose
/// Sobol indices are known: S1 = 0.3139, S2 = 0.4424, S3 = 0; ST1 = 0.5576,
/// ST2 = 0.4424, ST3 = 0.2437; second order S13 = 8 b^2 pi^8 / 225 / V = 0.2437 (b = 0.1,
/// V = 13.8446), S12 = S23 = 0.
package enum Ishigami {
  package static func value(_ x: [Double]) -> Double {
    sin(x[0]) + 7 * pow(sin(x[1]), 2) + 0.1 * pow(x[2], 4) * sin(x[0])
  }

  package static let firstOrder = [0.3139, 0.4424, 0.0]
  package static let totalOrder = [0.5576, 0.4424, 0.2437]
  /// S12, S13, S23, in ``SobolIndices/pairs(_:)`` order.
  package static let secondOrder = [0.0, 0.2437, 0.0]
}
