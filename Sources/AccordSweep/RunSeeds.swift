import AccordModel

/// Run seeds: a bijection of the run index, so no two runs of a sweep share a seed.
///
/// Seeds live in `[0, 4294967294]` (2^32 - 1 values). `seed(r)` adds the run index to
/// the base seed modulo 2^32 - 1, then applies a bijective 32-bit finaliser (xorshift
/// and odd multiplications) by cycle walking: if the result is the one excluded word,
/// apply it again. Cycle walking a permutation from inside a set back into it is a
/// bijection of that set, so distinct run indices below 2^32 - 1 get distinct seeds.
package enum RunSeeds {
  /// The most runs a sweep may have.
  package static let maxRuns = Int(UInt32.max)

  package static func seed(base: UInt32, run: Int) -> UInt32 {
    precondition(run >= 0 && run < maxRuns, "run index out of range")
    let word = UInt32((UInt64(base) + UInt64(run)) % UInt64(UInt32.max))
    let mixed = mix(word)
    return mixed != UInt32.max ? mixed : mix(mixed)
  }

  /// The bijective mixer shared with the model's seed streams.
  static func mix(_ x: UInt32) -> UInt32 { SeedStreams.mix(x) }
}
