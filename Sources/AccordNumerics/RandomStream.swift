// Public only for the inlinable draws below, which call the C shim from client code; the
// other files import GSL internally, and no C type is part of the public API.
public import CGSL

/// A seeded stream of random numbers that owns one GSL generator.
///
/// Each run, and each worker, owns its own stream, so no generator is ever shared
/// between threads. The type is non-copyable: copying would silently duplicate the
/// generator's state and correlate two "independent" streams.
///
/// Seeds are 32-bit. GSL treats a seed of zero as "use the default seed" (4357 for
/// mt19937), which would make seeds 0 and 4357 give the same stream; accord passes
/// `seed + 1` to GSL, so every 32-bit seed maps to a distinct, non-zero GSL seed.
public struct RandomStream: ~Copyable {
  @usableFromInline let rng: UnsafeMutablePointer<gsl_rng>

  /// The algorithm used when none is named.
  public static let defaultAlgorithm = "mt19937"

  /// Every generator algorithm GSL provides, by name.
  public static var algorithms: [String] {
    var names: [String] = []
    var i = 0
    while let name = accord_rng_type_name_at(i) {
      names.append(String(cString: name))
      i += 1
    }
    return names
  }

  /// Creates a stream with the given seed.
  ///
  /// - Throws: ``RandomStreamError/unknownAlgorithm(_:)`` when GSL has no generator of that name.
  public init(seed: UInt32, algorithm: String = RandomStream.defaultAlgorithm)
    throws(RandomStreamError)
  {
    GSL.prepare()
    guard let type = accord_rng_type_named(algorithm) else {
      throw .unknownAlgorithm(algorithm)
    }
    guard let rng = gsl_rng_alloc(type) else { throw .allocationFailed }
    gsl_rng_set(rng, UInt(seed) + 1)
    self.rng = rng
  }

  deinit { gsl_rng_free(rng) }

  /// The generator's algorithm name.
  public var algorithm: String { String(cString: gsl_rng_name(rng)) }

  /// A uniform double in [0, 1).
  ///
  /// Inlinable: the step loop draws one per agent per round of evidence.
  @inlinable @inline(__always)
  public func uniform() -> Double { accord_rng_uniform(rng) }

  /// A uniform integer in `0..<n`; `n` must be in 1...UInt32.max.
  @inline(__always)
  public func uniformInt(_ n: Int) -> Int {
    precondition(n > 0 && n <= Int(UInt32.max), "uniformInt range out of bounds")
    return Int(gsl_rng_uniform_int(rng, UInt(n)))
  }

  /// A Binomial(`trials`, `p`) draw.
  @inline(__always)
  public func binomial(p: Double, trials: Int) -> Int {
    Int(gsl_ran_binomial(rng, p, UInt32(clamping: trials)))
  }

  /// A Beta(`a`, `b`) draw.
  public func beta(a: Double, b: Double) -> Double { gsl_ran_beta(rng, a, b) }

  /// A Normal(`mean`, `sd`) draw.
  public func gaussian(mean: Double = 0, sd: Double) -> Double {
    mean + gsl_ran_gaussian_ziggurat(rng, sd)
  }

  /// A uniform draw in [`low`, `high`).
  public func uniform(low: Double, high: Double) -> Double {
    gsl_ran_flat(rng, low, high)
  }

  /// Shuffles the buffer in place (GSL's Fisher-Yates).
  public func shuffle<T>(_ buffer: UnsafeMutableBufferPointer<T>) {
    guard let base = buffer.baseAddress, buffer.count > 1 else { return }
    gsl_ran_shuffle(rng, UnsafeMutableRawPointer(base), buffer.count, MemoryLayout<T>.stride)
  }

  /// Shuffles an array in place.
  public func shuffle<T>(_ array: inout [T]) {
    array.withUnsafeMutableBufferPointer { shuffle($0) }
  }

  /// Two distinct indices in `0..<n`, uniformly among ordered pairs; `n >= 2`.
  @inline(__always)
  public func pair(_ n: Int) -> (Int, Int) {
    let i = uniformInt(n)
    var j = uniformInt(n - 1)
    if j >= i { j += 1 }
    return (i, j)
  }
}

/// Why a ``RandomStream`` could not be created.
public enum RandomStreamError: Error, CustomStringConvertible, Equatable, Sendable {
  case unknownAlgorithm(String)
  case allocationFailed

  /// What went wrong, in one line.
  public var description: String {
    switch self {
    case .unknownAlgorithm(let name):
      "unknown random generator '\(name)'; GSL provides: "
        + RandomStream.algorithms.joined(separator: ", ")
    case .allocationFailed: "GSL could not allocate a random generator"
    }
  }
}
