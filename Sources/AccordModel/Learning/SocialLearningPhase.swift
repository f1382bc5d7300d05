import AccordNumerics

/// Step 2: social learning on the network, by the rule the world's ``LearningMode`` names
/// (built-in or registered).
struct SocialLearningPhase: ~Copyable {
  let parameters: LearningParameters
  let graph: Graph
  var workspace: LearningWorkspace

  init(world: World) {
    parameters = world.parameters.learning
    graph = world.graph
    workspace = LearningWorkspace(world: world)
  }

  mutating func run(agents: inout AgentState, random: borrowing RandomStream) {
    let context = LearningContext(
      count: agents.count, belief: agents.belief.base, next: agents.nextBelief.base,
      anchor: agents.anchor.base, lambda: agents.lambda.base, eps: agents.eps.base,
      credibility: agents.credibility.base, graph: graph, parameters: parameters)
    if parameters.mode.update(context, workspace: &workspace, random: random) {
      agents.belief.exchange(with: &agents.nextBelief)
    }
  }
}
