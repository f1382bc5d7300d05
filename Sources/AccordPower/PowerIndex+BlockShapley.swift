import Foundation

/// Exact Shapley-Shubik indices from weight blocks.
extension PowerIndex {
  /// Work of ``blockShapleyShubik(weights:quota:)``: count combinations, each with a
  /// window of binomial masses (one per block, plus one).
  static func blockShapleyWork(weights: [Int], quota: Int) -> Double {
    let all = WeightBlocks(weights, players: weights.indices, keepZero: true)
    var work = 0.0
    for j in all.weights.indices where all.weights[j] > 0 {
      let others = all.removing(j)
      let window: Double
      if let l = others.windowBlock {
        window = min(Double(others.counts[l] + 1), Double(all.weights[j] / others.weights[l] + 1))
      } else {
        window = 1
      }
      work += others.combinations * window * Double(others.counts.count + 1)
    }
    return work
  }

  /// Shapley-Shubik indices of a plain weighted game (veto players folded into the
  /// weights, as ``exactIndices(_:)`` does), from weight blocks.
  ///
  /// Player `i` of weight `w` is pivotal when the players before it in a random order
  /// weigh `q - w ... q - 1`: with `s` players before it, a uniform `s`-subset of the
  /// others, so `phi_i = (1/n) sum P(weight in window)`, the subset's counts by block
  /// being multivariate hypergeometric. Each hypergeometric mass is computed as
  /// `prod_b Binomial(m_b; K_b, s/N) / Binomial(s; N, s/N)` (the powers of `p` cancel),
  /// every factor near its mode or negligible, so the relative error stays near 1e-13.
  static func blockShapleyShubik(weights: [Int], quota: Int) -> [Double] {
    let n = weights.count
    let all = WeightBlocks(weights, players: 0..<n, keepZero: true)
    var byWeight: [Int: Double] = [:]
    for j in all.weights.indices where all.weights[j] > 0 {
      let w = all.weights[j]
      byWeight[w] = pivotalMass(all.removing(j), low: quota - w, high: quota - 1) / Double(n)
    }
    return weights.map { byWeight[$0] ?? 0 }
  }

  /// `sum_s P(a uniform s-subset of the blocks' players weighs low...high)`.
  static func pivotalMass(_ blocks: WeightBlocks, low: Int, high: Int) -> Double {
    let total = blocks.counts.reduce(0, +)
    guard let l = blocks.windowBlock else {
      // Only weightless players: every subset weighs 0.
      return low <= 0 && 0 <= high ? Double(total + 1) : 0
    }
    let wl = blocks.weights[l]
    let kl = blocks.counts[l]
    let others = blocks.counts.indices.filter { $0 != l }
    var counts = [Int](repeating: 0, count: others.count)
    var sum = 0.0
    func hypergeometric(_ ml: Int, _ size: Int) -> Double {
      let nd = Double(total)
      let p = Double(size) / nd
      let q = Double(total - size) / nd
      var value = BinomialMass.mass(ml, kl, p: p, q: q)
      for (d, b) in others.enumerated() {
        value *= BinomialMass.mass(counts[d], blocks.counts[b], p: p, q: q)
      }
      return value / BinomialMass.mass(size, total, p: p, q: q)
    }
    func visit(_ depth: Int, _ weight: Int, _ size: Int) {
      if depth == others.count {
        let a = max(0, ceilDiv(low - weight, wl))
        let b = min(kl, floorDiv(high - weight, wl))
        if a <= b { for ml in a...b { sum += hypergeometric(ml, size + ml) } }
        return
      }
      let b = others[depth]
      let w = blocks.weights[b]
      for m in 0...blocks.counts[b] {
        if weight + m * w > high { break }
        counts[depth] = m
        visit(depth + 1, weight + m * w, size + m)
      }
    }
    visit(0, 0, 0)
    return sum
  }
}
