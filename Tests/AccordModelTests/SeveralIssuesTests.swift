import Testing

@testable import AccordModel

/// Side payments and judgement noise with several issues (the package path).
@Suite struct SeveralIssuesTests {
  /// The two-level pie split (MODEL.md section 6) on two issues: A's protected faction
  /// needs A's share of each issue's pie to reach `2k` (k = 0.3) unless it is paid off.
  func pie(efficiency: Double, noise: Double = 0, own: Double? = nil) throws -> World {
    var parameters = Fixtures.quiet()
    parameters.utility = UtilityShape(gamma: 1, statusQuo: 0)
    parameters.otherStatusQuos = [0]
    parameters.negotiation.stopAtAgreement = true
    func agent(
      _ name: String, nation: Int, ideal: Double, salience: Double, weight: Double,
      outside: Double
    ) -> AgentSpec {
      var spec = AgentSpec(
        name: name, nation: nation, ideal: ideal, salience: salience, weight: weight,
        outside: outside)
      spec.otherIssues = [IssueStance(ideal: ideal, salience: salience)]
      return spec
    }
    let agents = [
      agent("a-executive", nation: 0, ideal: 1, salience: 1, weight: 0, outside: 0),
      agent("a-exporters", nation: 0, ideal: 1, salience: 0.5, weight: 1, outside: 0),
      agent("a-protected", nation: 0, ideal: 1, salience: 0.5, weight: 1, outside: 0.3),
      agent("b-government", nation: 1, ideal: 0, salience: 1, weight: 1, outside: -1),
    ]
    return try World(
      parameters: parameters,
      nations: [
        Nation(
          name: "A", agents: 0..<3, rule: .unanimity, judgementNoise: noise,
          sidePaymentEfficiency: efficiency, ownJudgementNoise: own),
        Nation(name: "B", agents: 3..<4),
      ],
      agents: agents, graph: .complete(4))
  }

  /// Side payments enlarge A's package win-set, weakly increasing in efficiency (M7),
  /// and the enlarged set always holds the plain one.
  @Test func sidePaymentsEnlargeThePackageWinSet() throws {
    var shares: [Double] = []
    for efficiency in [0, 0.1, 0.5, 1] {
      var simulation = try Simulation(world: try pie(efficiency: efficiency), seed: 1)
      let inspection = try simulation.inspect(trueBeliefs: false)
      shares.append(try #require(inspection.nations[0].winSetShare))
    }
    #expect(zip(shares, shares.dropFirst()).allSatisfy { $0 < $1 })
    // Without payments A's protected faction needs y1 + y2 >= 2k: a strict part of the
    // square; fully efficient payments admit much more of it.
    #expect(shares[0] < 0.9 && shares[3] > shares[0] + 0.1)
  }

  /// A two-issue side-payment world runs to an agreement that needs the payments, records
  /// them with their deadweight loss, and lands nearer A's unconstrained Nash split.
  @Test func twoIssueSidePaymentWorldAgrees() throws {
    var plain = try Simulation(world: try pie(efficiency: 0), seed: 1)
    plain.run(steps: 3)
    var paid = try Simulation(world: try pie(efficiency: 0.8), seed: 1)
    paid.run(steps: 3)
    let before = plain.summary()
    let after = paid.summary()
    let y0 = try #require(before.package)
    let y1 = try #require(after.package)
    #expect(y1[0] + y1[1] < y0[0] + y0[1] - 0.05)
    let transfers = try #require(after.transfers["A"])
    #expect(!transfers.isEmpty)
    // Receivers get their losses; payers pay them at a loss of 1 - lambda_sp.
    let received = transfers.filter { $0.amount > 0 }.reduce(0.0) { $0 + $1.amount }
    let paidOut = -transfers.filter { $0.amount < 0 }.reduce(0.0) { $0 + $1.amount }
    #expect(abs(paidOut - received / 0.8) < 1e-9)
    #expect(abs((after.deadweightLoss["A"] ?? 0) - (paidOut - received)) < 1e-9)
    #expect(before.transfers.isEmpty)
  }

  /// Judgement noise with several issues: misjudged win-sets make some signed packages
  /// fail ratification, and the run is reproducible from its seed.
  @Test func judgementNoiseWithSeveralIssues() throws {
    var defections = 0
    for seed in 0..<6 {
      var simulation = try Simulation(world: try pie(efficiency: 0, noise: 0.3), seed: UInt32(seed))
      simulation.run(steps: 12)
      var again = try Simulation(world: try pie(efficiency: 0, noise: 0.3), seed: UInt32(seed))
      again.run(steps: 12)
      #expect(simulation.summary() == again.summary())
      defections += simulation.summary().involuntaryDefections
    }
    #expect(defections > 0)
  }

  /// Per-executive judgement on packages: with A's own executive exact, only B's
  /// executive misjudges A's win-set, the judged set is the true one clipped by B's
  /// draw, and A never fails to ratify a signed package (the same noise shared by both
  /// executives does make it fail, in the test above).
  @Test func anInformedExecutiveSignsNoPackageItsRatifiersReject() throws {
    var rounds = 0
    for seed in 0..<6 {
      var simulation = try Simulation(
        world: try pie(efficiency: 0, noise: 0.3, own: 0), seed: UInt32(seed))
      simulation.run(steps: 12)
      let summary = simulation.summary()
      #expect(summary.ratificationFailures["A"] == 0)
      rounds += summary.negotiationRounds
    }
    #expect(rounds > 6)
  }
}
