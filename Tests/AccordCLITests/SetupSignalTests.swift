import AccordSQLite
import Foundation
import XCTest

/// A signal while `sweep run`'s workers build a design point's world.
extension RunnerTests {
  /// SIGTERM while both workers build the worlds of design point 1 (a minute each, by
  /// the debug hook, as exact power indices of a large nation would take) stops `sweep
  /// run` within a second with status 143; nothing is recorded as crashed, and
  /// `--resume` completes the sweep to the rows of an uninterrupted one, every run once.
  func testSignalDuringAPointsSetupStopsTheSweepAndResumeCompletesIt() throws {
    let sweep = try tinySweep(replicates: 3)
    let clean = scratch.appendingPathComponent("clean")
    let whole = try accord(["sweep", "run", sweep, "--jobs", "2", "--out", clean.path])
    XCTAssertEqual(whole.status, 0, whole.stderr)
    let out = scratch.appendingPathComponent("stopped")
    let started = try launch(
      ["sweep", "run", sweep, "--jobs", "2", "--out", out.path],
      environment: ["ACCORD_TEST_SLOW_POINT": "1:60"])
    // Point 0's three runs take milliseconds; then both workers sit in point 1's setup.
    usleep(4_000_000)
    XCTAssertTrue(started.process.isRunning, "the sweep ended before point 1's setup did")
    let sent = Date()
    kill(started.process.processIdentifier, SIGTERM)
    let ended = started.wait(limit: 20)
    let seconds = Date().timeIntervalSince(sent)
    XCTAssertLessThan(seconds, 1, "sweep run in a point's setup took \(seconds) s to stop")
    XCTAssertFalse(ended.signalled)
    XCTAssertEqual(ended.status, 128 + SIGTERM, ended.stderr)
    XCTAssertTrue(ended.stderr.contains("stopped while building a run's world"), ended.stderr)
    // The runs being built did not crash: no in-flight marks for --resume to count.
    XCTAssertFalse(
      FileManager.default.fileExists(
        atPath: out.appendingPathComponent("sweep.sqlite.inflight").path))
    let partial = try rows(out, "runs").map { $0["run_id"] as Int }
    XCTAssertTrue(Set(partial).isSubset(of: [0, 1, 2]), "\(partial)")
    let resumed = try accord(["sweep", "run", sweep, "--jobs", "2", "--out", out.path, "--resume"])
    XCTAssertEqual(resumed.status, 0, resumed.stderr)
    XCTAssertTrue(
      resumed.stdout.contains("\(6 - partial.count) runs this time, \(partial.count) already"),
      resumed.stdout)
    XCTAssertEqual(try rows(out, "runs"), try rows(clean, "runs"))
    XCTAssertEqual(try rows(out, "timeseries"), try rows(clean, "timeseries"))
    XCTAssertEqual(try rows(out, "failures").count, 0)
  }
}
