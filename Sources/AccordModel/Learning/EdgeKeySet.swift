/// The set of present edges while a Watts-Strogatz lattice is rewired: open addressing
/// on 64-bit keys with a multiplicative hash.
///
/// It answers exactly as `Set<Int>` did, so the same draws give the same network; the
/// standard set hashes every key with SipHash, which took most of the setup at 5 million
/// edges.
struct EdgeKeySet {
  private var slots: [UInt64]
  private let shift: UInt64
  /// The number of keys held.
  private(set) var count = 0

  /// No key: keys are `min * n + max` for agents below 2^31, far below it.
  private static let empty = UInt64.max

  /// An empty set with room for `capacity` keys at a load of at most 2/3.
  init(capacity: Int) {
    var bits: UInt64 = 4
    while (1 << bits) * 2 < 3 * max(capacity, 1) { bits += 1 }
    slots = [UInt64](repeating: Self.empty, count: 1 << bits)
    shift = 64 - bits
  }

  @inline(__always)
  private func home(_ key: UInt64) -> Int { Int((key &* 0x9E37_79B9_7F4A_7C15) >> shift) }

  /// The slot holding `key`, or the empty slot where it would go.
  @inline(__always)
  private func slot(_ key: UInt64) -> Int {
    let mask = slots.count - 1
    var i = home(key)
    while slots[i] != key && slots[i] != Self.empty { i = (i + 1) & mask }
    return i
  }

  /// Whether `key` is in the set.
  func contains(_ key: Int) -> Bool { slots[slot(UInt64(key))] != Self.empty }

  /// Adds `key` (nothing if present), growing past a load of 2/3.
  mutating func insert(_ key: Int) {
    if 3 * (count + 1) > 2 * slots.count { grow() }
    let i = slot(UInt64(key))
    if slots[i] == Self.empty {
      slots[i] = UInt64(key)
      count += 1
    }
  }

  /// Removes `key` (nothing if absent), shifting later keys of its run back so that no
  /// lookup stops early at the hole.
  mutating func remove(_ key: Int) {
    let mask = slots.count - 1
    var hole = slot(UInt64(key))
    guard slots[hole] != Self.empty else { return }
    var j = hole
    while true {
      j = (j + 1) & mask
      let next = slots[j]
      if next == Self.empty { break }
      // `next` may fill the hole unless its home lies cyclically in (hole, j].
      let h = home(next)
      let stays = hole <= j ? (hole < h && h <= j) : (hole < h || h <= j)
      if !stays {
        slots[hole] = next
        hole = j
      }
    }
    slots[hole] = Self.empty
    count -= 1
  }

  private mutating func grow() {
    var larger = EdgeKeySet(capacity: 2 * slots.count)
    for key in slots where key != Self.empty { larger.insert(Int(key)) }
    self = larger
  }
}
