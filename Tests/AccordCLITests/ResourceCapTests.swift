import Foundation
import XCTest

/// Worlds beyond the machine are refused before they are built, by validate and run.
extension CLITests {
  /// A million agents with 2 10^10 edges: hundreds of gigabytes, refused by both
  /// commands with one line naming the config and the limit (once: validate printed the
  /// estimate and exited 0, and run aborted with "failed to allocate").
  func testTheHugeWorldIsRefused() throws {
    let huge = try twoNations(
      b: "        count: 1000000", c: "network: {type: erdos-renyi, mean_degree: 40000}")
    for command in ["validate", "run"] {
      let r = try accord([command, huge])
      assertOneLineError(r, "of memory for 1000002 agents and 20000040000 edges")
      XCTAssertTrue(r.stderr.contains("(the machine's physical memory)"), r.stderr)
      XCTAssertTrue(r.stderr.contains(huge), r.stderr)
      XCTAssertFalse(r.stdout.contains("ok:"), r.stdout)
    }
  }

  /// --max-memory sets the limit either way.
  func testMaxMemory() throws {
    let small = try twoNations()
    let refused = try accord(["validate", small, "--max-memory", "1MB"])
    assertOneLineError(refused, "more than 1.0 MB (--max-memory 1MB)")
    let allowed = try accord(["validate", small, "--max-memory", "2GB"])
    XCTAssertEqual(allowed.status, 0, allowed.stderr)
    XCTAssertTrue(allowed.stdout.contains("setup: about"), allowed.stdout)
    let bad = try accord(["validate", small, "--max-memory", "lots"])
    assertOneLineError(bad, "--max-memory: 'lots' is not a size")
  }
}
