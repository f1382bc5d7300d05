/// One of N deterministic shares of a sweep's runs, for running a sweep on several machines.
///
/// Shard `K/N` holds the contiguous run indices `[K·R/N, (K+1)·R/N)` of a sweep of R runs.
/// The shares are disjoint and cover every run exactly once, and contiguous blocks keep a
/// design point's replicates together, so a worker's decoded-config cache stays warm.
package struct Shard: Sendable, Equatable, CustomStringConvertible {
  /// The shard's number, from 0.
  package let index: Int
  /// How many shards the sweep is cut into.
  package let count: Int

  /// The most shards a sweep may be cut into.
  package static let maxCount = 1 << 30

  /// A shard `index` of `count`; nil unless `0 <= index < count <= maxCount`.
  package init?(index: Int, count: Int) {
    guard count >= 1, count <= Self.maxCount, index >= 0, index < count else { return nil }
    self.index = index
    self.count = count
  }

  /// A shard known to be valid.
  private init(valid index: Int, of count: Int) {
    self.index = index
    self.count = count
  }

  /// Parses `K/N`.
  package init?(_ text: String) {
    let parts = text.split(separator: "/", omittingEmptySubsequences: false)
    guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]) else { return nil }
    self.init(index: k, count: n)
  }

  /// The whole sweep as a single shard.
  package static let whole = Shard(valid: 0, of: 1)

  package var description: String { "\(index)/\(count)" }

  /// The run indices this shard holds, of a sweep of `runs` runs.
  package func runs(of runs: Int) -> Range<Int> {
    // The products fit in 64 bits: runs < 2^32 and count <= 2^30.
    let lo = Int((UInt64(index) * UInt64(runs)) / UInt64(count))
    let hi = Int((UInt64(index + 1) * UInt64(runs)) / UInt64(count))
    return lo..<hi
  }
}
