internal import CSQLite
internal import Foundation

/// Values for a statement's `?` parameters, in order.
package struct StatementArguments: Sendable, ExpressibleByArrayLiteral {
  var values: [DatabaseValue]

  /// No arguments.
  package init() { values = [] }

  /// Arguments from values of mixed types (nil: NULL).
  package init(_ values: some Sequence<(any DatabaseValueConvertible)?>) {
    self.values = values.map { $0?.databaseValue ?? .null }
  }

  /// Arguments from values of one type.
  package init<S: Sequence>(_ values: S) where S.Element: DatabaseValueConvertible {
    self.values = values.map(\.databaseValue)
  }

  package init(arrayLiteral elements: (any DatabaseValueConvertible)?...) { self.init(elements) }
}

/// One prepared SQL statement of a connection.
///
/// Not thread-safe: use it only inside the ``DatabaseQueue`` access that made it.
package final class Statement {
  let handle: OpaquePointer
  /// The statement's text.
  package let sql: String

  /// The names of the columns a row of this statement has.
  package private(set) lazy var columnNames: [String] = (0..<sqlite3_column_count(handle)).map {
    String(cString: sqlite3_column_name(handle, $0))
  }

  init(handle: OpaquePointer, sql: String) {
    self.handle = handle
    self.sql = sql
  }

  deinit { sqlite3_finalize(handle) }

  /// Runs the statement with `arguments` to its end (a query's rows are read and dropped).
  package func execute(arguments: StatementArguments = StatementArguments()) throws {
    try bind(arguments)
    defer { reset() }
    while try step() {}
  }

  /// Binds `arguments` after clearing the previous ones; their count must be the
  /// statement's parameter count.
  func bind(_ arguments: StatementArguments) throws {
    sqlite3_reset(handle)
    sqlite3_clear_bindings(handle)
    let count = Int(sqlite3_bind_parameter_count(handle))
    guard arguments.values.count == count else {
      throw DatabaseError(
        resultCode: .misuse,
        message: "wrong number of statement arguments: \(arguments.values.count), not \(count)",
        sql: sql)
    }
    for (offset, value) in arguments.values.enumerated() {
      let index = Int32(offset + 1)
      let code: Int32
      switch value.storage {
      case .null: code = sqlite3_bind_null(handle, index)
      case .int64(let x): code = sqlite3_bind_int64(handle, index, x)
      case .double(let x): code = sqlite3_bind_double(handle, index, x)
      case .string(let s): code = accord_sqlite_bind_text(handle, index, s)
      case .blob(let data):
        code = data.withUnsafeBytes { bytes in
          // A null pointer would bind NULL, not an empty blob.
          bytes.baseAddress.map { accord_sqlite_bind_blob(handle, index, $0, Int32(bytes.count)) }
            ?? sqlite3_bind_zeroblob(handle, index, 0)
        }
      }
      guard code == SQLITE_OK else { throw error(code) }
    }
  }

  /// Steps once: true when a row is ready, false when the statement is done.
  func step() throws -> Bool {
    switch sqlite3_step(handle) {
    case SQLITE_ROW: return true
    case SQLITE_DONE: return false
    case let code: throw error(code)
    }
  }

  /// Resets the statement for its next run; its errors were reported by `step`.
  func reset() { sqlite3_reset(handle) }

  /// The value of column `index` of the current row, in its storage class.
  func value(at index: Int32) -> DatabaseValue {
    switch sqlite3_column_type(handle, index) {
    case SQLITE_INTEGER: return DatabaseValue(storage: .int64(sqlite3_column_int64(handle, index)))
    case SQLITE_FLOAT: return DatabaseValue(storage: .double(sqlite3_column_double(handle, index)))
    case SQLITE_TEXT:
      // Read up to the first NUL, as GRDB read text, so stored checksums still match.
      guard let text = sqlite3_column_text(handle, index) else { return .null }
      return DatabaseValue(storage: .string(String(cString: text)))
    case SQLITE_BLOB:
      let count = Int(sqlite3_column_bytes(handle, index))
      guard let bytes = sqlite3_column_blob(handle, index), count > 0 else {
        return DatabaseValue(storage: .blob(Data()))
      }
      return DatabaseValue(storage: .blob(Data(bytes: bytes, count: count)))
    default: return .null
    }
  }

  /// The current row, copied.
  func row() -> Row {
    Row(columns: columnNames, values: (0..<Int32(columnNames.count)).map(value(at:)))
  }

  /// The connection's error for `code`, naming this statement.
  func error(_ code: Int32) -> DatabaseError {
    DatabaseError(
      resultCode: ResultCode(rawValue: code),
      message: sqlite3_db_handle(handle).map { String(cString: sqlite3_errmsg($0)) }, sql: sql)
  }
}
