import AccordNumerics

/// Step 7's misjudged win-sets on one issue: every nation's win-set as the executives
/// bargain over it, drawn each round from the run's random stream.
///
/// Shared judgement (the default) perturbs each piece's bounds once per nation and
/// round with Normal(0, `sigma_n`) errors that every executive sees. Per-executive
/// judgement (a nation with `ownJudgementNoise`) gives every executive its own draw of
/// that nation's win-set: its own executive with sd `ownJudgementNoise` (0: it knows the
/// set), every other executive with sd `sigma_n`. Each executive signs only what it
/// judges ratifiable, so the nation's win-set enters the bargain as the intersection of
/// the executives' judgements. Draws are made nation by nation, then executive by
/// executive (own first, then the others in nation order), then piece by piece, lower
/// bound before upper; a draw with sd 0 takes nothing from the stream. The buffers are
/// reused, so a round allocates nothing once they have grown to the largest win-set.
struct WinSetJudgement: ~Copyable {
  /// Each nation's win-set as the executives bargain over it.
  private(set) var judged: [IntervalSet]
  private var draw = IntervalSet()
  private var scratch = IntervalSet()

  init(nations: [Nation], capacity: Int) {
    judged = nations.map { _ in
      var set = IntervalSet()
      set.reserveCapacity(capacity + 1)
      return set
    }
    draw.reserveCapacity(capacity + 1)
    scratch.reserveCapacity(capacity + 1)
  }

  /// Whether any executive misjudges any win-set (otherwise the true sets are used and
  /// nothing is drawn).
  static func misjudges(_ nations: [Nation]) -> Bool {
    nations.contains { $0.judgementNoise > 0 || ($0.ownJudgementNoise ?? 0) > 0 }
  }

  /// Judges every nation's `winSets[k]` for this round.
  mutating func judge(
    _ winSets: [IntervalSet], nations: [Nation], random: borrowing RandomStream
  ) {
    for (k, nation) in nations.enumerated() {
      guard let own = nation.ownJudgementNoise else {
        Self.perturb(winSets[k], sd: nation.judgementNoise, random: random, into: &judged[k])
        continue
      }
      Self.perturb(winSets[k], sd: own, random: random, into: &judged[k])
      for m in nations.indices where m != k {
        Self.perturb(winSets[k], sd: nation.judgementNoise, random: random, into: &draw)
        judged[k].intersection(draw, into: &scratch)
        swap(&judged[k], &scratch)
      }
    }
  }

  /// `set` with both ends of every piece shifted by independent Normal(0, `sd`) errors,
  /// clamped to [0, 1]; pieces that invert or overlap an earlier one are dropped.
  static func perturb(
    _ set: IntervalSet, sd: Double, random: borrowing RandomStream, into out: inout IntervalSet
  ) {
    out.removeAll()
    for s in 0..<set.count {
      var lo = set.lower[s]
      var hi = set.upper[s]
      if sd > 0 {
        lo = min(1, max(0, lo + random.gaussian(sd: sd)))
        hi = min(1, max(0, hi + random.gaussian(sd: sd)))
      }
      if lo <= hi && (out.isEmpty || lo > out.maximum) {
        out.append(lo, hi)
      }
    }
  }
}
