import AccordSQLite
import Foundation
import Testing

/// The SQLite layer behaves as GRDB did where the store depends on it: NaN as NULL,
/// transactions that roll back, read-only reads, SQLite's codes and messages, and the
/// connection settings.
@Suite struct SQLiteLayerTests {
  /// A new database file in a scratch folder.
  func database() throws -> (queue: DatabaseQueue, cleanup: () -> Void) {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("accord-sqlite-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    let queue = try DatabaseQueue(path: directory + "/test.sqlite")
    try queue.write { db in try db.execute(sql: "CREATE TABLE t (k INTEGER PRIMARY KEY, x REAL)") }
    return (queue, { try? FileManager.default.removeItem(atPath: directory) })
  }

  @Test func nanIsStoredAsNullAndInfinityAsAReal() throws {
    let (queue, cleanup) = try database()
    defer { cleanup() }
    try queue.write { db in
      for (k, x) in [(1, Double.nan), (2, .infinity), (3, 2.5)] {
        try db.execute(sql: "INSERT INTO t VALUES (?, ?)", arguments: [k, x])
      }
    }
    let types = try queue.read { db in
      try String.fetchAll(db, sql: "SELECT typeof(x) FROM t ORDER BY k")
    }
    #expect(types == ["null", "real", "real"])
    let values = try queue.read { db in
      try Row.fetchAll(db, sql: "SELECT x FROM t ORDER BY k").map { $0[0] as Double? }
    }
    #expect(values == [nil, .infinity, 2.5])
  }

  @Test func aThrowingWriteRollsBackAndAReadCannotWrite() throws {
    let (queue, cleanup) = try database()
    defer { cleanup() }
    struct Stop: Error {}
    #expect(throws: Stop.self) {
      try queue.write { db in
        try db.execute(sql: "INSERT INTO t VALUES (1, 1.0)")
        throw Stop()
      }
    }
    do {
      try queue.read { db in try db.execute(sql: "INSERT INTO t VALUES (2, 2.0)") }
      Issue.record("a read wrote")
    } catch let error as DatabaseError {
      #expect(error.resultCode == .readOnly)
    }
    // The read's query_only is lifted again for writes.
    try queue.write { db in try db.execute(sql: "INSERT INTO t VALUES (3, 3.0)") }
    #expect(try queue.read { db in try Int.fetchAll(db, sql: "SELECT k FROM t") } == [3])
  }

  @Test func errorsCarrySQLitesCodeAndMessage() throws {
    let (queue, cleanup) = try database()
    defer { cleanup() }
    func error(_ sql: String, _ arguments: StatementArguments = []) -> DatabaseError? {
      do {
        try queue.writeWithoutTransaction { db in try db.execute(sql: sql, arguments: arguments) }
        return nil
      } catch {
        return error as? DatabaseError
      }
    }
    #expect(error("SELECT * FROM missing")?.message == "no such table: missing")
    #expect(error("SELECT * FROM missing")?.resultCode == .error)
    // Double-quoted text is an identifier only, as GRDB set SQLite up.
    #expect(error("SELECT \"abc\" FROM t")?.message == "no such column: abc")
    #expect(error("INSERT INTO t VALUES (?, ?)", [1])?.resultCode == .misuse)
    #expect(
      error("INSERT INTO t VALUES (1, 1.0); INSERT INTO t VALUES (1, 2.0)")?.resultCode
        == .constraint)
    let junk = FileManager.default.temporaryDirectory
      .appendingPathComponent("accord-junk-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: junk) }
    #expect(FileManager.default.createFile(atPath: junk, contents: Data(repeating: 7, count: 4096)))
    do {
      _ = try DatabaseQueue(path: junk)
      Issue.record("junk opened as a database")
    } catch let error as DatabaseError {
      #expect(error.resultCode == .notADatabase)
    }
  }

  @Test func rowsAndConnectionSettings() throws {
    let (queue, cleanup) = try database()
    defer { cleanup() }
    try queue.write { db in try db.execute(sql: "INSERT INTO t VALUES (1, 4.0)") }
    try queue.read { db in
      let row = try #require(try Row.fetchOne(db, sql: "SELECT k AS Key, x FROM t"))
      #expect(row["key"] as Int == 1)
      #expect(row.hasColumn("X") && !row.hasColumn("y"))
      #expect(row["x"] as Int == 4)
      #expect(row["y"] as Int? == nil)
      // A whole real equals its integer, as SQLite compares them.
      #expect(try Row.fetchOne(db, sql: "SELECT 1 AS Key, 4 AS x") == row)
      #expect(try Int.fetchOne(db, sql: "PRAGMA foreign_keys") == 1)
      #expect(try db.tableExists("T") && !(try db.tableExists("u")))
      #expect(try db.columns(in: "t").map(\.name) == ["k", "x"])
    }
  }
}
