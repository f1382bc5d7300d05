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
    let (loaded, _) = try overrides.load(path: config)
    let world = loaded.world
    let nations = world.nations.map { "\($0.name) (\($0.agents.count), \($0.rule.name))" }
    print("ok: \(config)")
    print("  nations: \(nations.joined(separator: ", "))")
    print("  agents: \(world.agents.count), believers: \(world.agents.filter(\.believer).count)")
    print(
      "  network: \(loaded.config.network.type.rawValue), \(world.graph.edgeCount) edges, "
        + "mean degree \(String(format: "%.2f", world.graph.meanDegree))")
    print("  steps: \(loaded.config.steps), seed: \(loaded.config.seed)")
    let bytes = SweepPlan.memory(agents: world.agents.count, edges: world.graph.edgeCount)
    print("  memory: about \(SweepPlan.human(bytes)) for the world")
  }
}
