import AccordSQLite
import Foundation
import Testing

@testable import AccordSweep

/// Stores written by accord with GRDB (`Fixtures/grdb-store`) open, verify, merge, resume
/// and export with accord's own SQLite layer, and a store written now has their format.
@Suite struct LegacyStoreTests {
  static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Fixtures/grdb-store")

  /// A scratch copy of the fixture folder (the files themselves stay untouched).
  func scratch() throws -> (directory: String, cleanup: () -> Void) {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("accord-legacy-\(UUID().uuidString)").path
    try FileManager.default.copyItem(atPath: Self.fixture.path, toPath: directory)
    return (directory, { try? FileManager.default.removeItem(atPath: directory) })
  }

  func rows(_ store: String, _ sql: String) throws -> [Row] {
    let queue = try DatabaseQueue(path: store + "/sweep.sqlite")
    defer { try? queue.close() }
    return try queue.read { db in try Row.fetchAll(db, sql: sql) }
  }

  func sweepText(_ directory: String) throws -> String {
    try String(contentsOfFile: directory + "/sweep.yaml", encoding: .utf8)
  }

  /// Runs shard `index` of the fixture's sweep in `directory/out`, fresh or resumed.
  func run(_ directory: String, out: String, shard index: Int, resume: Bool) throws -> Int {
    let spec = try SweepSpec.load(path: directory + "/sweep.yaml")
    let shard = try #require(Shard(index: index, count: 2))
    let store = try SweepStore.open(
      for: spec, sweepText: try sweepText(directory), directory: directory + "/" + out,
      resume: resume, shard: shard)
    return try SweepRunner.run(spec: spec, store: store, jobs: 1, stop: StopSignal()) { _, _ in }
      .ran
  }

  /// Every run's checksum, computed now from rows GRDB wrote, matches the one GRDB-era
  /// accord stored, and SQLite finds the files sound.
  @Test(arguments: [0, 1])
  func checksumsWrittenWithGRDBVerify(shard: Int) throws {
    let path = Self.fixture.path + "/shard-\(shard)/sweep.sqlite"
    let health = try SweepHealth.read(path: path, verify: true, integrity: true)
    #expect(health.done == 2)
    #expect(health.total == 2)
    #expect(health.damaged.isEmpty)
    #expect(health.unchecked == 0)
    #expect(health.integrity.isEmpty)
    #expect(health.shard == Shard(index: shard, count: 2))
  }

  /// The two shards merge into the whole sweep, row for row, and it exports.
  @Test func shardsWrittenWithGRDBMergeAndExport() throws {
    let (directory, cleanup) = try scratch()
    defer { cleanup() }
    let merged = directory + "/merged"
    let report = try SweepMerge.merge(
      directories: [directory + "/shard-1", directory + "/shard-0"], into: merged)
    #expect(report.runs == 4)
    let health = try SweepHealth.read(path: merged + "/sweep.sqlite", verify: true)
    #expect(health.done == 4 && health.damaged.isEmpty && health.shard == .whole)
    for table in ["runs", "timeseries", "agents", "checksums"] {
      let sql = "SELECT * FROM \(table) ORDER BY 1, 2"
      let parts = try rows(directory + "/shard-0", sql) + rows(directory + "/shard-1", sql)
      #expect(try rows(merged, sql) == parts, "\(table)")
      #expect(!parts.isEmpty, "\(table)")
    }
    var csv = ""
    try SweepExport.export(directory: merged, table: .runs, format: .csv, wide: false) {
      csv += $0
    }
    let lines = csv.split(separator: "\n").map {
      $0.split(separator: ",", omittingEmptySubsequences: false)
    }
    let header = try #require(lines.first)
    let theta = try #require(header.firstIndex(of: "theta"))
    let seed = try #require(header.firstIndex(of: "seed"))
    #expect(lines.dropFirst().map { String($0[theta]) } == ["0.6", "0.6", "0.9", "0.9"])
    let seeds = try rows(merged, "SELECT seed FROM runs ORDER BY run_id").map { $0[0] as Int }
    #expect(lines.dropFirst().map { Int($0[seed]) } == seeds)
    #expect(Set(seeds).count == 4)
  }

  /// A GRDB-era shard missing a run resumes: the run is computed again, as a fresh run
  /// of the same shard computes it, and the runs already there are kept as they were.
  @Test func aShardWrittenWithGRDBResumes() throws {
    let (directory, cleanup) = try scratch()
    defer { cleanup() }
    let shard = directory + "/shard-1"
    let kept = try rows(shard, "SELECT * FROM runs WHERE run_id = 2")
    let queue = try DatabaseQueue(path: shard + "/sweep.sqlite")
    try queue.write { db in
      for table in ["runs", "timeseries", "agents", "checksums"] {
        try db.execute(sql: "DELETE FROM \(table) WHERE run_id = 3")
      }
    }
    try queue.close()
    #expect(try run(directory, out: "shard-1", shard: 1, resume: true) == 1)
    #expect(try run(directory, out: "fresh", shard: 1, resume: false) == 2)
    let health = try SweepHealth.read(path: shard + "/sweep.sqlite", verify: true)
    #expect(health.done == 2 && health.damaged.isEmpty)
    #expect(try rows(shard, "SELECT * FROM runs WHERE run_id = 2") == kept)
    for table in ["runs", "timeseries", "agents", "checksums"] {
      let sql = "SELECT * FROM \(table) WHERE run_id = 3 ORDER BY 1, 2"
      let resumed = try rows(shard, sql)
      #expect(!resumed.isEmpty, "\(table)")
      #expect(resumed == (try rows(directory + "/fresh", sql)), "\(table)")
    }
  }

  /// A store made now has the tables, column declarations and file settings of one made
  /// with GRDB.
  ///
  /// Values may move with the model, and columns may be added: the columns both stores
  /// have are compared, not the lists.
  @Test func aNewStoreHasTheFormatOfAGRDBStore() throws {
    let (directory, cleanup) = try scratch()
    defer { cleanup() }
    #expect(try run(directory, out: "fresh", shard: 0, resume: false) == 2)
    let (fresh, old) = (directory + "/fresh", directory + "/shard-0")
    func same(_ sql: String) throws {
      #expect(try rows(fresh, sql) == rows(old, sql), "\(sql)")
    }
    try same(
      "SELECT type, name, sql FROM sqlite_master "
        + "WHERE tbl_name IN ('meta', 'failures', 'checksums') ORDER BY name")
    try same("SELECT key FROM meta ORDER BY key")
    for setting in [
      "journal_mode", "page_size", "user_version", "application_id", "auto_vacuum", "encoding",
    ] {
      try same("PRAGMA \(setting)")
    }
    for table in ["runs", "timeseries", "agents"] {
      let columns = "SELECT name, type, \"notnull\", pk FROM pragma_table_info('\(table)')"
      let now = Dictionary(
        uniqueKeysWithValues: try rows(fresh, columns).map { ($0[0] as String, $0) })
      let then = try rows(old, columns)
      #expect(then.count > 3, "\(table)")
      for column in then {
        #expect(now[column[0]] == column, "\(table).\(column[0] as String)")
      }
    }
    // Per column, the storage classes SQLite gave the values (numbers of a NUMERIC factor
    // column as integers or reals, text as text).
    try same(
      """
      SELECT typeof(run_id), typeof(point), typeof(seed), typeof(theta), typeof(status),
      typeof(summary_json) FROM runs ORDER BY run_id
      """)
  }
}
