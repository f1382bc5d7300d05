import Foundation
package import Yams

/// One value put into a config at a path: a sweep factor's level, or `--set PATH=VALUE`.
///
/// Sweep factors and command-line overrides share these paths and these messages: a
/// path that names no config field, or a value the config refuses, is reported the same
/// way wherever it came from.
package struct ConfigOverride {
  package var path: FactorPath
  /// The value as a YAML node (a scalar, or a flow list or mapping).
  package var value: Node
  /// The value as written on the command line (nil for a sweep's levels).
  private var written: String?

  /// The longest `--set` value, in bytes: far above any config value, and small enough
  /// that reading it is instant.
  package static let maxValueBytes = 4096

  package init(path: FactorPath, value: Node) {
    self.path = path
    self.value = value
  }

  /// Parses `PATH=VALUE` as given to `--set`; VALUE is read as YAML (`0.5`, `majority`,
  /// `true`, `[0.2, 0.4]`, `{type: complete}`).
  ///
  /// The value is limited as a file is, before it is expanded or echoed: at most
  /// ``maxValueBytes`` bytes, and ``YAMLLimits/commandLineValue`` once its aliases are
  /// expanded. Messages quote at most 60 characters of it.
  package init(argument: String) throws(ConfigOverrideError) {
    guard let equals = argument.firstIndex(of: "=") else {
      throw ConfigOverrideError(
        "'\(YAMLLimits.quoted(argument))' is not PATH=VALUE (e.g. theta=0.5 or "
          + "nations[North].rule=unanimity)")
    }
    let pathText = String(argument[..<equals])
    let valueText = String(argument[argument.index(after: equals)...])
    guard let path = FactorPath(pathText) else {
      throw ConfigOverrideError(
        "'\(YAMLLimits.quoted(pathText))' is not a config path such as theta, evidence.trials "
          + "or nations[A].agents[b].outside")
    }
    guard valueText.utf8.count <= Self.maxValueBytes else {
      throw ConfigOverrideError(
        "the value is \(valueText.utf8.count) bytes; at most \(Self.maxValueBytes) are allowed")
    }
    let parsed: Node?
    do {
      parsed = try Yams.compose(yaml: valueText)
    } catch {
      throw ConfigOverrideError("'\(YAMLLimits.quoted(valueText))' is not a YAML value")
    }
    guard let parsed else { throw ConfigOverrideError("no value after '='") }
    if let problem = YAMLLimits.commandLineValue.problem(parsed) {
      throw ConfigOverrideError("the value '\(YAMLLimits.quoted(valueText))' has \(problem)")
    }
    self.init(path: path, value: parsed)
    written = valueText
  }

  /// The base config with this value applied, checked by loading it.
  ///
  /// Throws ``ConfigOverrideError`` saying whether the path names no config field or
  /// the value makes the config invalid, with the config's own message.
  /// `describedAs` names the value in messages (default: as written).
  package func check(in base: Node, basePath: String, describedAs: String? = nil)
    throws(ConfigOverrideError) -> Node
  {
    let updated = try applied(to: base)
    do {
      _ = try ConfigLoader.load(node: updated, path: basePath)
    } catch {
      throw ConfigOverrideError(refusal: error, valueText: describedAs ?? valueText)
    }
    return updated
  }

  /// `base` with this value at the path; fails only when a list selector names no entry.
  package func applied(to base: Node) throws(ConfigOverrideError) -> Node {
    switch path.applying(value, to: base) {
    case .success(let node): return node
    case .failure(let error): throw ConfigOverrideError("names no config field: \(error.message)")
    }
  }

  /// The value as written, for messages: at most 60 characters of it, since a value's
  /// text can be long (and a sweep level's serialisation is only ever short).
  package var valueText: String {
    if let written { return YAMLLimits.quoted(written) }
    switch value {
    case .scalar(let s): return YAMLLimits.quoted(s.string)
    default:
      guard YAMLLimits.commandLineValue.problem(value) == nil else { return "…" }
      return YAMLLimits.quoted(
        (try? Yams.serialize(node: value).trimmingCharacters(in: .whitespacesAndNewlines)) ?? "?")
    }
  }

  /// Applies `overrides` to the config at `path`, in order, then loads the result once
  /// (overrides may depend on each other, as a network type and its degree do).
  ///
  /// A refusal names the override responsible: one whose path names no config field,
  /// else the one whose key the config's message names, else all of them. A config
  /// file that is itself invalid is reported as without overrides.
  package static func load(
    path: String, overrides: [ConfigOverride], seed: UInt32? = nil, steps: Int? = nil
  ) throws -> LoadedConfig {
    try resolve(path: path, overrides: overrides) { (node) throws(ConfigError) -> LoadedConfig in
      try ConfigLoader.load(node: node, path: path, seed: seed, steps: steps)
    }
  }

  /// Checks the config at `path` with `overrides` applied as `load` would, without
  /// building a large population (`ConfigLoader.check(node:path:seed:steps:)`).
  package static func check(
    path: String, overrides: [ConfigOverride], seed: UInt32? = nil, steps: Int? = nil
  ) throws -> CheckedConfig {
    try resolve(path: path, overrides: overrides) { (node) throws(ConfigError) -> CheckedConfig in
      try ConfigLoader.check(node: node, path: path, seed: seed, steps: steps)
    }
  }

  /// The cost of the config at `path` with `overrides`, decoded but not built: what
  /// `run` checks against the machine before it allocates anything.
  package static func cost(
    path: String, overrides: [ConfigOverride], seed: UInt32? = nil, steps: Int? = nil
  ) throws -> (config: WorldConfig, cost: WorldCost) {
    try resolve(path: path, overrides: overrides) {
      (node) throws(ConfigError) -> (config: WorldConfig, cost: WorldCost) in
      let config = try ConfigLoader.decode(node: node, path: path, seed: seed, steps: steps)
      return (config, WorldCost.of(config))
    }
  }

  /// The file's tree with `overrides` applied, given to `loader`; refusals as `load` says.
  private static func resolve<T>(
    path: String, overrides: [ConfigOverride],
    _ loader: (Node) throws(ConfigError) -> T
  ) throws -> T {
    guard !overrides.isEmpty else {
      return try loader(
        try ConfigLoader.compose(yaml: try ConfigLoader.text(path: path), path: path))
    }
    let text = try InputText.read(path: path)
    let base = try ConfigLoader.compose(yaml: text, path: path)
    var node = base
    for o in overrides {
      do {
        node = try o.applied(to: node)
      } catch {
        throw OverrideRefusal(argument: o.argument, error: error)
      }
    }
    do {
      return try loader(node)
    } catch {
      do {
        _ = try loader(base)
      } catch let plain where plain == error {
        // The file is refused without any override: report it as `validate` would.
        throw plain
      } catch {}
      for o in overrides {
        do {
          _ = try o.check(in: base, basePath: path)
        } catch let refusal where refusal.unknownField {
          throw OverrideRefusal(argument: o.argument, error: refusal)
        } catch {
          continue
        }
      }
      let key = error.key.split(separator: ".").last.map {
        String($0.prefix { $0 != "[" })
      }
      let culprits = overrides.filter { $0.path.lastKey == key }
      let named = culprits.count == 1 ? culprits : overrides
      throw OverrideRefusal(
        argument: named.map(\.argument).joined(separator: " --set "),
        error: ConfigOverrideError(
          refusal: error, valueText: named.count == 1 ? named[0].valueText : nil))
    }
  }

  /// `PATH=VALUE`, as it would be written on the command line.
  package var argument: String { "\(YAMLLimits.quoted(path.text))=\(valueText)" }
}

extension FactorPath {
  /// The last plain key of the path (`outside` in `nations[A].agents[b].outside`).
  var lastKey: String? {
    for component in components.reversed() { if case .key(let k) = component { return k } }
    return nil
  }
}

/// Why a config refused a value at a path.
package struct ConfigOverrideError: Error, Sendable, CustomStringConvertible {
  package var message: String
  /// The path names no config field (rather than the value being out of range).
  package var unknownField = false

  package init(_ message: String) { self.message = message }

  /// From the config's own refusal of the updated tree.
  package init(refusal error: ConfigError, valueText: String?) {
    var error = error
    // A value put in from outside the file has no position; the loader then points at
    // the top of the file, which would send the reader to the wrong line.
    if error.line == 1 && error.column == 1 && !error.key.isEmpty {
      error.line = nil
      error.column = nil
    }
    if error.message.hasPrefix("unknown key") {
      message = "names no config field: \(error.description)"
      unknownField = true
    } else {
      let value = valueText.map { "value \($0) " } ?? ""
      message = "\(value)gives an invalid config: \(error.description)"
    }
  }

  package var description: String { message }
}

/// A `--set PATH=VALUE` the config refused: one line naming the option and the reason.
package struct OverrideRefusal: Error, Sendable, CustomStringConvertible {
  package var argument: String
  package var error: ConfigOverrideError

  package var description: String { "--set \(argument): \(error.message)" }
}
