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
      Several configs are timed interleaved (each repetition runs every world once); \
      prints agent-steps per second, nanoseconds per step, their ratio to the first \
      world, the same rate per CPU second (which other processes' load does not \
      stretch), and memory. With --sweep, times a sweep's \
      runner at each --jobs and without the store.
      """)

  @Argument(help: "The worlds' YAML config files, timed side by side (interleaved).")
  var configs: [String] = ["Configs/bench/large.yaml"]

  @Option(help: "Number of steps, overriding the config's.")
  var steps: Int?

  @Option(help: "Timed repetitions (fresh simulation each).")
  var repeats = 3

  @Flag(help: "Do not write the time series.")
  var noOutput = false

  @Flag(
    help:
      "Keep stepping after an agreement (as stop_at_agreement: false), so every world runs all its steps."
  )
  var noStop = false

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
    var worlds: [BenchWorld] = []
    for path in configs {
      let clock = ContinuousClock()
      let before = Memory.currentResidentMB()
      Memory.resetPeak()
      let setupStart = clock.now
      let setupCPU = CPUTime.seconds()
      var loaded = try ConfigLoader.load(path: path, steps: try Overrides.steps(steps))
      if noStop { loaded.world.parameters.negotiation.stopAtAgreement = false }
      let setup = clock.now - setupStart
      let setupCPUSeconds = CPUTime.seconds() - setupCPU
      let world = loaded.world
      let worldMemory = Memory.Phase(
        before: before, after: Memory.currentResidentMB(), peak: Memory.phasePeakMB())
      print(
        "\(path): \(world.nations.count) nations, \(world.agents.count) agents, "
          + "\(world.graph.edgeCount) edges, \(loaded.config.learning.mode.rawValue), "
          + "\(loaded.config.steps) steps; setup (config, population, network) \(seconds(setup)) s"
          + String(format: " (CPU %.3f s)", setupCPUSeconds))
      let cost = WorldCost.of(loaded.config, edges: world.graph.edgeCount)
      let parts = cost.memory.filter { $0.value > 0 && $0.name != "base process" }.map {
        String(format: "%@ %.0f B", $0.name, $0.value / Double(max(world.agents.count, 1)))
      }
      print(
        String(
          format: "  memory per agent (estimated): %@; world %.1f MB, setup peak %.1f MB",
          parts.joined(separator: ", "), cost.memoryBytes / 1e6, cost.peakBytes / 1e6))
      worlds.append(BenchWorld(path: path, loaded: loaded, worldMemory: worldMemory))
    }
    let directory = NSTemporaryDirectory() + "accord-bench-\(getpid())"
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    // Interleaved: repetition r of every world before repetition r + 1 of any, so a
    // noisy machine's slow spells spread over all worlds alike.
    for r in 1...repeats {
      for w in worlds.indices {
        let timing = try time(worlds[w].loaded, directory: directory, first: r == 1)
        worlds[w].timings.append(timing)
        if r == 1 { worlds[w].printMeasuredMemory(timing) }
        print(
          String(
            format:
              "run %d, %@: %d steps in %.3f s: %.2f M agent-steps/s, %.0f ns/step; CPU %.3f s: "
              + "%.2f M agent-steps per CPU second; RSS %.1f MB, peak %.1f MB",
            r, worlds[w].path, timing.steps, timing.seconds, timing.agentStepsPerSecond / 1e6,
            timing.nanosecondsPerStep, timing.cpuSeconds, timing.agentStepsPerCPUSecond / 1e6,
            Memory.currentResidentMB(), Memory.peakResidentMB()))
      }
    }
    print(
      "median of \(repeats) (best agent-steps/s in brackets); ns/step relative to the first world:")
    let reference = worlds.first.map { Self.median($0.timings.map(\.nanosecondsPerStep)) } ?? 1
    for world in worlds {
      let rate = Self.median(world.timings.map(\.agentStepsPerSecond))
      let best = world.timings.map(\.agentStepsPerSecond).max() ?? 0
      let perStep = Self.median(world.timings.map(\.nanosecondsPerStep))
      let perCPU = Self.median(world.timings.map(\.agentStepsPerCPUSecond))
      print(
        String(
          format: "  %@: %.2f M agent-steps/s (%.2f M), %.0f ns/step, %.2fx; %.2f M per CPU second",
          world.path, rate / 1e6, best / 1e6, perStep, perStep / reference, perCPU / 1e6))
    }
  }

  /// One timed run of a world: a fresh simulation, streaming its time series unless
  /// --no-output.
  private func time(_ loaded: LoadedConfig, directory: String, first: Bool) throws -> BenchTiming {
    let clock = ContinuousClock()
    let world = loaded.world
    let before = Memory.currentResidentMB()
    Memory.resetPeak()
    let initStart = clock.now
    let initCPU = CPUTime.seconds()
    var simulation = try Simulation(world: world, seed: loaded.config.seed)
    if first {
      print(
        "  simulation init (power indices, buffers): \(seconds(clock.now - initStart)) s"
          + String(format: " (CPU %.3f s)", CPUTime.seconds() - initCPU))
    }
    let initMemory = Memory.Phase(
      before: before, after: Memory.currentResidentMB(), peak: Memory.phasePeakMB())
    Memory.resetPeak()
    var sink = BenchSink(
      writer: noOutput
        ? nil
        : try TimeSeriesWriter(
          path: "\(directory)/timeseries.csv", format: .csv, nations: world.nations.map(\.name)))
    let start = clock.now
    let startCPU = CPUTime.seconds()
    try simulation.run(steps: loaded.config.steps, observer: &sink)
    let elapsed = seconds(clock.now - start)
    let cpu = CPUTime.seconds() - startCPU
    let loopPeak = Memory.phasePeakMB()
    try sink.commit()
    return BenchTiming(
      steps: simulation.step, agents: world.agents.count, seconds: elapsed, cpuSeconds: cpu,
      simulationMemory: initMemory, loopPeakMB: loopPeak)
  }

  static func median(_ values: [Double]) -> Double {
    values.isEmpty ? .nan : values.sorted()[values.count / 2]
  }

  private func seconds(_ d: Duration) -> Double { Seconds.of(d) }
}

/// The process's CPU time (user and system), which other processes' load does not stretch.
enum CPUTime {
  static func seconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
  }
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

/// A world under the benchmark and its timings.
private struct BenchWorld {
  var path: String
  var loaded: LoadedConfig
  /// Resident memory around loading the config and building the world.
  var worldMemory: Memory.Phase
  var timings: [BenchTiming] = []

  /// Measured memory per agent by phase: the world (population and network), the
  /// simulation's state and buffers, and the peaks of setup and of the step loop.
  func printMeasuredMemory(_ timing: BenchTiming) {
    let n = Double(max(loaded.world.agents.count, 1))
    let sim = timing.simulationMemory
    print(
      String(
        format:
          "  memory per agent (measured): world (population, network) %.0f B, simulation "
          + "(agent state, phase buffers) %.0f B; peak above the process before it: "
          + "building the world %.1f MB, simulation init %.1f MB, step loop %.1f MB",
        worldMemory.addedMB * 1_048_576 / n, sim.addedMB * 1_048_576 / n,
        worldMemory.peakAboveMB, sim.peakAboveMB, timing.loopPeakMB - sim.before))
  }
}

/// One timed run.
private struct BenchTiming {
  var steps: Int
  var agents: Int
  var seconds: Double
  /// The process's CPU time over the loop: on a machine shared with other work, the
  /// figure that the others' load does not stretch.
  var cpuSeconds: Double
  var simulationMemory: Memory.Phase
  /// Peak resident memory of the process during the step loop.
  var loopPeakMB: Double
  var agentStepsPerSecond: Double { Double(agents * steps) / seconds }
  var agentStepsPerCPUSecond: Double { Double(agents * steps) / cpuSeconds }
  var nanosecondsPerStep: Double { seconds * 1e9 / Double(max(steps, 1)) }
}

/// Streams the time series during a benchmark, as a real run does.
private struct BenchSink: StepObserver, ~Copyable {
  var writer: TimeSeriesWriter?

  mutating func observe(_ simulation: borrowing Simulation) throws -> StepControl {
    try writer?.write(simulation)
    return .proceed
  }

  mutating func commit() throws {
    try writer?.commit()
  }
}

/// Resident memory of this process, from /proc and getrusage.
enum Memory {
  /// Resident memory before and after a phase, and the peak during it (MB).
  struct Phase {
    var before: Double
    var after: Double
    var peak: Double
    var addedMB: Double { after - before }
    var peakAboveMB: Double { peak - before }
  }

  /// Resets the peak that ``phasePeakMB()`` reads (Linux: `/proc/self/clear_refs`).
  static func resetPeak() {
    guard let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return }
    handle.write(Data("5".utf8))
    try? handle.close()
  }

  /// The peak resident memory since the last ``resetPeak()`` (VmHWM), in MB.
  static func phasePeakMB() -> Double {
    guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
      let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
      let kB = Double(line.split(separator: " ").dropFirst().first ?? "")
    else { return .nan }
    return kB / 1024
  }

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
