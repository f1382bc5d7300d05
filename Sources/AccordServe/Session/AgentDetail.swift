package import AccordIO
import AccordModel

/// One agent at one step, for the page's inspector: its `agents.csv` row and what the
/// world says of it.
package struct AgentDetail: Sendable, Encodable {
  /// The agent's index in the world (the network view's node).
  package var index: Int
  /// The agent's nation, as an index into the run's nations.
  package var nationIndex: Int
  /// The agent's weight in its nation's ratification.
  package var weight: Double
  /// Whether the agent starts as a believer (a member of the epistemic community).
  package var believer: Bool
  /// The row `accord run --agents` writes for this agent and step (``AgentRow``).
  package var row: AgentRow
  /// That row exactly as `agents.csv` holds it.
  package var line: String

  /// Agent `i` of `simulation` at its current step.
  init(_ simulation: borrowing Simulation, agent i: Int) {
    let spec = simulation.world.agents[i]
    index = i
    nationIndex = spec.nation
    weight = spec.weight
    believer = spec.believer
    row = AgentRow(simulation, agent: i, withInterval: true)
    line = row.line()
  }

  enum CodingKeys: String, CodingKey {
    case index, weight, believer, line, step, agent, nation, belief, ideal, member
    case nationIndex = "nation_index"
    case beliefLower = "belief_lower"
    case beliefUpper = "belief_upper"
  }

  package func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(index, forKey: .index)
    try c.encode(nationIndex, forKey: .nationIndex)
    try c.encode(weight, forKey: .weight)
    try c.encode(believer, forKey: .believer)
    try c.encode(line, forKey: .line)
    try c.encode(row.step, forKey: .step)
    try c.encode(row.agent, forKey: .agent)
    try c.encode(row.nation, forKey: .nation)
    try c.encode(row.belief, forKey: .belief)
    try c.encode(row.beliefLower, forKey: .beliefLower)
    try c.encode(row.beliefUpper, forKey: .beliefUpper)
    try c.encode(row.ideal, forKey: .ideal)
    try c.encode(row.member, forKey: .member)
  }
}
