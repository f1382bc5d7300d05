import AccordModel

/// What a run produced since the last look: new time-series lines and its state.
public struct RunUpdate: Sendable {
  /// New time-series lines (no newline), exactly as `timeseries.csv` holds them.
  public var lines: [String]
  /// The last completed step.
  public var step: Int
  public var paused: Bool
  /// Set once, with the last lines, when the run has ended.
  public var finished: RunOutcome?
  /// The agents' state at a recent step (network view only).
  public var agents: AgentSnapshot?
}
