public import AccordNumerics

/// A social-learning rule from any package: how one step of talk moves the agents'
/// beliefs (MODEL.md section 3, step 2).
///
/// A rule is a type with one static function, registered under a config name with
/// `RuleRegistry.register(_:name:)` and run once per step: one
/// indirect call, after which the rule's own loop over the agents runs as compiled in its
/// module. It reads and writes agent state through the raw columns of a
/// ``LearningContext``. A synchronous rule writes every new belief into `context.next` and
/// returns true (the columns are then swapped); an asynchronous rule updates
/// `context.belief` in place and returns false, and may use `context.next` as scratch.
/// A rule must not allocate (the step allocates nothing), and must draw random numbers
/// only from `random`, in an order that depends on nothing but the state, so runs stay
/// reproducible at any thread count.
public protocol LearningRule: Sendable {
  /// Moves the beliefs for one step; true when the new beliefs are in `context.next`.
  static func update(_ context: LearningContext, random: borrowing RandomStream) -> Bool
}

/// One of accord's own learning rules, which may keep buffers in a ``LearningWorkspace``.
///
/// Called through `BuiltInLearning.update` (a `switch`, so the call is static and the
/// kernel can inline).
protocol BuiltInLearningRule {
  static func update(
    _ context: LearningContext, workspace: inout LearningWorkspace,
    random: borrowing RandomStream
  ) -> Bool
}

/// What a learning rule may read and write in one step, as raw column pointers.
///
/// Each pointer addresses `count` values, one per agent, in the order configs list them.
public struct LearningContext {
  /// The number of agents.
  public let count: Int
  /// Current beliefs `p_i`; asynchronous rules update them in place.
  public let belief: UnsafeMutablePointer<Double>
  /// Where synchronous rules write the new beliefs.
  public let next: UnsafeMutablePointer<Double>
  /// Initial beliefs (the Friedkin-Johnsen anchor).
  public let anchor: UnsafePointer<Double>
  /// Susceptibility `lambda_i` (0: stubborn).
  public let lambda: UnsafePointer<Double>
  /// Confidence bound `eps_i`.
  public let eps: UnsafePointer<Double>
  /// Credibility `c_i`, the weight others give the agent's belief.
  public let credibility: UnsafePointer<Double>
  /// The network: compressed rows (`offsets`, `targets`), or `isComplete` with no edges stored.
  public let graph: Graph
  /// The world's learning settings.
  public let parameters: LearningParameters

  /// A context over the given columns, for calling a rule directly (in a test, say).
  public init(
    count: Int, belief: UnsafeMutablePointer<Double>, next: UnsafeMutablePointer<Double>,
    anchor: UnsafePointer<Double>, lambda: UnsafePointer<Double>, eps: UnsafePointer<Double>,
    credibility: UnsafePointer<Double>, graph: Graph, parameters: LearningParameters
  ) {
    self.count = count
    self.belief = belief
    self.next = next
    self.anchor = anchor
    self.lambda = lambda
    self.eps = eps
    self.credibility = credibility
    self.graph = graph
    self.parameters = parameters
  }
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
  /// edge; empty unless ties have strengths of their own (``trust``), saving 8 bytes an edge.
  let edgeTrust: Column<Double>
  /// Each agent's belief and credibility side by side (``NeighbourTrust``); empty
  /// unless trust is ``TrustKind/neighbour``.
  let neighbourPairs: Column<Double>
  let trust: TrustKind

  /// Where the sparse kernel reads an edge's trust.
  enum TrustKind {
    /// Every trust is 1.
    case unit
    /// Every tie has strength 1, so an edge's trust is its neighbour's credibility,
    /// read beside its belief (`neighbourPairs`): 16 bytes an agent instead of 8 an
    /// edge, 64 MB less than a stored trust at 10^6 agents and 10^7 stored edges.
    case neighbour
    /// Ties of their own strengths (an edge list): `edgeTrust`.
    case stored
  }

  init(world: World) {
    let n = world.agents.count
    let complete = world.graph.isComplete
    sorted = Column(repeating: 0, count: complete ? n : 0)
    order = Column(count: complete ? n : 0) { Int32($0) }
    prefixWeighted = Column(repeating: 0, count: complete ? n + 1 : 0)
    prefixWeight = Column(repeating: 0, count: complete ? n + 1 : 0)
    let graph = world.graph
    let agents = world.agents
    let trust = { (e: Int) in graph.weight(at: e) * agents[Int(graph.targets[e])].credibility }
    // 1 x credibility is the credibility itself: the neighbour's column gives the same trust.
    let kind: TrustKind =
      if graph.targets.indices.allSatisfy({ trust($0) == 1 }) {
        .unit
      } else if graph.storedWeights.isEmpty {
        .neighbour
      } else {
        .stored
      }
    self.trust = kind
    edgeTrust = Column(count: kind == .stored ? graph.targets.count : 0, trust)
    neighbourPairs = Column(count: kind == .neighbour ? 2 * n : 0) {
      $0 % 2 == 1 ? agents[$0 / 2].credibility : 0
    }
  }
}
