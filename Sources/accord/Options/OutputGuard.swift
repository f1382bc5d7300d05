import Foundation

/// Refuses an output path that would destroy an input.
///
/// An output that is the same file as one the command reads (compared by device and
/// inode when both exist, else by real path, so `./x`, `a/../x` and symlinks are
/// caught) is always refused. An existing file that accord reads as input elsewhere, a
/// sweep store (an SQLite database) or a YAML file (a config or sweep file), is refused
/// unless the command's `--force` is given: writing a CSV or SVG over it would lose it.
/// Any other existing file is overwritten, as a rerun into the same path expects.
enum OutputGuard {
  /// Checks each of `outputs` (what `option` makes the command write) against `inputs`.
  static func check(
    _ option: String, outputs: [String], inputs: [String], force: Bool = false
  ) throws {
    for output in outputs {
      for input in inputs where same(output, input) {
        let shown = output == input ? "" : " (\(input))"
        throw InputError(
          "\(option) \(output): is an input of this command\(shown); writing would destroy "
            + "it; choose another path")
      }
      guard !force, let kind = inputKind(output) else { continue }
      throw InputError(
        "\(option) \(output): is \(kind); writing would destroy it; choose another path, or "
          + "pass --force to overwrite it")
    }
  }

  /// Whether two paths name one file (or would, once written).
  static func same(_ a: String, _ b: String) -> Bool {
    var sa = stat()
    var sb = stat()
    if stat(a, &sa) == 0 && stat(b, &sb) == 0 {
      return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino
    }
    return realPath(a) == realPath(b)
  }

  /// The path with symlinks, `.` and `..` resolved; for a path that does not exist yet,
  /// its nearest existing ancestor's real path with the rest appended.
  static func realPath(_ path: String) -> String {
    let absolute =
      path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    if let resolved = realpath(absolute, nil) {
      defer { free(resolved) }
      return String(cString: resolved)
    }
    let url = URL(fileURLWithPath: absolute).standardizedFileURL
    let parent = url.deletingLastPathComponent().path
    guard parent != url.path, !parent.isEmpty else { return url.path }
    return realPath(parent) + "/" + url.lastPathComponent
  }

  /// What the existing file at `path` is, if accord reads files of that kind.
  static func inputKind(_ path: String) -> String? {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      return nil
    }
    if isDirectory.boolValue { return "a directory" }
    if let handle = FileHandle(forReadingAtPath: path) {
      defer { try? handle.close() }
      let head = (try? handle.read(upToCount: 16)) ?? Data()
      if head == Data("SQLite format 3\0".utf8) { return "an SQLite database (a sweep store?)" }
    }
    let ext = URL(fileURLWithPath: path).pathExtension.lowercased()
    if ext == "yaml" || ext == "yml" { return "a YAML file (a config or sweep file?)" }
    return nil
  }

  /// The files a sweep store directory holds, as inputs of a command that reads it.
  static func storeFiles(_ directory: String) -> [String] {
    [
      directory, directory + "/sweep.sqlite", directory + "/sweep.sqlite.lock",
      directory + "/sweep.sqlite.inflight",
    ]
  }
}
