import AccordConfig
package import AccordIO
package import AccordModel
internal import AccordSQLite
import Foundation

/// The tables `accord export` can write.
package enum ExportTable: String, Sendable, CaseIterable {
  case runs, timeseries, agents
}

extension ExportTable {
  /// The declared kind of a column of this table (from the column tables), if declared.
  package func kind(of column: String) -> ColumnKind? {
    switch self {
    case .runs: RunSummary.columns.kind(of: column)
    case .timeseries: StepRecord.columns.kind(of: column)
    case .agents: AgentRow.columns.kind(of: column)
    }
  }
}

/// Writes a sweep store's tables as tidy CSV or JSON Lines.
///
/// Parameters live once per run in `runs` and are joined by `run_id`; `wide` copies the
/// run's design point, replicate, seed and factor values into every time-series or
/// agent row. Rows stream from the database, so memory does not grow with the store.
/// Flags are written `true`/`false` (JSON booleans in JSON Lines), as in `accord run`'s
/// files.
package enum SweepExport {
  /// Writes the table through `write`; with `safeNames`, columns are renamed to
  /// ``SafeNames`` and the returned pairs map each written name to the store's.
  ///
  /// A store from an older accord lacks some summary fields: its runs still export (a
  /// finished sweep is never locked away), with those columns absent or empty, and `warn`
  /// names what it lacks, so the blanks are never silent.
  @discardableResult
  package static func export(
    directory: String, table: ExportTable, format: OutputFormat, wide: Bool,
    safeNames: Bool = false, warn: (String) -> Void = { _ in }, to write: (String) throws -> Void
  ) throws -> [(name: String, original: String)] {
    let path = "\(directory)/sweep.sqlite"
    guard FileManager.default.fileExists(atPath: path) else {
      throw SweepStoreError(path: path, message: "no sweep store here")
    }
    let queue = try SweepStore.readOnlyQueue(path)
    return try queue.read { db in
      guard try db.tableExists(table.rawValue) else {
        throw SweepStoreError(
          path: path, message: "this sweep kept no \(table.rawValue) (its keep setting is lower)")
      }
      let factors =
        (try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'factors'") ?? "")
        .split(separator: "\n").map(String.init)
      let sql: String
      // The summary's per-issue and per-nation fields, read from each run's summary.
      let details = table == .runs ? try summaryDetails(db) : nil
      if details != nil, let shortfall = try SweepStore.summaryShortfall(db) {
        warn(
          "\(path) was written by an older accord: \(shortfall); those columns are absent or "
            + "empty in this export (run the sweep with this accord into a new --out for them)")
      }
      switch table {
      case .runs:
        let columns = try db.columns(in: "runs").map(\.name).filter { $0 != "summary_json" }
        sql =
          "SELECT " + columns.map(SQL.identifier).joined(separator: ", ")
          + (details == nil ? "" : ", summary_json") + " FROM runs ORDER BY run_id"
      case .timeseries, .agents:
        let name = table.rawValue
        let order = table == .timeseries ? "t.run_id, t.step" : "t.run_id, t.step, t.agent"
        if wide {
          let joined = ["point", "replicate", "seed"] + factors
          sql =
            "SELECT t.run_id, " + joined.map { "r." + SQL.identifier($0) }.joined(separator: ", ")
            + ", t.* FROM \(name) t JOIN runs r ON r.run_id = t.run_id ORDER BY \(order)"
        } else {
          sql = "SELECT * FROM \(name) t ORDER BY \(order)"
        }
      }
      let statement = try db.makeStatement(sql: sql)
      // A wide query repeats run_id from t.*: drop the second one.
      let all = statement.columnNames
      let skip =
        wide && table != .runs
        ? all.indices.dropFirst().first { all[$0] == "run_id" }
        : details == nil ? nil : all.indices.last
      let originals = all.indices.filter { $0 != skip }.map { all[$0] } + (details?.names ?? [])
      let names = safeNames ? SafeNames.make(originals) : originals
      // Flags are 0/1 in SQLite (it has no boolean type) and true/false in every file.
      let flags = Set(
        all.indices.filter { index in
          table.kind(of: all[index]) == .flag
        })
      if format == .csv { try write(names.map(CSV.field).joined(separator: ",") + "\n") }
      let rows = try Row.fetchCursor(statement)
      while let row = try rows.next() {
        var fields: [String] = []
        for index in 0..<row.count where index != skip {
          let value = row[index] as DatabaseValue
          if flags.contains(index), case .int64(let x) = value.storage {
            fields.append(x != 0 ? "true" : "false")
          } else {
            fields.append(render(value, format))
          }
        }
        if let details, let index = skip {
          let json = String.fromDatabaseValue(row[index] as DatabaseValue) ?? ""
          let summary = try? JSONDecoder().decode(RunSummary.self, from: Data(json.utf8))
          for cell in details.cells {
            let value =
              summary.map {
                cell.column.value(SummaryRow($0, nations: details.nations), cell.index)
              }
              ?? .missing
            fields.append(render(value, format))
          }
        }
        if format == .csv {
          try write(fields.joined(separator: ",") + "\n")
        } else {
          let pairs = zip(names, fields).map { "\(JSONValue.quote($0)):\($1)" }
          try write("{" + pairs.joined(separator: ",") + "}\n")
        }
      }
      return Array(zip(names, originals)).map { (name: $0.0, original: $0.1) }
    }
  }

  /// The summary columns not stored in a simulation sweep's `runs`, laid out for its base
  /// config's nations (in config order) and issues; nil for sweeps of a test function.
  static func summaryDetails(_ db: Database) throws -> (
    names: [String], cells: [(column: OutputColumn<SummaryRow>, index: Int)], nations: [String]
  )? {
    let base = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'base_config'")
    guard let base, !base.isEmpty else { return nil }
    let config = try ConfigLoader.decode(
      WorldConfig.self, from: try ConfigLoader.compose(yaml: base, path: "base_config"),
      path: "base_config")
    let nations = config.nations.map(\.name)
    let layout = ColumnLayout(
      RunSummary.columns.filter { !$0.isStored }, nations: nations, issues: config.issues)
    return (layout.names, layout.cells, nations)
  }

  /// A typed value as a field: flags `true`/`false`, missing and non-finite values empty
  /// (CSV) or `null` (JSON Lines).
  static func render(_ value: RowValue, _ format: OutputFormat) -> String {
    switch value {
    case .number(let x): x.isFinite ? "\(x)" : (format == .csv ? "" : "null")
    case .integer(let x): String(x)
    case .flag(let x): x ? "true" : "false"
    case .text(let s): format == .csv ? CSV.field(s) : JSONValue.quote(s)
    case .missing: format == .csv ? "" : "null"
    }
  }

  static func render(_ value: DatabaseValue, _ format: OutputFormat) -> String {
    switch value.storage {
    case .null: return format == .csv ? "" : "null"
    case .int64(let x): return String(x)
    case .double(let x): return x.isFinite ? "\(x)" : (format == .csv ? "" : "null")
    case .string(let s): return format == .csv ? CSV.field(s) : JSONValue.quote(s)
    case .blob: return format == .csv ? "" : "null"
    }
  }
}
