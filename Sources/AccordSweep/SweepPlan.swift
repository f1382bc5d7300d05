import AccordConfig
import Foundation

/// What a sweep will do and write, before it runs.
public struct SweepPlan: Sendable {
  public var points: Int
  public var runs: Int
  public var estimatedBytes: Double
  public var freeBytes: Double?
  /// Memory of one run's world (each worker holds one at a time).
  public var worldBytes: Double = 0

  /// Memory of a world of `agents` agents and `edges` network edges: about 0.85 KB per
  /// agent (its state, population spec and buffers) and 16 bytes per edge (measured
  /// with `/usr/bin/time` on `accord validate` of 10^5 and 4 10^5 agents).
  public static func memory(agents: Int, edges: Int) -> Double {
    850 * Double(agents) + 16 * Double(edges)
  }

  /// Counts runs and estimates disk use from the base config (steps, nations, agents).
  public static func make(_ spec: SweepSpec) throws(ConfigError) -> SweepPlan {
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
    if spec.model.kind.simulatesWorld {
      let loaded = try ConfigLoader.load(node: spec.base, path: spec.basePath)
      worldBytes = memory(agents: loaded.world.agents.count, edges: loaded.world.graph.edgeCount)
      let nations = Double(loaded.world.nations.count)
      let steps = Double(loaded.config.steps)
      perRun = 600 + 120 * nations
      if spec.keep != .summary { perRun += (steps / Double(spec.every)) * (19 + 7 * nations) * 12 }
      if spec.keep == .agents {
        perRun += steps / Double(spec.every) * Double(loaded.world.agents.count) * 70
      }
    }
    let directory = URL(fileURLWithPath: spec.path).deletingLastPathComponent().path
    let free =
      (try? FileManager.default.attributesOfFileSystem(forPath: directory))?[.systemFreeSize]
      as? NSNumber
    return SweepPlan(
      points: points, runs: runs, estimatedBytes: perRun * Double(runs),
      freeBytes: free?.doubleValue, worldBytes: worldBytes)
  }

  /// Refuses a sweep that would write more than the disk holds.
  public func checkDisk(_ spec: SweepSpec) throws(ConfigError) {
    if let free = freeBytes, estimatedBytes > free {
      throw ConfigError(
        file: spec.path, key: "keep",
        message:
          "the sweep would write about \(Self.human(estimatedBytes)) but the disk has \(Self.human(free)) free"
      )
    }
  }

  public static func human(_ bytes: Double) -> String {
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
