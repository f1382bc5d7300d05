import AccordConfig
import AccordIO
import AccordModel
import Foundation
import GRDB

/// One finished run, ready to be committed.
public struct RunRecord: Sendable {
  public var run: Int
  public var point: Int
  public var replicate: Int
  public var seed: UInt32
  public var factors: [Double]
  /// Values of the store's metric columns, in order (nil: missing).
  public var metrics: [Double?]
  public var summaryJSON: String
  /// Kept time-series rows (typed values in ``TimeSeriesWriter/columns(nations:issues:)`` order).
  public var series: [[RowValue]]
  /// Kept agent rows: step, agent, nation, belief, ideal, member.
  public var agents: [(Int, String, String, Double, Double, Bool)]
}

/// Why a sweep store cannot be used.
public struct SweepStoreError: Error, CustomStringConvertible, Sendable {
  public var path: String
  public var message: String
  public var description: String { "\(path): \(message)" }
}

/// The SQLite store of one sweep, `DIR/sweep.sqlite`.
///
/// Tables: `meta` (the sweep file and base config as written, accord's version, the
/// factor columns), `runs` (one row per run: run id, design point, replicate, seed,
/// one column per factor, status and summary metrics, plus the whole summary as JSON),
/// and, as kept, `timeseries` and `agents` keyed by run id. A run's rows are committed in
/// one transaction (with other finished runs, never split), so a run is in the store
/// whole or not at all; resuming skips the runs present.
public struct SweepStore: Sendable {
  public let path: String
  /// The share of the sweep's runs this store holds (``Shard/whole`` unless sharded).
  public let shard: Shard
  let queue: DatabaseQueue
  let factorColumns: [String]
  let factors: [Factor]
  let seriesColumns: [String]

  /// The metric columns of `runs` for a sweep of `model`.
  public static func metrics(for model: SweepModel) -> [String] {
    model.kind.metricColumns(accord: metrics)
  }

  /// Columns of `runs` other than factors and metrics: no factor may take these names.
  public static let reserved = [
    "run_id", "point", "replicate", "seed", "status", "summary_json", "y",
  ]

  /// The summary metrics stored as columns of `runs` for simulation sweeps.
  public static let metrics = [
    "steps_run", "first_blocking_step", "first_winning_step", "agreement_step", "outcome",
    "efficiency",
    "joint_gain", "max_joint_gain", "distance_to_project", "negotiation_rounds",
    "involuntary_defections",
    "defection_rate", "final_belief_mean", "final_coalition_share", "pareto_inferior",
  ]

  /// Opens (creating, or with `resume` continuing) the store for `spec` in `directory`.
  public static func open(
    directory: String, spec: SweepSpec, sweepText: String, baseText: String, nations: [String],
    issues: Int,
    resume: Bool, shard: Shard = .whole
  ) throws -> SweepStore {
    let path = "\(directory)/sweep.sqlite"
    let exists = FileManager.default.fileExists(atPath: path)
    if exists && !resume {
      throw SweepStoreError(
        path: path,
        message: "a sweep store exists here; use --resume to continue it, or another --out")
    }
    if !exists && resume {
      throw SweepStoreError(path: path, message: "nothing to resume: no sweep store here")
    }
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    // WAL with synchronous=NORMAL: each transaction stays atomic, without an
    // fsync per commit. A crash can lose the last commits, never half a run, and
    // --resume reruns exactly what is missing.
    var configuration = Configuration()
    configuration.prepareDatabase { db in
      try db.execute(sql: "PRAGMA journal_mode = WAL")
      try db.execute(sql: "PRAGMA synchronous = NORMAL")
    }
    let queue = try DatabaseQueue(path: path, configuration: configuration)
    let factorColumns = spec.factors.map(\.path.text)
    let seriesColumns = TimeSeriesWriter.columns(nations: nations, issues: issues)
    if exists {
      let stored = try queue.read { db in
        try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'sweep_file'")
      }
      let storedBase = try queue.read { db in
        try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'base_config'")
      }
      guard stored == sweepText, storedBase == baseText else {
        throw SweepStoreError(
          path: path,
          message:
            "this store holds a different sweep (the sweep file or its base config changed); "
            + "refusing to mix them: use another --out")
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
    } else {
      // Tables and meta in one transaction; never leave a half-made store behind.
      do {
        try queue.write { db in
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
              sql:
                "CREATE TABLE agents (run_id INTEGER NOT NULL, step INTEGER NOT NULL, agent TEXT NOT NULL, "
                + "nation TEXT NOT NULL, belief REAL, ideal REAL, member INTEGER, PRIMARY KEY (run_id, step, agent))"
            )
          }
        }

      } catch {
        for suffix in ["", "-wal", "-shm"] {
          try? FileManager.default.removeItem(atPath: path + suffix)
        }
        throw error
      }
    }
    return SweepStore(
      path: path, shard: shard, queue: queue, factorColumns: factorColumns, factors: spec.factors,
      seriesColumns: seriesColumns)
  }

  /// The run ids already committed.
  public func completedRuns() throws -> Set<Int> {
    Set(try queue.read { db in try Int.fetchAll(db, sql: "SELECT run_id FROM runs") })
  }

  /// Commits one run, whole, in one transaction.
  public func commit(_ record: RunRecord) throws { try commit([record]) }

  /// Commits finished runs in one transaction: each run's rows are all written or none,
  /// and a run's rows never span two transactions.
  public func commit(_ records: [RunRecord]) throws {
    guard !records.isEmpty else { return }
    try queue.write { db in
      // Cached statements: preparing the inserts again for every run cost more than
      // executing them (measured).
      let runs = try db.cachedStatement(
        sql: "INSERT INTO runs VALUES ("
          + Array(repeating: "?", count: 6 + factors.count + records[0].metrics.count)
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
            for v in row {
              switch v {
              case .number(let x): args.append(x.isFinite ? x : nil)
              case .integer(let x): args.append(x)
              case .flag(let x): args.append(x ? 1 : 0)
              case .text(let x): args.append(x)
              }
            }
            try statement.execute(arguments: StatementArguments(args))
          }
        }
        if !record.agents.isEmpty {
          let statement = try db.cachedStatement(
            sql: "INSERT INTO agents VALUES (?, ?, ?, ?, ?, ?, ?)")
          for (step, agent, nation, belief, ideal, member) in record.agents {
            try statement.execute(arguments: [
              record.run, step, agent, nation, belief, ideal, member ? 1 : 0,
            ])
          }
        }
      }
    }
  }

  /// One value of the store's `meta` table.
  public static func meta(directory: String, key: String) throws -> String? {
    try DatabaseQueue(path: "\(directory)/sweep.sqlite").read { db in
      try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [key])
    }
  }

  /// Runs committed and expected in the store at `path`, and its shard.
  public static func progress(path: String) throws -> (done: Int, total: Int, shard: Shard) {
    try DatabaseQueue(path: path).read { db in
      let done = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM runs") ?? 0
      let runs =
        Int(try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'runs'") ?? "0") ?? 0
      let shard =
        try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'shard'")
        .flatMap(Shard.init) ?? .whole
      return (done, shard.runs(of: runs).count, shard)
    }
  }
}

/// SQL text shared by the store and its readers.
public enum SQL {
  /// A quoted SQL identifier (factor paths contain dots and brackets).
  public static func identifier(_ name: String) -> String {
    "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }
}

extension RunSummary {
  /// The values of ``SweepStore/metrics``, in order.
  var metricValues: [Double?] {
    [
      Double(steps), firstBlockingStep.map(Double.init), firstWinningStep.map(Double.init),
      agreementStep.map(Double.init), outcome, efficiency, jointGain, maxJointGain,
      distanceToProject,
      Double(negotiationRounds), Double(involuntaryDefections), defectionRate,
      finalBeliefMean.isFinite ? finalBeliefMean : nil, finalCoalitionShare,
      paretoInferior.map { $0 ? 1 : 0 },
    ]
  }
}

extension SweepStore {
  /// Opens the store of `spec` in `directory`, reading the base config for its columns.
  ///
  /// `sweepText` is what the store records as the sweep file (and checks on resume).
  public static func open(
    for spec: SweepSpec, sweepText: String, directory: String, resume: Bool,
    shard: Shard = .whole
  ) throws -> SweepStore {
    var nations: [String] = []
    var issues = 1
    var baseText = ""
    if spec.model.kind.simulatesWorld {
      let loaded = try ConfigLoader.load(node: spec.base, path: spec.basePath)
      nations = loaded.world.nations.map(\.name)
      issues = loaded.world.parameters.issues
      baseText = try String(contentsOfFile: spec.basePath, encoding: .utf8)
    }
    return try open(
      directory: directory, spec: spec, sweepText: sweepText, baseText: baseText,
      nations: nations, issues: issues, resume: resume, shard: shard)
  }
}
