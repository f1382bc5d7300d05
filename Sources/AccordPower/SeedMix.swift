/// A second seed from a first, for an independent stream.
enum SeedMix {
  static func next(_ seed: UInt32) -> UInt32 {
    var h = seed &+ 0x6D2B_79F5
    h = (h ^ (h >> 15)) &* (h | 1)
    h ^= h &+ ((h ^ (h >> 7)) &* (h | 61))
    return h ^ (h >> 14)
  }
}
