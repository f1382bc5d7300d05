import AccordNumerics
import Testing

@testable import AccordModel

@Suite struct LearningTests {
  /// Runs a synchronous kernel on a sparse graph `steps` times.
  func iterate(
    _ mode: SocialLearning.Averaging, _ p0: [Double], lambda: [Double], eps: [Double]? = nil,
    graph: Graph,
    steps: Int
  ) -> [Double] {
    var p = p0
    var next = p0
    let eps = eps ?? [Double](repeating: 1, count: p0.count)
    let trust = graph.weights
    for _ in 0..<steps {
      graph.offsets.withUnsafeBufferPointer { offsets in
        graph.targets.withUnsafeBufferPointer { targets in
          SocialLearning.synchronousSparse(
            mode: mode, count: p.count, p: p, next: &next, anchor: p0, lambda: lambda, eps: eps,
            offsets: offsets.base, targets: targets.base, trust: trust)
        }
      }
      p = next
    }
    return p
  }

  /// MODEL.md section 6: DeGroot with W = [[1/2,1/2],[1/4,3/4]] from (0,1) converges to 2/3.
  @Test func degrootConverges() {
    let graph = Graph(nodeCount: 2, edges: [(0, 1, 1)])
    let p = iterate(.degroot, [0, 1], lambda: [0.5, 0.25], graph: graph, steps: 200)
    #expect(abs(p[0] - 2.0 / 3.0) < 1e-12)
    #expect(abs(p[1] - 2.0 / 3.0) < 1e-12)
  }

  /// MODEL.md section 6: Friedkin-Johnsen with W = [[0,1],[1,0]], Lambda = I/2, x0 = (0,1).
  @Test func friedkinJohnsenFixedPoint() {
    let graph = Graph(nodeCount: 2, edges: [(0, 1, 1)])
    let p = iterate(.friedkinJohnsen, [0, 1], lambda: [0.5, 0.5], graph: graph, steps: 200)
    #expect(abs(p[0] - 1.0 / 3.0) < 1e-12)
    #expect(abs(p[1] - 2.0 / 3.0) < 1e-12)
  }

  /// MODEL.md section 6: Hegselmann-Krause, eps 0.15, from (0, 0.1, 0.2).
  @Test func hegselmannKrauseTwoSteps() {
    let graph = Graph(nodeCount: 3, edges: [(0, 1, 1), (0, 2, 1), (1, 2, 1)])
    let eps = [0.15, 0.15, 0.15]
    let one = iterate(
      .hegselmannKrause, [0, 0.1, 0.2], lambda: [1, 1, 1], eps: eps, graph: graph, steps: 1)
    #expect(abs(one[0] - 0.05) < 1e-15 && abs(one[1] - 0.1) < 1e-15 && abs(one[2] - 0.15) < 1e-15)
    let two = iterate(
      .hegselmannKrause, [0, 0.1, 0.2], lambda: [1, 1, 1], eps: eps, graph: graph, steps: 2)
    for x in two { #expect(abs(x - 0.1) < 1e-15) }
  }

  /// The implicit complete network gives the same update as an explicit one.
  @Test(arguments: [SocialLearning.Averaging.degroot, .friedkinJohnsen, .hegselmannKrause])
  func completeMatchesExplicit(mode: SocialLearning.Averaging) throws {
    let random = try RandomStream(seed: 4)
    let n = 40
    let p = (0..<n).map { _ in random.uniform() }
    let anchor = (0..<n).map { _ in random.uniform() }
    let lambda = (0..<n).map { _ in random.uniform() }
    let eps = (0..<n).map { _ in random.uniform(low: 0.05, high: 0.6) }
    let credibility = (0..<n).map { _ in 0.5 + random.uniform() }
    var edges: [(Int, Int, Double)] = []
    for i in 0..<n { for j in 0..<i { edges.append((i, j, 1)) } }
    let graph = Graph(nodeCount: n, edges: edges)
    let trust = graph.targets.map { credibility[Int($0)] }
    var sparse = [Double](repeating: 0, count: n)
    graph.offsets.withUnsafeBufferPointer { offsets in
      graph.targets.withUnsafeBufferPointer { targets in
        SocialLearning.synchronousSparse(
          mode: mode, count: n, p: p, next: &sparse, anchor: anchor, lambda: lambda, eps: eps,
          offsets: offsets.base, targets: targets.base, trust: trust)
      }
    }
    var order = (0..<n).map { Int32($0) }
    var sorted = p
    var sorter = BucketSort()
    sorter.sort(keys: &sorted, ids: &order, count: n)
    var complete = [Double](repeating: 0, count: n)
    var prefixA = [Double](repeating: 0, count: n + 1)
    var prefixB = [Double](repeating: 0, count: n + 1)
    SocialLearning.synchronousComplete(
      mode: mode, count: n, p: p, next: &complete, anchor: anchor, lambda: lambda, eps: eps,
      credibility: credibility, order: order, sorted: sorted, prefixWeighted: &prefixA,
      prefixWeight: &prefixB)
    for i in 0..<n { #expect(abs(sparse[i] - complete[i]) < 1e-12) }
  }

  /// Deffuant keeps the mean of each interacting pair (equal lambda and bounds).
  @Test func deffuantConservesPairMeans() throws {
    let random = try RandomStream(seed: 8)
    for _ in 0..<50 {
      var p = [random.uniform(), random.uniform()]
      let before = p[0] + p[1]
      let graph = Graph.complete(2)
      SocialLearning.deffuant(
        count: 2, interactions: 1, mu: 0.3, p: &p, lambda: [1, 1], eps: [1, 1], graph: graph,
        random: random)
      #expect(abs(p[0] + p[1] - before) < 1e-15)
    }
  }

  /// From uniform opinions Deffuant ends in about floor(1 / (2 eps)) major clusters.
  @Test(arguments: [(0.25, 2), (0.15, 3)])
  func deffuantClusterCount(eps: Double, expected: Int) throws {
    let random = try RandomStream(seed: 21)
    let n = 400
    let agents = (0..<n).map { i in
      Fixtures.agent("a\(i)", belief: 0.001 + 0.998 * random.uniform(), lambda: 1, eps: eps)
    }
    var parameters = Fixtures.quiet()
    parameters.learning = LearningParameters(mode: .deffuant, deffuantStep: 0.5, deffuantRate: 5)
    parameters.clusters = ClusterParameters(gap: 0.02, minShare: 0.05)
    var simulation = try Simulation(
      world: try Fixtures.world(agents, parameters: parameters), seed: 3)
    simulation.run(steps: 400)
    #expect(simulation.record.clusters == expected)
  }

  /// Beta(1,1) with 7 successes in 10 trials, through the model's belief update.
  @Test func evidenceUpdateKeepsBetaParameters() {
    let updated = Evidence.update(belief: 0.5, concentration: 2, gain: 7, total: 10, forgetting: 1)
    #expect(abs(updated.belief - 2.0 / 3.0) < 1e-15)
    #expect(updated.concentration == 12)
  }

  /// Social learning rewrites the mean and keeps the concentration.
  @Test func learningKeepsConcentration() throws {
    var parameters = Fixtures.quiet()
    parameters.learning.mode = .degroot
    let agents = [Fixtures.agent("a", belief: 0.2), Fixtures.agent("b", belief: 0.8)]
    var simulation = try Simulation(
      world: try Fixtures.world(agents, parameters: parameters), seed: 1)
    simulation.run(steps: 3)
    #expect(simulation.agents.concentration.array == [2, 2])
    #expect(abs(simulation.agents.belief[0] - 0.5) < 0.2)
  }

  /// Voter model: agents only ever hold opinions someone held at the start, zealots
  /// (lambda 0) never move, and on a complete network the others reach consensus.
  @Test func voterModelCopiesOpinions() throws {
    var parameters = Fixtures.quiet()
    parameters.learning.mode = .voter
    let agents = (0..<20).map { i in
      Fixtures.agent("a\(i)", belief: i < 10 ? 0.2 : 0.8, lambda: i == 0 ? 0 : 1)
    }
    var simulation = try Simulation(
      world: try Fixtures.world(agents, parameters: parameters), seed: 5)
    simulation.run(steps: 2_000)
    let beliefs = simulation.agents.belief.array
    #expect(beliefs[0] == 0.2)
    #expect(beliefs.allSatisfy { $0 == 0.2 || $0 == 0.8 })
    // With one zealot at 0.2 the only absorbing state is everyone at 0.2.
    #expect(beliefs.allSatisfy { $0 == 0.2 })
  }

  /// Voter model on the complete network: the share holding an opinion is a martingale,
  /// so the chance that it wins is its initial share (here 3 in 10).
  @Test func voterModelFixationProbability() throws {
    var parameters = Fixtures.quiet()
    parameters.learning.mode = .voter
    let agents = (0..<10).map { i in
      Fixtures.agent("a\(i)", belief: i < 3 ? 0.8 : 0.2, lambda: 1)
    }
    let world = try Fixtures.world(agents, parameters: parameters)
    let runs = 400
    var wins = 0
    for seed in 0..<runs {
      var simulation = try Simulation(world: world, seed: UInt32(seed))
      simulation.run(steps: 500)
      let beliefs = simulation.agents.belief.array
      #expect(Set(beliefs).count == 1)
      if beliefs[0] == 0.8 { wins += 1 }
    }
    // Four standard errors of a share of 0.3 over 400 runs.
    #expect(abs(Double(wins) / Double(runs) - 0.3) < 4 * (0.3 * 0.7 / Double(runs)).squareRoot())
  }
}
