import AccordIO
internal import AccordSQLite
import Foundation

/// How complete and how sound a sweep store is: runs done, failed, missing and damaged.
///
/// `sweep status` prints it, `sweep verify` adds SQLite's integrity check, `sweep run
/// --resume` reruns the damaged runs, and every analysis calls ``check(directory:)``
/// before it reads, so none of them reports on damaged rows or silently on part of a
/// sweep.
package struct SweepHealth: Sendable {
  package var path: String
  package var shard: Shard
  /// Runs this store should hold (its shard's share of the sweep).
  package var total: Int
  /// Runs committed.
  package var done: Int
  /// Runs that threw, with their messages and seeds.
  package var failures: [FailedRun]
  /// Runs whose stored rows do not match their checksum, or that have rows but no
  /// checksum (only when read with `verify`).
  package var damaged: [Int]
  /// Runs without a checksum in a store made before checksums existed.
  package var unchecked: Int
  /// Problems SQLite's integrity check reports (only when asked for).
  package var integrity: [String]

  /// Runs neither committed nor failed (damaged runs count as missing once removed).
  package var missing: Int { max(0, total - done - failures.count) }

  /// Whether every run of the store is present and sound.
  package var isComplete: Bool { missing == 0 && failures.isEmpty && damaged.isEmpty }

  /// One line: done of total, failed, missing, damaged.
  package var summary: String {
    let percent = total == 0 ? 100 : 100 * done / total
    var parts = ["\(done) of \(total) runs done (\(percent)%)"]
    if !failures.isEmpty { parts.append("\(failures.count) failed") }
    if missing > 0 { parts.append("\(missing) missing") }
    if !damaged.isEmpty { parts.append("\(damaged.count) damaged") }
    return parts.joined(separator: ", ") + (shard == .whole ? "" : " in shard \(shard)")
  }

  /// Reads the health of the store at `path` without writing to it; with `verify`,
  /// recomputes every run's checksum, and with `integrity` runs SQLite's integrity check.
  package static func read(path: String, verify: Bool = true, integrity: Bool = false) throws
    -> SweepHealth
  {
    var problems: [String] = []
    if integrity {
      problems = try SweepStore.reading(path) { db in
        try String.fetchAll(db, sql: "PRAGMA integrity_check").filter { $0 != "ok" }
      }
    }
    let schemaIntact = try SweepStore.reading(path) { db in try SweepStore.schemaIsIntact(db) }
    if !schemaIntact {
      // Checked by every reader: damaged column names would relabel every value.
      throw SweepStoreError(
        path: path,
        message: "the store's table definitions are damaged; `accord sweep run SWEEP --out DIR "
          + "--resume` rebuilds it from its intact runs")
    }
    var health = try SweepStore.reading(path) { db in try read(db, path: path, verify: verify) }
    health.integrity = problems
    return health
  }

  /// Reads the health of an open store.
  static func read(_ db: Database, path: String, verify: Bool) throws -> SweepHealth {
    let done = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM runs") ?? 0
    let runs =
      Int(try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'runs'") ?? "0") ?? 0
    let shard =
      try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'shard'")
      .flatMap(Shard.init) ?? .whole
    var failures: [FailedRun] = []
    if try db.tableExists("failures") {
      failures = try Row.fetchAll(
        db, sql: "SELECT run_id, point, replicate, seed, message FROM failures ORDER BY run_id"
      ).map {
        FailedRun(
          run: $0[0], point: $0[1], replicate: $0[2],
          seed: UInt32(truncatingIfNeeded: $0[3] as Int),
          message: $0[4])
      }
    }
    var health = SweepHealth(
      path: path, shard: shard, total: shard.runs(of: runs).count, done: done, failures: failures,
      damaged: [], unchecked: 0, integrity: [])
    if verify { (health.damaged, health.unchecked) = try damagedRuns(db) }
    return health
  }

  /// Runs whose rows do not match their checksums, and the number of runs that have no
  /// checksum in a store that predates them.
  static func damagedRuns(_ db: Database) throws -> (damaged: [Int], unchecked: Int) {
    guard try db.tableExists("checksums") else {
      return ([], try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM runs") ?? 0)
    }
    let stored = Dictionary(
      try Row.fetchAll(db, sql: "SELECT run_id, checksum FROM checksums").map {
        ($0[0] as Int, $0[1] as String)
      }, uniquingKeysWith: { a, _ in a })
    let ids = try Int.fetchAll(db, sql: "SELECT run_id FROM runs ORDER BY run_id")
    var damaged = Set<Int>()
    // A store whose runs all lack checksums was made before they existed.
    let legacy = stored.isEmpty && !ids.isEmpty
    for id in ids where !legacy {
      guard let sum = stored[id], sum == (try SweepStore.checksum(db, run: id)) else {
        damaged.insert(id)
        continue
      }
    }
    // A checksum without its run, or kept rows without their run: a run id changed.
    let present = Set(ids)
    damaged.formUnion(stored.keys.filter { !present.contains($0) })
    for table in ["timeseries", "agents"] where try db.tableExists(table) {
      let orphans = try Int.fetchAll(
        db,
        sql: "SELECT DISTINCT run_id FROM \(table) WHERE run_id NOT IN (SELECT run_id FROM runs)")
      damaged.formUnion(orphans)
    }
    return (damaged.sorted(), legacy ? ids.count : 0)
  }

  /// What every analysis calls before it reads a store: refuses a store with damaged
  /// runs (naming them), and warns on standard error when runs are missing or failed,
  /// naming the completion, then lets the analysis use the runs present.
  @discardableResult
  package static func check(directory: String) throws -> SweepHealth {
    let path = "\(directory)/sweep.sqlite"
    let health = try read(path: path, verify: true)
    if !health.damaged.isEmpty {
      throw SweepStoreError(
        path: path,
        message:
          "\(health.damaged.count) runs are damaged (their rows do not match their checksums): "
          + SweepMerge.list(health.damaged.map { "run \($0)" })
          + "; `accord sweep run SWEEP --out \(directory) --resume` reruns exactly these")
    }
    if !health.isComplete {
      FileHandle.standardError.write(
        Data(
          "warning: \(path): \(health.summary); these results use only the runs present\n".utf8))
    }
    return health
  }
}

extension SweepStore {
  /// Removes every row of the damaged runs, so that the runner computes them again,
  /// and returns their ids.
  ///
  /// A store SQLite itself cannot read is reported, not touched.
  package func repair() throws -> [Int] {
    DurableWrites.point("sqlite commit")
    return try SweepStore.storeError(path) {
      try queue.write { db in
        let (damaged, _) = try SweepHealth.damagedRuns(db)
        for id in damaged {
          for table in ["runs", "timeseries", "agents", "checksums", "failures"]
          where try db.tableExists(table) {
            try db.execute(sql: "DELETE FROM \(table) WHERE run_id = ?", arguments: [id])
          }
        }
        return damaged
      }
    }
  }
}
