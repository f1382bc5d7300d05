import AccordSQLite
import Foundation
import XCTest

/// `accord export --table runs` against `accord run`'s `summary.json`: every field of
/// each run's summary under its documented name, with the same value; and stores whose
/// runs lack summary fields (written by an older accord) refused, not exported blank.
extension OutputFileTests {
  /// Per-nation maps of the summary and the prefix of their `<prefix>_<nation>` columns.
  static let perNation = [
    "gains": "gain", "gain_shares": "gain_share", "negotiator_shares": "negotiator_share",
    "negotiator_distances": "negotiator_distance",
    "ratification_failures": "ratification_failures", "deadweight_loss": "deadweight_loss",
    "power_methods": "power_method", "power_errors": "power_error", "transfers": "transfers",
  ]
  /// Per-issue lists: `<name>` holds issue 1 and `<name>_<k>` issue k.
  static let perIssue = ["package": "outcome", "pareto_improvement": "pareto_improvement"]
  /// Nested fields written as JSON text (per nation: `transfers_<nation>`).
  static let asJSONText: Set = ["true_zopa", "final_perceived_zopa", "transfers"]
  /// Flags: `true`/`false` in CSV, JSON booleans in JSON Lines.
  static let summaryFlags: Set = [
    "pareto_inferior", "pareto_inferior_negotiators", "pareto_inferior_welfare",
  ]

  /// Every field of every run's summary is a column of `export --table runs`, in CSV and
  /// JSON Lines, equal (to 1e-12) to what `accord run` writes in `summary.json` for the
  /// run's factor values and seed: over quickstart, two-level (ratification), pie-split
  /// (side payments), logroll (two issues) and ozone (four nations).
  func testRunsExportCarriesEverySummaryFieldOfSummaryJSON() throws {
    var seen: Set<String> = []
    for name in ["quickstart", "two-level", "pie-split", "logroll", "ozone"] {
      let base = root.appendingPathComponent("Configs/examples/\(name).yaml").path
      let sweep = scratch.appendingPathComponent("\(name)-sweep.yaml")
      try """
      base: \(base)
      replicates: 1
      seed: 3
      keep: summary
      factors:
        theta: [0.6, 0.8]
      """.write(to: sweep, atomically: true, encoding: .utf8)
      let store = scratch.appendingPathComponent("\(name)-store")
      let ran = try accord(["sweep", "run", sweep.path, "--out", store.path, "--jobs", "1"])
      XCTAssertEqual(ran.status, 0, ran.stderr)
      var exported: [String: String] = [:]
      for format in ["csv", "jsonl"] {
        let file = scratch.appendingPathComponent("\(name)-runs.\(format)")
        let export = try accord([
          "export", store.path, "--table", "runs", "--to", format, "--out", file.path,
        ])
        XCTAssertEqual(export.status, 0, export.stderr)
        exported[format] = try read(file)
      }
      let csv = parseCSV(try XCTUnwrap(exported["csv"]))
      let header = try XCTUnwrap(csv.first)
      let lines = try jsonLines(try XCTUnwrap(exported["jsonl"]))
      XCTAssertEqual(csv.count - 1, 2)
      XCTAssertEqual(lines.count, 2)
      for (row, line) in zip(csv.dropFirst(), lines) {
        let cells = Dictionary(uniqueKeysWithValues: zip(header, row))
        XCTAssertEqual(Set(line.keys), Set(header))
        let theta = try XCTUnwrap(cells["theta"])
        let seed = try XCTUnwrap(cells["seed"])
        let out = scratch.appendingPathComponent("\(name)-run-\(seed)")
        let single = try accord([
          "run", base, "--set", "theta=\(theta)", "--seed", seed, "-q", "--out", out.path,
        ])
        XCTAssertEqual(single.status, 0, single.stderr)
        let document = try XCTUnwrap(
          JSONSerialization.jsonObject(
            with: Data(contentsOf: out.appendingPathComponent("summary.json")))
            as? [String: Any])
        let summary = try XCTUnwrap(document["summary"] as? [String: Any])
        let nations = try XCTUnwrap(summary["power_methods"] as? [String: Any]).keys.sorted()
        let extra = header.filter { $0.hasPrefix("outcome_") && Int($0.dropFirst(8)) != nil }
        let issues = extra.count + 1
        var covered: Set<String> = []
        for (key, value) in summary {
          let context = "\(name), seed \(seed): \(key)"
          if let prefix = Self.perNation[key] {
            let map = try XCTUnwrap(value as? [String: Any], context)
            XCTAssertTrue(Set(map.keys).isSubset(of: nations), context)
            for nation in nations {
              let column = "\(prefix)_\(nation)"
              covered.insert(column)
              try expect(
                map[nation] ?? NSNull(), column: column, cells: cells, line: line,
                json: Self.asJSONText.contains(key), context)
            }
          } else if let column = Self.perIssue[key] {
            let list = value as? [Any]
            for k in 1...issues {
              let name = k == 1 ? column : "\(column)_\(k)"
              covered.insert(name)
              try expect(
                list.map { k <= $0.count ? $0[k - 1] : NSNull() } ?? NSNull(), column: name,
                cells: cells, line: line, json: false, context)
            }
          } else {
            let column = key == "steps" ? "steps_run" : key
            covered.insert(column)
            try expect(
              value, column: column, cells: cells, line: line,
              json: Self.asJSONText.contains(key), flag: Self.summaryFlags.contains(key), context)
          }
          if !(value is NSNull), (value as? [Any])?.isEmpty != true,
            (value as? [String: Any])?.isEmpty != true
          {
            seen.insert(key)
          }
        }
        // Every column is the run's identity, a factor, or a summary field.
        let identity: Set = ["run_id", "point", "replicate", "seed", "status", "theta"]
        XCTAssertEqual(
          Set(header).subtracting(identity).subtracting(covered), [],
          "\(name): columns that are no summary field")
      }
    }
    // The worlds give every field a value somewhere: the comparison is not of blanks.
    for key in [
      "gains", "gain_shares", "negotiator_shares", "negotiator_distances", "transfers",
      "deadweight_loss", "package", "true_zopa", "outcome_position", "agreement_step",
      "project_at_agreement", "efficiency", "pareto_inferior",
    ] {
      XCTAssertTrue(seen.contains(key), "no run gave \(key) a value")
    }
  }

  /// Makes a store look as one made before stores kept checksums.
  static func unseal(_ db: Database) throws {
    try db.execute(sql: "DROP TABLE checksums")
    try db.execute(sql: "DELETE FROM meta WHERE key IN ('schema', 'meta_checksum', 'identity')")
  }

  /// Checks one summary value against its CSV field and JSON Lines value.
  private func expect(
    _ value: Any, column: String, cells: [String: String], line: [String: Any], json: Bool,
    flag: Bool = false, _ context: String
  ) throws {
    let field = try XCTUnwrap(cells[column], "\(context): no column \(column)")
    let member = try XCTUnwrap(line[column], "\(context): no JSON Lines key \(column)")
    if value is NSNull {
      XCTAssertEqual(field, "", "\(context) (\(column))")
      XCTAssertTrue(member is NSNull, "\(context) (\(column)): \(member)")
    } else if json {
      let text = try XCTUnwrap(member as? String, "\(context) (\(column))")
      XCTAssertEqual(field, text, "\(context) (\(column))")
      same(try JSONSerialization.jsonObject(with: Data(text.utf8)), value, "\(context) (\(column))")
    } else if flag {
      let truth = try XCTUnwrap(value as? Bool, context)
      XCTAssertEqual(field, truth ? "true" : "false", "\(context) (\(column))")
      XCTAssertEqual(member as? Bool, truth, "\(context) (\(column))")
    } else if let text = value as? String {
      XCTAssertEqual(field, text, "\(context) (\(column))")
      XCTAssertEqual(member as? String, text, "\(context) (\(column))")
    } else {
      let x = try XCTUnwrap(value as? Double, "\(context): \(value)")
      let tolerance = 1e-12 * max(1, abs(x))
      XCTAssertEqual(try XCTUnwrap(Double(field), "\(context) (\(column))"), x, accuracy: tolerance)
      XCTAssertEqual(
        try XCTUnwrap(member as? Double, "\(context) (\(column))"), x, accuracy: tolerance)
    }
  }

  /// Deep equality of decoded JSON, numbers to 1e-12.
  private func same(_ a: Any, _ b: Any, _ context: String) {
    switch (a, b) {
    case (let x as [Any], let y as [Any]):
      XCTAssertEqual(x.count, y.count, context)
      for (u, v) in zip(x, y) { same(u, v, context) }
    case (let x as [String: Any], let y as [String: Any]):
      XCTAssertEqual(Set(x.keys), Set(y.keys), context)
      for (k, u) in x { same(u, y[k] ?? NSNull(), context + ".\(k)") }
    case (let x as String, let y as String): XCTAssertEqual(x, y, context)
    case (is NSNull, is NSNull): break
    case (let x as Double, let y as Double):
      XCTAssertEqual(x, y, accuracy: 1e-12 * max(1, abs(y)), context)
    default: XCTFail("\(context): \(a) is not \(b)")
    }
  }

  /// A store whose runs lack a summary field (its runs' `summary_json` without a key,
  /// or `runs` without a metric column, as an older accord wrote them) is refused by
  /// `sweep run --resume`, `sweep merge` and `export --table runs`, with the file, what
  /// it lacks and what to do; nothing is written.
  func testStoresLackingSummaryFieldsAreRefused() throws {
    let sweep = scratch.appendingPathComponent("old.yaml")
    try """
    base: \(root.appendingPathComponent("Configs/examples/quickstart.yaml").path)
    replicates: 2
    seed: 3
    keep: summary
    factors:
      theta: [0.6, 0.8]
    """.write(to: sweep, atomically: true, encoding: .utf8)
    let shards = (0..<2).map { scratch.appendingPathComponent("shard\($0)") }
    for (k, shard) in shards.enumerated() {
      let ran = try accord([
        "sweep", "run", sweep.path, "--shard", "\(k)/2", "--out", shard.path, "--jobs", "1",
      ])
      XCTAssertEqual(ran.status, 0, ran.stderr)
    }
    // The shards as written merge.
    let merged = scratch.appendingPathComponent("merged")
    let fine = try accord(["sweep", "merge"] + shards.map(\.path) + ["--out", merged.path])
    XCTAssertEqual(fine.status, 0, fine.stderr)
    // An older accord's summaries: no negotiator_shares key (and, as older stores were,
    // no checksums, which the edit would otherwise fail).
    let old = shards[0].appendingPathComponent("sweep.sqlite")
    try DatabaseQueue(path: old.path).write { db in
      try db.execute(
        sql: "UPDATE runs SET summary_json = json_remove(summary_json, '$.negotiator_shares')")
      try Self.unseal(db)
    }
    let rows = try DatabaseQueue(path: old.path).read { db in
      try Int.fetchOne(db, sql: "SELECT count(*) FROM runs")
    }
    let again = scratch.appendingPathComponent("again")
    let refusals = [
      ("merge", try accord(["sweep", "merge"] + shards.map(\.path) + ["--out", again.path])),
      (
        "resume",
        try accord([
          "sweep", "run", sweep.path, "--shard", "0/2", "--out", shards[0].path, "--resume",
        ])
      ),
    ]
    for (what, outcome) in refusals {
      XCTAssertNotEqual(outcome.status, 0, what)
      XCTAssertEqual(outcome.stdout, "", what)
      for part in [old.path, "older accord", "'negotiator_shares'", "new --out"] {
        XCTAssertTrue(outcome.stderr.contains(part), "\(what): \(part) not in \(outcome.stderr)")
      }
      XCTAssertFalse(outcome.stderr.contains("Fatal error"), outcome.stderr)
    }
    // Its runs still export, the lacking field named on stderr and left empty: a
    // finished sweep is never locked away.
    let exported = try accord(["export", shards[0].path, "--table", "runs"])
    XCTAssertEqual(exported.status, 0, exported.stderr)
    for part in ["warning: ", old.path, "older accord", "'negotiator_shares'"] {
      XCTAssertTrue(exported.stderr.contains(part), "export: \(part) not in \(exported.stderr)")
    }
    XCTAssertEqual(exported.stdout.split(separator: "\n").count, (rows ?? -1) + 1)
    XCTAssertFalse(
      FileManager.default.fileExists(atPath: again.appendingPathComponent("sweep.sqlite").path))
    XCTAssertEqual(
      try DatabaseQueue(path: old.path).read { db in
        try Int.fetchOne(db, sql: "SELECT count(*) FROM runs")
      }, rows)
    // An older accord's runs table: a metric column missing.
    let older = shards[1].appendingPathComponent("sweep.sqlite")
    try DatabaseQueue(path: older.path).writeWithoutTransaction { db in
      try db.execute(sql: "ALTER TABLE runs DROP COLUMN project_at_agreement")
      try Self.unseal(db)
    }
    let resumed = try accord([
      "sweep", "run", sweep.path, "--shard", "1/2", "--out", shards[1].path, "--resume",
    ])
    XCTAssertNotEqual(resumed.status, 0)
    for part in [older.path, "older accord", "'project_at_agreement'", "new --out"] {
      XCTAssertTrue(resumed.stderr.contains(part), "\(part) not in \(resumed.stderr)")
    }
  }
}
