import AccordNumerics
import CPrefetch

/// Where weighted intervals cover enough weight: the engine behind win-sets and ZOPAs.
///
/// Each item is an interval with a weight and a veto flag. The sweep returns the set of
/// points covered by a winning set of items under a ``QuotaRule``. For a nation, items
/// are the factions' support intervals, so the result is the nation's win-set `W_n`,
/// exact in one dimension. For the international level, items are the nations'
/// win-set pieces and every nation is a veto player (or a quota of nations must be
/// covered), so the result is the ZOPA.
///
/// Event buffers are kept between calls, so the step loop's path allocates nothing
/// once warmed up.
package struct CoverageSweep: Sendable {
  private var itemLower: [Double] = []
  private var itemUpper: [Double] = []
  private var weight: [Double] = []
  private var veto: [Bool] = []
  private var events = EventSweep()

  package init(capacity: Int = 0) { reserve(capacity) }

  /// A sweep that reads its items from agent columns only, with event buffers for
  /// `eventCapacity` items and no item buffers of its own.
  init(eventCapacity: Int) { events.reserve(eventCapacity) }

  /// Room for `items` items and their events.
  mutating func reserve(_ items: Int) {
    if weight.count < items {
      itemLower += [Double](repeating: .infinity, count: items - weight.count)
      itemUpper += [Double](repeating: -.infinity, count: items - weight.count)
      weight += [Double](repeating: 0, count: items - weight.count)
      veto += [Bool](repeating: false, count: items - veto.count)
      events.reserve(items)
    }
  }

  /// Sets item `i` to the interval `[lo, hi]` (empty when `lo > hi`).
  package mutating func set(
    _ i: Int, lower lo: Double, upper hi: Double, weight w: Double, veto v: Bool
  ) {
    if i >= weight.count { reserve(Swift.max(i + 1, 2 * weight.count)) }
    itemLower[i] = lo
    itemUpper[i] = hi
    weight[i] = w
    veto[i] = v
  }

  /// Writes into `out` the points covered by a winning set of items `0..<items`
  /// (as given by ``set(_:lower:upper:weight:veto:)``).
  package mutating func compute(items: Int, rule: QuotaRule, into out: inout IntervalSet) {
    reserve(items)
    itemLower.withUnsafeBufferPointer { lower in
      itemUpper.withUnsafeBufferPointer { upper in
        weight.withUnsafeBufferPointer { w in
          veto.withUnsafeBufferPointer { v in
            events.compute(
              items: items, lower: lower.base, upper: upper.base,
              weight: w.base, veto: v.base, rule: rule, into: &out)
          }
        }
      }
    }
  }

  /// Writes into `out` the points covered by a winning set of the intervals
  /// `[lower[i], upper[i]]` (empty when `lower[i] > upper[i]`), read straight from
  /// agent columns: the step loop's path.
  mutating func compute(
    items: Int, lower: UnsafePointer<Double>, upper: UnsafePointer<Double>,
    weight w: UnsafePointer<Double>, veto v: UnsafePointer<Bool>, rule: QuotaRule,
    into out: inout IntervalSet
  ) {
    events.compute(
      items: items, lower: lower, upper: upper, weight: w, veto: v, rule: rule, into: &out)
  }
}

/// The sorted-event sweep itself, with its reusable buffers.
struct EventSweep: Sendable {
  private var keys: [Double] = []
  private var ids: [Int32] = []
  private var sorter = BucketSort()

  /// How many events ahead the sweep asks for an item's weight.
  static let prefetchDistance = 16

  mutating func reserve(_ items: Int) {
    if ids.count < 2 * items {
      keys = [Double](repeating: 0, count: 2 * items)
      ids = [Int32](repeating: 0, count: 2 * items)
      sorter.reserve(2 * items)
    }
  }

  mutating func compute(
    items: Int, lower: UnsafePointer<Double>, upper: UnsafePointer<Double>,
    weight w: UnsafePointer<Double>, veto v: UnsafePointer<Bool>, rule: QuotaRule,
    into out: inout IntervalSet
  ) {
    out.removeAll()
    if items == 0 { return }
    reserve(items)
    keys.withUnsafeMutableBufferPointer { keyBuffer in
      ids.withUnsafeMutableBufferPointer { idBuffer in
        let keys = keyBuffer.base
        let ids = idBuffer.base
        // Only non-empty intervals make events (written always, kept when non-empty:
        // no unpredictable branch). A veto player with an empty interval empties the set.
        var events = 0
        var vetoMissing = false
        var low = Double.infinity
        var high = -Double.infinity
        for i in 0..<items {
          let lo = lower[i]
          let hi = upper[i]
          keys[events] = lo
          keys[events + 1] = hi
          ids[events] = Int32(2 * i)
          ids[events + 1] = Int32(2 * i + 1)
          let empty = !(lo <= hi)
          vetoMissing = vetoMissing || (empty && v[i])
          events += empty ? 0 : 2
          low = empty ? low : min(low, lo)
          high = empty ? high : max(high, hi)
        }
        if vetoMissing { return }
        sorter.sort(keys: keys, ids: ids, count: events, low: low, high: high)
        var covered = 0.0
        var vetoes = 0
        var open = false
        var start = 0.0
        for k in 0..<events {
          // Items come in key order, so their weights are read from anywhere in the column.
          accord_prefetch(w + Int(ids[min(k + Self.prefetchDistance, events - 1)] >> 1))
          let e = Int(ids[k])
          let x = keys[k]
          let item = e >> 1
          if e & 1 == 0 {
            covered += w[item]
            if v[item] { vetoes += 1 }
            if !open && rule.isWinning(weight: covered, vetoes: vetoes) {
              open = true
              start = x
            }
          } else {
            covered -= w[item]
            if v[item] { vetoes -= 1 }
            if open && !rule.isWinning(weight: covered, vetoes: vetoes) {
              open = false
              out.append(start, x)
            }
          }
        }
      }
    }
  }
}
