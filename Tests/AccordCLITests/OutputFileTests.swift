import Foundation
import XCTest

#if canImport(FoundationXML)
import FoundationXML
#endif

/// Every byte that reaches a file is valid for its format: hostile agent names survive
/// CSV, JSON Lines, GraphML, the sweep store and its exports exactly; control characters
/// are refused at load; and every flag column of every table is `true`/`false`.
final class OutputFileTests: XCTestCase {
  let root = CLITests.root
  var scratch: URL!

  func accord(_ arguments: [String]) throws -> CLITests.Outcome { try CLITests.accord(arguments) }

  override func setUpWithError() throws {
    scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
      "accord-files-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
  }

  override func tearDownWithError() throws { try? FileManager.default.removeItem(at: scratch) }

  /// Names a loader accepts that every format must carry: quotes, a backslash, markup,
  /// an apostrophe and non-ASCII (YAML double-quoted source, decoded value).
  static let hostile: [(yaml: String, name: String)] = [
    (#""gov\"quote""#, "gov\"quote"),
    (#""back\\slash<&>""#, "back\\slash<&>"),
    (#""Ñ…日本'x""#, "Ñ…日本'x"),
  ]

  /// Quickstart with its two governments and North's scientists renamed.
  func hostileConfig(_ names: [String]) throws -> URL {
    var text = try String(
      contentsOf: root.appendingPathComponent("Configs/examples/quickstart.yaml"), encoding: .utf8)
    for (old, new) in zip(["north-gov", "south-gov", "north-scientists"], names) {
      // Every mention: names, and the executives that refer to them.
      text = text.replacingOccurrences(of: old, with: new)
    }
    // Sweep factors and deference lists name agents; quickstart's do not.
    let url = scratch.appendingPathComponent("hostile.yaml")
    try text.write(to: url, atomically: true, encoding: .utf8)
    return url
  }

  /// RFC 4180 records: quoted fields may hold commas, quotes (doubled) and newlines.
  func parseCSV(_ text: String) -> [[String]] {
    var rows: [[String]] = []
    var row: [String] = []
    var field = ""
    var quoted = false
    var chars = Array(text.unicodeScalars)[...]
    while let c = chars.popFirst() {
      if quoted {
        if c == "\"" {
          if chars.first == "\"" {
            field.unicodeScalars.append("\"")
            chars.removeFirst()
          } else {
            quoted = false
          }
        } else {
          field.unicodeScalars.append(c)
        }
      } else if c == "\"" {
        quoted = true
      } else if c == "," {
        row.append(field)
        field = ""
      } else if c == "\n" {
        row.append(field)
        rows.append(row)
        row = []
        field = ""
      } else {
        field.unicodeScalars.append(c)
      }
    }
    XCTAssertFalse(quoted, "unterminated quoted field")
    XCTAssertTrue(row.isEmpty && field.isEmpty, "last record has no newline")
    return rows
  }

  func column(_ name: String, of text: String) throws -> [String] {
    let rows = parseCSV(text)
    let header = try XCTUnwrap(rows.first)
    let index = try XCTUnwrap(header.firstIndex(of: name), "\(name) not in \(header)")
    for row in rows { XCTAssertEqual(row.count, header.count, "ragged row \(row)") }
    return rows.dropFirst().map { $0[index] }
  }

  func jsonLines(_ text: String) throws -> [[String: Any]] {
    try text.split(separator: "\n").map {
      try XCTUnwrap(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
    }
  }

  func read(_ url: URL) throws -> String { try String(contentsOf: url, encoding: .utf8) }

  func testHostileNamesRoundTripInEveryFormat() throws {
    let config = try hostileConfig(Self.hostile.map(\.yaml))
    let wanted = Set(Self.hostile.map(\.name))
    // Agents of a group of several are named <group>-<k>.
    func covers(_ names: Set<String>, _ what: String) {
      for name in wanted {
        XCTAssertTrue(
          names.contains(name) || names.contains("\(name)-1"), "\(what): \(name) not in \(names)")
      }
    }
    var all: Set<String>?
    for format in ["csv", "jsonl"] {
      let out = scratch.appendingPathComponent("run-\(format)")
      let run = try accord([
        "run", config.path, "--steps", "3", "--agents", "--format", format, "-q", "--out",
        out.path,
      ])
      XCTAssertEqual(run.status, 0, run.stderr)
      let text = try read(out.appendingPathComponent("agents.\(format)"))
      let names =
        format == "csv"
        ? Set(try column("agent", of: text))
        : Set(try jsonLines(text).map { try XCTUnwrap($0["agent"] as? String) })
      covers(names, "agents.\(format)")
      if let all { XCTAssertEqual(names, all, format) }
      all = names
    }
    let agents = try XCTUnwrap(all)

    // GraphML: well formed, node ids the names.
    let graph = scratch.appendingPathComponent("net.graphml")
    let inspect = try accord(["inspect", config.path, "--network", graph.path])
    XCTAssertEqual(inspect.status, 0, inspect.stderr)
    let parser = XMLParser(data: try Data(contentsOf: graph))
    let collector = NodeCollector()
    parser.delegate = collector
    XCTAssertTrue(parser.parse(), "\(String(describing: parser.parserError))")
    XCTAssertEqual(Set(collector.nodes), agents)
    XCTAssertTrue(collector.edgeEnds.isSubset(of: agents))

    // Sweep store and exports.
    let sweep = scratch.appendingPathComponent("sweep.yaml")
    try """
    base: hostile.yaml
    design: full-factorial
    replicates: 1
    seed: 3
    keep: agents
    factors:
      steps: [2, 3]
    """.write(to: sweep, atomically: true, encoding: .utf8)
    let store = scratch.appendingPathComponent("store")
    let ran = try accord(["sweep", "run", sweep.path, "--out", store.path, "--jobs", "1"])
    XCTAssertEqual(ran.status, 0, ran.stderr)
    for format in ["csv", "jsonl"] {
      let file = scratch.appendingPathComponent("agents-export.\(format)")
      let export = try accord([
        "export", store.path, "--table", "agents", "--to", format, "--out", file.path,
      ])
      XCTAssertEqual(export.status, 0, export.stderr)
      let text = try read(file)
      let names =
        format == "csv"
        ? Set(try column("agent", of: text))
        : Set(try jsonLines(text).map { try XCTUnwrap($0["agent"] as? String) })
      XCTAssertEqual(names, agents, "export \(format)")
    }
  }

  func testControlCharactersCommasAndNewlinesInNamesAreRefused() throws {
    let cases: [(yaml: String, shown: String)] = [
      (#""a\0b""#, #""a\u0000b""#), (#""esc\ex""#, #""esc\u001bx""#),
      (#""del\x7Fx""#, "\"del\u{7F}x\""), (#""a,b""#, #""a,b""#), (#""a\nb""#, #""a\nb""#),
    ]
    for (yaml, shown) in cases {
      let config = try hostileConfig([yaml])
      for command in ["validate", "run"] {
        let arguments =
          command == "run"
          ? [
            "run", config.path, "--steps", "1", "-q", "--out",
            scratch.appendingPathComponent("r").path,
          ]
          : ["validate", config.path]
        let result = try accord(arguments)
        XCTAssertNotEqual(result.status, 0, "\(command) \(yaml)")
        XCTAssertTrue(result.stderr.contains("hostile.yaml:"), result.stderr)
        XCTAssertTrue(result.stderr.contains("name"), result.stderr)
        XCTAssertTrue(result.stderr.contains(shown), "\(shown) not in \(result.stderr)")
        XCTAssertTrue(
          result.stderr.contains("control characters (U+0000-U+001F, U+007F)"), result.stderr)
        XCTAssertFalse(result.stderr.contains("Fatal error"), result.stderr)
      }
    }
  }

  /// Every flag column that the column tables declare, in `accord run`'s files and in
  /// every exported table, is `true`/`false` (CSV) or a JSON boolean, never 1/0.
  func testEveryFlagColumnIsTrueOrFalse() throws {
    let schema = try accord(["schema", "columns"])
    let tables = try XCTUnwrap(
      JSONSerialization.jsonObject(with: Data(schema.stdout.utf8)) as? [String: [[String: Any]]])
    func flags(_ table: String) -> [(name: String, repeated: Bool)] {
      (tables[table] ?? []).filter { $0["kind"] as? String == "flag" }.map {
        let name = $0["name"] as? String ?? ""
        let repeated = $0["scope"] as? String != "once"
        return (repeated ? String(name.prefix { $0 != "<" }) : name, repeated)
      }
    }
    func isFlag(_ column: String, _ table: String) -> Bool {
      flags(table).contains { $0.repeated ? column.hasPrefix($0.name) : column == $0.name }
    }
    var checked: [String: Set<String>] = [:]
    func check(_ text: String, format: String, table: String) throws {
      if format == "csv" {
        let rows = parseCSV(text)
        let header = try XCTUnwrap(rows.first)
        for (i, name) in header.enumerated() where isFlag(name, table) {
          checked[table, default: []].insert(name)
          for row in rows.dropFirst() {
            XCTAssertTrue(["true", "false", ""].contains(row[i]), "\(table).\(name): \(row[i])")
          }
        }
      } else {
        // JSONSerialization on Linux does not tell a boolean from 1: read the literal.
        let lines = text.split(separator: "\n")
        for (line, object) in zip(lines, try jsonLines(text)) {
          for name in object.keys where isFlag(name, table) {
            checked[table, default: []].insert(name)
            let key = "\"\(name)\":"
            let range = try XCTUnwrap(line.range(of: key))
            let rest = line[range.upperBound...]
            XCTAssertTrue(
              ["true", "false", "null"].contains { rest.hasPrefix($0) },
              "\(table).\(name): \(rest.prefix(8))")
          }
        }
      }
    }
    // Two issues would only add outcome_2; pie-split-like worlds agree, so quickstart.
    let config = "Configs/examples/quickstart.yaml"
    for format in ["csv", "jsonl"] {
      let out = scratch.appendingPathComponent("run-\(format)")
      let run = try accord([
        "run", config, "--steps", "6", "--agents", "--format", format, "-q", "--out", out.path,
      ])
      XCTAssertEqual(run.status, 0, run.stderr)
      try check(
        try read(out.appendingPathComponent("timeseries.\(format)")), format: format,
        table: "timeseries")
      try check(
        try read(out.appendingPathComponent("agents.\(format)")), format: format, table: "agents")
    }
    let sweep = scratch.appendingPathComponent("sweep.yaml")
    try """
    base: \(root.appendingPathComponent(config).path)
    design: full-factorial
    replicates: 2
    seed: 5
    keep: agents
    factors:
      theta: [0.2, 0.9]
    """.write(to: sweep, atomically: true, encoding: .utf8)
    let store = scratch.appendingPathComponent("store")
    let ran = try accord(["sweep", "run", sweep.path, "--out", store.path, "--jobs", "1"])
    XCTAssertEqual(ran.status, 0, ran.stderr)
    for table in ["runs", "timeseries", "agents"] {
      for format in ["csv", "jsonl"] {
        let file = scratch.appendingPathComponent("\(table).\(format)")
        let export = try accord([
          "export", store.path, "--table", table, "--to", format, "--out", file.path,
        ])
        XCTAssertEqual(export.status, 0, export.stderr)
        try check(try read(file), format: format, table: table)
      }
    }
    // The runs table carries the summary's per-nation fields: ratifier-welfare gain
    // shares sum to 1 wherever the joint gain is positive, and each nation's power
    // method is named.
    let runs = parseCSV(try read(scratch.appendingPathComponent("runs.csv")))
    let header = try XCTUnwrap(runs.first)
    func index(_ name: String) throws -> Int {
      try XCTUnwrap(header.firstIndex(of: name), "\(name) not in \(header)")
    }
    for name in [
      "gain_North", "gain_South", "negotiator_share_North", "negotiator_distance_South",
      "ratification_failures_North", "deadweight_loss_South",
    ] { _ = try index(name) }
    XCTAssertEqual(runs.count, 5)
    var positive = 0
    for row in runs.dropFirst() {
      XCTAssertTrue(["exact", "sampling"].contains(row[try index("power_method_North")]))
      guard let joint = Double(row[try index("joint_gain")]), joint > 0 else { continue }
      positive += 1
      let shares = try ["North", "South"].map {
        try XCTUnwrap(Double(row[try index("gain_share_\($0)")]))
      }
      XCTAssertEqual(shares.reduce(0, +), 1, accuracy: 1e-9)
      let gains = try ["North", "South"].map {
        try XCTUnwrap(Double(row[try index("gain_\($0)")]))
      }
      XCTAssertEqual(gains[0] / joint, shares[0], accuracy: 1e-9)
    }
    XCTAssertGreaterThan(positive, 0, "no run with a positive joint gain: the check is empty")

    // Every declared flag was seen in a file (per-nation ones once per nation).
    for table in ["timeseries", "agents", "runs"] {
      for flag in flags(table) {
        XCTAssertTrue(
          checked[table, default: []].contains {
            flag.repeated ? $0.hasPrefix(flag.name) : $0 == flag.name
          }, "\(table).\(flag.name) never written")
      }
    }
  }

  /// pandas DataFrame attributes and methods (`df.mean` is the method, not a column
  /// named `mean`), from Fixtures/pandas-dataframe-names.txt (generated from pandas, its
  /// header names the versions), and R's reserved words (`?Reserved`): no column of any
  /// table may take one.
  static let reserved: Set<String> = {
    let file = CLITests.root.appendingPathComponent(
      "Tests/AccordCLITests/Fixtures/pandas-dataframe-names.txt")
    let pandas = ((try? String(contentsOf: file, encoding: .utf8)) ?? "")
      .split(separator: "\n").filter { !$0.hasPrefix("#") }.map(String.init)
    return Set(pandas + rReserved)
  }()

  static let rReserved = [
    "if", "else", "repeat", "while", "function", "for", "next", "break", "TRUE", "FALSE",
    "NULL", "Inf", "NaN", "NA", "NA_integer_", "NA_real_", "NA_complex_", "NA_character_", "in",
  ]

  /// Every declared column of every table, and the columns of the analysis commands'
  /// tables, avoid ``reserved``; the analysis commands write `--out FILE` and
  /// `--names safe` (snake_case, with FILE.names.csv) as `accord export` does.
  func testNoColumnTakesAReservedNameAndAnalysesWriteFiles() throws {
    let schema = try accord(["schema", "columns"])
    let tables = try XCTUnwrap(
      JSONSerialization.jsonObject(with: Data(schema.stdout.utf8)) as? [String: [[String: Any]]])
    var names: [String] = []
    for (_, columns) in tables {
      names += columns.map { String(($0["name"] as? String ?? "").prefix { $0 != "<" }) }
    }
    let sweep = scratch.appendingPathComponent("ishigami.yaml")
    try String(
      contentsOf: root.appendingPathComponent("Configs/sweeps/ishigami.yaml"), encoding: .utf8
    )
    .replacingOccurrences(of: "samples: 4096", with: "samples: 64")
    .write(to: sweep, atomically: true, encoding: .utf8)
    let store = scratch.appendingPathComponent("store")
    XCTAssertEqual(try accord(["sweep", "run", sweep.path, "--out", store.path]).status, 0)
    for command in [
      ["sweep", "sobol", store.path, "--bootstrap", "10"], ["sweep", "summarize", store.path],
    ] {
      let printed = try accord(command)
      XCTAssertEqual(printed.status, 0, printed.stderr)
      let header = try XCTUnwrap(parseCSV(printed.stdout).first)
      names += header
      // --out writes what standard output shows; --names safe adds the mapping.
      let file = scratch.appendingPathComponent("\(command[1]).csv")
      let written = try accord(command + ["--out", file.path, "--names", "safe"])
      XCTAssertEqual(written.status, 0, written.stderr)
      XCTAssertEqual(written.stdout, "")
      let rows = parseCSV(try read(file))
      XCTAssertEqual(Array(rows.dropFirst()), Array(parseCSV(printed.stdout).dropFirst()))
      let mapping = parseCSV(
        try read(scratch.appendingPathComponent("\(command[1]).names.csv")))
      XCTAssertEqual(mapping.first, ["name", "original"])
      XCTAssertEqual(mapping.dropFirst().map { $0[1] }, header)
      XCTAssertEqual(mapping.dropFirst().map { $0[0] }, rows.first)
      let unsafe = try accord(command + ["--names", "safe"])
      XCTAssertNotEqual(unsafe.status, 0)
      XCTAssertTrue(unsafe.stderr.contains("--names safe: needs --out FILE"), unsafe.stderr)
      let over = try accord(command + ["--out", store.appendingPathComponent("sweep.sqlite").path])
      XCTAssertNotEqual(over.status, 0, "--out over the store must be refused")
    }
    // Morris' table, and the committed results' files (reproduce's data and verdicts).
    let morris = scratch.appendingPathComponent("morris.yaml")
    try String(contentsOf: sweep, encoding: .utf8)
      .replacingOccurrences(of: "design: saltelli", with: "design: morris")
      .write(to: morris, atomically: true, encoding: .utf8)
    let screened = scratch.appendingPathComponent("screened")
    XCTAssertEqual(try accord(["sweep", "run", morris.path, "--out", screened.path]).status, 0)
    let printed = try accord(["sweep", "morris", screened.path])
    XCTAssertEqual(printed.status, 0, printed.stderr)
    names += try XCTUnwrap(parseCSV(printed.stdout).first)
    let results = try XCTUnwrap(
      FileManager.default.enumerator(
        at: root.appendingPathComponent("Results"), includingPropertiesForKeys: nil))
    var files = 0
    for case let url as URL in results where url.pathExtension == "csv" {
      let text = try read(url)
      names += text.prefix { $0 != "\n" }.split(separator: ",").map(String.init)
      files += 1
    }
    XCTAssertGreaterThan(files, 10)
    XCTAssertTrue(names.contains("measure") && names.contains("sample_mean"))
    XCTAssertTrue(names.contains("mu_star"))
    XCTAssertGreaterThan(names.count, 50)
    // The list is pandas' (a missing fixture would let every name through).
    XCTAssertGreaterThan(Self.reserved.count, 200)
    for method in ["mean", "count", "index", "size", "sum", "std", "min", "max", "first", "T"] {
      XCTAssertTrue(Self.reserved.contains(method), method)
    }
    for name in names {
      XCTAssertFalse(Self.reserved.contains(name), "column '\(name)' takes a reserved name")
    }
  }
}

/// Collects GraphML node ids and edge ends.
final class NodeCollector: NSObject, XMLParserDelegate {
  var nodes: [String] = []
  var edgeEnds: Set<String> = []

  func parser(
    _ parser: XMLParser, didStartElement element: String, namespaceURI: String?,
    qualifiedName: String?, attributes: [String: String] = [:]
  ) {
    if element == "node", let id = attributes["id"] { nodes.append(id) }
    if element == "edge" {
      for key in ["source", "target"] { if let end = attributes[key] { edgeEnds.insert(end) } }
    }
  }
}
