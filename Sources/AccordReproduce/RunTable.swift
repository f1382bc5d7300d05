internal import AccordSQLite
import AccordSweep
import Foundation

/// Read access to one sweep store for analyses: a metric per run, with factor values.
///
/// Metrics are SQL expressions evaluated by SQLite over the `runs` table, so an
/// experiment can use a stored column (`efficiency`), a value in the summary
/// (`json_extract(summary_json, '$.gain_shares.A')`) or a combination. Factor values are
/// read as text, as the store writes them (`0.6`, `5`, `unanimity`).
package struct RunTable: Sendable {
  package let path: String
  let queue: DatabaseQueue
  /// The factor columns, in the sweep file's order.
  package let factors: [String]

  package init(directory: String) throws {
    path = "\(directory)/sweep.sqlite"
    guard FileManager.default.fileExists(atPath: path) else {
      throw AnalysisError("\(path): no sweep store here")
    }
    queue = try SweepStore.readOnlyQueue(path)
    factors = try queue.read { db in
      (try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'factors'") ?? "")
        .split(separator: "\n").map(String.init)
    }
  }

  /// One run's values: the named factors as text and the metric (runs where it is NULL
  /// are left out).
  struct Row: Sendable {
    var factors: [String]
    var value: Double
    /// The value of the `x` expression, if one was asked for.
    var x: Double?
    /// The run's id (to follow one run over steps).
    var run: Int = 0
  }

  /// The metric for every run matching `filter` and the SQL condition `condition` (over
  /// runs), with the values of `factors`; over steps ordered by run, then step.
  func rows(
    metric: String, factors names: [String], filter: [(String, String)] = [],
    table: String = "runs", x: String? = nil, where condition: String? = nil
  ) throws -> [Row] {
    for name in names + filter.map(\.0) where !factors.contains(name) {
      throw AnalysisError(
        "\(path): '\(name)' is not a factor of this sweep; factors: "
          + factors.joined(separator: ", "))
    }
    let columns = names.map { "CAST(runs.\(SQL.identifier($0)) AS TEXT)" }
    var conditions: [String] = filter.map { "CAST(runs.\(SQL.identifier($0.0)) AS TEXT) = ?" }
    if let condition { conditions.append("(\(condition))") }
    let from =
      table == "runs" ? "runs" : "runs JOIN \(table) ON \(table).run_id = runs.run_id"
    let selected = (columns + ["(\(metric))", x ?? "NULL", "runs.run_id"]).joined(separator: ", ")
    let whereClause = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
    let order = " ORDER BY runs.run_id" + (x.map { ", \($0)" } ?? "")
    let sql = "SELECT \(selected) FROM \(from)\(whereClause)\(order)"
    do {
      return try queue.read { db in
        var rows: [Row] = []
        let cursor = try AccordSQLite.Row.fetchCursor(
          db, sql: sql, arguments: StatementArguments(filter.map(\.1)))
        while let row = try cursor.next() {
          guard let value = Double.fromDatabaseValue(row[names.count]), value.isFinite else {
            continue
          }
          rows.append(
            Row(
              factors: (0..<names.count).map { row[$0] ?? "" }, value: value,
              x: Double.fromDatabaseValue(row[names.count + 1]), run: row[names.count + 2]))
        }
        return rows
      }
    } catch let error as DatabaseError {
      throw AnalysisError(
        "\(path): the metric '\(metric)' is not a valid SQL expression over \(table): "
          + (error.message ?? "\(error)"))
    }
  }

  /// How many distinct values each factor takes over the runs matching `filter` and the
  /// SQL condition `condition`: the factors a figure would pool over have more than one.
  func levelCounts(filter: [(String, String)] = [], where condition: String? = nil) throws
    -> [String: Int]
  {
    guard !factors.isEmpty else { return [:] }
    let counts = factors.map { "COUNT(DISTINCT CAST(\(SQL.identifier($0)) AS TEXT))" }
    var conditions: [String] = filter.map { "CAST(\(SQL.identifier($0.0)) AS TEXT) = ?" }
    if let condition { conditions.append("(\(condition))") }
    let sql =
      "SELECT \(counts.joined(separator: ", ")) FROM runs"
      + (conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND "))
    let row = try queue.read { db in
      try AccordSQLite.Row.fetchOne(db, sql: sql, arguments: StatementArguments(filter.map(\.1)))
    }
    var out: [String: Int] = [:]
    guard let row else { return out }
    for (i, factor) in factors.enumerated() {
      let levels: Int = row[i]
      out[factor] = levels
    }
    return out
  }

  /// How many runs match the SQL condition `condition`; a condition SQLite cannot
  /// evaluate over the runs table is refused in the words of `option`.
  package func count(where condition: String, option: String) throws -> Int {
    do {
      return try queue.read { db in
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM runs WHERE (\(condition))") ?? 0
      }
    } catch let error as DatabaseError {
      // A factor such as nations[North].rule is no bare SQL name: say how to quote it.
      let dotted = factors.first { $0.contains { !$0.isLetter && !$0.isNumber && $0 != "_" } }
      throw AnalysisError(
        "\(option) '\(condition)': not an SQL condition over the runs table "
          + "(\(error.message ?? "\(error)")); columns include the factors: "
          + factors.joined(separator: ", ")
          + (dotted.map { " (quote a name with dots or brackets: \"\($0)\")" } ?? ""))
    }
  }

  /// Throws unless every design point's replicates agree on `metric` (to 1e-9, NULLs
  /// included): the check behind a deterministic experiment's exact values.
  func requireDeterministic(metric: String, file: String) throws {
    let sql = """
      SELECT point FROM (SELECT point, (\(metric)) AS m FROM runs) GROUP BY point
      HAVING MAX(m) - MIN(m) > 1e-9 OR (COUNT(m) > 0 AND COUNT(m) < COUNT(*)) LIMIT 1
      """
    let point = try queue.read { db in try Int.fetchOne(db, sql: sql) }
    if let point {
      throw AnalysisError(
        "\(file): declared deterministic, but the replicates of design point \(point) differ "
          + "in '\(metric)'")
    }
  }

  /// Distinct values of a factor in the store, numeric ones in numeric order.
  package func levels(of factor: String) throws -> [String] {
    let values = try queue.read { db in
      try String.fetchAll(
        db,
        sql: "SELECT DISTINCT CAST(\(SQL.identifier(factor)) AS TEXT) FROM runs ORDER BY point")
    }
    return Self.ordered(values)
  }

  /// Numeric strings in numeric order; otherwise as given.
  static func ordered(_ values: [String]) -> [String] {
    let numbers = values.compactMap { value in Double(value).map { (value, $0) } }
    return numbers.count == values.count
      ? numbers.sorted { $0.1 < $1.1 }.map(\.0) : values
  }
}

/// An analysis that cannot be done: one line for the user.
struct AnalysisError: Error, CustomStringConvertible, Sendable {
  var description: String
  init(_ description: String) { self.description = description }
}
