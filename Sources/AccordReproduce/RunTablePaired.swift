internal import AccordSQLite
import AccordSweep
import Foundation

extension RunTable {
  /// One run's arm level and metric value, by design point and replicate.
  struct PairedValue: Sendable {
    var point: Int
    var replicate: Int
    var level: String
    var value: Double
  }

  /// The metric of every run with its point, replicate and level of the arm factor
  /// (runs where the metric is NULL or not finite are left out).
  func paired(metric: String, arm: String) throws -> [PairedValue] {
    guard factors.contains(arm) else {
      throw AnalysisError("\(path): '\(arm)' is not a factor of this sweep")
    }
    let sql =
      "SELECT point, replicate, CAST(\(SQL.identifier(arm)) AS TEXT), (\(metric)) FROM runs "
      + "ORDER BY run_id"
    do {
      return try queue.read { db in
        var values: [PairedValue] = []
        let cursor = try AccordSQLite.Row.fetchCursor(db, sql: sql)
        while let row = try cursor.next() {
          guard let value = Double.fromDatabaseValue(row[3]), value.isFinite else { continue }
          values.append(
            PairedValue(point: row[0], replicate: row[1], level: row[2] ?? "", value: value))
        }
        return values
      }
    } catch let error as DatabaseError {
      throw AnalysisError(
        "\(path): the metric '\(metric)' is not a valid SQL expression over runs: "
          + (error.message ?? "\(error)"))
    }
  }

  /// A number as the store writes it in text (whole numbers without a decimal point).
  static func text(_ x: Double) -> String {
    x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : "\(x)"
  }
}
