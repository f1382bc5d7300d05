import AccordConfig
import AccordIO
import AccordModel
import AccordNumerics
import AccordPower
import ArgumentParser
import Foundation

/// `accord bench [CONFIG]`: time the step loop apart from setup.
struct BenchCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bench",
    abstract: "Time the step loop of a world (build with -c release for real numbers).",
    discussion: """
      Setup (config, population, network) is timed apart from the step loop. The time \
      series streams to a temporary directory, as in a real run, unless --no-output. \
      Prints agent-steps per second and peak memory. With --sweep, times a sweep's \
      runner at each --jobs and without the store.
      """)

  @Argument(help: "The world's YAML config file.")
  var config = "Configs/bench/large.yaml"

  @Option(help: "Number of steps, overriding the config's.")
  var steps: Int?

  @Option(help: "Timed repetitions (fresh simulation each).")
  var repeats = 3

  @Flag(help: "Do not write the time series.")
  var noOutput = false

  @Flag(
    help: "Benchmark power indices instead: the 51-player Electoral College and a 500-player game.")
  var power = false

  @Option(
    help:
      "Benchmark a sweep's runner instead: runs per second for each --jobs, and the store's share.")
  var sweep: String?

  @Option(help: "Worker counts for --sweep, comma-separated.")
  var jobs = "1,2"

  func run() throws {
    #if DEBUG
    print("warning: this is a debug build; use `swift build -c release` for real numbers")
    #endif
    guard repeats >= 1 else { throw ValidationError("--repeats: must be at least 1") }
    if power { return try PowerBench.run(repeats: repeats) }
    if let sweep {
      let counts = jobs.split(separator: ",").compactMap { Int($0) }
      guard !counts.isEmpty, counts.count == jobs.split(separator: ",").count,
        counts.allSatisfy({ (1...1024).contains($0) })
      else { throw InputError("--jobs: '\(jobs)' is not a list of worker counts in [1, 1024]") }
      return try SweepBench.run(path: sweep, jobs: counts, repeats: repeats)
    }
    let clock = ContinuousClock()
    let setupStart = clock.now
    let loaded = try ConfigLoader.load(path: config, steps: try Overrides.steps(steps))
    let setup = clock.now - setupStart
    let world = loaded.world
    let steps = loaded.config.steps
    print(
      "world: \(world.nations.count) nations, \(world.agents.count) agents, "
        + "\(world.graph.edgeCount) edges, \(loaded.config.learning.mode.rawValue), \(steps) steps")
    print("setup (config, population, network): \(seconds(setup)) s")
    let directory = NSTemporaryDirectory() + "accord-bench-\(getpid())"
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    var rates: [Double] = []
    for r in 1...repeats {
      let initStart = clock.now
      var simulation = try Simulation(world: world, seed: loaded.config.seed)
      if r == 1 {
        print("simulation init (power indices, buffers): \(seconds(clock.now - initStart)) s")
      }
      var sink = BenchSink(
        writer: noOutput
          ? nil
          : try TimeSeriesWriter(
            path: "\(directory)/timeseries.csv", format: .csv, nations: world.nations.map(\.name)))
      let rssBefore = Memory.currentResidentMB()
      let start = clock.now
      try simulation.run(steps: steps, observer: &sink)
      let elapsed = seconds(clock.now - start)
      try sink.commit()
      let rate = Double(world.agents.count * simulation.step) / elapsed
      rates.append(rate)
      print(
        String(
          format:
            "run %d: %d steps in %.3f s: %.2f M agent-steps/s; RSS %.1f MB before, %.1f MB after, peak %.1f MB",
          r, simulation.step, elapsed, rate / 1e6, rssBefore, Memory.currentResidentMB(),
          Memory.peakResidentMB()))
    }
    let best = rates.max() ?? 0
    let median = rates.sorted()[rates.count / 2]
    print(
      String(format: "agent-steps per second: best %.2f M, median %.2f M", best / 1e6, median / 1e6)
    )
  }

  private func seconds(_ d: Duration) -> Double { Seconds.of(d) }
}

enum Seconds {
  static func of(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
  }
}

/// Times exact power indices on an electoral-college-sized game and a 500-player game.
enum PowerBench {
  static func run(repeats: Int) throws {
    let college: [Double] = [
      54, 40, 30, 28, 19, 19, 17, 16, 16, 15, 14, 13, 12, 11, 11, 11, 11, 10, 10, 10, 10, 10, 9, 9,
      8,
      8, 8, 7, 7, 6, 6, 6, 6, 6, 6, 5, 5, 4, 4, 4, 4, 4, 4, 4, 3, 3, 3, 3, 3, 3, 3,
    ]
    let random = try RandomStream(seed: 500)
    let large = (0..<500).map { _ in Double(1 + random.uniformInt(399)) }
    let games = [
      (
        "Electoral College: 51 players, total 538, quota 270",
        try WeightedGame(weights: college, quota: 270)
      ),
      (
        "500 players, weights 1-399, total \(Int(large.reduce(0, +))), quota half",
        try WeightedGame(weights: large, quota: (large.reduce(0, +) / 2).rounded(.up))
      ),
    ]
    let clock = ContinuousClock()
    for (name, game) in games {
      var both: [Double] = []
      var banzhaf: [Double] = []
      for _ in 0..<repeats {
        var start = clock.now
        _ = try PowerIndex.exactIndices(game)
        both.append(Seconds.of(clock.now - start))
        start = clock.now
        _ = PowerIndex.banzhafShares(game)
        banzhaf.append(Seconds.of(clock.now - start))
      }
      print(
        String(
          format: "%@: Shapley-Shubik + Banzhaf %.4f s, Banzhaf alone %.4f s (best of %d)", name,
          both.min() ?? 0, banzhaf.min() ?? 0, repeats))
    }
  }
}

/// Streams the time series during a benchmark, as a real run does.
private struct BenchSink: StepObserver, ~Copyable {
  var writer: TimeSeriesWriter?

  mutating func observe(_ simulation: borrowing Simulation) throws {
    if writer != nil { try writer!.write(simulation) }
  }

  mutating func commit() throws {
    if writer != nil { try writer!.commit() }
  }
}

/// Resident memory of this process, from /proc and getrusage.
enum Memory {
  static func peakResidentMB() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
  }

  static func currentResidentMB() -> Double {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else {
      return .nan
    }
    let fields = text.split(separator: " ")
    guard fields.count > 1, let pages = Double(fields[1]) else { return .nan }
    return pages * Double(sysconf(Int32(_SC_PAGESIZE))) / 1_048_576
  }
}
