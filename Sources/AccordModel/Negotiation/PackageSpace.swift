import AccordNumerics

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Bargaining over packages of several issues (D >= 2).
///
/// Utilities are separable: `u_i(y) = -sum_k s_ik |y_k - x_ik(p)|^gamma`, and an agent
/// supports a package when `u_i(y) >= u_i(q) + o_i`. Support sets are no longer
/// intervals, so win-sets and ZOPAs are found on a regular grid over [0, 1]^D (about
/// 10,000 points), membership of any single package is tested exactly, and the Nash
/// solution found on the grid is polished by GSL's Nelder-Mead inside the ZOPA. This
/// path is for worlds of modest size: it costs O(agents x grid) per round.
package struct PackageSpace: Sendable {
  package let issues: Int
  package let statusQuo: [Double]
  /// Grid points per issue.
  package let resolution: Int
  /// Grid points, flattened: point `g` is `points[g*D ..< (g+1)*D]`.
  package let points: [Double]
  package var pointCount: Int { points.count / issues }
  private let shape: UtilityShape

  package init(issues: Int, statusQuo: [Double], shape: UtilityShape) {
    precondition(issues >= 2 && statusQuo.count == issues)
    self.issues = issues
    self.statusQuo = statusQuo
    self.shape = shape
    resolution = [2: 101, 3: 21, 4: 11][issues] ?? 7
    let count = Int(pow(Double(resolution), Double(issues)))
    var points = [Double](repeating: 0, count: count * issues)
    for g in 0..<count {
      var rest = g
      for k in 0..<issues {
        points[g * issues + k] = Double(rest % resolution) / Double(resolution - 1)
        rest /= resolution
      }
    }
    self.points = points
  }

  /// One agent's position at a belief: ideal per issue, saliences, and the slack
  /// `sum_k s_k loss(q_k - x_k) - o` that a package's loss must not exceed.
  package struct Position: Sendable {
    package var ideal: [Double]
    package var salience: [Double]
    package var slack: Double
  }

  package func position(_ spec: AgentSpec, belief p: Double) -> Position {
    var ideal: [Double] = []
    var salience: [Double] = []
    var slack = -spec.outside
    for k in 0..<issues {
      let stance = spec.stance(k)
      let x = UtilityShape.ideal(base: stance.ideal, kappa: stance.kappa, belief: p)
      ideal.append(x)
      salience.append(stance.salience)
      slack += stance.salience * shape.loss(statusQuo[k] - x)
    }
    return Position(ideal: ideal, salience: salience, slack: slack)
  }

  /// `u(y) - d` for agent `spec` at belief `p`, without building a ``Position`` (the
  /// same arithmetic, in the same order).
  package func gain(_ spec: AgentSpec, belief p: Double, at y: UnsafeBufferPointer<Double>)
    -> Double
  {
    var slack = -spec.outside
    for k in 0..<issues {
      let stance = spec.stance(k)
      let x = UtilityShape.ideal(base: stance.ideal, kappa: stance.kappa, belief: p)
      slack += stance.salience * shape.loss(statusQuo[k] - x)
    }
    var loss = 0.0
    for k in 0..<issues {
      let stance = spec.stance(k)
      let x = UtilityShape.ideal(base: stance.ideal, kappa: stance.kappa, belief: p)
      loss += stance.salience * shape.loss(y[k] - x)
    }
    return slack - loss
  }

  /// `u(y) - d` for an agent at `position`.
  package func gain(_ position: Position, at y: UnsafeBufferPointer<Double>) -> Double {
    var loss = 0.0
    for k in 0..<issues { loss += position.salience[k] * shape.loss(y[k] - position.ideal[k]) }
    return position.slack - loss
  }

  package func gain(_ position: Position, at y: [Double]) -> Double {
    y.withUnsafeBufferPointer { gain(position, at: $0) }
  }

  /// Whether the agents in `members` (positions, weights, vetoes) make `y` winning.
  package func isWinning(
    at y: UnsafeBufferPointer<Double>, positions: [Position], weights: [Double], veto: [Bool],
    rule: QuotaRule
  ) -> Bool {
    var weight = 0.0
    var vetoes = 0
    for a in positions.indices where gain(positions[a], at: y) >= -1e-12 {
      weight += weights[a]
      if veto[a] { vetoes += 1 }
    }
    return rule.isWinning(weight: weight, vetoes: vetoes)
  }

  /// The win-set on the grid: `mask[g]` is true when point `g` is winning.
  package func winSet(positions: [Position], weights: [Double], veto: [Bool], rule: QuotaRule)
    -> [Bool]
  {
    points.withUnsafeBufferPointer { all in
      (0..<pointCount).map { g in
        isWinning(
          at: UnsafeBufferPointer(rebasing: all[g * issues..<(g + 1) * issues]),
          positions: positions,
          weights: weights, veto: veto, rule: rule)
      }
    }
  }

  /// Grid point nearest to `y` on a grid of `resolution` points per issue.
  static func nearestPoint(_ y: UnsafeBufferPointer<Double>, resolution: Int) -> Int {
    var g = 0
    var stride = 1
    for c in y.indices {
      g += Int((Swift.min(1, Swift.max(0, y[c])) * Double(resolution - 1)).rounded()) * stride
      stride *= resolution
    }
    return g
  }

  /// Grid point `g`.
  package func point(_ g: Int) -> [Double] { Array(points[g * issues..<(g + 1) * issues]) }

  /// The bounds of a mask's points on issue 1 and its share of the grid (NaN bounds when empty).
  package func bounds(_ mask: [Bool]) -> SetBounds {
    var lower = Double.infinity
    var upper = -Double.infinity
    var count = 0
    for g in mask.indices where mask[g] {
      lower = min(lower, points[g * issues])
      upper = max(upper, points[g * issues])
      count += 1
    }
    var b = SetBounds(IntervalSet())
    if count > 0 {
      b.lower = lower
      b.upper = upper
      b.width = Double(count) / Double(mask.count)
    }
    return b
  }

  /// The grid point of `mask` maximising `objective`, written to `best`; returns its
  /// value (minus infinity, and `best` untouched, when no point has a finite objective).
  ///
  /// The caller polishes it off the grid (``PackageIssues``, with Nelder-Mead).
  func bestPoint(
    over mask: [Bool], into best: UnsafeMutableBufferPointer<Double>,
    objective: (UnsafeBufferPointer<Double>) -> Double
  ) -> Double {
    var bestPoint = -1
    var bestValue = -Double.infinity
    points.withUnsafeBufferPointer { all in
      for g in mask.indices where mask[g] {
        let v = objective(UnsafeBufferPointer(rebasing: all[g * issues..<(g + 1) * issues]))
        if v > bestValue {
          bestPoint = g
          bestValue = v
        }
      }
    }
    guard bestPoint >= 0 else { return -.infinity }
    for k in 0..<issues { best[k] = points[bestPoint * issues + k] }
    return bestValue
  }
}
