import Foundation

/// The files a config reads besides itself.
package enum ConfigFiles {
  /// The edge-list and deference files `config` names, resolved as the world builder
  /// resolves them (relative to the directory of the config at `path`).
  package static func referenced(by config: WorldConfig, path: String) -> [String] {
    let directory = ConfigLoader.directory(of: path)
    let named = [
      config.network.type == .edgeList ? config.network.file : nil, config.persuasion.deference,
    ]
    return named.compactMap { $0 }.map {
      $0.hasPrefix("/") ? $0 : URL(fileURLWithPath: directory).appendingPathComponent($0).path
    }
  }
}
