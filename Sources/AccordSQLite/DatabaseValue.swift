package import Foundation

/// A value as SQLite stores it: NULL, an integer, a real, text or a blob.
package struct DatabaseValue: Sendable, Equatable, CustomStringConvertible {
  /// SQLite's five storage classes.
  package enum Storage: Sendable, Equatable {
    case null
    case int64(Int64)
    case double(Double)
    case string(String)
    case blob(Data)
  }

  /// The value's storage class and contents.
  package let storage: Storage

  /// SQL NULL.
  package static let null = DatabaseValue(storage: .null)

  package init(storage: Storage) { self.storage = storage }

  /// Whether the value is NULL.
  package var isNull: Bool { storage == .null }

  /// Equal values: an integer and a real are equal when the real is that integer exactly
  /// (as SQLite compares them, and as GRDB's rows did, which the tests' row comparisons
  /// rely on).
  package static func == (lhs: DatabaseValue, rhs: DatabaseValue) -> Bool {
    switch (lhs.storage, rhs.storage) {
    case (.int64(let x), .double(let y)): Int64(exactly: y) == x
    case (.double(let x), .int64(let y)): Int64(exactly: x) == y
    default: lhs.storage == rhs.storage
    }
  }

  package var description: String {
    switch storage {
    case .null: "NULL"
    case .int64(let x): String(x)
    case .double(let x): "\(x)"
    case .string(let s): "'\(s)'"
    case .blob(let data): "<\(data.count) bytes>"
    }
  }
}

/// A Swift type that converts to and from a ``DatabaseValue``: what statements bind and
/// rows decode.
package protocol DatabaseValueConvertible {
  /// The value as SQLite stores it.
  var databaseValue: DatabaseValue { get }

  /// The value of `dbValue` as this type, or nil when it is NULL or does not convert.
  static func fromDatabaseValue(_ dbValue: DatabaseValue) -> Self?
}

extension DatabaseValue: DatabaseValueConvertible {
  package var databaseValue: DatabaseValue { self }
  package static func fromDatabaseValue(_ dbValue: DatabaseValue) -> DatabaseValue? { dbValue }
}

extension Int64: DatabaseValueConvertible {
  package var databaseValue: DatabaseValue { DatabaseValue(storage: .int64(self)) }

  /// Integers, and reals that are whole numbers in range.
  package static func fromDatabaseValue(_ dbValue: DatabaseValue) -> Int64? {
    switch dbValue.storage {
    case .int64(let x): x
    case .double(let x): Int64(exactly: x)
    default: nil
    }
  }
}

extension Int: DatabaseValueConvertible {
  package var databaseValue: DatabaseValue { DatabaseValue(storage: .int64(Int64(self))) }
  package static func fromDatabaseValue(_ dbValue: DatabaseValue) -> Int? {
    Int64.fromDatabaseValue(dbValue).flatMap { Int(exactly: $0) }
  }
}

extension Int32: DatabaseValueConvertible {
  package var databaseValue: DatabaseValue { DatabaseValue(storage: .int64(Int64(self))) }
  package static func fromDatabaseValue(_ dbValue: DatabaseValue) -> Int32? {
    Int64.fromDatabaseValue(dbValue).flatMap { Int32(exactly: $0) }
  }
}

extension UInt32: DatabaseValueConvertible {
  package var databaseValue: DatabaseValue { DatabaseValue(storage: .int64(Int64(self))) }
  package static func fromDatabaseValue(_ dbValue: DatabaseValue) -> UInt32? {
    Int64.fromDatabaseValue(dbValue).flatMap { UInt32(exactly: $0) }
  }
}

extension Double: DatabaseValueConvertible {
  /// A real; SQLite itself stores NaN as NULL (as it did under GRDB, which bound reals the
  /// same way), while infinities stay reals.
  package var databaseValue: DatabaseValue { DatabaseValue(storage: .double(self)) }

  package static func fromDatabaseValue(_ dbValue: DatabaseValue) -> Double? {
    switch dbValue.storage {
    case .int64(let x): Double(x)
    case .double(let x): x
    default: nil
    }
  }
}

extension Bool: DatabaseValueConvertible {
  /// 1 or 0: SQLite has no boolean.
  package var databaseValue: DatabaseValue { DatabaseValue(storage: .int64(self ? 1 : 0)) }

  package static func fromDatabaseValue(_ dbValue: DatabaseValue) -> Bool? {
    switch dbValue.storage {
    case .int64(let x): x != 0
    case .double(let x): x != 0
    default: nil
    }
  }
}

extension String: DatabaseValueConvertible {
  package var databaseValue: DatabaseValue { DatabaseValue(storage: .string(self)) }

  package static func fromDatabaseValue(_ dbValue: DatabaseValue) -> String? {
    if case .string(let s) = dbValue.storage { return s }
    return nil
  }
}

extension Data: DatabaseValueConvertible {
  package var databaseValue: DatabaseValue { DatabaseValue(storage: .blob(self)) }

  /// Blobs, and text as its UTF-8 bytes.
  package static func fromDatabaseValue(_ dbValue: DatabaseValue) -> Data? {
    switch dbValue.storage {
    case .blob(let data): data
    case .string(let s): Data(s.utf8)
    default: nil
    }
  }
}

extension DatabaseValueConvertible {
  /// The first column of the first row of `sql`, or nil when there is no row or the
  /// value is NULL.
  package static func fetchOne(
    _ db: Database, sql: String, arguments: StatementArguments = StatementArguments()
  ) throws -> Self? {
    let statement = try db.makeStatement(sql: sql)
    try statement.bind(arguments)
    defer { statement.reset() }
    guard try statement.step() else { return nil }
    let value = statement.value(at: 0)
    if value.isNull { return nil }
    return try decode(value, sql: sql)
  }

  /// The first column of every row of `sql`; a NULL or a value of another type throws.
  package static func fetchAll(
    _ db: Database, sql: String, arguments: StatementArguments = StatementArguments()
  ) throws -> [Self] {
    let statement = try db.makeStatement(sql: sql)
    try statement.bind(arguments)
    defer { statement.reset() }
    var values: [Self] = []
    while try statement.step() { values.append(try decode(statement.value(at: 0), sql: sql)) }
    return values
  }

  private static func decode(_ value: DatabaseValue, sql: String) throws -> Self {
    guard let decoded = fromDatabaseValue(value) else {
      throw DatabaseError(
        resultCode: .mismatch, message: "could not convert \(value) to \(Self.self)", sql: sql)
    }
    return decoded
  }
}
