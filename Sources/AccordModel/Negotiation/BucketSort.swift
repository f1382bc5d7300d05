import AccordNumerics

/// Sorts `(key, id)` pairs by `(key, id & 1, id)` in expected linear time, in place.
///
/// Win-sets, weighted medians and bounded-confidence averages on complete networks
/// need items in key order every step. Their keys are policies or beliefs in [0, 1]
/// (or +infinity for "none"), so a counting pass into `count` equal buckets leaves
/// about one item per bucket, and one insertion pass finishes the order exactly.
/// Keys travel with their ids, so comparisons read memory in order rather than
/// through an index. The buffers are owned by the caller and reused: sorting never
/// allocates once warmed up.
///
/// The `id & 1` term breaks ties so that, at one position, interval openings (even
/// event numbers) come before closings (odd), which keeps touching intervals closed.
struct BucketSort: Sendable {
  private var counts: [Int32] = []
  private var scratchKeys: [Double] = []
  private var scratchIds: [Int32] = []
  private var bucketOf: [Int32] = []

  /// More buckets than items keep collisions, and so insertion moves, rare.
  static let bucketsPerItem = 4

  init(capacity: Int = 0) { reserve(capacity) }

  mutating func reserve(_ n: Int) {
    if scratchIds.count < n {
      scratchKeys = [Double](repeating: 0, count: n)
      scratchIds = [Int32](repeating: 0, count: n)
      bucketOf = [Int32](repeating: 0, count: n)
      counts = [Int32](repeating: 0, count: Self.bucketsPerItem * n + 2)
    }
  }

  @inline(__always)
  static func less(_ ka: Double, _ a: Int32, _ kb: Double, _ b: Int32) -> Bool {
    if ka != kb { return ka < kb }
    if (a & 1) != (b & 1) { return (a & 1) < (b & 1) }
    return a < b
  }

  /// Sorts `keys[0..<count]`, permuting `ids[0..<count]` alongside.
  mutating func sort(
    keys: UnsafeMutablePointer<Double>, ids: UnsafeMutablePointer<Int32>, count: Int
  ) {
    var low = Double.infinity
    var high = -Double.infinity
    for k in 0..<count where keys[k].isFinite {
      low = min(low, keys[k])
      high = max(high, keys[k])
    }
    sort(keys: keys, ids: ids, count: count, low: low, high: high)
  }

  /// Sorts as above, given the smallest and largest finite keys.
  ///
  /// Buckets span the finite keys' actual range, since policies and beliefs often
  /// crowd into part of [0, 1]; infinite and NaN keys go to one last bucket.
  mutating func sort(
    keys: UnsafeMutablePointer<Double>, ids: UnsafeMutablePointer<Int32>, count: Int,
    low: Double, high: Double
  ) {
    if count < 2 { return }
    reserve(count)
    let buckets = Self.bucketsPerItem * count
    let scale = high > low ? Double(buckets) / (high - low) : 0
    counts.withUnsafeMutableBufferPointer { countsBuffer in
      scratchKeys.withUnsafeMutableBufferPointer { keyBuffer in
        scratchIds.withUnsafeMutableBufferPointer { idBuffer in
          bucketOf.withUnsafeMutableBufferPointer { bucketBuffer in
            let counts = countsBuffer.base
            let sk = keyBuffer.base
            let si = idBuffer.base
            let bucketOf = bucketBuffer.base
            counts.update(repeating: 0, count: buckets + 2)
            for k in 0..<count {
              let x = keys[k]
              let b = x <= high ? min(buckets - 1, Int((x - low) * scale)) : buckets
              bucketOf[k] = Int32(b)
              counts[b + 1] &+= 1
            }
            // Counts never exceed `count`: wrapping adds skip the overflow checks.
            for b in 0...buckets { counts[b + 1] &+= counts[b] }
            for k in 0..<count {
              let b = Int(bucketOf[k])
              let slot = Int(counts[b])
              sk[slot] = keys[k]
              si[slot] = ids[k]
              counts[b] &+= 1
            }
            for k in 0..<count {
              let key = sk[k]
              let id = si[k]
              var j = k
              while j > 0 && Self.less(key, id, keys[j - 1], ids[j - 1]) {
                keys[j] = keys[j - 1]
                ids[j] = ids[j - 1]
                j -= 1
              }
              keys[j] = key
              ids[j] = id
            }
          }
        }
      }
    }
  }
}
