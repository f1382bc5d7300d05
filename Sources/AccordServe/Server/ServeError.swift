/// Why the server cannot start (bad host or port, missing resources).
public struct ServeError: Error, CustomStringConvertible, Sendable {
  public var message: String

  public init(message: String) {
    self.message = message
  }

  public var description: String { message }
}
