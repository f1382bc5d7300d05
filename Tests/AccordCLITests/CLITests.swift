import AccordSQLite
import Foundation
import XCTest

/// End-to-end runs of the `accord` binary that read back the files it writes.
final class CLITests: XCTestCase {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

  /// The `accord` executable built next to this test bundle.
  static var binary: URL {
    let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
      .appendingPathComponent("accord")
    if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
    return root.appendingPathComponent(".build/debug/accord")
  }

  struct Outcome {
    var status: Int32
    var stdout: String
    var stderr: String
  }

  func accord(_ arguments: [String]) throws -> Outcome {
    try Self.accord(arguments)
  }

  /// Runs the binary from the package root and collects its status and output.
  static func accord(_ arguments: [String]) throws -> Outcome {
    let process = Process()
    process.executableURL = binary
    process.arguments = arguments
    process.currentDirectoryURL = root
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Outcome(
      status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
      stderr: String(decoding: stderr, as: UTF8.self))
  }

  var scratch: URL!

  override func setUpWithError() throws {
    scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
      "accord-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
  }

  override func tearDownWithError() throws {
    try? FileManager.default.removeItem(at: scratch)
  }

  func csv(_ url: URL) throws -> [[String]] {
    try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map {
      $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    }
  }

  func testRunWritesTimeSeriesAndSummary() throws {
    let out = scratch.appendingPathComponent("q")
    let result = try accord(["run", "Configs/examples/quickstart.yaml", "--out", out.path])
    XCTAssertEqual(result.status, 0, result.stderr)
    XCTAssertTrue(result.stdout.contains("seed 42"))
    let rows = try csv(out.appendingPathComponent("timeseries.csv"))
    let header = rows[0]
    XCTAssertEqual(header.prefix(4), ["step", "belief_mean", "belief_sd", "clusters"])
    XCTAssertTrue(header.contains("coalition_share_North") && header.contains("winset_upper_South"))
    XCTAssertTrue(rows.dropFirst().allSatisfy { $0.count == header.count })
    let summary =
      try JSONSerialization.jsonObject(
        with: Data(contentsOf: out.appendingPathComponent("summary.json"))) as! [String: Any]
    let body = summary["summary"] as! [String: Any]
    let steps = body["steps"] as! Int
    // Step 0 (the initial state), then one row per step.
    XCTAssertEqual(rows.count - 1, steps + 1)
    XCTAssertEqual(rows.dropFirst().map { Int($0[0])! }, Array(0...steps))
    XCTAssertEqual(summary["seed"] as? Int, 42)
    let versions = summary["versions"] as! [String: String]
    XCTAssertEqual(versions["gsl"]?.isEmpty, false)
    XCTAssertEqual(versions["accord"], "0.1.0")
    XCTAssertTrue(versions["swift"]?.hasPrefix("6.") == true)
    XCTAssertEqual((summary["config"] as! [String: Any])["theta"] as? Double, 0.8)
    // Agreement step, outcome and negotiation column agree.
    if let step = body["agreement_step"] as? Int {
      let row = rows[step + 1]
      XCTAssertEqual(row[header.firstIndex(of: "negotiation")!], "agreement")
      // Compare the number's text: Foundation's JSON parser on Linux can be off by an ulp.
      let text = try String(contentsOf: out.appendingPathComponent("summary.json"), encoding: .utf8)
      XCTAssertTrue(text.contains("\"outcome\" : \(row[header.firstIndex(of: "outcome")!]),"))
      let efficiency = try XCTUnwrap(body["efficiency"] as? Double)
      XCTAssertTrue(efficiency > 0 && efficiency <= 1 + 1e-9)
    }
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: out.path).filter {
      $0.hasSuffix(".partial")
    }
    XCTAssertEqual(leftovers, [])
  }

  func testSameSeedGivesIdenticalBytes() throws {
    // Three processes with one seed: Swift randomises Dictionary order per process,
    // so anything that depends on it shows up as differing bytes.
    let a = scratch.appendingPathComponent("a")
    let b = scratch.appendingPathComponent("b")
    let d = scratch.appendingPathComponent("d")
    let c = scratch.appendingPathComponent("c")
    for (dir, seed) in [(a, "7"), (b, "7"), (d, "7"), (c, "8")] {
      let r = try accord([
        "run", "Configs/examples/ozone.yaml", "--seed", seed, "--out", dir.path, "--agents", "-q",
      ])
      XCTAssertEqual(r.status, 0, r.stderr)
      XCTAssertEqual(r.stdout, "")
    }
    for file in ["timeseries.csv", "agents.csv", "summary.json"] {
      let first = try Data(contentsOf: a.appendingPathComponent(file))
      XCTAssertEqual(first, try Data(contentsOf: b.appendingPathComponent(file)), file)
      XCTAssertEqual(first, try Data(contentsOf: d.appendingPathComponent(file)), file)
    }
    XCTAssertNotEqual(
      try Data(contentsOf: a.appendingPathComponent("timeseries.csv")),
      try Data(contentsOf: c.appendingPathComponent("timeseries.csv")))
  }

  /// The step-0 row is the initial state: its belief mean is that of the agents' drawn
  /// priors (agents.csv at step 0, and `accord inspect`'s factions), its win-sets and
  /// ZOPA are those `accord inspect` computes, and no negotiation has happened.
  func testStepZeroRowIsTheInitialState() throws {
    for config in ["quickstart", "pie-split"] {
      let out = scratch.appendingPathComponent("step0-\(config)")
      let r = try accord([
        "run", "Configs/examples/\(config).yaml", "--steps", "3", "--out", out.path, "--agents",
      ])
      XCTAssertEqual(r.status, 0, r.stderr)
      let rows = try csv(out.appendingPathComponent("timeseries.csv"))
      let header = rows[0]
      func value(_ column: String) throws -> String {
        rows[1][try XCTUnwrap(header.firstIndex(of: column), column)]
      }
      XCTAssertEqual(try value("step"), "0")
      XCTAssertEqual(try value("persuaded"), "0")
      XCTAssertEqual(try value("negotiation"), "", "no round at step 0")
      XCTAssertEqual(try value("outcome"), "")
      XCTAssertEqual(rows[2][0], "1")
      let agents = try csv(out.appendingPathComponent("agents.csv")).dropFirst()
        .filter { $0[0] == "0" }
      let beliefs = agents.map { Double($0[3])! }
      let mean = try XCTUnwrap(Double(try value("belief_mean")))
      XCTAssertEqual(mean, beliefs.reduce(0, +) / Double(beliefs.count), accuracy: 1e-12)
      let inspect = try accord(["inspect", "Configs/examples/\(config).yaml", "--format", "json"])
      XCTAssertEqual(inspect.status, 0, inspect.stderr)
      let object = try XCTUnwrap(
        JSONSerialization.jsonObject(with: Data(inspect.stdout.utf8)) as? [String: Any])
      let nations = try XCTUnwrap(object["nations"] as? [[String: Any]])
      let factions = nations.flatMap { ($0["factions"] as? [[String: Any]]) ?? [] }
      let priors = factions.compactMap { $0["belief"] as? Double }
      XCTAssertEqual(priors.count, beliefs.count)
      XCTAssertEqual(mean, priors.reduce(0, +) / Double(priors.count), accuracy: 1e-9)
      func bounds(_ intervals: [[Double]]) -> [Double] {
        intervals.isEmpty
          ? [] : [intervals[0][0], intervals.last![1], intervals.reduce(0) { $0 + $1[1] - $1[0] }]
      }
      func row(_ prefix: String) throws -> [Double] {
        try ["lower", "upper", "width"].compactMap { Double(try value("\(prefix)_\($0)")) }
          .filter { !$0.isNaN }
      }
      for nation in nations {
        let name = try XCTUnwrap(nation["name"] as? String)
        let expected = bounds(try XCTUnwrap(nation["win_set"] as? [[Double]]))
        let shown = try ["lower", "upper"].compactMap { Double(try value("winset_\($0)_\(name)")) }
        XCTAssertEqual(shown.count, expected.isEmpty ? 0 : 2, "\(config) \(name)")
        for (a, b) in zip(shown, expected) { XCTAssertEqual(a, b, accuracy: 1e-9, name) }
        if let width = Double(try value("winset_width_\(name)")), let w = expected.last {
          XCTAssertEqual(width, w, accuracy: 1e-9, name)
        }
      }
      let zopa = bounds(try XCTUnwrap(object["zopa"] as? [[Double]]))
      let shownZOPA = try row("pzopa")
      XCTAssertEqual(shownZOPA.count, zopa.isEmpty ? 1 : 3, "\(config): \(shownZOPA)")
      for (a, b) in zip(shownZOPA, zopa) { XCTAssertEqual(a, b, accuracy: 1e-9, config) }
    }
  }

  func testAgentRowsInLongFormat() throws {
    let out = scratch.appendingPathComponent("agents")
    let r = try accord([
      "run", "Configs/examples/quickstart.yaml", "--steps", "7", "--out", out.path, "--agents",
    ])
    XCTAssertEqual(r.status, 0, r.stderr)
    let rows = try csv(out.appendingPathComponent("agents.csv"))
    XCTAssertEqual(
      rows[0],
      ["step", "agent", "nation", "belief", "belief_lower", "belief_upper", "ideal", "member"])
    // Steps 0 to 7, 25 agents each.
    XCTAssertEqual(rows.count - 1, 8 * 25)
    for row in rows.dropFirst() {
      let (p, lo, hi) = (Double(row[3])!, Double(row[4])!, Double(row[5])!)
      XCTAssertTrue(lo <= p && p <= hi, "\(row)")
    }
    XCTAssertEqual(Set(rows.dropFirst().map { $0[2] }), ["North", "South"])
  }

  func testJSONLinesFormat() throws {
    let out = scratch.appendingPathComponent("jsonl")
    let r = try accord([
      "run", "Configs/examples/two-level.yaml", "--format", "jsonl", "--out", out.path,
    ])
    XCTAssertEqual(r.status, 0, r.stderr)
    let lines = try String(
      contentsOf: out.appendingPathComponent("timeseries.jsonl"), encoding: .utf8
    )
    .split(separator: "\n")
    XCTAssertFalse(lines.isEmpty)
    for line in lines {
      let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
      // 20 columns once (coalition_members the latest) and 7 per nation, as the
      // time-series table declares them (docs/schema/columns.json).
      XCTAssertEqual(object.count, 20 + 7 * 2)
      XCTAssertTrue(object["consensus"] is NSNull)
    }
  }

  func testBadConfigGivesOneLocatedMessageAndNoOutput() throws {
    let config = scratch.appendingPathComponent("bad.yaml")
    try "stepz: 10\nnations:\n  - name: A\n    agents: [{name: a}]\n".write(
      to: config, atomically: true, encoding: .utf8)
    let out = scratch.appendingPathComponent("never")
    let r = try accord(["run", config.path, "--out", out.path])
    XCTAssertNotEqual(r.status, 0)
    XCTAssertEqual(
      r.stderr.trimmingCharacters(in: .whitespacesAndNewlines),
      "Error: \(config.path):1:1: stepz: unknown key 'stepz'; allowed: seed, steps, theta, issues, status_quo, "
        + "utility_exponent, rng, evidence, learning, network, persuasion, negotiation, clusters, nations "
        + "(did you mean 'steps'?)")
    XCTAssertFalse(FileManager.default.fileExists(atPath: out.path))
  }

  func testBadFlagsAndMissingFiles() throws {
    let seed = try accord(["run", "Configs/examples/quickstart.yaml", "--seed", "4294967295"])
    XCTAssertNotEqual(seed.status, 0)
    XCTAssertTrue(
      seed.stderr.contains("--seed: 4294967295 is out of range; allowed: [0, 4294967294]"))
    let missing = try accord(["run", "Configs/examples/nope.yaml"])
    XCTAssertNotEqual(missing.status, 0)
    XCTAssertTrue(missing.stderr.contains("Configs/examples/nope.yaml: no such file"))
    XCTAssertFalse(missing.stderr.contains("Fatal"))
    let format = try accord(["run", "Configs/examples/quickstart.yaml", "--format", "xml"])
    XCTAssertNotEqual(format.status, 0)
  }

  func testValidate() throws {
    let r = try accord(["validate", "Configs/examples/ozone.yaml"])
    XCTAssertEqual(r.status, 0, r.stderr)
    XCTAssertTrue(r.stdout.hasPrefix("ok: Configs/examples/ozone.yaml"))
    XCTAssertTrue(r.stdout.contains("agents: 47, believers: 10"))
    // 47 agents x 300 steps x 50 ns = 0.7 ms, with the assumption beside it.
    XCTAssertTrue(
      r.stdout.contains("run time: about 0.7 ms (agents x steps x 50 ns, a release build's step"),
      r.stdout)
    XCTAssertFalse(r.stdout.contains("derived checks: on a sample"), r.stdout)
  }

  func testPowerCSVForTheEEC() throws {
    let r = try accord([
      "power", "--weights", "4,4,4,2,2,1", "--quota", "12", "--format", "csv", "--names",
      "FR,DE,IT,BE,NL,LU",
    ])
    XCTAssertEqual(r.status, 0, r.stderr)
    let rows = r.stdout.split(separator: "\n").map { $0.split(separator: ",").map(String.init) }
    XCTAssertEqual(rows[0], ["player", "weight", "shapley_shubik", "banzhaf"])
    XCTAssertEqual(rows.count, 7)
    XCTAssertEqual(rows.dropFirst().map { $0[0] }, ["FR", "DE", "IT", "BE", "NL", "LU"])
    let expected: [(Double, Double)] = [
      (7.0 / 30, 5.0 / 21), (7.0 / 30, 5.0 / 21), (7.0 / 30, 5.0 / 21), (0.15, 1.0 / 7),
      (0.15, 1.0 / 7), (0, 0),
    ]
    for (row, (ss, bz)) in zip(rows.dropFirst(), expected) {
      XCTAssertEqual(Double(row[2])!, ss, accuracy: 1e-9)
      XCTAssertEqual(Double(row[3])!, bz, accuracy: 1e-9)
    }
  }

  func testPowerJSONCarriesSwingsAndStructure() throws {
    let r = try accord([
      "power", "--weights", "7,7,7,7,7,1,1,1,1,1,1,1,1,1,1", "--quota", "39", "--format", "json",
      "--coalition", "1,2",
    ])
    XCTAssertEqual(r.status, 0, r.stderr)
    let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
    XCTAssertEqual(object["method"] as? String, "exact")
    let players = object["players"] as! [[String: Any]]
    XCTAssertEqual(players.count, 15)
    XCTAssertEqual(players[0]["banzhaf"] as! Double, 106.0 / 635, accuracy: 1e-9)
    XCTAssertEqual(players[5]["shapley_shubik"] as! Double, 4.0 / 2145, accuracy: 1e-9)
    XCTAssertEqual(players[0]["swings"] as? Double, 848)
    XCTAssertEqual(players[0]["banzhaf_absolute"] as! Double, 848.0 / 16384, accuracy: 1e-12)
    XCTAssertEqual(object["veto_players"] as? [String], ["1", "2", "3", "4", "5"])
    let coalition = object["coalition"] as! [String: Any]
    XCTAssertEqual(coalition["winning"] as? Bool, false)
    XCTAssertEqual(coalition["blocking"] as? Bool, true)
  }

  func testPowerBadInput() throws {
    let cases: [([String], String)] = [
      (["--weights", "", "--quota", "1"], "--weights: no weights given"),
      (["--weights", "4,-1", "--quota", "3"], "--weights: entry 2 is negative"),
      (["--weights", "4,x", "--quota", "3"], "--weights: entry 2 'x' is not a number"),
      (["--weights", "4,1", "--quota", "9"], "--quota: 9 is out of range; allowed: (0, 5]"),
      (["--weights", "4,1", "--quota", "0"], "--quota: 0 is out of range"),
      (["--weights", "4,1", "--quota", "2", "--names", "a"], "--names: 1 names for 2 weights"),
    ]
    for (arguments, message) in cases {
      let r = try accord(["power"] + arguments)
      XCTAssertNotEqual(r.status, 0, "\(arguments)")
      XCTAssertTrue(r.stderr.contains(message), "\(arguments): \(r.stderr)")
      XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, "\(arguments): \(r.stderr)")
    }
  }

  func testPowerOfAConfigNation() throws {
    let r = try accord([
      "power", "--config", "Configs/examples/ozone.yaml", "--nation", "Japan", "--format", "csv",
    ])
    XCTAssertEqual(r.status, 0, r.stderr)
    let rows = r.stdout.split(separator: "\n")
    XCTAssertEqual(rows.count, 1 + 9)
    XCTAssertTrue(rows[1].hasPrefix("jp-miti,3,"))
    let shares = rows.dropFirst().map { Double($0.split(separator: ",")[2])! }
    XCTAssertEqual(shares.reduce(0, +), 1, accuracy: 1e-9)
    let missing = try accord([
      "power", "--config", "Configs/examples/ozone.yaml", "--nation", "Mars",
    ])
    XCTAssertNotEqual(missing.status, 0)
    XCTAssertTrue(missing.stderr.contains("no nation 'Mars'"))
  }

  func testInspectJSONGivesTheSidePaymentSplit() throws {
    let r = try accord(["inspect", "Configs/examples/pie-split.yaml", "--format", "json"])
    XCTAssertEqual(r.status, 0, r.stderr)
    let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
    XCTAssertEqual(object["nash"] as! Double, 0.6 / 1.1, accuracy: 1e-7)
    let nations = object["nations"] as! [[String: Any]]
    XCTAssertEqual(nations[0]["veto_players"] as? [String], ["a-exporters", "a-protected"])
    let winSet = (nations[0]["win_set"] as! [[Double]])[0]
    XCTAssertEqual(winSet[0], 0.6 / 1.1, accuracy: 1e-9)
    let plain = (nations[0]["win_set_without_side_payments"] as! [[Double]])[0]
    XCTAssertEqual(plain[0], 0.6, accuracy: 1e-9)
    let table = try accord(["inspect", "Configs/examples/two-level.yaml"])
    XCTAssertEqual(table.status, 0, table.stderr)
    XCTAssertTrue(table.stdout.contains("Nash solution:"))
  }

  /// Issue 4's exact pie-split values through `accord inspect --format json`.
  func testPieSplitValuesThroughInspect() throws {
    func nash(_ yaml: String) throws -> Double? {
      let file = scratch.appendingPathComponent("pie-\(UUID().uuidString).yaml")
      try yaml.write(to: file, atomically: true, encoding: .utf8)
      let r = try accord(["inspect", file.path, "--format", "json"])
      XCTAssertEqual(r.status, 0, r.stderr)
      let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
      return object["nash"] as? Double
    }
    let header =
      "utility_exponent: 1\nevidence: {trials: 0}\nlearning: {mode: none}\npersuasion: {attempts: 0}\n"
    func pie(_ k: Double, _ lambda: Double) -> String {
      header + """
        nations:
          - name: A
            rule: unanimity
            executive: ae
            side_payment_efficiency: \(lambda)
            agents: [{name: ae, weight: 0, ideal: 1}, {name: a1, ideal: 1, salience: 0.5}, {name: a2, ideal: 1, salience: 0.5, outside: \(k)}]
          - {name: B, agents: [{name: b, ideal: 0, outside: -1}]}
        """
    }
    func split(_ rA: Double, _ rB: Double) -> String {
      header + """
        nations:
          - {name: A, executive: ae, agents: [{name: ae, weight: 0, ideal: 1}, {name: af, ideal: 1, outside: \(rA)}]}
          - {name: B, executive: be, agents: [{name: be, weight: 0, ideal: 0, outside: -1}, {name: bf, ideal: 0, outside: \(rB - 1)}]}
        """
    }
    for (rA, rB, expected) in [(0.2, 0.2, 0.5), (0.6, 0.1, 0.6), (0.1, 0.7, 0.3)] {
      XCTAssertEqual(try XCTUnwrap(try nash(split(rA, rB))), expected, accuracy: 1e-7)
    }
    XCTAssertNil(try nash(split(0.6, 0.5)))
    // The optimum a tenth of a grid cell from the ZOPA's edge (was returned as the edge).
    for (rA, rB) in [(0.495, 0.1), (0.1, 0.495)] {
      XCTAssertEqual(try XCTUnwrap(try nash(split(rA, rB))), 0.5, accuracy: 1e-9, "\(rA), \(rB)")
    }
    for (k, lambda, expected) in [
      (0.3, 0.0, 0.6), (0.3, 0.1, 0.6 / 1.1), (0.3, 0.2, 0.5), (0.6, 0.2, 1.0), (0.6, 0.5, 0.8),
      (0.6, 1.0, 0.6),
    ] {
      XCTAssertEqual(
        try XCTUnwrap(try nash(pie(k, lambda))), expected, accuracy: 1e-7,
        "k \(k), lambda \(lambda)")
    }
    XCTAssertNil(try nash(pie(0.6, 0)))
  }

  func testLinkageInInspectAndRun() throws {
    let r = try accord(["inspect", "Configs/examples/logroll.yaml", "--format", "json"])
    XCTAssertEqual(r.status, 0, r.stderr)
    let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
    XCTAssertEqual(object["issues"] as? Int, 2)
    XCTAssertEqual(object["zopa_by_issue"] as? [[[Double]]], [[], []])
    let package = try XCTUnwrap(object["package"] as? [Double])
    XCTAssertEqual(package.count, 2)
    XCTAssertGreaterThan(try XCTUnwrap(object["zopa_share"] as? Double), 0.05)
    let out = scratch.appendingPathComponent("logroll")
    let run = try accord(["run", "Configs/examples/logroll.yaml", "--out", out.path, "-q"])
    XCTAssertEqual(run.status, 0, run.stderr)
    let rows = try csv(out.appendingPathComponent("timeseries.csv"))
    let header = rows[0]
    let outcome2 = try XCTUnwrap(header.firstIndex(of: "outcome_2"))
    // Step 0 has no outcome; the agreement is at step 1.
    XCTAssertEqual(rows[1][outcome2], "")
    XCTAssertEqual(rows[2][0], "1")
    XCTAssertEqual(try XCTUnwrap(Double(rows[2][outcome2])), package[1], accuracy: 1e-9)
    XCTAssertEqual(rows[2][try XCTUnwrap(header.firstIndex(of: "negotiation"))], "agreement")
  }

  func testSweepPlan() throws {
    let r = try accord(["sweep", "plan", "Configs/sweeps/quickstart-evidence.yaml"])
    XCTAssertEqual(r.status, 0, r.stderr)
    XCTAssertTrue(r.stdout.contains("design full-factorial: 36 points x 10 replicates = 360 runs"))
    XCTAssertTrue(r.stdout.contains("run 0 -> 3651663106"))
    // The run time is measured on the sweep's own runs (the figure itself is a timing,
    // which belongs to benchmarks; its basis is checked here).
    XCTAssertTrue(
      r.stdout.contains(
        "run time (estimate): 8 of this sweep's runs, spread over the design, took "),
      r.stdout)
    XCTAssertTrue(r.stdout.contains(" each in this build; 360 runs are about "), r.stdout)
    let bad = scratch.appendingPathComponent("bad.yaml")
    try "base: \(Self.root.path)/Configs/examples/quickstart.yaml\nfactors:\n  theta: [2]\n".write(
      to: bad, atomically: true, encoding: .utf8)
    let e = try accord(["sweep", "plan", bad.path])
    XCTAssertNotEqual(e.status, 0)
    XCTAssertTrue(
      e.stderr.hasPrefix(
        "Error: \(bad.path):3:3: factors.theta: value 2.0 gives an invalid config"), e.stderr)
    XCTAssertEqual(e.stderr.split(separator: "\n").count, 1)
  }

  /// A sweep file over the quickstart world, written to the scratch directory.
  func sweepFile(replicates: Int, name: String = "sweep.yaml") throws -> String {
    let file = scratch.appendingPathComponent(name)
    try """
    base: \(Self.root.path)/Configs/examples/quickstart.yaml
    replicates: \(replicates)
    seed: 11
    keep: timeseries
    every: 5
    factors:
      theta: [0.6, 0.8]
      evidence.trials: [0, 5, 10]
    """.write(to: file, atomically: true, encoding: .utf8)
    return file.path
  }

  func rows(_ directory: URL, _ table: String) throws -> [Row] {
    let queue = try DatabaseQueue(path: directory.appendingPathComponent("sweep.sqlite").path)
    return try queue.read { db in try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY 1, 2")
    }
  }

  func testSweepIsTheSameWhateverTheJobs() throws {
    let sweep = try sweepFile(replicates: 5)
    let one = scratch.appendingPathComponent("one")
    let two = scratch.appendingPathComponent("two")
    XCTAssertEqual(try accord(["sweep", "run", sweep, "--jobs", "1", "--out", one.path]).status, 0)
    XCTAssertEqual(try accord(["sweep", "run", sweep, "--jobs", "2", "--out", two.path]).status, 0)
    let runs = try rows(one, "runs")
    XCTAssertEqual(runs.count, 30)
    XCTAssertEqual(runs, try rows(two, "runs"))
    XCTAssertEqual(try rows(one, "timeseries"), try rows(two, "timeseries"))
    // Distinct seeds, the design's factor values, replicate numbering.
    XCTAssertEqual(Set(runs.map { $0["seed"] as Int }).count, 30)
    XCTAssertEqual(runs.map { $0["replicate"] as Int }, (0..<30).map { $0 % 5 })
    XCTAssertEqual(runs[5]["evidence.trials"] as Double, 5)
    // Re-running into the same directory without --resume is refused.
    let again = try accord(["sweep", "run", sweep, "--out", one.path])
    XCTAssertNotEqual(again.status, 0)
    XCTAssertTrue(again.stderr.contains("use --resume to continue it"), again.stderr)
    let status = try accord(["sweep", "status", one.path])
    XCTAssertEqual(status.stdout, "30 of 30 runs done (100%)\n")
    // Exports round-trip: the CSV read back matches the store.
    let exported = scratch.appendingPathComponent("runs.csv")
    XCTAssertEqual(try accord(["export", one.path, "--out", exported.path]).status, 0)
    let table = try csv(exported)
    let header = table[0]
    XCTAssertEqual(table.count - 1, runs.count)
    // The summary's per-nation fields follow the store's columns, read from each run's
    // summary (OutputFileTests checks their values).
    XCTAssertTrue(header.contains("gain_North") && header.contains("gain_share_South"))
    let flags: Set = ["pareto_inferior", "pareto_inferior_negotiators", "pareto_inferior_welfare"]
    for (line, row) in zip(table.dropFirst(), runs) {
      for (k, name) in header.enumerated() where row.hasColumn(name) {
        let stored = row[name] as DatabaseValue
        if stored.isNull {
          XCTAssertEqual(line[k], "", name)
        } else if flags.contains(name) {
          // A flag: 0/1 in the store, true/false in files.
          XCTAssertEqual(line[k], Int.fromDatabaseValue(stored) == 1 ? "true" : "false", name)
        } else if let x = Double.fromDatabaseValue(stored) {
          XCTAssertEqual(Double(line[k]), x, name)
        } else {
          XCTAssertEqual(line[k], String.fromDatabaseValue(stored), name)
        }
      }
    }
    let wide = try accord(["export", one.path, "--table", "timeseries", "--wide", "--to", "jsonl"])
    let first =
      try JSONSerialization.jsonObject(with: Data(wide.stdout.split(separator: "\n")[0].utf8))
      as! [String: Any]
    XCTAssertEqual(first["theta"] as? Double, 0.6)
    XCTAssertEqual(first["run_id"] as? Int, 0)
    // Each run's kept rows start at step 0, the initial state.
    XCTAssertEqual(first["step"] as? Int, 0)
  }

  /// Starts `accord sweep run` in the background and returns once `atLeast` runs are
  /// committed (or after 8 s).
  func startSweep(_ sweep: String, into directory: URL, atLeast: Int, extra: [String] = [])
    throws -> Process
  {
    let process = Process()
    process.executableURL = Self.binary
    process.arguments = ["sweep", "run", sweep, "--jobs", "2", "--out", directory.path] + extra
    process.standardError = FileHandle.nullDevice
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    let store = directory.appendingPathComponent("sweep.sqlite").path
    var committed = 0
    for _ in 0..<400 where committed < atLeast {
      usleep(20_000)
      if FileManager.default.fileExists(atPath: store) {
        committed =
          (try? DatabaseQueue(path: store).read {
            try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM runs")
          }) ?? 0
      }
    }
    return process
  }

  /// A sweep killed mid-way (SIGKILL) and resumed equals an uninterrupted one.
  func testKilledSweepResumesExactly() throws {
    let sweep = try sweepFile(replicates: 100)
    let whole = scratch.appendingPathComponent("whole")
    XCTAssertEqual(
      try accord(["sweep", "run", sweep, "--jobs", "2", "--out", whole.path]).status, 0)
    let killed = scratch.appendingPathComponent("killed")
    let process = try startSweep(sweep, into: killed, atLeast: 40)
    kill(process.processIdentifier, SIGKILL)
    process.waitUntilExit()
    let partial = try rows(killed, "runs").count
    XCTAssertGreaterThan(partial, 0)
    XCTAssertLessThan(partial, 600, "the sweep finished before it could be killed")
    let resumed = try accord([
      "sweep", "run", sweep, "--jobs", "2", "--out", killed.path, "--resume",
    ])
    XCTAssertEqual(resumed.status, 0, resumed.stderr)
    XCTAssertTrue(resumed.stdout.contains("already in"), resumed.stdout)
    XCTAssertEqual(try rows(killed, "runs"), try rows(whole, "runs"))
    XCTAssertEqual(try rows(killed, "timeseries"), try rows(whole, "timeseries"))
    // Resuming with a different sweep file is refused, never mixed.
    let other = try sweepFile(replicates: 7, name: "other.yaml")
    try FileManager.default.removeItem(atPath: sweep)
    try FileManager.default.copyItem(atPath: other, toPath: sweep)
    let mixed = try accord(["sweep", "run", sweep, "--out", killed.path, "--resume"])
    XCTAssertNotEqual(mixed.status, 0)
    XCTAssertTrue(mixed.stderr.contains("refusing to mix them"), mixed.stderr)
  }

  /// Ctrl-C (SIGINT) stops cleanly with status 130; resuming completes the sweep exactly.
  func testInterruptedSweepStopsCleanly() throws {
    // 600 runs, as the SIGKILL test: the signal lands after 30, with most still to run.
    let sweep = try sweepFile(replicates: 100)
    let whole = scratch.appendingPathComponent("whole")
    XCTAssertEqual(
      try accord(["sweep", "run", sweep, "--jobs", "2", "--out", whole.path]).status, 0)
    let stopped = scratch.appendingPathComponent("stopped")
    let process = try startSweep(sweep, into: stopped, atLeast: 30)
    kill(process.processIdentifier, SIGINT)
    process.waitUntilExit()
    let partial = try rows(stopped, "runs").count
    XCTAssertLessThan(partial, 600, "the sweep finished before it could be interrupted")
    XCTAssertEqual(process.terminationStatus, 130)
    XCTAssertEqual(
      try accord(["sweep", "run", sweep, "--out", stopped.path, "--resume"]).status, 0)
    XCTAssertEqual(try rows(stopped, "runs"), try rows(whole, "runs"))
  }

  /// keep: agents stores one row per agent per kept step, exported in long format.
  func testSweepKeepsAgentRows() throws {
    let sweep = scratch.appendingPathComponent("agents.yaml")
    try """
    base: \(Self.root.path)/Configs/examples/quickstart.yaml
    replicates: 2
    keep: agents
    every: 10
    factors:
      steps: [20]
    """.write(to: sweep, atomically: true, encoding: .utf8)
    let out = scratch.appendingPathComponent("agents-sweep")
    XCTAssertEqual(try accord(["sweep", "run", sweep.path, "--out", out.path]).status, 0)
    let runs = try rows(out, "runs")
    let agents = try rows(out, "agents")
    // Steps 0, 10 and 20 (or the agreement step) for 25 agents, per run.
    let kept = try rows(out, "timeseries")
    XCTAssertEqual(agents.count, kept.count * 25)
    XCTAssertEqual(Set(agents.map { $0["run_id"] as Int }), Set(runs.map { $0["run_id"] as Int }))
    let exported = try accord(["export", out.path, "--table", "agents", "--wide"])
    XCTAssertEqual(exported.status, 0, exported.stderr)
    let lines = exported.stdout.split(separator: "\n")
    XCTAssertEqual(lines.count, agents.count + 1)
    XCTAssertEqual(
      lines[0], "run_id,point,replicate,seed,steps,step,agent,nation,belief,ideal,member")
  }

  func testIshigamiSweepAndAnalyses() throws {
    let out = scratch.appendingPathComponent("ishigami")
    let sweep = scratch.appendingPathComponent("ishigami.yaml")
    try String(
      contentsOf: Self.root.appendingPathComponent("Configs/sweeps/ishigami.yaml"), encoding: .utf8
    )
    .replacingOccurrences(of: "samples: 4096", with: "samples: 1024")
    .write(to: sweep, atomically: true, encoding: .utf8)
    XCTAssertEqual(try accord(["sweep", "run", sweep.path, "--out", out.path]).status, 0)
    let r = try accord(["sweep", "sobol", out.path, "--bootstrap", "100"])
    XCTAssertEqual(r.status, 0, r.stderr)
    // One run per point: the seed-noise line says why it is missing instead of vanishing.
    XCTAssertTrue(
      r.stderr.contains("seed noise: not reported: one run per design point (replicates: 1)"),
      r.stderr)
    let lines = r.stdout.split(separator: "\n").map { $0.split(separator: ",").map(String.init) }
    XCTAssertEqual(lines[0], ["factor", "measure", "value", "ci95_lower", "ci95_upper"])
    XCTAssertEqual(lines.count, 7)
    let totalX3 = try XCTUnwrap(lines.first { $0[0] == "x3" && $0[1] == "total" })
    XCTAssertEqual(Double(totalX3[2])!, 0.2437, accuracy: 0.03)
    // A Saltelli store is drawn as a scatter with binned means: 10 bins holding every run.
    let figure = scratch.appendingPathComponent("ishigami.svg")
    let plot = try accord(["plot", out.path, "--x", "x1", "--metric", "y", "--out", figure.path])
    XCTAssertEqual(plot.status, 0, plot.stderr)
    XCTAssertTrue(plot.stderr.contains("note: pooled over x2 ("), plot.stderr)
    XCTAssertTrue(plot.stderr.contains(" levels), x3 ("), plot.stderr)
    let bins = try csv(scratch.appendingPathComponent("ishigami.csv"))
    XCTAssertEqual(bins[0].suffix(3), ["interval", "bin_lower", "bin_upper"])
    XCTAssertEqual(bins.count, 1 + 10)
    XCTAssertEqual(bins.dropFirst().compactMap { Int($0[2]) }.reduce(0, +), 1024 * 5)
    XCTAssertTrue(try String(contentsOf: figure, encoding: .utf8).contains("<g class=\"dots\""))
    // Sobol indices need a Saltelli sweep; the quickstart sweep is full-factorial.
    let plain = scratch.appendingPathComponent("plain")
    XCTAssertEqual(
      try accord(["sweep", "run", try sweepFile(replicates: 3), "--out", plain.path]).status, 0)
    let refused = try accord(["sweep", "sobol", plain.path])
    XCTAssertNotEqual(refused.status, 0)
    XCTAssertTrue(refused.stderr.contains("need a sweep with design: saltelli"), refused.stderr)
    // Replicate statistics per design point.
    let summary = try accord(["sweep", "summarize", plain.path, "--width", "0.1"])
    XCTAssertEqual(summary.status, 0, summary.stderr)
    let rows = summary.stdout.split(separator: "\n").map {
      $0.split(separator: ",", omittingEmptySubsequences: false)
    }
    XCTAssertEqual(
      rows[0].map(String.init),
      [
        "point", "theta", "evidence.trials", "metric", "n", "missing", "sample_mean", "sd",
        "ci95_lower", "ci95_upper", "interval", "replicates_for_width",
      ])
    let steps = try XCTUnwrap(rows.first { $0[0] == "0" && $0[3] == "steps_run" })
    XCTAssertEqual(steps[4], "3")
  }

  func testRerunReplacesOutputs() throws {
    let out = scratch.appendingPathComponent("rerun")
    XCTAssertEqual(
      try accord([
        "run", "Configs/examples/quickstart.yaml", "--out", out.path, "--format", "jsonl",
      ]).status, 0)
    XCTAssertEqual(
      try accord(["run", "Configs/examples/quickstart.yaml", "--out", out.path]).status, 0)
    let files = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
    XCTAssertEqual(files, ["summary.json", "timeseries.csv"])
  }
}
