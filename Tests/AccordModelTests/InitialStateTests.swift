import AccordNumerics
import Testing

@testable import AccordModel

/// The step-0 row: the initial state, measured without acting.
@Suite struct InitialStateTests {
  /// Collects every observed row.
  struct Rows: StepObserver {
    var records: [StepRecord] = []
    mutating func observe(_ simulation: borrowing Simulation) throws -> StepControl {
      records.append(simulation.record)
      return .proceed
    }
  }

  /// Over random worlds (judgement noise in some nations, persuasion, negotiation):
  /// the step-0 row holds the prior beliefs' statistics and nothing that acts, and
  /// measuring it drew no random number.
  @Test func initialRowIsThePriorState() throws {
    let random = try RandomStream(seed: 91)
    for trial in 0..<20 {
      let world = try Fixtures.random(random, nations: 2 + random.uniformInt(3))
      let simulation = try Simulation(world: world, seed: UInt32(trial))
      let record = simulation.record
      #expect(record.step == 0)
      let priors = world.agents.map(\.prior.mean)
      let mean = priors.reduce(0, +) / Double(priors.count)
      let variance = priors.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(priors.count)
      #expect(abs(record.beliefMean - mean) < 1e-12)
      #expect(abs(record.beliefSD - variance.squareRoot()) < 1e-9)
      #expect(record.persuaded == 0)
      #expect(record.negotiation == .none)
      #expect(record.outcome.isNaN && record.outcomes.allSatisfy { $0.isNaN })
      // Believers' consensus at their priors, credibility-weighted.
      let believers = world.agents.filter(\.believer)
      if believers.isEmpty {
        #expect(record.consensus.isNaN)
      } else {
        let norm = believers.reduce(0) { $0 + $1.credibility }
        let consensus = believers.reduce(0) { $0 + $1.credibility * $1.prior.mean } / norm
        #expect(abs(record.consensus - consensus) < 1e-12)
      }
      // Membership and the tallies agree; believers are members.
      for (k, nation) in world.nations.enumerated() {
        let total = nation.agents.reduce(0.0) { $0 + world.agents[$1].weight }
        let weight = nation.agents.filter { simulation.agents.member[$0] }
          .reduce(0.0) { $0 + world.agents[$1].weight }
        #expect(abs(record.nationCoalitionShare[k] - weight / total) < 1e-9)
        #expect(simulation.perceivedZOPA.isSubset(of: simulation.winSets[k]))
        #expect(SetBounds(simulation.winSets[k]).width == record.nationWinSet[k].width)
      }
      for i in world.agents.indices where world.agents[i].believer {
        #expect(simulation.agents.member[i])
      }
      // The dynamics stream is where a fresh one starts: nothing was drawn.
      let fresh = try RandomStream(seed: SeedStreams.dynamics(UInt32(trial)))
      #expect(simulation.random.uniform() == fresh.uniform())
    }
  }

  /// With no evidence, learning or persuasion, the beliefs at step 1 are the priors,
  /// so step 1 measures what step 0 did (the negotiation columns apart).
  @Test func aQuietWorldMeasuresTheSameAtSteps0And1() throws {
    let world = try Fixtures.pair(
      Fixtures.agent("a", ideal: 0.8), Fixtures.agent("b", ideal: 0.2))
    var simulation = try Simulation(world: world, seed: 1)
    var rows = Rows()
    try simulation.run(steps: 5, observer: &rows)
    #expect(rows.records.map(\.step) == [0, 1])
    let (initial, first) = (rows.records[0], rows.records[1])
    // The analytic ZOPA of the unitary pair (SimulationTests): [0, 0.4].
    #expect(initial.perceivedZOPA == SetBounds(IntervalSet([0...0.4])))
    #expect(first.perceivedZOPA == initial.perceivedZOPA)
    #expect(first.nationWinSet == initial.nationWinSet)
    #expect(first.beliefMean == initial.beliefMean)
    #expect(initial.negotiation == .none && first.negotiation == .agreement)
    #expect(initial.outcome.isNaN && !first.outcome.isNaN)
  }

  /// The firsts count steps of the run: a coalition that blocks from the start has
  /// its first blocking step at 1, never 0.
  @Test func firstStepsStartAtOne() throws {
    // A veto-holding believer blocks under unanimity from the start.
    let agents = [
      Fixtures.agent("believer", belief: 0.9, ideal: 0.9, believer: true, kappa: 1),
      Fixtures.agent("sceptic", belief: 0.1, ideal: 0.1),
    ]
    let world = try Fixtures.world(agents, rule: .unanimity)
    var simulation = try Simulation(world: world, seed: 3)
    #expect(simulation.record.blocking)
    var rows = Rows()
    try simulation.run(steps: 3, observer: &rows)
    #expect(rows.records.map(\.step) == [0, 1, 2, 3])
    #expect(rows.records.allSatisfy { $0.blocking })
    #expect(simulation.summary().firstBlockingStep == 1)
  }

  /// Observing twice (a run continued) reports step 0 once.
  @Test func aContinuedRunReportsStepZeroOnce() throws {
    let random = try RandomStream(seed: 4)
    var simulation = try Simulation(world: try Fixtures.random(random), seed: 9)
    var rows = Rows()
    try simulation.run(steps: 2, observer: &rows)
    try simulation.run(steps: 4, observer: &rows)
    #expect(rows.records.map(\.step) == [0, 1, 2, 3, 4])
  }
}
