import AccordNumerics
import Testing

@testable import AccordModel

@Suite struct NetworkTests {
  @Test func wattsStrogatzKeepsEdgeCount() throws {
    let random = try RandomStream(seed: 1)
    let graph = NetworkModel.wattsStrogatz(degree: 10, rewire: 0.3).build(
      agents: 500, random: random)
    #expect(graph.edgeCount == 500 * 10 / 2)
    #expect(graph.meanDegree == 10)
    for i in 0..<500 { #expect(!graph.neighbours(i).contains(i)) }
  }

  @Test func wattsStrogatzWithoutRewiringIsARing() throws {
    let random = try RandomStream(seed: 1)
    let graph = NetworkModel.wattsStrogatz(degree: 4, rewire: 0).build(agents: 10, random: random)
    #expect(graph.neighbours(0) == [1, 2, 8, 9])
  }

  @Test func erdosRenyiMeanDegree() throws {
    let random = try RandomStream(seed: 2)
    let graph = NetworkModel.erdosRenyi(meanDegree: 6).build(agents: 4000, random: random)
    // Edges ~ Binomial(n(n-1)/2, p): sd of the mean degree ~ 0.04.
    #expect(abs(graph.meanDegree - 6) < 0.2)
  }

  @Test func barabasiAlbertEdgeCount() throws {
    let random = try RandomStream(seed: 3)
    let graph = NetworkModel.barabasiAlbert(links: 3).build(agents: 200, random: random)
    #expect(graph.edgeCount == 6 + (200 - 4) * 3)
    #expect((0..<200).allSatisfy { graph.degree($0) >= 3 })
  }

  @Test func edgeListMergesRepeatsAndDropsSelfLoops() {
    let graph = Graph(nodeCount: 3, edges: [(0, 1, 1), (1, 0, 2), (2, 2, 1), (1, 2, 0.5)])
    #expect(graph.edgeCount == 2)
    #expect(graph.neighbours(1) == [0, 2])
    #expect(graph.weights[Int(graph.offsets[0])] == 3)
  }

  @Test func completeGraphIsImplicit() {
    let graph = Graph.complete(10_000)
    #expect(graph.edgeCount == 10_000 * 9_999 / 2)
    #expect(graph.targets.isEmpty)
  }
}
