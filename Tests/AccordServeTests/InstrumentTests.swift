import AccordConfig
import AccordIO
import AccordModel
import AccordNumerics
import Foundation
import Testing

@testable import AccordServe

/// The page's instrument: an inspected agent is its `agents.csv` row, a scrubbed step its
/// state, and a band of seeds the mean and t interval of that many `accord run`s.
@Suite struct InstrumentTests {
  let quickstart = "examples/quickstart.yaml"

  /// `accord run --agents` for a config and seed: its time-series and agent lines
  /// (headers dropped).
  func cliRun(_ id: String, seed: UInt32) throws -> (series: [String], agents: [String]) {
    let loaded = try ConfigLoader.load(path: "\(ServeFixtures.configs)/\(id)", seed: seed)
    let out = FileManager.default.temporaryDirectory.appendingPathComponent(
      "accord-instrument-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: out) }
    _ = try RunDriver.run(
      world: loaded.world, seed: loaded.config.seed, steps: loaded.config.steps,
      config: loaded.config, configFile: "Configs/\(id)",
      output: RunOutputOptions(directory: out.path, agents: true))
    func lines(_ name: String) throws -> [String] {
      try String(contentsOf: out.appendingPathComponent(name), encoding: .utf8)
        .split(separator: "\n").dropFirst().map(String.init)
    }
    return (try lines("timeseries.csv"), try lines("agents.csv"))
  }

  func send(_ session: ExplorerSession, _ json: String) async -> [ServerMessage] {
    await session.handle(ServeFixtures.data(json))
  }

  @Test func anInspectedAgentIsItsAgentsCSVRowAtThatStep() async throws {
    let session = ExplorerSession(catalog: ServeFixtures.catalog())
    _ = await send(session, #"{"type":"run","config":"\#(quickstart)","seed":7}"#)
    let run = try await ServeFixtures.collect(session)
    let last = try #require(run.outcome?.steps)
    let cli = try cliRun(quickstart, seed: 7)
    let loaded = try ConfigLoader.load(path: "\(ServeFixtures.configs)/\(quickstart)", seed: 7)
    let n = loaded.world.agents.count
    #expect(cli.agents.count == n * (last + 1))
    // Forward, then back (the replay starts again from step 0), then forward again.
    for (step, agent) in [(3, 0), (last, n - 1), (0, 5), (last / 2, 2), (last / 2, 3)] {
      let replies = await send(
        session, #"{"type":"frame","step":\#(step),"agent":\#(agent)}"#)
      guard case .frame(_, let snapshot, let detail?) = replies.first else {
        Issue.record("no frame at step \(step): \(replies)")
        continue
      }
      // agents.csv holds every agent at every step, in agent order.
      #expect(detail.line == cli.agents[step * n + agent], "step \(step) agent \(agent)")
      #expect(detail.row.step == step && detail.index == agent)
      #expect(detail.weight == loaded.world.agents[agent].weight)
      #expect(loaded.world.nations[detail.nationIndex].name == detail.row.nation)
      #expect(detail.row.beliefLower <= detail.row.belief)
      #expect(detail.row.belief <= detail.row.beliefUpper)
      // The network view's colours at that step: every agent's belief and membership.
      #expect(snapshot.step == step)
      for i in 0..<n {
        let fields = cli.agents[step * n + i].split(separator: ",")
        let belief = try #require(Double(fields[3]))
        #expect(snapshot.beliefs[i] == Int((belief * 1000).rounded()))
        #expect((snapshot.members.dropFirst(i).first == "1") == (fields[7] == "true"))
      }
    }
    // Without an agent: the frame alone.
    guard case .frame(_, _, nil) = await send(session, #"{"type":"frame","step":1}"#).first else {
      Issue.record("a frame without an agent has one")
      return
    }
  }

  @Test func framesOutsideTheRunAreRefusedWithTheRange() async throws {
    let session = ExplorerSession(catalog: ServeFixtures.catalog())
    guard case .error(let none) = await send(session, #"{"type":"frame","step":0}"#).first else {
      Issue.record("a frame with no run")
      return
    }
    #expect(none.kind == .state)
    _ = await send(session, #"{"type":"run","config":"\#(quickstart)","seed":7,"steps":20}"#)
    let last = try #require(try await ServeFixtures.collect(session).outcome?.steps)
    guard case .error(let late) = await send(session, #"{"type":"frame","step":999}"#).first
    else {
      Issue.record("a step past the run")
      return
    }
    #expect(late.message == "step 999 is out of range; allowed: [0, \(last)] (the steps run)")
    guard
      case .error(let agent) = await send(session, #"{"type":"frame","step":0,"agent":-1}"#).first
    else {
      Issue.record("agent -1")
      return
    }
    #expect(agent.kind == .badParameter && agent.message.hasPrefix("agent -1 is out of range"))
    guard
      case .error(let one) = await send(
        session, #"{"type":"seeds","config":"\#(quickstart)","count":1}"#
      ).first
    else {
      Issue.record("one seed accepted")
      return
    }
    #expect(one.message == "seeds 1 is out of range; allowed: [2, 32]")
    guard
      case .error(let many) = await send(
        session, #"{"type":"seeds","config":"\#(quickstart)","count":33}"#
      ).first
    else {
      Issue.record("33 seeds accepted")
      return
    }
    #expect(many.kind == .badParameter)
  }

  @Test func aLongBandIsThinnedToEvenlySpacedStepsKeepingBothEnds() {
    let accumulator = SeedBand.Accumulator(columns: ["step", "x", "flag", "name"], runs: 2)
    for run in 0..<2 {
      // Run 1 stops at step 2999; run 0 goes on to 4999 (run 1 then counts with its last value).
      for step in 0..<(run == 0 ? 5000 : 3000) {
        accumulator.add("\(step),\(Double(step + run)),\(step % 2 == 0),n\(step)\n", run: run)
      }
    }
    let band = accumulator.band(seeds: [1, 2])
    #expect(band.thinned && band.steps.count == SeedBand.maxPoints)
    #expect(band.steps.first == 0 && band.steps.last == 4999)
    #expect(band.steps == band.steps.sorted() && Set(band.steps).count == band.steps.count)
    // Text columns are left out; flags are 0/1 with Wilson's interval.
    #expect(band.columns == ["x", "flag"] && band.methods == ["t", "wilson"])
    let last = band.steps.count - 1
    #expect(band.mean[0][last] == (4999.0 + 3000.0) / 2)
    #expect(band.running[last] == 1 && band.running[0] == 2)
  }

  @Test func aNewRunEndsTheBatchOfSeeds() async throws {
    let session = ExplorerSession(catalog: ServeFixtures.catalog())
    _ = await send(session, #"{"type":"seeds","config":"\#(quickstart)","seed":7,"count":32}"#)
    let batch = try #require(await session.batch)
    _ = await send(session, #"{"type":"run","config":"\#(quickstart)","seed":7,"steps":5}"#)
    #expect(batch.isCancelled)
    #expect(await session.batch == nil)
    _ = try await ServeFixtures.collect(session)
    // The cancelled batch sends no band, however long it is given.
    try await Task.sleep(for: .milliseconds(300))
    for message in await session.poll() {
      if case .band(_, _, _, let band?) = message {
        Issue.record("a band after a new run: \(band.seeds)")
      }
    }
  }

  @Test func aBandIsTheMeanAndTIntervalOfThatManyRuns() async throws {
    let session = ExplorerSession(catalog: ServeFixtures.catalog())
    let seeds = [7, 8, 9, 10]
    #expect(
      await send(
        session, #"{"type":"seeds","config":"\#(quickstart)","seed":7,"count":4}"#
      ).isEmpty)
    var band: SeedBand?
    var progress: [Int] = []
    let deadline = Date().addingTimeInterval(120)
    while band == nil && Date() < deadline {
      try await Task.sleep(for: .milliseconds(20))
      for message in await session.poll() {
        switch message {
        case .band(_, let done, let count, let result):
          #expect(count == 4)
          progress.append(done)
          band = result
        case .error(let error): Issue.record("\(error)")
        default: break
        }
      }
    }
    let result = try #require(band)
    #expect(result.seeds == seeds)
    #expect(progress.last == 4 && progress == progress.sorted())
    let runs = try seeds.map { try cliRun(quickstart, seed: UInt32($0)).series }
    let header = TimeSeriesWriter.columns(nations: ["North", "South"], issues: 1)
    let stepsRun = runs.map { $0.count - 1 }
    #expect(result.steps == Array(0...(stepsRun.max() ?? 0)))
    #expect(result.thinned == false)
    var compared = 0
    for (c, column) in result.columns.enumerated() {
      let index = try #require(header.firstIndex(of: column))
      func value(_ run: [String], _ step: Int) -> Double? {
        // A run that stopped counts with its last row (as `accord plot` draws it).
        let line = run[min(step, run.count - 1)]
        let field = line.split(separator: ",", omittingEmptySubsequences: false)[index]
        return field == "true" ? 1 : field == "false" ? 0 : Double(field)
      }
      let all = runs.flatMap { run in run.indices.compactMap { value(run, $0) } }
      let binary = MeanInterval.isBinary(all)
      #expect(result.methods[c] == (binary ? "wilson" : "t"), "\(column)")
      for (k, step) in result.steps.enumerated() {
        let values = runs.compactMap { value($0, step) }
        guard values.count == runs.count else { continue }
        let expected = MeanInterval.of(values, binary: binary)
        #expect(result.mean[c][k] == expected.mean, "\(column) step \(step)")
        #expect(
          result.lower[c][k].isNaN && expected.lower.isNaN
            || result.lower[c][k] == expected.lower, "\(column) step \(step)")
        #expect(
          result.upper[c][k].isNaN && expected.upper.isNaN
            || result.upper[c][k] == expected.upper, "\(column) step \(step)")
        compared += 1
      }
    }
    #expect(compared > 100)
    // A continuous column's band is a t interval: mean +- t(0.975, 3) s / 2.
    let mean = try #require(result.columns.firstIndex(of: "belief_mean"))
    let values = runs.compactMap { value in
      Double(
        value[1].split(separator: ",", omittingEmptySubsequences: false)[
          header.firstIndex(of: "belief_mean") ?? 0])
    }
    let m = values.reduce(0, +) / 4
    let s = (values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / 3).squareRoot()
    #expect(abs(result.upper[mean][1] - (m + 3.182446305284263 * s / 2)) < 1e-12)
  }
}
