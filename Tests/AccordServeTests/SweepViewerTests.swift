import AccordModel
import AccordSweep
import Foundation
import Testing

@testable import AccordServe

/// The sweep viewer: stores listed and opened read-only, paths refused as worlds' are,
/// a stored run replayed to its stored summary, and the factor plot's numbers.
@Suite struct SweepViewerTests {
  /// A working directory holding a small sweep of the quickstart world in `runs/theta`:
  /// theta at 0.6 and 0.8, three replicates each (six runs).
  struct Fixture {
    let root: URL
    var cwd: String { root.path }
    var store: String { root.appendingPathComponent("runs/theta/sweep.sqlite").path }

    init() throws {
      root = FileManager.default.temporaryDirectory
        .appendingPathComponent("accord-sweep-viewer-\(UUID().uuidString)")
      try Self.sweep(into: root.appendingPathComponent("runs/theta"))
    }

    /// Runs the sweep into `directory` with the sweep runner.
    static func sweep(into directory: URL, replicates: Int = 3) throws {
      let (spec, store) = try writer(into: directory, replicates: replicates)
      _ = try SweepRunner.run(spec: spec, store: store, jobs: 1, stop: StopSignal()) { _, _ in }
    }

    /// The sweep's spec and its store, open for writing (its lock held) and empty.
    static func writer(into directory: URL, replicates: Int) throws -> (SweepSpec, SweepStore) {
      try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
      let file = directory.deletingLastPathComponent().appendingPathComponent(
        "\(directory.lastPathComponent).sweep.yaml")
      let text = """
        base: \(ServeFixtures.configs)/examples/quickstart.yaml
        design: full-factorial
        replicates: \(replicates)
        seed: 11
        keep: summary
        factors:
          theta: [0.6, 0.8]
        """
      try text.write(to: file, atomically: true, encoding: .utf8)
      let spec = try SweepSpec.load(path: file.path)
      return (
        spec,
        try SweepStore.open(for: spec, sweepText: text, directory: directory.path, resume: false)
      )
    }

    func session() -> ExplorerSession {
      ExplorerSession(catalog: ServeFixtures.catalog(), sweeps: SweepCatalog(workingDirectory: cwd))
    }
  }

  /// The session's replies to `message`, a refusal as its error message.
  func reply(_ session: ExplorerSession, _ message: ClientMessage) async -> [ServerMessage] {
    do {
      return try await session.handle(message)
    } catch {
      return [.error(error)]
    }
  }

  /// The store's files: names and bytes, to show a reader changed nothing.
  func snapshot(_ directory: String) throws -> [String: Data] {
    var files: [String: Data] = [:]
    for name in try FileManager.default.contentsOfDirectory(atPath: directory) {
      files[name] = try Data(contentsOf: URL(fileURLWithPath: "\(directory)/\(name)"))
    }
    return files
  }

  @Test func listsStoresAndReadsThemWithoutWriting() async throws {
    let fixture = try Fixture()
    defer { try? FileManager.default.removeItem(at: fixture.root) }
    // A store in a hidden folder is not listed (as worlds are not).
    try Fixture.sweep(into: fixture.root.appendingPathComponent(".hidden/x"), replicates: 1)
    let catalog = SweepCatalog(workingDirectory: fixture.cwd)
    #expect(catalog.entries.map(\.id) == ["./runs/theta"])
    let directory = fixture.root.appendingPathComponent("runs/theta").path
    let before = try snapshot(directory)

    let session = fixture.session()
    let hello = await session.handle(ServeFixtures.data(#"{"type":"hello"}"#))
    guard case .sweeps(let listed) = hello.last else {
      Issue.record("hello lists no stores: \(hello)")
      return
    }
    #expect(listed.map(\.id) == ["./runs/theta"])
    #expect(hello.last?.json() == #"{"sweeps":[{"id":"./runs/theta"}],"type":"sweeps"}"#)

    let opened = await session.handle(
      ServeFixtures.data(#"{"type":"sweep","sweep":"./runs/theta"}"#))
    guard case .sweep(_, let overview) = opened.first, case .sweepRuns(_, let page) = opened.last
    else {
      Issue.record("not opened: \(opened)")
      return
    }
    #expect(overview.factors == ["theta"])
    #expect(overview.metrics == SweepStore.metrics)
    #expect((overview.total, overview.done, overview.failed) == (6, 6, 0))
    #expect(overview.replayable && overview.notes.isEmpty)
    #expect(page.runs.map(\.run) == [0, 1, 2, 3, 4, 5])
    #expect(
      page.runs.map(\.factors) == [
        [.number(0.6)], [.number(0.6)], [.number(0.6)], [.number(0.8)], [.number(0.8)],
        [.number(0.8)],
      ])
    #expect(page.runs.map(\.replicate) == [0, 1, 2, 0, 1, 2])

    // Sorted by theta, largest first, ties by run id; then paged.
    let sorted = await session.handle(
      ServeFixtures.data(
        #"{"type":"sweep_runs","sweep":"./runs/theta","sort":"theta","descending":true,"offset":2}"#
      ))
    guard case .sweepRuns(_, let second) = sorted.first else {
      Issue.record("no page: \(sorted)")
      return
    }
    #expect(second.runs.map(\.run) == [5, 0, 1, 2])
    #expect(second.total == 6)
    // A sort column that is not a column is refused, not spliced into SQL.
    let bad = await session.handle(
      ServeFixtures.data(
        #"{"type":"sweep_runs","sweep":"./runs/theta","sort":"seed; DROP TABLE runs"}"#))
    guard case .error(let error) = bad.first else {
      Issue.record("bad sort accepted")
      return
    }
    #expect(error.message.contains("cannot sort by"))
    #expect(!error.message.contains(fixture.cwd))
    // Nothing was written: no journal, no lock, the same bytes.
    #expect(try snapshot(directory) == before)

    // A file named sweep.sqlite that is no store gets a message naming it by its listed
    // name, not a crash and not its path on disk.
    let junk = fixture.root.appendingPathComponent("junk")
    try FileManager.default.createDirectory(at: junk, withIntermediateDirectories: true)
    try Data(repeating: 0x41, count: 4096).write(to: junk.appendingPathComponent("sweep.sqlite"))
    let other = ExplorerSession(
      catalog: ServeFixtures.catalog(), sweeps: SweepCatalog(workingDirectory: fixture.cwd))
    let refused = await reply(other, .sweep("./junk"))
    guard case .error(let junkError) = refused.first else {
      Issue.record("a junk store opened: \(refused)")
      return
    }
    #expect(junkError.message.hasPrefix("./junk/sweep.sqlite: "))
    #expect(junkError.message.contains("not an SQLite database"))
  }

  /// A store a sweep is writing: the page reads what is committed and says a sweep may
  /// still be writing it, and the sweep then commits the rest (no reader locked it out).
  @Test func readsAStoreWhileItsSweepWritesIt() async throws {
    let root = FileManager.default.temporaryDirectory
      .appendingPathComponent("accord-sweep-writing-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: root) }
    let (spec, store) = try Fixture.writer(
      into: root.appendingPathComponent("live"), replicates: 20)
    // Stopped at its first commit (at most 32 of 40 runs, a worker's batch), its store
    // still open: the writer holds the lock and the write-ahead log.
    let stop = StopSignal()
    _ = try SweepRunner.run(spec: spec, store: store, jobs: 1, stop: stop) { _, _ in stop.raise() }
    let session = ExplorerSession(
      catalog: ServeFixtures.catalog(), sweeps: SweepCatalog(workingDirectory: root.path))
    let opened = await reply(session, .sweep("./live"))
    guard case .sweep(_, let overview) = opened.first, case .sweepRuns(_, let page) = opened.last
    else {
      Issue.record("not opened while written: \(opened)")
      return
    }
    #expect(overview.total == 40 && (1..<40).contains(overview.done))
    #expect(page.total == overview.done && page.runs.count == overview.done)
    #expect(overview.notes.contains { $0.contains("a sweep may still be writing it") })
    let plot = await reply(
      session, .factorPlot(sweep: "./live", factor: "theta", metric: "efficiency"))
    guard case .factorPlot(_, let partial) = plot.first else {
      Issue.record("no plot while written: \(plot)")
      return
    }
    #expect(partial.levels.reduce(0) { $0 + $1.n + $1.missing } == overview.done)
    // The sweep goes on and commits every run.
    let rest = try SweepRunner.run(spec: spec, store: store, jobs: 1, stop: StopSignal()) { _, _ in
    }
    #expect(rest.ran == 40 - overview.done)
    let after = await reply(session, .sweep("./live"))
    guard case .sweep(_, let complete) = after.first else {
      Issue.record("not opened after: \(after)")
      return
    }
    #expect(complete.done == 40 && complete.notes.isEmpty)
  }

  /// A sampled design's factor takes a value per run: its plot bins them (10 equal-width
  /// bins), each bin the mean and interval of its runs; a test function has no world to
  /// replay, and a page past the end is empty.
  @Test func aSampledFactorIsBinnedAndATestFunctionIsNotReplayed() async throws {
    let root = FileManager.default.temporaryDirectory
      .appendingPathComponent("accord-sweep-ishigami-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: root) }
    let directory = root.appendingPathComponent("ishigami")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let file = root.appendingPathComponent("ishigami.yaml")
    let text = """
      model: ishigami
      design: latin-hypercube
      samples: 300
      seed: 3
      factors:
        x1: {low: -3.141592653589793, high: 3.141592653589793}
        x2: {low: -3.141592653589793, high: 3.141592653589793}
        x3: {low: -3.141592653589793, high: 3.141592653589793}
      """
    try text.write(to: file, atomically: true, encoding: .utf8)
    let spec = try SweepSpec.load(path: file.path)
    do {
      let store = try SweepStore.open(
        for: spec, sweepText: text, directory: directory.path, resume: false)
      _ = try SweepRunner.run(spec: spec, store: store, jobs: 1, stop: StopSignal()) { _, _ in }
    }
    let session = ExplorerSession(
      catalog: ServeFixtures.catalog(), sweeps: SweepCatalog(workingDirectory: root.path))
    let opened = await reply(session, .sweep("./ishigami"))
    guard case .sweep(_, let overview) = opened.first, case .sweepRuns(_, let first) = opened.last
    else {
      Issue.record("not opened: \(opened)")
      return
    }
    #expect(overview.metrics == ["y"] && !overview.replayable)
    // 300 runs: pages of 200, then 100, then none.
    #expect(first.runs.count == 200 && first.total == 300)
    var runs = first.runs
    for offset in [200, 300] {
      let next = await reply(session, .sweepRuns(SweepQuery(sweep: "./ishigami", offset: offset)))
      guard case .sweepRuns(_, let page) = next.first else {
        Issue.record("no page at \(offset)")
        return
      }
      #expect(page.runs.count == (offset == 200 ? 100 : 0))
      runs += page.runs
    }
    #expect(runs.map(\.run) == Array(0..<300))

    let replies = await reply(session, .factorPlot(sweep: "./ishigami", factor: "x1", metric: "y"))
    guard case .factorPlot(_, let plot) = replies.first else {
      Issue.record("no plot: \(replies)")
      return
    }
    #expect(plot.binned && plot.levels.count == 10 && plot.method == .t)
    #expect(plot.levels.reduce(0) { $0 + $1.n } == 300)
    let x = runs.map { $0.factors[0].number ?? .nan }
    let y = runs.map { $0.metrics[0].number ?? .nan }
    let (low, high) = (x.min() ?? 0, x.max() ?? 0)
    let width = (high - low) / 10
    for (b, level) in plot.levels.enumerated() {
      let from = low + Double(b) * width
      let members = zip(x, y).filter {
        b == 9 ? $0.0 >= from : ($0.0 >= from && $0.0 < from + width)
      }
      let mean = members.map(\.1).reduce(0, +) / Double(members.count)
      #expect(level.n == members.count, "bin \(b)")
      #expect(abs(level.mean - mean) < 1e-9, "bin \(b)")
      #expect(level.lower < level.mean && level.mean < level.upper, "bin \(b)")
    }

    let replay = await reply(session, .replay(sweep: "./ishigami", run: 0, speed: nil))
    guard case .error(let error) = replay.first else {
      Issue.record("a test function replayed: \(replay)")
      return
    }
    #expect(error.message.contains("runs a test function, not a world"))
  }

  @Test func refusesTraversalAbsolutePathsAndSymlinkEscapes() async throws {
    let fixture = try Fixture()
    let outside = try Fixture()
    defer {
      try? FileManager.default.removeItem(at: fixture.root)
      try? FileManager.default.removeItem(at: outside.root)
    }
    // A folder linked out of the working directory is not listed.
    try FileManager.default.createSymbolicLink(
      atPath: fixture.root.appendingPathComponent("escape").path,
      withDestinationPath: outside.root.appendingPathComponent("runs/theta").path)
    let session = fixture.session()
    #expect(SweepCatalog(workingDirectory: fixture.cwd).entries.map(\.id) == ["./runs/theta"])
    for (name, words) in [
      ("../x", "path traversal"), ("./runs/../../x", "path traversal"),
      (outside.root.appendingPathComponent("runs/theta").path, "absolute paths"),
      ("./escape", "not a sweep store"),
    ] {
      let replies = await reply(session, .sweep(name))
      guard case .error(let error) = replies.first else {
        Issue.record("\(name) opened")
        continue
      }
      #expect(error.kind == .refusedPath, "\(name)")
      #expect(error.message.contains(words), "\(name): \(error.message)")
    }
    // A listed store swapped for a symlink out of the directory, while the page is
    // connected, is refused when next read.
    try FileManager.default.removeItem(atPath: fixture.store)
    try FileManager.default.createSymbolicLink(
      atPath: fixture.store, withDestinationPath: outside.store)
    for message in [
      ClientMessage.sweep("./runs/theta"), .sweepRuns(SweepQuery(sweep: "./runs/theta")),
      .factorPlot(sweep: "./runs/theta", factor: "theta", metric: "efficiency"),
      .replay(sweep: "./runs/theta", run: 0, speed: nil),
    ] {
      let replies = await reply(session, message)
      guard case .error(let error) = replies.first else {
        Issue.record("\(message) followed the symlink")
        continue
      }
      #expect(error.kind == .refusedPath)
      #expect(error.message.contains("outside the working directory"))
    }
  }

  @Test func aReplayedRunHasItsStoredSummary() async throws {
    let fixture = try Fixture()
    defer { try? FileManager.default.removeItem(at: fixture.root) }
    let session = fixture.session()
    for run in [1, 4] {
      let replies = await reply(session, .replay(sweep: "./runs/theta", run: run, speed: nil))
      guard case .started(let id, let view, _) = replies.first,
        case .replaying(id, "./runs/theta", run, let seed) = replies.last
      else {
        Issue.record("no replay of run \(run): \(replies)")
        continue
      }
      let spec = try StoredSweep(path: fixture.store).spec
      #expect(seed == spec.seed(run: run))
      #expect(view.seed == seed)
      var outcome: RunOutcome?
      var check: (matches: Bool, stored: String)?
      let deadline = Date().addingTimeInterval(60)
      while check == nil && Date() < deadline {
        for message in await session.poll() {
          if case .finished(_, let o) = message { outcome = o }
          if case .replayed(id, _, run, let matches, let stored) = message {
            check = (matches, stored)
          }
        }
        try await Task.sleep(for: .milliseconds(5))
      }
      let stored = try #require(try SweepStore.storedSummary(path: fixture.store, run: run))
      let summary = try #require(outcome?.summary)
      // The replay's summary, written as the store writes summaries, is the stored text.
      #expect(try StoredSweep.summaryJSON(summary) == stored)
      #expect(try JSONDecoder().decode(RunSummary.self, from: Data(stored.utf8)) == summary)
      #expect(check?.matches == true)
      #expect(check?.stored == stored)
    }
    // A run the store does not hold is refused with its number.
    let missing = await reply(session, .replay(sweep: "./runs/theta", run: 6, speed: nil))
    guard case .error(let error) = missing.first else {
      Issue.record("run 6 replayed")
      return
    }
    #expect(error.message.contains("has no run 6"))
  }

  @Test func theFactorPlotIsTheMeanAndIntervalOfEachLevel() async throws {
    let fixture = try Fixture()
    defer { try? FileManager.default.removeItem(at: fixture.root) }
    let session = fixture.session()
    let page = try SweepStore.runs(path: fixture.store)
    func values(_ metric: String, theta: Double) -> [Double] {
      let m = SweepStore.metrics.firstIndex(of: metric) ?? 0
      return page.runs.filter { $0.factors == [.number(theta)] }.compactMap { $0.metrics[m].number }
    }
    // Student t with 2 degrees of freedom: t(0.975) = 4.302652729911275.
    let replies = await reply(
      session, .factorPlot(sweep: "./runs/theta", factor: "theta", metric: "final_belief_mean"))
    guard case .factorPlot(_, let plot) = replies.first else {
      Issue.record("no plot: \(replies)")
      return
    }
    #expect(plot.method == .t && !plot.binned)
    #expect(plot.levels.map(\.label) == ["0.6", "0.8"])
    for (level, theta) in zip(plot.levels, [0.6, 0.8]) {
      let v = values("final_belief_mean", theta: theta)
      #expect(v.count == 3 && level.n == 3 && level.missing == 0)
      let mean = (v[0] + v[1] + v[2]) / 3
      let sd = (v.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 2).squareRoot()
      let half = 4.302652729911275 * sd / 3.0.squareRoot()
      #expect(abs(level.mean - mean) < 1e-12)
      #expect(abs(level.lower - (mean - half)) < 1e-9)
      #expect(abs(level.upper - (mean + half)) < 1e-9)
    }
    // A 0/1 metric gets Wilson's score interval: for k of n, by its formula.
    let flags = await reply(
      session, .factorPlot(sweep: "./runs/theta", factor: "theta", metric: "pareto_inferior"))
    guard case .factorPlot(_, let binary) = flags.first else {
      Issue.record("no plot: \(flags)")
      return
    }
    let all = values("pareto_inferior", theta: 0.6) + values("pareto_inferior", theta: 0.8)
    #expect(!all.isEmpty && all.allSatisfy { $0 == 0 || $0 == 1 })
    #expect(binary.method == .wilson)
    do {
      for (level, theta) in zip(binary.levels, [0.6, 0.8]) {
        let v = values("pareto_inferior", theta: theta)
        let n = Double(v.count)
        let p = v.reduce(0, +) / n
        let z = 1.959963984540054
        let centre = (p + z * z / (2 * n)) / (1 + z * z / n)
        let half = z / (1 + z * z / n) * (p * (1 - p) / n + z * z / (4 * n * n)).squareRoot()
        #expect(abs(level.mean - p) < 1e-12)
        #expect(abs(level.lower - (p == 0 ? 0 : centre - half)) < 1e-9)
        #expect(abs(level.upper - (p == 1 ? 1 : centre + half)) < 1e-9)
      }
    }
    // The JSON the page gets: levels with n, mean and interval; no NaN.
    let json = replies.first?.json() ?? ""
    #expect(json.contains(#""factor":"theta""#) && json.contains(#""method":"t""#))
    #expect(!json.contains("nan"))
    // Only the store's factors and metric columns: nothing else reaches SQL.
    let refused = await reply(
      session,
      .factorPlot(sweep: "./runs/theta", factor: "theta", metric: "1); DROP TABLE runs; --"))
    guard case .error(let error) = refused.first else {
      Issue.record("an expression was accepted as a metric")
      return
    }
    #expect(error.message.contains("is not a metric column"))
  }
}
