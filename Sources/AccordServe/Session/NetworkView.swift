package import AccordModel

/// A world's social network for the page's network view (worlds up to
/// ``maxAgents`` agents).
package struct NetworkView: Sendable, Encodable {
  /// Larger worlds get no network view.
  package static let maxAgents = 3000
  /// At most this many edges are sent; the view says when it shows fewer.
  package static let maxEdges = 30_000

  /// Each agent's nation (index into the nations).
  package var nations: [Int]
  /// Each agent's believer flag as one character, `1` or `0`.
  package var believers: String
  /// Undirected edges as a flat list of agent pairs `i, j` with `i < j`.
  package var edges: [Int]
  /// Everyone listens to everyone (no edges are sent).
  package var complete: Bool
  /// More edges exist than were sent.
  package var truncated: Bool

  /// The view of `world`, or nil when it has too many agents.
  package init?(_ world: World) {
    guard world.agents.count <= Self.maxAgents else { return nil }
    nations = world.agents.indices.map { _ in 0 }
    for (k, nation) in world.nations.enumerated() {
      for i in nation.agents { nations[i] = k }
    }
    believers = String(world.agents.map { $0.believer ? "1" : "0" })
    let graph = world.graph
    complete = graph.isComplete
    var edges: [Int] = []
    var truncated = false
    if !graph.isComplete {
      outer: for i in 0..<graph.nodeCount {
        for e in Int(graph.offsets[i])..<Int(graph.offsets[i + 1]) {
          let j = Int(graph.targets[e])
          guard i < j else { continue }
          if edges.count >= 2 * Self.maxEdges {
            truncated = true
            break outer
          }
          edges += [i, j]
        }
      }
    }
    self.edges = edges
    self.truncated = truncated
  }
}
