public import AccordPower

extension World {
  /// Nation `n`'s ratification rule as a weighted voting game over its agents.
  ///
  /// The model's quota rule wins with `w >= tau W` and `w > W / 2`. With weights that
  /// scale to integers the game's quota is the smallest integer weight meeting both;
  /// otherwise it is `max(tau W, W / 2 + 1e-7 W)`. Unanimity makes every agent with
  /// positive weight a veto player, executive-veto the executive (indices are local
  /// to the nation).
  public func weightedGame(ofNation n: Int) throws -> WeightedGame {
    let nation = nations[n]
    let weights = nation.agents.map { agents[$0].weight }
    let total = weights.reduce(0, +)
    let tau = nation.rule.quota(weights: weights)
    var quota = max(tau * total, total / 2 + 1e-7 * total)
    let probe = try WeightedGame(weights: weights, quota: total)
    if let scale = probe.integerScale, (total * Double(scale)).rounded() > 0 {
      let s = Double(scale)
      let whole = (total * s).rounded()
      let q = max((tau * whole - 1e-9 * whole).rounded(.up), (whole / 2).rounded(.down) + 1)
      quota = min(q, whole) / s
      // Weights within 1e-9 of whole numbers (0.999999999) can round up past the total.
      if quota > total * (1 + 1e-12) { quota = total }
    }
    let veto = nation.rule.vetoPlayers(
      weights: weights, executive: nation.executive - nation.agents.lowerBound)
    return try WeightedGame(weights: weights, quota: quota, vetoPlayers: veto)
  }

  /// Nation `n`'s winning share of its weight under its ratification rule.
  public func ratificationQuota(ofNation n: Int) -> Double {
    nations[n].rule.quota(weights: nations[n].agents.map { agents[$0].weight })
  }
}
