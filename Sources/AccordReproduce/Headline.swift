import Foundation

/// The headline table of a paper's report: per proposition, the emergent verdict with
/// its stability, the sampled-world shares and conditions, the clauses tested and the
/// analytic checks passed (issue #21, item 6).
extension PaperReport {
  /// One proposition's line of the headline.
  struct HeadlineRow {
    var proposition: String
    var verdict: String
    var stability: String
    var space: SpaceOutcome?
    var clauses: String
    var analyticPassed: Int
    var analyticTotal: Int
  }

  /// The headline rows, in proposition order.
  var headlineRows: [HeadlineRow] {
    propositions.map { proposition, group in
      let worlds = Self.worlds(group)
      let emergent = worlds.filter { $0.verdict.emergent != nil }
      let holding = emergent.filter { $0.verdict.holds }
      let verdict =
        emergent.isEmpty
        ? "analytic check only"
        : emergent.count == 1
          ? "\(emergent[0].verdict) (\(emergent[0].world))"
          : "holds in \(holding.count) of \(emergent.count) worlds"
            + (emergent.count == holding.count
              ? ""
              : " ("
                + emergent.filter { !$0.verdict.holds }.map {
                  "\($0.world): \($0.verdict)"
                }.joined(separator: "; ") + ")")
      let analytic = group.flatMap(\.results).filter { $0.test.evidence == .analytic }
      return HeadlineRow(
        proposition: proposition, verdict: verdict, stability: Self.stability(group),
        space: spaces.first { $0.space.proposition == proposition },
        clauses: String(Self.clauses(group).prefix { $0 != "(" }).trimmingCharacters(
          in: .whitespaces),
        analyticPassed: analytic.filter { $0.verdict == .holds }.count,
        analyticTotal: analytic.count)
    }
  }

  /// "5 of 5" when every stochastic experiment repeats on every block; otherwise the
  /// experiments that do not, with their counts; "exact" when nothing is random.
  static func stability(_ group: [Reproduction.Outcome]) -> String {
    let stochastic = group.filter { !$0.experiment.deterministic }
    guard !stochastic.isEmpty else { return "exact (deterministic)" }
    let measured = stochastic.compactMap { o in o.stability.map { (o.experiment.id, $0) } }
    guard !measured.isEmpty else { return "not measured (quick mode)" }
    let partial = measured.filter { $0.1.agree < $0.1.blocks }
    guard !partial.isEmpty else {
      return "\(measured[0].1.blocks) of \(measured[0].1.blocks) blocks, every experiment"
    }
    return partial.map { "\($0.0): \($0.1.agree) of \($0.1.blocks)" }.joined(separator: "; ")
      + "; the others \(measured[0].1.blocks) of \(measured[0].1.blocks)"
  }

  /// The headline section: one row per proposition.
  var headline: String {
    var md =
      "## Headline: each proposition\n\n"
      + "The emergent verdict of the hand-built worlds (with its stability over disjoint "
      + "seed blocks), the shares of sampled worlds where the claim holds, is reversed, is "
      + "negligible or is inconclusive (Wilson 95% intervals; see \"Where each proposition "
      + "holds\"), the conditions PRIM finds, the clauses tested by emergent tests out of "
      + "those claimed, and the analytic checks (implementation checks against closed "
      + "forms) passed.\n\n"
      + "| proposition | emergent verdict (hand-built worlds) | stability | worlds: holds "
      + "| reversed | negligible | inconclusive | where it holds | where it is reversed "
      + "| clauses tested / claimed | analytic checks passed |\n"
      + "|---|---|---|---|---|---|---|---|---|---|---|\n"
    for row in headlineRows {
      var cells = ["**\(row.proposition)**", row.verdict, row.stability]
      if let o = row.space {
        let share = Dictionary(uniqueKeysWithValues: o.shares.map { ($0.kind, $0.share) })
        for kind in ["holds", "reversed", "negligible", "inconclusive"] {
          cells.append(share[kind].map { SpaceAnalysis.share($0) } ?? "")
        }
        cells += [o.conditionsHolds, o.conditionsReversed]
      } else {
        cells += ["no space", "", "", "", "", ""]
      }
      cells += [
        row.clauses,
        row.analyticTotal == 0 ? "none" : "\(row.analyticPassed) of \(row.analyticTotal)",
      ]
      md += "| " + cells.joined(separator: " | ") + " |\n"
    }
    return md + "\n" + unsupported
  }

  /// Plain sentences on the claims the model does not support: a proposition that holds
  /// in fewer than half of its sampled worlds, or is reversed in any, with the conditions.
  var unsupported: String {
    var lines: [String] = []
    for row in headlineRows {
      guard let o = row.space else { continue }
      let share = Dictionary(uniqueKeysWithValues: o.shares.map { ($0.kind, $0.share) })
      guard let holds = share["holds"], let reversed = share["reversed"] else { continue }
      guard holds.estimate.value < 0.5 || reversed.count > 0 else { continue }
      var line =
        "- **\(row.proposition)** (\(o.space.test.name)): holds in "
        + "\(SpaceAnalysis.share(holds)) of \(o.worlds.count) sampled worlds"
      if holds.estimate.value < 0.5 {
        line += ", so the model does not support it across its space"
      }
      line += "; \(o.conditionsHolds)."
      if reversed.count > 0 {
        line += " Reversed in \(SpaceAnalysis.share(reversed)): \(o.conditionsReversed)."
      }
      lines.append(line)
    }
    guard !lines.isEmpty else { return "" }
    return "**Claims the model does not support, or supports only under conditions** (sampled "
      + "worlds; the hand-built worlds' verdicts are in the table above):\n\n"
      + lines.joined(separator: "\n") + "\n\n"
  }
}

extension SpaceAnalysis {
  /// The `world_share_*` columns of `verdicts.csv`: the proposition's shares of sampled
  /// worlds by verdict (empty without a space).
  static let shareColumns = ["holds", "negligible", "reversed", "inconclusive"].map {
    "world_share_\($0)"
  }

  /// A proposition's shares in ``shareColumns`` order, or empty fields.
  static func shareFields(_ spaces: [SpaceOutcome], proposition: String) -> [String] {
    guard let o = spaces.first(where: { $0.space.proposition == proposition }) else {
      return shareColumns.map { _ in "" }
    }
    let share = Dictionary(uniqueKeysWithValues: o.shares.map { ($0.kind, $0.share) })
    return ["holds", "negligible", "reversed", "inconclusive"].map {
      share[$0].map { "\($0.estimate.value)" } ?? ""
    }
  }
}
