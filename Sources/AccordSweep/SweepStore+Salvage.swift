import AccordIO
internal import AccordSQLite
import Foundation

extension SweepStore {
  /// What salvaging a damaged store did.
  package struct Salvage: Sendable {
    /// Runs whose rows were read back intact and kept.
    package var kept: Int
    /// Runs with rows that could not be read or did not match their checksums.
    package var lost: [Int]
    /// Where the damaged file was moved.
    package var damagedCopy: String
  }

  /// Rebuilds the store at `path` if SQLite finds it damaged, keeping every run whose
  /// rows can still be read and match their checksums; returns nil if it is sound.
  ///
  /// A flipped byte in a b-tree page can make SQLite refuse the whole file, though
  /// most runs are intact. Each run is read on its own (by its key), checked against
  /// its checksum, and copied into a new file, which replaces the damaged one (kept
  /// beside it as `sweep.sqlite.damaged`). `--resume` then reruns exactly the runs
  /// that were not kept. The caller holds the store's lock.
  static func salvageIfDamaged(
    _ path: String, sweepText: String, baseText: String, create: (Database) throws -> Void
  ) throws -> Salvage? {
    guard try isDamaged(path) else { return nil }
    let partial = path + ".salvage"
    for suffix in ["", "-journal", "-wal", "-shm"] {
      try? FileManager.default.removeItem(atPath: partial + suffix)
    }
    var kept = 0
    var lost: [Int] = []
    do {
      // A file cut short (its last pages lost) claims more pages than it has, and SQLite
      // then refuses to read even its schema; with `writable_schema` it reads the pages
      // that are there (only read here), and runs on the lost pages fail their checks.
      var reading = Configuration()
      reading.prepareDatabase { db in try db.execute(sql: "PRAGMA writable_schema = ON") }
      let source = try DatabaseQueue(path: path, configuration: reading)
      // The new store is made from the sweep, not from the damaged file's schema or
      // meta; but a store that says it holds another sweep is not taken over.
      let identity = try? source.read { db in
        (
          try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'sweep_file'"),
          try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'base_config'"),
          try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'identity'")
        )
      }
      guard let identity,
        (identity.0 == sweepText && identity.1 == baseText)
          || identity.2 == Self.identity(sweepText: sweepText, baseText: baseText)
      else {
        throw SweepStoreError(
          path: path,
          message: "its meta table is damaged or holds another sweep, so its runs cannot be "
            + "attributed")
      }
      DurableWrites.point("create")
      let target = try DatabaseQueue(path: partial)
      DurableWrites.point("sqlite commit")
      try target.write { out in
        try create(out)
        let shard =
          try String.fetchOne(out, sql: "SELECT value FROM meta WHERE key = 'shard'")
          .flatMap(Shard.init) ?? .whole
        let total =
          try String.fetchOne(out, sql: "SELECT value FROM meta WHERE key = 'runs'")
          .flatMap(Int.init) ?? 0
        for run in shard.runs(of: total) {
          do {
            let (tables, sum, failure) = try source.read { db in
              (
                try rows(db, run: run),
                try String.fetchOne(
                  db, sql: "SELECT checksum FROM checksums WHERE run_id = ?", arguments: [run]),
                try db.tableExists("failures")
                  ? try Row.fetchOne(
                    db, sql: "SELECT * FROM failures WHERE run_id = ?", arguments: [run])
                  : nil
              )
            }
            guard let runRows = tables.first?.rows, !runRows.isEmpty else {
              if let failure {
                try insert(out, "failures", failure)
              } else if sum != nil {
                lost.append(run)
              }
              continue
            }
            guard sum == checksum(tables) else {
              lost.append(run)
              continue
            }
            try out.inSavepoint {
              for (table, rows) in tables { for row in rows { try insert(out, table, row) } }
              try out.execute(sql: "INSERT INTO checksums VALUES (?, ?)", arguments: [run, sum])
              return .commit
            }
            kept += 1
          } catch is DatabaseError {
            // Unreadable in the damaged file, or rows that do not fit the sweep's tables.
            lost.append(run)
          }
        }
      }
      try target.close()
      try source.close()
    } catch {
      for suffix in ["", "-journal"] {
        try? FileManager.default.removeItem(atPath: partial + suffix)
      }
      throw SweepStoreError(
        path: path,
        message:
          "the store is damaged beyond repair ("
          + ((error as? SweepStoreError)?.message ?? "\(storeError(path, error))") + "); "
          + "run the sweep again into a new --out")
    }
    let damagedCopy = path + ".damaged"
    try? FileManager.default.removeItem(atPath: damagedCopy)
    DurableWrites.point("rename")
    try FileManager.default.moveItem(atPath: path, toPath: damagedCopy)
    for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    DurableWrites.point("rename")
    try FileManager.default.moveItem(atPath: partial, toPath: path)
    return Salvage(kept: kept, lost: lost, damagedCopy: damagedCopy)
  }

  /// Whether SQLite's integrity check fails on the store, or SQLite cannot read it.
  static func isDamaged(_ path: String) throws -> Bool {
    do {
      let queue = try DatabaseQueue(path: path)
      defer { try? queue.close() }
      return try queue.read { db in
        try String.fetchAll(db, sql: "PRAGMA integrity_check") != ["ok"]
          || !(try db.tableExists("meta")) || !(try schemaIsIntact(db))
      }
    } catch let error as DatabaseError where error.resultCode.primaryResultCode == .corrupt {
      return true
    }
  }

  /// Copies one row into `table`.
  private static func insert(_ db: Database, _ table: String, _ row: Row) throws {
    let values = Array(row.databaseValues)
    try db.execute(
      sql: "INSERT OR REPLACE INTO \(SQL.identifier(table)) VALUES ("
        + Array(repeating: "?", count: values.count).joined(separator: ", ") + ")",
      arguments: StatementArguments(values))
  }
}
