import AccordModel
import Foundation

/// A message to the page: a JSON object with a `type`.
package enum ServerMessage: Sendable {
  /// The configs the page may load, and the one named on the command line.
  case catalog(entries: [ConfigCatalog.Entry], initial: String?)
  /// A loaded config: its controls with their values, seed and steps, and inspect view.
  case loaded(ConfigView)
  /// A new run: its id, columns and thresholds, and the inspect view of its world.
  case started(run: Int, view: ConfigView, columns: [String])
  /// New time-series lines of a run (exactly as `timeseries.csv` holds them).
  case rows(run: Int, lines: [String], step: Int, paused: Bool)
  /// A small world's social network, sent when its run starts.
  case network(run: Int, view: NetworkView)
  /// The agents' beliefs and membership at a recent step.
  case agents(run: Int, snapshot: AgentSnapshot)
  /// A run has ended.
  case finished(run: Int, outcome: RunOutcome)
  /// A finished run's files, by name.
  case files(run: Int, files: [String: String])
  /// A refused message or a failed load, for the page to show.
  case error(MessageError)

  /// The message as one line of JSON.
  package func json() -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    encoder.nonConformingFloatEncodingStrategy = .convertToString(
      positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    do {
      return String(decoding: try encoder.encode(self), as: UTF8.self)
    } catch {
      return #"{"type":"error","kind":"internal","message":"cannot encode a reply"}"#
    }
  }
}

extension ServerMessage: Encodable {
  enum CodingKeys: String, CodingKey {
    case type, configs, initial, config, run, columns, lines, step, paused, outcome, files
    case network, agents
    case kind, message
  }

  package func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    switch self {
    case .catalog(let entries, let initial):
      try c.encode("catalog", forKey: .type)
      try c.encode(entries, forKey: .configs)
      try c.encodeIfPresent(initial, forKey: .initial)
    case .loaded(let view):
      try c.encode("loaded", forKey: .type)
      try c.encode(view, forKey: .config)
    case .started(let run, let view, let columns):
      try c.encode("started", forKey: .type)
      try c.encode(run, forKey: .run)
      try c.encode(view, forKey: .config)
      try c.encode(columns, forKey: .columns)
    case .rows(let run, let lines, let step, let paused):
      try c.encode("rows", forKey: .type)
      try c.encode(run, forKey: .run)
      try c.encode(lines, forKey: .lines)
      try c.encode(step, forKey: .step)
      try c.encode(paused, forKey: .paused)
    case .network(let run, let view):
      try c.encode("network", forKey: .type)
      try c.encode(run, forKey: .run)
      try c.encode(view, forKey: .network)
    case .agents(let run, let snapshot):
      try c.encode("agents", forKey: .type)
      try c.encode(run, forKey: .run)
      try c.encode(snapshot, forKey: .agents)
    case .finished(let run, let outcome):
      try c.encode("finished", forKey: .type)
      try c.encode(run, forKey: .run)
      try c.encode(outcome, forKey: .outcome)
    case .files(let run, let files):
      try c.encode("files", forKey: .type)
      try c.encode(run, forKey: .run)
      try c.encode(files, forKey: .files)
    case .error(let error):
      try c.encode("error", forKey: .type)
      try c.encode(error.kind.rawValue, forKey: .kind)
      try c.encode(error.message, forKey: .message)
    }
  }
}
