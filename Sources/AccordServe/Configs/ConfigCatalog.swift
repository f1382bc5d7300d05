import AccordConfig
import Foundation

/// The configs a page may load: shipped worlds and world files under the working directory.
///
/// The shipped worlds are the examples and the paper worlds. Nothing else can be named.
///
/// The page names a config by its id (`examples/quickstart.yaml`, `papers/worlds/pie.yaml`,
/// `./my/world.yaml`); the server only ever opens the path stored with a listed id, so a
/// client cannot reach a file the catalog did not find. Absolute ids and ids with `..`
/// are refused with their own message before the lookup.
package struct ConfigCatalog: Sendable {
  package struct Entry: Sendable, Encodable, Equatable {
    /// What the page sends back.
    package var id: String
    /// `examples`, `papers` or `working directory`.
    package var group: String
    /// The file on disk (never sent to the page).
    package var path: String

    enum CodingKeys: String, CodingKey { case id, group }
  }

  /// The largest config file read, in bytes.
  package static let maxFileBytes = 1 << 20
  /// At most this many working-directory files are listed.
  static let maxListed = 200
  /// Working-directory folders are searched this deep.
  static let maxDepth = 4

  package let entries: [Entry]
  /// The real paths of the working directory and the shipped `Configs` folder: a file
  /// opened for a `load` must still lie under one of them.
  let roots: [String]
  /// The entry named on the command line, if any.
  package let initial: String?

  /// Lists the shipped configs (under `shippedRoot`, a `Configs` folder) and the world
  /// files under `workingDirectory`; `extra` (the command line's CONFIG) is added when
  /// it lies under the working directory or is a shipped config.
  package init(workingDirectory: String, shippedRoot: String?, extra: String? = nil) {
    let cwd = Self.canonical(workingDirectory)
    roots = [cwd] + (shippedRoot.map { [Self.canonical($0)] } ?? [])
    var entries: [Entry] = []
    var seen = Set<String>()
    func add(_ id: String, _ group: String, _ path: String) {
      let real = Self.canonical(path)
      guard !seen.contains(real) else { return }
      seen.insert(real)
      entries.append(Entry(id: id, group: group, path: real))
    }
    if let root = shippedRoot {
      for (folder, group) in [("examples", "examples"), ("papers/worlds", "papers")] {
        for name in Self.yamlFiles(in: "\(root)/\(folder)") {
          add("\(folder)/\(name)", group, "\(root)/\(folder)/\(name)")
        }
      }
    }
    for relative in Self.worldFiles(under: cwd) {
      add("./\(relative)", "working directory", "\(cwd)/\(relative)")
    }
    var initial: String?
    if let extra {
      let real = Self.canonical(
        extra.hasPrefix("/") ? extra : "\(FileManager.default.currentDirectoryPath)/\(extra)")
      if let entry = entries.first(where: { $0.path == real }) {
        initial = entry.id
      } else if real.hasPrefix(cwd + "/") {
        add("./" + real.dropFirst(cwd.count + 1), "working directory", real)
        initial = entries.last?.id
      }
    }
    self.entries = entries
    self.initial = initial
  }

  /// The entry for `id`, or why it is refused.
  package func resolve(_ id: String) throws(MessageError) -> Entry {
    try Self.checkName(id, what: "config")
    guard let entry = entries.first(where: { $0.id == id }) else {
      throw MessageError(
        .refusedPath,
        "config '\(id.prefix(80))' refused: not a shipped config or a world file under the working directory"
      )
    }
    return entry
  }

  /// The `Configs` folder shipped with accord: under the working directory, or above
  /// the executable (`.build/release/accord` in a checkout).
  package static func shippedRoot(workingDirectory: String, executable: String?) -> String? {
    var candidates = ["\(workingDirectory)/Configs"]
    if let executable {
      var url = URL(fileURLWithPath: executable).resolvingSymlinksInPath()
      for _ in 0..<5 {
        url.deleteLastPathComponent()
        candidates.append(url.appendingPathComponent("Configs").path)
      }
    }
    return candidates.first { FileManager.default.fileExists(atPath: "\($0)/examples") }
      .map(canonical)
  }

  static func canonical(_ path: String) -> String {
    URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
  }

  private static func yamlFiles(in directory: String) -> [String] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
    return names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
  }

  /// YAML files under `root` with a top-level `nations:` key (worlds, not sweeps),
  /// skipping hidden and build folders and anything whose real path leaves `root`.
  private static func worldFiles(under root: String) -> [String] {
    var found: [String] = []
    func visit(_ relative: String, depth: Int) {
      let directory = relative.isEmpty ? root : "\(root)/\(relative)"
      let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
      for name in names where !name.hasPrefix(".") && name != "node_modules" {
        guard found.count < maxListed else { return }
        let child = relative.isEmpty ? name : "\(relative)/\(name)"
        let path = "\(root)/\(child)"
        guard canonical(path).hasPrefix(root + "/") else { continue }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
          continue
        }
        if isDirectory.boolValue {
          if depth < maxDepth { visit(child, depth: depth + 1) }
        } else if name.hasSuffix(".yaml") || name.hasSuffix(".yml"), isWorld(path) {
          found.append(child)
        }
      }
    }
    visit("", depth: 0)
    return found
  }

  private static func isWorld(_ path: String) -> Bool {
    guard let handle = FileHandle(forReadingAtPath: path) else { return false }
    defer { try? handle.close() }
    let head = (try? handle.read(upToCount: maxFileBytes)) ?? Data()
    let text = String(decoding: head, as: UTF8.self)
    return text.hasPrefix("nations:") || text.contains("\nnations:")
  }
}
