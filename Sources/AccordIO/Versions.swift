import AccordModel
import AccordNumerics

/// The versions a run records, so that a result can be traced to its code.
package struct Versions: Codable, Sendable, Equatable {
  package var accord: String
  package var gsl: String
  package var swift: String

  package static var current: Versions {
    Versions(accord: AccordVersion.current, gsl: GSL.version, swift: swiftVersion)
  }

  /// The compiler's language version, fixed at build time.
  static var swiftVersion: String {
    #if swift(>=6.4)
    "6.4+"
    #elseif swift(>=6.3)
    "6.3"
    #elseif swift(>=6.2)
    "6.2"
    #elseif swift(>=6.1)
    "6.1"
    #else
    "6.0"
    #endif
  }
}
