import AccordNumerics

/// The space the negotiation is over: one issue (exact intervals, ``WinSetPhase``) or a
/// package of D >= 2 issues (a grid, ``PackageIssues``).
///
/// Steps 4-7 of the step are written once, generic over this protocol
/// (`StepPhases.run(over:step:agents:random:record:)`), and specialised for each space:
/// the step calls no existential. Inspection, run summaries and outcome metrics read the
/// space's win-sets and ZOPAs through the interval views below, and take the parts that
/// differ by space (the deal, gains, Pareto checks) from its `inspection`, `dealFacts`
/// and `outcomeMetrics`, instead of asking which space it is.
protocol IssueSpace {
  /// The membership test of the epistemic coalition in this space.
  associatedtype Support: ProjectSupport

  /// The community's project at `consensus` (kept by the space); returns issue 1's
  /// value, the time series' `project`.
  mutating func project(
    consensus: Double, community: inout EpistemicCommunity, agents: borrowing AgentState,
    specs: [AgentSpec]
  ) -> Double

  /// The membership test for the project last set by `project(consensus:...)`.
  func support(agents: borrowing AgentState, project: Double) -> Support

  /// Every nation's win-set and the perceived ZOPA at current beliefs, into `record`.
  mutating func compute(agents: borrowing AgentState, specs: [AgentSpec], record: inout StepRecord)

  /// A negotiation round at current win-sets; true when the run stops at an agreement.
  mutating func negotiate(
    step: Int, project: Double, agents: borrowing AgentState, specs: [AgentSpec],
    negotiation: inout NegotiationPhase, random: borrowing RandomStream,
    record: inout StepRecord
  ) -> Bool

  /// The true ZOPA's bounds on issue 1 (computed once, at `theta*`).
  var trueZOPABounds: SetBounds { get }

  /// Nation `k`'s current win-set as intervals on issue 1 (a package space gives its
  /// projection, one interval).
  func winSetIntervals(_ k: Int, record: borrowing StepRecord) -> [[Double]]

  /// Nation `k`'s win-set at `theta*`, as intervals on issue 1 (a package space gives its
  /// projection, one interval).
  func trueWinSetIntervals(_ k: Int) -> [[Double]]

  /// Nation `k`'s current win-set without side payments, as intervals on issue 1.
  func plainWinSetIntervals(_ k: Int, record: borrowing StepRecord) -> [[Double]]

  /// Nation `k`'s win-set's share of the space, where the space measures it (packages).
  func winSetShare(_ k: Int, record: borrowing StepRecord) -> Double?

  /// The perceived and the true ZOPA as intervals on issue 1.
  func zopaIntervals(record: borrowing StepRecord) -> (perceived: [[Double]], true: [[Double]])

  /// The space's part of an inspection at current beliefs, after `compute`: the deal the
  /// executives would make, each nation's gain from it, and what blocks when there is none.
  mutating func inspection(
    world: World, agents: borrowing AgentState, negotiation: inout NegotiationPhase,
    nationWeights: [Double], record: borrowing StepRecord
  ) -> SpaceInspection

  /// The run summary's facts about the deal, in true utilities: gains, the best joint
  /// gain over the true ZOPA and a Pareto improvement inside it.
  func dealFacts(_ inputs: DealInputs) -> DealFacts

  /// The ``OutcomeMetrics`` of deal `y` (one value per issue), in true utilities.
  func outcomeMetrics(deal y: [Double], world: World) -> OutcomeMetrics
}

extension IssueSpace {
  /// The intervals of an exact set, as `[lower, upper]` pairs.
  static func intervals(_ set: IntervalSet) -> [[Double]] {
    set.intervals.map { [$0.lowerBound, $0.upperBound] }
  }

  /// A grid set's extent on issue 1, as one interval (empty when the set is).
  static func projection(_ b: SetBounds) -> [[Double]] {
    b.lower.isNaN ? [] : [[b.lower, b.upper]]
  }
}

extension WinSetPhase: IssueSpace {
  mutating func project(
    consensus: Double, community: inout EpistemicCommunity, agents: borrowing AgentState,
    specs: [AgentSpec]
  ) -> Double {
    community.project(consensus: consensus, agents: agents)
  }

  func support(agents: borrowing AgentState, project: Double) -> IntervalSupport {
    IntervalSupport(project: project)
  }

  mutating func compute(agents: borrowing AgentState, specs: [AgentSpec], record: inout StepRecord)
  {
    compute(agents: agents, specs: specs)
    record.perceivedZOPA = SetBounds(perceivedZOPA)
    for k in nations.indices { record.nationWinSet[k] = SetBounds(winSets[k]) }
  }

  mutating func negotiate(
    step: Int, project: Double, agents: borrowing AgentState, specs: [AgentSpec],
    negotiation: inout NegotiationPhase, random: borrowing RandomStream,
    record: inout StepRecord
  ) -> Bool {
    negotiation.run(
      step: step, project: project, winSets: &self, agents: agents, specs: specs, random: random,
      record: &record)
  }

  var trueZOPABounds: SetBounds { SetBounds(trueZOPA) }

  func winSetIntervals(_ k: Int, record: borrowing StepRecord) -> [[Double]] {
    Self.intervals(winSets[k])
  }

  func plainWinSetIntervals(_ k: Int, record: borrowing StepRecord) -> [[Double]] {
    Self.intervals(plainWinSet(k))
  }

  func trueWinSetIntervals(_ k: Int) -> [[Double]] { Self.intervals(trueWinSets[k]) }

  func winSetShare(_ k: Int, record: borrowing StepRecord) -> Double? { nil }

  func zopaIntervals(record: borrowing StepRecord) -> (perceived: [[Double]], true: [[Double]]) {
    (Self.intervals(perceivedZOPA), Self.intervals(trueZOPA))
  }
}

extension PackageIssues: IssueSpace {
  mutating func project(
    consensus: Double, community: inout EpistemicCommunity, agents: borrowing AgentState,
    specs: [AgentSpec]
  ) -> Double {
    community.project(consensus: consensus, issues: space.issues, specs: specs, into: &project)
    return project[0]
  }

  func support(agents: borrowing AgentState, project: Double) -> PackageSupport {
    support(agents)
  }

  mutating func compute(agents: borrowing AgentState, specs: [AgentSpec], record: inout StepRecord)
  {
    compute(agents: agents, record: &record)
  }

  mutating func negotiate(
    step: Int, project: Double, agents: borrowing AgentState, specs: [AgentSpec],
    negotiation: inout NegotiationPhase, random: borrowing RandomStream,
    record: inout StepRecord
  ) -> Bool {
    run(step: step, agents: agents, negotiation: &negotiation, random: random, record: &record)
  }

  var trueZOPABounds: SetBounds { space.bounds(trueZOPAMask) }

  func winSetIntervals(_ k: Int, record: borrowing StepRecord) -> [[Double]] {
    Self.projection(record.nationWinSet[k])
  }

  func plainWinSetIntervals(_ k: Int, record: borrowing StepRecord) -> [[Double]] {
    Self.projection(record.nationWinSet[k])
  }

  func trueWinSetIntervals(_ k: Int) -> [[Double]] { Self.projection(trueWinSetBounds[k]) }

  func winSetShare(_ k: Int, record: borrowing StepRecord) -> Double? {
    record.nationWinSet[k].width
  }

  func zopaIntervals(record: borrowing StepRecord) -> (perceived: [[Double]], true: [[Double]]) {
    (Self.projection(record.perceivedZOPA), Self.projection(record.trueZOPA))
  }
}
