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
      GSL \(Versions.current.gsl), Swift \(Versions.current.swift)). Each proposition is a sweep in \
      `\(relative(configs))/\(paper)/` whose statistic, direction and conditions were declared in the \
      file before it ran; the verdict is computed from the data. Intervals are 95%: \
      Student t for means and least-squares slopes, Welch for differences of means. \
      \(quick ? "**Quick mode: fewer replicates than the committed full results.**" : "")

      | | proposition | statistic | estimate [95% CI] | n | verdict |
      |---|---|---|---|---|---|

      """
    for o in outcomes {
      for (k, r) in o.results.enumerated() {
        md +=
          "| \(k == 0 ? "**\(o.experiment.id)**" : "") | \(k == 0 ? o.experiment.claim : "") (\(r.test.name)) "
          + "| \(r.statisticName) | \(format(r.estimate.value)) [\(format(r.estimate.lower)), "
          + "\(format(r.estimate.upper))] | \(r.estimate.n) | \(k == 0 ? "**\(o.verdict)**" : "") |\n"
      }
    }
    let counts = Dictionary(grouping: outcomes, by: { verdictKind($0.verdict) }).mapValues(\.count)
    md +=
      "\n\(counts["holds"] ?? 0) hold, \(counts["only"] ?? 0) hold only under conditions, "
      + "\(counts["fails"] ?? 0) fail.\n"
    for o in outcomes {
      md += "\n## \(o.experiment.id): \(o.verdict)\n\n"
      md += "> \(o.experiment.claim)\n\n"
      md += "**Varied:** " + o.spec.factors.map { describe($0) }.joined(separator: "; ") + ". "
      md +=
        "**Held:** everything else in `\(relative(o.spec.basePath))`. "
        + "\(o.spec.replicates) replicates per point, \(o.runs) runs, base seed \(o.spec.seed).\n\n"
      if let notes = o.experiment.notes {
        md += notes.trimmingCharacters(in: .whitespacesAndNewlines) + "\n\n"
      }
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

  func verdictKind(_ v: Verdict) -> String {
    switch v {
    case .holds: "holds"
    case .fails: "fails"
    case .holdsOnlyWhen: "only"
    }
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
      values = "[\(format(lo)), \(format(hi)))"
    } else {
      values = ""
    }
    return "`\(f.path)` in {\(values)}"
  }

  func relative(_ path: String) -> String {
    let cwd = FileManager.default.currentDirectoryPath + "/"
    let standard = URL(fileURLWithPath: path).standardizedFileURL.path
    return standard.hasPrefix(cwd) ? String(standard.dropFirst(cwd.count)) : standard
  }

  func sentence(_ r: TestResult) -> String {
    var s =
      "**\(r.test.name)** (`\(r.test.metric)`\(r.test.filter.isEmpty ? "" : ", where " + r.test.filter.map { "\($0.0) = \($0.1)" }.joined(separator: ", "))): "
      + "\(r.statisticName) = \(format(r.estimate.value)) [\(format(r.estimate.lower)), "
      + "\(format(r.estimate.upper))], n = \(r.estimate.n); needed: \(r.criterion). "
    if !r.means.isEmpty {
      s +=
        "Means: "
        + r.means.map {
          "\($0.level): \(format($0.estimate.value)) [\(format($0.estimate.lower)), \(format($0.estimate.upper))]"
        }.joined(separator: "; ") + ". "
    }
    if !r.conditions.isEmpty {
      s +=
        "By \(r.test.by!): "
        + r.conditions.map {
          "\($0.level): \(format($0.estimate.value)) [\(format($0.estimate.lower)), "
            + "\(format($0.estimate.upper))] \($0.holds ? "holds" : "fails")"
        }.joined(separator: "; ") + ". "
    }
    return s + "→ **\(r.verdict)**."
  }
}
