import Foundation
import XCTest
import Yams

/// `accord schema`: the committed schemas are the command's output, every shipped file
/// validates against its schema and names it on its first line, corrupted files are
/// rejected by both the schema and the loader, and the schema's bounds are the loader's.
final class SchemaTests: XCTestCase {
  let root = CLITests.root

  func accord(_ arguments: [String]) throws -> CLITests.Outcome { try CLITests.accord(arguments) }

  func schema(_ kind: String) throws -> SchemaInstance {
    let url = root.appendingPathComponent("docs/schema/\(kind).schema.json")
    return try JSONDecoder().decode(SchemaInstance.self, from: Data(contentsOf: url))
  }

  func instance(yaml: String) throws -> SchemaInstance {
    try YAMLDecoder().decode(SchemaInstance.self, from: yaml)
  }

  /// Every YAML file under Configs/, by path relative to the package root.
  func shippedFiles() throws -> [String] {
    let configs = root.appendingPathComponent("Configs")
    let walker = FileManager.default.enumerator(atPath: configs.path)
    var files: [String] = []
    while let next = walker?.nextObject() as? String {
      let name = (next as NSString).lastPathComponent
      if next.hasSuffix(".yaml") && !name.hasPrefix(".") { files.append("Configs/" + next) }
    }
    return files.sorted()
  }

  func testCommittedSchemasAreTheCommandsOutput() throws {
    for kind in ["config", "sweep"] {
      let result = try accord(["schema", kind])
      XCTAssertEqual(result.status, 0, result.stderr)
      let committed = try String(
        contentsOf: root.appendingPathComponent("docs/schema/\(kind).schema.json"), encoding: .utf8)
      XCTAssertEqual(
        committed, result.stdout,
        "docs/schema/\(kind).schema.json is out of date; regenerate it with "
          + "`swift run accord schema \(kind) --out docs/schema/\(kind).schema.json`")
    }
    // The default is the config schema; --out writes the same text.
    let out = FileManager.default.temporaryDirectory.appendingPathComponent(
      "accord-schema-\(UUID().uuidString).json")
    defer { try? FileManager.default.removeItem(at: out) }
    let written = try accord(["schema", "--out", out.path])
    XCTAssertEqual(written.status, 0, written.stderr)
    XCTAssertEqual(written.stdout, "")
    XCTAssertEqual(
      try String(contentsOf: out, encoding: .utf8), try accord(["schema", "config"]).stdout)
    let bad = try accord(["schema", "sweeps"])
    XCTAssertNotEqual(bad.status, 0)
    XCTAssertTrue(bad.stderr.contains("config") && bad.stderr.contains("sweep"), bad.stderr)
  }

  /// The column list in docs/schema/columns.json and docs/MODEL.md is generated from the
  /// column tables, and a real run's header is those tables laid out.
  func testColumnDocsAreTheCommandsOutput() throws {
    let json = try accord(["schema", "columns"])
    XCTAssertEqual(json.status, 0, json.stderr)
    XCTAssertEqual(
      try String(
        contentsOf: root.appendingPathComponent("docs/schema/columns.json"), encoding: .utf8),
      json.stdout,
      "docs/schema/columns.json is out of date; regenerate it with "
        + "`swift run accord schema columns --out docs/schema/columns.json`")
    let markdown = try accord(["schema", "columns", "--markdown"])
    XCTAssertEqual(markdown.status, 0, markdown.stderr)
    let model = try String(
      contentsOf: root.appendingPathComponent("docs/MODEL.md"), encoding: .utf8)
    let begin = try XCTUnwrap(model.range(of: "<!-- columns:begin -->\n"))
    let end = try XCTUnwrap(model.range(of: "<!-- columns:end -->"))
    XCTAssertEqual(
      String(model[begin.upperBound..<end.lowerBound]), markdown.stdout,
      "docs/MODEL.md's column list is out of date; replace the text between its markers "
        + "with `swift run accord schema columns --markdown`")
    let refused = try accord(["schema", "config", "--markdown"])
    XCTAssertNotEqual(refused.status, 0)
    XCTAssertTrue(refused.stderr.contains("--markdown applies to"), refused.stderr)

    // The declared time-series columns, expanded for quickstart's nations, are the header
    // `accord run` writes.
    let tables = try XCTUnwrap(
      JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: [[String: Any]]])
    XCTAssertEqual(tables.keys.sorted(), ["agents", "runs", "timeseries"])
    let out = FileManager.default.temporaryDirectory.appendingPathComponent(
      "accord-columns-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: out) }
    let run = try accord([
      "run", "Configs/examples/quickstart.yaml", "--steps", "3", "--agents", "-q", "--out",
      out.path,
    ])
    XCTAssertEqual(run.status, 0, run.stderr)
    let nations = ["North", "South"]
    var expected: [String] = []
    var perNation: [String] = []
    for column in tables["timeseries"] ?? [] {
      let name = column["name"] as? String ?? ""
      switch column["scope"] as? String {
      case "once": expected.append(name)
      case "nation": perNation.append(String(name.dropLast("_<nation>".count)))
      default: break  // quickstart has one issue
      }
    }
    for nation in nations { expected += perNation.map { "\($0)_\(nation)" } }
    let header = try String(
      contentsOf: out.appendingPathComponent("timeseries.csv"), encoding: .utf8
    ).prefix { $0 != "\n" }
    XCTAssertEqual(header.split(separator: ",").map(String.init), expected)
    let agents = try String(
      contentsOf: out.appendingPathComponent("agents.csv"), encoding: .utf8
    ).prefix { $0 != "\n" }
    XCTAssertEqual(
      agents.split(separator: ",").map(String.init),
      (tables["agents"] ?? []).map { $0["name"] as? String ?? "" })
  }

  func testEveryShippedFileValidatesAndNamesItsSchema() throws {
    let config = try schema("config")
    let sweep = try schema("sweep")
    let files = try shippedFiles()
    XCTAssertGreaterThan(files.count, 60)
    var sweeps = 0
    for file in files {
      let text = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
      let value = try instance(yaml: text)
      let isSweep = value["factors"] != nil
      sweeps += isSweep ? 1 : 0
      let problems = SchemaValidator.problems(value, isSweep ? sweep : config)
      XCTAssertEqual(problems, [], file)
      // The first line points the YAML language server at the right schema.
      let kind = isSweep ? "sweep" : "config"
      let first = text.prefix { $0 != "\n" }
      let prefix = "# yaml-language-server: $schema="
      XCTAssertTrue(first.hasPrefix(prefix), "\(file): first line is \(first)")
      let target = root.appendingPathComponent(file).deletingLastPathComponent()
        .appendingPathComponent(String(first.dropFirst(prefix.count))).standardizedFileURL
      XCTAssertEqual(
        target.path,
        root.appendingPathComponent("docs/schema/\(kind).schema.json").standardizedFileURL.path,
        file)
    }
    XCTAssertGreaterThan(sweeps, 30)
  }

  /// A corruption of a shipped file: what to replace, and what with.
  struct Corruption {
    var file: String
    var find: String
    var replace: String
  }

  func testCorruptedFilesAreRejectedByTheSchemaAndTheLoader() throws {
    let quickstart = "Configs/examples/quickstart.yaml"
    let sweepFile = "Configs/sweeps/quickstart-evidence.yaml"
    let linkedFile = "Configs/sweeps/quickstart-community.yaml"
    let corruptions = [
      Corruption(file: quickstart, find: "theta: 0.8", replace: "theta: 1.8"),
      Corruption(file: quickstart, find: "theta: 0.8", replace: "thetta: 0.8"),
      Corruption(file: quickstart, find: "mode: degroot", replace: "mode: degrot"),
      Corruption(file: quickstart, find: "rewire: 0.2", replace: "rewire: 0.2\n  mean_degree: 3"),
      Corruption(file: quickstart, find: "{beta: [2, 5]}", replace: "{gamma: [2, 5]}"),
      Corruption(file: quickstart, find: "{beta: [2, 5]}", replace: "{uniform: [0.2, 1.5]}"),
      Corruption(file: quickstart, find: "trials: 5", replace: "trials: 2.5"),
      Corruption(
        file: quickstart, find: "rule: majority", replace: "rule: majority\n    quota: 0.6"),
      // A choice that needs another key: a supermajority its quota, a sampling design
      // its sample count.
      Corruption(file: quickstart, find: "rule: majority", replace: "rule: supermajority"),
      Corruption(
        file: sweepFile, find: "design: full-factorial", replace: "design: latin-hypercube"),
      Corruption(file: sweepFile, find: "replicates:", replace: "replicate:"),
      Corruption(file: sweepFile, find: "evidence.trials:", replace: "evidence.trails:"),
      // A linked factor without link, or with a misspelt key; a derived value's key.
      Corruption(file: linkedFile, find: "    link:", replace: "    links:"),
      Corruption(file: linkedFile, find: "  community:", replace: "  nations[North].quota:"),
      Corruption(file: linkedFile, find: "  theta: {low", replace: "  thetaa: {low"),
      Corruption(file: linkedFile, find: "{expr: 12", replace: "{exp: 12"),
      Corruption(
        file: linkedFile, find: "  nations[South].quota:", replace: "  nations[South].qota:"),
    ]
    let config = try schema("config")
    let sweep = try schema("sweep")
    for (k, c) in corruptions.enumerated() {
      let source = root.appendingPathComponent(c.file)
      let text = try String(contentsOf: source, encoding: .utf8)
      XCTAssertTrue(text.contains(c.find), "\(c.file) no longer holds '\(c.find)'")
      let corrupted = text.replacingOccurrences(of: c.find, with: c.replace)
      let isSweep = c.file == sweepFile || c.file == linkedFile
      XCTAssertNotEqual(
        SchemaValidator.problems(try instance(yaml: corrupted), isSweep ? sweep : config), [],
        "the schema accepts \(c.replace)")
      // The loader refuses it too (the copy sits beside the original for relative paths).
      let copy = source.deletingLastPathComponent().appendingPathComponent(".schema-test-\(k).yaml")
      try corrupted.write(to: copy, atomically: true, encoding: .utf8)
      defer { try? FileManager.default.removeItem(at: copy) }
      let result = try accord(
        isSweep ? ["sweep", "plan", copy.path] : ["validate", copy.path])
      XCTAssertNotEqual(result.status, 0, "the loader accepts \(c.replace)")
    }
  }

  /// The schema at a dotted path of the config schema (`nations.agents.kappa`: list items
  /// are entered on the way).
  func node(_ schema: SchemaInstance, _ path: String) -> SchemaInstance? {
    var node: SchemaInstance? = schema
    for key in path.split(separator: ".") {
      if node?["type"] == .string("array") { node = node?["items"] }
      node = node?["properties"]?[String(key)]
    }
    return node
  }

  func testSchemaBoundsAreTheLoadersBounds() throws {
    let config = try schema("config")
    // (schema path, --set path): numbers, integers, open ends and per-agent values.
    let keys = [
      ("theta", "theta"), ("evidence.trials", "evidence.trials"),
      ("evidence.forgetting", "evidence.forgetting"), ("clusters.gap", "clusters.gap"),
      ("negotiation.interval", "negotiation.interval"), ("utility_exponent", "utility_exponent"),
      ("nations.side_payment_efficiency", "nations[North].side_payment_efficiency"),
      ("nations.bargaining_weight", "nations[North].bargaining_weight"),
      ("persuasion.attempts", "persuasion.attempts"),
      ("nations.agents.lambda", "nations[North].agents[north-industry].lambda"),
      ("nations.agents.prior_mean", "nations[North].agents[north-industry].prior_mean"),
      ("nations.agents.kappa", "nations[North].agents[north-industry].kappa"),
    ]
    var checked = 0
    for (schemaPath, setPath) in keys {
      guard var leaf = node(config, schemaPath) else {
        XCTFail("no schema at \(schemaPath)")
        continue
      }
      // Per-agent values: the constant alternative carries the bounds.
      if case .array(let alternatives)? = leaf["oneOf"], let first = alternatives.first {
        leaf =
          first["oneOf"].flatMap { if case .array(let a) = $0 { a.first } else { nil } } ?? first
      }
      let integer = leaf["type"] == .string("integer")
      let nudge = integer ? 1.0 : 1e-6
      func accepts(_ x: Double) throws -> Bool {
        let value = integer ? String(Int(x)) : "\(x)"
        let result = try accord([
          "validate", "Configs/examples/quickstart.yaml", "--set", "\(setPath)=\(value)",
        ])
        return result.status == 0
      }
      for (bound, inside, outside, included) in [
        ("minimum", 1.0, -1.0, true), ("maximum", -1.0, 1.0, true),
        ("exclusiveMinimum", 1.0, -1.0, false), ("exclusiveMaximum", -1.0, 1.0, false),
      ] {
        guard let end = leaf[bound]?.number else { continue }
        checked += 1
        XCTAssertEqual(try accepts(end), included, "\(setPath) at its \(bound) \(end)")
        XCTAssertFalse(try accepts(end + outside * nudge), "\(setPath) just outside \(end)")
        XCTAssertTrue(try accepts(end + inside * nudge), "\(setPath) just inside \(end)")
      }
    }
    XCTAssertGreaterThan(checked, 15)
  }
}
