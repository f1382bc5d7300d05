import AccordNumerics

/// A social-learning rule: how one step of talk moves the agents' beliefs
/// (MODEL.md section 3, step 2).
///
/// A rule is a type with one static function, called once per step through
/// ``LearningMode/update(_:workspace:random:)`` (a `switch`, so the call is static
/// and the kernel can inline). It reads and writes agent state through the raw
/// columns of a ``LearningContext``. A synchronous rule writes every new belief into
/// `context.next` and returns true (the columns are then swapped); an asynchronous
/// rule updates `context.belief` in place and returns false. Rules must draw random
/// numbers only from `random`, in an order that depends on nothing but the state, so
/// runs stay reproducible. See docs/EXTENDING.md for a worked example.
protocol LearningRule {
  static func update(
    _ context: LearningContext, workspace: inout LearningWorkspace,
    random: borrowing RandomStream
  ) -> Bool
}

/// What a learning rule may read and write in one step, as raw column pointers.
struct LearningContext {
  let count: Int
  /// Current beliefs `p_i`; asynchronous rules update them in place.
  let belief: UnsafeMutablePointer<Double>
  /// Where synchronous rules write the new beliefs.
  let next: UnsafeMutablePointer<Double>
  /// Initial beliefs (the Friedkin-Johnsen anchor).
  let anchor: UnsafePointer<Double>
  /// Susceptibility `lambda_i` (0: stubborn).
  let lambda: UnsafePointer<Double>
  /// Confidence bound `eps_i`.
  let eps: UnsafePointer<Double>
  let credibility: UnsafePointer<Double>
  let graph: Graph
  let parameters: LearningParameters
}

/// Buffers that learning rules reuse from step to step, allocated once per run.
struct LearningWorkspace: ~Copyable {
  /// Beliefs in sorted order and the agent each belongs to (complete network only).
  let sorted: Column<Double>
  let order: Column<Int32>
  var sorter = BucketSort()
  let prefixWeighted: Column<Double>
  let prefixWeight: Column<Double>
  /// Tie strength times the listener's trust in the neighbour's credibility, per stored
  /// edge; empty when every one is 1 (``unitTrust``), saving 8 bytes an edge.
  let edgeTrust: Column<Double>
  let unitTrust: Bool

  init(world: World) {
    let n = world.agents.count
    let complete = world.graph.isComplete
    sorted = Column(repeating: 0, count: complete ? n : 0)
    order = Column((0..<n).map { Int32($0) })
    prefixWeighted = Column(repeating: 0, count: complete ? n + 1 : 0)
    prefixWeight = Column(repeating: 0, count: complete ? n + 1 : 0)
    let graph = world.graph
    let agents = world.agents
    let trust = { (e: Int) in graph.weight(at: e) * agents[Int(graph.targets[e])].credibility }
    let unit = graph.targets.indices.allSatisfy { trust($0) == 1 }
    unitTrust = unit
    edgeTrust = Column(count: unit ? 0 : graph.targets.count, trust)
  }
}
