import AccordNumerics

/// How the executives judge each nation's win-set over packages (judgement noise).
extension PackageIssues {
  /// Each nation's win-set as the executives judge it.
  ///
  /// Displaced on the grid by a Gaussian error of sd `sigma_n` on every issue, drawn
  /// afresh each round (the package analogue of misjudging a one-issue win-set's
  /// bounds). With per-executive
  /// judgement (``Nation/ownJudgementNoise``) every executive draws its own displacement,
  /// its own nation's with that sd, and the set is the grid points all of them admit,
  /// in the draw order of ``WinSetJudgement``.
  func judgedMasks(random: borrowing RandomStream) -> [[Bool]] {
    var shift = [Double](repeating: 0, count: space.issues)
    return nations.indices.map { k in
      guard let own = nations[k].ownJudgementNoise else {
        return displaced(k, sd: nations[k].judgementNoise, shift: &shift, random: random)
      }
      var mask = displaced(k, sd: own, shift: &shift, random: random)
      for m in nations.indices where m != k {
        let other = displaced(k, sd: nations[k].judgementNoise, shift: &shift, random: random)
        for g in mask.indices { mask[g] = mask[g] && other[g] }
      }
      return mask
    }
  }

  /// Nation `k`'s win-set displaced by one Gaussian draw of sd `sd` per issue.
  private func displaced(
    _ k: Int, sd: Double, shift: inout [Double], random: borrowing RandomStream
  ) -> [Bool] {
    guard sd > 0 else { return winMasks[k] }
    let d = space.issues
    let r = space.resolution
    for c in 0..<d { shift[c] = random.gaussian(sd: sd) }
    return (0..<space.pointCount).map { g in
      // The judged set holds g when the true set holds the point g - shift.
      var source = 0
      var stride = 1
      for c in 0..<d {
        let x = space.points[g * d + c] - shift[c]
        guard x >= 0, x <= 1 else { return false }
        source += Int((x * Double(r - 1)).rounded()) * stride
        stride *= r
      }
      return winMasks[k][source]
    }
  }
}
