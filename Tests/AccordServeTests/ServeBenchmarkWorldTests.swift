import AccordConfig
import AccordServe
import Testing

/// The serve benchmark worlds exercise the page paths they are named for.
@Suite struct ServeBenchmarkWorldTests {
  /// `Configs/bench/network.yaml` is the largest world that gets a network view, with
  /// every edge sent: the network view's worst case for `test-browser.sh --perf`.
  @Test func networkWorldIsTheLargestWithANetworkView() throws {
    let path = ServeFixtures.root.appendingPathComponent("Configs/bench/network.yaml").path
    let world = try ConfigLoader.load(path: path).world
    #expect(world.agents.count == NetworkView.maxAgents)
    let view = try #require(NetworkView(world))
    #expect(!view.complete && !view.truncated)
    #expect(view.edges.count / 2 == 15_000)
    #expect(view.believers.filter { $0 == "1" }.count == 60)
  }

  /// `Configs/bench/large.yaml` (10,000 agents) is past the limit: no network view, so its
  /// figures measure the charts alone.
  @Test func largeWorldHasNoNetworkView() throws {
    let path = ServeFixtures.root.appendingPathComponent("Configs/bench/large.yaml").path
    #expect(NetworkView(try ConfigLoader.load(path: path).world) == nil)
  }
}
