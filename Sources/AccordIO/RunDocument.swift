import AccordModel
import Foundation

/// The contents of `summary.json`: what ran, with what, and what came out.
public struct RunDocument<Config: Encodable & Sendable>: Encodable, Sendable {
  public var versions: Versions
  public var configFile: String
  public var seed: UInt32
  public var stepsRequested: Int
  public var stoppedAtAgreement: Bool
  public var files: [String]
  public var config: Config
  public var summary: RunSummary

  public init(
    versions: Versions, configFile: String, seed: UInt32, stepsRequested: Int,
    stoppedAtAgreement: Bool, files: [String], config: Config, summary: RunSummary
  ) {
    self.versions = versions
    self.configFile = configFile
    self.seed = seed
    self.stepsRequested = stepsRequested
    self.stoppedAtAgreement = stoppedAtAgreement
    self.files = files
    self.config = config
    self.summary = summary
  }

  enum CodingKeys: String, CodingKey {
    case versions
    case configFile = "config_file"
    case seed
    case stepsRequested = "steps_requested"
    case stoppedAtAgreement = "stopped_at_agreement"
    case files, config, summary
  }

  /// Pretty, key-sorted JSON: the same run always gives the same bytes.
  public func encoded() throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
  }
}
