import AccordEscaping
public import AccordModel

/// The drawn social network as GraphML, for Gephi, networkx (`read_graphml`) or igraph.
///
/// One node per agent (id: the agent's name) with its nation, whether it is a believer,
/// its ratification weight, ideal point, prior mean and credibility; one undirected
/// edge per linked pair with its tie strength. A complete network is written edge by
/// edge, so it is refused above ``maxEdges``.
public enum NetworkWriter {
  /// The most edges written (about 2 GB of GraphML).
  public static let maxEdges = 20_000_000

  /// The world's network as a GraphML document (refused above ``maxEdges`` edges).
  public static func graphML(_ world: World) throws(OutputError) -> String {
    let graph = world.graph
    guard graph.edgeCount <= maxEdges else {
      throw OutputError(
        path: "",
        message:
          "the network has \(graph.edgeCount) edges; GraphML export writes at most \(maxEdges)")
    }
    var out = """
      <?xml version="1.0" encoding="UTF-8"?>
      <graphml xmlns="http://graphml.graphdrawing.org/xmlns" \
      xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" \
      xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">
        <key id="nation" for="node" attr.name="nation" attr.type="string"/>
        <key id="believer" for="node" attr.name="believer" attr.type="boolean"/>
        <key id="weight" for="node" attr.name="weight" attr.type="double"/>
        <key id="ideal" for="node" attr.name="ideal" attr.type="double"/>
        <key id="prior_mean" for="node" attr.name="prior_mean" attr.type="double"/>
        <key id="credibility" for="node" attr.name="credibility" attr.type="double"/>
        <key id="strength" for="edge" attr.name="strength" attr.type="double"/>
        <graph id="accord" edgedefault="undirected">

      """
    for agent in world.agents {
      out += "    <node id=\"\(Escape.xml(agent.name))\">"
      out += "<data key=\"nation\">\(Escape.xml(world.nations[agent.nation].name))</data>"
      out += "<data key=\"believer\">\(agent.believer)</data>"
      out += "<data key=\"weight\">\(agent.weight)</data>"
      out += "<data key=\"ideal\">\(agent.ideal)</data>"
      out += "<data key=\"prior_mean\">\(agent.prior.mean)</data>"
      out += "<data key=\"credibility\">\(agent.credibility)</data></node>\n"
    }
    func edge(_ i: Int, _ j: Int, _ w: Double) {
      out +=
        "    <edge source=\"\(Escape.xml(world.agents[i].name))\" target=\"\(Escape.xml(world.agents[j].name))\">"
      out += "<data key=\"strength\">\(w)</data></edge>\n"
    }
    if graph.isComplete {
      for i in 0..<graph.nodeCount {
        for j in (i + 1)..<max(i + 1, graph.nodeCount) { edge(i, j, 1) }
      }
    } else {
      for i in 0..<graph.nodeCount {
        for e in Int(graph.offsets[i])..<Int(graph.offsets[i + 1]) {
          let j = Int(graph.targets[e])
          if i < j { edge(i, j, graph.weight(at: e)) }
        }
      }
    }
    out += "  </graph>\n</graphml>\n"
    return out
  }
}
