import Foundation
import XCTest

/// The fixture package `Examples/CustomRules`: a learning rule, a recruitment strategy
/// and a ratification rule written outside accord, registered under config names, and
/// run by accord's engine from a config that names all three.
///
/// Builds the package with `swift build` (scratch path `.build/custom-rules`, so a
/// second run is incremental), runs `custom-rules run` on its config and checks the
/// files against the rules' closed forms (the config's comments derive them).
final class CustomRulesTests: XCTestCase {
  static let package = CLITests.root.appendingPathComponent("Examples/CustomRules")
  static let scratchPath = CLITests.root.appendingPathComponent(".build/custom-rules")

  /// Runs `executable` with `arguments` in `directory`; status, stdout and stderr.
  static func launch(_ executable: URL, _ arguments: [String], in directory: URL) throws
    -> CLITests.Outcome
  {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    process.currentDirectoryURL = directory
    var environment = ProcessInfo.processInfo.environment
    environment["SWIFT_BACKTRACE"] = "enable=no"
    process.environment = environment
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    // Drain stderr on another thread so neither pipe fills while the other is read.
    nonisolated(unsafe) var stderr = Data()
    let drained = DispatchSemaphore(value: 0)
    Thread.detachNewThread {
      stderr = err.fileHandleForReading.readDataToEndOfFile()
      drained.signal()
    }
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    drained.wait()
    process.waitUntilExit()
    return CLITests.Outcome(
      status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
      stderr: String(decoding: stderr, as: UTF8.self))
  }

  func testFixturePackageRunsItsThreeRules() throws {
    let swift = URL(fileURLWithPath: "/usr/bin/env")
    let common = ["--package-path", Self.package.path, "--scratch-path", Self.scratchPath.path]
    let build = try Self.launch(
      swift, ["swift", "build", "--product", "custom-rules"] + common, in: Self.package)
    XCTAssertEqual(build.status, 0, "swift build failed:\n\(build.stdout)\n\(build.stderr)")
    guard build.status == 0 else { return }
    let binPath = try Self.launch(
      swift, ["swift", "build", "--show-bin-path"] + common, in: Self.package)
    let bin = URL(
      fileURLWithPath: binPath.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
    let out = FileManager.default.temporaryDirectory.appendingPathComponent(
      "accord-custom-rules-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: out) }
    let run = try Self.launch(
      bin.appendingPathComponent("custom-rules"),
      ["run", "Configs/custom-rules.yaml", out.path], in: Self.package)
    XCTAssertEqual(run.status, 0, run.stderr)
    guard run.status == 0 else { return }

    // agents.csv: every agent at every step 0...20.
    let text = try String(contentsOf: out.appendingPathComponent("agents.csv"), encoding: .utf8)
    var lines = text.split(separator: "\n").map { $0.split(separator: ",").map(String.init) }
    let header = lines.removeFirst()
    let step = try XCTUnwrap(header.firstIndex(of: "step"))
    let agent = try XCTUnwrap(header.firstIndex(of: "agent"))
    let belief = try XCTUnwrap(header.firstIndex(of: "belief"))
    var beliefs: [String: [Int: Double]] = [:]
    for row in lines {
      beliefs[row[agent], default: [:]][Int(row[step]) ?? -1] = Double(row[belief])
    }
    XCTAssertEqual(lines.count, 8 * 21)
    // The believers' mean m stays 0.65 (bounded-mean with no bound and equal lambda).
    let m = 0.65
    let initial = ["east-gov": 0.9, "east-sci": 0.7, "west-gov": 0.6, "west-sci": 0.4]
    for k in 0...20 {
      for (name, p0) in initial {
        let expected = m + pow(0.5, Double(k)) * (p0 - m)
        let value = try XCTUnwrap(beliefs[name]?[k], "\(name) at step \(k)")
        XCTAssertEqual(value, expected, accuracy: 1e-12, "\(name) at step \(k)")
      }
      // lowest-index-first persuades 'target' (listed first, never a member) every step.
      let expected = m + pow(0.75, Double(k)) * (0.2 - m)
      let value = try XCTUnwrap(beliefs["target"]?[k], "target at step \(k)")
      XCTAssertEqual(value, expected, accuracy: 1e-12, "target at step \(k)")
      // Nobody else is persuaded: the bystanders (no edges) keep their 0.5.
      for b in 1...3 { XCTAssertEqual(beliefs["bystander-\(b)"]?[k], 0.5, "bystander-\(b)") }
    }

    // heaviest-veto: a quota of 3/4 and the heaviest faction as the one veto player (no
    // other faction holds a quarter of its nation's weight, so none is one by the quota).
    let inspection = try XCTUnwrap(
      JSONSerialization.jsonObject(
        with: Data(contentsOf: out.appendingPathComponent("inspection.json"))) as? [String: Any])
    let nations = try XCTUnwrap(inspection["nations"] as? [[String: Any]])
    XCTAssertEqual(nations.map { $0["rule"] as? String }, ["heaviest-veto", "heaviest-veto"])
    XCTAssertEqual(nations.map { $0["quota"] as? Double }, [0.75, 0.75])
    XCTAssertEqual(nations.map { $0["vetoPlayers"] as? [String] }, [["east-gov"], ["west-gov"]])

    // The time series: a header and steps 0...20.
    let series = try String(
      contentsOf: out.appendingPathComponent("timeseries.csv"), encoding: .utf8)
    XCTAssertEqual(series.split(separator: "\n").count, 22)

    // On the sparse benchmark world, bounded-mean takes the built-in hegselmann-krause's
    // path exactly: the same final beliefs, bit for bit, after the whole step.
    let bench = try Self.launch(
      bin.appendingPathComponent("custom-rules"),
      ["bench", "../../Configs/bench/large.yaml", "3", "1"], in: Self.package)
    XCTAssertEqual(bench.status, 0, bench.stderr)
    XCTAssertTrue(bench.stdout.contains("final beliefs identical: true"), bench.stdout)
  }
}
