import AccordConfig
import AccordSweep
import ArgumentParser
import Foundation

/// `--max-memory`: the most a world may need, checked before it is built.
struct ResourceOptions: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "Refuse a world whose estimated memory exceeds this (e.g. 500MB, 8GB; default: the "
        + "machine's physical memory).", valueName: "SIZE"))
  var maxMemory: String?

  /// The limit in bytes and what it is.
  func memoryLimit() throws -> (bytes: Double, source: String) {
    let physical = WorldCost.physicalMemory
    guard let maxMemory else { return (physical, "the machine's physical memory") }
    guard let bytes = Self.parseSize(maxMemory), bytes > 0, bytes.isFinite else {
      throw InputError(
        "--max-memory: '\(maxMemory)' is not a size; give a number of bytes with an optional "
          + "unit KB, MB, GB or TB (e.g. 500MB)")
    }
    return (bytes, "--max-memory \(maxMemory)")
  }

  /// Refuses `cost` beyond the memory limit, naming the config, the largest component
  /// and what to change.
  func check(_ cost: WorldCost, config path: String) throws {
    let (limit, source) = try memoryLimit()
    let need = cost.peakBytes
    guard need > limit else { return }
    let largest = cost.memory.max { $0.value < $1.value }.map { " (largest: \($0.name))" } ?? ""
    throw InputError(
      "\(path): the world needs about \(SweepPlan.human(need)) of memory for \(cost.agents) "
        + "agents and \(cost.edges) edges\(largest), more than \(SweepPlan.human(limit)) "
        + "(\(source)); use fewer agents (nations[].agents[].count) or a sparser network, "
        + "or set --max-memory")
  }

  /// Bytes in `text`: a number with an optional unit (B, KB, MB, GB, TB; powers of 1000).
  static func parseSize(_ text: String) -> Double? {
    let units: [(String, Double)] = [
      ("TB", 1e12), ("GB", 1e9), ("MB", 1e6), ("KB", 1e3), ("T", 1e12), ("G", 1e9),
      ("M", 1e6), ("K", 1e3), ("B", 1),
    ]
    let trimmed = text.trimmingCharacters(in: .whitespaces).uppercased()
    for (suffix, scale) in units where trimmed.hasSuffix(suffix) {
      return Double(trimmed.dropLast(suffix.count).trimmingCharacters(in: .whitespaces))
        .map { $0 * scale }
    }
    return Double(trimmed)
  }
}
