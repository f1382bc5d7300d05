import AccordNumerics
import Foundation

/// Monte Carlo estimates of both indices, from a seeded GSL stream.
extension PowerIndex {
  /// Monte Carlo estimates with 95% intervals, from a seeded GSL stream.
  ///
  /// `progress` is called every ``progressInterval`` samples with the samples drawn of
  /// both estimates (`2 samples` in all); when it returns false, sampling stops and
  /// ``PowerError/interrupted`` is thrown.
  public static func sample(
    _ game: WeightedGame, samples: Int, seed: UInt32,
    progress: (_ done: Int, _ total: Int) -> Bool = { _, _ in true }
  ) throws -> PowerIndices {
    let n = game.playerCount
    let random = try RandomStream(seed: seed)
    // Shapley-Shubik: the pivot of a random ordering.
    var pivots = [Double](repeating: 0, count: n)
    var order = Array(0..<n)
    let isVeto = vetoMask(game.vetoPlayers, count: n)
    let tolerance = game.tolerance
    for s in 0..<samples {
      if s % progressInterval == 0 && !progress(s, 2 * samples) { throw PowerError.interrupted }
      random.shuffle(&order)
      var weight = 0.0
      var vetoes = 0
      for i in order {
        weight += game.weights[i]
        if isVeto[i] { vetoes += 1 }
        if weight >= game.quota - tolerance && vetoes == game.vetoPlayers.count {
          pivots[i] += 1
          break
        }
      }
    }
    let ss = pivots.map { $0 / Double(samples) }
    let banzhaf = try sampleBanzhaf(game, samples: samples, seed: SeedMix.next(seed)) {
      progress(samples + $0, 2 * samples)
    }
    _ = progress(2 * samples, 2 * samples)
    let sum = banzhaf.reduce(0, +)
    let half = { (p: Double) in 1.96 * (p * (1 - p) / Double(samples)).squareRoot() }
    let scale = pow(2, Double(n - 1))
    return PowerIndices(
      method: .sampling, samples: samples, shapleyShubik: ss,
      banzhaf: banzhaf.map { sum > 0 ? $0 / sum : 0 }, banzhafAbsolute: banzhaf,
      swings: banzhaf.map { $0 * scale }, shapleyShubikHalfWidth: ss.map(half),
      banzhafAbsoluteHalfWidth: banzhaf.map(half))
  }

  /// Random coalitions: every player's swing is tested on the same draw.
  ///
  /// Absolute Banzhaf indices: the share of random coalitions in which each player swings.
  static func sampleBanzhaf(
    _ game: WeightedGame, samples: Int, seed: UInt32,
    progress: (_ done: Int) -> Bool = { _ in true }
  ) throws -> [Double] {
    let n = game.playerCount
    let random = try RandomStream(seed: seed)
    var swings = [Double](repeating: 0, count: n)
    var inside = [Bool](repeating: false, count: n)
    let isVeto = vetoMask(game.vetoPlayers, count: n)
    let vetoTotal = game.vetoPlayers.count
    let q = game.quota - game.tolerance
    // Buffers, not arrays, in the loop: an unoptimised build (the tests') otherwise retains
    // and releases the game's weights on every access, which was a third of a debug
    // `accord reproduce --quick`. The arithmetic and the draws are the same.
    try game.weights.withUnsafeBufferPointer { weights in
      try isVeto.withUnsafeBufferPointer { isVeto in
        try inside.withUnsafeMutableBufferPointer { inside in
          try swings.withUnsafeMutableBufferPointer { swings in
            for s in 0..<samples {
              if s % progressInterval == 0 && !progress(s) { throw PowerError.interrupted }
              var weight = 0.0
              var vetoes = 0
              for i in 0..<n {
                inside[i] = random.uniform() < 0.5
                if inside[i] {
                  weight += weights[i]
                  if isVeto[i] { vetoes += 1 }
                }
              }
              for i in 0..<n {
                // Weight and vetoes of the others, then whether i turns them into a win.
                let w = inside[i] ? weight - weights[i] : weight
                let v = inside[i] && isVeto[i] ? vetoes - 1 : vetoes
                let loses = !(w >= q && v == vetoTotal)
                let wins = w + weights[i] >= q && v + (isVeto[i] ? 1 : 0) == vetoTotal
                if loses && wins { swings[i] += 1 }
              }
            }
          }
        }
      }
    }
    return swings.map { $0 / Double(samples) }
  }
}

extension PowerIndex {
  /// Whether each of `count` players is among `veto`, in O(count + veto).
  static func vetoMask(_ veto: [Int], count: Int) -> [Bool] {
    var mask = [Bool](repeating: false, count: count)
    for v in veto { mask[v] = true }
    return mask
  }
}
