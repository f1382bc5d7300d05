package import Foundation

/// An input decoder that coverage-guided fuzzing drives: it must refuse any input with an
/// error, never trap, hang or disagree with itself.
///
/// Each target is a function of the raw input bytes. libFuzzer calls it through
/// `Fuzz/Entry` (built by `scripts/fuzz.sh` with `-sanitize=fuzzer,address`), and
/// `CorpusReplayTests` replays the committed corpus and every crash found through the
/// same function in the normal test run, so a fixed crash stays fixed.
package enum FuzzTarget: String, CaseIterable, Sendable {
  /// A config file, with `--set` overrides in leading `#set PATH=VALUE` comment lines:
  /// validated, and when accepted loaded, built and run for a few steps.
  case config
  /// A sweep file (its base resolved from `Configs/sweeps/`): checked, its design drawn
  /// and its first point's config checked.
  case sweep
  /// An edge-list file over a fixed roster of agent names.
  case edgeList = "edge-list"
  /// One message of `accord serve`'s WebSocket protocol.
  case message

  /// What a target made of an input.
  package enum Outcome: Sendable, Equatable {
    /// The input was accepted (and, for a config, run).
    case accepted
    /// The input was refused with an error (the message is kept for tests).
    case refused(String)
    /// The input was outside what the target explores (too large a world), not refused.
    case skipped
  }

  /// Inputs above this size are skipped: fuzzing explores structure, not size (the size
  /// limits are tested apart).
  package static let maxInputBytes = 64 * 1024

  /// Runs the target on one input.
  package func run(_ data: Data) -> Outcome {
    guard data.count <= Self.maxInputBytes else { return .skipped }
    switch self {
    case .config: return ConfigFuzz.run(data)
    case .sweep: return SweepFuzz.run(data)
    case .edgeList: return EdgeListFuzz.run(data)
    case .message: return MessageFuzz.run(data)
    }
  }
}
