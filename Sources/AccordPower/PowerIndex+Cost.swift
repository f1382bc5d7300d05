/// What computing a nation's Banzhaf shares will cost, before any player is drawn.
extension PowerIndex {
  /// The method ``banzhafShares(_:samples:seed:)`` picks and its estimated seconds.
  package struct Cost: Sendable {
    package var method: PowerMethod
    /// The exact algorithm, when exact: "dynamic programme" or "weight blocks".
    package var algorithm: String
    package var seconds: Double
  }

  /// Seconds per operation of a release build (measured with `accord bench`): a step of
  /// the dynamic programme, a count combination of the block sums, a binomial mass.
  static let dpSecondsPerOperation = 0.6e-9
  static let blockSecondsPerCombination = 15e-9
  static let secondsPerMass = 60e-9

  /// The cost of a game whose players come in `classes` (weight, count); `nil` weight
  /// means a drawn (continuous) weight, which is never a whole multiple of 1/1000.
  package static func banzhafCost(classes: [(weight: Double?, count: Int)], samples: Int)
    -> Cost
  {
    let n = classes.reduce(0) { $0 + $1.count }
    var weights: [Double] = []
    for c in classes {
      guard let w = c.weight else { return fallback(n, samples) }
      weights.append(w)
    }
    let total = weights.reduce(0, +)
    guard total > 0, let probe = try? WeightedGame(weights: weights, quota: total),
      let scale = probe.integerScale
    else { return fallback(n, samples) }
    var blocks: [Int: Int] = [:]
    var whole = 0.0
    for c in classes {
      let scaled = ((c.weight ?? 0) * Double(scale)).rounded()
      // Beyond the block sums' total (1e308, say) no exact method applies, and no Int holds it.
      guard scaled <= Double(maxBlockWeight) else { return fallback(n, samples) }
      let w = Int(scaled)
      whole += Double(w) * Double(c.count)
      if w > 0 { blocks[w, default: 0] += c.count }
    }
    let dpWork = (Double(n) / 2 + Double(blocks.count)) * whole
    if whole <= Double(maxExactWeight), dpWork <= exactWorkBudget {
      return Cost(
        method: .exact, algorithm: "dynamic programme", seconds: dpWork * dpSecondsPerOperation)
    }
    let counts = blocks.values.sorted()
    // Every block but the largest is enumerated, once per weight class.
    let combinations = counts.dropLast().reduce(1.0) { $0 * Double($1 + 1) }
    let blockWork = combinations * Double(counts.count + 1) * 33
    if blockWork <= exactWorkBudget {
      let seconds =
        blockWork * blockSecondsPerCombination + 2 * Double(n) * secondsPerMass
      return Cost(method: .exact, algorithm: "weight blocks", seconds: seconds)
    }
    return fallback(n, samples)
  }

  private static func fallback(_ n: Int, _ samples: Int) -> Cost {
    if n > normalApproximationThreshold {
      return Cost(method: .normal, algorithm: "", seconds: Double(n) * 20e-9)
    }
    return Cost(
      method: .sampling, algorithm: "", seconds: Double(samples) * Double(n) * 2 * 4e-9)
  }
}
