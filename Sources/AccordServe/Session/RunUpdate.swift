import AccordModel

/// What a run produced since the last look: new time-series lines and its state.
package struct RunUpdate: Sendable {
  /// New time-series lines (no newline), exactly as `timeseries.csv` holds them.
  package var lines: [String]
  /// The last completed step.
  package var step: Int
  package var paused: Bool
  /// Set once, with the last lines, when the run has ended.
  package var finished: RunOutcome?
  /// The agents' state at a recent step (network view only).
  package var agents: AgentSnapshot?
  /// The run's place in the queue for a run slot (1: next); nil once it has one.
  package var queued: Int? = nil
}
