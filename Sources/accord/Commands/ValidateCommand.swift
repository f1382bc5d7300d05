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

  func run() throws {
    // Nothing to save: a signal ends validate at once, whatever it is computing.
    let interrupt = Interrupt(message: "")
    defer { withExtendedLifetime(interrupt) {} }
    let checked = try ConfigOverride.check(
      path: config, overrides: try overrides.parsed())
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
    let bytes = SweepPlan.memory(agents: checked.agents, edges: checked.storedEdges)
    print("  memory: about \(SweepPlan.human(bytes)) for the world")
    let seconds = SweepPlan.runTime(agents: checked.agents, steps: checked.config.steps)
    print("  run time: about \(SweepPlan.duration(seconds)) (\(SweepPlan.runTimeAssumption))")
  }
}
