import AccordNumerics
import AccordPower

/// What an observer tells the run loop after seeing a step.
public enum StepControl: Sendable {
  /// Go on to the next step (until the horizon or an agreement).
  case proceed
  /// End the run here: the step just observed is its last.
  case stop
}

/// Receives every step of a run, to stream it to disk or record it, and says whether
/// the run goes on.
///
/// The one run loop, ``Simulation/run(steps:observer:)``, serves `accord run`, the
/// sweeps, the explorer page and the benchmarks: each stops a run by returning
/// ``StepControl/stop`` (Ctrl-C, a closed tab, a stopping sweep), never by throwing.
public protocol StepObserver: ~Copyable {
  /// Called with the initial state (step 0) when a run starts, then after each step
  /// with the simulation in its post-step state.
  mutating func observe(_ simulation: borrowing Simulation) throws -> StepControl
}

/// One run of a world: the step loop of MODEL.md section 3.
///
/// Each phase of the step is a component that owns its parameters and buffers
/// (`EvidencePhase`, `SocialLearningPhase`, `EpistemicCommunity`, `Persuasion`
/// with `CoalitionTally`, `WinSetPhase` or `PackageIssues`, `NegotiationPhase`,
/// `BeliefStatistics`); `advance()` runs them in order. The simulation owns its random
/// stream and GSL workspaces, so runs on different threads share nothing. All per-step
/// buffers are allocated in `init`; the step calls no protocol or class methods per agent.
///
/// `init` also measures the initial state, the time series' step-0 row: steps 3-6 at
/// the prior beliefs (consensus, project, coalition, win-sets, ZOPA) with nothing that
/// acts (no evidence, learning, persuasion or negotiation round) and no random draw, so
/// steps 1, 2, ... are those of a run that never measured it.
public struct Simulation: ~Copyable {
  /// The world being run.
  public let world: World
  /// The run's seed: the dynamics' random stream and persuasion draw from it.
  public let seed: UInt32
  /// The agents' state after the last completed step.
  public internal(set) var agents: AgentState
  /// The last completed step's time-series row; before the first step, the initial
  /// state's (step 0).
  public internal(set) var record: StepRecord
  /// The last completed step (0 before the first).
  public private(set) var step = 0
  /// True once the run stopped at an agreement.
  public internal(set) var isFinished = false

  let random: RandomStream
  let evidence: EvidencePhase
  var learning: SocialLearningPhase
  /// Steps 3-7's phases shared by every issue space (community, tally, persuasion,
  /// negotiation).
  var phases: StepPhases
  var winSetPhase: WinSetPhase
  /// The package space with several issues (D >= 2); nil with one issue.
  var packages: PackageIssues?
  let beliefStatistics: BeliefStatistics
  /// Each nation's total weight.
  let nationWeights: [Double]
  let powerMethods: [PowerMethod]

  // The sets below are read through the issue space, so that with several issues they
  // are the package grid's sets projected on issue 1 (one interval each, as the time
  // series' bounds), not a one-issue phase that such a world never computes.

  /// Each nation's win-set at current beliefs (with side payments, where allowed); with
  /// several issues, its extent on issue 1.
  public var winSets: [IntervalSet] {
    let space = issueSpace
    var sets: [IntervalSet] = []
    for k in world.nations.indices {
      sets.append(Self.set(space.winSetIntervals(k, record: record)))
    }
    return sets
  }

  /// Each nation's win-set when everyone knows `theta*`; with several issues, its extent
  /// on issue 1.
  public var trueWinSets: [IntervalSet] {
    let space = issueSpace
    return world.nations.indices.map { Self.set(space.trueWinSetIntervals($0)) }
  }

  /// The perceived ZOPA at current beliefs; with several issues, its extent on issue 1.
  public var perceivedZOPA: IntervalSet {
    Self.set(issueSpace.zopaIntervals(record: record).perceived)
  }

  /// The true ZOPA (at `theta*`); with several issues, its extent on issue 1.
  public var trueZOPA: IntervalSet { Self.set(issueSpace.zopaIntervals(record: record).true) }

  /// Nation `k`'s win-set without side payments; with several issues, its extent on
  /// issue 1 (the package grid keeps one win-set per nation).
  public func plainWinSet(_ k: Int) -> IntervalSet {
    Self.set(issueSpace.plainWinSetIntervals(k, record: record))
  }

  /// An interval set from `[lower, upper]` pairs.
  static func set(_ intervals: [[Double]]) -> IntervalSet {
    IntervalSet(intervals.compactMap { $0.count == 2 && $0[0] <= $0[1] ? $0[0]...$0[1] : nil })
  }

  /// Prepares a run of `world` with the given seed; nothing is drawn yet.
  public init(world: World, seed: UInt32) throws {
    // Every throwing call comes before the first stored property is set: a
    // non-copyable initialiser cannot unwind a partly built value.
    let (power, quotas, methods) = try Self.power(of: world)
    let stream = try RandomStream(
      seed: SeedStreams.dynamics(seed), algorithm: world.parameters.randomAlgorithm)
    self.world = world
    self.seed = seed
    random = stream
    let (rules, international, veto) = Self.rules(of: world)
    nationWeights = rules.map(\.total)
    powerMethods = methods
    agents = AgentState(specs: world.agents, veto: veto)
    record = StepRecord(nations: world.nations.count, issues: world.parameters.issues)
    evidence = EvidencePhase(parameters: world.parameters.evidence, theta: world.parameters.theta)
    learning = SocialLearningPhase(world: world)
    phases = StepPhases(
      specs: world.agents, community: EpistemicCommunity(world: world),
      tally: CoalitionTally(world: world, rules: rules, international: international, power: power),
      persuasion: Persuasion(
        world: world, seed: seed, nationWeights: nationWeights, quotaWeight: quotas),
      negotiation: NegotiationPhase(world: world, rules: rules, international: international))
    winSetPhase = WinSetPhase(world: world, rules: rules, international: international, veto: veto)
    packages =
      world.parameters.issues > 1
      ? PackageIssues(world: world, rules: rules, international: international, veto: veto) : nil
    beliefStatistics = BeliefStatistics(world.parameters.clusters)
    // Believers and weights never change, so neither does the believers' share.
    record.believerShare =
      zip(world.nations, rules).reduce(0.0) { sum, pair in
        sum + pair.0.agents.reduce(0.0) {
          $0 + (world.agents[$1].believer ? world.agents[$1].weight : 0)
        }
          / pair.1.total
      } / Double(world.nations.count)
    record.trueZOPA = packages?.trueZOPABounds ?? winSetPhase.trueZOPABounds
    measure()
  }

  /// Runs up to `steps` steps (fewer if the run stops at an agreement), reporting the
  /// initial state first when the run has not started, then each step.
  ///
  /// - Returns: False when the observer stopped the run before its horizon or agreement.
  @discardableResult
  public mutating func run<O: StepObserver & ~Copyable>(steps: Int, observer: inout O) throws
    -> Bool
  {
    if step == 0, try observer.observe(self) == .stop { return step >= steps || isFinished }
    while step < steps && !isFinished {
      advance()
      if try observer.observe(self) == .stop { return step >= steps || isFinished }
    }
    return true
  }

  /// Runs up to `steps` steps without observing them.
  public mutating func run(steps: Int) {
    while step < steps && !isFinished { advance() }
  }

  /// Performs one step (MODEL.md section 3).
  public mutating func advance() {
    step += 1
    evidence.run(step: step, agents: agents, random: random)
    learning.run(agents: &agents, random: random)
    measure()
  }

  /// Steps 3-7 at current beliefs and the belief statistics, into `record`.
  ///
  /// At step 0 only the measuring part: no persuasion and no negotiation round, so no
  /// random draw and nothing that step 1 would not recompute from the same beliefs.
  private mutating func measure() {
    negotiateIssues()
    beliefStatistics.record(agents, into: &record)
    record.step = step
  }

  /// Steps 3-7 in whichever issue space the world has: the one place in the step that asks.
  private mutating func negotiateIssues() {
    if var space = packages {
      packages = nil  // keep the package buffers uniquely owned while they change
      isFinished = phases.run(
        over: &space, step: step, agents: agents, random: random, record: &record)
      packages = space
    } else {
      isFinished = phases.run(
        over: &winSetPhase, step: step, agents: agents, random: random, record: &record)
    }
  }

  /// The issue space's sets at current beliefs (into `record`) and its part of an
  /// inspection: the one place outside the step that asks which space the world has.
  mutating func inspectIssues() -> SpaceInspection {
    if var space = packages {
      packages = nil
      let part = Self.inspect(
        &space, world: world, agents: agents, phases: &phases, record: &record,
        nationWeights: nationWeights)
      packages = space
      return part
    }
    return Self.inspect(
      &winSetPhase, world: world, agents: agents, phases: &phases, record: &record,
      nationWeights: nationWeights)
  }

  /// `inspectIssues()` for one space, specialised.
  private static func inspect<S: IssueSpace>(
    _ space: inout S, world: World, agents: borrowing AgentState, phases: inout StepPhases,
    record: inout StepRecord, nationWeights: [Double]
  ) -> SpaceInspection {
    space.compute(agents: agents, specs: world.agents, record: &record)
    return space.inspection(
      world: world, agents: agents, negotiation: &phases.negotiation,
      nationWeights: nationWeights, record: record)
  }

  /// The issue space, for inspection and summaries (outside the step).
  var issueSpace: any IssueSpace {
    if let packages { return packages }
    return winSetPhase
  }

  /// Each nation's ratification rule as a quota rule, the international rule, and
  /// who holds a veto.
  private static func rules(of world: World) -> ([QuotaRule], QuotaRule, [Bool]) {
    var veto = [Bool](repeating: false, count: world.agents.count)
    var rules: [QuotaRule] = []
    for nation in world.nations {
      let weights = nation.agents.map { world.agents[$0].weight }
      let vetoes = nation.rule.vetoPlayers(
        weights: weights, executive: nation.executive - nation.agents.lowerBound)
      for local in vetoes { veto[nation.agents.lowerBound + local] = true }
      rules.append(
        QuotaRule(
          total: nation.agents.reduce(0.0) { $0 + world.agents[$1].weight },
          quota: nation.rule.quota(weights: weights), vetoPlayers: vetoes.count))
    }
    let internationalTotal = world.nations.reduce(0.0) { $0 + $1.internationalWeight }
    let international =
      switch world.parameters.negotiation.international {
      case .all: QuotaRule(total: internationalTotal, quota: 1, vetoPlayers: world.nations.count)
      case .quota(let q): QuotaRule(total: internationalTotal, quota: q, vetoPlayers: 0)
      }
    return (rules, international, veto)
  }

  /// Each agent's normalised Banzhaf index in its nation's game, each nation's absolute
  /// quota, and how the indices were computed.
  ///
  /// Banzhaf power never changes during a run: it is computed once. Large games with
  /// fractional weights are sampled with a fixed budget of coin flips, from a seed that
  /// depends only on the nation, so every replicate sees the same values.
  private static func power(of world: World) throws -> ([Double], [Double], [PowerMethod]) {
    var power = [Double](repeating: 0, count: world.agents.count)
    var quotas: [Double] = []
    var methods: [PowerMethod] = []
    for k in world.nations.indices {
      let game = try world.weightedGame(ofNation: k)
      let size = world.nations[k].agents.count
      let (shares, method) = PowerIndex.banzhafShares(
        game, samples: min(20_000, max(2_000, 5_000_000 / max(size, 1))), seed: UInt32(k + 1))
      for (local, i) in world.nations[k].agents.enumerated() { power[i] = shares[local] }
      quotas.append(game.quota)
      methods.append(method)
    }
    return (power, quotas, methods)
  }

}
