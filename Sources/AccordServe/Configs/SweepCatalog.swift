import AccordConfig
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The sweep stores a page may open: `sweep.sqlite` files under the working directory.
///
/// A store is named by its directory as `accord export` takes it (`./runs/evidence`).
/// As with worlds, the page can name only a listed store, names with `..` or an absolute
/// path are refused, and the file is checked again, by the descriptor opened, each time
/// it is read: a store swapped for a symlink out of the directory after the listing is
/// refused.
package struct SweepCatalog: Sendable {
  package struct Entry: Sendable, Encodable, Equatable {
    /// What the page sends back: the store's directory.
    package var id: String
    /// The store file on disk (never sent to the page).
    package var path: String

    enum CodingKeys: String, CodingKey { case id }
  }

  /// At most this many stores are listed.
  static let maxListed = 200
  /// Folders are searched this deep.
  static let maxDepth = 4
  /// At most this many folders are read per listing: each tab lists anew, so a server
  /// started in a large tree (a home folder) must not walk all of it per connection.
  static let maxVisited = 2_000

  package let entries: [Entry]
  /// The working directory's real path: a store opened must still lie under it.
  let root: String

  /// No stores (a session that lists none).
  package static let empty = SweepCatalog(root: "", entries: [])

  private init(root: String, entries: [Entry]) {
    self.root = root
    self.entries = entries
  }

  /// Lists the stores under `workingDirectory`, skipping hidden and build folders and
  /// anything whose real path leaves it.
  package init(workingDirectory: String) {
    let root = ConfigCatalog.canonical(workingDirectory)
    var found: [Entry] = []
    var visited = 0
    func visit(_ relative: String, depth: Int) {
      visited += 1
      let directory = relative.isEmpty ? root : "\(root)/\(relative)"
      let store = "\(directory)/sweep.sqlite"
      var isDirectory: ObjCBool = false
      if FileManager.default.fileExists(atPath: store, isDirectory: &isDirectory),
        !isDirectory.boolValue, ConfigCatalog.canonical(store).hasPrefix(root + "/")
      {
        found.append(Entry(id: relative.isEmpty ? "." : "./\(relative)", path: store))
      }
      guard depth < Self.maxDepth else { return }
      let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
      for name in names where !name.hasPrefix(".") && name != "node_modules" {
        guard found.count < Self.maxListed, visited < Self.maxVisited else { return }
        let child = relative.isEmpty ? name : "\(relative)/\(name)"
        let path = "\(root)/\(child)"
        guard ConfigCatalog.canonical(path).hasPrefix(root + "/"),
          FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory),
          isDirectory.boolValue
        else { continue }
        visit(child, depth: depth + 1)
      }
    }
    visit("", depth: 0)
    self.init(root: root, entries: found)
  }

  /// The entry for `id`, or why it is refused.
  package func resolve(_ id: String) throws(MessageError) -> Entry {
    try ConfigCatalog.checkName(id, what: "sweep")
    guard let entry = entries.first(where: { $0.id == id }) else {
      throw MessageError(
        .refusedPath,
        "sweep '\(id.prefix(80))' refused: not a sweep store (sweep.sqlite) under the working directory"
      )
    }
    return entry
  }

  /// The real path of an entry's store, checked now: a regular file whose real path,
  /// read from a descriptor opened on it, lies under the working directory.
  ///
  /// SQLite then opens that real path, which has no symlink left to swap.
  package func open(_ entry: Entry) throws(MessageError) -> String {
    let fd = openForReading(entry.path)
    guard fd >= 0 else {
      throw MessageError(.badConfig, "\(entry.id): cannot open its sweep.sqlite")
    }
    defer { close(fd) }
    guard let real = ConfigCatalog.realPath(of: fd), !root.isEmpty, real.hasPrefix(root + "/")
    else {
      throw MessageError(
        .refusedPath,
        "sweep '\(entry.id)' refused: its store now resolves outside the working directory")
    }
    var status = stat()
    guard fstat(fd, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
      throw MessageError(.badConfig, "\(entry.id): its sweep.sqlite is not a regular file")
    }
    return real
  }
}

/// `open(2)` for reading, out of reach of ``SweepCatalog/open(_:)``'s name.
private func openForReading(_ path: String) -> Int32 {
  open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
}
