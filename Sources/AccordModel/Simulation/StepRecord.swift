/// What a negotiation round came to.
public enum NegotiationResult: String, Sendable, CaseIterable, Codable {
  /// No round this step.
  case none
  /// The perceived ZOPA (as the executives judge it) was empty.
  case noZOPA = "no-zopa"
  /// A ZOPA existed but no point of it left every executive at least as well off.
  case noDeal = "no-deal"
  /// A deal was signed and ratified everywhere the international rule requires.
  case agreement
  /// A signed deal failed ratification: an involuntary defection.
  case defection
  /// An earlier agreement stands; no more rounds.
  case inForce = "in-force"
}

/// Bounds and size of a ZOPA or win-set: NaN bounds when it is empty.
public struct SetBounds: Sendable, Equatable {
  public var lower: Double
  public var upper: Double
  /// Total length of the set (it may be a union of intervals).
  public var width: Double

  public init(_ set: IntervalSet) {
    lower = set.minimum
    upper = set.maximum
    width = set.measure
  }
}

/// One row of the time series (MODEL.md section 4).
///
/// Reused from step to step.
public struct StepRecord: Sendable {
  public var step = 0
  public var beliefMean = Double.nan
  public var beliefSD = Double.nan
  public var clusters = 0
  /// Believers' weight share, averaged over nations.
  public var believerShare = 0.0
  /// The believers' consensus `p_EC` (NaN without believers).
  public var consensus = Double.nan
  /// The believers' policy project `y_EC` (NaN without believers).
  public var project = Double.nan
  /// Successful persuasions this step.
  public var persuaded = 0
  /// Epistemic coalition's weight share, averaged over nations.
  public var coalitionShare = 0.0
  /// The coalition blocks internationally: it blocks in enough nations that no deal can pass.
  public var blocking = false
  /// The coalition is winning in enough nations to carry a deal internationally.
  public var winning = false
  public var nationCoalitionShare: [Double]
  /// The coalition's share of Banzhaf power in each nation's ratification game.
  public var nationPowerShare: [Double]
  /// Each nation's win-set: bounds (on issue 1) and size (length, or with several
  /// issues the share of the policy space).
  public var nationWinSet: [SetBounds]
  /// The agreed policy on every issue (NaN until an agreement).
  public var outcomes: [Double]
  public var nationBlocking: [Bool]
  public var nationWinning: [Bool]
  public var perceivedZOPA = SetBounds(IntervalSet())
  public var trueZOPA = SetBounds(IntervalSet())
  public var negotiation = NegotiationResult.none
  /// The agreed policy (NaN until an agreement).
  public var outcome = Double.nan

  init(nations: Int, issues: Int = 1) {
    nationWinSet = [SetBounds](repeating: SetBounds(IntervalSet()), count: nations)
    outcomes = [Double](repeating: .nan, count: issues)
    nationCoalitionShare = [Double](repeating: 0, count: nations)
    nationPowerShare = [Double](repeating: 0, count: nations)
    nationBlocking = [Bool](repeating: false, count: nations)
    nationWinning = [Bool](repeating: false, count: nations)
  }
}
