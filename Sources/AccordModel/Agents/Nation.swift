/// A nation: its factions (a contiguous range of agents), executive and rules.
public struct Nation: Sendable, Equatable {
  /// The nation's name, used in column names.
  public var name: String
  /// The nation's agents, as indices into ``World/agents``.
  public var agents: Range<Int>
  /// The ratification rule.
  public var rule: RatificationRule
  /// The negotiator: an index into ``World/agents`` inside `agents`.
  public var executive: Int
  /// Nash bargaining weight `omega_n`.
  public var bargainingWeight: Double
  /// Standard deviation `sigma_n` of the executives' error in judging this nation's win-set.
  public var judgementNoise: Double
  /// Per-executive judgement of this nation's win-set.
  ///
  /// Its own executive's error sd (0: it knows the set); every other executive then draws its own error of sd
  /// `judgementNoise`. Nil (the default): one shared judgement that every executive sees.
  public var ownJudgementNoise: Double?
  /// Weight of the nation in an international quota rule.
  public var internationalWeight: Double
  /// Side-payment efficiency `lambda_sp` in [0, 1]: a unit paid between factions
  /// arrives as `lambda_sp` (0: no internal linkage).
  public var sidePaymentEfficiency: Double

  /// A nation of the agents `agents`; the executive defaults to the first of them.
  public init(
    name: String, agents: Range<Int>, rule: RatificationRule = .majority, executive: Int? = nil,
    bargainingWeight: Double = 1, judgementNoise: Double = 0, internationalWeight: Double = 1,
    sidePaymentEfficiency: Double = 0, ownJudgementNoise: Double? = nil
  ) {
    self.name = name
    self.agents = agents
    self.rule = rule
    self.executive = executive ?? agents.lowerBound
    self.bargainingWeight = bargainingWeight
    self.judgementNoise = judgementNoise
    self.ownJudgementNoise = ownJudgementNoise
    self.internationalWeight = internationalWeight
    self.sidePaymentEfficiency = sidePaymentEfficiency
  }
}
