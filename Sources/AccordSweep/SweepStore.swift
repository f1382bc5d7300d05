import AccordConfig
import AccordEscaping
package import AccordIO
package import AccordModel
internal import AccordSQLite
import Foundation

/// One finished run, ready to be committed.
package struct RunRecord: Sendable {
  package var run: Int
  package var point: Int
  package var replicate: Int
  package var seed: UInt32
  package var factors: [Double]
  /// Values of the store's metric columns, in order (nil: missing).
  package var metrics: [Double?]
  package var summaryJSON: String
  /// Kept time-series rows (typed values in ``TimeSeriesWriter/columns(nations:issues:)`` order).
  package var series: [[RowValue]]
  /// Kept agent rows (their ``AgentRow/storedColumns`` are stored).
  package var agents: [AgentRow]
}

/// A run that threw: recorded with its message and seed so the sweep goes on.
package struct FailedRun: Sendable, Equatable {
  package var run: Int
  package var point: Int
  package var replicate: Int
  package var seed: UInt32
  /// The error, as the user would see it from `accord run`.
  package var message: String

  package init(run: Int, point: Int, replicate: Int, seed: UInt32, message: String) {
    self.run = run
    self.point = point
    self.replicate = replicate
    self.seed = seed
    self.message = message
  }
}

/// Why a sweep store cannot be used.
package struct SweepStoreError: Error, CustomStringConvertible, Sendable {
  package var path: String
  package var message: String
  package var description: String { "\(path): \(message)" }
}

/// The SQLite store of one sweep, `DIR/sweep.sqlite`.
///
/// Tables: `meta` (the sweep file and base config as written, accord's version, the
/// factor columns), `runs` (one row per run: run id, design point, replicate, seed,
/// one column per factor, status and summary metrics, plus the whole summary as JSON),
/// and, as kept, `timeseries` and `agents` keyed by run id. A run's rows are committed in
/// one transaction (with other finished runs, never split), so a run is in the store
/// whole or not at all; resuming skips the runs present.
package struct SweepStore: Sendable {
  package let path: String
  /// The share of the sweep's runs this store holds (``Shard/whole`` unless sharded).
  package let shard: Shard
  let queue: DatabaseQueue
  /// The store's writer lock, held for as long as the store is open.
  let lock: StoreLock
  let factorColumns: [String]
  let factors: [Factor]
  let seriesColumns: [String]
  /// What opening the store did to rebuild it, if SQLite found it damaged.
  package let salvage: Salvage?

  /// The metric columns of `runs` for a sweep of `model`.
  package static func metrics(for model: SweepModel) -> [String] {
    model.kind.metricColumns(accord: metrics)
  }

  /// Columns of `runs` other than factors and metrics: no factor may take these names.
  package static let reserved = [
    "run_id", "point", "replicate", "seed", "status", "summary_json", "y",
  ]

  /// The summary metrics stored as columns of `runs` for simulation sweeps: the stored
  /// (`once`, not JSON) columns of ``RunSummary/columns``.
  package static let metrics = RunSummary.columns.filter(\.isStored).map(\.name)

  /// Opens (creating, or with `resume` continuing) the store for `spec` in `directory`.
  package static func open(
    directory: String, spec: SweepSpec, sweepText: String, baseText: String, nations: [String],
    issues: Int,
    resume: Bool, shard: Shard = .whole
  ) throws -> SweepStore {
    let path = "\(directory)/sweep.sqlite"
    try createDirectory(directory)
    // One writer per store: a second `sweep run` is refused here, before it can touch
    // the file (and before it looks whether a store exists, which the first may be
    // creating).
    let lock = try StoreLock(store: path)
    // A creation killed before its rename leaves only its partial file.
    for suffix in ["", "-journal", "-wal", "-shm"] {
      try? FileManager.default.removeItem(atPath: path + ".partial" + suffix)
    }
    var exists = FileManager.default.fileExists(atPath: path)
    // A store that never got its tables (left by an accord before stores were created
    // under a partial name) holds nothing: it counts as absent, for a fresh run and for
    // --resume alike.
    let unformed = exists && isUnformed(path)
    if unformed {
      DurableWrites.point("remove")
      for suffix in ["", "-journal", "-wal", "-shm"] {
        try? FileManager.default.removeItem(atPath: path + suffix)
      }
      exists = false
    }
    if exists && !resume {
      throw SweepStoreError(
        path: path,
        message: "a sweep store exists here; use --resume to continue it, or another --out")
    }
    if !exists && resume && !unformed {
      throw SweepStoreError(path: path, message: "nothing to resume: no sweep store here")
    }
    if !exists {
      // Journal files without their database are leftovers of a removed store.
      for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
    // WAL with synchronous=NORMAL: each transaction stays atomic, without an
    // fsync per commit. A crash can lose the last commits, never half a run, and
    // --resume reruns exactly what is missing.
    var configuration = Configuration()
    configuration.prepareDatabase { db in
      try db.execute(sql: "PRAGMA journal_mode = WAL")
      try db.execute(sql: "PRAGMA synchronous = NORMAL")
    }
    let factorColumns = spec.factors.map(\.path.text)
    let seriesColumns = TimeSeriesWriter.columns(nations: nations, issues: issues)
    /// Creates the store's tables and meta, as this sweep makes them.
    func create(_ db: Database) throws {
      try db.execute(sql: "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
      var entries = [
        ("sweep_file", sweepText), ("base_config", baseText),
        ("accord_version", AccordVersion.current),
        ("created", Date().formatted(.iso8601)),
        ("design", spec.design.rawValue), ("replicates", "\(spec.replicates)"),
        ("seed", "\(spec.seed)"),
        ("keep", spec.keep.rawValue), ("every", "\(spec.every)"), ("runs", "\(spec.runCount)"),
        ("model", spec.model.rawValue),
        ("metrics", Self.metrics(for: spec.model).joined(separator: "\n")),
        ("factors", factorColumns.joined(separator: "\n")),
      ]
      if shard != .whole { entries.append(("shard", shard.description)) }
      // Runs differing only in this factor share their seeds (common random numbers).
      if let pair = spec.pair { entries.append(("pair", pair)) }
      // The Sobol analysis reads the design's row layout from it.
      if spec.secondOrder { entries.append(("second_order", "true")) }
      for (key, value) in entries {
        try db.execute(
          sql: "INSERT INTO meta (key, value) VALUES (?, ?)", arguments: [key, value])
      }
      // NUMERIC affinity keeps whole numbers as integers and fractions as reals.
      let factorDefs = factorColumns.map { "\(SQL.identifier($0)) NUMERIC NOT NULL" }
      let metricDefs = Self.metrics(for: spec.model).map { "\(SQL.identifier($0)) NUMERIC" }
      try db.execute(
        sql:
          "CREATE TABLE runs (run_id INTEGER PRIMARY KEY, point INTEGER NOT NULL, replicate INTEGER NOT NULL, "
          + "seed INTEGER NOT NULL, " + factorDefs.joined(separator: ", ")
          + ", status TEXT NOT NULL, "
          + metricDefs.joined(separator: ", ") + ", summary_json TEXT NOT NULL)")
      if spec.keep != .summary {
        try db.execute(
          sql: "CREATE TABLE timeseries (run_id INTEGER NOT NULL, "
            + seriesColumns.map { SQL.identifier($0) }.joined(separator: ", ")
            + ", PRIMARY KEY (run_id, step))")
      }
      if spec.keep == .agents {
        try db.execute(
          sql: "CREATE TABLE agents (run_id INTEGER NOT NULL, "
            + AgentRow.storedColumns.map { "\($0.name) \(SQL.type($0))" }.joined(separator: ", ")
            + ", PRIMARY KEY (run_id, step, agent))")
      }
      try createIntegrityTables(db)
      try db.execute(
        sql: "INSERT INTO meta (key, value) VALUES ('identity', ?)",
        arguments: [identity(sweepText: sweepText, baseText: baseText)])
      try sealMeta(db)
    }
    if !exists { try createInPlace(path, create: create) }
    let salvage =
      exists
      ? try salvageIfDamaged(path, sweepText: sweepText, baseText: baseText, create: create) : nil
    let queue = try storeError(path) { try DatabaseQueue(path: path, configuration: configuration) }
    if exists {
      let (stored, storedBase, storedIdentity) = try storeError(path) {
        try queue.read { db in
          guard try db.tableExists("meta") else {
            throw SweepStoreError(
              path: path, message: "this file is not an accord sweep store (it has no meta table)")
          }
          return (
            try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'sweep_file'"),
            try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'base_config'"),
            try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'identity'")
          )
        }
      }
      guard
        (stored == sweepText && storedBase == baseText)
          || storedIdentity == identity(sweepText: sweepText, baseText: baseText)
      else {
        throw SweepStoreError(
          path: path,
          message:
            "this store holds a different sweep (the sweep file or its base config changed); "
            + "refusing to mix them: use another --out")
      }
      if try storeError(path, { try queue.read { db in try seriesStartAtStepOne(db) } }) {
        throw SweepStoreError(path: path, message: seriesStartAtStepOneMessage)
      }
      let storedShard = try queue.read { db in
        try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'shard'")
      }
      guard (storedShard ?? Shard.whole.description) == shard.description else {
        throw SweepStoreError(
          path: path,
          message:
            "this store holds shard \(storedShard ?? "0/1 (the whole sweep)"), not \(shard); "
            + "resume it with --shard \(storedShard ?? "0/1")")
      }
      // Stores made before failures and checksums were recorded gain the tables.
      DurableWrites.point("sqlite commit")
      try storeError(path) { try queue.write { db in try createIntegrityTables(db) } }
    }
    return SweepStore(
      path: path, shard: shard, queue: queue, lock: lock, factorColumns: factorColumns,
      factors: spec.factors, seriesColumns: seriesColumns, salvage: salvage)
  }

  /// Creates a new store at `path`, whole or not at all.
  ///
  /// Tables and meta are written in one transaction to `path.partial` (a rollback journal, so the file
  /// alone is the store), flushed, and renamed into place. A kill at any point leaves
  /// either no store or a whole one, never a file that is neither.
  static func createInPlace(_ path: String, create: (Database) throws -> Void) throws {
    let partial = path + ".partial"
    // Runs in flight recorded for a removed store are not this one's.
    unlink(RunsInFlight.path(store: path))
    do {
      DurableWrites.point("create")
      let queue = try DatabaseQueue(path: partial)
      DurableWrites.point("sqlite commit")
      try queue.write { db in try create(db) }
      try queue.close()
      DurableWrites.point("rename")
      guard rename(partial, path) == 0 else {
        throw SweepStoreError(
          path: path,
          message: "cannot move the new store into place: \(String(cString: strerror(errno)))")
      }
      DurableWrites.point("fsync")
      flushDirectory(of: path)
    } catch {
      for suffix in ["", "-journal"] {
        try? FileManager.default.removeItem(atPath: partial + suffix)
      }
      throw storeError(path, error)
    }
  }

  /// Folds the write-ahead log into `sweep.sqlite` and truncates it.
  ///
  /// Then a finished store is the one file the docs name, even while readers (`status`, `export`) have
  /// it open. Readers hold the log only for a query at a time, so the checkpoint retries
  /// for up to a second; a store whose log stays busy is still whole (SQLite reads the
  /// log), and `sweep status` says so.
  package func checkpoint() {
    DurableWrites.point("checkpoint")
    for _ in 0..<50 {
      let busy = try? queue.writeWithoutTransaction { db in
        try Int.fetchOne(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)")
      }
      if busy == 0 { return }
      Thread.sleep(forTimeInterval: 0.02)
    }
  }

  /// The run ids already committed, and (unless `retryFailed`) those recorded as failed.
  package func completedRuns(retryFailed: Bool = false) throws -> Set<Int> {
    try Self.storeError(path) {
      try queue.read { db in
        var ids = Set(try Int.fetchAll(db, sql: "SELECT run_id FROM runs"))
        if !retryFailed { ids.formUnion(try Int.fetchAll(db, sql: "SELECT run_id FROM failures")) }
        return ids
      }
    }
  }

  /// Commits one run, whole, in one transaction.
  package func commit(_ record: RunRecord) throws { try commit([record]) }

  /// Commits finished runs and failed runs in one transaction: each run's rows are all
  /// written or none, and a run's rows never span two transactions.
  ///
  /// Each committed run's checksum is computed from its rows as read back from the
  /// store (after SQLite's type affinity), so readers can verify them the same way.
  package func commit(_ records: [RunRecord], failures: [FailedRun] = []) throws {
    guard !records.isEmpty || !failures.isEmpty else { return }
    try Self.storeError(path) { try write(records, failures) }
  }

  private func write(_ records: [RunRecord], _ failures: [FailedRun]) throws {
    DurableWrites.point("sqlite commit")
    try queue.write { db in
      for failure in failures {
        try db.execute(
          sql: "INSERT OR REPLACE INTO failures VALUES (?, ?, ?, ?, ?)",
          arguments: [
            failure.run, failure.point, failure.replicate, Int(failure.seed), failure.message,
          ])
      }
      guard let first = records.first else { return }
      // Cached statements: preparing the inserts again for every run cost more than
      // executing them (measured).
      let runs = try db.cachedStatement(
        sql: "INSERT INTO runs VALUES ("
          + Array(repeating: "?", count: 6 + factors.count + first.metrics.count)
          .joined(separator: ", ") + ")")
      for record in records {
        var values: [(any DatabaseValueConvertible)?] = [
          record.run, record.point, record.replicate, Int(record.seed),
        ]
        for (factor, x) in zip(factors, record.factors) {
          if let label = factor.label(x) { values.append(label) } else { values.append(x) }
        }
        values.append("done")
        values += record.metrics.map { $0 }
        values.append(record.summaryJSON)
        try runs.execute(arguments: StatementArguments(values))
        if !record.series.isEmpty {
          let statement = try db.cachedStatement(
            sql: "INSERT INTO timeseries VALUES ("
              + Array(repeating: "?", count: seriesColumns.count + 1)
              .joined(separator: ", ") + ")")
          for row in record.series {
            var args: [(any DatabaseValueConvertible)?] = [record.run]
            for v in row { args.append(SQL.value(v)) }
            try statement.execute(arguments: StatementArguments(args))
          }
        }
        if !record.agents.isEmpty {
          let columns = AgentRow.storedColumns
          let statement = try db.cachedStatement(
            sql: "INSERT INTO agents VALUES (?"
              + String(repeating: ", ?", count: columns.count) + ")")
          for agent in record.agents {
            var args: [(any DatabaseValueConvertible)?] = [record.run]
            for column in columns { args.append(SQL.value(column.value(agent, 0))) }
            try statement.execute(arguments: StatementArguments(args))
          }
        }
        try db.execute(
          sql: "INSERT OR REPLACE INTO checksums VALUES (?, ?)",
          arguments: [record.run, try Self.checksum(db, run: record.run)])
        // A failed run that succeeds on --retry-failed is no longer failed.
        try db.execute(sql: "DELETE FROM failures WHERE run_id = ?", arguments: [record.run])
      }
    }
  }
}

/// Flushes the directory holding `path`, which makes a rename into it durable.
private func flushDirectory(of path: String) {
  let directory = open((path as NSString).deletingLastPathComponent, O_RDONLY)
  guard directory >= 0 else { return }
  _ = fsync(directory)
  close(directory)
}
