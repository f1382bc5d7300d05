/// What recruitment strategies may look at when ranking a candidate.
struct RecruitmentView {
  /// Each nation's total weight.
  let nationWeights: [Double]
  /// Each nation's quota as an absolute weight.
  let quotaWeight: [Double]
  let deference: DeferenceNetwork
}

/// accord's own recruitment strategies, by config name: the ``RecruitmentStrategy``
/// built-ins.
///
/// A new built-in adds its case here (the raw value is its config name) and its score in
/// ``score(_:consensus:agents:tally:view:)``; ``RuleRegistry/builtIn`` then lists it, and
/// the trajectory tests demand a pin.
enum BuiltInRecruitment: String, Sendable, CaseIterable {
  case random
  case alliesFirst = "allies-first"
  case weightFirst = "weight-first"
  case pivotalFirst = "pivotal-first"
  case backwardMapping = "backward-mapping"

  /// A candidate's priority under this strategy: lower is recruited first.
  @inline(__always)
  func score(
    _ i: Int, consensus: Double, agents: borrowing AgentState, tally: borrowing CoalitionTally,
    view: borrowing RecruitmentView
  ) -> Double {
    switch self {
    case .random, .alliesFirst:
      return abs(agents.belief[i] - consensus)
    case .weightFirst:
      return -agents.weight[i] / view.nationWeights[Int(agents.nation[i])]
    case .pivotalFirst:
      // A missing veto player blocks every win; otherwise the weight that closes the
      // gap to the quota; Banzhaf power breaks ties (and ranks nations already winning).
      let k = Int(agents.nation[i])
      let quota = view.quotaWeight[k]
      let deficit = max(0, quota - tally.weight[k])
      let veto = agents.veto[i] ? 1.0 : 0
      let closing = deficit > 0 ? min(agents.weight[i], deficit) / quota : 0
      return -(2 * veto + closing + 1e-3 * tally.agentPower[i])
    case .backwardMapping:
      // Own weight share plus the followers' (not yet members) it would bring along.
      var gain = agents.weight[i] / view.nationWeights[Int(agents.nation[i])]
      let deference = view.deference
      for e in Int(deference.offsets[i])..<Int(deference.offsets[i + 1]) {
        let f = Int(deference.followers[e])
        if !agents.member[f] {
          gain +=
            deference.strengths[e] * agents.weight[f]
            / view.nationWeights[Int(agents.nation[f])]
        }
      }
      return -gain
    }
  }
}
