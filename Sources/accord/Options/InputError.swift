/// A bad flag value or command-line input: printed as one line, without a usage block.
struct InputError: Error, CustomStringConvertible {
  var description: String

  init(_ description: String) { self.description = description }
}
