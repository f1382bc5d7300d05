import Foundation

extension Prim {
  /// The peeling and pasting of one PRIM run: the data column by column, the box's
  /// limits and the runs inside it.
  struct Engine {
    let factors: [Factor]
    let settings: Settings
    /// Factor values, one column per factor.
    let columns: [[Double]]
    let y: [Bool]
    let n: Int
    let positives: Int
    /// The starting box: the range of every run, every level present.
    let initial: [Limit]
    /// Factors in the workbench's candidate order: real, integer, categorical.
    let order: [Int]

    init(factors: [Factor], x: [[Double]], y: [Bool], settings: Settings) throws(PrimError) {
      guard !x.isEmpty, x.count == y.count else {
        throw PrimError(
          "PRIM needs runs, one condition value per run (\(x.count) runs, \(y.count) values)")
      }
      guard !factors.isEmpty, x.allSatisfy({ $0.count == factors.count }) else {
        throw PrimError("PRIM needs one value per factor in every run")
      }
      let positives = y.filter { $0 }.count
      guard positives > 0 else {
        throw PrimError(
          "the condition holds in none of the \(x.count) runs: there is nothing to find")
      }
      for (alpha, name) in [
        (settings.peelAlpha, "peel alpha"), (settings.pasteAlpha, "paste alpha"),
      ] where !(alpha > 0 && alpha <= 0.5) {
        throw PrimError("\(name) \(alpha) is out of range; allowed: (0, 0.5]")
      }
      let columns = factors.indices.map { j in x.map { $0[j] } }
      for (j, factor) in factors.enumerated() {
        if let bad = columns[j].firstIndex(where: { !$0.isFinite }) {
          throw PrimError("factor \(factor.name): run \(bad) has no finite value")
        }
        if case .categorical(let levels) = factor.kind,
          let bad = columns[j].firstIndex(where: {
            $0 != $0.rounded() || $0 < 0 || $0 >= Double(levels.count)
          })
        {
          throw PrimError(
            "factor \(factor.name): run \(bad) has no level (value \(columns[j][bad]))")
        }
      }
      self.factors = factors
      self.settings = settings
      self.columns = columns
      self.y = y
      self.n = x.count
      self.positives = positives
      self.initial = factors.indices.map { j in
        let column = columns[j]
        if case .categorical(let levels) = factors[j].kind {
          var present = [Bool](repeating: false, count: levels.count)
          for v in column { present[Int(v)] = true }
          return Limit(lower: 0, upper: 0, levels: present)
        }
        return Limit(lower: column.min() ?? 0, upper: column.max() ?? 0, levels: nil)
      }
      func rank(_ kind: Kind) -> Int {
        switch kind {
        case .real: 0
        case .integer: 1
        case .categorical: 2
        }
      }
      self.order = factors.indices.sorted {
        (rank(factors[$0].kind), $0) < (rank(factors[$1].kind), $1)
      }
    }

    /// A box the engine is considering: its limits and the runs inside.
    struct Candidate {
      var limits: [Limit]
      var inside: [Int]
    }

    /// The whole trajectory: the starting box, every peel, then every paste.
    mutating func run() -> [Box] {
      var current = Candidate(limits: initial, inside: Array(0..<n))
      var trajectory = [box(current, phase: .start)]
      while let next = bestPeel(of: current) {
        current = next
        trajectory.append(box(current, phase: .peel))
      }
      if settings.paste {
        while let next = bestPaste(of: current) {
          current = next
          trajectory.append(box(current, phase: .paste))
        }
      }
      return trajectory
    }

    func hits(_ runs: [Int]) -> Int { runs.reduce(0) { $0 + (y[$1] ? 1 : 0) } }

    func mean(_ runs: [Int]) -> Double {
      runs.isEmpty ? 0 : Double(hits(runs)) / Double(runs.count)
    }

    /// The lenient-1 objective: change in density per run removed or added.
    func objective(from old: [Int], to new: [Int]) -> Double {
      let (a, b) = (mean(old), mean(new))
      guard a != b, old.count != new.count else { return 0 }
      return (b - a) / Double(abs(old.count - new.count))
    }

    func isRestricted(_ limits: [Limit], _ j: Int) -> Bool { limits[j] != initial[j] }

    func unrestrictedCount(_ limits: [Limit]) -> Int {
      factors.indices.filter { !isRestricted(limits, $0) }.count
    }

    /// The best of `candidates` by objective, then by unrestricted factors, the first on a
    /// tie (the workbench's stable sort).
    func best(_ candidates: [Candidate], from current: Candidate) -> (Candidate, Double)? {
      var best: (candidate: Candidate, objective: Double, free: Int)?
      for candidate in candidates {
        let objective = objective(from: current.inside, to: candidate.inside)
        let free = unrestrictedCount(candidate.limits)
        if let b = best, !(objective > b.objective || (objective == b.objective && free > b.free)) {
          continue
        }
        best = (candidate, objective, free)
      }
      return best.map { ($0.candidate, $0.objective) }
    }

    func mass(_ runs: [Int]) -> Double { Double(runs.count) / Double(n) }

    /// The next peel, or nil when peeling stops.
    func bestPeel(of current: Candidate) -> Candidate? {
      var candidates: [Candidate] = []
      for j in order {
        candidates += peels(of: current, factor: j)
      }
      guard let (next, objective) = best(candidates, from: current),
        mass(next.inside) >= settings.minMass, next.inside.count < current.inside.count,
        objective > 0
      else { return nil }
      return next
    }

    /// The peels of one factor, upper face first (the workbench's order).
    func peels(of current: Candidate, factor j: Int) -> [Candidate] {
      let column = columns[j]
      let limit = current.limits[j]
      switch factors[j].kind {
      case .real:
        let sorted = current.inside.map { column[$0] }.sorted()
        var out: [Candidate] = []
        for upper in [true, false] {
          let cut = quantile(sorted: sorted, upper ? 1 - settings.peelAlpha : settings.peelAlpha)
          var limits = current.limits
          if upper { limits[j].upper = cut } else { limits[j].lower = cut }
          let inside = current.inside.filter { upper ? column[$0] <= cut : column[$0] >= cut }
          out.append(Candidate(limits: limits, inside: inside))
        }
        return out
      case .integer:
        let values = current.inside.map { column[$0] }
        let sorted = values.sorted()
        var out: [Candidate] = []
        for upper in [true, false] {
          let cut = quantile(sorted: sorted, upper ? 1 - settings.peelAlpha : settings.peelAlpha)
            .rounded(.towardZero)
          // At least the edge value goes when the truncated quantile sits on the limit.
          let keep: (Double) -> Bool
          if upper {
            keep =
              cut == limit.upper
              ? { $0 < limit.upper && $0 >= limit.lower } : { $0 <= cut && $0 >= limit.lower }
          } else {
            keep =
              cut == limit.lower
              ? { $0 > limit.lower && $0 <= limit.upper } : { $0 >= cut && $0 <= limit.upper }
          }
          let inside = current.inside.filter { keep(column[$0]) }
          let kept = inside.map { column[$0] }
          var limits = current.limits
          if upper {
            limits[j].upper = (kept.isEmpty ? values : kept).max() ?? limit.upper
          } else {
            limits[j].lower = (kept.isEmpty ? values : kept).min() ?? limit.lower
          }
          out.append(Candidate(limits: limits, inside: inside))
        }
        return out
      case .categorical:
        guard let levels = limit.levels, levels.filter({ $0 }).count > 1 else { return [] }
        return levels.indices.filter { levels[$0] }.map { level in
          var limits = current.limits
          limits[j].levels?[level] = false
          let code = Double(level)
          return Candidate(limits: limits, inside: current.inside.filter { column[$0] != code })
        }
      }
    }

    /// The runs of all the data inside `limits`.
    func runs(inside limits: [Limit]) -> [Int] {
      let checked = factors.indices.filter { isRestricted(limits, $0) }
      return (0..<n).filter { r in checked.allSatisfy { limits[$0].contains(columns[$0][r]) } }
    }

    /// The next paste, or nil when pasting stops.
    func bestPaste(of current: Candidate) -> Candidate? {
      var candidates: [Candidate] = []
      for j in order where isRestricted(current.limits, j) {
        candidates += pastes(of: current, factor: j)
      }
      guard let (next, objective) = best(candidates, from: current),
        mass(next.inside) >= settings.minMass, next.inside.count > current.inside.count,
        objective > 0, mean(next.inside) > mean(current.inside)
      else { return nil }
      return next
    }

    /// The pastes of one restricted factor, lower face first (the workbench's order).
    func pastes(of current: Candidate, factor j: Int) -> [Candidate] {
      let limit = current.limits[j]
      if let levels = limit.levels, let all = initial[j].levels {
        return levels.indices.filter { all[$0] && !levels[$0] }.map { level in
          var limits = current.limits
          limits[j].levels?[level] = true
          return Candidate(limits: limits, inside: runs(inside: limits))
        }
      }
      var out: [Candidate] = []
      for lower in [true, false] {
        // The runs between the face and the starting limit that meet the other limits.
        var strip = current.limits
        if lower {
          strip[j].lower = initial[j].lower
          strip[j].upper = limit.lower
        } else {
          strip[j].lower = limit.upper
          strip[j].upper = initial[j].upper
        }
        let data = runs(inside: strip).map { columns[j][$0] }.sorted()
        var limits = current.limits
        if lower {
          limits[j].lower =
            data.isEmpty ? initial[j].lower : quantile(sorted: data, 1 - settings.pasteAlpha)
        } else {
          limits[j].upper =
            data.isEmpty ? initial[j].upper : quantile(sorted: data, settings.pasteAlpha)
        }
        out.append(Candidate(limits: limits, inside: runs(inside: limits)))
      }
      return out
    }

    /// The box of `candidate`, with its statistics and quasi-p-values.
    func box(_ candidate: Candidate, phase: Phase) -> Box {
      let hits = hits(candidate.inside)
      let count = candidate.inside.count
      let restricted = factors.indices.map { isRestricted(candidate.limits, $0) }
      return Box(
        limits: candidate.limits, restricted: restricted, phase: phase, count: count, hits: hits,
        coverage: Double(hits) / Double(positives),
        density: count > 0 ? Double(hits) / Double(count) : 0, mass: Double(count) / Double(n),
        quasiP: quasiP(candidate.limits, restricted: restricted, count: count, hits: hits))
    }

    /// The quasi-p-value of every moved limit: one pass over the runs counts, per limit,
    /// the runs that break that limit alone (the box relaxed on it holds them too).
    func quasiP(_ limits: [Limit], restricted: [Bool], count: Int, hits: Int) -> [QuasiP?] {
      let k = factors.count
      // Slot 2j: the lower limit (or a categorical factor's levels); 2j + 1: the upper.
      var alone = [Int](repeating: 0, count: 2 * k)
      var aloneHits = [Int](repeating: 0, count: 2 * k)
      let checked = factors.indices.filter { restricted[$0] }
      for r in 0..<n {
        var broken = -1
        var breaks = 0
        for j in checked {
          let v = columns[j][r]
          let limit = limits[j]
          let slot: Int
          if limit.levels != nil {
            guard !limit.contains(v) else { continue }
            slot = 2 * j
          } else if v < limit.lower {
            slot = 2 * j
          } else if v > limit.upper {
            slot = 2 * j + 1
          } else {
            continue
          }
          breaks += 1
          broken = slot
          if breaks > 1 { break }
        }
        if breaks == 1 {
          alone[broken] += 1
          if y[r] { aloneHits[broken] += 1 }
        }
      }
      func p(_ slot: Int) -> Double {
        let relaxed = count + alone[slot]
        let relaxedHits = hits + aloneHits[slot]
        return binomialTail(
          atLeast: hits, trials: count, p: Double(relaxedHits) / Double(max(1, relaxed)))
      }
      return factors.indices.map { j in
        guard restricted[j] else { return nil }
        if limits[j].levels != nil { return QuasiP(lower: p(2 * j), upper: nil) }
        return QuasiP(
          lower: limits[j].lower != initial[j].lower ? p(2 * j) : nil,
          upper: limits[j].upper != initial[j].upper ? p(2 * j + 1) : nil)
      }
    }
  }
}
