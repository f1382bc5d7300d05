import AccordIO
import AccordModel
import AccordSweep
import Foundation

/// The README of one paper's reproduction: verdict table, one paragraph per proposition,
/// figures, and how to rerun it.
struct PaperReport {
  var paper: String
  var outcomes: [Reproduction.Outcome]
  var quick: Bool
  var configs: String

  var markdown: String {
    let title = Reproduction.papers.first { $0.0 == paper }?.1 ?? paper
    var md = "# Reproduction: \(title)\n\n"
    md += """
      Written by `accord reproduce \(paper)\(quick ? " --quick" : "")` (accord \(AccordVersion.current), \
      GSL \(Versions.current.gsl), Swift \(Versions.current.swift)). Each experiment is a sweep in \
      `\(relative(configs))/\(paper)/` whose statistic, direction, smallest effect that matters and \
      manipulation checks were declared in the file before it ran; the verdict is computed from the \
      data. Intervals are 95%: Student t for means and least-squares slopes, Welch for differences \
      of means, Wilson's score interval for proportions and Newcombe's hybrid score interval for \
      differences of proportions. Deterministic experiments (the seed does not matter; checked on \
      two replicates) are reported as exact values, with no n and no interval. A test whose \
      manipulation check failed, or that did not hold with an interval wider than its smallest \
      effect that matters (underpowered), is inconclusive, never failed. "After Holm" corrects \
      for the number of tests in this paper (Holm, family-wise 0.025 one-sided). \
      \(quick ? "**Quick mode: fewer replicates than the committed full results.**" : "")


      """
    // Robustness: each proposition across its worlds.
    md += "| proposition | claim | worlds | verdict | after Holm |\n|---|---|---|---|---|\n"
    for (proposition, group) in propositions {
      let worlds = Self.worlds(group)
      let holding = worlds.filter { $0.verdict == .holds }
      let holdingAdjusted = worlds.filter { $0.adjusted == .holds }
      md +=
        "| **\(proposition)** | \(group[0].experiment.claim) | "
        + group.map { "\($0.world) (\($0.experiment.id)): \($0.verdict)" }.joined(
          separator: "; ")
        + " | holds in \(holding.count) of \(worlds.count) worlds"
        + (holding.isEmpty ? "" : " (\(holding.map(\.world).joined(separator: ", ")))")
        + " | holds in \(holdingAdjusted.count) of \(worlds.count) |\n"
    }
    md += """

      | experiment | world | test | statistic | estimate [95% CI] | n | manipulation | verdict | after Holm |
      |---|---|---|---|---|---|---|---|---|

      """
    for o in outcomes {
      for (k, r) in o.results.enumerated() {
        md +=
          "| \(k == 0 ? "**\(o.experiment.id)**" : "") | \(k == 0 ? o.world : "") | \(r.test.name) "
          + "| \(r.statisticName) | \(interval(r.estimate)) | \(r.estimate.isExact ? "exact" : "\(r.estimate.n)") "
          + "| \(r.manipulation.rawValue) | \(r.verdict) | \(r.adjusted) |\n"
      }
    }
    let counts = Dictionary(grouping: outcomes, by: { $0.verdict.kind }).mapValues(\.count)
    md +=
      "\nExperiments: \(counts["holds"] ?? 0) hold, \(counts["only"] ?? 0) hold only under "
      + "conditions, \(counts["fails"] ?? 0) fail, \(counts["inconclusive"] ?? 0) inconclusive.\n"
    for o in outcomes {
      md +=
        "\n## \(o.experiment.id) (\(o.experiment.proposition), world \(o.world)): \(o.verdict)\n\n"
      md += "> \(o.experiment.claim)\n\n"
      if let rationale = o.experiment.rationale {
        md += "**Design:** " + rationale.trimmingCharacters(in: .whitespacesAndNewlines) + "\n\n"
      }
      md += "**Varied:** " + o.spec.factors.map { describe($0) }.joined(separator: "; ") + ". "
      md +=
        "**Held:** everything else in `\(relative(o.spec.basePath))`. "
        + (o.experiment.deterministic
          ? "Deterministic: \(o.runs) runs (two replicates per point agree). "
          : "\(o.spec.replicates) replicates per point, \(o.runs) runs, base seed \(o.spec.seed).")
        + "\n\n"
      if let notes = o.experiment.notes {
        md += notes.trimmingCharacters(in: .whitespacesAndNewlines) + "\n\n"
      }
      for c in o.checks { md += "- Manipulation check: " + sentence(c) + "\n" }
      for r in o.results { md += "- " + sentence(r) + "\n" }
      md += "\n![\(o.experiment.id)](figures/\(o.experiment.id).svg)\n\n"
      md +=
        "Data: [`data/\(o.experiment.id).csv`](data/\(o.experiment.id).csv). Sweep file: "
        + "`\(relative(o.file))`.\n"
    }
    md += """

      ## Rerun

      ```sh
      scripts/reproduce.sh                        # both papers, full mode, into Results/
      accord reproduce \(paper) --out DIR          # this paper only
      accord reproduce \(paper) --quick            # fewer replicates (CI), into runs/quick-results/
      ```

      Sweeps run through the sweep engine into `runs/reproduce/` (one SQLite store per \
      experiment; rerunning resumes and reuses them). Run seeds are a bijection of the run \
      index from each file's base seed, so the same command gives the same numbers on any \
      machine and with any `--jobs`.

      """
    return md
  }

  /// A proposition's worlds, in the order first met, each with the verdict of all its
  /// experiments together (a map experiment in a world that another experiment of the
  /// proposition already uses is no second world).
  static func worlds(_ group: [Reproduction.Outcome]) -> [(
    world: String, verdict: Verdict, adjusted: Verdict
  )] {
    var order: [String] = []
    var members: [String: [Reproduction.Outcome]] = [:]
    for o in group {
      if members[o.world] == nil { order.append(o.world) }
      members[o.world, default: []].append(o)
    }
    return order.map { world in
      let outcomes = members[world] ?? []
      return (
        world, Verdict.combine(outcomes.map(\.verdict)), Verdict.combine(outcomes.map(\.adjusted))
      )
    }
  }

  /// The experiments grouped by proposition, in the order first met.
  var propositions: [(String, [Reproduction.Outcome])] {
    var order: [String] = []
    var groups: [String: [Reproduction.Outcome]] = [:]
    for o in outcomes {
      if groups[o.experiment.proposition] == nil { order.append(o.experiment.proposition) }
      groups[o.experiment.proposition, default: []].append(o)
    }
    return order.map { ($0, groups[$0] ?? []) }
  }

  /// "0.5 [0.4, 0.6]", or the exact value alone.
  func interval(_ e: Estimate) -> String {
    e.isExact
      ? "\(format(e.value)) (exact)"
      : "\(format(e.value)) [\(format(e.lower)), \(format(e.upper))]"
  }

  func describe(_ f: Factor) -> String {
    let values: String
    if let labels = f.labels {
      values = labels.joined(separator: ", ")
    } else if case .levels(let v) = f.values {
      values =
        v.count <= 8
        ? v.map { format($0) }.joined(separator: ", ")
        : "\(v.count) levels from \(format(v[0])) to \(format(v[v.count - 1]))"
    } else if case .bounds(let lo, let hi) = f.values {
      // Integer bounds are the whole numbers lo to hi, both included.
      values = f.integer ? "\(format(lo)), ..., \(format(hi))" : "[\(format(lo)), \(format(hi)))"
    } else {
      values = ""
    }
    let links =
      f.links.isEmpty ? "" : " (setting " + f.links.map { "`\($0)`" }.joined(separator: ", ") + ")"
    return "`\(f.path)` in {\(values)}" + links
  }

  func relative(_ path: String) -> String {
    let cwd = FileManager.default.currentDirectoryPath + "/"
    let standard = URL(fileURLWithPath: path).standardizedFileURL.path
    return standard.hasPrefix(cwd) ? String(standard.dropFirst(cwd.count)) : standard
  }

  func sentence(_ r: TestResult) -> String {
    let e = r.estimate
    var s =
      "**\(r.test.name)** (\(r.test.measure); `\(r.test.metric)`\(r.test.filter.isEmpty ? "" : ", where " + r.test.filter.map { "\($0.0) = \($0.1)" }.joined(separator: ", "))): "
      + "\(r.statisticName) = \(interval(e))"
      + (e.isExact ? "" : ", n = \(e.n)") + (r.pValue.map { ", p = \(format($0))" } ?? "")
      + "; needed: \(r.criterion)"
      + (r.test.minEffect.isFinite
        ? "; smallest effect that matters \(format(r.test.minEffect))" : "")
      + ". "
    if !r.means.isEmpty {
      s +=
        "Means: " + r.means.map { "\($0.level): \(interval($0.estimate))" }.joined(separator: "; ")
        + ". "
    }
    if !r.conditions.isEmpty {
      s +=
        "By \(r.test.by ?? ""): "
        + r.conditions.map {
          "\($0.level): \(interval($0.estimate)) "
            + ($0.holds ? "holds" : $0.underpowered ? "underpowered" : "fails")
        }.joined(separator: "; ") + ". "
    }
    return s + "→ **\(r.verdict)**"
      + (r.adjusted == r.verdict ? "." : "; after Holm: **\(r.adjusted)**.")
  }
}
