/// The agents' beliefs and coalition membership at one step, for the network view.
package struct AgentSnapshot: Sendable, Encodable {
  package var step: Int
  /// Each agent's belief in thousandths (0...1000): three digits are all a colour shows.
  package var beliefs: [Int]
  /// Each agent's coalition membership as one character, `1` or `0`.
  package var members: String
}
