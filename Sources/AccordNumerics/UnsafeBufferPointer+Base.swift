extension UnsafeMutableBufferPointer {
  /// The first element's address, for kernels that index raw pointers.
  ///
  /// The buffers accord hands to its kernels always have storage (arrays and columns
  /// allocated up front), so a missing address is a programming error and traps, as a
  /// force unwrap would; inlined, it costs the same single check.
  @inlinable @inline(__always)
  package var base: UnsafeMutablePointer<Element> {
    guard let address = baseAddress else { preconditionFailure("buffer without storage") }
    return address
  }
}

extension UnsafeBufferPointer {
  /// The first element's address, for kernels that index raw pointers.
  ///
  /// As for the mutable buffer: a buffer without storage is a programming error and traps.
  @inlinable @inline(__always)
  package var base: UnsafePointer<Element> {
    guard let address = baseAddress else { preconditionFailure("buffer without storage") }
    return address
  }
}
