import AccordConfig
import AccordIO
import AccordSweep
import Foundation

/// What `accord run` will write, estimated from the steps, nations, agents and
/// `--agents` settings, against the free space where it writes.
enum RunDisk {
  /// Bytes of a run's files: a time-series row of about 19 + 7 per nation numbers of 12
  /// bytes each per step, and an agent row of about 70 bytes per agent per kept step.
  static func estimate(_ config: WorldConfig, agents: Int, agentsEvery: Int?) -> Double {
    let steps = Double(config.steps)
    let nations = Double(config.nations.count)
    var bytes = 2000 + (steps + 1) * (19 + 7 * nations) * 12
    if let every = agentsEvery {
      bytes += (steps / Double(every) + 2) * Double(agents) * 70
    }
    return bytes
  }

  /// Free bytes of the file system holding `directory` (or its nearest existing parent).
  static func freeBytes(at directory: String) -> Double? {
    var path = URL(fileURLWithPath: directory).standardizedFileURL.path
    while !FileManager.default.fileExists(atPath: path) && path != "/" {
      path = URL(fileURLWithPath: path).deletingLastPathComponent().path
    }
    var info = statvfs()
    guard statvfs(path, &info) == 0 else { return nil }
    return Double(info.f_bavail) * Double(info.f_frsize)
  }

  /// Refuses a run whose files would not fit, or exceed `limit` (`--max-disk`).
  static func check(
    _ config: WorldConfig, cost: WorldCost, directory: String, format: OutputFormat,
    agentsEvery: Int?, limit: (bytes: Double, source: String)? = nil
  ) throws {
    let need = estimate(config, agents: cost.agents, agentsEvery: agentsEvery)
    if let limit, need > limit.bytes {
      throw InputError(
        "--out \(directory): the run would write about \(SweepPlan.human(need)) (\(config.steps) "
          + "steps\(agentsEvery == nil ? "" : " with agent rows for \(cost.agents) agents")), "
          + "more than \(SweepPlan.human(limit.bytes)) (\(limit.source)); use fewer steps "
          + "(--steps), --agents-every N, or a larger --max-disk")
    }
    guard let free = freeBytes(at: directory), need > free else { return }
    throw InputError(
      "--out \(directory): the run would write about \(SweepPlan.human(need)) (\(config.steps) "
        + "steps\(agentsEvery == nil ? "" : " with agent rows for \(cost.agents) agents")) but "
        + "the disk has \(SweepPlan.human(free)) free; use fewer steps (--steps), "
        + "--agents-every N, or another --out")
  }
}
