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
  /// The sampled-world spaces, and the propositions that have none yet.
  var spaces: [SpaceOutcome] = []
  var uncovered: [String] = []

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
      differences of proportions. A test's verdict follows from where its interval lies, in the \
      claimed direction, against 0 (or the bound) and its smallest effect that matters δ \
      (docs/REPRODUCE.md, "Verdict of a test"): **holds** (excludes 0 on the claimed side, not \
      inside (-δ, δ)), **negligible** (inside (-δ, δ)), **fails (reversed)** (excludes 0 on the \
      wrong side, not inside (-δ, δ)), **inconclusive** (contains 0 and reaches beyond δ, or a \
      manipulation check failed). Deterministic experiments (the seed does not matter; checked \
      on two replicates) are reported as exact values, with no n and no interval, read against \
      δ and the solver's tolerance. Each test is **analytic** (a closed form or deterministic \
      consequence of the model's formulas: a check of the implementation) or **emergent** (a \
      reproduction); only emergent tests make a verdict, and a proposition with analytic tests \
      only reads "analytic check only". "After Holm" corrects for the number of tests in this \
      paper (Holm, family-wise 0.025 one-sided); it can only turn `holds` into inconclusive. \
      \(quick ? "**Quick mode: fewer replicates than the committed full results.**" : "")


      """
    md += headline
    md += spaceSection
    // Robustness: each proposition across its worlds (emergent tests only).
    md +=
      "| proposition | claim | clauses tested / claimed | worlds | verdict | after Holm |\n"
      + "|---|---|---|---|---|---|\n"
    for (proposition, group) in propositions {
      let worlds = Self.worlds(group)
      let emergent = worlds.filter { $0.verdict.emergent != nil }
      let holding = emergent.filter { $0.verdict.holds }
      let holdingAdjusted = emergent.filter { $0.adjusted.holds }
      let summary =
        emergent.isEmpty
        ? "analytic check only"
        : "holds in \(holding.count) of \(emergent.count) worlds"
          + (holding.isEmpty ? "" : " (\(holding.map(\.world).joined(separator: ", ")))")
      let adjusted =
        emergent.isEmpty
        ? "analytic check only" : "holds in \(holdingAdjusted.count) of \(emergent.count)"
      md +=
        "| **\(proposition)** | \(group[0].experiment.claim) | \(Self.clauses(group)) | "
        + group.map { "\($0.world) (\($0.experiment.id)): \($0.verdict)" }.joined(
          separator: "; ")
        + " | \(summary) | \(adjusted) |\n"
    }
    md += """

      | experiment | world | test | kind | statistic | estimate [95% CI] | n | manipulation | verdict | after Holm |
      |---|---|---|---|---|---|---|---|---|---|

      """
    for o in outcomes {
      for (k, r) in o.results.enumerated() {
        md +=
          "| \(k == 0 ? "**\(o.experiment.id)**" : "") | \(k == 0 ? o.world : "") | \(r.test.name) "
          + "| \(r.test.evidence?.rawValue ?? "") "
          + "| \(r.statisticName) | \(interval(r.estimate)) | \(r.estimate.isExact ? "exact" : "\(r.estimate.n)") "
          + "| \(r.manipulation.rawValue) | \(r.verdict) | \(r.adjusted) |\n"
      }
    }
    let counts = Dictionary(grouping: outcomes, by: { $0.verdict.emergent?.kind ?? "analytic" })
      .mapValues(\.count)
    md +=
      "\nExperiments: \(counts["holds"] ?? 0) hold, \(counts["only"] ?? 0) hold only under "
      + "conditions, \(counts["negligible"] ?? 0) negligible, \(counts["reversed"] ?? 0) fail "
      + "(reversed), \(counts["inconclusive"] ?? 0) inconclusive, \(counts["analytic"] ?? 0) "
      + "analytic checks only.\n"
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
        + (o.stability.map {
          " Stability: the reading repeats on \($0.agree) of \($0.blocks) disjoint seed blocks"
            + " (unstable below 80%)."
        } ?? "")
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

  /// "Where each proposition holds (sampled worlds)": shares of worlds by verdict with
  /// Wilson intervals, and PRIM's conditions.
  var spaceSection: String {
    guard !spaces.isEmpty || !uncovered.isEmpty else { return "" }
    var md =
      "## Where each proposition holds (sampled worlds)\n\n"
      + "Each space samples worlds by Latin hypercube over ranges of world parameters that "
      + "the claim speaks about, declared with their rationale in "
      + "`\(relative(configs))/\(paper)/space/` before running. In each world both arms of the "
      + "manipulation run with the same seeds (common random numbers, `pair:`); the world's "
      + "effect is the mean paired difference with a Student t interval, judged by the same "
      + "rule and smallest effect δ as the proposition's hand-built test (no manipulation "
      + "checks per world). Shares of worlds have Wilson 95% intervals; conditions are PRIM's "
      + "chosen box (threshold density 0.8) over the space factors, with y = holds and with "
      + "y = reversed. Per-world rows: `space/<P>.csv`; PRIM trajectories: "
      + "`space/<P>-prim-*.txt`; summary: `space.csv`.\n\n"
    md +=
      "| proposition | test (δ) | worlds x replicates per arm | holds | negligible | "
      + "fails (reversed) | inconclusive | where it holds | where it is reversed |\n"
      + "|---|---|---|---|---|---|---|---|---|\n"
    for o in spaces {
      let shares = o.shares.map { SpaceAnalysis.share($0.share) }
      md +=
        "| **\(o.space.proposition)** | \(o.space.test.name) (\(format(o.space.test.minEffect))) "
        + "| \(o.worlds.count) x \(o.spec.replicates) | " + shares.joined(separator: " | ")
        + " | \(o.conditionsHolds) | \(o.conditionsReversed) |\n"
    }
    md += "\n"
    for o in spaces {
      md += "**\(o.space.proposition) space** (`\(relative(o.file))`). "
      md += "Space: " + o.factors.map { describe($0) }.joined(separator: "; ") + ". "
      md += "Arm: `\(o.space.test.factor)` \(o.space.test.levels.joined(separator: " minus "))"
      md +=
        "; metric `\(o.space.test.metric)` (\(o.space.test.measure)), expected "
        + "\(o.space.test.expect.rawValue). "
      md += o.space.rationale.trimmingCharacters(in: .whitespacesAndNewlines) + "\n\n"
      for (prim, y) in [(o.primHolds, "holds"), (o.primReversed, "reversed")] {
        guard let prim else { continue }
        md += "PRIM, y = \(y): \(PrimReport(prim: prim).reason). "
      }
      md += "\n\n"
      if let notes = o.space.notes {
        md += notes.trimmingCharacters(in: .whitespacesAndNewlines) + "\n\n"
      }
    }
    if !uncovered.isEmpty {
      md +=
        "No sampled-world space yet: " + uncovered.joined(separator: ", ")
        + " (their hand-built worlds below only).\n\n"
    }
    return md + "## Hand-built worlds\n\n"
  }

  /// A proposition's worlds, in the order first met, each with the verdict of all its
  /// experiments together (a map experiment in a world that another experiment of the
  /// proposition already uses is no second world).
  static func worlds(_ group: [Reproduction.Outcome]) -> [(
    world: String, verdict: Reading, adjusted: Reading
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
        world, Reading.combine(outcomes.map(\.verdict)), Reading.combine(outcomes.map(\.adjusted))
      )
    }
  }

  /// The clauses a proposition claims against those its tests test: "2 of 3 (a, b;
  /// analytic only: c; not tested: d)".
  static func clauses(_ group: [Reproduction.Outcome]) -> String {
    var claimed: [String] = []
    for clause in group.flatMap(\.experiment.clauses) where !claimed.contains(clause) {
      claimed.append(clause)
    }
    let tests = group.flatMap(\.experiment.tests)
    let emergent = Set(tests.filter { $0.evidence == .emergent }.compactMap(\.clause))
    let analytic = Set(tests.filter { $0.evidence == .analytic }.compactMap(\.clause))
    guard !claimed.isEmpty else { return "no clauses declared" }
    let tested = claimed.filter { emergent.contains($0) }
    let checked = claimed.filter { !emergent.contains($0) && analytic.contains($0) }
    let untested = claimed.filter { !emergent.contains($0) && !analytic.contains($0) }
    var parts: [String] = []
    if !tested.isEmpty { parts.append(tested.joined(separator: "; ")) }
    if !checked.isEmpty { parts.append("analytic only: " + checked.joined(separator: "; ")) }
    if !untested.isEmpty { parts.append("not tested: " + untested.joined(separator: "; ")) }
    return "\(tested.count) of \(claimed.count) (" + parts.joined(separator: ". ") + ")"
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
    var tag = ""
    if let evidence = r.test.evidence {
      tag = " [\(evidence.rawValue)" + (r.test.clause.map { "; clause: \($0)" } ?? "") + "]"
    }
    let formula = r.test.formula.map { " (closed form: \($0))" } ?? ""
    var s =
      "**\(r.test.name)**\(tag) (\(r.test.measure); `\(r.test.metric)`\(r.test.filter.isEmpty ? "" : ", where " + r.test.filter.map { "\($0.0) = \($0.1)" }.joined(separator: ", "))): "
      + "\(r.statisticName) = \(interval(e))\(formula)"
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
          "\($0.level): \(interval($0.estimate)) \($0.verdict)"
        }.joined(separator: "; ") + ". "
    }
    return s + "→ **\(r.verdict)**"
      + (r.adjusted == r.verdict ? "." : "; after Holm: **\(r.adjusted)**.")
  }
}
