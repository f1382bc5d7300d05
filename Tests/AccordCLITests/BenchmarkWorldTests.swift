import Foundation
import XCTest

/// The manipulation check of `Benchmarks/allocations.sh`'s never-agreeing worlds: their
/// allocation counts mean something only if a negotiation round really runs at every
/// step and no round ever agrees (after an agreement no further round is held).
final class BenchmarkWorldTests: XCTestCase {
  /// Each world, and the round outcomes its design must produce at least once.
  static let worlds: [(file: String, outcomes: Set<String>)] = [
    ("deadlock-1", ["defection", "no-zopa"]),
    ("deadlock-2", ["defection", "no-zopa"]),
    ("separate-2", ["defection"]),
  ]

  func testEveryStepHoldsARoundAndNoneAgrees() throws {
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
      "accord-bench-worlds-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: scratch) }
    for (name, expected) in Self.worlds {
      for seed in [7, 1234] {
        let out = scratch.appendingPathComponent("\(name)-\(seed)")
        let result = try CLITests.accord([
          "run", "Benchmarks/worlds/\(name).yaml", "--seed", String(seed), "--steps", "40",
          "--out", out.path, "-q",
        ])
        XCTAssertEqual(result.status, 0, "\(name): \(result.stderr)")
        let rows = try String(
          contentsOf: out.appendingPathComponent("timeseries.csv"), encoding: .utf8
        ).split(separator: "\n").map {
          $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
        let column = try XCTUnwrap(rows.first?.firstIndex(of: "negotiation"))
        // Row 1 is step 0 (no round); steps 1...40 follow.
        let outcomes = rows.dropFirst(2).map { $0[column] }
        XCTAssertEqual(outcomes.count, 40, name)
        let rounds: Set<String> = ["defection", "no-zopa", "no-deal"]
        XCTAssertTrue(
          outcomes.allSatisfy(rounds.contains), "\(name) seed \(seed): \(Set(outcomes))")
        XCTAssertTrue(
          expected.isSubset(of: Set(outcomes)),
          "\(name) seed \(seed): expected \(expected), got \(Set(outcomes))")
      }
    }
  }
}
