import Testing

@testable import AccordModel

/// The rewiring's edge set answers exactly as `Set<Int>`.
///
/// So the same draws give the same network. Its removal shifts keys back along their
/// probe run, which only a crowded table with wrapped runs exercises.
@Suite struct EdgeKeySetTests {
  @Test(arguments: [1, 7, 1_000])
  func agreesWithTheStandardSetUnderInsertsAndRemovals(keyRange: Int) {
    var ours = EdgeKeySet(capacity: 4)  // small, so it grows several times
    var reference = Set<Int>()
    // A fixed 64-bit LCG (Knuth's MMIX constants): the same operations on every run.
    var state: UInt64 = 2026
    func next(_ bound: Int) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((state >> 33) % UInt64(bound))
    }
    for _ in 0..<20_000 {
      let key = next(keyRange) * 1_000_003 + next(keyRange)  // keys as min * n + max
      if next(3) == 0 {
        ours.remove(key)
        reference.remove(key)
      } else {
        ours.insert(key)
        reference.insert(key)
      }
      #expect(ours.count == reference.count)
    }
    for a in 0..<min(keyRange, 200) {
      for b in 0..<min(keyRange, 200) {
        let key = a * 1_000_003 + b
        #expect(ours.contains(key) == reference.contains(key), "key \(key)")
      }
    }
  }
}
