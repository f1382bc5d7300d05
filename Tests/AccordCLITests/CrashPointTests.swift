import AccordSQLite
import Foundation
import XCTest

/// The crash-point harness of issue 26, as SQLite tests its commits: each command is run
/// with `ACCORD_CRASH_AT_WRITE=N` for every N until it no longer reaches its N-th
/// durable write; after each abort the output must be whole and verifiable or
/// recognisably incomplete (never two runs mixed), the same command run again must
/// finish, and its result must equal an uninterrupted run's.
extension RunnerTests {
  /// Counts over one command's crash points.
  struct CrashTally: CustomStringConvertible {
    var command: String
    var points = 0
    /// Aborts that left a finished output: the new one, or (for `run`) the older run
    /// still whole because the crash came before its files were retired.
    var whole = 0
    /// Aborts that left no output, or one recognisably incomplete.
    var incomplete = 0

    var description: String {
      "\(command): \(points) points, \(points) aborts: \(whole) left a whole output, "
        + "\(incomplete) an incomplete one; every rerun finished equal to an uninterrupted run"
    }
  }

  /// Runs `arguments` crashing at each point in turn until a run ends on its own.
  ///
  /// `prepare` resets the output before each try, `check` judges the output after an abort (true:
  /// whole), `rerun` finishes it and `same` compares it with the uninterrupted result.
  func crashLoop(
    _ name: String, _ arguments: [String], prepare: () throws -> Void,
    check: (Int) throws -> Bool, rerun: () throws -> Ended, same: (Int) throws -> Void
  ) throws -> CrashTally {
    var tally = CrashTally(command: name)
    for n in 1...2_000 {
      try prepare()
      let crashed = try accord(arguments, environment: ["ACCORD_CRASH_AT_WRITE": "\(n)"])
      guard crashed.status == 86, crashed.stderr.contains("ACCORD_CRASH_AT_WRITE") else {
        XCTAssertEqual(crashed.status, 0, "\(name) at point \(n): \(crashed.stderr)")
        return tally
      }
      tally.points += 1
      if try check(n) { tally.whole += 1 } else { tally.incomplete += 1 }
      let finished = try rerun()
      XCTAssertEqual(finished.status, 0, "\(name): rerun after point \(n): \(finished.stderr)")
      try same(n)
    }
    XCTFail("\(name): more than 2,000 crash points")
    return tally
  }

  func copyItem(_ from: URL, _ to: URL) throws {
    try? FileManager.default.removeItem(at: to)
    try FileManager.default.copyItem(at: from, to: to)
  }

  func bytes(_ url: URL) -> Data? { try? Data(contentsOf: url) }

  /// Every table's rows of a store (the meta table without its creation time).
  func storeRows(_ directory: URL) throws -> [String: [Row]] {
    var all: [String: [Row]] = [:]
    for table in ["runs", "timeseries", "checksums", "failures"] {
      all[table] = try rows(directory, table)
    }
    return all
  }

  /// `accord run --agents`, `sweep run`, `--resume`, `sweep merge` and `export`, each
  /// aborted at every durable write of a tiny world.
  func testEveryCrashPointLeavesAWholeOrIncompleteOutput() throws {
    var tallies: [CrashTally] = []
    let config = try tinyConfig(steps: 2)
    let old = try tinyConfig(steps: 3, name: "old.yaml")

    // accord run --agents, into a directory that holds an older run (another seed).
    let reference = scratch.appendingPathComponent("run-reference")
    XCTAssertEqual(
      try accord(["run", config, "--agents", "-q", "--out", reference.path]).status, 0)
    let older = scratch.appendingPathComponent("run-older")
    XCTAssertEqual(
      try accord(["run", old, "--agents", "-q", "--seed", "9", "--out", older.path]).status, 0)
    let files = ["timeseries.csv", "agents.csv", "summary.json"]
    let dir = scratch.appendingPathComponent("run")
    let runArguments = ["run", config, "--agents", "-q", "--out", dir.path]
    tallies.append(
      try crashLoop(
        "accord run --agents", runArguments, prepare: { try copyItem(older, dir) },
        check: { n in
          // With summary.json the directory holds one whole run, the old or the new.
          guard bytes(dir.appendingPathComponent("summary.json")) != nil else { return false }
          let source = [reference, older].first { source in
            files.allSatisfy {
              bytes(dir.appendingPathComponent($0)) == bytes(source.appendingPathComponent($0))
            }
          }
          XCTAssertNotNil(source, "point \(n): summary.json beside another run's files")
          return true
        }, rerun: { try accord(runArguments) },
        same: { n in
          for file in files {
            XCTAssertEqual(
              bytes(dir.appendingPathComponent(file)),
              bytes(reference.appendingPathComponent(file)), "point \(n): \(file)")
          }
        }))

    // sweep run, fresh.
    let sweep = try tinySweep(replicates: 2, keep: "timeseries", steps: 4)
    let whole = scratch.appendingPathComponent("sweep-reference")
    XCTAssertEqual(
      try accord(["sweep", "run", sweep, "--jobs", "1", "--out", whole.path]).status, 0)
    let expected = try storeRows(whole)
    let out = scratch.appendingPathComponent("sweep")
    let store = out.appendingPathComponent("sweep.sqlite")
    /// A store left by an abort is absent or verifiable, its runs a subset of the whole.
    func checkStore(_ n: Int) throws -> Bool {
      guard FileManager.default.fileExists(atPath: store.path) else { return false }
      let verify = try accord(["sweep", "verify", out.path])
      XCTAssertEqual(verify.status, 0, "point \(n): \(verify.stdout)")
      let present = try rows(out, "runs")
      XCTAssertTrue(
        Set(present.map { $0["run_id"] as Int }).isSubset(
          of: Set((expected["runs"] ?? []).map { $0["run_id"] as Int })), "point \(n)")
      for row in present {
        XCTAssertTrue(expected["runs"]?.contains(row) ?? false, "point \(n): a run differs")
      }
      return present.count == expected["runs"]?.count
    }
    let sweepArguments = ["sweep", "run", sweep, "--jobs", "1", "--out", out.path]
    func resumeIfNeeded() throws -> Ended {
      try accord(
        sweepArguments + (FileManager.default.fileExists(atPath: store.path) ? ["--resume"] : []))
    }
    func sameStore(_ n: Int) throws {
      XCTAssertEqual(try storeRows(out), expected, "point \(n)")
      // One file when the sweep ends: no write-ahead log left beside it.
      XCTAssertFalse(
        (try? FileManager.default.attributesOfItem(atPath: store.path + "-wal"))
          .map { ($0[.size] as? Int ?? 0) > 0 } ?? false, "point \(n): WAL left")
    }
    tallies.append(
      try crashLoop(
        "sweep run", sweepArguments,
        prepare: { try? FileManager.default.removeItem(at: out) }, check: checkStore,
        rerun: resumeIfNeeded, same: sameStore))

    // sweep run --resume, of a store that holds the first runs only.
    let half = scratch.appendingPathComponent("sweep-half")
    try copyItem(whole, half)
    let queue = try DatabaseQueue(path: half.appendingPathComponent("sweep.sqlite").path)
    try queue.write { db in
      for table in ["runs", "timeseries", "checksums"] {
        try db.execute(sql: "DELETE FROM \(table) WHERE run_id >= 2")
      }
    }
    _ = try queue.writeWithoutTransaction { db in
      try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
    }
    try queue.close()
    tallies.append(
      try crashLoop(
        "sweep run --resume", sweepArguments + ["--resume"], prepare: { try copyItem(half, out) },
        check: checkStore, rerun: resumeIfNeeded, same: sameStore))

    // sweep merge of two shards.
    var shards: [String] = []
    for k in 0..<2 {
      let shard = scratch.appendingPathComponent("shard-\(k)")
      XCTAssertEqual(
        try accord(["sweep", "run", sweep, "--shard", "\(k)/2", "--out", shard.path]).status, 0)
      shards.append(shard.path)
    }
    let merged = scratch.appendingPathComponent("merged")
    let mergeArguments = ["sweep", "merge"] + shards + ["--out", merged.path]
    tallies.append(
      try crashLoop(
        "sweep merge", mergeArguments,
        prepare: { try? FileManager.default.removeItem(at: merged) },
        check: { n in
          let path = merged.appendingPathComponent("sweep.sqlite").path
          guard FileManager.default.fileExists(atPath: path) else { return false }
          XCTAssertEqual(try accord(["sweep", "verify", merged.path]).status, 0, "point \(n)")
          return true
        }, rerun: { try accord(mergeArguments) },
        same: { n in XCTAssertEqual(try storeRows(merged), expected, "point \(n)") }))

    // export of the whole store.
    let csv = scratch.appendingPathComponent("export.csv")
    let exportArguments = [
      "export", whole.path, "--table", "timeseries", "--out", csv.path, "--force",
    ]
    XCTAssertEqual(try accord(exportArguments).status, 0)
    let exported = bytes(csv)
    XCTAssertNotNil(exported)
    tallies.append(
      try crashLoop(
        "export", exportArguments, prepare: { try? FileManager.default.removeItem(at: csv) },
        check: { n in
          // Only the hidden partial file may be left, never a cut export.
          guard let found = bytes(csv) else { return false }
          XCTAssertEqual(found, exported, "point \(n): a cut export")
          return true
        }, rerun: { try accord(exportArguments) },
        same: { n in XCTAssertEqual(bytes(csv), exported, "point \(n)") }))

    for tally in tallies {
      XCTAssertGreaterThan(tally.points, 0, tally.command)
      print("crash points: \(tally)")
    }
  }
}
