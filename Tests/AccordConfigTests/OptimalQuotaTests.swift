import AccordConfig
import AccordModel
import Testing

/// The optimal-quota ratification rule (Slomczynski and Zyczkowski 2006), from configs
/// through the weighted game.
@Suite struct OptimalQuotaTests {
  /// A config whose nation A has one faction per weight in `weights`.
  func world(_ weights: [Int], extra: String = "") throws -> World {
    let agents = weights.enumerated().map { "{name: f\($0.offset), weight: \($0.element)}" }
    let yaml = """
      nations:
        - name: A
          rule: optimal-quota\(extra)
          agents: [\(agents.joined(separator: ", "))]
      """
    return try ConfigLoader.load(yaml: yaml, path: "optimal.yaml").world
  }

  /// `q = (1 + sqrt(sum s_i^2)) / 2`: `(1 + 1 / sqrt(n)) / 2` for equal weights,
  /// `(1 + 5 / 7) / 2` for weights 3 and 4, and 1 for a single faction.
  @Test func quotaFromWeights() throws {
    #expect(abs(try world([1, 1, 1, 1]).ratificationQuota(ofNation: 0) - 0.75) < 1e-12)
    #expect(
      abs(try world([2, 2, 2, 2, 2, 2, 2, 2, 2]).ratificationQuota(ofNation: 0) - 2.0 / 3) < 1e-12)
    #expect(abs(try world([3, 4]).ratificationQuota(ofNation: 0) - 6.0 / 7) < 1e-12)
    #expect(try world([5]).ratificationQuota(ofNation: 0) == 1)
    let built = try world([3, 4])
    #expect(built.nations[0].rule == .optimalQuota)
    #expect(built.nations[0].rule.vetoPlayers(weights: [3, 4], executive: 0).isEmpty)
  }

  /// The rule's point: Banzhaf shares close to weight shares.
  ///
  /// For weights 1...9 (total 45) the quota is 31 of 45, and no share is further than 0.0051 from
  /// its weight share (exact enumeration of the 512 coalitions); under majority (23 of 45) the
  /// largest gap is 0.0117.
  @Test func banzhafTracksWeight() throws {
    let weights = Array(1...9)
    func largestGap(_ world: World) throws -> Double {
      var simulation = try Simulation(world: world, seed: 1)
      let factions = try simulation.inspect(trueBeliefs: false).nations[0].factions
      return zip(factions, weights).map { abs($0.banzhaf - Double($1) / 45) }.max() ?? 1
    }
    let optimal = try world(weights)
    var majority = optimal
    majority.nations[0].rule = .majority
    #expect(abs(optimal.ratificationQuota(ofNation: 0) - (1 + 285.0.squareRoot() / 45) / 2) < 1e-12)
    let gap = try largestGap(optimal)
    #expect(gap < 0.0052)
    #expect(try largestGap(majority) > 0.0116)
  }

  /// The quota follows from the weights, so a config that gives one is told which rules
  /// take it.
  @Test func quotaIsRejected() throws {
    #expect {
      _ = try world([1, 2], extra: "\n    quota: 0.6")
    } throws: { error in
      let issue = "\(error)"
      return issue.contains("nations[0].quota")
        && issue.contains(
          "applies only to rules 'supermajority' and 'executive-veto', not 'optimal-quota'")
    }
  }
}
