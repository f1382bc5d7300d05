import AccordNumerics
import Foundation

/// Exact Banzhaf and Shapley-Shubik indices, by dynamic programming over integer weight sums.
extension PowerIndex {

  /// Probability DP: `P[w]` is the chance that a uniform random subset of the non-veto
  /// players weighs `w`.
  ///
  /// Removing one player is a deconvolution with coefficient 1, `P_-i[w] = 2 P[w] - P_-i[w - w_i]`,
  /// whose rounding errors add up rather than grow.
  static func banzhaf(weights: [Int], quota: Int, veto: [Int]) -> (
    absolute: [Double], swings: [Double]
  ) {
    let n = weights.count
    let isVeto = vetoMask(veto, count: n)
    let vetoWeight = veto.reduce(0) { $0 + weights[$1] }
    let free = (0..<n).filter { !isVeto[$0] }
    let freeTotal = free.reduce(0) { $0 + weights[$1] }
    var p = [Double](repeating: 0, count: freeTotal + 1)
    p[0] = 1
    var reach = 0
    for i in free {
      let w = weights[i]
      if w == 0 { continue }
      reach += w
      // Descending, so p[x - w] is still the value before this player.
      for x in stride(from: reach, through: 0, by: -1) {
        p[x] = 0.5 * (p[x] + (x >= w ? p[x - w] : 0))
      }
    }
    let need = quota - vetoWeight  // weight the free players must add
    let vetoCount = Double(veto.count)
    var absolute = [Double](repeating: 0, count: n)
    var without = [Double](repeating: 0, count: freeTotal + 1)
    var done: [Int: Double] = [:]
    for i in 0..<n {
      let w = weights[i]
      if isVeto[i] {
        // S holds the other veto players; it wins with i iff the free part reaches `need`.
        var mass = 0.0
        if need <= freeTotal { for x in max(0, need)...freeTotal { mass += p[x] } }
        absolute[i] = mass / pow(2, vetoCount - 1)
        continue
      }
      if w == 0 { continue }
      // Players of equal weight have equal power: remove each weight once (the same
      // arithmetic, so the same bits, as removing every player).
      if let known = done[w] {
        absolute[i] = known
        continue
      }
      // Remove i: P = (P_-i + shift_w P_-i) / 2.
      for x in 0...freeTotal { without[x] = 2 * p[x] - (x >= w ? without[x - w] : 0) }
      var mass = 0.0
      let low = max(0, need - w)
      let high = min(need - 1, freeTotal - w)
      if low <= high { for x in low...high { mass += max(0, without[x]) } }
      absolute[i] = mass / pow(2, vetoCount)
      done[w] = absolute[i]
    }
    let scale = pow(2, Double(n - 1))
    return (absolute, absolute.map { ($0 * scale).rounded() })
  }

  // MARK: Exact Shapley-Shubik

  /// Count DP over (size, weight < quota): `C[s][w]` subsets of size `s` and weight `w`.
  ///
  /// Heavier subsets are dropped: weights are non-negative, so they never lose again.
  /// Player `i`'s counts come from removing it: `G[s][w] = C[s][w] - G[s-1][w - w_i]`
  /// (a coefficient of 1, so rounding errors add up rather than grow). Players of equal
  /// weight have equal power, so each distinct weight is removed once.
  static func shapleyShubik(weights: [Int], quota: Int) -> [Double] {
    let n = weights.count
    let q = quota
    // No subset of more than `rows` players is lighter than the quota: the
    // `rows` lightest weights already reach it.
    var rows = 0
    var lightest = 0
    for w in weights.sorted() {
      lightest += w
      if lightest >= q { break }
      rows += 1
    }
    var c = [Double](repeating: 0, count: (rows + 1) * q)
    c.withUnsafeMutableBufferPointer { table in
      let c = table.base
      c[0] = 1
      var filled = 0
      for k in 0..<n {
        let w = weights[k]
        if w >= q { continue }
        filled = min(rows, filled + 1)
        // Row s reads row s - 1 before this player is added to it: go down in s.
        // Within a row, reading another row, a forward loop vectorises.
        for s in stride(from: filled, through: 1, by: -1) {
          let row = c + s * q
          let below = c + (s - 1) * q
          for x in w..<q { row[x] += below[x - w] }
        }
      }
    }
    // factor[s] = s! (n - 1 - s)! / n!
    var factor = [Double](repeating: 0, count: n)
    for s in 0..<n {
      factor[s] = exp(lgamma(Double(s + 1)) + lgamma(Double(n - s)) - lgamma(Double(n + 1)))
    }
    var byWeight: [Int: Double] = [:]
    var previous = [Double](repeating: 0, count: q)
    var current = [Double](repeating: 0, count: q)
    for w in Set(weights) where w > 0 {
      // A player at least as heavy as the quota never entered the table (every subset
      // holding it is too heavy), so the table already counts the others.
      let removable = w < q
      let low = max(0, q - w)
      var phi = 0.0
      c.withUnsafeBufferPointer { table in
        previous.withUnsafeMutableBufferPointer { prev in
          current.withUnsafeMutableBufferPointer { cur in
            var p = prev.base
            var g = cur.base
            for s in 0...min(rows, n - 1) {
              let row = table.base + s * q
              if removable && s > 0 {
                for x in 0..<w { g[x] = row[x] }
                for x in w..<q { g[x] = row[x] - p[x - w] }
              } else {
                for x in 0..<q { g[x] = row[x] }
              }
              var swings = 0.0
              for x in low..<q { swings += g[x] }
              phi += max(0, swings) * factor[s]
              swap(&p, &g)
            }
          }
        }
      }
      byWeight[w] = phi
    }
    return weights.map { byWeight[$0] ?? 0 }
  }
}
