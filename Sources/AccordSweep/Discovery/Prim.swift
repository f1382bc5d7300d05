import Foundation

/// Scenario discovery by PRIM, the patient rule induction method (Friedman and Fisher
/// 1999), as the EMA workbench's `prim.Prim` applies it (version 2.5, lenient-1
/// objective): the box of factor values that holds the runs where a condition is true.
///
/// A box has explicit limits: each factor starts at the range of all runs (a categorical
/// factor at all its levels), and a limit moves only when a peel or a paste moves it. A
/// factor is restricted when its limits differ from the starting ones, never because the
/// runs inside happen not to reach the edge.
///
/// **Peeling** repeatedly cuts one face. The candidates are, per factor:
/// - real: the runs below the `peelAlpha` quantile of the box's values, or above the
///   `1 - peelAlpha` one (the workbench's quantile: the midpoint between two distinct
///   neighbouring values, so a limit falls between runs); the new limit is that quantile;
/// - integer: the same quantile truncated to an integer, removing at least the edge
///   value, the new limit being the extreme value kept;
/// - categorical: one level removed.
///
/// The candidate kept is the one with the largest gain in density per run removed (the
/// "lenient 1" objective); on equal gains, the one leaving more factors unrestricted,
/// then the first in the order real, integer, categorical factors (upper face before
/// lower). Peeling stops when no candidate raises the density, or the box would fall
/// below `minMass` of the runs.
///
/// **Pasting** then grows the last box again: per restricted factor, its lower limit
/// moved down to the `1 - pasteAlpha` quantile of the runs just below it that meet the
/// other limits (the upper limit up to the `pasteAlpha` quantile above it), or one
/// removed level restored. A paste is kept when it raises the density, and pasting
/// stops when none does. Each peel and paste adds a box to the trajectory.
///
/// Each box has a coverage (share of all runs meeting the condition that lie in the
/// box), a density (share of the box's runs that meet it) and a mass (share of all runs
/// in the box). Each moved limit gets a quasi-p-value (Bryant and Lempert 2010; the
/// workbench's): with that one limit relaxed to its starting value, the chance that a
/// box of as many runs holds at least as many positive runs,
/// `P(Binomial(n_box, p_relaxed) >= k_box)`. Small values say the limit matters.
///
/// One deviation from the workbench: it pastes only when a real factor is restricted (a
/// `return` inside its loop over factor types); accord pastes integer and categorical
/// factors too.
package struct Prim: Sendable {
  /// How a factor is peeled and pasted.
  package enum Kind: Sendable, Equatable {
    case real
    case integer
    /// Values are the level indices 0, 1, ... of `levels`.
    case categorical(levels: [String])
  }

  /// A factor's name and kind.
  package struct Factor: Sendable, Equatable {
    package var name: String
    package var kind: Kind

    package init(name: String, kind: Kind) {
      self.name = name
      self.kind = kind
    }
  }

  /// The workbench's parameters, with its defaults.
  package struct Settings: Sendable, Equatable {
    /// Share of the box's runs removed by one peel.
    package var peelAlpha = 0.05
    /// Share of the runs next to the box added by one paste.
    package var pasteAlpha = 0.05
    /// Peeling never leaves fewer than this share of all runs in the box.
    package var minMass = 0.05
    /// The density a box must reach to count as found.
    package var threshold = 0.8
    /// Whether the peeled box is pasted.
    package var paste = true

    package init() {}
  }

  /// One factor's limits in a box.
  package struct Limit: Sendable, Equatable {
    /// Inclusive range of a real or integer factor (unused for a categorical one).
    package var lower: Double
    package var upper: Double
    /// For a categorical factor, whether each level is inside the box.
    package var levels: [Bool]?

    /// Whether value `v` of the factor lies within the limit.
    @inline(__always) func contains(_ v: Double) -> Bool {
      if let levels {
        let i = Int(v)
        return i >= 0 && i < levels.count && levels[i]
      }
      return lower <= v && v <= upper
    }
  }

  /// How a box entered the trajectory.
  package enum Phase: String, Sendable {
    case start, peel, paste
  }

  /// The quasi-p-values of one restricted factor's limits.
  ///
  /// nil where that limit did not move. A categorical factor has one, reported as `lower`, as the workbench reports it.
  package struct QuasiP: Sendable, Equatable {
    package var lower: Double?
    package var upper: Double?
  }

  /// One box of the peeling-and-pasting trajectory.
  package struct Box: Sendable, Equatable {
    package var limits: [Limit]
    /// Per factor: whether its limits differ from the starting box's.
    package var restricted: [Bool]
    package var phase: Phase
    /// Runs in the box, and those meeting the condition.
    package var count: Int
    package var hits: Int
    package var coverage: Double
    package var density: Double
    package var mass: Double
    /// Per factor: nil where not restricted.
    package var quasiP: [QuasiP?]

    /// Number of restricted factors.
    package var restrictedCount: Int { restricted.filter { $0 }.count }

    /// The harmonic mean of coverage and density (the F1 score of the box as a
    /// classifier of the condition).
    package var fScore: Double {
      coverage + density > 0 ? 2 * coverage * density / (coverage + density) : 0
    }
  }

  /// Why the chosen box was chosen.
  package enum Selection: Sendable, Equatable {
    /// Among the boxes whose density reaches the threshold, the best F1 score.
    case threshold
    /// No box reaches the threshold: the densest box, which does not count as found.
    case densest
    /// Picked by the user (`--box N`).
    case requested
  }

  package var factors: [Factor]
  package var settings: Settings
  package var trajectory: [Box]
  /// Index of the chosen box in `trajectory`.
  package var chosen: Int
  package var selection: Selection

  /// Whether a box reaching the threshold density was found.
  package var found: Bool { trajectory.contains { $0.density >= settings.threshold } }

  /// Runs PRIM on the runs' factor values `x` and condition `y`.
  ///
  /// `x` has one row of factor values per run (a categorical factor's value is its level
  /// index), `y` the condition per run. `box` selects a box of the
  /// trajectory instead of the default choice.
  package static func discover(
    factors: [Factor], x: [[Double]], y: [Bool], settings: Settings = Settings(),
    box: Int? = nil
  ) throws(PrimError) -> Prim {
    var engine = try Engine(factors: factors, x: x, y: y, settings: settings)
    let trajectory = engine.run()
    var prim = Prim(
      factors: factors, settings: settings, trajectory: trajectory, chosen: 0,
      selection: .threshold)
    if let box {
      guard trajectory.indices.contains(box) else {
        throw PrimError(
          "--box \(box) is out of range; the trajectory has boxes 0 to \(trajectory.count - 1)",
          aboutData: false)
      }
      prim.chosen = box
      prim.selection = .requested
    } else {
      (prim.chosen, prim.selection) = Self.choose(trajectory, threshold: settings.threshold)
    }
    return prim
  }

  /// The default choice: among boxes whose density reaches `threshold`, the best F1
  /// score (then the larger coverage, then the earlier box); when none reaches it, the
  /// densest box (then the larger coverage, then the earlier box).
  static func choose(_ trajectory: [Box], threshold: Double) -> (Int, Selection) {
    func best(_ indices: [Int], by key: (Box) -> Double) -> Int? {
      indices.min { a, b in
        let (p, q) = (trajectory[a], trajectory[b])
        if key(p) != key(q) { return key(p) > key(q) }
        if p.coverage != q.coverage { return p.coverage > q.coverage }
        return a < b
      }
    }
    let qualifying = trajectory.indices.filter { trajectory[$0].density >= threshold }
    if let i = best(qualifying, by: \.fScore) { return (i, .threshold) }
    return (best(Array(trajectory.indices), by: \.density) ?? 0, .densest)
  }

  /// The workbench's quantile (after the sdtoolkit): the midpoint between the values at
  /// the two positions around `q`, moved outward past equal values so that the result
  /// separates two distinct values where it can.
  static func quantile(sorted data: [Double], _ q: Double) -> Double {
    let position = Double(data.count - 1) * q
    var lower = Int(position.rounded(.down))
    var higher = Int(position.rounded(.up))
    if q > 0.5 {
      while data[lower] == data[higher] && lower > 0 { lower -= 1 }
    } else {
      while data[lower] == data[higher] && higher < data.count - 1 { higher += 1 }
    }
    return (data[lower] + data[higher]) / 2
  }

  /// `P(X >= k)` for `X ~ Binomial(n, p)`, summed in log space.
  static func binomialTail(atLeast k: Int, trials n: Int, p: Double) -> Double {
    guard k > 0 else { return 1 }
    guard k <= n else { return 0 }
    if p <= 0 { return 0 }
    if p >= 1 { return 1 }
    var total = 0.0
    for i in k...n {
      // Typed parts, in the same order of operations: as one expression this took the type
      // checker 5 s.
      let choose: Double =
        lgamma(Double(n + 1)) - lgamma(Double(i + 1)) - lgamma(Double(n - i + 1))
      let successes: Double = Double(i) * Foundation.log(p)
      let failures: Double = Double(n - i) * Foundation.log1p(-p)
      total += exp(choose + successes + failures)
    }
    return min(1, total)
  }
}

/// Input PRIM cannot work on, or a box that does not exist.
package struct PrimError: Error, CustomStringConvertible {
  package var description: String
  /// Whether the data are at fault (a message about a store names it), not the request.
  package var aboutData: Bool

  init(_ description: String, aboutData: Bool = true) {
    self.description = description
    self.aboutData = aboutData
  }
}
