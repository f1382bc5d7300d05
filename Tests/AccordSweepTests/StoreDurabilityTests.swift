import AccordSQLite
import Foundation
import Testing

@testable import AccordSweep

/// A store is created whole or not at all, a store without tables counts as absent, and
/// a finished store is one file.
@Suite struct StoreDurabilityTests {
  static let sweep = """
    base: ../examples/quickstart.yaml
    replicates: 3
    seed: 5
    factors:
      theta: [0.6, 0.9]
    """

  /// A fresh output folder and the sweep file's spec.
  func setUp() throws -> (spec: SweepSpec, directory: String, cleanup: () -> Void) {
    let path = try SweepSpecTests().write(Self.sweep)
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("accord-store-\(UUID().uuidString)").path
    let spec = try SweepSpec.load(path: path)
    return (
      spec, directory,
      {
        try? FileManager.default.removeItem(atPath: path)
        try? FileManager.default.removeItem(atPath: directory)
      }
    )
  }

  func run(_ spec: SweepSpec, _ directory: String, resume: Bool) throws -> Int {
    let store = try SweepStore.open(
      for: spec, sweepText: Self.sweep, directory: directory, resume: resume)
    let outcome = try SweepRunner.run(spec: spec, store: store, jobs: 1, stop: StopSignal()) {
      _, _ in
    }
    return outcome.ran
  }

  /// The leftovers of a store killed while it was being created count as absent.
  ///
  /// An empty file, or a database whose schema was never written. Both count as absent: a fresh run and
  /// --resume each start over and finish.
  @Test(arguments: [(false, false), (false, true), (true, false), (true, true)])
  func aStoreWithoutTablesCountsAsAbsent(empty: Bool, resume: Bool) throws {
    let (spec, directory, cleanup) = try setUp()
    defer { cleanup() }
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    let path = directory + "/sweep.sqlite"
    if empty {
      #expect(FileManager.default.createFile(atPath: path, contents: Data()))
    } else {
      let queue = try DatabaseQueue(path: path)
      try queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA user_version = 1") }
      try queue.close()
    }
    #expect(try run(spec, directory, resume: resume) == 6)
    #expect(try SweepStore.progress(path: path).done == 6)
  }

  /// A killed creation leaves only `sweep.sqlite.partial`: not a store, and cleared by
  /// the next run.
  @Test func aPartialCreationIsNotAStore() throws {
    let (spec, directory, cleanup) = try setUp()
    defer { cleanup() }
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    let partial = directory + "/sweep.sqlite.partial"
    #expect(FileManager.default.createFile(atPath: partial, contents: Data(count: 4096)))
    #expect(throws: SweepStoreError.self) {
      _ = try SweepStore.open(for: spec, sweepText: Self.sweep, directory: directory, resume: true)
    }
    #expect(try run(spec, directory, resume: false) == 6)
    #expect(!FileManager.default.fileExists(atPath: partial))
  }

  /// A finished sweep leaves its rows in `sweep.sqlite` itself, with an empty (or no)
  /// write-ahead log, even while a reader holds the store open: a copy of that one file
  /// is the whole store.
  @Test func aFinishedStoreIsOneFile() throws {
    let (spec, directory, cleanup) = try setUp()
    defer { cleanup() }
    let path = directory + "/sweep.sqlite"
    let store = try SweepStore.open(
      for: spec, sweepText: Self.sweep, directory: directory, resume: false)
    // A reader attached for the whole run, as `sweep status` in a loop would be.
    let reader = try SweepStore.readOnlyQueue(path)
    _ = try reader.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM runs") }
    let outcome = try SweepRunner.run(spec: spec, store: store, jobs: 2, stop: StopSignal()) {
      _, _ in
    }
    #expect(outcome.ran == 6)
    let wal = (try? FileManager.default.attributesOfItem(atPath: path + "-wal"))?[.size]
    #expect((wal as? NSNumber)?.intValue ?? 0 == 0)
    let copy = directory + "/copy.sqlite"
    try FileManager.default.copyItem(atPath: path, toPath: copy)
    let rows = try DatabaseQueue(path: copy).read { db in
      try Int.fetchOne(db, sql: "SELECT count(*) FROM runs")
    }
    #expect(rows == 6)
    try reader.close()
  }
}
