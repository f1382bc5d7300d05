import Foundation

/// Scenario discovery by CART: a classification tree whose leaves are boxes of factor values.
///
/// CART (Breiman and others, 1984) as the EMA workbench's `cart.CART` applies it in
/// binary mode, with the condition as the class.
///
/// The tree is scikit-learn's `DecisionTreeClassifier` as the workbench sets it up (Gini
/// impurity, no depth limit, at least `minMass` of all runs in every leaf):
/// - a node is a leaf when it is pure, or has fewer than two runs or fewer than twice the
///   leaf minimum;
/// - otherwise its split is the one that most lowers the runs-weighted Gini impurity of
///   the two children, over every factor and every cut between two distinct values
///   (values closer than 1e-7 count as equal) that leaves the minimum on both sides;
/// - the cut lies at the midpoint of the two values, computed, as scikit-learn does, on
///   the values rounded to single precision.
///
/// Leaves are listed in scikit-learn's node order (depth first, left child first). A
/// leaf's box starts at the range of all runs and each split on its path moves one limit
/// (left: `value <= cut`, the upper limit; right: `value > cut`, the lower limit).
/// Integer limits are rounded inward (a cut at 4.5 gives 5 below and 4 above), where the
/// workbench keeps 4.5; the runs inside are the same. A categorical factor is split, as
/// the workbench splits it, on one level at a time (a dummy variable); the right branch
/// keeps that level only, where the workbench's box leaves the factor unrestricted.
///
/// **Ties.** The criterion depends on class counts only, so two factors often split a node
/// into the same counts. scikit-learn then takes whichever it happened to try first, in
/// a random order the workbench does not seed; accord takes the first in the sweep's
/// factor order, and counts the nodes where this happened (``ties``), so that a reader
/// knows which splits another factor could have made.
package struct Cart: Sendable {
  /// One leaf of the tree: a box, with the runs it holds.
  package struct Leaf: Sendable, Equatable {
    package var limits: [Prim.Limit]
    /// Per factor, whether a split on the leaf's path moved a limit.
    package var restricted: [Bool]
    /// Runs in the box, and those of them where the condition holds.
    package var count: Int
    package var hits: Int
    package var coverage: Double
    package var density: Double
    package var mass: Double
    /// The leaf's depth: the number of splits on its path.
    package var depth: Int

    package var restrictedCount: Int { restricted.filter { $0 }.count }
  }

  package var factors: [Prim.Factor]
  /// The smallest share of all runs in a leaf (the workbench's `mass_min`).
  package var minMass: Double
  package var leaves: [Leaf]
  /// Splits where another factor gave exactly as good a split (see the type's notes).
  package var ties: Int

  /// Grows the tree on the runs' factor values `x` (a categorical factor's value is its
  /// level index) and condition `y`.
  package static func grow(factors: [Prim.Factor], x: [[Double]], y: [Bool], minMass: Double)
    throws(PrimError) -> Cart
  {
    guard !x.isEmpty, x.count == y.count else {
      throw PrimError(
        "CART needs runs, one condition value per run (\(x.count) runs, \(y.count) values)")
    }
    guard !factors.isEmpty, x.allSatisfy({ $0.count == factors.count }) else {
      throw PrimError("CART needs one value per factor in every run")
    }
    guard minMass >= 0, minMass <= 0.5 else {
      throw PrimError("--min-mass \(minMass) is out of range for CART; allowed: [0, 0.5]")
    }
    for (j, factor) in factors.enumerated() {
      if let bad = x.firstIndex(where: { !$0[j].isFinite }) {
        throw PrimError("factor \(factor.name): run \(bad) has no finite value")
      }
    }
    guard y.contains(true) else {
      throw PrimError(
        "the condition holds in none of the \(x.count) runs: there is nothing to find")
    }
    var grower = Grower(factors: factors, x: x, y: y, minMass: minMass)
    grower.grow(Array(x.indices), box: grower.start, depth: 0)
    return Cart(factors: factors, minMass: minMass, leaves: grower.leaves, ties: grower.ties)
  }
}

extension Cart {
  /// A split variable: a real or integer factor, or one level of a categorical factor.
  struct Feature {
    var factor: Int
    /// The level tested (`value == level`), for a categorical factor.
    var level: Int?
    /// Values per run as scikit-learn sees them (single precision, widened back).
    var values: [Double]
  }

  /// The recursion, with the data it shares.
  struct Grower {
    let factors: [Prim.Factor]
    let x: [[Double]]
    let y: [Bool]
    let features: [Feature]
    let minLeaf: Int
    let positives: Int
    let start: [Prim.Limit]
    var leaves: [Leaf] = []
    var ties = 0

    init(factors: [Prim.Factor], x: [[Double]], y: [Bool], minMass: Double) {
      self.factors = factors
      self.x = x
      self.y = y
      // As the workbench: int(mass_min * n).
      minLeaf = max(1, Int(minMass * Double(x.count)))
      positives = y.filter { $0 }.count
      var features: [Feature] = []
      var start: [Prim.Limit] = []
      for (j, factor) in factors.enumerated() {
        let column = x.map { $0[j] }
        if case .categorical(let levels) = factor.kind {
          for level in levels.indices {
            features.append(
              Feature(factor: j, level: level, values: column.map { Int($0) == level ? 1 : 0 }))
          }
          start.append(Prim.Limit(lower: 0, upper: 0, levels: levels.map { _ in true }))
        } else {
          features.append(
            Feature(factor: j, level: nil, values: column.map { Double(Float($0)) }))
          start.append(
            Prim.Limit(lower: column.min() ?? 0, upper: column.max() ?? 0, levels: nil))
        }
      }
      self.features = features
      self.start = start
    }

    /// Adds the leaves under the node of runs `runs`, whose box is `box`.
    mutating func grow(_ runs: [Int], box: [Prim.Limit], depth: Int) {
      let n = runs.count
      let k = runs.filter { y[$0] }.count
      let impurity = Self.gini(k, n)
      guard n >= 2, n >= 2 * minLeaf, impurity > Double.ulpOfOne,
        let split = bestSplit(runs)
      else {
        leaves.append(leaf(box, depth: depth))
        return
      }
      let feature = features[split.feature]
      let left = runs.filter { feature.values[$0] <= split.cut }
      let right = runs.filter { feature.values[$0] > split.cut }
      var leftBox = box
      var rightBox = box
      let j = feature.factor
      if let level = feature.level {
        leftBox[j].levels?[level] = false
        rightBox[j].levels = box[j].levels.map { inside in
          inside.indices.map { $0 == level && inside[$0] }
        }
      } else if factors[j].kind == .integer {
        leftBox[j].upper = split.cut.rounded(.down)
        rightBox[j].lower = split.cut.rounded(.up)
      } else {
        leftBox[j].upper = split.cut
        rightBox[j].lower = split.cut
      }
      grow(left, box: leftBox, depth: depth + 1)
      grow(right, box: rightBox, depth: depth + 1)
    }

    /// The best split of a node, by scikit-learn's rule; nil when no cut leaves the
    /// minimum on both sides.
    mutating func bestSplit(_ runs: [Int]) -> (feature: Int, cut: Double)? {
      let n = runs.count
      let hits = runs.filter { y[$0] }.count
      var best: (feature: Int, cut: Double, proxy: Double)?
      var tied = false
      for (f, feature) in features.enumerated() {
        let sorted = runs.map { (feature.values[$0], y[$0]) }.sorted { $0.0 < $1.0 }
        guard let first = sorted.first, let last = sorted.last,
          last.0 > first.0 + 1e-7
        else { continue }
        var leftHits = 0
        var featureBest: Double?
        for p in 1..<n {
          leftHits += sorted[p - 1].1 ? 1 : 0
          guard sorted[p].0 > sorted[p - 1].0 + 1e-7, p >= minLeaf, n - p >= minLeaf else {
            continue
          }
          let value = Self.proxyImprovement(
            leftHits: leftHits, left: p, rightHits: hits - leftHits, right: n - p)
          if featureBest.map({ value > $0 }) ?? true { featureBest = value }
          if best.map({ value > $0.proxy }) ?? true {
            var cut = sorted[p - 1].0 / 2 + sorted[p].0 / 2
            if cut == sorted[p].0 || !cut.isFinite { cut = sorted[p - 1].0 }
            best = (f, cut, value)
            tied = false
          }
        }
        // Another factor's best equal to the best so far: a tie broken by factor order.
        if let featureBest, let current = best, current.feature != f,
          featureBest == current.proxy, features[current.feature].factor != feature.factor
        {
          tied = true
        }
      }
      if tied { ties += 1 }
      return best.map { ($0.feature, $0.cut) }
    }

    /// scikit-learn's proxy of the impurity decrease, in its order of operations, so that
    /// equal class counts give bit-equal values.
    static func proxyImprovement(leftHits: Int, left: Int, rightHits: Int, right: Int) -> Double {
      -Double(right) * gini(rightHits, right) - Double(left) * gini(leftHits, left)
    }

    /// Gini impurity of a node with `k` of `n` runs in the class, as scikit-learn computes it.
    static func gini(_ k: Int, _ n: Int) -> Double {
      let (a, b) = (Double(k), Double(n - k))
      let weighted = Double(n)
      return 1.0 - (a * a + b * b) / (weighted * weighted)
    }

    /// A leaf's statistics, counted over all runs in its box, as the workbench does.
    func leaf(_ box: [Prim.Limit], depth: Int) -> Leaf {
      var count = 0
      var hits = 0
      for (r, row) in x.enumerated() where row.indices.allSatisfy({ box[$0].contains(row[$0]) }) {
        count += 1
        hits += y[r] ? 1 : 0
      }
      let restricted = box.indices.map { box[$0] != start[$0] }
      return Leaf(
        limits: box, restricted: restricted, count: count, hits: hits,
        coverage: positives > 0 ? Double(hits) / Double(positives) : 0,
        density: count > 0 ? Double(hits) / Double(count) : 0,
        mass: Double(count) / Double(x.count), depth: depth)
    }
  }
}
