import AccordSQLite
import Foundation
import XCTest

/// Issue 15 through the `accord` binary: every reproducer of a crash is a located
/// one-line error or a correct result, sweeps survive a failing run, damage, a second
/// writer and SIGTERM, and readers leave stores as they found them.
extension CLITests {
  /// A process that trapped (SIGILL, SIGTRAP, SIGABRT, SIGSEGV) rather than exiting.
  static func trapped(_ outcome: Outcome) -> Bool {
    [132, 133, 134, 139].contains(outcome.status) || outcome.stderr.contains("Fatal error")
      || outcome.stderr.contains("Crash")
  }

  /// Asserts a failure with exactly one line of error that contains `text`.
  func assertOneLineError(
    _ outcome: Outcome, _ text: String, file: StaticString = #filePath, line: UInt = #line
  ) {
    XCTAssertEqual(outcome.status, 1, outcome.stderr, file: file, line: line)
    XCTAssertFalse(Self.trapped(outcome), outcome.stderr, file: file, line: line)
    let lines = outcome.stderr.split(separator: "\n").filter { !$0.hasPrefix("[") }
    XCTAssertEqual(lines.count, 1, outcome.stderr, file: file, line: line)
    XCTAssertTrue(outcome.stderr.contains(text), outcome.stderr, file: file, line: line)
  }

  func write(_ text: String, _ name: String) throws -> String {
    let url = scratch.appendingPathComponent(name)
    try text.write(to: url, atomically: true, encoding: .utf8)
    return url.path
  }

  /// Two nations; `a` and `b` in A with the given extra lines, `c` alone in B.
  func twoNations(a: String = "", b: String = "", c: String = "", rule: String = "majority")
    throws -> String
  {
    try write(
      """
      steps: 20
      nations:
        - name: A
          rule: \(rule)
          executive: a
          agents:
            - name: a
      \(a)
            - name: b
      \(b)
        - name: B
          executive: c
          agents:
            - name: c
      \(c)

      """, "world-\(UUID().uuidString).yaml")
  }

  // MARK: Crashes of issue 15

  func testPowerWithHugeWeightsIsAnError() throws {
    // Was a Double-to-Int trap (1e19) and an Int overflow in the weight sum (5e18 + 5e18).
    assertOneLineError(
      try accord(["power", "--weights", "1e19,1", "--quota", "1"]),
      "--weights: weight 1.0 of player 2 is below 1e-12 of the total weight")
    assertOneLineError(
      try accord(["power", "--weights", "1e308,1e308", "--quota", "1"]),
      "--weights: the total weight is too large")
    // 5e18 + 5e18 is representable: the sampled answer is the symmetric one.
    let even = try accord(["power", "--weights", "5e18,5e18", "--quota", "1"])
    XCTAssertEqual(even.status, 0, even.stderr)
    XCTAssertTrue(even.stdout.hasPrefix("sampling"), even.stdout)
    XCTAssertTrue(even.stdout.contains("minimal winning coalitions (2): {1} {2}"), even.stdout)
    let exact = try accord(["power", "--weights", "5e18,5e18", "--quota", "1", "--method", "exact"])
    assertOneLineError(exact, "exact computation is not feasible")
  }

  func testAgentWeightsBeyondIntAreLocatedErrors() throws {
    for weight in ["1e19", "9223372036854775807"] {
      let config = try twoNations(a: "        weight: \(weight)")
      for command in [
        ["validate", config], ["inspect", config],
        ["run", config, "--out", scratch.appendingPathComponent("w").path],
      ] {
        let r = try accord(command)
        assertOneLineError(r, "\(config):3:5: nations[0]: nation A: its agents' weights")
      }
      XCTAssertFalse(
        FileManager.default.fileExists(atPath: scratch.appendingPathComponent("w").path))
    }
    // Two agents of 5e18 each: a valid game (the total is a Double), and the run works.
    let big = try twoNations(a: "        weight: 5e18", b: "        weight: 5e18")
    XCTAssertEqual(try accord(["validate", big]).status, 0)
    let run = try accord(["run", big, "--out", scratch.appendingPathComponent("big").path])
    XCTAssertEqual(run.status, 0, run.stderr)
  }

  func testSweepFactorRangesAreCheckedNotTrapped() throws {
    let base = "\(Self.root.path)/Configs/examples/quickstart.yaml"
    let cases = [
      ("theta: {from: 0, to: .inf, step: 5}", "factors.theta.to: must be a finite number"),
      (
        "theta: {from: 0.1, to: 0.9, step: 1e-300}",
        "factors.theta.step: the range has 8e+299 levels"
      ),
      (
        "theta: {from: -1e308, to: 1e308, step: 1}",
        "factors.theta.step: the range has too many levels"
      ),
      ("theta: [0.6, .nan, 0.8]", "factors.theta[1]: level 2 is nan"),
      ("evidence.trials: [0, 2.5, 10]", "value 2.5 gives an invalid config"),
      ("theta: {low: -1e308, high: 1e308}", "high - low must be below 1.8e308"),
    ]
    for (factor, message) in cases {
      let sweep = try write(
        "base: \(base)\ndesign: latin-hypercube\nsamples: 4\nfactors:\n  \(factor)\n", "s.yaml")
      assertOneLineError(try accord(["sweep", "plan", sweep]), message)
      assertOneLineError(
        try accord(["sweep", "run", sweep, "--out", scratch.path + "/o"]), message)
    }
  }

  /// `gsl_cdf_beta_Pinv` gave NaN for these, and the credible interval trapped.
  func testBetaQuantileReproducersRun() throws {
    let quickstart = try String(
      contentsOfFile: "\(Self.root.path)/Configs/examples/quickstart.yaml", encoding: .utf8)
    let long = try write(
      quickstart.replacingOccurrences(
        of: "stop_at_agreement: true", with: "stop_at_agreement: false"), "long.yaml")
    let evidence = try write(
      quickstart.replacingOccurrences(of: "  trials: 5 ", with: "  trials: 1000 ")
        .replacingOccurrences(of: "  attention: 0.03 ", with: "  attention: 1    "), "evidence.yaml"
    )
    let concentrated = try twoNations(
      a: "        prior_concentration: 65536\n        believer: true")
    for (config, steps) in [(long, "8642"), (evidence, "40"), (concentrated, "20")] {
      let out = scratch.appendingPathComponent(UUID().uuidString)
      let r = try accord(["run", config, "--agents", "--steps", steps, "--out", out.path])
      XCTAssertEqual(r.status, 0, r.stderr)
      let agents = try String(contentsOf: out.appendingPathComponent("agents.csv"), encoding: .utf8)
      XCTAssertFalse(agents.lowercased().contains("nan"), config)
      XCTAssertGreaterThan(agents.split(separator: "\n").count, 2)
    }
  }

  // MARK: validate says what run says

  func testValidateOfTheLargestWorldDoesNotDrawIt() throws {
    // 10^7 agents, the documented maximum: names, network and derived quantities are
    // checked from the groups, a sample and the weights' supports.
    let group = "        count: 9999998\n        weight: {uniform: [1, 2]}"
    let huge = try twoNations(b: group)
    let r = try accord(["validate", huge])
    XCTAssertEqual(r.status, 0, r.stderr)
    XCTAssertTrue(r.stdout.contains("nations: A (9999999, majority), B (1, majority)"), r.stdout)
    XCTAssertTrue(r.stdout.contains("agents: 10000000, believers: 0"), r.stdout)
    XCTAssertTrue(r.stdout.contains("derived checks: on a sample of at most 1000 agents"), r.stdout)
    // About 320 B per agent (WorldCost); the complete network is implicit.
    XCTAssertTrue(r.stdout.contains("memory: about 3.2 GB for the world"), r.stdout)
    // 10^7 agents x 20 steps x 50 ns = 10 s.
    XCTAssertTrue(r.stdout.contains("run time: about 10 s (agents x steps x 50 ns"), r.stdout)
    // A name the group generates far beyond the sample.
    let clash = try twoNations(b: "        count: 9999997", c: "      - name: b-5000000")
    assertOneLineError(
      try accord(["validate", clash]),
      "nations[1].agents[1].name: duplicate agent name 'b-5000000' (also at nations[0].agents[1].name)"
    )
    // A constant weight that vanishes beside the whole nation's total (1e-8 < 1e-12 x 10^7),
    // though not beside a sample's.
    let vanishing = try twoNations(a: "        weight: 1e-8", b: "        count: 9999998")
    assertOneLineError(
      try accord(["validate", vanishing]),
      "nations[0]: nation A: its agents' weights give no ratification game: weight 1e-08 of "
        + "player 1 is below 1e-12 of the total weight")
    // The executive may be a generated agent beyond the sample.
    let executive = try write(
      try String(contentsOfFile: huge, encoding: .utf8).replacingOccurrences(
        of: "executive: a", with: "executive: b-9999998"), "executive.yaml")
    XCTAssertEqual(try accord(["validate", executive]).status, 0)
  }

  func testValidateChecksDerivedQuantities() throws {
    // All saliences 0: the summary's joint optimum is undefined; refused before any output.
    let flat = try twoNations(
      a: "        salience: 0", b: "        salience: 0", c: "        salience: 0")
    let out = scratch.appendingPathComponent("flat")
    assertOneLineError(try accord(["validate", flat]), "every agent has weight or salience 0")
    assertOneLineError(
      try accord(["run", flat, "--out", out.path]), "every agent has weight or salience 0")
    XCTAssertFalse(FileManager.default.fileExists(atPath: out.path))
    // A tiny weight beside a weight of 1 would vanish in the sums: a located error.
    let vanishing = try twoNations(a: "        weight: 1e-300")
    for command in [["validate", vanishing], ["run", vanishing, "--out", out.path]] {
      assertOneLineError(
        try accord(command),
        "\(vanishing):3:5: nations[0]: nation A: its agents' weights give no "
          + "ratification game: weight 1e-300 of player 1 is below 1e-12 of the total weight")
    }
    // A single tiny weight, and a weight a hair below 1 under unanimity (the quota from
    // the weights rounded up past their total): valid, and they run.
    let single = try write(
      try String(contentsOfFile: try twoNations(c: "        weight: 1e-300"), encoding: .utf8),
      "single.yaml")
    for config in [single, try twoNations(b: "        weight: 0.999999999", rule: "unanimity")] {
      XCTAssertEqual(try accord(["validate", config]).status, 0)
      let r = try accord([
        "run", config, "--out", scratch.appendingPathComponent(UUID().uuidString).path,
      ])
      XCTAssertEqual(r.status, 0, r.stderr)
    }
  }

  // MARK: Sweeps

  /// A sweep whose point (0, 0) has every salience 0: 3 of its 12 runs fail.
  func failingSweep() throws -> String {
    let base = try twoNations(a: "        salience: 1", c: "        salience: 1")
    let b = try String(contentsOfFile: base, encoding: .utf8)
      .replacingOccurrences(of: "      - name: b\n", with: "      - name: b\n        salience: 0\n")
    let world = try write(b, "base.yaml")
    return try write(
      """
      base: \(world)
      replicates: 3
      keep: timeseries
      factors:
        nations[A].agents[a].salience: [0, 1]
        nations[B].agents[c].salience: [0, 1]

      """, "failing.yaml")
  }

  func testFailedRunsAreRecordedAndTheSweepGoesOn() throws {
    let sweep = try failingSweep()
    let out = scratch.appendingPathComponent("failing")
    let r = try accord(["sweep", "run", sweep, "--jobs", "2", "--out", out.path])
    XCTAssertEqual(r.status, 0, r.stderr)
    XCTAssertTrue(r.stderr.contains("warning: 3 runs failed this time"), r.stderr)
    XCTAssertEqual(try rows(out, "runs").count, 9)
    let status = try accord(["sweep", "status", out.path])
    let lines = status.stdout.split(separator: "\n")
    XCTAssertEqual(lines.first, "9 of 12 runs done (75%), 3 failed")
    XCTAssertEqual(lines.count, 4)
    XCTAssertTrue(lines[1].hasPrefix("  failed: run 0 (point 0, replicate 0, seed "), status.stdout)
    XCTAssertTrue(lines[1].contains("every agent has weight or salience 0"))
    // --resume does not retry them; --retry-failed does (and they fail again).
    let resumed = try accord(["sweep", "run", sweep, "--out", out.path, "--resume"])
    XCTAssertTrue(resumed.stdout.hasPrefix("done: 0 runs this time, 12 already"), resumed.stdout)
    let retried = try accord([
      "sweep", "run", sweep, "--out", out.path, "--resume", "--retry-failed",
    ])
    XCTAssertTrue(retried.stdout.hasPrefix("done: 3 runs this time, 9 already"), retried.stdout)
    // Analyses name the completion on stderr and use the runs present.
    let summary = try accord(["sweep", "summarize", out.path])
    XCTAssertEqual(summary.status, 0)
    XCTAssertTrue(
      summary.stderr.contains("9 of 12 runs done (75%), 3 failed; these results use only"),
      summary.stderr)
    let export = try accord(["export", out.path, "--table", "runs"])
    XCTAssertEqual(export.stdout.split(separator: "\n").count, 10)
    XCTAssertTrue(export.stderr.contains("3 failed"), export.stderr)
  }

  func testDamagedRunsAreNamedRefusedAndRerun() throws {
    let sweep = try sweepFile(replicates: 5)
    let out = scratch.appendingPathComponent("damaged")
    XCTAssertEqual(try accord(["sweep", "run", sweep, "--out", out.path]).status, 0)
    let runs = try rows(out, "runs")
    let series = try rows(out, "timeseries")
    // A value changed behind the store's back (as a flipped bit in a value would).
    let queue = try DatabaseQueue(path: out.appendingPathComponent("sweep.sqlite").path)
    try queue.write { db in
      try db.execute(sql: "UPDATE runs SET final_coalition_share = -2.06e-39 WHERE run_id = 7")
      try db.execute(sql: "DELETE FROM timeseries WHERE run_id = 12 AND step = 5")
    }
    try queue.close()
    let verify = try accord(["sweep", "verify", out.path])
    XCTAssertEqual(verify.status, 1)
    XCTAssertTrue(verify.stdout.contains("damaged runs: run 7, run 12"), verify.stdout)
    XCTAssertTrue(
      try accord(["sweep", "status", out.path]).stdout.hasPrefix(
        "30 of 30 runs done (100%), 2 damaged"))
    for command in [
      ["sweep", "summarize", out.path], ["export", out.path, "--table", "runs"],
      ["plot", out.path, "--x", "theta", "--out", scratch.appendingPathComponent("p.svg").path],
    ] {
      assertOneLineError(try accord(command), "2 runs are damaged")
    }
    let resumed = try accord(["sweep", "run", sweep, "--out", out.path, "--resume"])
    XCTAssertTrue(resumed.stderr.contains("2 damaged runs removed, to run again: run 7, run 12"))
    XCTAssertTrue(resumed.stdout.hasPrefix("done: 2 runs this time, 28 already"), resumed.stdout)
    XCTAssertEqual(try rows(out, "runs"), runs)
    XCTAssertEqual(try rows(out, "timeseries"), series)
    XCTAssertEqual(try accord(["sweep", "verify", out.path]).status, 0)
  }

  /// Random bytes flipped in a finished store: damage is detected (or harmless), and
  /// --resume restores the uninterrupted rows exactly.
  func testBitFlipsAreDetectedAndRepaired() throws {
    let sweep = try sweepFile(replicates: 5)
    let clean = scratch.appendingPathComponent("clean")
    XCTAssertEqual(try accord(["sweep", "run", sweep, "--out", clean.path]).status, 0)
    let runs = try rows(clean, "runs")
    let series = try rows(clean, "timeseries")
    let original = try Data(contentsOf: clean.appendingPathComponent("sweep.sqlite"))
    let cleanExport = try accord(["export", clean.path, "--table", "runs"])
    XCTAssertEqual(cleanExport.status, 0)
    var random = SplitMix(seed: 15)
    for trial in 0..<6 {
      let out = scratch.appendingPathComponent("flipped-\(trial)")
      try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
      var bytes = [UInt8](original)
      for _ in 0..<(trial < 3 ? 1 : 20) {
        let i = 100 + Int(random.next() % UInt64(bytes.count - 100))
        bytes[i] ^= UInt8(1 << (random.next() % 8))
      }
      try Data(bytes).write(to: out.appendingPathComponent("sweep.sqlite"))
      let verify = try accord(["sweep", "verify", out.path])
      XCTAssertFalse(Self.trapped(verify))
      if verify.status == 0 {
        // Only a flip in unused space passes, and then the rows are unchanged.
        XCTAssertEqual(try rows(out, "runs"), runs, "trial \(trial)")
        continue
      }
      // Export checks the rows it reads (their checksums), not SQLite's whole file: a
      // flip that only SQLite's integrity check sees (a free page, an index entry the
      // export does not use) may leave the export whole, and then it must be exact.
      let export = try accord(["export", out.path, "--table", "runs"])
      if export.status == 0 {
        XCTAssertEqual(
          export.stdout, cleanExport.stdout, "trial \(trial): export of a damaged store")
      } else {
        XCTAssertEqual(export.status, 1, "trial \(trial): export of a damaged store")
      }
      let resumed = try accord(["sweep", "run", sweep, "--out", out.path, "--resume"])
      XCTAssertFalse(Self.trapped(resumed))
      if resumed.status != 0 && trial >= 3 {
        // Many flips can reach SQLite's schema or the meta table: then the runs cannot
        // be attributed, and the store is refused in one line rather than guessed at.
        assertOneLineError(resumed, "damaged beyond repair")
        continue
      }
      XCTAssertEqual(resumed.status, 0, "trial \(trial): \(resumed.stderr)")
      XCTAssertEqual(try accord(["sweep", "verify", out.path]).status, 0, "trial \(trial)")
      XCTAssertTrue(try rows(out, "runs") == runs, "trial \(trial)")
      XCTAssertTrue(try rows(out, "timeseries") == series, "trial \(trial)")
    }
  }

  func testOneWriterPerStore() throws {
    let sweep = try sweepFile(replicates: 300)
    let out = scratch.appendingPathComponent("locked")
    let first = try startSweep(sweep, into: out, atLeast: 5)
    let second = try accord(["sweep", "run", sweep, "--out", out.path, "--resume"])
    let stillRunning = first.isRunning
    kill(first.processIdentifier, SIGKILL)
    first.waitUntilExit()
    if stillRunning {
      assertOneLineError(
        second, "another accord process, pid \(first.processIdentifier), is writing this store")
    }
    // The kernel drops the lock with its holder: the sweep resumes to completion.
    let resumed = try accord(["sweep", "run", sweep, "--out", out.path, "--resume"])
    XCTAssertEqual(resumed.status, 0, resumed.stderr)
    XCTAssertEqual(try rows(out, "runs").count, 1800)
  }

  func testSIGTERMCommitsFinishedRunsAndExits143() throws {
    let sweep = try sweepFile(replicates: 100)
    let whole = scratch.appendingPathComponent("whole")
    XCTAssertEqual(try accord(["sweep", "run", sweep, "--out", whole.path]).status, 0)
    for (signal, status) in [(SIGTERM, Int32(143)), (SIGHUP, 129)] {
      let out = scratch.appendingPathComponent("signalled-\(signal)")
      let process = try startSweep(sweep, into: out, atLeast: 20)
      kill(process.processIdentifier, signal)
      process.waitUntilExit()
      let partial = try rows(out, "runs").count
      if partial < 600 {
        XCTAssertEqual(process.terminationStatus, status, "signal \(signal)")
        XCTAssertEqual(process.terminationReason, .exit, "a clean exit, not death by signal")
      }
      XCTAssertEqual(try accord(["sweep", "verify", out.path]).status, 0)
      let resumed = try accord(["sweep", "run", sweep, "--out", out.path, "--resume"])
      XCTAssertEqual(resumed.status, 0, resumed.stderr)
      XCTAssertEqual(try rows(out, "runs"), try rows(whole, "runs"))
      XCTAssertEqual(try rows(out, "timeseries"), try rows(whole, "timeseries"))
    }
  }

  // MARK: Messages and readers

  func testRawErrorsAreInTheUsersTerms() throws {
    let sweep = try sweepFile(replicates: 1)
    let file = try write("not a directory\n", "file.txt")
    assertOneLineError(
      try accord(["sweep", "run", sweep, "--out", file]), "\(file): is a file, not a directory")
    // An unrelated SQLite file.
    let other = scratch.appendingPathComponent("other")
    try FileManager.default.createDirectory(at: other, withIntermediateDirectories: true)
    let queue = try DatabaseQueue(path: other.appendingPathComponent("sweep.sqlite").path)
    try queue.write { db in try db.execute(sql: "CREATE TABLE t (x)") }
    try queue.close()
    for command in [["export", other.path, "--table", "runs"], ["sweep", "status", other.path]] {
      assertOneLineError(try accord(command), "this file is not an accord sweep store")
    }
    // Not SQLite at all.
    let junk = scratch.appendingPathComponent("junk")
    try FileManager.default.createDirectory(at: junk, withIntermediateDirectories: true)
    try Data(repeating: 0x41, count: 8192).write(to: junk.appendingPathComponent("sweep.sqlite"))
    assertOneLineError(try accord(["sweep", "status", junk.path]), "not an SQLite database")
    // A config that is not UTF-8.
    let latin1 = scratch.appendingPathComponent("latin1.yaml")
    try Data([0x73, 0x74, 0x65, 0x70, 0x73, 0x3A, 0x20, 0xE9, 0x0A]).write(to: latin1)
    assertOneLineError(try accord(["validate", latin1.path]), "not UTF-8 text")
    let sweepLatin = try write("base: \(latin1.path)\nfactors:\n  theta: [0.5]\n", "latin.yaml")
    assertOneLineError(try accord(["sweep", "plan", sweepLatin]), "not UTF-8 text")
  }

  func testReadersLeaveNoJournalFiles() throws {
    let sweep = try sweepFile(replicates: 2)
    let out = scratch.appendingPathComponent("read")
    XCTAssertEqual(try accord(["sweep", "run", sweep, "--out", out.path]).status, 0)
    for command in [
      ["sweep", "status", out.path], ["sweep", "verify", out.path],
      ["sweep", "summarize", out.path],
      ["export", out.path, "--table", "timeseries"],
      ["plot", out.path, "--x", "theta", "--out", scratch.appendingPathComponent("p.svg").path],
    ] {
      XCTAssertEqual(try accord(command).status, 0, "\(command)")
      let files = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
      XCTAssertEqual(files, ["sweep.sqlite", "sweep.sqlite.lock"], "\(command)")
    }
  }
}

/// A small seeded generator for test inputs (SplitMix64).
struct SplitMix {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
