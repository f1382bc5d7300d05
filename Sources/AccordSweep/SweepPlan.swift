package import AccordConfig
import Foundation

/// What a sweep will do and write, before it runs.
package struct SweepPlan: Sendable {
  package var points: Int
  package var runs: Int
  package var estimatedBytes: Double
  package var freeBytes: Double?
  /// Memory of one run's world (each worker holds one at a time).
  package var worldBytes: Double = 0

  /// Memory of a world of `agents` agents and `edges` network edges: about 0.85 KB per
  /// agent (its state, population spec and buffers) and 16 bytes per edge (measured
  /// with `/usr/bin/time` on `accord validate` of 10^5 and 4 10^5 agents).
  package static func memory(agents: Int, edges: Int) -> Double {
    850 * Double(agents) + 16 * Double(edges)
  }

  /// Seconds per agent and step of a release build: `accord bench` on
  /// `Configs/bench/large.yaml` runs about 20 million agent-steps per second on one core.
  package static let secondsPerAgentStep = 50e-9

  /// A rough run time, to the order of magnitude: agents x steps x
  /// ``secondsPerAgentStep`` (a debug build is about ten times slower; Nash bargaining
  /// and side payments add to the rounds that reach them).
  package static func runTime(agents: Int, steps: Int) -> Double {
    Double(agents) * Double(steps) * secondsPerAgentStep
  }

  /// `seconds` in the unit that suits it (milliseconds to two significant figures).
  package static func duration(_ seconds: Double) -> String {
    switch seconds {
    case ..<0.1: String(format: "%.2g ms", seconds * 1000)
    case ..<1: String(format: "%.0f ms", seconds * 1000)
    case ..<120: String(format: "%.0f s", seconds)
    case ..<7200: String(format: "%.0f min", seconds / 60)
    case ..<172_800: String(format: "%.0f h", seconds / 3600)
    default: String(format: "%.0f days", seconds / 86400)
    }
  }

  /// The assumption behind ``runTime(agents:steps:)``, printed beside it.
  package static let runTimeAssumption =
    "agents x steps x 50 ns, a release build's step on one core; an order of magnitude"

  /// One run's time (the whole sweep's is `runs` times it over the workers).
  package var runSeconds: Double = 0

  /// Counts runs and estimates disk use from the base config (steps, nations, agents).
  package static func make(_ spec: SweepSpec) throws(ConfigError) -> SweepPlan {
    let points = spec.pointCount
    let runs = spec.runCount
    guard points > 0, runs <= RunSeeds.maxRuns, runs > 0 else {
      throw ConfigError(
        file: spec.path, key: "factors",
        message: "the sweep has \(runs) runs; at most \(RunSeeds.maxRuns) get distinct 32-bit seeds"
      )
    }
    // Rough sizes: a summary row with parameters; a time-series row of ~19 + 7 per nation
    // numbers; an agent row of 8 fields.
    var perRun = 200.0
    var worldBytes = 0.0
    var runSeconds = 0.0
    if spec.model.kind.simulatesWorld {
      let loaded = try ConfigLoader.check(node: spec.base, path: spec.basePath)
      worldBytes = WorldCost.of(loaded.config, edges: loaded.edges).peakBytes
      let nations = Double(loaded.nationAgents.count)
      // A factor on `steps` decides the rows written: its mean level (over the design's
      // points, each run of a point writing that many steps), not the base config's.
      let steps = spec.meanLevel(of: "steps") ?? Double(loaded.config.steps)
      runSeconds = runTime(agents: loaded.agents, steps: Int(min(steps, 1e15)))
      perRun = 600 + 120 * nations
      // Rows kept: step 0 (the initial state) and every `every`-th step.
      let kept = steps / Double(spec.every) + 1
      if spec.keep != .summary { perRun += kept * (19 + 7 * nations) * 12 }
      if spec.keep == .agents { perRun += kept * Double(loaded.agents) * 70 }
    }
    let directory = URL(fileURLWithPath: spec.path).deletingLastPathComponent().path
    let free =
      (try? FileManager.default.attributesOfFileSystem(forPath: directory))?[.systemFreeSize]
      as? NSNumber
    return SweepPlan(
      points: points, runs: runs, estimatedBytes: perRun * Double(runs),
      freeBytes: free?.doubleValue, worldBytes: worldBytes, runSeconds: runSeconds)
  }

  /// Refuses a sweep that would write more than the disk holds, or than `limit`.
  package func checkDisk(
    _ spec: SweepSpec, limit: (bytes: Double, source: String)? = nil
  ) throws(ConfigError) {
    if let limit, estimatedBytes > limit.bytes {
      throw ConfigError(
        file: spec.path, key: "keep",
        message:
          "the sweep would write about \(Self.human(estimatedBytes)) (\(runs) runs, keep "
          + "\(spec.keep.rawValue)), more than \(Self.human(limit.bytes)) (\(limit.source)); keep "
          + "less, run fewer runs, or give a larger --max-disk")
    }
    if let free = freeBytes, estimatedBytes > free {
      throw ConfigError(
        file: spec.path, key: "keep",
        message:
          "the sweep would write about \(Self.human(estimatedBytes)) but the disk has \(Self.human(free)) free"
      )
    }
  }

  package static func human(_ bytes: Double) -> String {
    let units = ["B", "KB", "MB", "GB", "TB"]
    var x = bytes
    var u = 0
    while x >= 1000 && u < units.count - 1 {
      x /= 1000
      u += 1
    }
    return String(format: u == 0 ? "%.0f %@" : "%.1f %@", x, units[u])
  }
}

extension SweepSpec {
  /// The mean value of the factor that sets config field `field` (levels averaged, bounds
  /// at their midpoint), or nil when no factor sets it.
  package func meanLevel(of field: String) -> Double? {
    guard let factor = factors.first(where: { $0.targets.contains { $0.text == field } })
    else { return nil }
    switch factor.values {
    case .levels(let levels):
      return levels.isEmpty ? nil : levels.reduce(0, +) / Double(levels.count)
    case .bounds(let low, let high): return (low + high) / 2
    }
  }
}
