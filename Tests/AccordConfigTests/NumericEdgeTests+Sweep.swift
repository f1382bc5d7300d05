import AccordConfig
import AccordIO
import AccordSweep
import Foundation
import Yams

/// The numeric edges through a sweep store and its exports, and the files every path
/// writes: each number finite or an explicit null.
extension NumericEdgeTests {
  /// Whether case `n` also goes through a one-point sweep: every case with
  /// `ACCORD_FUZZ_FULL=1 swift test --filter NumericEdgeTests`), else every seventh, which meets
  /// every edge value and, over the keys, most keys.
  static func throughSweep(_ n: Int) -> Bool {
    ProcessInfo.processInfo.environment["ACCORD_FUZZ_FULL"] == "1" || n % 7 == 0
  }

  /// Runs `node` as the base of a one-point sweep and exports the store.
  ///
  /// The sweep keeps time series, into a store under `directory`; its runs and time
  /// series are exported as CSV and JSON Lines. Accepted when the run is committed,
  /// refused when the sweep or its run is; with the non-finite numbers the exports hold.
  static func sweep(_ node: Node, in directory: URL) -> (verdict: Verdict, nonFinite: [String]) {
    do {
      try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
      let base = directory.appendingPathComponent("base.yaml")
      try Yams.serialize(node: node).write(to: base, atomically: true, encoding: .utf8)
      let file = directory.appendingPathComponent("sweep.yaml")
      try "base: \(base.path)\nkeep: timeseries\nfactors:\n  steps: [3]\n"
        .write(to: file, atomically: true, encoding: .utf8)
      let spec = try SweepSpec.load(path: file.path)
      let out = directory.appendingPathComponent("out").path
      let outcome: SweepRunner.Outcome
      do {
        let store = try SweepStore.open(
          for: spec, sweepText: try SweepSpec.text(of: file.path), directory: out, resume: false)
        outcome = try SweepRunner.run(spec: spec, store: store, jobs: 1, stop: StopSignal()) {
          _, _ in
        }
      }
      var problems: [String] = []
      for table in [ExportTable.runs, .timeseries] {
        for format in [OutputFormat.csv, .jsonl] {
          var text = ""
          try SweepExport.export(directory: out, table: table, format: format, wide: false) {
            text += $0
          }
          problems += nonFinite(text, json: format == .jsonl, file: "\(table).\(format)")
        }
      }
      return (outcome.failed == 0 ? .accepted : .refused("its run failed"), problems)
    } catch {
      return (.refused("\(error)"), [])
    }
  }

  /// The non-finite numbers in the files `accord run` left in `directory`.
  static func nonFinite(inRunFiles directory: URL) -> [String] {
    ["timeseries.csv", "agents.csv", "summary.json"].flatMap { name -> [String] in
      guard
        let text = try? String(
          contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
      else { return [] }
      return nonFinite(text, json: name.hasSuffix(".json"), whole: true, file: name)
    }
  }

  /// `inf`, `nan` and `infinity` (any case, signed) as a value in `text`, and JSON that
  /// does not parse (JSON has no non-finite number), each named with `file`.
  static func nonFinite(_ text: String, json: Bool, whole: Bool = false, file: String)
    -> [String]
  {
    var found: [String] = []
    let pattern = #"(?i)(?<![A-Za-z0-9_.])[-+]?(nan|inf|infinity)(?![A-Za-z0-9_])"#
    if let regex = try? NSRegularExpression(pattern: pattern) {
      let range = NSRange(text.startIndex..., in: text)
      for match in regex.matches(in: text, range: range).prefix(3) {
        if let r = Range(match.range, in: text) { found.append("\(file): '\(text[r])'") }
      }
    }
    if json {
      let documents = whole ? [Substring(text)] : text.split(separator: "\n")
      for document in documents
      where (try? JSONSerialization.jsonObject(with: Data(document.utf8))) == nil {
        found.append("\(file): not JSON: \(document.prefix(80))")
      }
    }
    return found
  }
}
