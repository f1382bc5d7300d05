internal import CSQLite

/// An SQLite result code, extended (as connections report them) or primary.
package struct ResultCode: RawRepresentable, Sendable, Equatable, CustomStringConvertible {
  package var rawValue: Int32

  package init(rawValue: Int32) { self.rawValue = rawValue }

  /// The primary code of an extended one (its low byte), such as ``corrupt`` for
  /// SQLITE_CORRUPT_INDEX.
  package var primaryResultCode: ResultCode { ResultCode(rawValue: rawValue & 0xFF) }

  /// SQLite's English name for the code, with its number.
  package var description: String {
    "\(rawValue) (\(String(cString: sqlite3_errstr(rawValue))))"
  }

  /// SQLITE_ERROR: a generic error, such as bad SQL.
  package static let error = ResultCode(rawValue: SQLITE_ERROR)
  /// SQLITE_PERM.
  package static let permission = ResultCode(rawValue: SQLITE_PERM)
  /// SQLITE_ABORT: a transaction rolled back by SQLite itself.
  package static let abort = ResultCode(rawValue: SQLITE_ABORT)
  /// SQLITE_BUSY: another connection holds the lock.
  package static let busy = ResultCode(rawValue: SQLITE_BUSY)
  /// SQLITE_LOCKED.
  package static let locked = ResultCode(rawValue: SQLITE_LOCKED)
  /// SQLITE_READONLY.
  package static let readOnly = ResultCode(rawValue: SQLITE_READONLY)
  /// SQLITE_IOERR.
  package static let ioError = ResultCode(rawValue: SQLITE_IOERR)
  /// SQLITE_CORRUPT: the file is damaged.
  package static let corrupt = ResultCode(rawValue: SQLITE_CORRUPT)
  /// SQLITE_FULL: the disk is full.
  package static let full = ResultCode(rawValue: SQLITE_FULL)
  /// SQLITE_CANTOPEN.
  package static let cannotOpen = ResultCode(rawValue: SQLITE_CANTOPEN)
  /// SQLITE_CONSTRAINT: a row breaks a table's constraint (a key held twice, a NULL in a
  /// NOT NULL column).
  package static let constraint = ResultCode(rawValue: SQLITE_CONSTRAINT)
  /// SQLITE_MISMATCH: a value of the wrong type (here also a row value that does not
  /// decode to the type asked for).
  package static let mismatch = ResultCode(rawValue: SQLITE_MISMATCH)
  /// SQLITE_MISUSE: an API used wrongly, such as a closed connection or a wrong number of
  /// arguments.
  package static let misuse = ResultCode(rawValue: SQLITE_MISUSE)
  /// SQLITE_NOTADB: the file is not an SQLite database.
  package static let notADatabase = ResultCode(rawValue: SQLITE_NOTADB)
}

/// An error SQLite reported, with its code, its message and the SQL it ran.
package struct DatabaseError: Error, Sendable, CustomStringConvertible {
  /// The code as reported (extended).
  package var extendedResultCode: ResultCode
  /// SQLite's message (`sqlite3_errmsg`), if any.
  package var message: String?
  /// The statement that failed, if any.
  package var sql: String?

  package init(resultCode: ResultCode, message: String? = nil, sql: String? = nil) {
    self.extendedResultCode = resultCode
    self.message = message
    self.sql = sql
  }

  /// The primary code, which callers switch on.
  package var resultCode: ResultCode { extendedResultCode.primaryResultCode }

  package var description: String {
    var text = "SQLite error \(extendedResultCode.rawValue)"
    if let message { text += ": \(message)" }
    if let sql { text += " - while executing `\(sql)`" }
    return text
  }
}
