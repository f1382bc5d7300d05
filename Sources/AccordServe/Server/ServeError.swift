/// Why the server cannot start (bad host or port, missing resources).
package struct ServeError: Error, CustomStringConvertible, Sendable {
  package var message: String

  package init(message: String) {
    self.message = message
  }

  package var description: String { message }
}
