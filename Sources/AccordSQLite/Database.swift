internal import CSQLite

/// How a transaction ends.
package enum TransactionCompletion: Sendable {
  case commit, rollback
}

/// When a transaction takes SQLite's write lock.
package enum TransactionKind: String, Sendable {
  /// At its first write.
  case deferred = "DEFERRED"
  /// At once, so two writers never both read and then fail to upgrade.
  case immediate = "IMMEDIATE"
  /// At once, keeping readers out too (in rollback-journal mode).
  case exclusive = "EXCLUSIVE"
}

/// The name and declared type of a table's column.
package struct ColumnInfo: Sendable, Equatable {
  package var name: String
  package var type: String
}

/// One SQLite connection, lent to a closure by a ``DatabaseQueue``.
///
/// Not thread-safe by itself: the queue serializes every use of it.
package final class Database {
  let handle: OpaquePointer
  /// Whether the connection was opened read-only.
  let readonly: Bool
  /// How many ``DatabaseQueue/read(_:)`` accesses have set `query_only`.
  var readOnlyDepth = 0
  private var statementCache: [String: Statement] = [:]

  /// Opens the connection as GRDB's `DatabaseQueue` opened it, so the files it writes
  /// and the SQL it accepts are unchanged.
  init(path: String, readonly: Bool, setups: [(Database) throws -> Void]) throws {
    var connection: OpaquePointer?
    // Extended result codes (SQLITE_OPEN_EXRESCODE), and URI file names for the
    // read-only `immutable` opening of finished stores.
    let flags =
      (readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
      | SQLITE_OPEN_URI | 0x0200_0000
    let code = sqlite3_open_v2(path, &connection, flags, nil)
    guard code == SQLITE_OK, let connection else {
      let message = connection.map { String(cString: sqlite3_errmsg($0)) }
      sqlite3_close(connection)
      throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message)
    }
    handle = connection
    self.readonly = readonly
    do {
      accord_sqlite_disable_dqs(handle)
      try execute(sql: "PRAGMA foreign_keys = ON")
      for setup in setups { try setup(self) }
      // Fails now, not at the first query, on a file that is not a database.
      _ = try Row.fetchOne(self, sql: "SELECT * FROM sqlite_master LIMIT 1")
    } catch {
      close()
      throw error
    }
  }

  /// Finalizes the cached statements and closes the connection (at once, or when the
  /// last statement still held elsewhere is finalized).
  func close() {
    statementCache = [:]
    sqlite3_close_v2(handle)
  }

  /// Runs `sql` (one statement or several, separated by semicolons) with `arguments`,
  /// which its `?` parameters take in order.
  package func execute(sql: String, arguments: StatementArguments = StatementArguments())
    throws
  {
    var remaining = arguments.values[...]
    try sql.withCString { start in
      var next: UnsafePointer<CChar>? = start
      while let current = next, current.pointee != 0 {
        var raw: OpaquePointer?
        let code = sqlite3_prepare_v2(handle, current, -1, &raw, &next)
        guard code == SQLITE_OK else { throw error(code, sql: sql) }
        // Whitespace or a comment after the last semicolon prepares to nothing.
        guard let raw else { continue }
        let statement = Statement(handle: raw, sql: String(cString: current))
        let count = Int(sqlite3_bind_parameter_count(raw))
        let taken = StatementArguments(remaining.prefix(count))
        remaining = remaining.dropFirst(count)
        try statement.execute(arguments: taken)
      }
    }
    guard remaining.isEmpty else {
      throw DatabaseError(
        resultCode: .misuse,
        message: "wrong number of statement arguments: \(remaining.count) left",
        sql: sql)
    }
  }

  /// Prepares the single statement `sql`.
  package func makeStatement(sql: String) throws -> Statement {
    var raw: OpaquePointer?
    var tail: UnsafePointer<CChar>?
    let code = sql.withCString { sqlite3_prepare_v2(handle, $0, -1, &raw, &tail) }
    guard code == SQLITE_OK else { throw error(code, sql: sql) }
    guard let raw else {
      throw DatabaseError(resultCode: .misuse, message: "no statement in SQL", sql: sql)
    }
    return Statement(handle: raw, sql: sql)
  }

  /// The statement `sql`, prepared once per connection: for statements run many times.
  package func cachedStatement(sql: String) throws -> Statement {
    if let statement = statementCache[sql] { return statement }
    let statement = try makeStatement(sql: sql)
    statementCache[sql] = statement
    return statement
  }

  /// Whether the connection is inside a transaction.
  package var isInsideTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

  /// Runs `operations` in a transaction, committed or rolled back as they say (and
  /// rolled back when they throw).
  ///
  /// The default kind is IMMEDIATE for writers and DEFERRED for read-only access, as in
  /// GRDB.
  package func inTransaction(
    _ kind: TransactionKind? = nil, _ operations: () throws -> TransactionCompletion
  ) throws {
    let kind = kind ?? (readonly || readOnlyDepth > 0 ? .deferred : .immediate)
    try execute(sql: "BEGIN \(kind.rawValue) TRANSACTION")
    try finish(
      operations, commit: "COMMIT TRANSACTION",
      // SQLite may have rolled back already (a full disk, say): nothing left to undo.
      rollback: { if self.isInsideTransaction { try self.execute(sql: "ROLLBACK TRANSACTION") } })
  }

  /// Runs `operations` in a savepoint inside the current transaction, or in a
  /// transaction of their own outside one.
  package func inSavepoint(_ operations: () throws -> TransactionCompletion) throws {
    guard isInsideTransaction else { return try inTransaction(nil, operations) }
    try execute(sql: "SAVEPOINT accord")
    try finish(
      operations, commit: "RELEASE SAVEPOINT accord",
      rollback: {
        try self.execute(sql: "ROLLBACK TRANSACTION TO SAVEPOINT accord")
        try self.execute(sql: "RELEASE SAVEPOINT accord")
      })
  }

  /// Ends a transaction or savepoint begun by the caller; the first error wins.
  private func finish(
    _ operations: () throws -> TransactionCompletion, commit: String,
    rollback: () throws -> Void
  ) throws {
    var firstError: (any Error)?
    do {
      if try operations() == .commit {
        guard isInsideTransaction else {
          throw DatabaseError(resultCode: .abort, message: "transaction was aborted")
        }
        try execute(sql: commit)
        return
      }
    } catch {
      firstError = error
    }
    do { try rollback() } catch { firstError = firstError ?? error }
    if let firstError { throw firstError }
  }

  /// Whether the main database has a table called `name` (compared without case).
  package func tableExists(_ name: String) throws -> Bool {
    try Int.fetchOne(
      self,
      sql: "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ? COLLATE NOCASE",
      arguments: [name]) != nil
  }

  /// The columns of table `name`, in order; a table that does not exist throws.
  package func columns(in name: String) throws -> [ColumnInfo] {
    let quoted = "\"" + name.map { $0 == "\"" ? "\"\"" : String($0) }.joined() + "\""
    let columns = try Row.fetchAll(self, sql: "PRAGMA table_info(\(quoted))").map {
      ColumnInfo(name: $0["name"], type: $0["type"] ?? "")
    }
    guard !columns.isEmpty else {
      throw DatabaseError(resultCode: .error, message: "no such table: \(name)")
    }
    return columns
  }

  /// The connection's error for `code`.
  func error(_ code: Int32, sql: String? = nil) -> DatabaseError {
    DatabaseError(
      resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(handle)),
      sql: sql)
  }
}
