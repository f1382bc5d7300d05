import AccordModel

/// How a run ended: its summary and how fast it ran.
public struct RunOutcome: Sendable, Encodable {
  public var summary: RunSummary?
  /// The run stopped at an agreement before its last step.
  public var stoppedAtAgreement: Bool
  /// Steps completed.
  public var steps: Int
  /// Seconds from the simulation's set-up to its last step, pauses excluded.
  public var seconds: Double
  /// Why the run failed, if it did.
  public var failure: String?

  enum CodingKeys: String, CodingKey {
    case summary
    case stoppedAtAgreement = "stopped_at_agreement"
    case steps, seconds, failure
  }
}
