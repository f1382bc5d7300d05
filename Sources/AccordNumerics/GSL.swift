import CGSL

/// Process-wide GSL facts and the one-time setup accord needs.
package enum GSL {
  /// GSL's version string, such as `2.7.1`.
  package static var version: String { String(cString: accord_gsl_version()) }

  /// Turns GSL's abort-on-error handler off, exactly once per process.
  ///
  /// GSL's default handler calls `abort()`. accord checks every status code and
  /// throws ``GSLError`` instead, so the handler must be off before any call.
  static let errorsOff: Void = accord_gsl_error_handler_off()

  @inline(__always)
  static func prepare() { _ = errorsOff }

  /// Throws a ``GSLError`` when `status` is not `GSL_SUCCESS`.
  @inline(__always)
  static func check(_ status: Int32, _ function: StaticString) throws(GSLError) {
    if Int(status) != Int(GSL_SUCCESS) { throw GSLError(code: status, function: "\(function)") }
  }
}
