/// Why a client message or request was refused: shown to the user in the page.
public struct MessageError: Error, CustomStringConvertible, Equatable, Sendable {
  public enum Kind: String, Sendable {
    /// Not JSON, or not an object with a string `type`.
    case malformed
    /// Larger than ``ClientMessage/maxBytes``.
    case tooLarge = "too-large"
    /// A `type` the server does not know.
    case unknownType = "unknown-type"
    /// A config name that is absolute, climbs out with `..`, or is not in the catalog.
    case refusedPath = "refused-path"
    /// A parameter or value the server does not accept.
    case badParameter = "bad-parameter"
    /// The config does not load (its one-line `ConfigError`).
    case badConfig = "bad-config"
    /// The message does not fit the session's state (e.g. pause with no run).
    case state
  }

  public var kind: Kind
  public var message: String

  public init(_ kind: Kind, _ message: String) {
    self.kind = kind
    self.message = message
  }

  public var description: String { message }
}
