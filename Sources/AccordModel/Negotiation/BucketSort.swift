import AccordNumerics

/// Sorts `(key, id)` pairs by `(key, id & 1, id)` in expected linear time, in place.
///
/// Win-sets, weighted medians and bounded-confidence averages on complete networks
/// need items in key order every step. Their keys are policies or beliefs in [0, 1]
/// (or +infinity for "none"), so a stable counting pass into `4 count` equal buckets
/// leaves about one item per bucket, and one insertion pass finishes the order exactly.
/// Large sorts count in two levels (``coarseShift(buckets:)``) to stay in cache.
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
  /// Two-level sorts only: each item's fine bucket, in input order and then in coarse
  /// order, so that each is computed once.
  private var fineBuckets: [Int32] = []

  /// More buckets than items keep collisions, and so insertion moves, rare.
  static let bucketsPerItem = 4

  init(capacity: Int = 0) { reserve(capacity) }

  mutating func reserve(_ n: Int) {
    if scratchIds.count < n {
      // Bucket numbers are stored as Int32 in two-level sorts; worlds are capped far below.
      precondition(Self.bucketsPerItem * n <= Int(Int32.max), "too many items to sort")
      scratchKeys = [Double](repeating: 0, count: n)
      scratchIds = [Int32](repeating: 0, count: n)
      let buckets = Self.bucketsPerItem * n
      let shift = Self.coarseShift(buckets: buckets)
      // Two levels need two coarse count arrays and one fine one; a smaller sort later
      // may take one level, below the threshold.
      let needed =
        shift == 0
        ? buckets + 2
        : max(Self.twoLevelFrom + 2, 2 * ((buckets >> shift) + 2) + (1 << shift) + 1)
      counts = [Int32](repeating: 0, count: needed)
      fineBuckets = [Int32](repeating: 0, count: shift == 0 ? 0 : 2 * n)
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
    let shift = Self.coarseShift(buckets: buckets)
    counts.withUnsafeMutableBufferPointer { countsBuffer in
      scratchKeys.withUnsafeMutableBufferPointer { keyBuffer in
        scratchIds.withUnsafeMutableBufferPointer { idBuffer in
          fineBuckets.withUnsafeMutableBufferPointer { fineBuffer in
            let buffers = Buffers(
              counts: countsBuffer.base, keys: keyBuffer.base, ids: idBuffer.base,
              fine: fineBuffer.baseAddress)
            let fine = Fine(low: low, high: high, scale: scale, buckets: buckets)
            if shift == 0 {
              Self.distribute(keys, ids, count, fine, buffers)
              Self.insertionPass(from: buffers.keys, buffers.ids, into: keys, ids, count)
            } else {
              Self.distribute(keys, ids, count, fine, shift: shift, buffers)
              Self.insertionPass(from: keys, ids, into: keys, ids, count)
            }
          }
        }
      }
    }
  }

  /// The scratch a sort distributes through.
  private struct Buffers {
    let counts: UnsafeMutablePointer<Int32>
    let keys: UnsafeMutablePointer<Double>
    let ids: UnsafeMutablePointer<Int32>
    /// `2 count` fine buckets, for two-level sorts.
    let fine: UnsafeMutablePointer<Int32>?
  }

  /// A key's fine bucket: one of `buckets` equal parts of `[low, high]`, or `buckets`
  /// itself for infinite and NaN keys.
  private struct Fine {
    let low: Double
    let high: Double
    let scale: Double
    let buckets: Int

    @inline(__always)
    func bucket(_ x: Double) -> Int {
      x <= high ? min(buckets - 1, Int((x - low) * scale)) : buckets
    }
  }

  /// Fine buckets per coarse bucket, as a shift: 0 (one level) below about 2^15
  /// buckets, whose counts stay in a core's cache anyway.
  ///
  /// Above it, counting straight into fine buckets misses the cache on almost every
  /// item (a nation of 100,000 agents has 200,000 events: 3.2 MB of counts). Two stable
  /// passes, first by coarse bucket (2^10 fine buckets each) and then by fine bucket
  /// within each coarse one, keep every count array in cache and give the same order.
  static func coarseShift(buckets: Int) -> Int {
    buckets < twoLevelFrom ? 0 : 10
  }

  /// The bucket count from which sorts take two levels.
  static let twoLevelFrom = 1 << 15

  /// One stable counting pass into fine buckets, from `keys` into scratch.
  private static func distribute(
    _ keys: UnsafeMutablePointer<Double>, _ ids: UnsafeMutablePointer<Int32>, _ count: Int,
    _ fine: Fine, _ b: Buffers
  ) {
    let counts = b.counts
    counts.update(repeating: 0, count: fine.buckets + 2)
    for k in 0..<count { counts[fine.bucket(keys[k]) + 1] &+= 1 }
    // Counts never exceed `count`: wrapping adds skip the overflow checks.
    for bucket in 0...fine.buckets { counts[bucket + 1] &+= counts[bucket] }
    for k in 0..<count {
      let bucket = fine.bucket(keys[k])
      let slot = Int(counts[bucket])
      b.keys[slot] = keys[k]
      b.ids[slot] = ids[k]
      counts[bucket] &+= 1
    }
  }

  /// Two stable counting passes: by coarse bucket into scratch, then by fine bucket
  /// within each coarse bucket back into `keys`.
  private static func distribute(
    _ keys: UnsafeMutablePointer<Double>, _ ids: UnsafeMutablePointer<Int32>, _ count: Int,
    _ fine: Fine, shift: Int, _ b: Buffers
  ) {
    let coarse = (fine.buckets &>> shift) + 1
    let counts = b.counts
    // Checked by `reserve`, which allocates these for every size that takes two levels.
    let bucketOf = b.fine.unsafelyUnwrapped
    let sortedBucket = bucketOf + count
    counts.update(repeating: 0, count: coarse + 1)
    for k in 0..<count {
      let bucket = fine.bucket(keys[k])
      bucketOf[k] = Int32(truncatingIfNeeded: bucket)
      counts[(bucket &>> shift) + 1] &+= 1
    }
    for bucket in 0..<coarse { counts[bucket + 1] &+= counts[bucket] }
    let finePart = counts + coarse + 1
    let width = 1 << shift
    // The coarse starts survive the scatter in a second copy, which the fine passes read.
    finePart.update(from: counts, count: coarse + 1)
    for k in 0..<count {
      let bucket = bucketOf[k]
      let c = Int(bucket &>> Int32(shift))
      let slot = Int(finePart[c])
      b.keys[slot] = keys[k]
      b.ids[slot] = ids[k]
      sortedBucket[slot] = bucket
      finePart[c] &+= 1
    }
    let local = finePart + coarse + 1
    for c in 0..<coarse {
      let start = Int(counts[c])
      let end = Int(counts[c + 1])
      if end - start < 2 {
        if end > start {
          keys[start] = b.keys[start]
          ids[start] = b.ids[start]
        }
        continue
      }
      let first = c << shift
      local.update(repeating: 0, count: width + 1)
      for k in start..<end { local[Int(sortedBucket[k]) - first + 1] &+= 1 }
      for bucket in 0..<width { local[bucket + 1] &+= local[bucket] }
      for k in start..<end {
        let f = Int(sortedBucket[k]) - first
        let slot = start + Int(local[f])
        keys[slot] = b.keys[k]
        ids[slot] = b.ids[k]
        local[f] &+= 1
      }
    }
  }

  /// Finishes the exact order, ties included, by insertion.
  ///
  /// Counting left about one key to a bucket, so few items move. The source may be the
  /// destination itself: item `k` is read before anything is written at or after `k`.
  private static func insertionPass(
    from sourceKeys: UnsafePointer<Double>, _ sourceIds: UnsafePointer<Int32>,
    into keys: UnsafeMutablePointer<Double>, _ ids: UnsafeMutablePointer<Int32>, _ count: Int
  ) {
    for k in 0..<count {
      let key = sourceKeys[k]
      let id = sourceIds[k]
      var j = k
      while j > 0 && less(key, id, keys[j - 1], ids[j - 1]) {
        keys[j] = keys[j - 1]
        ids[j] = ids[j - 1]
        j -= 1
      }
      keys[j] = key
      ids[j] = id
    }
  }
}
