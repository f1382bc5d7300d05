import Testing

@testable import AccordModel

/// Outcome position, negotiators' Nash shares and the whole-space Pareto flags
/// (docs/MODEL.md, section 4).
@Suite struct OutcomeMetricsTests {
  /// A pie: A's executive wants 1, B's wants 0, linear utilities, status quo 0, so A
  /// gains y and B gains 1 - y over their disagreement utilities.
  ///
  /// A's ratifier (the only one with weight) wants `ratifier`.
  static func pie(ratifier: Double) throws -> World {
    var p = Fixtures.quiet()
    p.utility = UtilityShape(gamma: 1, statusQuo: 0)
    let ae = Fixtures.agent("ae", ideal: 1, weight: 0)
    let af = Fixtures.agent("af", ideal: ratifier, weight: 1)
    let b = Fixtures.agent("b", nation: 1, ideal: 0, outside: -1)
    return try World(
      parameters: p,
      nations: [Nation(name: "A", agents: 0..<2, executive: 0), Nation(name: "B", agents: 2..<3)],
      agents: [ae, af, b], graph: .complete(3))
  }

  static func metrics(_ world: World, _ y: Double) -> OutcomeMetrics {
    OutcomeMetrics.evaluate(
      deal: [y], world: world, utility: world.parameters.utility)
  }

  @Test(arguments: [0.5, 0.7, 0.25])
  func sharesAndPosition(y: Double) throws {
    let m = Self.metrics(try Self.pie(ratifier: 1), y)
    // Negotiator shares: y and 1 - y of a unit surplus.
    #expect(abs(m.nashShares[0]! - y) < 1e-12)
    #expect(abs(m.nashShares[1]! - (1 - y)) < 1e-12)
    // From A's ideal (1) to B's (0).
    #expect(abs(m.position! - (1 - y)) < 1e-12)
    #expect(abs(m.distances[0] - (1 - y)) < 1e-12 && abs(m.distances[1] - y) < 1e-12)
    // A split of the pie is Pareto-optimal between the negotiators.
    #expect(!m.paretoInferiorNegotiators)
  }

  /// The negotiators' bargain can be Pareto-inferior in welfare: A's ratifier wants
  /// 0.3, B wants 0, so 0.3 beats 0.5 for both nations' ratifiers, not for A's executive.
  @Test func welfareAndNegotiatorFlagsDiffer() throws {
    let m = Self.metrics(try Self.pie(ratifier: 0.3), 0.5)
    #expect(!m.paretoInferiorNegotiators)
    #expect(m.paretoInferiorWelfare)
    let inside = Self.metrics(try Self.pie(ratifier: 0.3), 0.3)
    #expect(!inside.paretoInferiorWelfare)
  }

  /// A deal beyond both negotiators' ideals is dominated for them; shares need every
  /// negotiator to gain.
  @Test func dominatedDealAndUndefinedShares() throws {
    var p = Fixtures.quiet()
    p.utility = UtilityShape(gamma: 2, statusQuo: 0)
    let a = Fixtures.agent("a", ideal: 0.6, outside: -1)
    let b = Fixtures.agent("b", nation: 1, ideal: 0.4, outside: -1)
    let world = try World(
      parameters: p,
      nations: [Nation(name: "A", agents: 0..<1), Nation(name: "B", agents: 1..<2)],
      agents: [a, b], graph: .complete(2))
    let m = Self.metrics(world, 0.95)
    #expect(m.paretoInferiorNegotiators && m.paretoInferiorWelfare)
    #expect(abs(m.position! - (0.95 - 0.6) / (0.4 - 0.6)) < 1e-12)
    let far = Self.metrics(world, 1.0)
    // B at 1: -(0.6)^2 = -0.36 against a reservation -0.16 - 1: still a gain of 0.8.
    #expect(far.nashShares.allSatisfy { $0 != nil })
  }
}
