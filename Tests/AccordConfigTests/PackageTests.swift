import AccordConfig
import AccordModel
import Testing

/// Several issues: packages, linkage and Pareto checks (Mayer 1992, M6).
@Suite struct PackageTests {
  static let header = """
    issues: 2
    status_quo: [0, 0]
    steps: 3
    evidence: {trials: 0}
    learning: {mode: none}
    persuasion: {attempts: 0}

    """

  /// A wants issue 1 high and B wants issue 2 high; each loses on the other's issue
  /// and has an outside option, so no issue passes on its own, but a package does.
  static func logroll(linkageA: Bool) -> String {
    header + """
      nations:
        - name: A
          linkage: \(linkageA)
          agents: [{name: a, ideal: [1, 0], salience: [1, 0.3], outside: 0.05}]
        - name: B
          agents: [{name: b, ideal: [0, 1], salience: [0.3, 1], outside: 0.05}]
      """
  }

  func summary(_ yaml: String) throws -> RunSummary {
    let world = try ConfigLoader.load(yaml: yaml, path: "p.yaml").world
    var simulation = try Simulation(world: world, seed: 1)
    simulation.run(steps: 3)
    return simulation.summary()
  }

  @Test func linkageOpensAZOPAThatSeparateSettlementLeavesEmpty() throws {
    let linked = try summary(Self.logroll(linkageA: true))
    let y = try #require(linked.package)
    #expect(linked.agreementStep == 1)
    #expect(y.count == 2 && y[0] > 0.3 && y[1] > 0.3)
    // Symmetric world, symmetric Nash package.
    #expect(abs(y[0] - y[1]) < 1e-4)
    #expect(linked.paretoInferior == false)
    let separate = try summary(Self.logroll(linkageA: false))
    #expect(separate.agreementStep == nil)
    #expect(separate.efficiency == 0)
  }

  /// A's only ratifier caps issue 1 (ideal 0.2) and ignores issue 2; A's executive wants
  /// issue 1 high and bargains hard (weight 5).
  ///
  /// The Nash package sits on the cap, and a lower issue 1 would make both nations better off: the
  /// binding constraint forces a Pareto-inferior package.
  @Test func bindingConstraintForcesAParetoInferiorPackage() throws {
    let yaml =
      Self.header + """
        nations:
          - name: A
            executive: a-executive
            bargaining_weight: 5
            agents:
              - {name: a-executive, weight: 0, ideal: [1, 0]}
              - {name: a-hawk, ideal: [0.2, 0], salience: [1, 0], outside: -0.1}
          - name: B
            agents: [{name: b, ideal: [0, 1], outside: -0.5}]
        """
    let s = try summary(yaml)
    let y = try #require(s.package)
    // The cap: (y1 - 0.2)^2 <= 0.04 + 0.1; unconstrained, the Nash package has y1 near 0.72.
    #expect(abs(y[0] - (0.2 + 0.14.squareRoot())) < 1e-3)
    #expect(s.paretoInferior == true)
    let better = try #require(s.paretoImprovement)
    #expect(better[0] < y[0])
  }

  @Test func valuesPerIssueMustMatchTheIssueCount() throws {
    let yaml =
      Self.header + "nations:\n  - {name: A, agents: [{name: a, ideal: [0.1, 0.2, 0.3]}]}\n"
    do {
      _ = try ConfigLoader.load(yaml: yaml, path: "p.yaml")
      Issue.record("expected an error")
    } catch {
      #expect(error.key == "nations[0].agents[0].ideal")
      #expect(error.message.contains("gives 3 values; the world has 2 issue(s)"))
    }
    let quo = "issues: 2\nstatus_quo: [0, 0, 0]\nnations:\n  - {name: A, agents: [{name: a}]}\n"
    do {
      _ = try ConfigLoader.load(yaml: quo, path: "p.yaml")
      Issue.record("expected an error")
    } catch {
      #expect(error.key == "status_quo")
      #expect(error.line == 2)
    }
  }
}
