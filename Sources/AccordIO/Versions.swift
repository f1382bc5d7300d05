import AccordModel
import AccordNumerics

/// The versions a run records, so that a result can be traced to its code.
public struct Versions: Codable, Sendable, Equatable {
  public var accord: String
  public var gsl: String
  public var swift: String

  public static var current: Versions {
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
