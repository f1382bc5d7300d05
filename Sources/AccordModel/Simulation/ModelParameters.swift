/// How agreement is reached between nations.
public enum InternationalRule: Sendable, Equatable {
  /// Every nation must ratify.
  case all
  /// Nations holding at least `quota` of the international weight must ratify.
  case quota(Double)
}

/// When negotiations happen and what ends a run (MODEL.md section 3, step 7).
public struct NegotiationParameters: Sendable, Equatable {
  /// Executives negotiate every `interval` steps.
  public var interval: Int = 1
  /// End the run at the first ratified agreement.
  public var stopAtAgreement: Bool = true
  /// Every nation must ratify, or a weighted quota of them.
  public var international: InternationalRule = .all
  /// With several issues: bargain over packages (true), or settle each issue on its
  /// own with the others at the status quo (false; a negotiator ruled linkage out).
  public var linkage = true

  /// Parameters with negotiations every `interval` steps, stopping and the international rule.
  public init(
    interval: Int = 1, stopAtAgreement: Bool = true, international: InternationalRule = .all
  ) {
    self.interval = interval
    self.stopAtAgreement = stopAtAgreement
    self.international = international
  }
}

/// How opinion clusters are counted in the time series.
public struct ClusterParameters: Sendable, Equatable {
  /// Sorted beliefs further apart than `gap` start a new cluster.
  public var gap: Double = 0.02
  /// Clusters holding less than this share of agents are not counted.
  public var minShare: Double = 0.02

  /// Parameters with the bin width `gap` and the smallest counted share `minShare`.
  public init(gap: Double = 0.02, minShare: Double = 0.02) {
    self.gap = gap
    self.minShare = minShare
  }
}

/// Every world-level parameter of the model.
public struct ModelParameters: Sendable, Equatable {
  /// The true state `theta*`: the probability that a trial supports hypothesis H.
  public var theta: Double = 0.7
  /// The utility's exponent and issue 1's status quo.
  public var utility = UtilityShape()
  /// The status quo on issues 2...D (empty with one issue; issue 1's is `utility.statusQuo`).
  public var otherStatusQuos: [Double] = []
  /// The status quo on every issue.
  public var statusQuos: [Double] { [utility.statusQuo] + otherStatusQuos }
  /// The number of issues D.
  public var issues: Int { 1 + otherStatusQuos.count }
  /// How evidence arrives.
  public var evidence = EvidenceParameters()
  /// Social learning.
  public var learning = LearningParameters()
  /// The epistemic community's recruitment.
  public var persuasion = PersuasionParameters()
  /// Rounds, the international rule and stopping.
  public var negotiation = NegotiationParameters()
  /// How opinion clusters are counted.
  public var clusters = ClusterParameters()
  /// The GSL generator algorithm.
  public var randomAlgorithm = "mt19937"

  /// The defaults of a config without keys.
  public init() {}
}
