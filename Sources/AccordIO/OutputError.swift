/// Writing results failed.
public struct OutputError: Error, CustomStringConvertible, Sendable {
  /// The file that could not be written.
  public var path: String
  /// Why, as the system said it.
  public var message: String

  /// A failure to write `path`.
  public init(path: String, message: String) {
    self.path = path
    self.message = message
  }

  /// The message as printed: `path: message`.
  public var description: String { "\(path): \(message)" }
}
