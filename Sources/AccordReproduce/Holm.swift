/// Holm's step-down correction across the tests of one paper.
///
/// Every test (and every condition of a `by` test) with a p-value is one hypothesis of
/// the family; tests whose manipulation check failed and exact (deterministic) tests
/// are left out. A hypothesis is rejected at family-wise level 0.025 one-sided (the
/// level of the two-sided 95% intervals) when its p-value and all smaller ones pass
/// Holm's thresholds `0.025 / (m - k)`. A test that held but whose hypothesis is not
/// rejected is `inconclusive (not significant after Holm)`; other verdicts are unchanged
/// (Holm can only downgrade `holds`: `negligible` and `fails (reversed)` do not rest on
/// the one-sided test of the claimed direction, so a correction for it cannot change them).
enum Holm {
  static let alpha = 0.025

  /// Which of `p` are rejected.
  static func rejected(_ p: [Double]) -> [Bool] {
    let order = p.indices.sorted { (p[$0], $0) < (p[$1], $1) }
    var result = [Bool](repeating: false, count: p.count)
    for (k, i) in order.enumerated() {
      guard p[i] <= alpha / Double(p.count - k) else { break }
      result[i] = true
    }
    return result
  }

  static func adjust(_ outcomes: inout [Reproduction.Outcome]) {
    // (outcome, result, condition or nil) for every hypothesis in the family.
    var hypotheses: [(Int, Int, Int?)] = []
    var p: [Double] = []
    for (o, outcome) in outcomes.enumerated() {
      for (r, result) in outcome.results.enumerated() where result.manipulation != .failed {
        if result.conditions.isEmpty {
          if let value = result.pValue {
            hypotheses.append((o, r, nil))
            p.append(value)
          }
        } else {
          for (c, condition) in result.conditions.enumerated() {
            if let value = condition.pValue {
              hypotheses.append((o, r, c))
              p.append(value)
            }
          }
        }
      }
    }
    let pass = rejected(p)
    for (k, (o, r, c)) in hypotheses.enumerated() where !pass[k] {
      if let c {
        if outcomes[o].results[r].conditions[c].verdict == .holds {
          outcomes[o].results[r].conditions[c].adjusted = .inconclusive(
            "not significant after Holm")
        }
      } else if outcomes[o].results[r].verdict == .holds {
        outcomes[o].results[r].adjusted = .inconclusive("not significant after Holm")
      }
    }
    for o in outcomes.indices {
      for r in outcomes[o].results.indices {
        let result = outcomes[o].results[r]
        guard let by = result.test.by, result.manipulation != .failed, !result.conditions.isEmpty
        else { continue }
        outcomes[o].results[r].adjusted = Evaluation.conditional(
          by, result.conditions.map { ($0.level, $0.adjusted) })
      }
      outcomes[o].adjusted = Reading.of(
        outcomes[o].results.map { ($0.test.evidence, $0.adjusted) })
    }
  }
}
