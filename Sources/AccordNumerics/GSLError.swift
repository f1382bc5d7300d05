import CGSL

/// A GSL routine reported a failure status.
public struct GSLError: Error, CustomStringConvertible, Equatable, Sendable {
  /// GSL's status code (`GSL_EINVAL`, `GSL_EMAXITER`, ...).
  public var code: Int32
  /// The accord-side routine that received the status.
  public var function: String

  /// The failure status `code` that `function` received from GSL.
  public init(code: Int32, function: String) {
    self.code = code
    self.function = function
  }

  /// The routine, GSL's message for the status and the status code.
  public var description: String {
    "GSL error in \(function): \(String(cString: gsl_strerror(code))) (status \(code))"
  }
}
