import AccordIO
import AccordSweep
import Foundation

/// The record of what a confirmatory run read: each experiment file's and world's
/// SHA-256, taken before the run, beside the pilot's hashes where a pilot ran.
///
/// `accord reproduce --quick` is the pilot: it writes the same record into its own
/// output (`runs/quick-results/<paper>/preregistration.csv`). The full run writes
/// `Results/<paper>/preregistration.csv` with, per file, the pilot's hash and whether
/// the file changed after the pilot, so that the report can say which files changed
/// (the how is in docs/REPRODUCE.md, "Changes after the pilot").
package enum Preregistration {
  /// One file the run reads.
  struct Entry: Equatable {
    var file: String
    var role: String
    var sha256: String
  }

  /// The experiment files and the worlds they are based on, each once.
  static func entries(files: [String], root: String) throws -> [Entry] {
    var entries: [Entry] = []
    var seen: Set<String> = []
    func add(_ path: String, role: String) throws {
      let standard = (path as NSString).standardizingPath
      guard seen.insert(standard).inserted else { return }
      let data = try Data(contentsOf: URL(fileURLWithPath: standard))
      let name =
        standard.hasPrefix(root + "/") ? String(standard.dropFirst(root.count + 1)) : standard
      entries.append(Entry(file: name, role: role, sha256: SHA256.hex(data)))
    }
    for file in files {
      try add(file, role: file.contains("/space/") ? "space" : "experiment")
      try add(try SweepSpec.load(path: file).basePath, role: "world")
    }
    return entries
  }

  /// The record as CSV, hashed now (before anything runs).
  ///
  /// `pilot` is the pilot's record, if any. Written with the report, so a run that fails leaves no output.
  static func record(files: [String], pilot: String?) throws -> String {
    let root = FileManager.default.currentDirectoryPath
    let entries = try entries(files: files, root: root)
    var previous: [String: String] = [:]
    if let pilot, let text = try? String(contentsOfFile: pilot, encoding: .utf8) {
      for line in text.split(separator: "\n").dropFirst() {
        let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        if fields.count >= 3 { previous[fields[0]] = fields[2] }
      }
    }
    var csv = "file,role,sha256,pilot_sha256,changed_after_pilot\n"
    for e in entries {
      let before = previous[e.file]
      let changed = before.map { $0 != e.sha256 ? "true" : "false" } ?? ""
      csv +=
        [CSV.field(e.file), e.role, e.sha256, before ?? "", changed].joined(separator: ",")
        + "\n"
    }
    return csv
  }
}
