/// A problem with a config or data file, located at `file:line:column` and a key path.
///
/// Printed as one line, e.g.
/// `quickstart.yaml:12:5: nations[0].rule: unknown value 'majoritarian'; allowed: ...`.
public struct ConfigError: Error, CustomStringConvertible, Equatable, Sendable {
  /// The file the problem is in.
  public var file: String
  /// The problem's line (1-based), when known.
  public var line: Int?
  /// The problem's column (1-based), when known.
  public var column: Int?
  /// The key path, such as `nations[0].agents[1].ideal` (empty for file-level problems).
  public var key: String
  /// What is wrong, with the allowed range where there is one.
  public var message: String

  /// A problem in `file` at `line`:`column`, under `key` (empty: none).
  public init(file: String, line: Int? = nil, column: Int? = nil, key: String = "", message: String)
  {
    self.file = file
    self.line = line
    self.column = column
    self.key = key
    self.message = message
  }

  /// The message as printed: `file:line:column: key: message`.
  public var description: String {
    var location = file
    if let line {
      location += ":\(line)"
      if let column { location += ":\(column)" }
    }
    return key.isEmpty ? "\(location): \(message)" : "\(location): \(key): \(message)"
  }
}

/// A problem found while decoding or building, before it is located in the file.
///
/// Thrown from `init(from:)` of config types (here and in other modules' files, such
/// as sweep files); ``ConfigLoader`` turns it into a located ``ConfigError``.
package struct ConfigIssue: Error {
  package var path: [any CodingKey]
  package var message: String
  /// Point at the key itself rather than its value (unknown keys).
  package var atKey = false

  package init(path: [any CodingKey], message: String, atKey: Bool = false) {
    self.path = path
    self.message = message
    self.atKey = atKey
  }
}

/// A coding key made from any string or index.
package struct AnyKey: CodingKey {
  package var stringValue: String
  package var intValue: Int?
  package init(stringValue: String) { self.stringValue = stringValue }
  package init(intValue: Int) {
    stringValue = "\(intValue)"
    self.intValue = intValue
  }
  package init(_ string: String) { self.init(stringValue: string) }
}

/// Renders a coding path as `nations[0].agents[1].ideal`.
package func keyPath(_ path: [any CodingKey]) -> String {
  var text = ""
  for key in path {
    if let index = key.intValue {
      text += "[\(index)]"
    } else {
      text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
    }
  }
  return text
}
