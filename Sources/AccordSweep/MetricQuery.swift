import AccordConfig
package import AccordSQLite
import Foundation

/// What an analysis does with runs whose metric has no value (a NULL, such as the
/// efficiency of a run without agreement, or a non-finite number).
package enum MissingPolicy: String, Sendable, CaseIterable {
  /// Leave those runs out (and, for Sobol indices, the base points they break).
  case drop
  /// Count them as 0.
  case zero
  /// Refuse, naming the first design point without a value.
  case error
}

/// The metric language shared by `sweep summarize`, `sweep sobol`, `sweep morris` and
/// `plot`: a column of the store's `runs` table (`efficiency`) or an SQL expression over
/// it (`agreement_step IS NOT NULL`, `json_extract(summary_json, '$.gain_shares.A')`).
///
/// SQLite's errors are translated into the user's terms: an unknown column gets the
/// closest column's name, a table the store did not keep says so.
package enum MetricQuery {
  /// One run's value of the metric (nil: missing).
  package struct Value: Sendable, Equatable {
    package var run: Int
    package var point: Int
    package var value: Double?
  }

  /// Reads the store in `directory` (read-only): `body` gets the database and the
  /// store's path, for messages.
  package static func read<T>(directory: String, _ body: (Database, String) throws -> T) throws
    -> T
  {
    let path = "\(directory)/sweep.sqlite"
    guard FileManager.default.fileExists(atPath: path) else {
      throw SweepStoreError(path: path, message: "no sweep store here")
    }
    return try SweepStore.storeError(path) {
      try SweepStore.readOnlyQueue(path).read { db in try body(db, path) }
    }
  }

  /// A value of the store's `meta` table ("" when absent).
  static func meta(_ db: Database, _ key: String) throws -> String {
    try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [key]) ?? ""
  }

  /// Refuses a store whose design is not `design` or whose runs are not all in.
  static func requireComplete(_ db: Database, path: String, design: DesignKind, analysis: String)
    throws
  {
    guard try meta(db, "design") == design.rawValue else {
      throw SweepStoreError(
        path: path, message: "\(analysis) need a sweep with design: \(design.rawValue)")
    }
    let total = Int(try meta(db, "runs")) ?? 0
    let done = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM runs") ?? 0
    guard done == total else {
      throw SweepStoreError(
        path: path, message: "the sweep is incomplete (\(done) of \(total) runs): resume it first")
    }
  }

  /// The metric for every run of the store in `directory`, in run order.
  package static func values(directory: String, metric: String) throws -> [Value] {
    try read(directory: directory) { db, path in try values(db, path: path, metric: metric) }
  }

  /// The metric for every run, in run order, read in an open store.
  package static func values(_ db: Database, path: String, metric: String) throws -> [Value] {
    do {
      return try fetchValues(db, metric: metric)
    } catch let error as DatabaseError {
      throw explain(error, db: db, path: path, metric: metric, table: "runs")
    }
  }

  /// The rows behind ``values(_:path:metric:)``.
  ///
  /// Not optimised: Swift 6.3.1's optimiser crashes on this loop in release builds
  /// ("Found ownership error" in CopyPropagation). It reads a store, so the cost is nil.
  @_optimize(none)
  private static func fetchValues(_ db: Database, metric: String) throws -> [Value] {
    var values: [Value] = []
    let rows = try Row.fetchCursor(
      db, sql: "SELECT run_id, point, (\(metric)) FROM runs ORDER BY run_id")
    while let row = try rows.next() {
      let run: Int = row[0]
      let point: Int = row[1]
      var value: Double? = nil
      if let x = Double.fromDatabaseValue(row[2]), x.isFinite { value = x }
      values.append(Value(run: run, point: point, value: value))
    }
    return values
  }

  /// Checks that `metric` evaluates over `table` (`runs` or `timeseries`, joined to runs).
  package static func check(directory: String, metric: String, table: String) throws {
    try read(directory: directory) { db, path in
      let from = table == "runs" ? "runs" : "runs JOIN \(table) ON \(table).run_id = runs.run_id"
      do {
        _ = try Row.fetchOne(db, sql: "SELECT (\(metric)) FROM \(from) LIMIT 1")
      } catch let error as DatabaseError {
        throw explain(error, db: db, path: path, metric: metric, table: table)
      }
    }
  }

  /// SQLite's complaint about `metric` in the words of a sweep's user.
  static func explain(
    _ error: DatabaseError, db: Database, path: String, metric: String, table: String
  ) -> SweepStoreError {
    let message = error.message ?? "\(error)"
    if message.hasPrefix("no such table: ") {
      let missing = String(message.dropFirst("no such table: ".count))
      let keep = missing == "agents" ? "agents" : "timeseries"
      return SweepStoreError(
        path: path,
        message:
          "this store kept no \(missing == "agents" ? "agent rows" : "time series") (the sweep's "
          + "keep: is \((try? String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'keep'")) ?? nil ?? "summary")); "
          + "rerun the sweep with keep: \(keep) to analyse \(missing)")
    }
    let columns = (try? columnNames(db, table: table)) ?? []
    if message.hasPrefix("no such column: ") {
      var name = String(message.dropFirst("no such column: ".count))
      if name.hasPrefix("\(table).") { name = String(name.dropFirst(table.count + 1)) }
      var text =
        "'\(name)' is not a column of the \(table) table"
        + (name == metric ? "" : " (in the metric '\(metric)')")
      if let guess = KeySuggestion.closest(to: name, among: columns) {
        text += " (did you mean '\(guess)'?)"
      }
      return SweepStoreError(
        path: path, message: text + "; columns: " + columns.joined(separator: ", "))
    }
    return SweepStoreError(
      path: path,
      message:
        "the metric '\(metric)' is not a column or a valid SQL expression over \(table): \(message)"
    )
  }

  /// The columns of a table of the store.
  static func columnNames(_ db: Database, table: String) throws -> [String] {
    try db.columns(in: table).map(\.name)
  }

  /// Applies `policy` to values in run order: the kept values (zero fills in), how many
  /// were missing, or an error naming the first missing one.
  package static func apply(
    _ policy: MissingPolicy, to values: [Value], metric: String, path: String
  ) throws -> (values: [Value], missing: Int) {
    var kept: [Value] = []
    var missing = 0
    for v in values {
      if v.value != nil {
        kept.append(v)
        continue
      }
      missing += 1
      switch policy {
      case .drop: continue
      case .zero: kept.append(Value(run: v.run, point: v.point, value: 0))
      case .error:
        throw SweepStoreError(
          path: path,
          message:
            "metric '\(metric)' is missing at design point \(v.point) (run \(v.run)); "
            + "choose --missing drop (leave such runs out) or --missing zero (count them as 0)")
      }
    }
    return (kept, missing)
  }
}
