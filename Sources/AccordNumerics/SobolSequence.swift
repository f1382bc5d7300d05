import CGSL

/// GSL's Sobol low-discrepancy sequence in [0, 1)^d, for space-filling sweep designs.
package struct SobolSequence: ~Copyable {
  private let state: OpaquePointer
  /// The number of coordinates per point.
  package let dimension: Int
  /// The largest dimension GSL's Sobol generator supports.
  package static let maxDimension = 40

  package init(dimension: Int) {
    precondition(
      dimension >= 1 && dimension <= SobolSequence.maxDimension, "Sobol dimension must be in 1...40"
    )
    GSL.prepare()
    guard let state = gsl_qrng_alloc(accord_qrng_sobol(), UInt32(dimension)) else {
      fatalError("GSL could not allocate a Sobol sequence")
    }
    self.state = OpaquePointer(state)
    self.dimension = dimension
  }

  deinit { gsl_qrng_free(UnsafeMutablePointer(state)) }

  /// The next point of the sequence.
  package func next() -> [Double] {
    var point = [Double](repeating: 0, count: dimension)
    point.withUnsafeMutableBufferPointer { buffer in
      _ = gsl_qrng_get(UnsafeMutablePointer(state), buffer.baseAddress)
    }
    return point
  }
}
