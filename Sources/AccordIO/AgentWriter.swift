import AccordModel
import AccordNumerics

/// Streams agent-level rows in long format: one row per agent per step.
public struct AgentWriter: ~Copyable {
  private var file: AtomicFile
  private var row: RowFormatter
  private let names: [String]
  private let nations: [String]

  public static let columns = [
    "step", "agent", "nation", "belief", "belief_lower", "belief_upper", "ideal", "member",
  ]

  public init(path: String, format: OutputFormat, world: World) throws(OutputError) {
    let row = RowFormatter(format: format, columns: Self.columns)
    let file = try AtomicFile(path: path)
    try file.write(row.header)
    names = world.agents.map(\.name)
    nations = world.agents.map { world.nations[$0.nation].name }
    self.row = row
    self.file = file
  }

  /// Appends every agent's state at the simulation's current step.
  ///
  /// `belief_lower` and `belief_upper` bound the 95% credible interval of the agent's
  /// Beta belief (GSL's Beta quantiles).
  public mutating func write(_ simulation: borrowing Simulation) throws(OutputError) {
    for i in 0..<simulation.agents.count {
      let p = simulation.agents.belief[i]
      let c = simulation.agents.concentration[i]
      let a = max(p * c, 1e-12)
      let b = max((1 - p) * c, 1e-12)
      let interval = BetaDistribution(a: a, b: b).credibleInterval(level: 0.95)
      row.begin()
      row.add(simulation.step)
      row.add(names[i])
      row.add(nations[i])
      row.add(p)
      row.add(interval.lowerBound)
      row.add(interval.upperBound)
      row.add(
        UtilityShape.ideal(
          base: simulation.agents.ideal[i], kappa: simulation.agents.kappa[i], belief: p))
      row.add(simulation.agents.member[i])
      row.end()
      try file.write(row.line)
    }
  }

  public mutating func commit() throws(OutputError) { try file.commit() }
}
