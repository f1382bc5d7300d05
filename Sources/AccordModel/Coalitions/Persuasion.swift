import AccordNumerics

/// Step 4: the epistemic community's `K` persuasion attempts on distinct non-members,
/// picked by a ``RecruitmentStrategy``; deference carries a success to the followers.
struct Persuasion: ~Copyable {
  let parameters: PersuasionParameters
  let view: RecruitmentView
  /// Non-members this step (written by the membership scan).
  let candidates: Column<Int32>
  private var picked: [Int32]
  private var pickedScore: [Double]
  private var pickedKey: [UInt64]
  /// The run's tie-break salt (``SeedStreams/ties(_:)``).
  let tieSeed: UInt64
  /// A registered strategy's scores, one per candidate (empty for the built-ins), and the
  /// nation columns its ``RecruitmentContext`` points at.
  let scores: Column<Double>
  let nationWeight: Column<Double>
  let quotaWeightColumn: Column<Double>

  init(world: World, seed: UInt32, nationWeights: [Double], quotaWeight: [Double]) {
    parameters = world.parameters.persuasion
    view = RecruitmentView(
      nationWeights: nationWeights, quotaWeight: quotaWeight, deference: world.deference)
    candidates = Column(repeating: 0, count: world.agents.count)
    picked = []
    pickedScore = []
    pickedKey = []
    picked.reserveCapacity(parameters.attempts)
    pickedScore.reserveCapacity(parameters.attempts)
    pickedKey.reserveCapacity(parameters.attempts)
    tieSeed = SeedStreams.ties(UInt64(seed))
    var external = false
    if case .external = parameters.strategy.rule { external = true }
    scores = Column(repeating: 0, count: external ? world.agents.count : 0)
    nationWeight = Column(external ? nationWeights : [])
    quotaWeightColumn = Column(external ? quotaWeight : [])
  }

  /// Attempts on the first `available` candidates at `step`; returns the number of
  /// successes.
  mutating func run<S: ProjectSupport>(
    available: Int, step: Int, consensus: Double, credibility cEC: Double, support: S,
    agents: borrowing AgentState, tally: inout CoalitionTally, random: borrowing RandomStream
  ) -> Int {
    guard available > 0 else { return 0 }
    var count = available
    if let target = parameters.targetNation {
      // Reach across the border: keep only the target nation's candidates.
      var kept = 0
      for c in 0..<count where Int(agents.nation[Int(candidates[c])]) == target {
        candidates.write(kept, candidates[c])
        kept += 1
      }
      count = kept
      guard count > 0 else { return 0 }
    }
    let k = min(parameters.attempts, count)
    picked.removeAll(keepingCapacity: true)
    pickedScore.removeAll(keepingCapacity: true)
    pickedKey.removeAll(keepingCapacity: true)
    switch parameters.strategy.rule {
    case .builtIn(.random):
      // Partial Fisher-Yates: k distinct uniform picks.
      for a in 0..<k {
        let r = a + random.uniformInt(count - a)
        let chosen = candidates[r]
        candidates.write(r, candidates[a])
        candidates.write(a, chosen)
        picked.append(chosen)
      }
    case .builtIn(let strategy):
      var cutoff = Double.infinity
      let salt = tieSalt(step)
      for c in 0..<count {
        let i = Int(candidates[c])
        let score = strategy.score(
          i, consensus: consensus, agents: agents, tally: tally, view: view)
        consider(Int32(i), score: score, salt: salt, limit: k, cutoff: &cutoff)
      }
    case .external(let rule):
      // One indirect call scores every candidate; the ranking is the built-ins'.
      let (belief, weight, nation) = (agents.belief.base, agents.weight.base, agents.nation.base)
      let (veto, member) = (agents.veto.base, agents.member.base)
      let (nationWeight, quotaWeight) = (nationWeight.base, quotaWeightColumn.base)
      let (ids, out) = (candidates.base, scores.base)
      tally.weight.withUnsafeBufferPointer { coalition in
        guard let coalition = coalition.baseAddress else { return }
        let context = RecruitmentContext(
          consensus: consensus, belief: belief, weight: weight, nation: nation, veto: veto,
          member: member, nationWeight: nationWeight, quotaWeight: quotaWeight,
          coalitionWeight: coalition)
        rule.score(context, candidates: ids, count: count, into: out)
      }
      var cutoff = Double.infinity
      let salt = tieSalt(step)
      for c in 0..<count {
        consider(candidates[c], score: scores[c], salt: salt, limit: k, cutoff: &cutoff)
      }
    }
    var successes = 0
    let deference = view.deference
    for target in picked {
      let j = Int(target)
      let pj = agents.belief[j]
      guard abs(pj - consensus) <= agents.eps[j] + SocialLearning.boundTolerance else {
        _ = random.uniform()
        continue
      }
      let chance = agents.lambda[j] * cEC / (cEC + agents.credibility[j])
      if random.uniform() < chance {
        let (belief, concentration) = parameters.update.apply(
          belief: pj, concentration: agents.concentration[j], message: consensus,
          step: parameters.step, pseudoObservations: parameters.pseudoObservations)
        agents.belief.write(j, belief)
        agents.concentration.write(j, concentration)
        tally.refresh(j, agents: agents, support: support)
        successes += 1
        // Those who defer to j follow it.
        if !deference.isEmpty {
          for e in Int(deference.offsets[j])..<Int(deference.offsets[j + 1]) {
            let f = Int(deference.followers[e])
            agents.belief.write(
              f, agents.belief[f] + deference.strengths[e] * (agents.belief[j] - agents.belief[f]))
            tally.refresh(f, agents: agents, support: support)
          }
        }
      }
    }
    return successes
  }

  /// The salt of step `step`'s tie keys: equal scores are ordered by a hash of (run, step,
  /// agent), a fresh random order each step, the same at any thread count, and
  /// independent of where a group is listed.
  private func tieSalt(_ step: Int) -> UInt64 {
    SeedStreams.mix64(tieSeed ^ UInt64(truncatingIfNeeded: step))
  }

  /// Ranks candidate `i` among the `limit` best so far; `cutoff` is the current worst kept.
  @inline(__always)
  private mutating func consider(
    _ i: Int32, score: Double, salt: UInt64, limit: Int, cutoff: inout Double
  ) {
    // Most candidates lose to the current k-th best: test before inserting.
    guard score <= cutoff else { return }
    let key = SeedStreams.mix64(salt ^ UInt64(truncatingIfNeeded: Int(i)))
    insertTop(i, score: score, key: key, limit: limit)
    if picked.count == limit { cutoff = pickedScore[limit - 1] }
  }

  /// Keeps the `limit` lowest scores in `picked` (equal scores: lower tie key first).
  private mutating func insertTop(_ i: Int32, score: Double, key: UInt64, limit: Int) {
    func before(_ at: Int) -> Bool {
      score < pickedScore[at] || (score == pickedScore[at] && key < pickedKey[at])
    }
    if picked.count == limit {
      guard before(limit - 1) else { return }
      picked.removeLast()
      pickedScore.removeLast()
      pickedKey.removeLast()
    }
    var at = picked.count
    while at > 0 && before(at - 1) { at -= 1 }
    picked.insert(i, at: at)
    pickedScore.insert(score, at: at)
    pickedKey.insert(key, at: at)
  }
}
