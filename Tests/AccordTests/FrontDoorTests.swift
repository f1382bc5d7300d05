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

  /// Compares the public win-sets and ZOPAs with the time series' bounds columns of the
  /// same step, at every step of a run.
  struct BoundsCheck: StepObserver {
    let layout: ColumnLayout<StepRecord>
    let nations: [String]
    /// Steps at which some nation's win-set was non-empty, and steps checked.
    var nonEmpty = 0
    var steps = 0

    /// The column `name`'s value in `record`, NaN when missing.
    func column(_ name: String, _ record: StepRecord) -> Double {
      guard let index = layout.names.firstIndex(of: name) else {
        Issue.record("no column \(name)")
        return .nan
      }
      let cell = layout.cells[index]
      if case .number(let x) = cell.column.value(record, cell.index) { return x }
      return .nan
    }

    /// Whether `set` is the one interval `[lower, upper]`, or empty when both are NaN.
    func matches(_ set: IntervalSet, _ lower: Double, _ upper: Double) -> Bool {
      lower.isNaN
        ? set.isEmpty && upper.isNaN
        : set.count == 1 && set.minimum == lower
          && set.maximum == upper
    }

    mutating func observe(_ simulation: borrowing Simulation) throws -> StepControl {
      let record = simulation.record
      steps += 1
      let winSets = simulation.winSets
      #expect(winSets.count == nations.count)
      var some = false
      for (k, name) in nations.enumerated() {
        let lower = column("winset_lower_\(name)", record)
        let upper = column("winset_upper_\(name)", record)
        #expect(matches(winSets[k], lower, upper), "step \(record.step), nation \(name)")
        #expect(matches(simulation.plainWinSet(k), lower, upper))
        some = some || !winSets[k].isEmpty
      }
      if some { nonEmpty += 1 }
      #expect(
        matches(
          simulation.perceivedZOPA, column("pzopa_lower", record), column("pzopa_upper", record)))
      #expect(
        matches(simulation.trueZOPA, column("tzopa_lower", record), column("tzopa_upper", record)))
      // At theta* every nation's true win-set holds the true ZOPA.
      for set in simulation.trueWinSets where !simulation.trueZOPA.isEmpty {
        #expect(set.minimum <= simulation.trueZOPA.minimum + 1e-12)
        #expect(set.maximum >= simulation.trueZOPA.maximum - 1e-12)
      }
      return .proceed
    }
  }

  /// With two issues the public win-sets and ZOPAs are the package grid's, projected on
  /// issue 1: the time series' bounds columns at every step, not the empty sets of a
  /// one-issue phase.
  @Test func setsWithSeveralIssuesComeFromThePackageSpace() throws {
    let path = Self.root.appendingPathComponent("Configs/examples/logroll.yaml").path
    let loaded = try ConfigLoader.load(path: path)
    #expect(loaded.world.parameters.issues == 2)
    let nations = loaded.world.nations.map(\.name)
    var check = BoundsCheck(
      layout: ColumnLayout(StepRecord.columns, nations: nations, issues: 2), nations: nations)
    var simulation = try Simulation(world: loaded.world, seed: loaded.config.seed)
    try simulation.run(steps: loaded.config.steps, observer: &check)
    #expect(check.steps == simulation.step + 1)
    // Logroll's win-sets are not empty (each nation takes its own side of issue 1).
    #expect(check.nonEmpty == check.steps)
    #expect(!simulation.trueZOPA.isEmpty && !simulation.perceivedZOPA.isEmpty)
  }

  @Test func aBadConfigIsOneLocatedError() throws {
    let yaml = "seed: 1\nsteps: -3\n"
    #expect(throws: ConfigError.self) {
      _ = try ConfigLoader.load(yaml: yaml, path: "inline.yaml")
    }
  }
}
