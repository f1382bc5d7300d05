public import AccordModel

/// Streams agent-level rows in long format: one row per agent per step.
public struct AgentWriter: ~Copyable {
  private var file: AtomicFile
  private var row: RowFormatter

  /// The column names, in order (`AgentRow.columns`).
  public static let columns = AgentRow.columns.map(\.name)

  /// Opens `path` for the agents of `world` in `format` and writes the header.
  public init(path: String, format: OutputFormat, world: World) throws(OutputError) {
    let row = RowFormatter(format: format, columns: Self.columns)
    let file = try AtomicFile(path: path)
    try file.write(row.header)
    self.row = row
    self.file = file
  }

  /// Appends every agent's state at the simulation's current step.
  ///
  /// `belief_lower` and `belief_upper` bound the 95% credible interval of the agent's
  /// Beta belief (GSL's Beta quantiles).
  public mutating func write(_ simulation: borrowing Simulation) throws(OutputError) {
    for i in 0..<simulation.agents.count {
      let agent = AgentRow(simulation, agent: i, withInterval: true)
      row.begin()
      for column in AgentRow.columns { row.add(column.value(agent, 0)) }
      row.end()
      try file.write(row.line)
    }
  }

  /// Finishes the file: `path` holds it only after this.
  public mutating func commit() throws(OutputError) { try file.commit() }
}
