/// What an experiment, a world or a proposition shows, with analytic checks kept apart
/// from reproductions.
///
/// Only emergent tests make the verdict; analytic tests (closed forms, deterministic
/// consequences of the model's formulas) check the implementation. With no emergent test
/// the reading is "analytic check only", never "holds".
package struct Reading: Sendable, Equatable, CustomStringConvertible {
  /// The combined verdict of the emergent tests; nil when there are none.
  package var emergent: Verdict?
  /// The combined verdict of the analytic tests; nil when there are none.
  package var analytic: Verdict?

  /// The reading of tests, each with its kind (nil kind: a manipulation check, ignored).
  static func of(_ parts: [(StatisticTest.Evidence?, Verdict)]) -> Reading {
    let emergent = parts.filter { $0.0 == .emergent }.map(\.1)
    let analytic = parts.filter { $0.0 == .analytic }.map(\.1)
    return Reading(
      emergent: emergent.isEmpty ? nil : Verdict.combine(emergent),
      analytic: analytic.isEmpty ? nil : Verdict.combine(analytic))
  }

  /// Several readings together (the experiments of one world, or one proposition's).
  static func combine(_ parts: [Reading]) -> Reading {
    let emergent = parts.compactMap(\.emergent)
    let analytic = parts.compactMap(\.analytic)
    return Reading(
      emergent: emergent.isEmpty ? nil : Verdict.combine(emergent),
      analytic: analytic.isEmpty ? nil : Verdict.combine(analytic))
  }

  /// Whether the reproduction holds (an analytic check alone never does).
  package var holds: Bool { emergent == .holds }

  package var description: String {
    if let emergent { return emergent.description }
    guard let analytic else { return "no test" }
    return "analytic check only (implementation check: \(analytic))"
  }
}
