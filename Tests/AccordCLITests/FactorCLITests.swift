import AccordSQLite
import Foundation
import XCTest

/// Linked factors and derived values through `accord sweep plan`, `run` and `export`.
extension CLITests {
  /// A sweep over the quickstart world with a linked factor and derived counts.
  func linkedSweep(_ link: String = "nations[South].agents[south-scientists].count") throws
    -> String
  {
    let file = scratch.appendingPathComponent("linked.yaml")
    try """
    base: \(Self.root.path)/Configs/examples/quickstart.yaml
    design: latin-hypercube
    samples: 10
    seed: 3
    keep: agents
    every: 1000
    factors:
      community:
        low: 1
        high: 10
        integer: true
        link:
          - nations[North].agents[north-scientists].count
          - \(link)
      theta: {low: 0.6, high: 0.9}
    derive:
      nations[South].agents[south-farmers].count: {expr: 12 - community / 2, integer: true}
    """.write(to: file, atomically: true, encoding: .utf8)
    return file.path
  }

  func testLinkedFactorPlansRunsAndExportsOneColumn() throws {
    let plan = try accord(["sweep", "plan", "Configs/sweeps/quickstart-community.yaml"])
    XCTAssertEqual(plan.status, 0, plan.stderr)
    XCTAssertTrue(
      plan.stdout.contains(
        "  community: the 10 whole numbers 1 to 10, equally likely -> "
          + "nations[North].agents[north-scientists].count, "
          + "nations[South].agents[south-scientists].count"), plan.stdout)
    XCTAssertTrue(
      plan.stdout.contains(
        "  derive nations[South].agents[south-farmers].count = 12 - community / 2, rounded"),
      plan.stdout)

    let sweep = try linkedSweep()
    let out = scratch.appendingPathComponent("linked")
    let run = try accord(["sweep", "run", sweep, "--jobs", "2", "--out", out.path])
    XCTAssertEqual(run.status, 0, run.stderr)
    let queue = try DatabaseQueue(path: out.appendingPathComponent("sweep.sqlite").path)
    try queue.read { db in
      let columns = try db.columns(in: "runs").map(\.name)
      XCTAssertTrue(columns.contains("community") && columns.contains("theta"))
      XCTAssertFalse(columns.contains { $0.hasPrefix("nations[") }, "\(columns)")
      // A Latin hypercube of 10 points over 10 whole numbers hits each once.
      let communities = try Double.fetchAll(db, sql: "SELECT community FROM runs ORDER BY run_id")
      XCTAssertEqual(Set(communities), Set((1...10).map(Double.init)))
      // Each run's world has the linked and derived counts (its step-0 agent rows).
      let perRun = try Row.fetchAll(
        db,
        sql: """
          SELECT r.community AS c,
            SUM(a.agent LIKE 'north-scientists%') AS north,
            SUM(a.agent LIKE 'south-scientists%') AS south,
            SUM(a.agent LIKE 'south-farmers%') AS farmers
          FROM runs r JOIN agents a ON a.run_id = r.run_id AND a.step = 0
          GROUP BY r.run_id
          """)
      XCTAssertEqual(perRun.count, 10)
      for row in perRun {
        let c: Double = row["c"]
        XCTAssertEqual(row["north"] as Int, Int(c))
        XCTAssertEqual(row["south"] as Int, Int(c))
        XCTAssertEqual(row["farmers"] as Int, Int((12 - c / 2).rounded(.toNearestOrAwayFromZero)))
      }
    }
    let exported = try accord(["export", out.path])
    XCTAssertEqual(exported.status, 0, exported.stderr)
    let header = exported.stdout.prefix { $0 != "\n" }.split(separator: ",").map(String.init)
    XCTAssertTrue(header.contains("community") && header.contains("theta"), "\(header)")
    XCTAssertFalse(header.contains { $0.contains("scientists") }, "\(header)")
  }

  func testBadLinkIsOneLocatedLine() throws {
    let sweep = try linkedSweep("nations[South].agents[south-scientist].count")
    let e = try accord(["sweep", "plan", sweep])
    XCTAssertEqual(e.status, 1, e.stderr)
    XCTAssertEqual(e.stderr.split(separator: "\n").count, 1, e.stderr)
    XCTAssertTrue(
      e.stderr.hasPrefix(
        "Error: \(sweep):14:9: factors.community.link[1]: names no config field: "
          + "no entry [south-scientist] in this list"), e.stderr)
  }
}
