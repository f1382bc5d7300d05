import AccordModel
internal import AccordSQLite
import Foundation

extension SweepStore {
  /// What the store's runs lack of the run summary, or nil when they hold all of it.
  ///
  /// accord now stores every summary number in a column of `runs` and every key of the
  /// summary in each run's `summary_json` (`null` where it has no value). A store from an
  /// older accord lacks some, and `accord export --table runs` would give blanks for
  /// them. The first run speaks for the store, since `--resume` and `sweep merge` refuse
  /// to add runs to an old store. Sweeps of a test function (no base config) have no
  /// run summary.
  static func summaryShortfall(_ db: Database) throws -> String? {
    let base = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'base_config'")
    guard let base, !base.isEmpty, try db.tableExists("runs") else { return nil }
    let present = Set(try db.columns(in: "runs").map(\.name))
    let absent = metrics.filter { !present.contains($0) }
    if !absent.isEmpty {
      return "its runs table has no column " + SweepMerge.list(absent.map { "'\($0)'" })
    }
    guard
      let first = try Row.fetchOne(
        db, sql: "SELECT run_id, summary_json FROM runs ORDER BY run_id LIMIT 1")
    else { return nil }
    let run: Int = first[0]
    let json: String = first[1] ?? ""
    guard
      let object = (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: Any]
    else { return "run \(run)'s summary_json is not a JSON object" }
    let missing = RunSummary.fieldNames.filter { object[$0] == nil }
    guard !missing.isEmpty else { return nil }
    return "run \(run)'s summary_json has no "
      + SweepMerge.list(missing.map { "'\($0)'" }) + " field"
  }

  /// Throws, naming the store, what it lacks and what to do, when its runs lack summary
  /// data (``summaryShortfall(_:)``); `refusing` says what the command will not do.
  static func requireSummaries(_ db: Database, path: String, refusing: String) throws {
    guard let shortfall = try summaryShortfall(db) else { return }
    throw SweepStoreError(
      path: path,
      message:
        "written by an older accord: \(shortfall), so `accord export --table runs` would "
        + "give blanks for it; \(refusing) (run the sweep with this accord into a new --out)")
  }
}
