import AccordModel

/// How a run ended: its summary and how fast it ran.
package struct RunOutcome: Sendable, Encodable {
  package var summary: RunSummary?
  /// The run stopped at an agreement before its last step.
  package var stoppedAtAgreement: Bool
  /// Steps completed.
  package var steps: Int
  /// Seconds from the simulation's set-up to its last step, pauses excluded.
  package var seconds: Double
  /// Why the run failed, if it did.
  package var failure: String?

  enum CodingKeys: String, CodingKey {
    case summary
    case stoppedAtAgreement = "stopped_at_agreement"
    case steps, seconds, failure
  }
}
