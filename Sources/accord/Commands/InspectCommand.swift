import AccordConfig
import AccordIO
import AccordModel
import ArgumentParser
import Foundation

/// `accord inspect CONFIG`: the world at step 0, without running it.
struct InspectCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "inspect",
    abstract: "Show a world at step 0: factions, rules, win-sets, the ZOPA and the Nash solution.",
    discussion: """
      With --beliefs perceived (the default) agents hold their priors; with --beliefs \
      true everyone knows theta. Nothing is drawn at random beyond the population.
      """)

  enum Beliefs: String, ExpressibleByArgument, CaseIterable {
    case perceived, `true`
  }

  enum Format: String, ExpressibleByArgument, CaseIterable {
    case table, json
  }

  @Argument(help: "The world's YAML config file.")
  var config: String

  @OptionGroup var overrides: ConfigOverrideOptions

  @Option(help: "perceived (priors) or true (everyone knows theta).")
  var beliefs: Beliefs = .perceived

  @Option(help: "table or json.")
  var format: Format = .table

  @Option(help: "Also write the drawn social network as GraphML (Gephi, networkx, igraph).")
  var network: String?

  @Flag(help: "Overwrite an existing sweep store, YAML file or directory at the output path.")
  var force = false

  func run() throws {
    // Nothing to save: a signal ends inspect at once (its --network file is written
    // atomically), whatever it is computing.
    let interrupt = Interrupt(message: "")
    defer { withExtendedLifetime(interrupt) {} }
    let (loaded, _) = try overrides.load(path: config)
    if let network {
      try OutputGuard.check(
        "--network", outputs: [network],
        inputs: [config] + ConfigFiles.referenced(by: loaded.config, path: config), force: force)
      do {
        try AtomicFile.write(try NetworkWriter.graphML(loaded.world), to: network)
      } catch {
        throw InputError("--network \(network): \(error.message)")
      }
      FileHandle.standardError.write(
        Data(
          "wrote \(network): \(loaded.world.agents.count) nodes, \(loaded.world.graph.edgeCount) edges\n"
            .utf8))
    }
    var simulation = try Simulation(world: loaded.world, seed: loaded.config.seed)
    let inspection = try simulation.inspect(trueBeliefs: beliefs == .true)
    switch format {
    case .json:
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
      encoder.keyEncodingStrategy = .convertToSnakeCase
      print(String(decoding: try encoder.encode(inspection), as: UTF8.self))
    case .table:
      print(inspection.table, terminator: "")
    }
  }
}
