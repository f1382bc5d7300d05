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

  func run() throws {
    let (loaded, _) = try overrides.load(path: config)
    if let network {
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
      print(Self.table(inspection), terminator: "")
    }
  }

  static func table(_ i: Inspection) -> String {
    func f(_ x: Double) -> String { String(format: "%.4f", x) }
    func set(_ s: [[Double]]) -> String {
      s.isEmpty ? "empty" : s.map { "[\(f($0[0])), \(f($0[1]))]" }.joined(separator: " ∪ ")
    }
    var out = "beliefs: \(i.beliefs)\n"
    for n in i.nations {
      out += "\nnation \(n.name): \(n.rule) (quota \(f(n.quota))), executive \(n.executive)"
      out +=
        n.sidePaymentEfficiency > 0 ? ", side payments at \(f(n.sidePaymentEfficiency))\n" : "\n"
      for a in n.factions.prefix(12) {
        out +=
          "  \(a.name): weight \(f(a.weight)), belief \(f(a.belief)), ideal \(f(a.ideal)), "
          + "supports \(a.support.map { "[\(f($0[0])), \(f($0[1]))]" } ?? "nothing"), banzhaf \(f(a.banzhaf))"
          + (a.veto ? ", veto" : "") + "\n"
      }
      if n.factions.count > 12 { out += "  ... \(n.factions.count - 12) more factions\n" }
      out +=
        "  veto players: \(n.vetoPlayers.isEmpty ? "none" : n.vetoPlayers.joined(separator: ", "))\n"
      out += "  pivotal players: \(n.pivotalPlayers.joined(separator: ", "))\n"
      out += "  win-set: \(set(n.winSet))"
      if n.sidePaymentEfficiency > 0 {
        out += " (without side payments: \(set(n.winSetWithoutSidePayments)))"
      }
      out += "\n"
    }
    if i.issues > 1 {
      out += "\n\(i.issues) issues; win-sets and ZOPAs below show their extent on issue 1\n"
      out +=
        "ZOPA (\(i.beliefs) beliefs): \(set(i.zopa)), \(f(100 * (i.zopaShare ?? 0)))% of the policy space\n"
      out += "true ZOPA: \(set(i.trueZOPA))\n"
      for (k, z) in (i.zopaByIssue ?? []).enumerated() {
        out += "issue \(k + 1) on its own (others at the status quo): ZOPA \(set(z))\n"
      }
      if let y = i.package {
        let shares = i.shares.keys.sorted().map { "\($0) \(f(i.shares[$0]!))" }.joined(
          separator: ", ")
        out += "package: (\(y.map(f).joined(separator: ", "))); shares of the gains: \(shares)\n"
      } else if let why = i.blocked {
        out += "\(why)\n"
      }
      return out
    }
    out += "\nZOPA (\(i.beliefs) beliefs): \(set(i.zopa))\ntrue ZOPA: \(set(i.trueZOPA))\n"
    if let y = i.nash {
      let shares = i.shares.keys.sorted().map { "\($0) \(f(i.shares[$0]!))" }.joined(
        separator: ", ")
      out += "Nash solution: \(f(y)); shares of the gains: \(shares)\n"
    } else if let why = i.blocked {
      out += "\(why)\n"
    }
    return out
  }
}
