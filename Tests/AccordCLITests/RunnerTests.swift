import AccordSQLite
import Foundation
import XCTest

/// Issue 26 through the `accord` binary: a sweep that survives a run that kills the
/// process, signals at every stage of `run`, `sweep run`, `inspect` and `validate`, and
/// a store cut by its last page rebuilt as `verify` says.
final class RunnerTests: XCTestCase {
  var scratch: URL!

  override func setUpWithError() throws {
    scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
      "accord-runner-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
  }

  override func tearDownWithError() throws {
    try? FileManager.default.removeItem(at: scratch)
  }

  /// One finished (or killed) process of the binary.
  struct Ended {
    var status: Int32
    /// True when a signal ended the process (then `status` is the signal's number).
    var signalled: Bool
    var stdout: String
    var stderr: String
    var seconds: Double
  }

  /// A started process of the binary, its output going to scratch files.
  struct Started {
    var process: Process
    var out: URL
    var err: URL
    var start: Date

    /// Waits up to `limit` seconds (then kills it) and collects its outcome.
    func wait(limit: Double = 120) -> Ended {
      let deadline = Date().addingTimeInterval(limit)
      while process.isRunning && Date() < deadline { usleep(2_000) }
      if process.isRunning { kill(process.processIdentifier, SIGKILL) }
      process.waitUntilExit()
      let seconds = Date().timeIntervalSince(start)
      return Ended(
        status: process.terminationStatus,
        signalled: process.terminationReason == .uncaughtSignal,
        stdout: String(decoding: (try? Data(contentsOf: out)) ?? Data(), as: UTF8.self),
        stderr: String(decoding: (try? Data(contentsOf: err)) ?? Data(), as: UTF8.self),
        seconds: seconds)
    }
  }

  /// Starts the binary from the package root with `environment` added to this one's.
  func launch(_ arguments: [String], environment: [String: String] = [:]) throws -> Started {
    let process = Process()
    process.executableURL = CLITests.binary
    process.arguments = arguments
    process.currentDirectoryURL = CLITests.root
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    let id = UUID().uuidString
    let out = scratch.appendingPathComponent(".out-\(id)")
    let err = scratch.appendingPathComponent(".err-\(id)")
    FileManager.default.createFile(atPath: out.path, contents: nil)
    FileManager.default.createFile(atPath: err.path, contents: nil)
    process.standardOutput = try FileHandle(forWritingTo: out)
    process.standardError = try FileHandle(forWritingTo: err)
    let start = Date()
    try process.run()
    return Started(process: process, out: out, err: err, start: start)
  }

  /// Runs the binary to its end.
  func accord(_ arguments: [String], environment: [String: String] = [:], limit: Double = 120)
    throws -> Ended
  {
    try launch(arguments, environment: environment).wait(limit: limit)
  }

  /// The quickstart world over `steps` steps, as a config in the scratch directory.
  func tinyConfig(steps: Int = 12, name: String = "tiny.yaml", stopAtAgreement: Bool = true)
    throws -> String
  {
    var text = try String(
      contentsOf: CLITests.root.appendingPathComponent("Configs/examples/quickstart.yaml"),
      encoding: .utf8)
    text = text.replacingOccurrences(of: "steps: 200 ", with: "steps: \(steps) ")
    if !stopAtAgreement {
      text = text.replacingOccurrences(
        of: "stop_at_agreement: true", with: "stop_at_agreement: false")
    }
    let url = scratch.appendingPathComponent(name)
    try text.write(to: url, atomically: true, encoding: .utf8)
    return url.path
  }

  /// A sweep of the tiny world: 2 design points times `replicates`.
  func tinySweep(replicates: Int = 2, keep: String = "timeseries", steps: Int = 12) throws
    -> String
  {
    let base = try tinyConfig(steps: steps)
    let url = scratch.appendingPathComponent("sweep-\(replicates)-\(keep).yaml")
    try """
    base: \(base)
    replicates: \(replicates)
    seed: 5
    keep: \(keep)
    every: 3
    factors:
      theta: [0.6, 0.8]
    """.write(to: url, atomically: true, encoding: .utf8)
    return url.path
  }

  func rows(_ directory: URL, _ table: String) throws -> [Row] {
    let queue = try DatabaseQueue(path: directory.appendingPathComponent("sweep.sqlite").path)
    defer { try? queue.close() }
    return try queue.read { db in
      try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY 1, 2")
    }
  }

  // MARK: A sweep that survives a trap

  /// A run that traps kills `sweep run`; `--resume` retries it once, alone, and dies
  /// again; the next `--resume` records it as failed (crashed, with its point) and
  /// completes the sweep, whose other runs equal an uninterrupted sweep's.
  func testTrappingRunIsRetriedOnceThenRecordedAsCrashed() throws {
    let sweep = try tinySweep(replicates: 3)
    let clean = scratch.appendingPathComponent("clean")
    let whole = try accord(["sweep", "run", sweep, "--jobs", "2", "--out", clean.path])
    XCTAssertEqual(whole.status, 0, whole.stderr)
    let out = scratch.appendingPathComponent("trapped")
    let trap = ["ACCORD_TEST_TRAP_RUN": "4"]
    let first = try accord(
      ["sweep", "run", sweep, "--jobs", "2", "--out", out.path], environment: trap)
    XCTAssertTrue(first.signalled, "status \(first.status): \(first.stderr)")
    XCTAssertTrue(first.stderr.contains("ACCORD_TEST_TRAP_RUN"), first.stderr)
    XCTAssertTrue(
      FileManager.default.fileExists(
        atPath: out.appendingPathComponent("sweep.sqlite.inflight").path))
    let retried = try accord(
      ["sweep", "run", sweep, "--jobs", "2", "--out", out.path, "--resume"], environment: trap)
    XCTAssertTrue(retried.signalled, "status \(retried.status): \(retried.stderr)")
    // The retry ran alone, before the others: at most what the first try committed.
    let runsAfterRetry = try rows(out, "runs").map { $0["run_id"] as Int }
    XCTAssertFalse(runsAfterRetry.contains(4))
    let settled = try accord(
      ["sweep", "run", sweep, "--jobs", "2", "--out", out.path, "--resume"], environment: trap)
    XCTAssertEqual(settled.status, 0, settled.stderr)
    XCTAssertTrue(settled.stderr.contains("1 runs failed"), settled.stderr)
    // A sweep that ends leaves no runs-in-flight file: the store is one file again.
    XCTAssertFalse(
      FileManager.default.fileExists(
        atPath: out.appendingPathComponent("sweep.sqlite.inflight").path))
    let failures = try rows(out, "failures")
    XCTAssertEqual(failures.map { $0["run_id"] as Int }, [4])
    XCTAssertEqual(failures.first.map { $0["point"] as Int }, 1)
    let message = failures.first.map { $0["message"] as String } ?? ""
    XCTAssertTrue(message.hasPrefix("crashed:"), message)
    XCTAssertTrue(message.contains("point 1 (theta = 0.8)"), message)
    // Every other run is there, as an uninterrupted sweep has it.
    let cleanRuns = try rows(clean, "runs").filter { ($0["run_id"] as Int) != 4 }
    XCTAssertEqual(try rows(out, "runs"), cleanRuns)
    let cleanSeries = try rows(clean, "timeseries").filter { ($0["run_id"] as Int) != 4 }
    XCTAssertEqual(try rows(out, "timeseries"), cleanSeries)
    let status = try accord(["sweep", "status", out.path])
    XCTAssertTrue(status.stdout.contains("failed: run 4 (point 1, replicate 1"), status.stdout)
    XCTAssertTrue(status.stdout.contains("crashed:"), status.stdout)
    // A later resume has nothing left to do; --retry-failed tries the run again.
    let again = try accord(["sweep", "run", sweep, "--out", out.path, "--resume"])
    XCTAssertEqual(again.status, 0, again.stderr)
    XCTAssertTrue(again.stdout.contains("0 runs this time"), again.stdout)
    let healed = try accord([
      "sweep", "run", sweep, "--out", out.path, "--resume", "--retry-failed",
    ])
    XCTAssertEqual(healed.status, 0, healed.stderr)
    XCTAssertEqual(try rows(out, "runs"), try rows(clean, "runs"))
    XCTAssertEqual(try rows(out, "failures").count, 0)
  }

  // MARK: Verify and resume agree

  /// A finished store cut by its last 4 KB page (schema and meta intact): `verify` says
  /// `--resume` rebuilds it, and `--resume` does, from the intact runs, to the rows of
  /// the store before the cut.
  func testStoreCutByItsLastPageIsRebuiltAsVerifySays() throws {
    let sweep = try tinySweep(replicates: 30, keep: "timeseries", steps: 20)
    let whole = scratch.appendingPathComponent("whole")
    XCTAssertEqual(
      try accord(["sweep", "run", sweep, "--jobs", "2", "--out", whole.path]).status, 0)
    let cut = scratch.appendingPathComponent("cut")
    try FileManager.default.copyItem(at: whole, to: cut)
    let file = cut.appendingPathComponent("sweep.sqlite")
    let size = try XCTUnwrap(
      try FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int)
    XCTAssertGreaterThan(size, 16 * 4096)
    let handle = try FileHandle(forWritingTo: file)
    try handle.truncate(atOffset: UInt64(size - 4096))
    try handle.close()
    let verify = try accord(["sweep", "verify", cut.path])
    XCTAssertEqual(verify.status, 1, verify.stdout)
    XCTAssertTrue(verify.stdout.contains("--resume"), verify.stdout)
    let resumed = try accord(["sweep", "run", sweep, "--out", cut.path, "--resume"])
    XCTAssertEqual(resumed.status, 0, resumed.stderr)
    XCTAssertTrue(resumed.stderr.contains("rebuilt it from the"), resumed.stderr)
    XCTAssertTrue(
      FileManager.default.fileExists(
        atPath: cut.appendingPathComponent("sweep.sqlite.damaged").path))
    for table in ["runs", "timeseries", "checksums"] {
      XCTAssertEqual(try rows(cut, table), try rows(whole, table), table)
    }
    let after = try accord(["sweep", "verify", cut.path])
    XCTAssertEqual(after.status, 0, after.stdout)
  }

  // MARK: Signals at every stage

  /// SIGINT, SIGTERM and SIGHUP stop `run`, `sweep run`, `inspect` and `validate` within
  /// a second with status 128 + the signal: in setup (a world whose build takes a
  /// minute, by the debug hook) and while running.
  func testSignalsStopEveryStageWithinASecond() throws {
    let config = try tinyConfig(steps: 12)
    let sweep = try tinySweep(replicates: 2)
    let slow = ["ACCORD_TEST_SETUP_SECONDS": "60"]
    let setup: [(String, [String], Int32)] = [
      ("run", ["run", config, "-q", "--out", scratch.appendingPathComponent("r").path], SIGTERM),
      (
        "sweep run", ["sweep", "run", sweep, "--out", scratch.appendingPathComponent("s").path],
        SIGHUP
      ),
      ("inspect", ["inspect", config], SIGINT),
      ("validate", ["validate", config], SIGTERM),
      ("run", ["run", config, "-q", "--out", scratch.appendingPathComponent("r2").path], SIGHUP),
      ("validate", ["validate", config], SIGINT),
    ]
    for (name, arguments, signal) in setup {
      let started = try launch(arguments, environment: slow)
      usleep(1_500_000)
      XCTAssertTrue(started.process.isRunning, "\(name) ended before its setup did")
      let sent = Date()
      kill(started.process.processIdentifier, signal)
      let ended = started.wait(limit: 10)
      let seconds = Date().timeIntervalSince(sent)
      XCTAssertLessThan(seconds, 1, "\(name) in setup took \(seconds) s to stop")
      XCTAssertFalse(ended.signalled, name)
      XCTAssertEqual(ended.status, 128 + signal, "\(name): \(ended.stderr)")
      XCTAssertTrue(ended.stderr.contains("stopped during setup"), ended.stderr)
    }
    XCTAssertFalse(
      FileManager.default.fileExists(
        atPath: scratch.appendingPathComponent("r/summary.json").path))

    // Running: the run writes the steps so far; the sweep commits its finished runs.
    let long = try tinyConfig(steps: 5_000_000, name: "long.yaml", stopAtAgreement: false)
    let big = try tinySweep(replicates: 5_000, keep: "summary", steps: 40)
    let running: [(String, [String], Int32, URL)] = [
      (
        "run", ["run", long, "-q", "--out", scratch.appendingPathComponent("long").path], SIGINT,
        scratch.appendingPathComponent("long")
      ),
      (
        "sweep run", ["sweep", "run", big, "--out", scratch.appendingPathComponent("big").path],
        SIGTERM, scratch.appendingPathComponent("big")
      ),
    ]
    for (name, arguments, signal, out) in running {
      let started = try launch(arguments)
      usleep(2_500_000)
      XCTAssertTrue(started.process.isRunning, "\(name) ended before the signal")
      let sent = Date()
      kill(started.process.processIdentifier, signal)
      let ended = started.wait(limit: 20)
      let seconds = Date().timeIntervalSince(sent)
      XCTAssertLessThan(seconds, 1, "\(name) running took \(seconds) s to stop")
      XCTAssertEqual(ended.status, 128 + signal, "\(name): \(ended.stderr)")
      if name == "run" {
        let summary = try String(
          contentsOf: out.appendingPathComponent("summary.json"), encoding: .utf8)
        XCTAssertTrue(summary.contains("\"complete\" : false"), summary)
      } else {
        let done = try rows(out, "runs").count
        XCTAssertGreaterThan(done, 0)
        XCTAssertLessThan(done, 10_000)
      }
    }
  }
}
