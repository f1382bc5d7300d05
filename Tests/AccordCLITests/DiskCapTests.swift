import Foundation
import XCTest

/// Output beyond `--max-disk` (or the free space) is refused before anything is written.
extension CLITests {
  /// `run`, `sweep plan` and `sweep run` with a `--max-disk` below their estimate exit 1
  /// with one line naming the estimate and the limit, and leave no output that looks
  /// complete; a limit above the estimate lets the same command through.
  func testMaxDiskRefusesBeforeWriting() throws {
    let config = "Configs/examples/quickstart.yaml"
    let run = scratch.appendingPathComponent("run")
    let refused = try accord(["run", config, "--out", run.path, "--max-disk", "1KB"])
    assertOneLineError(refused, "more than 1.0 KB (--max-disk 1KB)")
    XCTAssertTrue(refused.stderr.contains("the run would write about"), refused.stderr)
    XCTAssertTrue(refused.stderr.contains(run.path), refused.stderr)
    XCTAssertEqual(refused.stdout, "")
    XCTAssertFalse(FileManager.default.fileExists(atPath: run.path))
    let allowed = try accord(["run", config, "-q", "--out", run.path, "--max-disk", "1GB"])
    XCTAssertEqual(allowed.status, 0, allowed.stderr)
    XCTAssertTrue(
      FileManager.default.fileExists(atPath: run.appendingPathComponent("summary.json").path))

    let sweep = try sweepFile(replicates: 2)
    let plan = try accord(["sweep", "plan", sweep, "--max-disk", "2KB"])
    assertOneLineError(plan, "more than 2.0 KB (--max-disk 2KB)")
    XCTAssertTrue(plan.stderr.contains("the sweep would write about"), plan.stderr)
    XCTAssertTrue(plan.stderr.contains(sweep), plan.stderr)
    XCTAssertEqual(plan.stdout, "")
    let store = scratch.appendingPathComponent("store")
    let stopped = try accord(["sweep", "run", sweep, "--out", store.path, "--max-disk", "2KB"])
    assertOneLineError(stopped, "more than 2.0 KB (--max-disk 2KB)")
    XCTAssertFalse(FileManager.default.fileExists(atPath: store.path))
    XCTAssertEqual(try accord(["sweep", "plan", sweep, "--max-disk", "1GB"]).status, 0)

    let bad = try accord(["run", config, "--out", run.path, "--max-disk", "lots"])
    assertOneLineError(bad, "--max-disk: 'lots' is not a size")
  }
}
