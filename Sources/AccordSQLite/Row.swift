/// One row of a query: its column names and values, copied out of SQLite.
package struct Row: Sendable, Equatable, CustomStringConvertible {
  /// The column names, in the query's order (shared by the rows of one statement).
  package let columnNames: [String]
  /// The values, in the query's order.
  package let databaseValues: [DatabaseValue]

  init(columns: [String], values: [DatabaseValue]) {
    columnNames = columns
    databaseValues = values
  }

  /// The number of columns.
  package var count: Int { databaseValues.count }

  /// Whether the row has a column of this name (compared without case, as SQLite does).
  package func hasColumn(_ name: String) -> Bool { index(of: name) != nil }

  private func index(of name: String) -> Int? {
    columnNames.firstIndex { $0 == name }
      ?? columnNames.firstIndex { $0.lowercased() == name.lowercased() }
  }

  /// The value at `index` as `Value`; a NULL, or a value that does not convert, traps.
  package subscript<Value: DatabaseValueConvertible>(_ index: Int) -> Value {
    Self.decode(databaseValues[index], column: columnNames[index])
  }

  /// The value at `index` as `Value`, nil when NULL; a value that does not convert traps.
  package subscript<Value: DatabaseValueConvertible>(_ index: Int) -> Value? {
    let value = databaseValues[index]
    return value.isNull ? nil : Self.decode(value, column: columnNames[index])
  }

  /// The value of the column `name` as `Value`; a missing column, a NULL, or a value
  /// that does not convert traps.
  package subscript<Value: DatabaseValueConvertible>(_ name: String) -> Value {
    guard let index = index(of: name) else { preconditionFailure("no column \(name) in \(self)") }
    return self[index]
  }

  /// The value of the column `name` as `Value`, nil when NULL or when there is no such
  /// column.
  package subscript<Value: DatabaseValueConvertible>(_ name: String) -> Value? {
    guard let index = index(of: name) else { return nil }
    return self[index] as Value?
  }

  /// Traps on a value the caller declared impossible (as GRDB's row subscripts did): a
  /// column of the wrong type is a bug in the query, not a condition to handle.
  private static func decode<Value: DatabaseValueConvertible>(
    _ value: DatabaseValue, column: String
  ) -> Value {
    guard let decoded = Value.fromDatabaseValue(value) else {
      preconditionFailure("could not convert \(value) in column \(column) to \(Value.self)")
    }
    return decoded
  }

  package var description: String {
    "[" + zip(columnNames, databaseValues).map { "\($0):\($1)" }.joined(separator: " ") + "]"
  }

  /// Every row of `sql`, copied.
  package static func fetchAll(
    _ db: Database, sql: String, arguments: StatementArguments = StatementArguments()
  ) throws -> [Row] {
    let cursor = try fetchCursor(db, sql: sql, arguments: arguments)
    var rows: [Row] = []
    while let row = try cursor.next() { rows.append(row) }
    return rows
  }

  /// The first row of `sql`, or nil when there is none.
  package static func fetchOne(
    _ db: Database, sql: String, arguments: StatementArguments = StatementArguments()
  ) throws -> Row? {
    try fetchCursor(db, sql: sql, arguments: arguments).next()
  }

  /// The rows of `sql`, one at a time, so memory does not grow with the result.
  package static func fetchCursor(
    _ db: Database, sql: String, arguments: StatementArguments = StatementArguments()
  ) throws -> RowCursor {
    try fetchCursor(db.makeStatement(sql: sql), arguments: arguments)
  }

  /// The rows of a prepared statement, one at a time.
  package static func fetchCursor(
    _ statement: Statement, arguments: StatementArguments = StatementArguments()
  ) throws -> RowCursor {
    try statement.bind(arguments)
    return RowCursor(statement)
  }
}

/// The rows of a running statement; valid only inside the access that made it.
package final class RowCursor {
  private let statement: Statement
  private var done = false

  init(_ statement: Statement) { self.statement = statement }

  deinit { statement.reset() }

  /// The next row, or nil after the last.
  package func next() throws -> Row? {
    guard !done else { return nil }
    do {
      if try statement.step() { return statement.row() }
    } catch {
      done = true
      throw error
    }
    done = true
    statement.reset()
    return nil
  }
}
