import AccordConfig
import AccordIO
import AccordModel
import Foundation
import Testing

@testable import AccordServe

/// A page's session: the same rows as `accord run`, parameters, pausing, refusals.
@Suite struct ExplorerSessionTests {
  let quickstart = "examples/quickstart.yaml"

  /// `accord run`'s files for a config and seed, through the same driver the CLI uses.
  func cliRun(_ id: String, seed: UInt32) throws -> (lines: [String], summary: String) {
    let path = "\(ServeFixtures.configs)/\(id)"
    let loaded = try ConfigLoader.load(path: path, seed: seed)
    let out = FileManager.default.temporaryDirectory.appendingPathComponent(
      "accord-serve-cli-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: out) }
    _ = try RunDriver.run(
      world: loaded.world, seed: loaded.config.seed, steps: loaded.config.steps,
      config: loaded.config, configFile: "Configs/\(id)",
      output: RunOutputOptions(directory: out.path))
    let csv = try String(contentsOf: out.appendingPathComponent("timeseries.csv"), encoding: .utf8)
    let summary = try String(
      contentsOf: out.appendingPathComponent("summary.json"), encoding: .utf8)
    return (csv.split(separator: "\n").dropFirst().map(String.init), summary)
  }

  func message(_ json: String) -> Data { ServeFixtures.data(json) }

  @Test func streamsExactlyTheRowsAccordRunWrites() async throws {
    for (id, seed) in [
      (quickstart, 7), ("examples/two-level.yaml", 3), ("papers/worlds/pie.yaml", 1),
    ] {
      let session = ExplorerSession(catalog: ServeFixtures.catalog())
      let started = await session.handle(
        message(#"{"type":"run","config":"\#(id)","seed":\#(seed)}"#))
      guard case .started(_, let view, let columns) = started.first else {
        Issue.record("no start for \(id): \(started)")
        continue
      }
      #expect(view.seed == UInt32(seed))
      let streamed = try await ServeFixtures.collect(session)
      let cli = try cliRun(id, seed: UInt32(seed))
      #expect(streamed.lines == cli.lines, "\(id) seed \(seed)")
      #expect(
        streamed.lines.first?.split(separator: ",", omittingEmptySubsequences: false).count
          == columns.count)
      // The download holds the same files, summary included.
      let files = await session.handle(message(#"{"type":"download"}"#))
      guard case .files(_, let contents) = files.first,
        let csv = contents["timeseries.csv"], let json = contents["summary.json"]
      else {
        Issue.record("no files for \(id)")
        continue
      }
      #expect(csv.split(separator: "\n").dropFirst().map(String.init) == cli.lines)
      // Byte for byte, but for the config file's name (the session names it from the
      // working directory, the test from the repository).
      func body(_ text: String) -> [Substring] {
        text.split(separator: "\n").filter { !$0.hasPrefix("  \"config_file\" :") }
      }
      #expect(
        json.contains("\"config_file\" : \"Configs/\(id)\"") || json.contains("/Configs/\(id)\""))
      #expect(body(json) == body(cli.summary), "\(id) summary.json")
    }
  }

  @Test func smallWorldsSendTheirNetworkAndTheFinalAgents() async throws {
    let session = ExplorerSession(catalog: ServeFixtures.catalog())
    let replies = await session.handle(
      message(#"{"type":"run","config":"\#(quickstart)","seed":7}"#))
    let loaded = try ConfigLoader.load(
      path: "\(ServeFixtures.configs)/\(quickstart)", seed: 7)
    let n = loaded.world.agents.count
    guard replies.count == 2, case .network(_, let view) = replies[1] else {
      Issue.record("no network: \(replies)")
      return
    }
    #expect(view.nations.count == n)
    #expect(
      view.believers.filter { $0 == "1" }.count == loaded.world.agents.filter(\.believer).count)
    #expect(view.edges.count == 2 * loaded.world.graph.edgeCount)
    #expect(view.edges.allSatisfy { (0..<n).contains($0) })
    var last: AgentSnapshot?
    var finalStep = 0
    var finished = false
    while !finished {
      try await Task.sleep(for: .milliseconds(10))
      for m in await session.poll() {
        if case .agents(_, let snapshot) = m { last = snapshot }
        if case .finished(_, let outcome) = m {
          finalStep = outcome.steps
          finished = true
        }
      }
    }
    #expect(last?.step == finalStep)
    #expect(last?.beliefs.count == n)
    #expect(last?.members.count == n)
    #expect(last?.beliefs.allSatisfy { (0...1000).contains($0) } == true)
  }

  @Test func everyShippedWorldLoadsAndRuns() async throws {
    let catalog = ServeFixtures.catalog()
    let shipped = catalog.entries.filter { $0.group != "working directory" }
    #expect(shipped.count >= 12)
    for entry in shipped {
      let session = ExplorerSession(catalog: catalog)
      guard case .loaded(let view) = try await session.handle(.load(config: entry.id)).first else {
        Issue.record("\(entry.id) does not load")
        continue
      }
      #expect(!view.controls.isEmpty && !view.inspect.isEmpty)
      let steps = min(view.steps, 25)
      let started = try await session.handle(
        .run(RunRequest(config: entry.id, steps: steps, params: ["theta": .number(0.6)])))
      guard case .started = started.first else {
        Issue.record("\(entry.id) does not start: \(started)")
        continue
      }
      let result = try await ServeFixtures.collect(session)
      #expect(result.outcome?.failure == nil, "\(entry.id)")
      // Step 0, then one line per step.
      #expect(result.lines.count == (result.outcome?.steps ?? -1) + 1, "\(entry.id)")
      #expect(result.lines.count >= 2 && result.lines.count <= steps + 1, "\(entry.id)")
      // The run thread's CPU time: some, and no more than its wall time (one thread).
      #if os(Linux)
      let cpu = try #require(result.outcome?.cpuSeconds, "\(entry.id)")
      #expect(cpu > 0 && cpu <= (result.outcome?.seconds ?? 0) + 0.01, "\(entry.id)")
      #endif
    }
  }

  @Test func sendsRowsInBatchesNotOneMessagePerStep() async throws {
    let session = ExplorerSession(catalog: ServeFixtures.catalog())
    _ = await session.handle(
      message(#"{"type":"run","config":"\#(quickstart)","seed":7,"steps":2000}"#))
    // Poll slowly, as the server's sender does: the run does not wait for it.
    var lines = 0
    var batches = 0
    var finished = false
    while !finished {
      try await Task.sleep(for: ExplorerServer.sendInterval)
      for case let m in await session.poll() {
        if case .rows(_, let batch, _, _) = m {
          lines += batch.count
          batches += 1
        }
        if case .finished = m { finished = true }
      }
    }
    #expect(lines > 0)
    #expect(batches < lines || lines == 1)
  }

  @Test func parametersChangeTheRunAndAreCheckedLikeTheFile() async throws {
    let session = ExplorerSession(catalog: ServeFixtures.catalog())
    _ = await session.handle(message(#"{"type":"run","config":"\#(quickstart)","seed":7}"#))
    let base = try await ServeFixtures.collect(session).lines
    _ = await session.handle(
      message(#"{"type":"run","config":"\#(quickstart)","seed":7,"params":{"theta":0.2}}"#))
    let low = try await ServeFixtures.collect(session).lines
    #expect(!low.isEmpty && low != base)
    // The same override written into the file gives the same rows.
    let node = try ConfigOverrides.apply(
      ["theta": .number(0.2)],
      to: try ConfigLoader.compose(
        yaml: String(contentsOfFile: "\(ServeFixtures.configs)/\(quickstart)", encoding: .utf8),
        path: "q.yaml"))
    #expect(try ConfigLoader.load(node: node, path: "q.yaml").config.theta == 0.2)

    func refusal(_ params: String) async -> ServerMessage? {
      await session.handle(
        message(#"{"type":"run","config":"\#(quickstart)","seed":7,"params":\#(params)}"#)
      ).first
    }
    guard case .error(let range) = await refusal(#"{"theta":1.5}"#) else {
      Issue.record("theta 1.5 accepted")
      return
    }
    #expect(range.kind == .badConfig)
    #expect(range.message.contains("examples/quickstart.yaml"))
    #expect(range.message.contains("theta"))
    #expect(range.message.contains("[0, 1]"))
    #expect(!range.message.contains(ServeFixtures.root.path))
    guard case .error(let unknown) = await refusal(#"{"nations":1}"#) else {
      Issue.record("unknown parameter accepted")
      return
    }
    #expect(unknown.kind == .badParameter)
    #expect(unknown.message.hasPrefix("unknown parameter 'nations'; allowed: theta, "))
    guard case .error(let choice) = await refusal(#"{"learning.mode":"telepathy"}"#) else {
      Issue.record("bad mode accepted")
      return
    }
    #expect(choice.message.contains("allowed: none, degroot, friedkin-johnsen"))
    guard case .error(let fraction) = await refusal(#"{"persuasion.attempts":1.5}"#) else {
      Issue.record("fractional attempts accepted")
      return
    }
    #expect(fraction.kind == .badParameter)
    let seed = await session.handle(
      message(#"{"type":"run","config":"\#(quickstart)","seed":-1}"#))
    guard case .error(let badSeed) = seed.first else {
      Issue.record("seed -1 accepted")
      return
    }
    #expect(badSeed.message == "seed -1 is out of range; allowed: [0, 4294967294]")
  }

  @Test func refusalsAreMessagesForThePage() async throws {
    let session = ExplorerSession(catalog: ServeFixtures.catalog())
    let cases: [(String, MessageError.Kind)] = [
      (#"{"type":"load","config":"../../etc/passwd"}"#, .refusedPath),
      (#"{"type":"load","config":"/etc/passwd"}"#, .refusedPath),
      (#"{"type":"run","config":"../../etc/passwd"}"#, .refusedPath),
      (#"{"type":"warp"}"#, .unknownType),
      ("{", .malformed),
      (#"{"type":"pause"}"#, .state),
      (#"{"type":"download"}"#, .state),
    ]
    for (json, kind) in cases {
      let replies = await session.handle(message(json))
      guard case .error(let error) = replies.first else {
        Issue.record("\(json) not refused")
        continue
      }
      #expect(error.kind == kind, "\(json)")
      #expect(replies.first?.json().hasPrefix(#"{"kind":"\#(kind.rawValue)","message":"#) == true)
    }
    // Refusals are queued for the page by `receive`, and the session goes on working.
    await session.receive(message(#"{"type":"warp"}"#))
    await session.receive(message(#"{"type":"hello"}"#))
    let queued = await session.poll()
    #expect(queued.count == 2)
    guard case .catalog(let entries, _) = queued.last else {
      Issue.record("no catalog after a refusal")
      return
    }
    #expect(entries.contains { $0.id == quickstart })
  }

  @Test func loadSendsControlsWithTheConfigsValuesAndTheInspectView() async throws {
    let session = ExplorerSession(catalog: ServeFixtures.catalog())
    let replies = await session.handle(message(#"{"type":"load","config":"\#(quickstart)"}"#))
    guard case .loaded(let view) = replies.first else {
      Issue.record("no load")
      return
    }
    let loaded = try ConfigLoader.load(path: "\(ServeFixtures.configs)/\(quickstart)")
    #expect(view.controls.first { $0.path == "theta" }?.value == loaded.config.theta)
    #expect(
      view.controls.first { $0.path == "learning.mode" }?.choice
        == loaded.config.learning.mode.rawValue)
    #expect(view.nations == loaded.world.nations.map(\.name))
    var simulation = try Simulation(world: loaded.world, seed: loaded.config.seed)
    #expect(view.inspect == (try simulation.inspect(trueBeliefs: false)).table)
    #expect(view.inspect.contains("Nash solution") || view.inspect.contains("ZOPA"))
  }

  @Test func stepAdvancesOneStepAtATimeAndPauseHolds() async throws {
    let session = ExplorerSession(catalog: ServeFixtures.catalog())
    let request = #""config":"\#(quickstart)","seed":7,"steps":50"#
    let first = await session.handle(message(#"{"type":"step",\#(request)}"#))
    guard case .started = first.first else {
      Issue.record("step did not start a run")
      return
    }
    func lines(after wait: Int) async throws -> [String] {
      try await Task.sleep(for: .milliseconds(wait))
      return await session.poll().flatMap { m -> [String] in
        if case .rows(_, let l, _, _) = m { return l }
        return []
      }
    }
    // The first step shows the initial state (step 0) and step 1.
    let one = try await lines(after: 200)
    #expect(one.count == 2)
    #expect(one.first?.hasPrefix("0,") == true)
    #expect(one.last?.hasPrefix("1,") == true)
    _ = await session.handle(message(#"{"type":"step",\#(request)}"#))
    let two = try await lines(after: 200)
    #expect(two.count == 1)
    #expect(two.first?.hasPrefix("2,") == true)
    #expect(try await lines(after: 100).isEmpty)
    _ = await session.handle(message(#"{"type":"resume"}"#))
    let rest = try await ServeFixtures.collect(session)
    let cli = try cliRun(quickstart, seed: 7)
    #expect(one + two + rest.lines == Array(cli.lines.prefix(51)))
  }

  @Test func closingStopsTheRunAndSessionsAreIndependent() async throws {
    let a = ExplorerSession(catalog: ServeFixtures.catalog())
    let b = ExplorerSession(catalog: ServeFixtures.catalog())
    _ = await a.handle(message(#"{"type":"run","config":"\#(quickstart)","seed":7}"#))
    _ = await b.handle(message(#"{"type":"run","config":"\#(quickstart)","seed":8}"#))
    async let ra = ServeFixtures.collect(a)
    async let rb = ServeFixtures.collect(b)
    let (linesA, linesB) = try await (ra.lines, rb.lines)
    #expect(linesA == (try cliRun(quickstart, seed: 7)).lines)
    #expect(linesB == (try cliRun(quickstart, seed: 8)).lines)

    // The tab closes: a paused run's thread returns, and a running one stops.
    let paused = ExplorerSession(catalog: ServeFixtures.catalog())
    _ = await paused.handle(message(#"{"type":"step","config":"\#(quickstart)","seed":7}"#))
    let waiting = await paused.currentRun
    try await Task.sleep(for: .milliseconds(100))
    #expect(waiting?.hasExited == false)
    await paused.close()
    try await Task.sleep(for: .milliseconds(200))
    #expect(waiting?.hasExited == true)
    #expect(waiting?.isFinished == false)

    let long = ExplorerSession(catalog: ServeFixtures.catalog())
    _ = await long.handle(
      message(#"{"type":"run","config":"examples/ozone.yaml","seed":1,"steps":100000}"#))
    try await Task.sleep(for: .milliseconds(200))
    let run = await long.currentRun
    await long.close()
    try await Task.sleep(for: .milliseconds(300))
    #expect(run?.hasExited == true)
    if run?.isFinished == false {
      let stopped = run?.drain().step
      try await Task.sleep(for: .milliseconds(200))
      #expect(run?.drain().step == stopped)
    }
  }
}
