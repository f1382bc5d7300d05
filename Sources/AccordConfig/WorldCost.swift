import AccordModel
import AccordPower
import Foundation

/// What a world will take before it is built: memory by component, setup time by
/// cause, and time per step, from the config alone (counts, network, weights, issues).
///
/// Sizes are the data structures' own (strides, bytes per stored edge); times are
/// per-operation costs of a release build on one core measured with `accord bench`, so
/// they hold to about a factor of 3 on a quiet machine (a debug build is about 10x slower).
package struct WorldCost: Sendable {
  /// One part of the estimate.
  package struct Part: Sendable {
    package var name: String
    package var value: Double
    /// How to avoid it (setup causes only).
    package var avoid: String = ""
  }

  package var agents: Int
  package var edges: Int
  /// Bytes held while the run steps, by component.
  package var memory: [Part]
  /// Bytes held at the setup's peak on top of the population and the network: the names
  /// index, and the network being generated (the agent state does not exist yet).
  package var setupPeakExtra: Double
  /// Seconds of setup, by cause.
  package var setup: [Part]
  /// Seconds per step.
  package var stepSeconds: Double

  package var memoryBytes: Double { memory.reduce(0) { $0 + $1.value } }
  package var peakBytes: Double {
    let kept = ["base process", "population", "network"]
    let held = memory.filter { part in kept.contains { part.name.hasPrefix($0) } }
    return max(memoryBytes, held.reduce(0) { $0 + $1.value } + setupPeakExtra)
  }

  package var setupSeconds: Double { setup.reduce(0) { $0 + $1.value } }

  /// Setup estimated beyond this many seconds gets a warning from `validate`.
  package static let setupWarningSeconds = 60.0

  /// The process before any world: binary, runtime, Foundation.
  static let baseBytes = 20e6

  /// The estimate for `config`; `edges` overrides the expected number of network edges
  /// (a built world's, or an edge list's).
  package static func of(_ config: WorldConfig, edges known: Int? = nil) -> WorldCost {
    let groups = config.nations.flatMap(\.agents)
    let n = groups.reduce(0) { $0 + $1.count }
    let nd = Double(n)
    let issues = config.issues
    let type = config.network.type
    let edges = known ?? expectedEdges(config.network, agents: n)
    let stored = type == .complete ? 0.0 : 2 * Double(edges)
    // A group's members share its name (AgentName): one string a group, on the heap
    // beyond 15 UTF-8 bytes (a 32-byte header, rounded to 16).
    var nameBytes = 0.0
    for g in groups where g.name.utf8.count > 15 {
      nameBytes += Double((32 + g.name.utf8.count + 1 + 15) / 16 * 16)
    }
    let otherIssues =
      issues > 1 ? nd * Double(32 + MemoryLayout<IssueStance>.stride * (issues - 1)) : 0
    // Generated ties have strength 1, so the learning reads trust from the neighbour's
    // credibility; only an edge list's ties, strengths of their own, store it per edge.
    let unitTrust = type != .edgeList
    var memory = [
      Part(name: "base process", value: baseBytes),
      Part(
        name: "population (parameters, names)",
        value: nd * Double(MemoryLayout<AgentSpec>.stride) + nameBytes + otherIssues),
      // 15 Double columns, 3 Bool columns and the nation (Int32).
      Part(name: "agent state", value: nd * (15 * 8 + 3 + 4)),
      // Power and outside ratio (tally), candidates (persuasion).
      Part(name: "phase buffers", value: nd * (8 + 8 + 4)),
      Part(
        name: "network",
        value: type == .complete
          ? 0 : 4 * (nd + 1) + 4 * stored + (type == .edgeList ? 8 * stored : 0)),
      Part(name: "edge trust", value: unitTrust ? 0 : 8 * stored),
    ]
    // Those neighbours' credibilities sit beside their beliefs, unless every one is 1.
    let credible = groups.contains { $0.credibility != .constant(1) }
    if unitTrust && type != .complete && credible {
      memory.append(Part(name: "neighbour beliefs and credibilities", value: nd * 16))
    }
    if type == .complete {
      // Sorted beliefs and their agents, prefix sums and the bucket sort's scratch (keys,
      // ids and, in populations that sort in two levels, two fine-bucket numbers).
      memory.append(Part(name: "complete-network buffers", value: nd * (8 + 4 + 16 + 20)))
    }
    let points = gridPoints(issues)
    if issues > 1 {
      memory.append(
        Part(
          name: "package grid",
          value: Double(points * issues * 8) + nd * Double(issues * 16 + 8)
            + Double(points * (3 * config.nations.count + 3))))
    }
    // Setup's transients: the names index, and the network being generated (pairs,
    // the rewiring set, the rows' counters).
    var peak = nd * 48
    switch type {
    case .wattsStrogatz: peak = max(peak, Double(edges) * (8 + 16) + nd * 16)
    case .erdosRenyi, .barabasiAlbert: peak = max(peak, Double(edges) * 8 * 2 + nd * 16)
    case .edgeList: peak = max(peak, Double(edges) * 80 + nd * 16)
    case .complete: break
    }

    var setup = [
      Part(name: "population (\(n) agents drawn)", value: nd * 0.7e-6, avoid: "fewer agents")
    ]
    switch type {
    case .complete: break
    case .wattsStrogatz, .erdosRenyi, .barabasiAlbert:
      setup.append(
        Part(
          name: "network (\(edges) edges generated)", value: Double(edges) * 0.15e-6,
          avoid: "a smaller network.degree, mean_degree or links"))
    case .edgeList:
      setup.append(
        Part(
          name: "network (\(edges) edges read)", value: Double(edges) * 1e-6,
          avoid: "a smaller edge list"))
    }
    for nation in config.nations {
      let classes = nation.agents.map { g -> (weight: Double?, count: Int) in
        if case .constant(let w) = g.weight { return (w, g.count) }
        return (nil, g.count)
      }
      let size = nation.agents.reduce(0) { $0 + $1.count }
      let cost = PowerIndex.banzhafCost(
        classes: classes, samples: min(20_000, max(2_000, 5_000_000 / max(size, 1))))
      let how =
        cost.method == .exact ? "exact, \(cost.algorithm)" : cost.method.rawValue
      setup.append(
        Part(
          name: "power indices of \(nation.name) (\(size) players, \(how))", value: cost.seconds,
          avoid: "fewer distinct weights in \(nation.name)"))
    }
    if issues > 1 {
      // The true and the initial win-sets: every agent at every grid point.
      setup.append(
        Part(
          name: "win-set grids (\(n) agents x \(points) points x \(issues) issues)",
          value: 2 * nd * Double(points * issues) * 1.5e-9,
          avoid: "fewer agents or issues: 1"))
    }
    setup.append(Part(name: "agent state and buffers", value: nd * 0.1e-6 + stored * 3e-9))

    var step = nd * 50e-9
    if issues > 1 {
      step += nd * Double(points * issues) * 1.5e-9 / Double(config.negotiation.interval)
    }
    return WorldCost(
      agents: n, edges: edges, memory: memory, setupPeakExtra: peak, setup: setup,
      stepSeconds: step)
  }

  /// Grid points of the package space with `issues` issues (``PackageSpace``).
  static func gridPoints(_ issues: Int) -> Int {
    guard issues > 1 else { return 0 }
    let resolution = [2: 101, 3: 21, 4: 11][issues] ?? 7
    return Int(pow(Double(resolution), Double(issues)))
  }

  /// Expected undirected edges of a generated network.
  static func expectedEdges(_ network: NetworkConfig, agents n: Int) -> Int {
    switch network.type {
    case .complete: n * (n - 1) / 2
    case .erdosRenyi: Int((network.meanDegree ?? 4) * Double(n) / 2)
    case .wattsStrogatz: (network.degree ?? 4) / 2 * n
    case .barabasiAlbert: (network.links ?? 2) * n
    case .edgeList: 0
    }
  }

  /// The largest contributor to the setup.
  package var setupCause: Part? { setup.max { $0.value < $1.value } }

  /// The physical memory of this machine, in bytes.
  package static var physicalMemory: Double {
    Double(sysconf(Int32(_SC_PHYS_PAGES))) * Double(sysconf(Int32(_SC_PAGESIZE)))
  }
}
