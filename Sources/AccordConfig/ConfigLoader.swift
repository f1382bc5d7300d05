public import AccordModel
import Foundation
package import Yams

/// A config file read, checked and turned into a world.
public struct LoadedConfig: Sendable {
  /// The config with every default filled in (and any overrides applied).
  public var config: WorldConfig
  /// The world built from `config`, ready for a ``Simulation``.
  public var world: World
  /// The file it came from.
  public var path: String
}

/// Reads YAML configs and reports every problem as one located ``ConfigError``.
public enum ConfigLoader {
  /// Loads, validates and builds the world of the config at `path`.
  ///
  /// - Parameters:
  ///   - path: The config file.
  ///   - seed: Overrides the file's `seed`.
  ///   - steps: Overrides the file's `steps`.
  ///   - rules: The rules the config's names resolve in: the built-ins, or a registry
  ///     with rules from other packages added.
  /// - Returns: The decoded config and the world built from it.
  /// - Throws: A ``ConfigError`` naming the file, line:column and key of the first problem.
  public static func load(
    path: String, seed: UInt32? = nil, steps: Int? = nil, rules: RuleRegistry = .builtIn
  ) throws(ConfigError) -> LoadedConfig {
    try load(yaml: try text(path: path), path: path, seed: seed, steps: steps, rules: rules)
  }

  /// The UTF-8 text of the file at `path`, or an error naming it.
  static func text(path: String) throws(ConfigError) -> String {
    try InputText.read(path: path)
  }

  /// Loads a config from YAML text; `path` names it in messages and anchors relative paths.
  public static func load(
    yaml text: String, path: String, seed: UInt32? = nil, steps: Int? = nil,
    rules: RuleRegistry = .builtIn
  ) throws(ConfigError) -> LoadedConfig {
    try load(
      node: try compose(yaml: text, path: path), path: path, seed: seed, steps: steps, rules: rules)
  }

  /// Parses YAML text into a node tree with positions; the top level must be a mapping.
  package static func compose(yaml text: String, path: String) throws(ConfigError) -> Node {
    let node: Node
    do {
      guard let composed = try Yams.compose(yaml: text) else {
        throw ConfigError(
          file: path, line: 1, column: 1, message: "the file is empty; it needs at least one key")
      }
      node = composed
      // Without an alias the tree is no larger than the text, which was read whole.
      if text.contains("*"), let problem = YAMLLimits.file.problem(node) {
        throw ConfigError(file: path, message: "the YAML has \(problem)")
      }
    } catch let error as ConfigError {
      throw error
    } catch let error as YamlError {
      throw syntaxError(error, path)
    } catch {
      throw ConfigError(file: path, message: "cannot parse YAML: \(error)")
    }
    guard case .mapping = node else {
      throw ConfigError(
        file: path, line: node.mark?.line, column: node.mark?.column,
        message: "the top level must be a mapping of keys such as 'steps:' and 'nations:'")
    }
    return node
  }

  /// Decodes any config-style type from a node tree, locating every problem.
  package static func decode<T: Decodable>(_ type: T.Type, from node: Node, path: String)
    throws(ConfigError) -> T
  {
    do {
      return try YAMLDecoder().decode(T.self, from: node)
    } catch {
      throw located(error, node, path)
    }
  }

  /// Loads a config from a node tree (a base config with a sweep's factors applied, say).
  package static func load(
    node: Node, path: String, seed: UInt32? = nil, steps: Int? = nil,
    rules: RuleRegistry = .builtIn
  ) throws(ConfigError) -> LoadedConfig {
    let config = try decode(node: node, path: path, seed: seed, steps: steps, rules: rules)
    TestHooks.slowSetup()
    let world = try build(config, node: node, path: path, seed: config.seed)
    return LoadedConfig(config: config, world: world, path: path)
  }

  /// Decodes a config from a node tree without building its world: the first of
  /// ``load(node:path:seed:steps:)``'s two steps, so a sweep decodes each design point
  /// once and builds each run's world once.
  package static func decode(
    node: Node, path: String, seed: UInt32? = nil, steps: Int? = nil,
    rules: RuleRegistry = .builtIn
  ) throws(ConfigError) -> WorldConfig {
    do {
      return try resolved(node, seed: seed, steps: steps, rules: rules)
    } catch {
      throw located(error, node, path)
    }
  }

  /// Builds and checks the world of a decoded config with `seed`: the second step.
  ///
  /// Problems are located in `node`, the tree the config was decoded from, when given.
  package static func build(_ config: WorldConfig, node: Node?, path: String, seed: UInt32)
    throws(ConfigError) -> World
  {
    do {
      let world = try WorldBuilder.build(config, seed: seed, baseDirectory: directory(of: path))
      try checkDerived(world, node: node, path: path)
      return world
    } catch {
      if let node { throw located(error, node, path) }
      if let error = error as? ConfigError { throw error }
      throw ConfigError(file: path, message: "\(error)")
    }
  }

  /// The config of a node tree, `seed` and `steps` overriding the file's.
  static func resolved(_ node: Node, seed: UInt32?, steps: Int?, rules: RuleRegistry = .builtIn)
    throws -> WorldConfig
  {
    var userInfo: [CodingUserInfoKey: Any] = [:]
    if let key = RuleRegistry.userInfoKey { userInfo[key] = rules }
    var config = try YAMLDecoder().decode(WorldConfig.self, from: node, userInfo: userInfo)
    if let seed { config.seed = seed }
    if let steps { config.steps = steps }
    return config
  }

  /// The directory of the config file at `path`, against which its files resolve.
  static func directory(of path: String) -> String {
    URL(fileURLWithPath: path).deletingLastPathComponent().path
  }

  /// Builds the world of an already decoded config with another seed (the population
  /// and network are drawn from it): sweeps reuse one decoded config across replicates.
  public static func world(of config: WorldConfig, path: String, seed: UInt32) throws(ConfigError)
    -> World
  {
    try build(config, node: nil, path: path, seed: seed)
  }

  /// Checks what the run derives from the config before it starts, so `validate`
  /// rejects whatever `run` would: each nation's ratification game (its quota from the
  /// weights and rule) and the joint optimum of the summary, which needs some agent
  /// with positive weight and salience.
  static func checkDerived(_ world: World, node: Node?, path: String) throws(ConfigError) {
    func located(_ codingPath: [any CodingKey], _ message: String) -> ConfigError {
      guard let node else {
        return ConfigError(file: path, key: keyPath(codingPath), message: message)
      }
      return locate(codingPath, in: node, path, message)
    }
    for (k, nation) in world.nations.enumerated() {
      do {
        _ = try world.weightedGame(ofNation: k)
      } catch {
        throw located(
          [AnyKey("nations"), AnyKey(intValue: k)],
          "nation \(nation.name): its agents' weights give no ratification game: \(error)")
      }
    }
    var stake = 0.0
    for agent in world.agents { stake += agent.weight * agent.salience }
    guard stake.isFinite, stake > 0 else {
      throw located(
        [AnyKey("nations")],
        stake > 0 || !stake.isFinite && !stake.isNaN
          ? "the agents' weights times saliences add up beyond 1.8e308; use smaller weights"
          : "every agent has weight or salience 0; the joint optimum (max_joint_gain) is "
            + "undefined: give some agent a positive weight and salience")
    }
  }

  /// Any error of decoding or building, as one located ``ConfigError``.
  static func located(_ error: any Error, _ node: Node, _ path: String) -> ConfigError {
    switch error {
    case let error as ConfigError: error
    case let issue as ConfigIssue:
      locate(issue.path, in: node, path, issue.message, atKey: issue.atKey)
    case let error as DecodingError: decodingError(error, node, path)
    case let error as WorldError: ConfigError(file: path, message: error.description)
    default: ConfigError(file: path, message: "\(error)")
    }
  }

  private static func syntaxError(_ error: YamlError, _ path: String) -> ConfigError {
    switch error {
    case .scanner(let context, let problem, let mark, _),
      .parser(let context, let problem, let mark, _),
      .composer(let context, let problem, let mark, _):
      let detail = context.map { "\(problem) (\($0.text))" } ?? problem
      return ConfigError(
        file: path, line: mark.line, column: mark.column, message: "YAML syntax error: \(detail)")
    case .reader(let problem, let offset, let value, let yaml):
      // A character YAML does not allow (control characters, invalid encodings).
      var line: Int?
      var column: Int?
      if let offset {
        let before = yaml.unicodeScalars.prefix(offset)
        line = before.filter { $0 == "\n" }.count + 1
        column =
          before.count
          - (before.lastIndex(of: "\n").map { before.distance(from: before.startIndex, to: $0) + 1 }
            ?? 0) + 1
      }
      return ConfigError(
        file: path, line: line, column: column,
        message:
          "YAML syntax error: \(problem) (character U+\(String(value, radix: 16, uppercase: true)))"
      )
    case .duplicatedKeysInMapping(let duplicates, let context):
      return ConfigError(
        file: path, line: context.mark.line, column: context.mark.column,
        message: "duplicate key(s) \(duplicates.joined(separator: ", ")) in one mapping")
    default:
      // One line, whatever Yams prints after it.
      let first = "\(error)".split(separator: "\n").first.map(String.init) ?? ""
      return ConfigError(file: path, message: "YAML error: \(first)")
    }
  }

  private static func decodingError(_ error: DecodingError, _ node: Node, _ path: String)
    -> ConfigError
  {
    switch error {
    case .typeMismatch(let type, let context):
      return locate(context.codingPath, in: node, path, "expected \(describe(type))")
    case .valueNotFound(let type, let context):
      return locate(context.codingPath, in: node, path, "expected \(describe(type)), found nothing")
    case .keyNotFound(let key, let context):
      return locate(context.codingPath, in: node, path, "missing required key '\(key.stringValue)'")
    case .dataCorrupted(let context):
      return locate(context.codingPath, in: node, path, context.debugDescription)
    @unknown default:
      return ConfigError(file: path, message: "\(error)")
    }
  }

  private static func describe(_ type: Any.Type) -> String {
    switch type {
    case is Double.Type, is Float.Type: "a number"
    case is Int.Type, is UInt32.Type: "a whole number"
    case is String.Type: "a string"
    case is Bool.Type: "true or false"
    default:
      "\(type)".hasPrefix("Array") ? "a list" : "a mapping"
    }
  }

  /// Finds the YAML node at `codingPath` and builds the located error.
  static func locate(
    _ codingPath: [any CodingKey], in root: Node, _ file: String, _ message: String,
    atKey: Bool = false
  ) -> ConfigError {
    var node = root
    var mark = root.mark
    for key in codingPath {
      var next: Node?
      var keyMark: Mark?
      switch node {
      case .mapping(let mapping):
        for (k, v) in mapping where k.string == key.stringValue {
          next = v
          keyMark = k.mark
        }
      case .sequence(let sequence):
        if let i = key.intValue, i >= 0, i < sequence.count { next = sequence[i] }
      default: break
      }
      guard let found = next else { break }
      node = found
      mark =
        (atKey && key.stringValue == codingPath.last?.stringValue ? keyMark : nil) ?? found.mark
    }
    return ConfigError(
      file: file, line: mark?.line, column: mark?.column, key: keyPath(codingPath), message: message
    )
  }
}
