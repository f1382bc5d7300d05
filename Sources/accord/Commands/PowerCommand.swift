import AccordConfig
import AccordModel
import AccordPower
import ArgumentParser
import Foundation

/// `accord power`: power indices of a weighted voting game.
struct PowerCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "power",
    abstract: "Shapley-Shubik and Banzhaf power of a weighted voting game.",
    discussion: """
      Give the game as --weights and --quota, or take a nation's ratification game from \
      a config with --config and --nation. Integer weights (or weights that scale to \
      integers) are computed exactly by dynamic programming over weight sums; otherwise \
      indices are estimated by seeded sampling with 95% confidence intervals. The \
      output says which method was used.
      """)

  enum Index: String, ExpressibleByArgument, CaseIterable {
    case shapleyShubik = "shapley-shubik"
    case banzhaf, both
  }

  enum Format: String, ExpressibleByArgument, CaseIterable {
    case table, csv, json
  }

  enum Method: String, ExpressibleByArgument, CaseIterable {
    case auto, exact, sampling
  }

  @Option(help: "Comma-separated player weights, e.g. 4,4,4,2,2,1.")
  var weights: String?

  @Option(help: "The quota: a coalition wins with at least this much weight.")
  var quota: Double?

  @Option(help: "Comma-separated player names, one per weight.")
  var names: String?

  @Option(help: "A world config; use with --nation.")
  var config: String?

  @Option(help: "The nation whose ratification game to analyse (with --config).")
  var nation: String?

  @Option(help: "Which index: shapley-shubik, banzhaf or both.")
  var index: Index = .both

  @Option(help: "Output format: table, csv or json.")
  var format: Format = .table

  @Option(help: "auto (exact when feasible), exact, or sampling.")
  var method: Method = .auto

  @Option(help: "Samples for the sampling method.")
  var samples = 100_000

  @Option(help: "Seed for the sampling method (0...4294967294).")
  var seed = 1

  @Option(help: "Comma-separated players (names or 1-based positions) to test as a coalition.")
  var coalition: String?

  func validate() throws {
    if config != nil || nation != nil {
      guard config != nil, nation != nil else {
        throw ValidationError("--config and --nation go together")
      }
      guard weights == nil, quota == nil else {
        throw ValidationError("give either --weights and --quota, or --config and --nation")
      }
    } else {
      guard weights != nil else {
        throw ValidationError("missing --weights (e.g. --weights 4,4,4,2,2,1)")
      }
      guard quota != nil else {
        throw ValidationError("missing --quota (a number in (0, total weight])")
      }
    }
    guard samples >= 100, samples <= 100_000_000 else {
      throw ValidationError("--samples: \(samples) is out of range; allowed: [100, 100000000]")
    }
    guard seed >= 0, seed <= Int(WorldConfig.maxSeed) else {
      throw ValidationError("--seed: \(seed) is out of range; allowed: [0, \(WorldConfig.maxSeed)]")
    }
  }

  func run() throws {
    let (game, players) = try makeGame()
    let indices: PowerIndices
    switch method {
    case .exact: indices = try PowerIndex.exactIndices(game)
    case .auto, .sampling:
      if method == .auto, let exact = try? PowerIndex.exactIndices(game) {
        indices = exact
      } else {
        indices = try sample(game)
      }
    }
    let report = PowerReport(
      game: game, players: players, indices: indices, index: index,
      coalition: try coalition.map { try parseCoalition($0, players) })
    switch format {
    case .table: print(report.table(), terminator: "")
    case .csv: print(report.csv(), terminator: "")
    case .json: print(try report.json())
    }
  }

  /// Sampled indices, with progress on stderr and Ctrl-C (or SIGTERM) to stop.
  private func sample(_ game: WeightedGame) throws -> PowerIndices {
    let interrupt = Interrupt(
      message: "stopping: the sampled indices are incomplete", graceful: true)
    let reporter = ProgressReporter(terminal: isatty(STDERR_FILENO) != 0, unit: "samples")
    // A progress line only when sampling takes a while (about a second and more).
    let shown = Double(samples) * Double(game.playerCount) > 5e7
    defer { if shown { reporter.finish() } }
    do {
      return try PowerIndex.sample(game, samples: samples, seed: UInt32(seed)) { done, total in
        if shown { reporter.report(done: done, total: total) }
        return !interrupt.stop.isRaised
      }
    } catch PowerError.interrupted {
      throw ExitCode(interrupt.exitStatus)
    }
  }

  private func makeGame() throws -> (WeightedGame, [String]) {
    if let config, let nation {
      let loaded = try ConfigLoader.load(path: config)
      guard let n = loaded.world.nations.firstIndex(where: { $0.name == nation }) else {
        let known = loaded.world.nations.map(\.name)
        throw InputError(
          "--nation: no nation '\(nation)' in \(config); nations: \(known.joined(separator: ", "))")
      }
      let game = try loaded.world.weightedGame(ofNation: n)
      return (game, loaded.world.nations[n].agents.map { loaded.world.agents[$0].name })
    }
    let fields = (weights ?? "").split(separator: ",", omittingEmptySubsequences: false)
      .map { $0.trimmingCharacters(in: .whitespaces) }
    guard !(fields.count == 1 && fields[0].isEmpty) else {
      throw InputError("--weights: no weights given")
    }
    var values: [Double] = []
    for (k, field) in fields.enumerated() {
      guard let w = Double(field), w.isFinite else {
        throw InputError("--weights: entry \(k + 1) '\(field)' is not a number")
      }
      guard w >= 0 else {
        throw InputError("--weights: entry \(k + 1) is negative (\(field)); weights must be >= 0")
      }
      values.append(w)
    }
    var players = (1...values.count).map(String.init)
    if let names {
      players = names.split(separator: ",", omittingEmptySubsequences: false).map {
        $0.trimmingCharacters(in: .whitespaces)
      }
      guard players.count == values.count else {
        throw InputError("--names: \(players.count) names for \(values.count) weights")
      }
      guard Set(players).count == players.count, !players.contains("") else {
        throw InputError("--names: names must be non-empty and distinct")
      }
    }
    let total = values.reduce(0, +)
    guard let quota, quota > 0, quota <= total else {
      throw InputError(
        "--quota: \(Self.format(quota ?? .nan)) is out of range; allowed: (0, \(Self.format(total))] (the total weight)"
      )
    }
    do {
      return (try WeightedGame(weights: values, quota: quota), players)
    } catch {
      throw InputError("--weights: \(error)")
    }
  }

  static func format(_ x: Double) -> String {
    x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : "\(x)"
  }

  private func parseCoalition(_ text: String, _ players: [String]) throws -> [Int] {
    try text.split(separator: ",").map { token in
      let t = token.trimmingCharacters(in: .whitespaces)
      if let i = players.firstIndex(of: t) { return i }
      if let k = Int(t), (1...players.count).contains(k) { return k - 1 }
      throw InputError(
        "--coalition: unknown player '\(t)' (use a name or a position 1...\(players.count))")
    }
  }
}
