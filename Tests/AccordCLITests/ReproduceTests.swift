import Foundation
import XCTest

#if canImport(FoundationXML)
import FoundationXML
#endif

/// `accord reproduce` and `accord plot`, end to end.
extension CLITests {
  /// The quick reproduction produces every experiment's statistic, interval, verdict and
  /// figure, and its verdicts never contradict the committed full-mode verdicts.
  ///
  /// The quick run is the pilot, on a seed block disjoint from the full run's and with
  /// fewer replicates: a replication with less power, not a subset of the same data. So
  /// an exact (deterministic) experiment must agree exactly, and a stochastic one may be
  /// less decided (inconclusive, or holding under other conditions) but never the
  /// opposite: holds against fails or negligible.
  func testQuickReproductionAgreesWithCommittedResults() throws {
    let out = scratch.appendingPathComponent("results")
    let work = scratch.appendingPathComponent("work")
    let r = try accord(["reproduce", "all", "--quick", "--out", out.path, "--work", work.path])
    XCTAssertEqual(r.status, 0, r.stderr)
    for paper in ["sebenius", "mayer"] {
      let folder = out.appendingPathComponent(paper)
      let quick = try verdicts(folder.appendingPathComponent("verdicts.csv"))
      let committed = try verdicts(
        Self.root.appendingPathComponent("Results/\(paper)/verdicts.csv"))
      let ids = quick.keys.sorted()
      var regimes: Set<String> = []
      XCTAssertEqual(Set(quick.keys), Set(committed.keys), paper)
      // Every proposition is tested, each in at least two worlds.
      let prefix = paper == "sebenius" ? "S" : "M"
      let count = paper == "sebenius" ? 8 : 9
      let worlds = Dictionary(grouping: quick.values, by: { $0.rows[0][1] }).mapValues {
        Set($0.map { $0.rows[0][2] })
      }
      XCTAssertEqual(Set(worlds.keys), Set((1...count).map { "\(prefix)\($0)" }), paper)
      for (proposition, names) in worlds {
        XCTAssertGreaterThanOrEqual(names.count, 2, "\(proposition) needs two independent worlds")
      }
      for id in ids {
        let exact = (quick[id]?.rows ?? []).allSatisfy { $0[8].isEmpty }
        let (q, c) = (quick[id]?.verdict ?? "", committed[id]?.verdict ?? "")
        if exact {
          XCTAssertEqual(q, c, "\(id): quick vs committed (exact)")
        } else {
          func opposite(_ a: String, _ b: String) -> Bool {
            a.hasPrefix("holds") && (b.hasPrefix("fails") || b == "negligible")
          }
          XCTAssertFalse(
            opposite(q, c) || opposite(c, q), "\(id): quick '\(q)' vs committed '\(c)'")
        }
        for row in quick[id]?.rows ?? [] {
          // estimate, lower, upper: lower <= estimate <= upper, or an exact value alone.
          let x = Double(row[7])!
          if row[8].isEmpty {
            XCTAssertTrue(row[9].isEmpty && row[10].isEmpty, "\(id) \(row[5]): exact has no n")
          } else {
            let (lo, hi) = (Double(row[8])!, Double(row[9])!)
            XCTAssertTrue(lo <= x && x <= hi, "\(id) \(row[5]): \(lo) <= \(x) <= \(hi)")
          }
          // Every test rests on a declared manipulation check (issue 11).
          XCTAssertTrue(["passed", "failed"].contains(row[13]), "\(id) \(row[5]): \(row[13])")
        }
        let svg = try String(
          contentsOf: folder.appendingPathComponent("figures/\(id).svg"), encoding: .utf8)
        let spans = try XCTUnwrap(AxisSpans.read(svg), "\(id).svg is not well-formed XML")
        let data = try csv(folder.appendingPathComponent("data/\(id).csv"))
        XCTAssertEqual(
          data[0][0...5], ["group", "x", "n", "sample_mean", "ci95_lower", "ci95_upper"])
        XCTAssertGreaterThan(data.count, 1, id)
        if data[0].count == 8 {
          // A regime map: each cell's verdict coloured 1 / 0.5 / 0.25 / 0; the colour bar
          // spans the codes, and the codes are the verdicts.
          XCTAssertEqual(data[0][6...7], ["verdict", "code"])
          let codes = data.dropFirst().map { Double($0[7])! }
          for row in data.dropFirst() {
            let expected = [
              "holds": 1.0, "inconclusive": 0.5, "negligible": 0.25, "reversed": 0,
            ][row[6]]
            XCTAssertEqual(Double(row[7]), expected, "\(id): \(row)")
          }
          let (lo, hi) = try XCTUnwrap(spans["axis value"], "\(id): no colour bar")
          XCTAssertLessThanOrEqual(lo, codes.min()!, id)
          XCTAssertGreaterThanOrEqual(hi, codes.max()!, id)
          let (c0, c1) = try XCTUnwrap(spans["axis columns"], id)
          let columns = Set(data.dropFirst().map { $0[1] }).count
          XCTAssertEqual(c0, 0, id)
          XCTAssertEqual(c1, Double(columns - 1), "\(id): the x axis spans every level")
          let (r0, r1) = try XCTUnwrap(spans["axis rows"], id)
          let rows = Set(data.dropFirst().map { $0[0] }).count
          XCTAssertEqual(r0, 0, id)
          XCTAssertEqual(r1, Double(rows - 1), "\(id): the y axis spans every level")
          // Every cell of the grid is in the data, once.
          XCTAssertEqual(data.count - 1, rows * columns, "\(id): one row per cell")
          regimes.insert(quick[id]?.rows[0][1] ?? "")
          continue
        }
        let values = data.dropFirst().flatMap { $0[3...5].compactMap(Double.init) }
        if let (lo, hi) = spans["axis y"] {
          XCTAssertLessThanOrEqual(lo, values.min()!, "\(id): y axis starts below the data")
          XCTAssertGreaterThanOrEqual(hi, values.max()!, "\(id): y axis ends above the data")
          let xs = data.dropFirst().compactMap { Double($0[1]) }
          if let (xlo, xhi) = spans["axis x"], xs.count == data.count - 1 {
            XCTAssertLessThanOrEqual(xlo, xs.min()!, id)
            XCTAssertGreaterThanOrEqual(xhi, xs.max()!, id)
          }
        } else {
          // A heatmap colours the means; its colour bar spans them.
          let (lo, hi) = try XCTUnwrap(spans["axis value"], "\(id): no axis spans")
          let means = data.dropFirst().compactMap { Double($0[3]) }
          XCTAssertLessThanOrEqual(lo, means.min()!, id)
          XCTAssertGreaterThanOrEqual(hi, means.max()!, id)
        }
      }
      // Every proposition has a regime map (issue 11).
      let mapped = Set((1...count).map { "\(prefix)\($0)" })
      XCTAssertEqual(regimes.intersection(mapped), mapped, "\(paper): propositions without a map")
      let readme = try String(
        contentsOf: folder.appendingPathComponent("README.md"), encoding: .utf8)
      XCTAssertTrue(readme.contains("| **\(prefix)1** |"), paper)
    }
    // Rerunning reuses the stores, and another process writes byte-identical files.
    let before = try files(under: out)
    let again = try accord([
      "reproduce", "all", "--quick", "--out", out.path, "--work", work.path,
    ])
    XCTAssertEqual(again.status, 0, again.stderr)
    for (path, data) in try files(under: out) {
      XCTAssertEqual(data, before[path], "\(path) differs between two processes")
    }
    XCTAssertFalse(
      again.stderr.contains("runs (0 reused)"), "a store was not reused: \(again.stderr)")
  }

  /// Every proposition's experiment files declare a regime map over two of the file's
  /// factors, naming one of its declared tests (issue 11).
  func testEveryPropositionDeclaresARegimeMap() throws {
    for (paper, prefix, count) in [("sebenius", "S", 8), ("mayer", "M", 9)] {
      let folder = Self.root.appendingPathComponent("Configs/papers/\(paper)")
      var mapped: Set<String> = []
      for name in try FileManager.default.contentsOfDirectory(atPath: folder.path)
      where name.hasSuffix(".yaml") {
        let text = try String(
          contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
        let file = ExperimentText(text)
        guard file.value("kind", in: "figure") == "regime" else { continue }
        let proposition = try XCTUnwrap(
          file.value("proposition", in: "experiment") ?? file.value("id", in: "experiment"),
          name)
        for axis in ["x", "group"] {
          let factor = try XCTUnwrap(file.value(axis, in: "figure"), "\(name): no \(axis)")
          XCTAssertTrue(file.factors.contains(factor), "\(name): \(axis) \(factor) is no factor")
        }
        let test = try XCTUnwrap(file.value("test", in: "figure"), name)
        XCTAssertTrue(file.testNames.contains(test), "\(name): '\(test)' is no declared test")
        mapped.insert(proposition)
      }
      let all = Set((1...count).map { "\(prefix)\($0)" })
      XCTAssertTrue(mapped.isSubset(of: all), "\(paper): \(mapped.subtracting(all).sorted())")
      XCTAssertEqual(
        all.subtracting(mapped), [],
        "\(paper): propositions without a map")
    }
  }

  /// No committed `fails` rests on a failed manipulation check: a test whose check
  /// failed must be inconclusive, and so must a proposition with only such tests.
  func testNoCommittedFailureRestsOnAFailedManipulationCheck() throws {
    for paper in ["sebenius", "mayer"] {
      let rows = try csvQuoted(
        Self.root.appendingPathComponent("Results/\(paper)/verdicts.csv"))
      let header = rows[0]
      let manipulation = try XCTUnwrap(header.firstIndex(of: "manipulation"))
      let verdict = try XCTUnwrap(header.firstIndex(of: "test_verdict"))
      let adjusted = try XCTUnwrap(header.firstIndex(of: "adjusted_verdict"))
      XCTAssertNotNil(header.firstIndex(of: "world"))
      XCTAssertNotNil(header.firstIndex(of: "min_effect"))
      for column in ["kind", "direction", "clauses"] {
        XCTAssertNotNil(header.firstIndex(of: column), "\(paper): no \(column) column")
      }
      XCTAssertGreaterThan(rows.count, 10, paper)
      for row in rows.dropFirst() where row[manipulation] == "failed" {
        XCTAssertFalse(
          row[verdict].hasPrefix("fails"), "\(row[0]) \(row[5]) fails on a failed check")
        XCTAssertFalse(row[adjusted].hasPrefix("fails"), "\(row[0]) \(row[5])")
        XCTAssertTrue(row[verdict].hasPrefix("inconclusive"), "\(row[0]) \(row[5])")
      }
    }
  }

  /// The committed verdicts follow the third edition's rules (docs/REPRODUCE.md, "Verdict
  /// of a test"), recomputed here from each row's interval, direction and smallest
  /// effect: a reversal is never called underpowered, nothing inside (-delta, delta)
  /// holds, and only emergent tests make an experiment's verdict.
  func testCommittedVerdictsFollowTheIntervalRules() throws {
    for paper in ["sebenius", "mayer"] {
      let rows = try csvQuoted(
        Self.root.appendingPathComponent("Results/\(paper)/verdicts.csv"))
      let header = rows[0]
      func column(_ name: String) throws -> Int {
        try XCTUnwrap(header.firstIndex(of: name), "\(paper): no column \(name)")
      }
      let (verdict, estimate, lower, upper) = try (
        column("test_verdict"), column("estimate"), column("ci95_lower"), column("ci95_upper")
      )
      let (minEffect, direction, kind, manipulation, reading) = try (
        column("min_effect"), column("direction"), column("kind"), column("manipulation"),
        column("verdict")
      )
      var byExperiment: [String: [[String]]] = [:]
      for row in rows.dropFirst() {
        let id = "\(row[0]) \(row[5])"
        byExperiment[row[0], default: []].append(row)
        XCTAssertTrue(["analytic", "emergent"].contains(row[kind]), id)
        XCTAssertFalse(row[verdict].contains("underpowered"), id)
        XCTAssertFalse(row[verdict] == "fails", "\(id): the second edition's bare 'fails'")
        guard row[manipulation] != "failed", !row[verdict].hasPrefix("holds only") else {
          continue
        }
        let parts = row[direction].split(separator: " ")
        let sign: Double = ["negative", "decreasing", "below"].contains(String(parts[0])) ? -1 : 1
        let reference = parts.count > 1 ? Double(parts[1]) ?? 0 : 0
        let delta = try XCTUnwrap(Double(row[minEffect]), id)
        let expected: String
        if row[lower].isEmpty {
          let v = sign * (try XCTUnwrap(Double(row[estimate]), id) - reference)
          expected = v >= delta ? "holds" : v <= -delta ? "fails (reversed)" : "negligible"
        } else {
          let a = sign * (try XCTUnwrap(Double(row[lower]), id) - reference)
          let b = sign * (try XCTUnwrap(Double(row[upper]), id) - reference)
          let (l, u) = (min(a, b), max(a, b))
          expected =
            l > -delta && u < delta
            ? "negligible" : l > 0 ? "holds" : u < 0 ? "fails (reversed)" : "inconclusive"
        }
        switch row[verdict] {
        case "holds", "negligible":
          XCTAssertEqual(row[verdict], expected, "\(id): \(row[lower]) \(row[upper])")
        case "fails (reversed)":
          // An ordering is also reversed by a reversed step between adjacent levels.
          XCTAssertNotEqual(expected, "holds", id)
        default:
          XCTAssertTrue(row[verdict].hasPrefix("inconclusive"), id)
          XCTAssertNotEqual(expected, "fails (reversed)", "\(id): a reversal is a failure")
          XCTAssertNotEqual(expected, "negligible", id)
        }
      }
      // An experiment's reading comes from its emergent tests alone.
      for (id, experimentRows) in byExperiment {
        let emergent = experimentRows.filter { $0[kind] == "emergent" }
        if emergent.isEmpty {
          XCTAssertTrue(
            experimentRows[0][reading].hasPrefix("analytic check only"),
            "\(id): \(experimentRows[0][reading])")
        } else {
          XCTAssertFalse(experimentRows[0][reading].hasPrefix("analytic"), id)
        }
      }
    }
    // The rules have teeth in the committed results (values from Results/, the review's
    // cases): M3's "rises from soft to moderate" is reversed with judgement noise, not
    // underpowered; M1-linear's majority slope is negligible; S8-supermajority's South
    // difference no longer reads as a bare failure; analytic-only propositions say so.
    let mayer = try csvQuoted(Self.root.appendingPathComponent("Results/mayer/verdicts.csv"))
    func verdict(_ id: String, _ test: String) throws -> String {
      try XCTUnwrap(mayer.first { $0[0] == id && $0[5] == test }?[14], "\(id): \(test)")
    }
    for id in ["M3", "M3-quadratic"] {
      XCTAssertEqual(
        try verdict(id, "payoff rises from soft to moderate ratifiers"),
        "holds only when judgement_noise = 0 (reversed at 0.05, 0.1)")
    }
    XCTAssertEqual(
      try verdict("M1-linear", "win-set shrinks with spread"),
      "holds only when quota = 1 (negligible at 0.5)")
    for id in ["M2", "M5", "M6", "M8", "M9"] {
      XCTAssertTrue(
        mayer.first { $0[0] == id }?[3].hasPrefix("analytic check only") ?? false, id)
    }
  }

  /// Ctrl-C stops a reproduction with status 130 and no report; rerunning resumes.
  func testInterruptedReproductionWritesNoReport() throws {
    let out = scratch.appendingPathComponent("results")
    let work = scratch.appendingPathComponent("work")
    let process = Process()
    process.executableURL = Self.binary
    process.currentDirectoryURL = Self.root
    process.arguments = ["reproduce", "all", "--out", out.path, "--work", work.path]
    process.standardError = FileHandle.nullDevice
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    // Wait until the first experiment's store exists, then interrupt.
    let store = work.appendingPathComponent("sebenius/S1-full/sweep.sqlite").path
    for _ in 0..<500 where !FileManager.default.fileExists(atPath: store) { usleep(10_000) }
    usleep(100_000)
    kill(process.processIdentifier, SIGINT)
    process.waitUntilExit()
    XCTAssertEqual(process.terminationStatus, 130)
    XCTAssertFalse(FileManager.default.fileExists(atPath: out.path + "/sebenius/README.md"))
  }

  /// `accord plot` on a user's sweep, and a badly declared experiment.
  func testPlotAndBadExperiments() throws {
    let sweep = try sweepFile(replicates: 4)
    let out = scratch.appendingPathComponent("sweep")
    XCTAssertEqual(try accord(["sweep", "run", sweep, "--out", out.path]).status, 0)
    let svg = scratch.appendingPathComponent("fig.svg")
    let r = try accord([
      "plot", out.path, "--x", "evidence.trials", "--group", "theta", "--out", svg.path,
    ])
    XCTAssertEqual(r.status, 0, r.stderr)
    let data = try csv(scratch.appendingPathComponent("fig.csv"))
    XCTAssertEqual(data.count, 1 + 6)
    XCTAssertEqual(data[1][0...2], ["0.6", "0", "4"])
    XCTAssertNotNil(AxisSpans.read(try String(contentsOf: svg, encoding: .utf8)))
    let steps = try accord([
      "plot", out.path, "--over-steps", "--metric", "belief_mean", "--out", svg.path,
    ])
    XCTAssertEqual(steps.status, 0, steps.stderr)
    // Over steps a finished run carries its last value forward: n stays the number of
    // runs while the runs still going fall, and the footer says which convention it is.
    let series = try csv(scratch.appendingPathComponent("fig.csv"))
    XCTAssertEqual(series[0].last, "running")
    let counts = series.dropFirst().compactMap { Int($0[2]) }
    let running = series.dropFirst().compactMap { $0.last.flatMap { Int($0) } }
    XCTAssertEqual(Set(counts).count, 1, "n is every run at every step")
    XCTAssertEqual(running, running.sorted(by: >), "runs still going never rise")
    XCTAssertTrue(running.allSatisfy { $0 <= counts[0] })
    XCTAssertTrue(
      try String(contentsOf: svg, encoding: .utf8).contains("(carried forward)"), "footer")
    let bad = try accord(["plot", out.path, "--x", "nope"])
    XCTAssertEqual(bad.status, 1)
    XCTAssertTrue(bad.stderr.contains("'nope' is not a factor of this sweep"), bad.stderr)
    XCTAssertFalse(FileManager.default.fileExists(atPath: out.path + "/plot.svg"))

    let configs = scratch.appendingPathComponent("papers/mayer")
    try FileManager.default.createDirectory(at: configs, withIntermediateDirectories: true)
    let base = "base: \(Self.root.path)/Configs/papers/worlds/pie.yaml\nreplicates: 3\n"
    let badFiles = [
      (
        """
        factors:
          nations[A].side_payment_efficiency: [0, 0.5]
        experiment:
          id: M1
          claim: test
          tests:
            - name: a slope without x
              statistic: slope
              metric: efficiency
          figure:
            x: nations[A].side_payment_efficiency
            metric: efficiency
            title: t
        """,
        "9:7: experiment.tests[0].x: a slope needs x: a factor"
      ),
      // A regime map whose axis is its slope's own factor: no cell could hold a slope.
      (
        """
        factors:
          nations[A].side_payment_efficiency: [0, 0.5]
          nations[A].agents[a-protected].outside: [0.2, 0.3]
        experiment:
          id: M1
          claim: test
          tests:
            - name: deals
              statistic: slope
              metric: efficiency
              x: nations[A].side_payment_efficiency
              min_effect: 0.1
          figure:
            kind: regime
            test: deals
            x: nations[A].side_payment_efficiency
            group: nations[A].agents[a-protected].outside
            title: t
        """,
        "16:5: experiment.figure: a regime map's axis 'nations[A].side_payment_efficiency' is "
          + "its test's own factor, which only a difference or an ordering can have (the cell "
          + "compares its level with the test's reference level)"
      ),
    ]
    for (body, message) in badFiles {
      try (base + body).write(
        to: configs.appendingPathComponent("M1.yaml"), atomically: true, encoding: .utf8)
      let e = try accord([
        "reproduce", "mayer", "--quick", "--configs",
        scratch.appendingPathComponent("papers").path,
        "--out", scratch.appendingPathComponent("o").path, "--work",
        scratch.appendingPathComponent("w").path,
      ])
      XCTAssertEqual(e.status, 1)
      XCTAssertEqual(e.stderr, "Error: \(configs.path)/M1.yaml:\(message)\n")
      XCTAssertFalse(
        FileManager.default.fileExists(atPath: scratch.appendingPathComponent("o").path))
    }
  }

  /// Every file below `folder`, by relative path.
  func files(under folder: URL) throws -> [String: Data] {
    var result: [String: Data] = [:]
    let paths = FileManager.default.enumerator(atPath: folder.path)?.allObjects as? [String] ?? []
    for path in paths {
      let url = folder.appendingPathComponent(path)
      var isDirectory: ObjCBool = false
      if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory),
        !isDirectory.boolValue
      {
        result[path] = try Data(contentsOf: url)
      }
    }
    XCTAssertGreaterThan(result.count, 10)
    return result
  }

  func verdicts(_ url: URL) throws -> [String: (verdict: String, rows: [[String]])] {
    var result: [String: (verdict: String, rows: [[String]])] = [:]
    for row in try csvQuoted(url).dropFirst() {
      result[row[0], default: (row[3], [])].rows.append(row)
    }
    return result
  }

  /// CSV with quoted fields (verdicts and test names may hold commas).
  func csvQuoted(_ url: URL) throws -> [[String]] {
    try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map { line in
      var fields: [String] = []
      var field = ""
      var quoted = false
      var chars = Array(line)[...]
      while let c = chars.popFirst() {
        if quoted {
          if c == "\"" {
            if chars.first == "\"" {
              field.append("\"")
              chars.removeFirst()
            } else {
              quoted = false
            }
          } else {
            field.append(c)
          }
        } else if c == "\"" {
          quoted = true
        } else if c == "," {
          fields.append(field)
          field = ""
        } else {
          field.append(c)
        }
      }
      fields.append(field)
      return fields
    }
  }
}

/// Parses an SVG as XML and returns the spans its axes declare (nil: not well-formed).
final class AxisSpans: NSObject, XMLParserDelegate {
  var spans: [String: (Double, Double)] = [:]

  static func read(_ svg: String) -> [String: (Double, Double)]? {
    let reader = AxisSpans()
    let parser = XMLParser(data: Data(svg.utf8))
    parser.delegate = reader
    return parser.parse() ? reader.spans : nil
  }

  func parser(
    _ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
    qualifiedName: String?, attributes: [String: String] = [:]
  ) {
    if name == "g", let c = attributes["class"],
      let lo = attributes["data-min"].flatMap(Double.init),
      let hi = attributes["data-max"].flatMap(Double.init)
    {
      spans[c] = (lo, hi)
    }
  }
}

/// The few keys of an experiment file that the regime-map test reads, by indentation
/// (the files are block YAML written by hand; the engine's own decoder is in
/// AccordReproduce, which the CLI tests do not link).
struct ExperimentText {
  var lines: [(indent: Int, key: String, value: String)] = []

  init(_ text: String) {
    for raw in text.split(separator: "\n") {
      let line = String(raw)
      let body = line.drop { $0 == " " }
      guard !body.hasPrefix("#"), let colon = body.firstIndex(of: ":") else { continue }
      var key = String(body[..<colon])
      if key.hasPrefix("- ") { key.removeFirst(2) }
      var value = body[body.index(after: colon)...].trimmingCharacters(in: .whitespaces)
      if value.count >= 2, value.first == "\"", value.last == "\"" {
        value = String(value.dropFirst().dropLast())
      }
      lines.append((line.count - body.count, key, value))
    }
  }

  /// The value of `key` in the block `section` (top level or under `experiment:`).
  func value(_ key: String, in section: String) -> String? {
    guard let start = lines.firstIndex(where: { $0.key == section }) else { return nil }
    let indent = lines[start].indent
    for line in lines[(start + 1)...] {
      if line.indent <= indent { break }
      if line.key == key && line.indent == indent + 2 { return line.value }
    }
    return nil
  }

  /// The factors (keys of the top-level `factors:` block).
  var factors: Set<String> {
    guard let start = lines.firstIndex(where: { $0.key == "factors" && $0.indent == 0 })
    else { return [] }
    return Set(lines[(start + 1)...].prefix { $0.indent > 0 }.filter { $0.indent == 2 }.map(\.key))
  }

  /// The names of the declared tests (`- name:` under `tests:`).
  var testNames: Set<String> {
    guard let start = lines.firstIndex(where: { $0.key == "tests" }) else { return [] }
    let indent = lines[start].indent
    return Set(
      lines[(start + 1)...].prefix { $0.indent > indent }.filter { $0.key == "name" }.map(\.value))
  }
}
