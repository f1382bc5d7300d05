/// The utility family: `u(y | p) = -s |y - x(p)|^gamma`, with status quo `q`.
///
/// In one dimension every agent's support set `{y : u(y) >= u(q) + o}` is an interval
/// for gamma in {1, 2}, which is what makes win-sets exact.
public struct UtilityShape: Sendable, Equatable {
  /// The exponent, 1 (linear loss) or 2 (quadratic loss).
  public var gamma: Int
  /// The status quo `q`, the outcome when there is no agreement.
  public var statusQuo: Double

  /// A shape with exponent `gamma` and issue 1's status quo `q`.
  public init(gamma: Int = 2, statusQuo: Double = 0) {
    precondition(gamma == 1 || gamma == 2, "gamma must be 1 or 2")
    self.gamma = gamma
    self.statusQuo = statusQuo
  }

  /// The ideal point given belief `p`: `clamp(x0 + kappa (p - 1/2), 0, 1)`.
  @inline(__always)
  public static func ideal(base x0: Double, kappa: Double, belief p: Double) -> Double {
    min(1, max(0, x0 + kappa * (p - 0.5)))
  }

  /// The loss `|d|^gamma` at distance `d`.
  @inline(__always)
  public func loss(_ d: Double) -> Double { gamma == 2 ? d * d : abs(d) }

  /// Utility of policy `y` to an agent with ideal `x` and salience `s`.
  @inline(__always)
  public func utility(_ y: Double, ideal x: Double, salience s: Double) -> Double {
    -s * loss(y - x)
  }

  /// Reservation value `d = u(q) + o`.
  @inline(__always)
  public func reservation(ideal x: Double, salience s: Double, outside o: Double) -> Double {
    -s * loss(statusQuo - x) + o
  }

  /// The policies in [0, 1] the agent supports over no agreement; empty as `(+inf, -inf)`.
  @inline(__always)
  public func supportInterval(ideal x: Double, salience s: Double, outside o: Double)
    -> (lower: Double, upper: Double)
  {
    let ratio = s > 0 ? o / s : (o <= 0 ? -Double.infinity : .infinity)
    return supportInterval(ideal: x, outsideRatio: ratio)
  }

  /// The support interval given `o / s` (minus infinity: supports everything, for
  /// an agent with no salience and no better outside option).
  @inline(__always)
  public func supportInterval(ideal x: Double, outsideRatio ratio: Double)
    -> (lower: Double, upper: Double)
  {
    // Branch-free: whether an agent supports anything is unpredictable across agents.
    let slack = loss(statusQuo - x) - ratio
    let r = gamma == 2 ? max(slack, 0).squareRoot() : max(slack, 0)
    let lo = max(0, x - r)
    let hi = min(1, x + r)
    let empty = !(slack >= 0)
    return (empty ? .infinity : lo, empty ? -.infinity : hi)
  }
}
