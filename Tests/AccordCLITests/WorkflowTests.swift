import Foundation
import XCTest

#if canImport(FoundationXML)
import FoundationXML
#endif

/// The researcher's workflow end to end: overrides, long runs, analyses and exports.
final class WorkflowTests: XCTestCase {
  var scratch: URL!

  override func setUpWithError() throws {
    scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
      "accord-flow-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
  }

  override func tearDownWithError() throws {
    try? FileManager.default.removeItem(at: scratch)
  }

  func accord(_ arguments: [String]) throws -> CLITests.Outcome { try CLITests.accord(arguments) }

  func json(_ url: URL) throws -> [String: Any] {
    try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
  }

  // MARK: --set

  func testSetOverridesRoundTripToAnEditedConfig() throws {
    // The same change made with --set and by editing the file gives the same run.
    let source = try String(
      contentsOf: CLITests.root.appendingPathComponent("Configs/examples/quickstart.yaml"),
      encoding: .utf8)
    XCTAssertTrue(source.contains("theta: 0.8"))
    let edited = scratch.appendingPathComponent("edited.yaml")
    try source.replacingOccurrences(of: "theta: 0.8", with: "theta: 0.55")
      .replacingOccurrences(of: "rule: majority", with: "rule: unanimity")
      .write(to: edited, atomically: true, encoding: .utf8)
    // The example's relative paths (none today) would resolve from the same folder.
    let viaSet = scratch.appendingPathComponent("set")
    let viaFile = scratch.appendingPathComponent("file")
    let a = try accord([
      "run", "Configs/examples/quickstart.yaml", "--set", "theta=0.55", "--set",
      "nations[North].rule=unanimity", "--out", viaSet.path, "-q",
    ])
    XCTAssertEqual(a.status, 0, a.stderr)
    let b = try accord(["run", edited.path, "--out", viaFile.path, "-q"])
    XCTAssertEqual(b.status, 0, b.stderr)
    XCTAssertEqual(
      try Data(contentsOf: viaSet.appendingPathComponent("timeseries.csv")),
      try Data(contentsOf: viaFile.appendingPathComponent("timeseries.csv")))
    let summary = try json(viaSet.appendingPathComponent("summary.json"))
    let config = try XCTUnwrap(summary["config"] as? [String: Any])
    XCTAssertEqual(config["theta"] as? Double, 0.55)
    let north = try XCTUnwrap((config["nations"] as? [[String: Any]])?.first)
    XCTAssertEqual(north["rule"] as? String, "unanimity")
    let overrides = try XCTUnwrap(summary["overrides"] as? [[String: Any]])
    XCTAssertEqual(overrides.count, 2)
    XCTAssertEqual(overrides[0]["path"] as? String, "theta")
    XCTAssertEqual(overrides[0]["value"] as? Double, 0.55)
    XCTAssertEqual(overrides[1]["path"] as? String, "nations[North].rule")
    XCTAssertEqual(overrides[1]["value"] as? String, "unanimity")
    let plain = try json(viaFile.appendingPathComponent("summary.json"))
    XCTAssertEqual((plain["overrides"] as? [Any])?.count, 0)
    // validate and inspect see the same value.
    let v = try accord(["validate", "Configs/examples/quickstart.yaml", "--set", "steps=17"])
    XCTAssertEqual(v.status, 0, v.stderr)
    XCTAssertTrue(v.stdout.contains("steps: 17,"), v.stdout)
    let i = try accord([
      "inspect", "Configs/examples/quickstart.yaml", "--set", "nations[North].rule=unanimity",
    ])
    XCTAssertEqual(i.status, 0, i.stderr)
    XCTAssertTrue(i.stdout.contains("nation North: unanimity"), i.stdout)
  }

  func testSetWithABadPathNamesTheOptionAndSuggests() throws {
    let out = scratch.appendingPathComponent("never")
    for command in ["run", "validate", "inspect"] {
      var arguments = [command, "Configs/examples/quickstart.yaml", "--set", "thetta=0.5"]
      if command == "run" { arguments += ["--out", out.path] }
      let r = try accord(arguments)
      XCTAssertNotEqual(r.status, 0)
      XCTAssertEqual(
        r.stderr.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "\n").count, 1)
      XCTAssertTrue(
        r.stderr.hasPrefix(
          "Error: --set thetta=0.5: names no config field: Configs/examples/quickstart.yaml: "
            + "thetta: unknown key 'thetta'"), r.stderr)
      XCTAssertTrue(r.stderr.contains("(did you mean 'theta'?)"), r.stderr)
    }
    let entry = try accord([
      "validate", "Configs/examples/quickstart.yaml", "--set", "nations[East].rule=majority",
    ])
    XCTAssertEqual(
      entry.stderr.trimmingCharacters(in: .whitespacesAndNewlines),
      "Error: --set nations[East].rule=majority: names no config field: no entry [East] in this "
        + "list (entries: North, South)")
    let malformed = try accord(["validate", "Configs/examples/quickstart.yaml", "--set", "theta"])
    XCTAssertNotEqual(malformed.status, 0)
    XCTAssertTrue(malformed.stderr.contains("--set theta: 'theta' is not PATH=VALUE"))
    XCTAssertFalse(FileManager.default.fileExists(atPath: out.path))
  }

  func testSetWithABadValueGivesTheAllowedRange() throws {
    let out = scratch.appendingPathComponent("never")
    let r = try accord([
      "run", "Configs/examples/quickstart.yaml", "--set", "theta=1.5", "--out", out.path,
    ])
    XCTAssertNotEqual(r.status, 0)
    XCTAssertEqual(
      r.stderr.trimmingCharacters(in: .whitespacesAndNewlines),
      "Error: --set theta=1.5: value 1.5 gives an invalid config: "
        + "Configs/examples/quickstart.yaml: theta: 1.5 is out of range; allowed: [0, 1]")
    XCTAssertFalse(FileManager.default.fileExists(atPath: out.path))
    let rule = try accord([
      "validate", "Configs/examples/quickstart.yaml", "--set", "theta=0.5", "--set",
      "nations[North].rule=majoritarian",
    ])
    XCTAssertNotEqual(rule.status, 0)
    XCTAssertTrue(
      rule.stderr.hasPrefix(
        "Error: --set nations[North].rule=majoritarian: value majoritarian gives an invalid "
          + "config: Configs/examples/quickstart.yaml: nations[0].rule: unknown value 'majoritarian'"
      ),
      rule.stderr)
    XCTAssertTrue(rule.stderr.contains("(did you mean 'majority'?)"))
    // A file that is wrong without any --set is reported as such; a --set can fix it.
    let broken = scratch.appendingPathComponent("broken.yaml")
    try "theta: 2\nnations:\n  - name: A\n    agents: [{name: a}]\n".write(
      to: broken, atomically: true, encoding: .utf8)
    let plain = try accord(["validate", broken.path, "--set", "steps=5"])
    XCTAssertEqual(
      plain.stderr.trimmingCharacters(in: .whitespacesAndNewlines),
      "Error: \(broken.path):1:8: theta: 2.0 is out of range; allowed: [0, 1]")
    XCTAssertEqual(try accord(["validate", broken.path, "--set", "theta=0.5"]).status, 0)
  }

  // MARK: Long runs

  func testCtrlCWritesTheStepsRunAsCompleteFilesAndExits130() throws {
    let out = scratch.appendingPathComponent("long")
    let process = Process()
    process.executableURL = CLITests.binary
    process.currentDirectoryURL = CLITests.root
    process.arguments = [
      "run", "Configs/examples/ozone.yaml", "--steps", "100000000", "--set",
      "negotiation.stop_at_agreement=false", "--agents-every", "100", "--out", out.path,
    ]
    let log = scratch.appendingPathComponent("stderr.txt")
    FileManager.default.createFile(atPath: log.path, contents: nil)
    process.standardError = try FileHandle(forWritingTo: log)
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    // Interrupt once the run has written a good many steps.
    let partial = out.appendingPathComponent(".timeseries.csv.partial")
    let deadline = Date().addingTimeInterval(120)
    while Date() < deadline {
      let size = (try? FileManager.default.attributesOfItem(atPath: partial.path)[.size]) as? Int
      if (size ?? 0) > 2_000_000 { break }
      Thread.sleep(forTimeInterval: 0.05)
    }
    process.interrupt()
    process.waitUntilExit()
    XCTAssertEqual(process.terminationStatus, 130)
    XCTAssertTrue(
      try String(contentsOf: log, encoding: .utf8).contains("stopping: finishing the current step"))
    let files = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
    XCTAssertEqual(files, ["agents.csv", "summary.json", "timeseries.csv"])
    let summary = try json(out.appendingPathComponent("summary.json"))
    XCTAssertEqual(summary["complete"] as? Bool, false)
    XCTAssertEqual(summary["stopped_at_agreement"] as? Bool, false)
    let last = try XCTUnwrap(summary["last_step"] as? Int)
    XCTAssertGreaterThan(last, 1000)
    XCTAssertLessThan(last, 100_000_000)
    XCTAssertEqual((summary["summary"] as? [String: Any])?["steps"] as? Int, last)
    // The time series holds every step up to the last, each row whole.
    let series = try String(
      contentsOf: out.appendingPathComponent("timeseries.csv"), encoding: .utf8
    ).split(separator: "\n")
    let width = series[0].split(separator: ",").count
    XCTAssertEqual(series.count - 1, last + 1)
    XCTAssertEqual(series.dropFirst().map { Int($0.prefix { $0 != "," })! }, Array(0...last))
    XCTAssertTrue(
      series.allSatisfy {
        $0.split(separator: ",", omittingEmptySubsequences: false).count == width
      })
    // Agent rows at step 0, every 100 steps and at the last step, 47 agents each.
    let agents = try String(
      contentsOf: out.appendingPathComponent("agents.csv"), encoding: .utf8
    ).split(separator: "\n").dropFirst()
    let steps = Set(agents.map { Int($0.prefix { $0 != "," })! })
    var expected = Set(stride(from: 0, through: last, by: 100))
    expected.insert(last)
    XCTAssertEqual(steps, expected)
    XCTAssertEqual(agents.count, 47 * expected.count)
  }

  func testAgentsEveryThinsAndQuietPrintsNothing() throws {
    let out = scratch.appendingPathComponent("thin")
    let r = try accord([
      "run", "Configs/examples/quickstart.yaml", "--steps", "25", "--set",
      "negotiation.stop_at_agreement=false", "--agents-every", "10", "--out", out.path, "-q",
    ])
    XCTAssertEqual(r.status, 0, r.stderr)
    XCTAssertEqual(r.stdout + r.stderr, "")
    let rows = try String(contentsOf: out.appendingPathComponent("agents.csv"), encoding: .utf8)
      .split(separator: "\n").dropFirst()
    XCTAssertEqual(rows.count, 4 * 25)
    XCTAssertEqual(Set(rows.map { Int($0.prefix { $0 != "," })! }), [0, 10, 20, 25])
    let summary = try json(out.appendingPathComponent("summary.json"))
    XCTAssertEqual(summary["complete"] as? Bool, true)
    XCTAssertEqual(summary["last_step"] as? Int, 25)
    let bad = try accord(["run", "Configs/examples/quickstart.yaml", "--agents-every", "0"])
    XCTAssertNotEqual(bad.status, 0)
    XCTAssertTrue(bad.stderr.contains("--agents-every: 0 is out of range; allowed: [1, 100000000]"))
  }

  // MARK: Analyses

  /// Writes a sweep file over the quickstart world and runs it into `name`.
  func sweep(_ name: String, _ body: String) throws -> URL {
    let file = scratch.appendingPathComponent("\(name).yaml")
    let base = CLITests.root.appendingPathComponent("Configs/examples/quickstart.yaml").path
    try "base: \(base)\n\(body)".write(to: file, atomically: true, encoding: .utf8)
    let out = scratch.appendingPathComponent(name)
    let r = try accord(["sweep", "run", file.path, "--out", out.path, "--jobs", "2"])
    XCTAssertEqual(r.status, 0, r.stderr)
    return out
  }

  func testSummarizeCarriesCategoricalLevelsAndTakesExpressions() throws {
    let out = try sweep(
      "categorical",
      """
      design: full-factorial
      replicates: 2
      seed: 5
      factors:
        persuasion.strategy: [random, pivotal-first]
        theta: [0.6, 0.9]
      """)
    let r = try accord([
      "sweep", "summarize", out.path, "--metric", "efficiency", "--metric",
      "agreement_step IS NOT NULL",
    ])
    XCTAssertEqual(r.status, 0, r.stderr)
    XCTAssertTrue(
      r.stderr.contains("missing values: drop (runs without a value are left out)"), r.stderr)
    let rows = r.stdout.split(separator: "\n").map { $0.split(separator: ",").map(String.init) }
    XCTAssertEqual(
      rows[0],
      [
        "point", "persuasion.strategy", "theta", "metric", "n", "missing", "sample_mean", "sd",
        "ci95_lower", "ci95_upper", "interval",
      ])
    XCTAssertEqual(rows.count, 1 + 4 * 2)
    // One interval convention: Wilson for the 0/1 expression, Student t for efficiency.
    for row in rows.dropFirst() {
      XCTAssertEqual(row.last, row[3] == "efficiency" ? "t" : "wilson", "\(row)")
    }
    XCTAssertEqual(
      rows.dropFirst().map { $0[1] },
      [
        "random", "random", "random", "random", "pivotal-first", "pivotal-first", "pivotal-first",
        "pivotal-first",
      ])
    XCTAssertEqual(Set(rows.dropFirst().map { $0[2] }), ["0.6", "0.9"])
    XCTAssertEqual(
      Set(rows.dropFirst().map { $0[3] }), ["efficiency", "agreement_step IS NOT NULL"])
    for row in rows.dropFirst() {
      XCTAssertEqual(Int(row[4])! + Int(row[5])!, 2, "\(row)")
    }
    // A misspelt metric gets the column it probably meant.
    let typo = try accord(["sweep", "summarize", out.path, "--metric", "effciency"])
    XCTAssertNotEqual(typo.status, 0)
    XCTAssertTrue(
      typo.stderr.contains(
        "'effciency' is not a column of the runs table (did you mean 'efficiency'?)"),
      typo.stderr)
    let plot = try accord(["plot", out.path, "--x", "theta", "--metric", "effciency"])
    XCTAssertTrue(plot.stderr.contains("(did you mean 'efficiency'?)"), plot.stderr)
    // A summary-only store has no time series: say so, not SQLite's 'no such table'.
    let steps = try accord(["plot", out.path, "--over-steps", "--metric", "belief_mean"])
    XCTAssertNotEqual(steps.status, 0)
    XCTAssertTrue(steps.stderr.contains("this store kept no time series"), steps.stderr)
    XCTAssertFalse(steps.stderr.contains("no such table"))
  }

  func testSobolFollowsTheMissingPolicy() throws {
    let out = try sweep(
      "saltelli",
      """
      design: saltelli
      samples: 16
      replicates: 2
      seed: 5
      factors:
        theta: {low: 0.3, high: 0.9}
        evidence.trials: {low: 0, high: 10, integer: true}
      """)
    // Low theta leaves some runs without agreement, so without an efficiency.
    let refused = try accord(["sweep", "sobol", out.path, "--missing", "error"])
    XCTAssertNotEqual(refused.status, 0)
    XCTAssertTrue(
      refused.stderr.contains("metric 'efficiency' is missing at design point"), refused.stderr)
    XCTAssertTrue(refused.stderr.contains("--missing drop"), refused.stderr)
    for policy in ["drop", "zero"] {
      let r = try accord(["sweep", "sobol", out.path, "--missing", policy, "--bootstrap", "20"])
      XCTAssertEqual(r.status, 0, r.stderr)
      XCTAssertTrue(r.stderr.contains("missing values: \(policy)"), r.stderr)
      XCTAssertEqual(r.stdout.split(separator: "\n").count, 1 + 2 * 2)
    }
    // An expression, and the same expression shifted by 1000: the same indices.
    let plain = try accord([
      "sweep", "sobol", out.path, "--metric", "steps_run", "--bootstrap", "20",
    ])
    let shifted = try accord([
      "sweep", "sobol", out.path, "--metric", "steps_run + 1000", "--bootstrap", "20",
    ])
    XCTAssertEqual(plain.status, 0, plain.stderr)
    XCTAssertEqual(shifted.status, 0, shifted.stderr)
    func values(_ text: String) -> [Double] {
      text.split(separator: "\n").dropFirst().flatMap {
        $0.split(separator: ",").dropFirst(2).map { Double($0)! }
      }
    }
    XCTAssertEqual(values(plain.stdout).count, 12)
    for (x, y) in zip(values(plain.stdout), values(shifted.stdout)) {
      XCTAssertEqual(x, y, accuracy: 1e-9)
    }
  }

  func testMorrisScreeningOfIshigami() throws {
    let file = scratch.appendingPathComponent("morris.yaml")
    try """
    model: ishigami
    design: morris
    samples: 20
    seed: 3
    factors:
      x1: {low: -3.141592653589793, high: 3.141592653589793}
      x2: {low: -3.141592653589793, high: 3.141592653589793}
      x3: {low: -3.141592653589793, high: 3.141592653589793}
    """.write(to: file, atomically: true, encoding: .utf8)
    let plan = try accord(["sweep", "plan", file.path])
    XCTAssertTrue(plan.stdout.contains("design morris: 80 points x 1 replicates = 80 runs"))
    let out = scratch.appendingPathComponent("morris")
    XCTAssertEqual(try accord(["sweep", "run", file.path, "--out", out.path]).status, 0)
    let r = try accord(["sweep", "morris", out.path])
    XCTAssertEqual(r.status, 0, r.stderr)
    let rows = r.stdout.split(separator: "\n").map { $0.split(separator: ",").map(String.init) }
    XCTAssertEqual(rows[0], ["factor", "mu", "mu_star", "mu_star_conf", "sigma", "effects"])
    XCTAssertEqual(rows.dropFirst().map { $0[0] }, ["x1", "x2", "x3"])
    for row in rows.dropFirst() {
      XCTAssertEqual(row[5], "20")
      // The bootstrap half-width is positive and narrower than mu* itself here.
      XCTAssertGreaterThan(Double(row[3])!, 0)
      XCTAssertLessThan(Double(row[3])!, Double(row[2])!)
      XCTAssertGreaterThanOrEqual(Double(row[2])!, abs(Double(row[1])!))
      // Every Ishigami factor matters (x3 through its interaction with x1).
      XCTAssertGreaterThan(Double(row[2])!, 1)
    }
    let sobol = try accord(["sweep", "sobol", out.path])
    XCTAssertTrue(sobol.stderr.contains("Sobol indices need a sweep with design: saltelli"))
  }

  // MARK: Command line

  func testBareGroupsExit64WithUsageAndTyposGetSuggestions() throws {
    let bare = try accord([])
    XCTAssertEqual(bare.status, 64)
    XCTAssertTrue(bare.stderr.hasPrefix("Error: accord needs a subcommand\n"), bare.stderr)
    XCTAssertTrue(bare.stderr.contains("SUBCOMMANDS:"), bare.stderr)
    let sweep = try accord(["sweep"])
    XCTAssertEqual(sweep.status, 64)
    XCTAssertTrue(sweep.stderr.contains("accord sweep needs a subcommand"), sweep.stderr)
    XCTAssertTrue(sweep.stderr.contains("summarize"), sweep.stderr)
    let typo = try accord(["swep", "run", "x"])
    XCTAssertEqual(typo.status, 64)
    XCTAssertTrue(
      typo.stderr.hasPrefix("Error: 'swep' is not a command of accord; commands: run, validate"),
      typo.stderr)
    XCTAssertTrue(typo.stderr.contains("(did you mean 'accord sweep'?)"), typo.stderr)
    let nested = try accord(["sweep", "sumarize", "runs/x"])
    XCTAssertEqual(nested.status, 64)
    XCTAssertTrue(nested.stderr.contains("(did you mean 'accord sweep summarize'?)"), nested.stderr)
    // Help and version still go through.
    XCTAssertEqual(try accord(["--help"]).status, 0)
    XCTAssertEqual(try accord(["sweep", "--help"]).status, 0)
    XCTAssertEqual(try accord(["help", "sweep"]).status, 0)
    XCTAssertEqual(try accord(["--version"]).stdout, "0.1.0\n")
  }

  // MARK: Data that loads cleanly

  /// Counts GraphML elements with Foundation's XML parser (a real parse: malformed XML fails).
  final class GraphMLCounter: NSObject, XMLParserDelegate {
    var nodes: [String] = []
    var edges: [(String, String)] = []
    var keys: [String] = []
    func parser(
      _ parser: XMLParser, didStartElement element: String, namespaceURI: String?,
      qualifiedName: String?, attributes: [String: String] = [:]
    ) {
      switch element {
      case "node": nodes.append(attributes["id"] ?? "")
      case "edge": edges.append((attributes["source"] ?? "", attributes["target"] ?? ""))
      case "key": keys.append(attributes["id"] ?? "")
      default: break
      }
    }
  }

  func testInspectWritesTheNetworkAsGraphML() throws {
    for (config, agents, edges) in [
      ("Configs/examples/ozone.yaml", 47, 141), ("Configs/examples/quickstart.yaml", 25, 50),
    ] {
      let file = scratch.appendingPathComponent("net.graphml")
      let r = try accord(["inspect", config, "--network", file.path])
      XCTAssertEqual(r.status, 0, r.stderr)
      XCTAssertTrue(r.stderr.contains("\(agents) nodes, \(edges) edges"), r.stderr)
      let parser = try XCTUnwrap(XMLParser(contentsOf: file))
      let counter = GraphMLCounter()
      parser.delegate = counter
      XCTAssertTrue(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
      XCTAssertEqual(counter.nodes.count, agents)
      XCTAssertEqual(Set(counter.nodes).count, agents)
      XCTAssertEqual(counter.edges.count, edges)
      // Every edge joins two distinct declared nodes, each pair once.
      let declared = Set(counter.nodes)
      XCTAssertTrue(counter.edges.allSatisfy { declared.contains($0.0) && declared.contains($0.1) })
      XCTAssertTrue(counter.edges.allSatisfy { $0.0 != $0.1 })
      XCTAssertEqual(
        Set(counter.edges.map { [$0.0, $0.1].sorted().joined(separator: "|") }).count, edges)
      XCTAssertEqual(
        counter.keys,
        ["nation", "believer", "weight", "ideal", "prior_mean", "credibility", "strength"])
      // The counts agree with validate's account of the same world.
      let v = try accord(["validate", config])
      XCTAssertTrue(v.stdout.contains("agents: \(agents),"), v.stdout)
      XCTAssertTrue(v.stdout.contains("\(edges) edges"), v.stdout)
    }
  }

  func testSummaryWritesExplicitNulls() throws {
    let out = scratch.appendingPathComponent("nulls")
    // Too few steps for a deal: the agreement fields have no value.
    let r = try accord([
      "run", "Configs/examples/quickstart.yaml", "--steps", "3", "--out", out.path, "-q",
    ])
    XCTAssertEqual(r.status, 0, r.stderr)
    let summary = try XCTUnwrap(
      json(out.appendingPathComponent("summary.json"))["summary"] as? [String: Any])
    for key in [
      "agreement_step", "outcome", "project_at_agreement", "distance_to_project", "package",
      "pareto_inferior", "pareto_improvement",
    ] {
      XCTAssertTrue(summary[key] is NSNull, "\(key): \(String(describing: summary[key]))")
    }
    XCTAssertEqual(summary["steps"] as? Int, 3)
  }

  func testExportsWriteFlagsAsRunsDoAndSafeNamesWithAMapping() throws {
    let out = try sweep(
      "flags",
      """
      design: full-factorial
      replicates: 1
      keep: agents
      every: 10
      factors:
        nations[North].rule: [majority, unanimity]
      """)
    let series = scratch.appendingPathComponent("series.csv")
    let e = try accord([
      "export", out.path, "--table", "timeseries", "--out", series.path, "--names", "safe",
    ])
    XCTAssertEqual(e.status, 0, e.stderr)
    let rows = try String(contentsOf: series, encoding: .utf8).split(separator: "\n").map {
      $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    }
    let header = rows[0]
    XCTAssertTrue(header.contains("blocking_north") && header.contains("coalition_share_south"))
    XCTAssertTrue(
      header.allSatisfy { $0.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "_" } })
    for name in ["blocking", "winning", "blocking_north", "winning_south"] {
      let column = try XCTUnwrap(header.firstIndex(of: name))
      XCTAssertEqual(Set(rows.dropFirst().map { $0[column] }).subtracting(["true", "false"]), [])
    }
    // The same column of a single run holds the same words.
    let single = scratch.appendingPathComponent("single")
    XCTAssertEqual(
      try accord(["run", "Configs/examples/quickstart.yaml", "--out", single.path, "-q"]).status, 0)
    let runRows = try String(
      contentsOf: single.appendingPathComponent("timeseries.csv"), encoding: .utf8
    ).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
    let blocking = try XCTUnwrap(runRows[0].firstIndex(of: "blocking"))
    XCTAssertEqual(
      Set(runRows.dropFirst().map { String($0[blocking]) }).subtracting(["true", "false"]), [])
    // The mapping file maps every written name back to the store's.
    let mapping = try String(
      contentsOf: scratch.appendingPathComponent("series.names.csv"), encoding: .utf8
    ).split(separator: "\n").map(String.init)
    XCTAssertEqual(mapping[0], "name,original")
    XCTAssertEqual(mapping.count - 1, header.count)
    XCTAssertTrue(mapping.contains("blocking_north,blocking_North"))
    // The runs table: factor paths become snake_case, pareto_inferior true/false, JSON booleans.
    let runs = scratch.appendingPathComponent("runs.jsonl")
    XCTAssertEqual(
      try accord([
        "export", out.path, "--to", "jsonl", "--out", runs.path, "--names", "safe",
      ]).status, 0)
    let first = try XCTUnwrap(
      JSONSerialization.jsonObject(
        with: Data(try String(contentsOf: runs, encoding: .utf8).split(separator: "\n")[0].utf8))
        as? [String: Any])
    XCTAssertEqual(first["nations_north_rule"] as? String, "majority")
    XCTAssertTrue(first["pareto_inferior"] is Bool || first["pareto_inferior"] is NSNull)
    let agents = try accord(["export", out.path, "--table", "agents"])
    let member = agents.stdout.split(separator: "\n").dropFirst().map {
      $0.split(separator: ",").last!
    }
    XCTAssertEqual(Set(member).subtracting(["true", "false"]), [])
    let stdout = try accord(["export", out.path, "--names", "safe"])
    XCTAssertNotEqual(stdout.status, 0)
    XCTAssertTrue(stdout.stderr.contains("--names safe: needs --out FILE"))
  }

  // MARK: Publication figures

  func testPlotOptionsForPublication() throws {
    let out = try sweep(
      "figures",
      """
      design: full-factorial
      replicates: 3
      seed: 11
      factors:
        persuasion.strategy: [random, pivotal-first]
        theta: [0.6, 0.9]
      labels:
        persuasion.strategy: Targeting strategy
      """)
    let svg = scratch.appendingPathComponent("fig.svg")
    let r = try accord([
      "plot", out.path, "--x", "theta", "--group", "persuasion.strategy", "--metric",
      "agreement_step IS NOT NULL", "--labels", "theta=True state", "--size", "1000x600",
      "--no-footer", "--y-title", "Share with a deal", "--out", svg.path,
    ])
    XCTAssertEqual(r.status, 0, r.stderr)
    let text = try String(contentsOf: svg, encoding: .utf8)
    XCTAssertTrue(text.contains("width=\"1000\" height=\"600\""), text)
    // A 0/1 expression is a proportion: the y axis spans exactly [0, 1].
    XCTAssertTrue(text.contains("<g class=\"axis y\" data-min=\"0.0\" data-max=\"1.0\">"), text)
    XCTAssertFalse(text.contains("class=\"caption\""))
    XCTAssertTrue(text.contains(">Share with a deal<"))
    XCTAssertTrue(text.contains(">True state<"), "the x title uses --labels")
    XCTAssertTrue(text.contains(">Targeting strategy<"), "the legend uses the sweep file's labels")
    XCTAssertTrue(text.contains("Targeting strategy = pivotal-first"))
    XCTAssertTrue(text.contains(">Share with a deal against True state<") == false)
    // The default title reads the metric in words, not as SQL.
    XCTAssertTrue(text.contains(">Share of runs reaching agreement against True state<"), text)
    // Efficiency is a share: [0, 1] even where its t intervals would pass 1.
    let eff = scratch.appendingPathComponent("eff.svg")
    let pooled = try accord(["plot", out.path, "--x", "theta", "--out", eff.path])
    XCTAssertEqual(pooled.status, 0, pooled.stderr)
    let effText = try String(contentsOf: eff, encoding: .utf8)
    XCTAssertTrue(effText.contains("<g class=\"axis y\" data-min=\"0.0\" data-max=\"1.0\">"))
    XCTAssertTrue(
      effText.contains("Means with 95% intervals over replicates (Student t, not a 0/1 metric);"),
      effText)
    // The strategy is neither shown nor fixed: pooled, and said so on both channels.
    XCTAssertTrue(
      pooled.stderr.contains("note: pooled over persuasion.strategy (2 levels)"), pooled.stderr)
    XCTAssertTrue(effText.contains("pooled over persuasion.strategy (2 levels)"), effText)
    // A heatmap has no intervals, and its footer says so.
    let heat = scratch.appendingPathComponent("heat.svg")
    XCTAssertEqual(
      try accord([
        "plot", out.path, "--x", "theta", "--group", "persuasion.strategy", "--heatmap", "--out",
        heat.path,
      ]).status, 0)
    let heatText = try String(contentsOf: heat, encoding: .utf8)
    XCTAssertTrue(heatText.contains(">Means over replicates; missing values: drop"), heatText)
    XCTAssertFalse(heatText.contains("95%"))
    // Bad options: one line each.
    let size = try accord(["plot", out.path, "--x", "theta", "--size", "big"])
    XCTAssertTrue(size.stderr.contains("--size: 'big' is not a size; allowed: WxH"), size.stderr)
    let label = try accord(["plot", out.path, "--x", "theta", "--labels", "thta=Theta"])
    XCTAssertTrue(label.stderr.contains("(did you mean 'theta'?)"), label.stderr)
  }

  func testPlotFacetWhereAndLogX() throws {
    let out = try sweep(
      "facets",
      """
      design: full-factorial
      replicates: 2
      seed: 7
      factors:
        evidence.trials: [1, 10, 100]
        theta: [0.6, 0.9]
        persuasion.strategy: [random, pivotal-first]
      """)
    let svg = scratch.appendingPathComponent("facets.svg")
    let r = try accord([
      "plot", out.path, "--x", "evidence.trials", "--metric", "steps_run", "--log-x",
      "--facet", "persuasion.strategy", "--where", "theta = 0.9", "--out", svg.path,
    ])
    XCTAssertEqual(r.status, 0, r.stderr)
    // theta is fixed by --where, the strategy is the facet: nothing is pooled.
    XCTAssertFalse(r.stderr.contains("pooled"), r.stderr)
    let text = try String(contentsOf: svg, encoding: .utf8)
    XCTAssertTrue(text.contains("<g class=\"panel\" data-title=\"strategy = random\">"), text)
    XCTAssertTrue(text.contains("<g class=\"panel\" data-title=\"strategy = pivotal-first\">"))
    // Two panels, one shared log x axis from 1 to 100 in each.
    XCTAssertEqual(
      text.components(
        separatedBy: "<g class=\"axis x\" data-min=\"1.0\" data-max=\"100.0\" data-scale=\"log\">"
      ).count - 1, 2)
    XCTAssertTrue(text.contains(">Steps run against trials<"), text)
    XCTAssertTrue(text.contains("runs where theta = 0.9"), text)
    let csv = try String(
      contentsOf: scratch.appendingPathComponent("facets.csv"), encoding: .utf8
    ).split(separator: "\n").map {
      $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    }
    XCTAssertEqual(
      csv[0], ["group", "x", "n", "sample_mean", "ci95_lower", "ci95_upper", "interval", "facet"])
    XCTAssertEqual(csv.count, 1 + 3 * 2)
    XCTAssertEqual(Set(csv.dropFirst().map { $0[2] }), ["2"], "2 replicates at theta = 0.9")
    XCTAssertEqual(csv.dropFirst().map { $0[1] }, ["1", "10", "100", "1", "10", "100"])
    XCTAssertEqual(Set(csv.dropFirst().map { $0[6] }), ["t"])
    // Without the filter, theta is pooled over, and the footer says so.
    let all = try accord([
      "plot", out.path, "--x", "evidence.trials", "--facet", "persuasion.strategy", "--out",
      svg.path,
    ])
    XCTAssertEqual(all.status, 0, all.stderr)
    XCTAssertTrue(all.stderr.contains("note: pooled over theta (2 levels)"), all.stderr)
    // Bad input: one line naming the option and what is allowed.
    let cases: [([String], String)] = [
      (["--x", "theta", "--facet", "thta"], "--facet: unknown factor 'thta'"),
      (["--x", "theta", "--bins", "500"], "--bins: 500 is out of range; allowed: 0 to 200"),
      (
        ["--x", "persuasion.strategy", "--log-x"],
        "--log-x: 'persuasion.strategy' has levels that are not numbers"
      ),
      (["--x", "theta", "--where", "thetta > 1"], "--where 'thetta > 1': not an SQL condition"),
      (["--x", "theta", "--where", "theta > 5"], "--where 'theta > 5': no runs match"),
      (["--x", "theta", "--survivors"], "--survivors: only with --over-steps"),
    ]
    for (arguments, message) in cases {
      let bad = try accord(["plot", out.path] + arguments)
      XCTAssertNotEqual(bad.status, 0, "\(arguments)")
      XCTAssertTrue(bad.stderr.contains(message), "\(arguments): \(bad.stderr)")
    }
  }

  func testSweepLabelsMustNameFactors() throws {
    let file = scratch.appendingPathComponent("labels.yaml")
    let base = CLITests.root.appendingPathComponent("Configs/examples/quickstart.yaml").path
    try """
    base: \(base)
    factors:
      theta: [0.6, 0.9]
    labels:
      thetta: True state
    """.write(to: file, atomically: true, encoding: .utf8)
    let r = try accord(["sweep", "plan", file.path])
    XCTAssertNotEqual(r.status, 0)
    XCTAssertEqual(
      r.stderr.trimmingCharacters(in: .whitespacesAndNewlines),
      "Error: \(file.path):5:3: labels.thetta: unknown factor 'thetta'; allowed: theta "
        + "(did you mean 'theta'?)")
  }

  // MARK: Scenario discovery

  func testDiscoverFindsTheBoxOfASyntheticSweep() throws {
    let file = scratch.appendingPathComponent("grid.yaml")
    try """
    model: ishigami
    design: full-factorial
    factors:
      x1: {from: -3.0, to: 3.0, step: 0.5}
      x2: {from: -3.0, to: 3.0, step: 0.5}
      x3: {from: -3.0, to: 3.0, step: 1.0}
    """.write(to: file, atomically: true, encoding: .utf8)
    let out = scratch.appendingPathComponent("grid")
    XCTAssertEqual(try accord(["sweep", "run", file.path, "--out", out.path]).status, 0)
    let r = try accord(["sweep", "discover", out.path, "--where", "x1 > 1 AND x2 < 0"])
    XCTAssertEqual(r.status, 0, r.stderr)
    XCTAssertTrue(r.stdout.contains("coverage 1.000, density 1.000"), r.stdout)
    XCTAssertTrue(r.stdout.contains("chosen: the best F1 score"), r.stdout)
    // Limits fall midway between grid levels, as the workbench's; only moved limits
    // have quasi-p-values, and x3 is never peeled.
    XCTAssertTrue(r.stdout.contains("  x1: [1.25, 3], quasi-p lower "), r.stdout)
    XCTAssertTrue(
      r.stdout.contains(", upper -\n  x2: [-3, -0.25], quasi-p lower -, upper "), r.stdout)
    XCTAssertFalse(r.stdout.contains("  x3"), r.stdout)
    let csv = try String(
      contentsOf: out.appendingPathComponent("discover.csv"), encoding: .utf8
    ).split(separator: "\n")
    XCTAssertEqual(
      csv[0], "box,phase,coverage,density,mass,runs,hits,restricted,f_score,meets_threshold,chosen")
    let density = Double(4 * 6) / Double(13 * 13)
    XCTAssertEqual(
      csv[1],
      "0,start,1.0,\(density),1.0,1183,168,0,\(2 * density / (1 + density)),false,false")
    let limits = try String(
      contentsOf: out.appendingPathComponent("discover-limits.csv"), encoding: .utf8
    ).split(separator: "\n")
    XCTAssertEqual(limits.count, 1 + 3 * (csv.count - 1))
    XCTAssertTrue(limits.contains("0,x3,real,false,-3.0,3.0,,,"), limits.joined(separator: "\n"))
    let svg = try String(contentsOf: out.appendingPathComponent("discover.svg"), encoding: .utf8)
    XCTAssertTrue(svg.hasPrefix("<svg") || svg.hasPrefix("<?xml"))
    let typo = try accord(["sweep", "discover", out.path, "--where", "x9 > 1"])
    XCTAssertNotEqual(typo.status, 0)
    XCTAssertTrue(typo.stderr.contains("(did you mean 'x1'?)"), typo.stderr)
    // CART: the workbench's tree; its pure leaf is the same box.
    let stem = out.appendingPathComponent("cart").path
    let cart = try accord([
      "sweep", "discover", out.path, "--where", "x1 > 1 AND x2 < 0", "--method", "cart",
      "--out", stem,
    ])
    XCTAssertEqual(cart.status, 0, cart.stderr)
    XCTAssertTrue(cart.stdout.contains(": 3 leaves, depth 2"), cart.stdout)
    XCTAssertTrue(
      cart.stdout.contains(
        "coverage 1.000, density 1.000, mass 0.142, 168 runs\n  x1: [1.25, 3]\n  x2: [-3, -0.25]"),
      cart.stdout)
    let leaves = try String(contentsOfFile: stem + ".csv", encoding: .utf8)
      .split(separator: "\n")
    XCTAssertEqual(
      leaves.first, "leaf,depth,coverage,density,mass,runs,hits,restricted,meets_threshold")
    XCTAssertEqual(leaves.count, 4)
    XCTAssertEqual(
      try String(contentsOfFile: stem + "-limits.csv", encoding: .utf8)
        .split(separator: "\n").count, 1 + 3 * 3)
    let boxed = try accord([
      "sweep", "discover", out.path, "--where", "x1 > 1", "--method", "cart", "--box", "1",
    ])
    XCTAssertNotEqual(boxed.status, 0)
    XCTAssertTrue(boxed.stderr.contains("--box selects a box of PRIM's trajectory"), boxed.stderr)
  }

  func testPlotWritesPDFAndPNGWithRsvgConvert() throws {
    let out = try sweep(
      "raster",
      """
      design: full-factorial
      factors:
        theta: [0.6, 0.9]
      """)
    let installed = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
      .contains { FileManager.default.isExecutableFile(atPath: "\($0)/rsvg-convert") }
    for (format, magic) in [("pdf", Data("%PDF".utf8)), ("png", Data([0x89, 0x50, 0x4E, 0x47]))] {
      let file = scratch.appendingPathComponent("fig.\(format)")
      let r = try accord(["plot", out.path, "--x", "theta", "--out", file.path])
      if installed {
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(try Data(contentsOf: file).prefix(magic.count), magic)
        XCTAssertTrue(
          FileManager.default.fileExists(atPath: scratch.appendingPathComponent("fig.csv").path))
      } else {
        XCTAssertNotEqual(r.status, 0)
        XCTAssertTrue(
          r.stderr.contains("needs rsvg-convert (Debian: apt-get install librsvg2-bin)"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: file.path))
      }
    }
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: scratch.path).filter {
      $0.hasSuffix(".partial")
    }
    XCTAssertEqual(leftovers, [])
  }
}
