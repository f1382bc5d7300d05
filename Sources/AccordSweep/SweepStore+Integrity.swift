package import AccordSQLite
import Foundation

extension SweepStore {
  /// The tables of failed runs and run checksums (created in new stores and added to
  /// older ones on resume).
  static func createIntegrityTables(_ db: Database) throws {
    try db.execute(
      sql: "CREATE TABLE IF NOT EXISTS failures (run_id INTEGER PRIMARY KEY, "
        + "point INTEGER NOT NULL, replicate INTEGER NOT NULL, seed INTEGER NOT NULL, "
        + "message TEXT NOT NULL)")
    try db.execute(
      sql:
        "CREATE TABLE IF NOT EXISTS checksums (run_id INTEGER PRIMARY KEY, checksum TEXT NOT NULL)"
    )
  }

  /// The checksum of run `run`'s rows as stored: its `runs` row, then its time-series
  /// and agent rows in key order.
  ///
  /// FNV-1a (64 bits) over each value's storage class and bytes, so a flipped bit in any
  /// value, or a row lost or gained, changes it. It guards against damage, not tampering.
  static func checksum(_ db: Database, run: Int) throws -> String {
    checksum(try rows(db, run: run))
  }

  /// A checksum of the store's table definitions (kept in `meta` as `schema`): a
  /// flipped byte in a column name would otherwise relabel every value silently.
  static func schemaChecksum(_ db: Database) throws -> String {
    var hash = Checksum()
    for sql in try String.fetchAll(
      db,
      sql: "SELECT sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        + "ORDER BY name")
    {
      hash.add(sql.databaseValue)
    }
    return String(hash.value, radix: 16)
  }

  /// A checksum of the `meta` table (all but its own entry): readers take the factor
  /// and metric columns, the run count and the shard from it.
  static func metaChecksum(_ db: Database) throws -> String {
    var hash = Checksum()
    for row in try Row.fetchAll(
      db, sql: "SELECT key, value FROM meta WHERE key <> 'meta_checksum' ORDER BY key")
    {
      for value in row.databaseValues { hash.add(value) }
    }
    return String(hash.value, radix: 16)
  }

  /// Writes the checksums of the table definitions and of `meta` (last, when `meta` is
  /// complete).
  static func sealMeta(_ db: Database) throws {
    try db.execute(
      sql: "INSERT OR REPLACE INTO meta (key, value) VALUES ('schema', ?)",
      arguments: [try schemaChecksum(db)])
    try db.execute(
      sql: "INSERT OR REPLACE INTO meta (key, value) VALUES ('meta_checksum', ?)",
      arguments: [try metaChecksum(db)])
  }

  /// Whether the store's time series start at step 1.
  ///
  /// Such a store was made before the step-0
  /// row (the initial state) existed, and runs added now would mix two layouts in one
  /// table. Reads the first run's first row only (the primary key's order).
  static func seriesStartAtStepOne(_ db: Database) throws -> Bool {
    guard try db.tableExists("timeseries") else { return false }
    let first = try Int.fetchOne(
      db,
      sql: "SELECT step FROM timeseries WHERE run_id = (SELECT MIN(run_id) FROM timeseries) "
        + "ORDER BY step LIMIT 1")
    return first.map { $0 > 0 } ?? false
  }

  static let seriesStartAtStepOneMessage =
    "its time series start at step 1 (made by an accord before the step-0 row); "
    + "refusing to mix them with runs that start at step 0: use another --out"

  /// A checksum of the sweep file and base config a store was made for: a store whose
  /// texts were damaged is still recognised as this sweep's.
  static func identity(sweepText: String, baseText: String) -> String {
    var hash = Checksum()
    hash.add(sweepText.databaseValue)
    hash.add(baseText.databaseValue)
    return String(hash.value, radix: 16)
  }

  /// Whether the store's table definitions and meta table match the checksums it was
  /// made with (stores made before the checksums existed pass).
  static func schemaIsIntact(_ db: Database) throws -> Bool {
    // A store with any of the three entries was made with all of them: one that lacks
    // some had a key damaged.
    let keys = Set(try String.fetchAll(db, sql: "SELECT key FROM meta"))
    let sealed: Set = ["schema", "meta_checksum", "identity"]
    if !keys.isDisjoint(with: sealed) && !keys.isSuperset(of: sealed) { return false }
    if let stored = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'schema'"),
      stored != (try schemaChecksum(db))
    {
      return false
    }
    if let stored = try String.fetchOne(
      db, sql: "SELECT value FROM meta WHERE key = 'meta_checksum'"),
      stored != (try metaChecksum(db))
    {
      return false
    }
    return true
  }

  /// The tables that hold a run's rows, with the order in which they are hashed.
  static let runTables: [(name: String, order: String)] = [
    ("runs", ""), ("timeseries", " ORDER BY step"), ("agents", " ORDER BY step, agent"),
  ]

  /// Run `run`'s rows in each of ``runTables`` the store has.
  static func rows(_ db: Database, run: Int) throws -> [(table: String, rows: [Row])] {
    var result: [(table: String, rows: [Row])] = []
    for (table, order) in runTables where try db.tableExists(table) {
      result.append(
        (
          table,
          try Row.fetchAll(
            db, sql: "SELECT * FROM \(table) WHERE run_id = ?\(order)", arguments: [run])
        ))
    }
    return result
  }

  /// The checksum of a run's rows, table by table.
  static func checksum(_ tables: [(table: String, rows: [Row])]) -> String {
    var hash = Checksum()
    for (_, rows) in tables {
      for row in rows {
        for value in row.databaseValues { hash.add(value) }
      }
      hash.add(UInt64(rows.count))
    }
    return String(hash.value, radix: 16)
  }

  /// Opens the store at `path` for reading only: readers never write to it, never
  /// leave `-wal`/`-shm` files beside a store that no writer has open, and name the
  /// file in every error.
  static func reading<T>(_ path: String, _ read: (Database) throws -> T) throws -> T {
    guard FileManager.default.fileExists(atPath: path) else {
      throw SweepStoreError(path: path, message: "no sweep store here")
    }
    return try storeError(path) {
      let queue = try readOnlyQueue(path)
      defer { try? queue.close() }
      return try queue.read { db in
        guard try db.tableExists("meta"), try db.tableExists("runs") else {
          throw SweepStoreError(
            path: path, message: "this file is not an accord sweep store (no meta and runs tables)")
        }
        return try read(db)
      }
    }
  }

  /// A read-only connection to the store at `path`.
  ///
  /// A store in WAL mode whose writer has closed it has no `-wal` file; opening it even
  /// read-only would create `-wal` and `-shm`. Such a store is opened `immutable`
  /// (nothing is writing it, and nothing will be written); a store with a `-wal` file
  /// (a writer is at work, or was killed) is opened read-only in the ordinary way.
  package static func readOnlyQueue(_ path: String) throws -> DatabaseQueue {
    var configuration = Configuration()
    configuration.readonly = true
    if FileManager.default.fileExists(atPath: path + "-wal") {
      return try DatabaseQueue(path: path, configuration: configuration)
    }
    let url = URL(fileURLWithPath: path).absoluteURL
    var components = URLComponents()
    components.scheme = "file"
    components.path = url.path
    components.queryItems = [URLQueryItem(name: "immutable", value: "1")]
    return try DatabaseQueue(path: components.string ?? path, configuration: configuration)
  }

  /// Runs `body`, turning SQLite's errors into messages in the user's terms that name
  /// the store.
  static func storeError<T>(_ path: String, _ body: () throws -> T) throws -> T {
    do {
      return try body()
    } catch {
      throw storeError(path, error)
    }
  }

  /// An error of the store at `path` in the user's terms.
  static func storeError(_ path: String, _ error: any Error) -> any Error {
    guard let error = error as? DatabaseError else { return error }
    let detail = error.message ?? "\(error.resultCode)"
    switch error.resultCode.primaryResultCode {
    case .corrupt:
      return SweepStoreError(
        path: path,
        message: "the store is damaged (SQLite: \(detail)); `accord sweep run SWEEP --out DIR "
          + "--resume` rebuilds it from its intact runs and reruns the others")
    case .notADatabase:
      return SweepStoreError(path: path, message: "this file is not an SQLite database (\(detail))")
    case .full:
      return SweepStoreError(
        path: path, message: "the disk is full; finished runs are kept: free space and resume")
    case .busy, .locked:
      return SweepStoreError(
        path: path, message: "the store is locked by another process (SQLite: \(detail))")
    case .readOnly, .permission, .cannotOpen:
      return SweepStoreError(path: path, message: "cannot open or write the store (\(detail))")
    case .ioError:
      return SweepStoreError(path: path, message: "input/output error on the store (\(detail))")
    default:
      return SweepStoreError(path: path, message: "SQLite error: \(detail)")
    }
  }
}

/// FNV-1a, 64 bits, over typed values.
struct Checksum {
  private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

  mutating func add(byte: UInt8) {
    value ^= UInt64(byte)
    value = value &* 0x100_0000_01b3
  }

  mutating func add(_ x: UInt64) {
    for shift in stride(from: 0, to: 64, by: 8) { add(byte: UInt8(truncatingIfNeeded: x >> shift)) }
  }

  mutating func add(_ value: DatabaseValue) {
    switch value.storage {
    case .null: add(byte: 0)
    case .int64(let x):
      add(byte: 1)
      add(UInt64(bitPattern: x))
    case .double(let x):
      add(byte: 2)
      add(x.bitPattern)
    case .string(let text):
      add(byte: 3)
      let bytes = Array(text.utf8)
      add(UInt64(bytes.count))
      for b in bytes { add(byte: b) }
    case .blob(let data):
      add(byte: 4)
      add(UInt64(data.count))
      for b in data { add(byte: b) }
    }
  }
}
