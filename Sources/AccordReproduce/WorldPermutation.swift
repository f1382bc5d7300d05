import AccordConfig
import Foundation
internal import Yams

/// World files with their agent groups, and their nations, listed in reverse order.
///
/// A verdict that changes when the YAML lists the same agents in another order rests on
/// an artefact of order (a tie broken by index, a draw order), not on the model (issue
/// #21, item 3). `accord reproduce --permute-worlds` runs the experiments on such copies.
package enum WorldPermutation {
  /// A world's YAML with every nation's agent groups reversed and, when `nations` is
  /// true, the nations reversed too; nil when the file is not a world (no `nations:`).
  package static func permute(yaml text: String, path: String, nations: Bool) throws -> String? {
    let node = try ConfigLoader.compose(yaml: text, path: path)
    guard case .mapping(var top) = node, let list = top["nations"], case .sequence(let seq) = list
    else { return nil }
    var permuted = seq.map { nation -> Node in
      guard case .mapping(var fields) = nation, let agents = fields["agents"],
        case .sequence(let groups) = agents
      else { return nation }
      fields["agents"] = .sequence(
        Node.Sequence(Array(groups.reversed()), groups.tag, groups.style, groups.mark))
      return .mapping(fields)
    }
    if nations { permuted.reverse() }
    top["nations"] = .sequence(Node.Sequence(permuted, seq.tag, seq.style, seq.mark))
    return try Yams.serialize(node: .mapping(top))
  }

  /// Copies the folder that holds `configs` (so that `../worlds` and `../../examples`
  /// paths still resolve) into `directory` with every world permuted, and returns the
  /// copy's equivalent of `configs`.
  ///
  /// Nations are kept in order in the worlds that an experiment or space measures with
  /// `outcome_position`, whose 0 is the first nation's executive's ideal (the order is
  /// part of that metric's definition); the agent groups are reversed in every world.
  /// The permuted files are listed in `<directory>/permuted.csv` (file, nations reversed).
  package static func tree(configs: String, into directory: String) throws -> String {
    let fm = FileManager.default
    let source = URL(fileURLWithPath: configs).standardizedFileURL
    let root = source.deletingLastPathComponent()
    let target = URL(fileURLWithPath: directory).standardizedFileURL
    if fm.fileExists(atPath: target.path) { try fm.removeItem(at: target) }
    try fm.createDirectory(
      at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
    try fm.copyItem(at: root, to: target)
    let keepOrder = try positionWorlds(root: root)
    var listing = "file,nations_reversed\n"
    let files = (fm.enumerator(atPath: target.path)?.compactMap { $0 as? String } ?? [])
      .filter { $0.hasSuffix(".yaml") }.sorted()
    for file in files {
      let url = target.appendingPathComponent(file)
      let text = try String(contentsOf: url, encoding: .utf8)
      // Worlds only: sweep and experiment files (base:, factors:) are left as they are.
      let keys = text.split(separator: "\n").filter { !$0.hasPrefix(" ") && !$0.hasPrefix("#") }
      guard keys.contains(where: { $0.hasPrefix("nations:") }),
        !keys.contains(where: { $0.hasPrefix("base:") || $0.hasPrefix("factors:") })
      else { continue }
      let reverse = !keepOrder.contains(file)
      guard let permuted = try permute(yaml: text, path: url.path, nations: reverse) else {
        continue
      }
      try permuted.write(to: url, atomically: true, encoding: .utf8)
      listing += "\(file),\(reverse)\n"
    }
    try listing.write(
      to: target.appendingPathComponent("permuted.csv"), atomically: true, encoding: .utf8)
    return target.appendingPathComponent(source.lastPathComponent).path
  }

  /// The worlds (paths relative to `root`) whose experiments or spaces use
  /// `outcome_position`.
  static func positionWorlds(root: URL) throws -> Set<String> {
    let fm = FileManager.default
    var worlds: Set<String> = []
    let files = (fm.enumerator(atPath: root.path)?.compactMap { $0 as? String } ?? [])
      .filter { $0.hasSuffix(".yaml") }
    for file in files {
      let url = root.appendingPathComponent(file)
      let text = try String(contentsOf: url, encoding: .utf8)
      guard text.contains("outcome_position"),
        let line = text.split(separator: "\n").first(where: { $0.hasPrefix("base:") })
      else { continue }
      let base = (line.dropFirst("base:".count).split(separator: "#").first ?? "")
        .trimmingCharacters(in: .whitespaces)
      let world = url.deletingLastPathComponent().appendingPathComponent(base)
        .standardizedFileURL.path
      let prefix = root.standardizedFileURL.path + "/"
      if world.hasPrefix(prefix) { worlds.insert(String(world.dropFirst(prefix.count))) }
    }
    return worlds
  }
}
