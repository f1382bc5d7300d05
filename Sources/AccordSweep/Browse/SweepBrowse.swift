import AccordEscaping
internal import AccordSQLite
import Foundation

/// A value of a store's `runs` table as the store holds it: whole numbers as integers,
/// fractions as reals, a categorical factor's level by name.
package enum StoredValue: Sendable, Hashable, Encodable {
  case integer(Int64)
  case number(Double)
  case text(String)
  case missing

  /// The value as a number, if it is one.
  package var number: Double? {
    switch self {
    case .integer(let x): Double(x)
    case .number(let x): x.isFinite ? x : nil
    case .text, .missing: nil
    }
  }

  init(_ value: DatabaseValue) {
    switch value.storage {
    case .int64(let x): self = .integer(x)
    case .double(let x): self = x.isFinite ? .number(x) : .missing
    case .string(let s): self = .text(s)
    case .null, .blob: self = .missing
    }
  }

  package func encode(to encoder: any Encoder) throws {
    var c = encoder.singleValueContainer()
    switch self {
    case .integer(let x): try c.encode(x)
    case .number(let x): try c.encode(x)
    case .text(let s): try c.encode(s)
    case .missing: try c.encodeNil()
    }
  }
}

/// What a store holds, for a reader that lists its runs: its factors and metrics, its
/// design, how complete it is, and what may make its numbers incomplete.
package struct SweepOverview: Sendable, Encodable {
  package var factors: [String]
  package var metrics: [String]
  package var design: String
  package var replicates: Int
  package var keep: String
  /// Runs the store should hold (its shard's share) and runs committed.
  package var total: Int
  package var done: Int
  package var failed: Int
  /// The accord that made it.
  package var version: String
  /// Whether its runs simulate a base config, so a run can be rebuilt and replayed.
  package var replayable: Bool
  /// What a reader should know: a sweep still writing it, an older accord's gaps.
  package var notes: [String]
}

/// One run of a store: its place in the design, its seed, its factor values and metrics.
package struct StoredRun: Sendable, Encodable {
  package var run: Int
  package var point: Int
  package var replicate: Int
  package var seed: Int64
  /// In the order of ``SweepOverview/factors``.
  package var factors: [StoredValue]
  /// In the order of ``SweepOverview/metrics``.
  package var metrics: [StoredValue]
}

/// A page of a store's runs, sorted by one column.
package struct RunPage: Sendable, Encodable {
  package var offset: Int
  /// Runs in the store.
  package var total: Int
  package var sort: String
  package var descending: Bool
  package var runs: [StoredRun]
}

extension SweepStore {
  /// The most runs one page holds.
  package static let maxPageRuns = 200

  /// The overview of the store at `path`, read-only.
  ///
  /// A store that is still being written is read as far as it is committed, and says
  /// so; a store from an older accord is read with a note naming what it lacks.
  package static func overview(path: String) throws -> SweepOverview {
    let health = try SweepHealth.read(path: path, verify: false)
    return try reading(path) { db in
      let (factors, metrics) = try columns(db, path: path)
      func meta(_ key: String) throws -> String? { try metaValue(db, key) }
      let base = try meta("base_config") ?? ""
      var notes: [String] = []
      if health.done + health.failures.count < health.total {
        let writing = FileManager.default.fileExists(atPath: path + "-wal")
        notes.append(
          "\(health.summary)"
            + (writing
              ? "; a sweep may still be writing it: what is committed is shown (open it again for newer runs)"
              : "; resume the sweep for the rest"))
      } else if !health.failures.isEmpty {
        notes.append(health.summary)
      }
      if let shortfall = try summaryShortfall(db) {
        notes.append("written by an older accord: \(shortfall); those values are blank here")
      }
      return SweepOverview(
        factors: factors, metrics: metrics, design: try meta("design") ?? "",
        replicates: Int(try meta("replicates") ?? "") ?? 0, keep: try meta("keep") ?? "summary",
        total: health.total, done: health.done, failed: health.failures.count,
        version: try meta("accord_version") ?? "unknown", replayable: !base.isEmpty,
        notes: notes)
    }
  }

  /// `limit` runs (at most ``maxPageRuns``) from `offset` on, sorted by `sort` (run id,
  /// point, replicate, seed, a factor or a metric; missing values last), then run id.
  package static func runs(
    path: String, sort: String = "run_id", descending: Bool = false, offset: Int = 0,
    limit: Int = maxPageRuns
  ) throws -> RunPage {
    try reading(path) { db in
      let (factors, metrics) = try columns(db, path: path)
      let fixed = ["run_id", "point", "replicate", "seed"]
      guard (fixed + factors + metrics).contains(sort) else {
        throw SweepStoreError(
          path: path,
          message: "cannot sort by '\(sort.prefix(80))': not a column of this store's runs")
      }
      let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM runs") ?? 0
      let key = SQL.identifier(sort)
      let select = (fixed + factors + metrics).map(SQL.identifier).joined(separator: ", ")
      let rows = try Row.fetchAll(
        db,
        sql: "SELECT \(select) FROM runs ORDER BY (\(key) IS NULL), \(key) "
          + (descending ? "DESC" : "ASC") + ", run_id LIMIT ? OFFSET ?",
        arguments: [min(max(limit, 0), maxPageRuns), max(offset, 0)])
      let runs = rows.map { row in
        let values = (0..<row.count).map { StoredValue(row[$0] as DatabaseValue) }
        return StoredRun(
          run: row[0], point: row[1], replicate: row[2], seed: row[3],
          factors: Array(values[4..<(4 + factors.count)]),
          metrics: Array(values[(4 + factors.count)...]))
      }
      return RunPage(
        offset: max(offset, 0), total: total, sort: sort, descending: descending, runs: runs)
    }
  }

  /// Run `run`'s `summary_json` as stored, or nil when the store has no such run.
  package static func storedSummary(path: String, run: Int) throws -> String? {
    try reading(path) { db in
      try String.fetchOne(
        db, sql: "SELECT summary_json FROM runs WHERE run_id = ?", arguments: [run])
    }
  }

  /// The store's factor columns and the metric columns its `runs` table has.
  ///
  /// Stores from an accord before the `metrics` entry of `meta` list accord's metrics
  /// that their table has.
  static func columns(_ db: Database, path: String) throws -> (
    factors: [String], metrics: [String]
  ) {
    guard
      let factors = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'factors'")
    else {
      throw SweepStoreError(
        path: path,
        message: "this store lists no factors in its meta table (an accord before factor "
          + "lists, or not a sweep store); run the sweep again with this accord")
    }
    let present = Set(try db.columns(in: "runs").map(\.name))
    let listed = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'metrics'")
    let metrics = (listed.map { $0.split(separator: "\n").map(String.init) } ?? Self.metrics)
      .filter { present.contains($0) }
    return (factors.split(separator: "\n").map(String.init), metrics)
  }
}

extension SweepStore {
  /// One value of `meta`, read in an open store.
  static func metaValue(_ db: Database, _ key: String) throws -> String? {
    try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [key])
  }
}
