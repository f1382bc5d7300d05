internal import AccordSQLite
import Foundation

// The store's files on disk, apart from the store itself: what `--out` and a damaged
// file look like before a store is opened.
extension SweepStore {
  /// Whether the file at `path` holds no table at all.
  ///
  /// Empty, or a database whose schema was never written (its WAL, if any, replayed first). A file SQLite cannot
  /// read is not unformed: it goes to salvage or gets its own message.
  static func isUnformed(_ path: String) -> Bool {
    let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber
    if size?.intValue == 0 { return true }
    guard let queue = try? DatabaseQueue(path: path) else { return false }
    defer { try? queue.close() }
    let tables = try? queue.read { db in
      try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") ?? 0
    }
    return tables == 0
  }

  /// Creates the output directory, naming a file that stands in its way.
  static func createDirectory(_ directory: String) throws {
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory),
      !isDirectory.boolValue
    {
      throw SweepStoreError(
        path: directory, message: "is a file, not a directory; give --out a directory")
    }
    do {
      try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    } catch {
      throw SweepStoreError(
        path: directory,
        message: "cannot create the output directory (a parent is a file, or no permission)")
    }
  }
}
