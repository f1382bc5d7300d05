import AccordConfig
import AccordSweep
import ArgumentParser

/// `accord validate CONFIG`: check a file without running it.
struct ValidateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "validate",
    abstract: "Check a config file (keys, ranges, names, network) without running it.")

  @Argument(help: "The world's YAML config file.")
  var config: String

  @OptionGroup var overrides: ConfigOverrideOptions

  @OptionGroup var resources: ResourceOptions

  func run() throws {
    // Nothing to save: a signal ends validate at once, whatever it is computing.
    let interrupt = Interrupt(message: "")
    defer { withExtendedLifetime(interrupt) {} }
    let parsed = try overrides.parsed()
    // Refused before the world is built (a 320 GB world would fail to allocate).
    try resources.check(ConfigOverride.cost(path: config, overrides: parsed).cost, config: config)
    let checked = try ConfigOverride.check(path: config, overrides: parsed)
    let nations = zip(checked.config.nations, zip(checked.nationAgents, checked.rules)).map {
      "\($0.name) (\($1.0), \($1.1))"
    }
    print("ok: \(config)")
    print("  nations: \(nations.joined(separator: ", "))")
    print("  agents: \(checked.agents), believers: \(checked.believers)")
    // Random networks not drawn give their expected size; the others are exact.
    let drawn = [.erdosRenyi, .barabasiAlbert].contains(checked.config.network.type)
    let edges =
      checked.built || !drawn ? "\(checked.edges) edges" : "about \(checked.edges) edges expected"
    print(
      "  network: \(checked.config.network.type.rawValue), \(edges), "
        + "mean degree \(String(format: "%.2f", checked.meanDegree))")
    print("  steps: \(checked.config.steps), seed: \(checked.config.seed)")
    if !checked.built {
      print(
        "  derived checks: on a sample of at most \(ConfigLoader.sampleGroupSize) agents per "
          + "group and the weights' bounds (the population is not drawn)")
    }
    let cost = WorldCost.of(checked.config, edges: checked.edges)
    let perAgent = cost.memory.filter { $0.value > 0 && $0.name != "base process" }.map {
      "\($0.name) \(Self.bytesPerAgent($0.value, cost.agents))"
    }
    print(
      "  memory: about \(SweepPlan.human(cost.memoryBytes)) for the world, "
        + "\(SweepPlan.human(cost.peakBytes)) at the setup's peak; per agent: "
        + perAgent.joined(separator: ", "))
    let setup = cost.setup.filter { $0.value >= 0.001 }.map {
      "\($0.name) \(SweepPlan.duration($0.value))"
    }
    print(
      "  setup: about \(SweepPlan.duration(cost.setupSeconds))"
        + (setup.isEmpty ? "" : " (\(setup.joined(separator: "; ")))"))
    let seconds = cost.stepSeconds * Double(checked.config.steps)
    print("  run time: about \(SweepPlan.duration(seconds)) (\(SweepPlan.runTimeAssumption))")
    if cost.setupSeconds > WorldCost.setupWarningSeconds, let cause = cost.setupCause {
      print(
        "warning: setup is estimated at about \(SweepPlan.duration(cost.setupSeconds)), mostly "
          + "\(cause.name) (\(SweepPlan.duration(cause.value))); \(cause.avoid) avoids it")
    }
  }

  /// `bytes` over `agents`, as "123 B".
  static func bytesPerAgent(_ bytes: Double, _ agents: Int) -> String {
    String(format: "%.0f B", bytes / Double(max(agents, 1)))
  }
}
