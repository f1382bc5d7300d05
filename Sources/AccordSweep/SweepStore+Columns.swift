import AccordConfig
import AccordEscaping
import AccordModel
internal import AccordSQLite

/// SQL text shared by the store and its readers.
package enum SQL {
  /// A quoted SQL identifier (factor paths contain dots and brackets).
  package static func identifier(_ name: String) -> String {
    Escape.sqlIdentifier(name)
  }

  /// The column type a store gives a column of this kind: counts and names are
  /// required, reals and flags may be NULL.
  static func type<Row>(_ column: OutputColumn<Row>) -> String {
    switch column.kind {
    case .count: column.nullable ? "INTEGER" : "INTEGER NOT NULL"
    case .category, .json: column.nullable ? "TEXT" : "TEXT NOT NULL"
    case .real: "REAL"
    case .flag: "INTEGER"
    }
  }

  /// A row value as SQLite stores it: flags as 0/1, non-finite numbers as NULL.
  static func value(_ v: RowValue) -> (any DatabaseValueConvertible)? {
    switch v {
    case .number(let x): x.isFinite ? x : nil
    case .integer(let x): x
    case .flag(let x): x ? 1 : 0
    case .text(let x): x
    case .missing: nil
    }
  }
}

extension RunSummary {
  /// The values of ``SweepStore/metrics``, in order (flags 0/1: SQLite has no boolean).
  var metricValues: [Double?] {
    // The stored columns are per run, not per nation: no names needed.
    let row = SummaryRow(self, nations: [])
    return Self.columns.filter(\.isStored).map { column in
      switch column.value(row, 0) {
      case .number(let x): x
      case .integer(let x): Double(x)
      case .flag(let x): x ? 1 : 0
      case .text, .missing: nil
      }
    }
  }
}

extension OutputColumn {
  /// Whether a sweep store keeps this run-summary column in `runs`.
  ///
  /// The summary's single numbers and flags are kept; the rest (per issue, per nation,
  /// JSON text) are read from each run's `summary_json` by `accord export --table runs`.
  package var isStored: Bool { scope == .once && kind != .json }
}

extension SweepStore {
  /// One value of the store's `meta` table.
  package static func meta(directory: String, key: String) throws -> String? {
    let path = "\(directory)/sweep.sqlite"
    return try reading(path) { db in
      try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [key])
    }
  }

  /// Runs committed and expected in the store at `path`, and its shard.
  package static func progress(path: String) throws -> (done: Int, total: Int, shard: Shard) {
    let health = try SweepHealth.read(path: path, verify: false)
    return (health.done, health.total, health.shard)
  }

  /// Opens the store of `spec` in `directory`, reading the base config for its columns.
  ///
  /// `sweepText` is what the store records as the sweep file (and checks on resume).
  package static func open(
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
    let store = try open(
      directory: directory, spec: spec, sweepText: sweepText, baseText: baseText,
      nations: nations, issues: issues, resume: resume, shard: shard)
    if resume {
      try store.queue.read { db in
        try requireSummaries(db, path: store.path, refusing: "refusing to resume it")
      }
    }
    return store
  }
}
