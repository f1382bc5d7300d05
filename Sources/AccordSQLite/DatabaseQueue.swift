internal import Foundation

/// How a ``DatabaseQueue`` opens its connection.
package struct Configuration {
  /// Opens the file read-only (SQLITE_OPEN_READONLY): writes fail, and nothing is created.
  package var readonly = false
  var setups: [(Database) throws -> Void] = []

  package init() {}

  /// Adds a step run on the connection as soon as it is open (pragmas, say).
  package mutating func prepareDatabase(_ setup: @escaping (Database) throws -> Void) {
    setups.append(setup)
  }
}

/// One SQLite connection behind a lock: every access runs alone, whichever thread asks.
///
/// Accesses do not nest: calling the queue again from inside an access traps.
package final class DatabaseQueue: @unchecked Sendable {
  // The lock serializes every use of the connection, as GRDB's queue did, so SQLite's
  // own mutex (the build's default threading mode, as under GRDB) is never contended.
  // Recursive so that a nested access reaches the trap below instead of a deadlock.
  private let lock = NSRecursiveLock()
  private var database: Database?
  private var accessing = false

  /// The connection's file (or URI).
  package let path: String

  /// Opens (creating, unless read-only) the database at `path`.
  package init(path: String, configuration: Configuration = Configuration()) throws {
    self.path = path
    database = try Database(
      path: path, readonly: configuration.readonly, setups: configuration.setups)
  }

  deinit { database?.close() }

  /// Runs `body` on the connection with no transaction around it.
  package func writeWithoutTransaction<T>(_ body: (Database) throws -> T) throws -> T {
    lock.lock()
    defer { lock.unlock() }
    guard let database else {
      throw DatabaseError(resultCode: .misuse, message: "the connection is closed")
    }
    precondition(!accessing, "a DatabaseQueue access inside another access of the same queue")
    accessing = true
    defer { accessing = false }
    return try body(database)
  }

  /// Runs `body` in one IMMEDIATE transaction, committed when it returns and rolled
  /// back when it throws.
  package func write<T>(_ body: (Database) throws -> T) throws -> T {
    try writeWithoutTransaction { db in
      var result: T?
      try db.inTransaction {
        result = try body(db)
        return .commit
      }
      guard let result else { preconditionFailure("a committed transaction has a result") }
      return result
    }
  }

  /// Runs `body` in one DEFERRED transaction that may not write (`PRAGMA query_only`),
  /// so it reads one consistent state of the file.
  package func read<T>(_ body: (Database) throws -> T) throws -> T {
    try writeWithoutTransaction { db in
      let setsQueryOnly = !db.readonly && db.readOnlyDepth == 0
      if setsQueryOnly { try db.execute(sql: "PRAGMA query_only = 1") }
      db.readOnlyDepth += 1
      defer {
        db.readOnlyDepth -= 1
        if setsQueryOnly { try? db.execute(sql: "PRAGMA query_only = 0") }
      }
      if db.isInsideTransaction { return try body(db) }
      var result: T?
      try db.inTransaction(.deferred) {
        result = try body(db)
        return .commit
      }
      guard let result else { preconditionFailure("a committed transaction has a result") }
      return result
    }
  }

  /// Closes the connection; later accesses throw.
  package func close() throws {
    lock.lock()
    defer { lock.unlock() }
    database?.close()
    database = nil
  }
}
