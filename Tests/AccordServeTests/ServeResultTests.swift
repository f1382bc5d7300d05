import AccordConfig
import AccordIO
import AccordModel
import Foundation
import Testing

@testable import AccordServe

/// What the page shows of a finished run, and the speed control: the summary table holds
/// `accord run`'s summary.json numbers, and a paced run keeps `accord run`'s rows.
@Suite struct ServeResultTests {
  let quickstart = "examples/quickstart.yaml"

  func message(_ json: String) -> Data { ServeFixtures.data(json) }

  /// `accord run`'s summary for a config and seed, read back from its summary.json.
  func cliSummary(_ id: String, seed: UInt32) throws -> (RunSummary, [String], Int) {
    let loaded = try ConfigLoader.load(path: "\(ServeFixtures.configs)/\(id)", seed: seed)
    let out = FileManager.default.temporaryDirectory.appendingPathComponent(
      "accord-serve-result-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: out) }
    _ = try RunDriver.run(
      world: loaded.world, seed: loaded.config.seed, steps: loaded.config.steps,
      config: loaded.config, configFile: "Configs/\(id)",
      output: RunOutputOptions(directory: out.path))
    struct File: Decodable { var summary: RunSummary }
    let data = try Data(contentsOf: out.appendingPathComponent("summary.json"))
    return (
      try JSONDecoder().decode(File.self, from: data).summary,
      loaded.world.nations.map(\.name), loaded.world.parameters.issues
    )
  }

  /// Polls until the run's `summary` message (sent after `finished`), keeping the rows.
  func collect(_ session: ExplorerSession) async throws -> (
    lines: [String], outcome: RunOutcome?, table: SummaryTable?
  ) {
    var lines: [String] = []
    var outcome: RunOutcome?
    let deadline = Date().addingTimeInterval(60)
    while Date() < deadline {
      for message in await session.poll() {
        switch message {
        case .rows(_, let batch, _, _): lines += batch
        case .finished(_, let o): outcome = o
        case .summary(_, let table): return (lines, outcome, table)
        default: break
        }
      }
      try await Task.sleep(for: .milliseconds(5))
    }
    return (lines, outcome, nil)
  }

  @Test func summaryMessageHoldsTheRunSummaryTableOfAccordRun() async throws {
    for (id, seed) in [(quickstart, 7), ("examples/ozone.yaml", 2)] {
      let session = ExplorerSession(catalog: ServeFixtures.catalog())
      _ = await session.handle(message(#"{"type":"run","config":"\#(id)","seed":\#(seed)}"#))
      let result = try await collect(session)
      let (summary, nations, issues) = try cliSummary(id, seed: UInt32(seed))
      guard let table = result.table else {
        Issue.record("no summary for \(id)")
        continue
      }
      #expect(result.outcome?.summary == summary, "\(id)")
      #expect(table.nations == nations)
      let layout = ColumnLayout(RunSummary.columns, nations: nations, issues: issues)
      #expect(table.columns.map(\.name) == layout.names)
      #expect(table.columns.map(\.value) == layout.values(SummaryRow(summary, nations: nations)))
      // The figures the panel shows, each against summary.json's own field.
      let cells = Dictionary(uniqueKeysWithValues: table.columns.map { ($0.name, $0) })
      func number(_ x: Double?) -> RowValue { x.map { .number($0) } ?? .missing }
      #expect(cells["efficiency"]?.value == number(summary.efficiency))
      #expect(
        cells["agreement_step"]?.value == summary.agreementStep.map { .integer($0) } ?? .missing)
      #expect(
        cells["pareto_inferior"]?.value == summary.paretoInferior.map { .flag($0) } ?? .missing)
      for nation in nations {
        #expect(cells["gain_\(nation)"]?.value == number(summary.gains[nation]))
        #expect(cells["gain_share_\(nation)"]?.nation == nation)
        #expect(
          cells["negotiator_share_\(nation)"]?.value == number(summary.negotiatorShares?[nation]))
      }
      let json = ServerMessage.summary(run: 1, table: table).json()
      #expect(json.contains(#""type":"summary""#) && json.contains(#""name":"gain_share_"#))
    }
  }

  @Test func pacedRunKeepsAccordRunsRowsAtTheAskedPace() async throws {
    let free = ExplorerSession(catalog: ServeFixtures.catalog())
    _ = await free.handle(message(#"{"type":"run","config":"\#(quickstart)","seed":7}"#))
    let unpaced = try await collect(free)
    let paced = ExplorerSession(catalog: ServeFixtures.catalog())
    _ = await paced.handle(
      message(#"{"type":"run","config":"\#(quickstart)","seed":7,"speed":40}"#))
    let result = try await collect(paced)
    #expect(result.lines == unpaced.lines)
    #expect(result.lines.count > 5)
    // The steps after the first wait a fortieth of a second each, at least.
    let steps = Double(result.outcome?.steps ?? 0)
    #expect((result.outcome?.seconds ?? 0) >= (steps - 1) / 40)
  }

  @Test func speedChangesTheRunGoingOn() async throws {
    let session = ExplorerSession(catalog: ServeFixtures.catalog())
    // At one step a second this run would take over 9 s; lifted at once, it does not.
    _ = await session.handle(
      message(#"{"type":"run","config":"\#(quickstart)","seed":7,"speed":1}"#))
    #expect(await session.handle(message(#"{"type":"speed","steps_per_second":0}"#)).isEmpty)
    let result = try await collect(session)
    #expect((result.outcome?.steps ?? 0) > 5)
    #expect((result.outcome?.seconds ?? 99) < 5)
  }

  @Test func badSpeedsAreRefusedWithTheRange() async throws {
    let session = ExplorerSession(catalog: ServeFixtures.catalog())
    for json in [
      #"{"type":"speed","steps_per_second":-1}"#,
      #"{"type":"run","config":"examples/quickstart.yaml","speed":2000000}"#,
    ] {
      guard case .error(let error) = await session.handle(message(json)).first else {
        Issue.record("accepted: \(json)")
        continue
      }
      #expect(error.kind == .badParameter)
      #expect(error.message.contains("allowed: [0, 1000000] steps per second"), "\(error.message)")
    }
    guard
      case .error(let error) = await session.handle(
        message(#"{"type":"speed","steps_per_second":"fast"}"#)
      ).first
    else {
      Issue.record("accepted a speed that is not a number")
      return
    }
    #expect(error.message == #"malformed 'speed' message: wrong type at "steps_per_second""#)
  }
}
