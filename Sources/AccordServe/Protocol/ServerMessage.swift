import AccordModel
package import AccordSweep
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
  /// A run waits for a run slot: `position` runs ahead of it, counting itself, of at
  /// most `limit` stepping at once; position 0 means it has started.
  case queued(run: Int, position: Int, limit: Int)
  /// A run has ended.
  case finished(run: Int, outcome: RunOutcome)
  /// A finished run's files, by name.
  case files(run: Int, files: [String: String])
  /// A refused message or a failed load, for the page to show.
  case error(MessageError)
  /// The run's agents at a step the page asked for, and the inspected agent's row there.
  case frame(run: Int, snapshot: AgentSnapshot, agent: AgentDetail?)
  /// A batch of seeds: `done` of `count` have run; the band once all have.
  case band(run: Int, done: Int, count: Int, band: SeedBand?)
  /// A finished run's summary table, sent after `finished`: the result panel's numbers.
  case summary(run: Int, table: SummaryTable)
  /// The sweep stores the page may open.
  case sweeps([SweepCatalog.Entry])
  /// An opened sweep store's overview.
  case sweep(id: String, overview: SweepOverview)
  /// A page of a sweep store's runs.
  case sweepRuns(id: String, page: RunPage)
  /// A sweep store's factor plot, computed by the server.
  case factorPlot(id: String, plot: FactorPlot)
  /// Run `run` replays run `sweepRun` of sweep `id` (sent after its `started`).
  case replaying(run: Int, id: String, sweepRun: Int, seed: UInt32)
  /// A replay has finished: whether its summary is the stored one, and the stored one.
  case replayed(run: Int, id: String, sweepRun: Int, matches: Bool, stored: String)

  /// The message as one line of JSON.
  package func json() -> String {
    if case .rows(let run, let lines, let step, let paused) = self {
      return Self.rowsJSON(run: run, lines: lines, step: step, paused: paused)
    }
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
    case network, agents, position, limit, nations
    case agent, done, count, band
    case kind, message
    case sweeps, sweep, overview, page, plot, seed, matches, stored
    case sweepRun = "sweep_run"
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
    case .queued(let run, let position, let limit):
      try c.encode("queued", forKey: .type)
      try c.encode(run, forKey: .run)
      try c.encode(position, forKey: .position)
      try c.encode(limit, forKey: .limit)
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
    case .frame(let run, let snapshot, let agent):
      try c.encode("frame", forKey: .type)
      try c.encode(run, forKey: .run)
      try c.encode(snapshot, forKey: .agents)
      try c.encodeIfPresent(agent, forKey: .agent)
    case .band(let run, let done, let count, let band):
      try c.encode("band", forKey: .type)
      try c.encode(run, forKey: .run)
      try c.encode(done, forKey: .done)
      try c.encode(count, forKey: .count)
      try c.encodeIfPresent(band, forKey: .band)
    case .summary(let run, let table):
      try c.encode("summary", forKey: .type)
      try c.encode(run, forKey: .run)
      try c.encode(table.nations, forKey: .nations)
      try c.encode(table.columns, forKey: .columns)
    case .sweeps(let entries):
      try c.encode("sweeps", forKey: .type)
      try c.encode(entries, forKey: .sweeps)
    case .sweep(let id, let overview):
      try c.encode("sweep", forKey: .type)
      try c.encode(id, forKey: .sweep)
      try c.encode(overview, forKey: .overview)
    case .sweepRuns(let id, let page):
      try c.encode("sweep_runs", forKey: .type)
      try c.encode(id, forKey: .sweep)
      try c.encode(page, forKey: .page)
    case .factorPlot(let id, let plot):
      try c.encode("factor_plot", forKey: .type)
      try c.encode(id, forKey: .sweep)
      try c.encode(plot, forKey: .plot)
    case .replaying(let run, let id, let sweepRun, let seed):
      try c.encode("replaying", forKey: .type)
      try c.encode(run, forKey: .run)
      try c.encode(id, forKey: .sweep)
      try c.encode(sweepRun, forKey: .sweepRun)
      try c.encode(seed, forKey: .seed)
    case .replayed(let run, let id, let sweepRun, let matches, let stored):
      try c.encode("replayed", forKey: .type)
      try c.encode(run, forKey: .run)
      try c.encode(id, forKey: .sweep)
      try c.encode(sweepRun, forKey: .sweepRun)
      try c.encode(matches, forKey: .matches)
      try c.encode(stored, forKey: .stored)
    }
  }
}

extension ServerMessage {
  /// A `rows` message as `JSONEncoder` writes it (sorted keys), built by hand.
  ///
  /// Rows are most of what a run sends (about 25 messages a second, each with every
  /// line since the last), and the encoder's generic path costs more CPU than the
  /// rest of the sender together; the page parses the same text either way.
  static func rowsJSON(run: Int, lines: [String], step: Int, paused: Bool) -> String {
    var out: [UInt8] = []
    out.reserveCapacity(lines.reduce(64) { $0 + $1.utf8.count + 3 })
    out.append(contentsOf: #"{"lines":["#.utf8)
    for (i, line) in lines.enumerated() {
      if i > 0 { out.append(UInt8(ascii: ",")) }
      out.append(UInt8(ascii: "\""))
      appendEscaped(line, to: &out)
      out.append(UInt8(ascii: "\""))
    }
    out.append(
      contentsOf: #"],"paused":\#(paused),"run":\#(run),"step":\#(step),"type":"rows"}"#.utf8)
    return String(decoding: out, as: UTF8.self)
  }

  /// Appends a string's UTF-8 with JSON's escapes (quote, backslash, control characters).
  private static func appendEscaped(_ text: String, to out: inout [UInt8]) {
    // Time-series lines need no escape: copy them whole.
    guard text.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) else {
      out.append(contentsOf: text.utf8)
      return
    }
    func hex(_ nibble: UInt8) -> UInt8 { nibble < 10 ? 0x30 + nibble : 0x61 + nibble - 10 }
    for byte in text.utf8 {
      switch byte {
      case UInt8(ascii: "\""), UInt8(ascii: "\\"):
        out.append(UInt8(ascii: "\\"))
        out.append(byte)
      case 0x0A: out.append(contentsOf: #"\n"#.utf8)
      case 0x0D: out.append(contentsOf: #"\r"#.utf8)
      case 0x09: out.append(contentsOf: #"\t"#.utf8)
      case 0x08: out.append(contentsOf: #"\b"#.utf8)
      case 0x0C: out.append(contentsOf: #"\f"#.utf8)
      case ..<0x20:
        out.append(contentsOf: #"\u00"#.utf8)
        out.append(hex(byte >> 4))
        out.append(hex(byte & 0xF))
      default: out.append(byte)
      }
    }
  }
}
