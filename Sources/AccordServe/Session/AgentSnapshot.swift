import AccordModel

/// The agents' beliefs and coalition membership at one step, for the network view.
package struct AgentSnapshot: Sendable, Encodable {
  package var step: Int
  /// Each agent's belief in thousandths (0...1000): three digits are all a colour shows.
  package var beliefs: [Int]
  /// Each agent's coalition membership as one character, `1` or `0`.
  package var members: String

  /// The agents of `simulation` at its current step.
  init(_ simulation: borrowing Simulation) {
    let n = simulation.agents.count
    var beliefs = [Int](repeating: 0, count: n)
    var members = [Character](repeating: "0", count: n)
    for i in 0..<n {
      let p = simulation.agents.belief[i]
      beliefs[i] = p.isFinite ? Int((min(max(p, 0), 1) * 1000).rounded()) : 0
      if simulation.agents.member[i] { members[i] = "1" }
    }
    self.init(step: simulation.step, beliefs: beliefs, members: String(members))
  }

  package init(step: Int, beliefs: [Int], members: String) {
    self.step = step
    self.beliefs = beliefs
    self.members = members
  }
}
