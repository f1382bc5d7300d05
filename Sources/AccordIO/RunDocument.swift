package import AccordModel
import Foundation

/// The contents of `summary.json`: what ran, with what, and what came out.
package struct RunDocument<Config: Encodable & Sendable>: Encodable, Sendable {
  package var versions: Versions
  package var configFile: String
  package var seed: UInt32
  package var stepsRequested: Int
  package var stoppedAtAgreement: Bool
  /// False when the run was stopped before its horizon (Ctrl-C): the files hold steps
  /// 1...`lastStep`.
  package var complete: Bool
  /// The last step run and written.
  package var lastStep: Int
  /// The `--set PATH=VALUE` overrides applied to the config file, in order.
  package var overrides: [RecordedOverride] = []
  package var files: [String]
  package var config: Config
  package var summary: RunSummary

  /// The document of `simulation` as it stands: the one place a `summary.json` is made,
  /// for `accord run` and the explorer page alike.
  ///
  /// `complete` is false when the run was stopped before its horizon or agreement;
  /// `files` names the run's files, summary last.
  package init(
    of simulation: borrowing Simulation, config: Config, configFile: String,
    stepsRequested: Int, complete: Bool, overrides: [RecordedOverride] = [], files: [String]
  ) {
    versions = .current
    self.configFile = configFile
    seed = simulation.seed
    self.stepsRequested = stepsRequested
    stoppedAtAgreement = simulation.isFinished
    self.complete = complete
    lastStep = simulation.step
    self.overrides = overrides
    self.files = files
    self.config = config
    summary = simulation.summary()
  }

  enum CodingKeys: String, CodingKey {
    case versions
    case configFile = "config_file"
    case seed
    case stepsRequested = "steps_requested"
    case stoppedAtAgreement = "stopped_at_agreement"
    case complete
    case lastStep = "last_step"
    case files, config, summary, overrides
  }

  /// Pretty, key-sorted JSON with every key present (`null` where a value is absent):
  /// the same run always gives the same bytes.
  package func encoded() throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(ExplicitNulls(self)), as: UTF8.self) + "\n"
  }
}

/// One `--set PATH=VALUE` as `summary.json` records it: the path and the typed value.
package struct RecordedOverride: Encodable, Sendable {
  package var path: String
  package var value: any Encodable & Sendable

  package init(path: String, value: any Encodable & Sendable) {
    self.path = path
    self.value = value
  }

  enum CodingKeys: String, CodingKey { case path, value }

  package func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(path, forKey: .path)
    try c.encode(value, forKey: .value)
  }
}

/// A value encoded through ``ExplicitNullEncoder``: every optional key present, `null`
/// where it has no value.
package struct ExplicitNulls<Value: Encodable>: Encodable {
  var value: Value
  package init(_ value: Value) { self.value = value }
  package func encode(to encoder: any Encoder) throws {
    try value.encode(to: ExplicitNullEncoder(base: encoder))
  }
}
