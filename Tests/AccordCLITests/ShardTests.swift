import AccordSQLite
import Foundation
import XCTest

/// Sharded sweeps, merges and the Slurm scripts, end to end through the `accord` binary.
extension CLITests {
  /// Sharded and merged equals the single-machine store, row by row, for several N.
  func testShardedSweepMergesToTheSingleMachineStore() throws {
    let sweep = try sweepFile(replicates: 5)
    let whole = scratch.appendingPathComponent("whole")
    XCTAssertEqual(try accord(["sweep", "run", sweep, "--out", whole.path]).status, 0)
    let runs = try rows(whole, "runs")
    let series = try rows(whole, "timeseries")
    XCTAssertEqual(runs.count, 30)
    for n in [1, 2, 4, 7, 30] {
      var directories: [String] = []
      var held = 0
      for k in 0..<n {
        let directory = scratch.appendingPathComponent("n\(n)-shard\(k)")
        let r = try accord([
          "sweep", "run", sweep, "--shard", "\(k)/\(n)", "--jobs", "1", "--out", directory.path,
        ])
        XCTAssertEqual(r.status, 0, r.stderr)
        held += try rows(directory, "runs").count
        directories.append(directory.path)
      }
      XCTAssertEqual(held, 30, "N = \(n): the shards hold every run once")
      let merged = scratch.appendingPathComponent("merged-\(n)")
      // Any order of the shard directories.
      let m = try accord(["sweep", "merge"] + directories.reversed() + ["--out", merged.path])
      XCTAssertEqual(m.status, 0, m.stderr)
      XCTAssertEqual(m.stdout, "merged \(n) shards, 30 runs, into \(merged.path)/sweep.sqlite\n")
      XCTAssertEqual(try rows(merged, "runs"), runs, "N = \(n)")
      XCTAssertEqual(try rows(merged, "timeseries"), series, "N = \(n)")
      XCTAssertEqual(
        try accord(["sweep", "status", merged.path]).stdout, "30 of 30 runs done (100%)\n")
    }
    let status = try accord(["sweep", "status", scratch.appendingPathComponent("n4-shard1").path])
    XCTAssertEqual(status.stdout, "8 of 8 runs done (100%) in shard 1/4\n")
  }

  /// A killed shard is rerun alone with --resume; the merge then equals the whole sweep.
  func testKilledShardResumesAlone() throws {
    let sweep = try sweepFile(replicates: 100)
    let whole = scratch.appendingPathComponent("whole")
    XCTAssertEqual(try accord(["sweep", "run", sweep, "--out", whole.path]).status, 0)
    let first = scratch.appendingPathComponent("shard0")
    XCTAssertEqual(
      try accord(["sweep", "run", sweep, "--shard", "0/2", "--out", first.path]).status, 0)
    let second = scratch.appendingPathComponent("shard1")
    let process = try startSweep(sweep, into: second, atLeast: 20, extra: ["--shard", "1/2"])
    kill(process.processIdentifier, SIGKILL)
    process.waitUntilExit()
    let partial = try rows(second, "runs").count
    XCTAssertGreaterThan(partial, 0)
    XCTAssertLessThan(partial, 300, "the shard finished before it could be killed")
    let merged = scratch.appendingPathComponent("merged")
    let early = try accord(["sweep", "merge", first.path, second.path, "--out", merged.path])
    XCTAssertEqual(early.status, 1)
    XCTAssertTrue(early.stderr.contains("(shard 1/2 is missing or unfinished"), early.stderr)
    let resumed = try accord([
      "sweep", "run", sweep, "--shard", "1/2", "--out", second.path, "--resume",
    ])
    XCTAssertEqual(resumed.status, 0, resumed.stderr)
    XCTAssertEqual(
      resumed.stdout,
      "done: \(300 - partial) runs this time, \(partial) already in \(second.path)/sweep.sqlite\n")
    XCTAssertEqual(
      try accord(["sweep", "merge", first.path, second.path, "--out", merged.path]).status, 0)
    XCTAssertEqual(try rows(merged, "runs"), try rows(whole, "runs"))
    XCTAssertEqual(try rows(merged, "timeseries"), try rows(whole, "timeseries"))
  }

  /// Merging refuses a missing shard, a shard given twice and shards of another sweep,
  /// and writes nothing.
  func testMergeRefusesMismatchedAndIncompleteShards() throws {
    let sweep = try sweepFile(replicates: 5)
    var shards: [String] = []
    for k in 0..<3 {
      let directory = scratch.appendingPathComponent("shard\(k)").path
      XCTAssertEqual(
        try accord(["sweep", "run", sweep, "--shard", "\(k)/3", "--out", directory]).status, 0)
      shards.append(directory)
    }
    let out = scratch.appendingPathComponent("merged")
    func refused(_ directories: [String], _ message: String) throws {
      let r = try accord(["sweep", "merge"] + directories + ["--out", out.path])
      XCTAssertEqual(r.status, 1)
      XCTAssertEqual(r.stderr, "Error: " + message + "\n")
      XCTAssertFalse(FileManager.default.fileExists(atPath: out.path + "/sweep.sqlite"))
      XCTAssertFalse(FileManager.default.fileExists(atPath: out.path + "/sweep.sqlite.partial"))
    }
    try refused(
      [shards[0], shards[2]],
      "sweep merge: 10 of 30 runs are missing: runs 10-19 (shard 1/3 is missing or unfinished: "
        + "run it, or rerun it with --resume)")
    try refused(
      [shards[0], shards[1], shards[1], shards[2]],
      "sweep merge: runs held twice: runs 10-19 (in \(shards[1]) and \(shards[1]))")
    // A shard of another sweep file (more replicates).
    let other = try sweepFile(replicates: 7, name: "other.yaml")
    let foreign = scratch.appendingPathComponent("foreign").path
    XCTAssertEqual(
      try accord(["sweep", "run", other, "--shard", "1/3", "--out", foreign]).status, 0)
    try refused(
      [shards[0], foreign, shards[2]],
      "\(foreign)/sweep.sqlite: its sweep file differs from that of \(shards[0])/sweep.sqlite; "
        + "these are not shards of one sweep, refusing to merge")
    // Bad --shard values.
    for (value, message) in [
      ("3/3", "'3/3' is not a shard"), ("0/0", "'0/0' is not a shard"),
      ("-1/2", "'-1/2' is not a shard"), ("1/31", "1/31 cuts a sweep of 30 runs into more shards"),
    ] {
      let r = try accord(["sweep", "run", sweep, "--shard=\(value)", "--out", out.path])
      XCTAssertEqual(r.status, 1)
      XCTAssertTrue(r.stderr.hasPrefix("Error: --shard: \(message)"), r.stderr)
    }
    // Resuming a shard store as another shard is refused.
    let wrong = try accord([
      "sweep", "run", sweep, "--shard", "2/3", "--out", shards[0], "--resume",
    ])
    XCTAssertEqual(
      wrong.stderr,
      "Error: \(shards[0])/sweep.sqlite: this store holds shard 0/3, not 2/3; resume it with --shard 0/3\n"
    )
    XCTAssertFalse(FileManager.default.fileExists(atPath: out.path))
  }

  /// A store's time series start at step 0 (every run); a store made before the
  /// step-0 row (series from step 1) is neither resumed nor merged with new shards.
  func testStoresBeforeTheStepZeroRowAreNotMixed() throws {
    let sweep = try sweepFile(replicates: 2)
    var shards: [URL] = []
    for k in 0..<2 {
      let directory = scratch.appendingPathComponent("s0-shard\(k)")
      XCTAssertEqual(
        try accord(["sweep", "run", sweep, "--shard", "\(k)/2", "--out", directory.path]).status, 0)
      shards.append(directory)
    }
    let queue = try DatabaseQueue(path: shards[0].appendingPathComponent("sweep.sqlite").path)
    let firsts = try queue.read { db in
      try Int.fetchAll(db, sql: "SELECT MIN(step) FROM timeseries GROUP BY run_id")
    }
    XCTAssertEqual(firsts, [0, 0, 0, 0, 0, 0])
    // Make shard 0 a store of the earlier layout (which had no checksums either).
    try queue.write { db in
      try db.execute(sql: "DELETE FROM timeseries WHERE step = 0")
      try db.execute(sql: "DELETE FROM checksums")
    }
    try queue.close()
    let store = shards[0].path + "/sweep.sqlite"
    let resumed = try accord([
      "sweep", "run", sweep, "--shard", "0/2", "--out", shards[0].path, "--resume",
    ])
    XCTAssertEqual(resumed.status, 1)
    XCTAssertEqual(
      resumed.stderr,
      "Error: \(store): its time series start at step 1 (made by an accord before the step-0 "
        + "row); refusing to mix them with runs that start at step 0: use another --out\n")
    let out = scratch.appendingPathComponent("s0-merged")
    let merged = try accord(["sweep", "merge", shards[0].path, shards[1].path, "--out", out.path])
    XCTAssertEqual(merged.status, 1)
    XCTAssertEqual(
      merged.stderr,
      "Error: \(shards[1].path)/sweep.sqlite: its time series start at step 0, those of \(store) "
        + "at step 1 (one was made before the step-0 row); these are not shards of one sweep, "
        + "refusing to merge\n")
    XCTAssertFalse(FileManager.default.fileExists(atPath: out.path + "/sweep.sqlite"))
  }

  /// The Slurm scripts parse with `bash -n` and carry the requested options.
  func testSlurmScripts() throws {
    let sweep = try sweepFile(replicates: 5)
    let out = scratch.appendingPathComponent("slurm")
    let r = try accord([
      "sweep", "slurm", sweep, "--shards", "6", "--partition", "short", "--time", "02:30:00",
      "--cpus-per-task", "4", "--out", out.path,
    ])
    XCTAssertEqual(r.status, 0, r.stderr)
    for script in ["shards.sbatch", "merge.sbatch", "submit.sh"] {
      let path = out.appendingPathComponent(script).path
      XCTAssertTrue(FileManager.default.isExecutableFile(atPath: path), script)
      let check = Process()
      check.executableURL = URL(fileURLWithPath: "/bin/bash")
      check.arguments = ["-n", path]
      try check.run()
      check.waitUntilExit()
      XCTAssertEqual(check.terminationStatus, 0, "bash -n \(script)")
    }
    func directives(_ name: String) throws -> [String] {
      try String(contentsOf: out.appendingPathComponent(name), encoding: .utf8)
        .split(separator: "\n").filter { $0.hasPrefix("#SBATCH ") }.map { String($0.dropFirst(8)) }
    }
    XCTAssertEqual(
      try directives("shards.sbatch"),
      [
        "--job-name=accord-sweep", "--array=0-5", "--cpus-per-task=4", "--time=02:30:00",
        "--partition=short", "--output=\(out.path)/logs/shard-%a.out",
      ])
    XCTAssertEqual(
      try directives("merge.sbatch"),
      [
        "--job-name=accord-sweep-merge", "--cpus-per-task=1", "--time=02:30:00",
        "--partition=short", "--output=\(out.path)/logs/merge.out",
      ])
    let shards = try String(
      contentsOf: out.appendingPathComponent("shards.sbatch"), encoding: .utf8)
    XCTAssertTrue(shards.contains("--shard \"$k/6\""), shards)
    XCTAssertTrue(shards.contains("--jobs \"${SLURM_CPUS_PER_TASK:-4}\""), shards)
    let submit = try String(contentsOf: out.appendingPathComponent("submit.sh"), encoding: .utf8)
    XCTAssertTrue(submit.contains("sbatch --parsable --dependency=afterok:$array merge.sbatch"))
    for (flags, message) in [
      (["--shards", "0"], "--shards: 0 is out of range; allowed: [1, 30] for a sweep of 30 runs"),
      (["--shards", "2", "--time", "2h"], "--time: '2h' is not a time limit"),
      (["--shards", "2", "--cpus-per-task", "0"], "--cpus-per-task: 0 is out of range"),
    ] {
      let bad = try accord(["sweep", "slurm", sweep, "--out", out.path + "-bad"] + flags)
      XCTAssertEqual(bad.status, 1)
      XCTAssertTrue(bad.stderr.hasPrefix("Error: " + message), bad.stderr)
    }
  }
}
