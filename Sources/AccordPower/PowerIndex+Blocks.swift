import Foundation

/// Exact indices from counts of players by weight, for games with few distinct weights.
///
/// Players of equal weight have equal power, so a game is a handful of blocks `(w, k)`:
/// the others' weight is a sum of scaled binomials. The sums below enumerate the counts
/// taken from every block but the largest; the largest block's count then lies in a short
/// window, summed from its binomial masses. The work is the product of the other blocks'
/// sizes (times the window), independent of the total weight: one block of 10^6 players is
/// a closed form (Banzhaf `C(n-1, m) / 2^(n-1)`, Shapley-Shubik `1/n`), two blocks cost the
/// smaller one's size. Binomial masses come from ``BinomialMass`` (relative error near
/// 1e-14), so the indices agree with the dynamic programme to about 1e-13.
extension PowerIndex {
  /// Blocks of equal positive weight, heaviest first, with their players.
  struct WeightBlocks {
    var weights: [Int] = []
    var counts: [Int] = []

    init(_ weights: [Int], players: some Sequence<Int>, keepZero: Bool = false) {
      var count: [Int: Int] = [:]
      for i in players where weights[i] > 0 || keepZero { count[weights[i], default: 0] += 1 }
      for (w, k) in count.sorted(by: { $0.key > $1.key }) {
        self.weights.append(w)
        counts.append(k)
      }
    }

    /// The blocks without one player of block `j`.
    func removing(_ j: Int) -> WeightBlocks {
      var other = self
      other.counts[j] -= 1
      if other.counts[j] == 0 {
        other.counts.remove(at: j)
        other.weights.remove(at: j)
      }
      return other
    }

    /// The block summed by window (the largest positive-weight block), or nil.
    var windowBlock: Int? {
      weights.indices.filter { weights[$0] > 0 }.max { counts[$0] < counts[$1] }
    }

    /// Count combinations enumerated: the product of the other blocks' sizes.
    var combinations: Double {
      guard let l = windowBlock else { return 1 }
      return counts.indices.reduce(1.0) { $1 == l ? $0 : $0 * Double(counts[$1] + 1) }
    }
  }

  /// Work of ``blockBanzhaf(weights:quota:veto:)``: count combinations, each with a window.
  static func blockBanzhafWork(weights: [Int], veto: [Int]) -> Double {
    let vetoSet = Set(veto)
    let free = WeightBlocks(weights, players: weights.indices.filter { !vetoSet.contains($0) })
    var work = free.combinations
    for j in free.weights.indices { work += free.removing(j).combinations * 33 }
    return work
  }

  /// Logarithms of the absolute Banzhaf indices from weight blocks: the quantities of
  /// ``banzhaf(weights:quota:veto:)``, in logs because at 10^6 players a supermajority's
  /// indices (about `e^-20000`) underflow while their ratios do not.
  static func blockLogBanzhaf(weights: [Int], quota: Int, veto: [Int]) -> [Double] {
    let n = weights.count
    let vetoSet = Set(veto)
    let free = WeightBlocks(weights, players: (0..<n).filter { !vetoSet.contains($0) })
    let need = quota - veto.reduce(0) { $0 + weights[$1] }
    let vetoCount = Double(veto.count)
    var cache = MassCache()
    var byWeight: [Int: Double] = [:]
    for j in free.weights.indices {
      let w = free.weights[j]
      let mass = logWindowMass(free.removing(j), low: need - w, high: need - 1, cache: &cache)
      byWeight[w] = mass - vetoCount * log(2.0)
    }
    let vetoMass =
      veto.isEmpty
      ? -.infinity
      : logWindowMass(free, low: need, high: Int.max, cache: &cache) - (vetoCount - 1) * log(2.0)
    return (0..<n).map { vetoSet.contains($0) ? vetoMass : byWeight[weights[$0]] ?? -.infinity }
  }

  /// Absolute Banzhaf indices from weight blocks (0 where they underflow).
  static func blockBanzhaf(weights: [Int], quota: Int, veto: [Int]) -> [Double] {
    blockLogBanzhaf(weights: weights, quota: quota, veto: veto).map { exp($0) }
  }

  /// A sum of numbers given by their logarithms, kept relative to the largest so far.
  struct LogSum {
    var top = -Double.infinity
    var scaled = 0.0

    mutating func add(_ x: Double) {
      if x == -.infinity { return }
      if x > top {
        scaled = scaled * exp(top - x) + 1
        top = x
      } else {
        scaled += exp(x - top)
      }
    }

    var value: Double { top == -.infinity ? -.infinity : top + log(scaled) }
  }

  /// Logs of Binomial(k, 1/2) masses with log prefix and suffix sums.
  struct MassTable {
    var mass: [Double]
    var prefix: [Double]
    var suffix: [Double]

    init(_ k: Int) {
      mass = BinomialMass.logFair(k)
      func add(_ a: Double, _ b: Double) -> Double {
        let top = max(a, b)
        return top == -.infinity ? top : top + log1p(exp(-abs(a - b)))
      }
      prefix = mass
      for m in stride(from: 1, through: k, by: 1) { prefix[m] = add(prefix[m - 1], mass[m]) }
      suffix = mass
      for m in stride(from: k - 1, through: 0, by: -1) { suffix[m] = add(suffix[m + 1], mass[m]) }
    }

    /// `log sum mass[a...b]`: directly when short, else from whichever cumulative sum
    /// keeps the small tail's relative precision.
    func range(_ a: Int, _ b: Int) -> Double {
      let k = mass.count - 1
      if b - a < 32 {
        var s = LogSum()
        for m in a...b { s.add(mass[m]) }
        return s.value
      }
      if a == 0 { return prefix[b] }
      if b == k { return suffix[a] }
      return a + b < k
        ? prefix[b] + log1p(-exp(prefix[a - 1] - prefix[b]))
        : suffix[a] + log1p(-exp(suffix[b + 1] - suffix[a]))
    }
  }

  /// Mass tables by block size.
  struct MassCache {
    var tables: [Int: MassTable] = [:]

    mutating func table(_ k: Int) -> MassTable {
      if let t = tables[k] { return t }
      let t = MassTable(k)
      tables[k] = t
      return t
    }
  }

  /// `log P(low <= sum_i w_i B_i <= high)` with independent `B_i ~ Binomial(k_i, 1/2)`.
  static func logWindowMass(
    _ blocks: WeightBlocks, low: Int, high: Int, cache: inout MassCache
  ) -> Double {
    guard let l = blocks.windowBlock else { return low <= 0 && 0 <= high ? 0 : -.infinity }
    let wl = blocks.weights[l]
    let kl = blocks.counts[l]
    let last = cache.table(kl)
    let others = blocks.counts.indices.filter { $0 != l }
    let tables = others.map { cache.table(blocks.counts[$0]).mass }
    var total = LogSum()
    // Depth-first over the other blocks' counts; weights are positive, so a partial sum
    // above `high` only grows.
    func visit(_ depth: Int, _ sum: Int, _ logProduct: Double) {
      if depth == others.count {
        let a = max(0, ceilDiv(low - sum, wl))
        let b = high == Int.max ? kl : min(kl, floorDiv(high - sum, wl))
        if a <= b { total.add(logProduct + last.range(a, b)) }
        return
      }
      let w = blocks.weights[others[depth]]
      let mass = tables[depth]
      for m in 0..<mass.count {
        let s = sum + m * w
        if high != Int.max && s > high { break }
        visit(depth + 1, s, logProduct + mass[m])
      }
    }
    visit(0, 0, 0)
    return total.value
  }

  static func ceilDiv(_ x: Int, _ d: Int) -> Int { x >= 0 ? (x + d - 1) / d : -((-x) / d) }
  static func floorDiv(_ x: Int, _ d: Int) -> Int { x >= 0 ? x / d : -((-x + d - 1) / d) }
}
