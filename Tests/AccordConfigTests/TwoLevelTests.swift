import AccordConfig
import AccordModel
import Testing

/// Mayer's two-level pie split, written as configs (MODEL.md section 6 and issue 4).
@Suite struct TwoLevelTests {
  /// A pure bargaining problem: linear utilities, no evidence, learning or persuasion.
  static let bargaining = """
    utility_exponent: 1
    steps: 1
    evidence: {trials: 0}
    learning: {mode: none}
    persuasion: {attempts: 0}
    """

  /// A and B split a unit pie; A's executive gains y, B's 1 - y.
  ///
  /// A ratifies with factions gaining y/2 and y/2 - k (both needed), side payments at `lambda`.
  static func pie(k: Double, lambda: Double) -> String {
    bargaining + """

      nations:
        - name: A
          rule: unanimity
          executive: ae
          side_payment_efficiency: \(lambda)
          agents:
            - {name: ae, weight: 0, ideal: 1}
            - {name: a1, ideal: 1, salience: 0.5}
            - {name: a2, ideal: 1, salience: 0.5, outside: \(k)}
        - name: B
          agents:
            - {name: b, ideal: 0, outside: -1}
      """
  }

  /// Ratification thresholds r_A for A and r_B for B, no side payments.
  static func thresholds(_ rA: Double, _ rB: Double) -> String {
    bargaining + """

      nations:
        - name: A
          executive: ae
          agents:
            - {name: ae, weight: 0, ideal: 1}
            - {name: af, ideal: 1, outside: \(rA)}
        - name: B
          executive: be
          agents:
            - {name: be, weight: 0, ideal: 0, outside: -1}
            - {name: bf, ideal: 0, outside: \(rB - 1)}
      """
  }

  func inspect(_ yaml: String) throws -> Inspection {
    let world = try ConfigLoader.load(yaml: yaml, path: "pie.yaml").world
    var simulation = try Simulation(world: world, seed: 1)
    return try simulation.inspect(trueBeliefs: false)
  }

  func outcome(_ yaml: String) throws -> Double? {
    let world = try ConfigLoader.load(yaml: yaml, path: "pie.yaml").world
    var simulation = try Simulation(world: world, seed: 1)
    simulation.run(steps: 1)
    return simulation.summary().outcome
  }

  /// The split is clamp(1/2, r_A, 1 - r_B), and there is no deal when r_A + r_B > 1.
  @Test(arguments: [(0.2, 0.2, 0.5), (0.6, 0.1, 0.6), (0.1, 0.7, 0.3), (0.5, 0.5, 0.5)])
  func clampedSplit(rA: Double, rB: Double, expected: Double) throws {
    let y = try #require(try outcome(Self.thresholds(rA, rB)))
    #expect(abs(y - expected) < 1e-7)
  }

  @Test func noDealWhenThresholdsExceedThePie() throws {
    #expect(try outcome(Self.thresholds(0.6, 0.5)) == nil)
    let view = try inspect(Self.thresholds(0.6, 0.5))
    #expect(view.nash == nil)
    #expect(
      view.blocked?.hasPrefix("no deal: nation B's win-set [0.0, 0.5] does not meet A's [0.6, 1.0]")
        == true)
  }

  /// A's share is max(1/2, 2k / (1 + lambda)) when that is at most 1; no deal otherwise.
  @Test(arguments: [
    (0.3, 0.0, 0.6), (0.3, 0.1, 0.6 / 1.1), (0.3, 0.2, 0.5),
    (0.6, 0.2, 1.0), (0.6, 0.5, 0.8), (0.6, 1.0, 0.6),
  ])
  func sidePaymentShare(k: Double, lambda: Double, expected: Double) throws {
    let y = try #require(try outcome(Self.pie(k: k, lambda: lambda)))
    #expect(abs(y - expected) < 1e-7)
    let view = try inspect(Self.pie(k: k, lambda: lambda))
    #expect(abs(try #require(view.nash) - expected) < 1e-7)
  }

  @Test func noDealWithoutSidePayments() throws {
    #expect(try outcome(Self.pie(k: 0.6, lambda: 0)) == nil)
    let view = try inspect(Self.pie(k: 0.6, lambda: 0))
    #expect(view.blocked == "no deal: nation A's win-set is empty (supporting nothing: a2)")
  }

  /// Side payments move utility inside A; the deadweight part is lost to welfare.
  @Test func transfersAndDeadweight() throws {
    let world = try ConfigLoader.load(yaml: Self.pie(k: 0.3, lambda: 0.5), path: "pie.yaml").world
    var simulation = try Simulation(world: world, seed: 1)
    simulation.run(steps: 1)
    let summary = simulation.summary()
    // y = 0.5 < 2k = 0.6: a2 loses k - y/2 = 0.05 and is paid 0.05; a1 pays 0.05/0.5 = 0.1.
    let flows = try #require(summary.transfers["A"])
    #expect(flows.count == 2)
    #expect(abs(try #require(flows.first { $0.agent == "a2" }).amount - 0.05) < 1e-7)
    #expect(abs(try #require(flows.first { $0.agent == "a1" }).amount + 0.1) < 1e-7)
    #expect(abs(try #require(summary.deadweightLoss["A"]) - 0.05) < 1e-7)
    // A's gain: mean over a1, a2 of (0.25 - 0.1) and (0.25 - 0.3 + 0.05) = 0.075.
    #expect(abs(try #require(summary.gains["A"]) - 0.075) < 1e-7)
  }

  /// Two nations; B's win-set [0, 0.4] is judged with noise `sigma`, per executive with
  /// B's own executive's error sd `own` when it is set.
  static func misjudged(_ sigma: Double, own: Double? = nil) -> String {
    """
    steps: 20
    evidence: {trials: 0}
    learning: {mode: none}
    persuasion: {attempts: 0}
    nations:
      - {name: A, bargaining_weight: 3, agents: [{name: a, ideal: 0.8}]}
      - name: B
        executive: be
        judgement_noise: \(sigma)\(own.map { "\n    own_judgement_noise: \($0)" } ?? "")
        agents: [{name: be, ideal: 0.3, weight: 0}, {name: bl, ideal: 0.2}]
    """
  }

  /// Executives who misjudge B's win-set sometimes sign deals B's legislature rejects:
  /// involuntary defections, counted and turned into a rate.
  ///
  /// Without noise there are none.
  @Test func misjudgedWinSetsCauseInvoluntaryDefection() throws {
    var defections = 0
    for seed in 0..<30 {
      for sigma in [0.0, 0.05] {
        let world = try ConfigLoader.load(
          yaml: Self.misjudged(sigma), path: "n.yaml", seed: UInt32(seed)
        )
        .world
        var simulation = try Simulation(world: world, seed: UInt32(seed))
        simulation.run(steps: 20)
        let s = simulation.summary()
        let y = try #require(s.outcome)
        #expect(y <= 0.4 + 1e-9)  // every ratified deal is in B's real win-set [0, 0.4]
        #expect(
          abs(s.defectionRate - Double(s.involuntaryDefections) / Double(s.negotiationRounds))
            < 1e-12)
        if sigma == 0 { #expect(s.involuntaryDefections == 0) }
        defections += s.involuntaryDefections
        #expect(s.ratificationFailures["B"] == s.involuntaryDefections)
      }
    }
    #expect(defections >= 3)
  }

  /// Per-executive judgement keeps an informed nation from defecting.
  ///
  /// With `own_judgement_noise`, B's executive knows B's win-set,
  /// A's executive misjudges it with its own error. Each signs only what it judges
  /// ratifiable, so no deal outside B's real win-set is ever signed: no involuntary
  /// defection, where the shared judgement of the same noise produces some. With no
  /// noise at all the per-executive mode gives the same runs as the shared one.
  @Test func perExecutiveJudgementKeepsAnInformedNationFromDefecting() throws {
    func run(_ sigma: Double, own: Double?, seed: Int) throws -> RunSummary {
      let world = try ConfigLoader.load(
        yaml: Self.misjudged(sigma, own: own), path: "n.yaml", seed: UInt32(seed)
      ).world
      var simulation = try Simulation(world: world, seed: UInt32(seed))
      simulation.run(steps: 20)
      return simulation.summary()
    }
    var shared = 0
    var informed = 0
    var agreements = 0
    for seed in 0..<30 {
      shared += try run(0.05, own: nil, seed: seed).involuntaryDefections
      let s = try run(0.05, own: 0, seed: seed)
      informed += s.involuntaryDefections
      if s.outcome != nil { agreements += 1 }
      let exact = try run(0, own: 0, seed: seed)
      let plain = try run(0, own: nil, seed: seed)
      #expect(exact == plain)
    }
    #expect(shared >= 3)
    #expect(informed == 0)
    #expect(agreements == 30)
  }

  /// Win-sets grow weakly with the side-payment efficiency.
  @Test func winSetsGrowWithEfficiency() throws {
    var previous: [[Double]] = []
    for lambda in stride(from: 0.0, through: 1.0, by: 0.125) {
      let view = try inspect(Self.pie(k: 0.45, lambda: lambda))
      let a = view.nations[0].winSet
      if let lowNow = a.first?[0], let lowBefore = previous.first?[0] {
        #expect(lowNow <= lowBefore + 1e-12)
      }
      if !previous.isEmpty { #expect(!a.isEmpty) }
      #expect(view.nations[0].winSetWithoutSidePayments == [[0.9, 1.0]])
      previous = a
    }
  }
}
