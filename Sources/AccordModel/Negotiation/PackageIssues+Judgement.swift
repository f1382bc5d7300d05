import AccordNumerics

/// How the executives judge each nation's win-set over packages (judgement noise).
extension PackageIssues {
  /// Each nation's win-set as the executives judge it this round, into `judged`, and
  /// the judged ZOPA, into `judgedZOPA`.
  ///
  /// Displaced on the grid by a Gaussian error of sd `sigma_n` on every issue, drawn
  /// afresh each round (the package analogue of misjudging a one-issue win-set's
  /// bounds). With per-executive
  /// judgement (``Nation/ownJudgementNoise``) every executive draws its own displacement,
  /// its own nation's with that sd, and the set is the grid points all of them admit,
  /// in the draw order of ``WinSetJudgement``.
  mutating func judge(random: borrowing RandomStream) {
    for k in nations.indices {
      guard let own = nations[k].ownJudgementNoise else {
        Self.displace(
          winMasks[k], space: space, sd: nations[k].judgementNoise, shift: &shift,
          random: random, into: &judged[k])
        continue
      }
      Self.displace(
        winMasks[k], space: space, sd: own, shift: &shift, random: random, into: &judged[k])
      for m in nations.indices where m != k {
        Self.displace(
          winMasks[k], space: space, sd: nations[k].judgementNoise, shift: &shift,
          random: random, into: &judgeScratch)
        for g in judged[k].indices { judged[k][g] = judged[k][g] && judgeScratch[g] }
      }
    }
    Self.combine(judged, nations: nations, international: international, into: &judgedZOPA)
  }

  /// A win-set `mask` displaced by one Gaussian draw of sd `sd` per issue, into `out`.
  private static func displace(
    _ mask: [Bool], space: PackageSpace, sd: Double, shift: inout [Double],
    random: borrowing RandomStream, into out: inout [Bool]
  ) {
    guard sd > 0 else {
      for g in out.indices { out[g] = mask[g] }
      return
    }
    let d = space.issues
    let r = space.resolution
    for c in 0..<d { shift[c] = random.gaussian(sd: sd) }
    for g in 0..<space.pointCount {
      out[g] = false
      // The judged set holds g when the true set holds the point g - shift.
      var source = 0
      var stride = 1
      var inside = true
      for c in 0..<d {
        let x = space.points[g * d + c] - shift[c]
        guard x >= 0, x <= 1 else {
          inside = false
          break
        }
        source += Int((x * Double(r - 1)).rounded()) * stride
        stride *= r
      }
      if inside { out[g] = mask[source] }
    }
  }
}
