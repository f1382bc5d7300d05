package import AccordModel

/// How a run ended: its summary and how fast it ran.
package struct RunOutcome: Sendable, Encodable {
  package var summary: RunSummary?
  /// The run stopped at an agreement before its last step.
  package var stoppedAtAgreement: Bool
  /// Steps completed.
  package var steps: Int
  /// Seconds from the simulation's set-up to its last step, pauses excluded.
  package var seconds: Double
  /// CPU seconds the run's thread used over the same span (Linux; nil elsewhere): with
  /// `seconds`, how much of the wall time the step loop had a core.
  package var cpuSeconds: Double?
  /// Why the run failed, if it did.
  package var failure: String?

  enum CodingKeys: String, CodingKey {
    case summary
    case stoppedAtAgreement = "stopped_at_agreement"
    case steps, seconds
    case cpuSeconds = "cpu_seconds"
    case failure
  }
}
