import Accord
import Foundation
import Testing

/// The `Accord` product used as "Run a world from Swift" shows it.
@Suite struct FrontDoorTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

  struct BeliefTrace: StepObserver {
    var means: [Double] = []
    var steps: [Int] = []
    mutating func observe(_ simulation: borrowing Simulation) throws -> StepControl {
      means.append(simulation.record.beliefMean)
      steps.append(simulation.step)
      return .proceed
    }
  }

  @Test func runsAWorldAsTheArticleShows() throws {
    let path = Self.root.appendingPathComponent("Configs/examples/quickstart.yaml").path
    let loaded = try ConfigLoader.load(path: path)
    var simulation = try Simulation(world: loaded.world, seed: loaded.config.seed)
    simulation.run(steps: loaded.config.steps)
    let summary = simulation.summary()
    #expect(summary.steps == simulation.step)
    #expect(summary.steps >= 1 && summary.steps <= loaded.config.steps)

    // The observed run is the same run: same seed, same summary, one call per step.
    var trace = BeliefTrace()
    var observed = try Simulation(world: loaded.world, seed: loaded.config.seed)
    try observed.run(steps: loaded.config.steps, observer: &trace)
    // Step 0 (the priors' state) first, then each step.
    #expect(trace.steps == Array(0...summary.steps))
    let priors = loaded.world.agents.map(\.prior.mean)
    #expect(abs(trace.means[0] - priors.reduce(0, +) / Double(priors.count)) < 1e-12)
    #expect(trace.means.allSatisfy { $0 >= 0 && $0 <= 1 })
    #expect(trace.means.last == summary.finalBeliefMean)
    #expect(observed.summary().agreementStep == summary.agreementStep)
    #expect(observed.summary().outcome == summary.outcome)
  }

  /// With two issues the public win-sets and ZOPAs are the package grid's, projected on
  /// issue 1: the time series' bounds, not the empty sets of a one-issue phase.
  @Test func setsWithSeveralIssuesComeFromThePackageSpace() throws {
    let path = Self.root.appendingPathComponent("Configs/examples/logroll.yaml").path
    let loaded = try ConfigLoader.load(path: path)
    #expect(loaded.world.parameters.issues == 2)
    var simulation = try Simulation(world: loaded.world, seed: loaded.config.seed)
    simulation.run(steps: 1)
    let record = simulation.record
    let winSets = simulation.winSets
    #expect(winSets.count == loaded.world.nations.count)
    var nonEmpty = 0
    for (k, set) in winSets.enumerated() {
      let bounds = record.nationWinSet[k]
      if bounds.lower.isNaN {
        #expect(set.isEmpty)
        continue
      }
      nonEmpty += 1
      #expect(set.minimum == bounds.lower && set.maximum == bounds.upper)
      #expect(simulation.plainWinSet(k) == set)
    }
    #expect(nonEmpty > 0)
    let zopa = record.perceivedZOPA
    if zopa.lower.isNaN {
      #expect(simulation.perceivedZOPA.isEmpty)
    } else {
      #expect(simulation.perceivedZOPA.minimum == zopa.lower)
      #expect(simulation.perceivedZOPA.maximum == zopa.upper)
    }
    #expect(simulation.trueZOPA.minimum == record.trueZOPA.lower)
    #expect(simulation.trueZOPA.maximum == record.trueZOPA.upper)
    // At theta* every nation's true win-set holds the true ZOPA.
    for set in simulation.trueWinSets where !simulation.trueZOPA.isEmpty {
      #expect(set.minimum <= simulation.trueZOPA.minimum + 1e-12)
      #expect(set.maximum >= simulation.trueZOPA.maximum - 1e-12)
    }
  }

  @Test func aBadConfigIsOneLocatedError() throws {
    let yaml = "seed: 1\nsteps: -3\n"
    #expect(throws: ConfigError.self) {
      _ = try ConfigLoader.load(yaml: yaml, path: "inline.yaml")
    }
  }
}
