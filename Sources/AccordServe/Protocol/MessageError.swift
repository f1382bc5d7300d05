/// Why a client message or request was refused: shown to the user in the page.
package struct MessageError: Error, CustomStringConvertible, Equatable, Sendable {
  package enum Kind: String, Sendable {
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

  package var kind: Kind
  package var message: String

  package init(_ kind: Kind, _ message: String) {
    self.kind = kind
    self.message = message
  }

  package var description: String { message }
}
