import Foundation
import XCTest

/// Issue 26 through the `accord` binary: the trap sites reached by accepted values, the
/// Beta quantile that never returned, files read as written on any system, outputs that
/// overwrote inputs, and `--set` values limited as files are.
extension CLITests {
  /// Runs the binary and fails the test unless it answers within `limit` seconds.
  func timed(
    _ arguments: [String], limit: Double, file: StaticString = #filePath, line: UInt = #line
  )
    throws -> (Outcome, Double)
  {
    let start = Date()
    let r = try FuzzTests.accord(arguments, in: Self.root, limit: limit)
    let elapsed = Date().timeIntervalSince(start)
    XCTAssertNotNil(r.status, "no answer within \(limit) s: \(arguments)", file: file, line: line)
    return (Outcome(status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr), elapsed)
  }

  // MARK: Trap sites of issue 26

  func testTrapSitesAreRefusedOrRunAsTheNumbersTheyAre() throws {
    let out = scratch.appendingPathComponent("trap").path
    // Refused by validate and by run alike, naming the key and its range.
    let refused = [
      (
        "evidence: {attention: 1e308}\n",
        "evidence.attention: 1e+308 is out of range; allowed: (0, 1000000]"
      ),
      ("clusters: {gap: 5e-324}\n", "clusters.gap: 5e-324 is out of range; allowed: [1e-06, 1]"),
    ]
    for (extra, message) in refused {
      let config = try write(
        extra + String(contentsOfFile: try twoNations(), encoding: .utf8), "\(UUID()).yaml")
      assertOneLineError(try accord(["validate", config]), message)
      assertOneLineError(try accord(["run", config, "--out", out]), message)
    }
    let tiny = try twoNations(a: "        prior_concentration: 5e-324")
    for command in [["validate", tiny], ["run", tiny, "--out", out]] {
      assertOneLineError(
        try accord(command),
        "nations[0].agents[0].prior_concentration: prior_mean 0.5 and prior_concentration "
          + "5e-324 give the Beta prior a = 0.0, b = 0.0")
    }
    XCTAssertFalse(FileManager.default.fileExists(atPath: out + "/summary.json"))
    // Accepted and run: a normal sd of 1e308 (draws are clamped to the range's top,
    // 1e12) and a mean degree of 1e-320 (no edges).
    let wide = try twoNations(a: "        prior_concentration: {normal: [2, 1e308]}")
    let sparse = try write(
      "network: {type: erdos-renyi, mean_degree: 1e-320}\nlearning: {mode: none}\n"
        + String(contentsOfFile: try twoNations(), encoding: .utf8), "sparse.yaml")
    // With learning on, the empty network is refused at the key that emptied it.
    let learning = try write(
      "network: {type: erdos-renyi, mean_degree: 1e-320}\n"
        + String(contentsOfFile: try twoNations(), encoding: .utf8), "learning.yaml")
    for command in [["validate", learning], ["run", learning, "--out", out]] {
      assertOneLineError(
        try accord(command),
        "network.mean_degree: the network has no edges, so 'friedkin-johnsen' learning would "
          + "do nothing; use learning mode 'none' or a network with edges (mean_degree 1e-320 on 3 "
          + "agents drew none")
    }
    for config in [wide, sparse] {
      XCTAssertEqual(try accord(["validate", config]).status, 0)
      let dir = scratch.appendingPathComponent(UUID().uuidString)
      let (r, _) = try timed(["run", config, "--agents", "--out", dir.path], limit: 30)
      XCTAssertEqual(r.status, 0, r.stderr)
      let agents = try String(contentsOf: dir.appendingPathComponent("agents.csv"), encoding: .utf8)
      XCTAssertFalse(agents.lowercased().contains("nan"), config)
    }
    XCTAssertTrue(
      try accord(["validate", sparse]).stdout.contains("network: erdos-renyi, 0 edges"))
    // Beyond the 200,000 agents validate builds, it still refuses what run refuses.
    let large = try write(
      "network: {type: erdos-renyi, mean_degree: 1e-320}\n"
        + String(contentsOfFile: try twoNations(b: "        count: 250000"), encoding: .utf8),
      "large.yaml")
    for command in [["validate", large], ["run", large, "--out", out]] {
      assertOneLineError(
        try accord(command),
        "network.mean_degree: the network has no edges, so 'friedkin-johnsen' learning would "
          + "do nothing; use learning mode 'none' or a network with edges (mean_degree 1e-320 on "
          + "250002 agents drew none")
    }
    // Edge weights of 1e308 (whose repeats summed to inf) are beyond the tie range.
    let edges = try write("source,target,weight\na,c,1e308\na,c,1e308\n", "heavy.csv")
    let heavy = try write(
      "network: {type: edge-list, file: \(edges)}\n"
        + String(contentsOfFile: try twoNations(), encoding: .utf8), "heavy.yaml")
    for command in [["validate", heavy], ["run", heavy, "--out", out]] {
      assertOneLineError(
        try accord(command), "\(edges):2:5: weight '1e308' is not a number in (0, 1e+12]")
    }
  }

  // MARK: GSL iterations

  func testHugeConcentrationsGiveCredibleIntervalsAtOnce() throws {
    for concentration in ["2e6", "1e12"] {
      let config = try twoNations(
        a: "        prior_concentration: \(concentration)\n        prior_mean: 0.7")
      let dir = scratch.appendingPathComponent(concentration)
      let (r, seconds) = try timed(
        ["run", config, "--agents", "--steps", "3", "--out", dir.path], limit: 30)
      XCTAssertEqual(r.status, 0, r.stderr)
      XCTAssertLessThan(seconds, 10, "a run of 3 steps")
      let rows = try csv(dir.appendingPathComponent("agents.csv"))
      let header = rows[0]
      let lower = try XCTUnwrap(header.firstIndex(of: "belief_lower"))
      let upper = try XCTUnwrap(header.firstIndex(of: "belief_upper"))
      // Agent a at step 0: the prior's interval, mean 0.7, half-width 1.96 sd.
      let half = 1.959964 * (0.21 / (Double(concentration)! + 1)).squareRoot()
      let a = try XCTUnwrap(rows.first { $0[0] == "0" && $0[1] == "a" })
      XCTAssertEqual(Double(a[lower]) ?? 0, 0.7 - half, accuracy: half * 0.01)
      XCTAssertEqual(Double(a[upper]) ?? 0, 0.7 + half, accuracy: half * 0.01)
    }
  }

  // MARK: Files read as they are written

  /// `text` with CRLF line ends, a byte-order mark and no final line end.
  func windows(_ text: String) -> Data {
    var body = text.replacingOccurrences(of: "\n", with: "\r\n")
    while body.hasSuffix("\r\n") { body.removeLast() }
    return Data([0xEF, 0xBB, 0xBF]) + Data(body.utf8)
  }

  func testWindowsFilesReadAsWritten() throws {
    let edges = scratch.appendingPathComponent("edges.csv")
    try windows("source,target,weight\na,b,2\nb,c\n# a comment\nc,a,0.5\n").write(to: edges)
    let deference = scratch.appendingPathComponent("deference.csv")
    try windows("follower,leader,strength\nb,a,0.5\n").write(to: deference)
    let base = try String(contentsOfFile: try twoNations(), encoding: .utf8)
    let config = scratch.appendingPathComponent("world.yaml")
    try windows(
      "network: {type: edge-list, file: edges.csv}\npersuasion: {deference: deference.csv}\n"
        + base
    ).write(to: config)
    let checked = try accord(["validate", config.path])
    XCTAssertEqual(checked.status, 0, checked.stderr)
    XCTAssertTrue(checked.stdout.contains("network: edge-list, 3 edges"), checked.stdout)
    let network = scratch.appendingPathComponent("network.graphml")
    let inspected = try accord(["inspect", config.path, "--network", network.path])
    XCTAssertEqual(inspected.status, 0, inspected.stderr)
    XCTAssertTrue(inspected.stderr.contains("3 nodes, 3 edges"), inspected.stderr)
    // A sweep file written the same way, over the Windows config.
    let sweep = scratch.appendingPathComponent("sweep.yaml")
    try windows("base: world.yaml\nreplicates: 1\nfactors:\n  theta: [0.6, 0.8]\n").write(to: sweep)
    let plan = try accord(["sweep", "plan", sweep.path])
    XCTAssertEqual(plan.status, 0, plan.stderr)
    XCTAssertTrue(plan.stdout.contains("2 runs"), plan.stdout)
    // A Windows file with a header and nothing else has no edges: refused, naming it.
    try windows("source,target\n").write(to: edges)
    for command in [
      ["validate", config.path], ["run", config.path, "--out", scratch.path + "/e"],
    ] {
      assertOneLineError(
        try accord(command),
        "\(edges.path): the file has no edges; give one 'source,target[,weight]'")
    }
    try windows("follower,leader\n").write(to: deference)
    try windows("source,target\na,b\n").write(to: edges)
    assertOneLineError(
      try accord(["validate", config.path]), "\(deference.path): the file has no edges")
  }

  // MARK: No output overwrites an input

  func testOutputsNeverOverwriteInputs() throws {
    let sweep = try sweepFile(replicates: 1)
    let store = scratch.appendingPathComponent("store")
    XCTAssertEqual(try accord(["sweep", "run", sweep, "--out", store.path]).status, 0)
    let database = store.appendingPathComponent("sweep.sqlite").path
    let before = try Data(contentsOf: URL(fileURLWithPath: database))
    let config = try twoNations()
    let configBefore = try String(contentsOfFile: config, encoding: .utf8)
    let link = scratch.appendingPathComponent("link.svg").path
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: database)
    let dotted = store.path + "/./sweep.sqlite"
    let cases: [([String], String)] = [
      (
        ["export", store.path, "--out", database], "--out \(database): is an input of this command"
      ),
      (["export", store.path, "--out", dotted], "--out \(dotted): is an input of this command"),
      (["plot", store.path, "--x", "theta", "--out", database], "is an input of this command"),
      (
        ["plot", store.path, "--x", "theta", "--out", link],
        "--out \(link): is an input of this command"
      ),
      (["export", store.path, "--out", config], "--out \(config): is a YAML file"),
      (["schema", "--out", config], "--out \(config): is a YAML file"),
      (
        ["inspect", config, "--network", config], "--network \(config): is an input of this command"
      ),
      (["sweep", "merge", store.path, "--out", store.path], "is an input of this command"),
    ]
    for (command, message) in cases {
      let r = try accord(command)
      assertOneLineError(r, message)
      XCTAssertTrue(r.stderr.contains("choose another path"), r.stderr)
    }
    XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: database)), before)
    XCTAssertEqual(try String(contentsOfFile: config, encoding: .utf8), configBefore)
    // A run whose directory holds its own edge list under an output's name.
    let edges = scratch.appendingPathComponent("timeseries.csv")
    try "source,target\na,c\n".write(to: edges, atomically: true, encoding: .utf8)
    let world = try write(
      "network: {type: edge-list, file: timeseries.csv}\n"
        + String(contentsOfFile: try twoNations(), encoding: .utf8), "edges-world.yaml")
    assertOneLineError(
      try accord(["run", world, "--out", scratch.path]),
      "--out \(edges.path): is an input of this command")
    XCTAssertEqual(try String(contentsOf: edges, encoding: .utf8), "source,target\na,c\n")
    // Sweep commands: a store that is (through a symlink) the sweep file, and a
    // discovery figure whose data file is (through a symlink) the store.
    let linked = scratch.appendingPathComponent("linked")
    try FileManager.default.createDirectory(at: linked, withIntermediateDirectories: true)
    try FileManager.default.createSymbolicLink(
      atPath: linked.appendingPathComponent("sweep.sqlite").path, withDestinationPath: sweep)
    assertOneLineError(
      try accord(["sweep", "run", sweep, "--out", linked.path]),
      "--out \(linked.path)/sweep.sqlite: is an input of this command (\(sweep))")
    let stem = scratch.appendingPathComponent("found").path
    try FileManager.default.createSymbolicLink(atPath: stem + ".csv", withDestinationPath: database)
    assertOneLineError(
      try accord([
        "sweep", "discover", store.path, "--where", "final_belief_mean > 0.5", "--out", stem,
      ]), "--out \(stem).csv: is an input of this command")
    XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: database)), before)
    XCTAssertEqual(try String(contentsOfFile: sweep, encoding: .utf8).prefix(5), "base:")
    // --force overwrites a file that is not an input; an existing output is rewritten.
    let old = scratch.appendingPathComponent("old.yaml").path
    try "steps: 1\n".write(toFile: old, atomically: true, encoding: .utf8)
    XCTAssertEqual(try accord(["schema", "--out", old, "--force"]).status, 0)
    XCTAssertTrue(try String(contentsOfFile: old, encoding: .utf8).contains("\"$schema\""))
    let csv = scratch.appendingPathComponent("runs.csv").path
    for _ in 0..<2 {
      XCTAssertEqual(try accord(["export", store.path, "--out", csv]).status, 0)
    }
    let forced = try accord(["export", store.path, "--out", database, "--force"])
    assertOneLineError(forced, "is an input of this command")
  }

  // MARK: --set values limited as files are

  func testAliasBombInSetIsRefusedAtOnce() throws {
    // Nine lists of nine, each of the one before: 9^9 values once expanded.
    var levels = ["&l0 [1, 1, 1, 1, 1, 1, 1, 1, 1]"]
    for i in 1..<9 {
      levels.append(
        "&l\(i) [" + Array(repeating: "*l\(i - 1)", count: 9).joined(separator: ", ") + "]")
    }
    let bomb = "[" + levels.joined(separator: ", ") + "]"
    let config = "\(Self.root.path)/Configs/examples/quickstart.yaml"
    for command in [["validate"], ["run", "--out", scratch.path + "/b"]] {
      let (r, seconds) = try timed(
        command + [config, "--set", "theta=\(bomb)"], limit: 20)
      // The message proves the count stopped at 10,000; the bound only catches an expansion
      // of all 9^9 values (minutes and gigabytes), so it is loose enough for a loaded machine.
      XCTAssertLessThan(seconds, 10, "\(command): \(seconds) s")
      assertOneLineError(r, "more than 10000 values once its aliases are expanded")
      XCTAssertLessThan(r.stderr.utf8.count, 400, r.stderr)
    }
    // The same bomb in a file is refused as quickly.
    let file = try write("theta: \(bomb)\n", "bomb.yaml")
    let (r, seconds) = try timed(["validate", file], limit: 20)
    XCTAssertLessThan(seconds, 10)
    XCTAssertEqual(r.status, 1, r.stderr)
    // A long value is quoted by its first 60 characters only.
    let long = String(repeating: "x", count: 3000)
    let quoted = try accord(["validate", config, "--set", "network.type=\(long)"])
    XCTAssertEqual(quoted.status, 1)
    XCTAssertTrue(quoted.stderr.contains(String(repeating: "x", count: 60) + "…"), quoted.stderr)
    XCTAssertFalse(quoted.stderr.contains(String(repeating: "x", count: 61)), quoted.stderr)
    assertOneLineError(
      try accord(["validate", config, "--set", "theta=" + String(repeating: "1", count: 5000)]),
      "the value is 5000 bytes; at most 4096 are allowed")
  }
}
