package import AccordConfig
import Foundation
package import Yams

/// Display names of a sweep's factors, declared in the sweep file.
///
/// ```yaml
/// labels:
///   nations[Borealia].rule: Borealia's ratification rule
///   theta: True state θ
/// ```
///
/// Tables and figures show these names instead of the paths.
package enum SweepLabels {
  /// The `labels:` mapping of a sweep file's YAML tree, checked against its factors
  /// (`factors` nil: not checked); problems are located in `path`.
  package static func read(_ node: Node, factors: [String]?, path: String) throws(ConfigError)
    -> [String: String]
  {
    guard let entry = node.mapping?.first(where: { $0.key.string == "labels" }) else { return [:] }
    guard let pairs = entry.value.mapping else {
      throw ConfigError(
        file: path, line: entry.key.mark?.line, column: entry.key.mark?.column, key: "labels",
        message: "expected a mapping of factor paths to names")
    }
    var labels: [String: String] = [:]
    for (keyNode, valueNode) in pairs {
      let key = keyNode.string ?? ""
      func fail(_ message: String) -> ConfigError {
        ConfigError(
          file: path, line: keyNode.mark?.line, column: keyNode.mark?.column, key: "labels.\(key)",
          message: message)
      }
      if let factors, !factors.contains(key) {
        throw fail(KeySuggestion.message("factor", key, allowed: factors))
      }
      guard let name = valueNode.string, !name.isEmpty else { throw fail("expected a name") }
      labels[key] = name
    }
    return labels
  }

  /// The labels of the sweep that filled the store in `directory` (none when the sweep
  /// file declares none).
  package static func ofStore(directory: String) -> [String: String] {
    guard let text = try? SweepStore.meta(directory: directory, key: "sweep_file"),
      let node = try? Yams.compose(yaml: text)
    else { return [:] }
    return (try? read(node, factors: nil, path: "")) ?? [:]
  }
}
