import AccordModel
import Foundation
import XCTest

/// Pins the exact trajectories of every example world, paper world and model path.
///
/// Each case runs `accord run --agents` on a config and seed and hashes the files it
/// writes: `timeseries.csv`, `agents.csv` and `summary.json` (without the `versions`
/// and `config_file` keys, which name the toolchain and the path, not the run). A
/// refactor of the model must keep every hash; a change that is meant to alter the
/// numbers regenerates the table with `ACCORD_PIN_TRAJECTORIES=1 swift test --filter
/// TrajectoryTests` and explains each changed case in its note.
final class TrajectoryTests: XCTestCase {
  static let root = CLITests.root
  static let pinned = root.appendingPathComponent("Tests/AccordCLITests/Fixtures/trajectories.json")

  /// A run to pin: a config (a shipped file, or quickstart with lines replaced) and a seed.
  struct Case {
    var name: String
    var config: String
    var seed: Int
    var steps: Int? = nil
    var replacing: [(String, String)] = []
  }

  /// Every example and paper world at two seeds, and quickstart down each registered
  /// learning mode, recruitment strategy and ratification rule (``ruleCases``) and each
  /// network model, so every step path is pinned.
  static var cases: [Case] {
    var cases: [Case] = []
    let examples = ["quickstart", "ozone", "two-level", "pie-split", "logroll"]
    for name in examples {
      for seed in [7, 1234] {
        cases.append(
          Case(name: "\(name)-\(seed)", config: "Configs/examples/\(name).yaml", seed: seed))
      }
    }
    let worlds =
      (try? FileManager.default.contentsOfDirectory(
        atPath: root.appendingPathComponent("Configs/papers/worlds").path)) ?? []
    for file in worlds.sorted() where file.hasSuffix(".yaml") {
      let name = String(file.dropLast(5))
      for seed in [7, 1234] {
        cases.append(
          Case(name: "world-\(name)-\(seed)", config: "Configs/papers/worlds/\(file)", seed: seed))
      }
    }
    for (_, rule) in ruleCases where !cases.contains(where: { $0.name == rule.name }) {
      cases.append(rule)
    }
    let quickstart = Self.quickstart
    let noStop = Self.noStop
    let networks = [
      ("complete", "type: complete"), ("erdos-renyi", "type: erdos-renyi\n  mean_degree: 3"),
      ("barabasi-albert", "type: barabasi-albert\n  links: 2"),
    ]
    for (name, text) in networks {
      cases.append(
        Case(
          name: "network-\(name)", config: quickstart, seed: 11, steps: 120,
          replacing: [
            ("type: watts-strogatz", text), ("  degree: 4\n", ""), ("  rewire: 0.2\n", ""), noStop,
          ]))
    }
    // Several issues with side payments and with judgement noise (the package path).
    let twoIssues = ("utility_exponent: 1\n", "utility_exponent: 1\nissues: 2\n")
    cases.append(
      Case(
        name: "pie-split-two-issues", config: "Configs/examples/pie-split.yaml", seed: 7,
        replacing: [twoIssues, ("side_payment_efficiency: 0.1", "side_payment_efficiency: 0.8")]))
    cases.append(
      Case(
        name: "pie-split-two-issues-noise", config: "Configs/examples/pie-split.yaml", seed: 7,
        steps: 8,
        replacing: [
          twoIssues,
          (
            "side_payment_efficiency: 0.1", "side_payment_efficiency: 0.1\n    judgement_noise: 0.3"
          ),
        ]))
    // The never-agreeing worlds of Benchmarks/allocations.sh: a round at every step, on
    // one issue and on both package paths (judged win-sets; issue-by-issue settlement).
    for name in ["deadlock-1", "deadlock-2", "separate-2"] {
      for seed in [7, 1234] {
        cases.append(
          Case(
            name: "bench-\(name)-\(seed)", config: "Benchmarks/worlds/\(name).yaml", seed: seed,
            steps: 40))
      }
    }
    cases.append(
      Case(
        name: "forgetting-no-stop", config: quickstart, seed: 5, steps: 150,
        replacing: [("attention: 0.03", "attention: 0.03\n  forgetting: 0.98"), noStop]))
    return cases
  }

  static let quickstart = "Configs/examples/quickstart.yaml"
  static let noStop = ("stop_at_agreement: true", "stop_at_agreement: false")

  /// One case per rule in ``RuleRegistry/builtIn``, from the registry rather than a list,
  /// so a new built-in rule fails ``testEveryRegisteredRuleIsPinned`` until it is pinned.
  ///
  /// Each is quickstart with that rule (South's, for a ratification rule) and no stop
  /// at agreement. Quickstart's own learning mode and strategy (`degroot`,
  /// `allies-first`) are its plain cases, `quickstart-7` and `quickstart-1234`.
  static var ruleCases: [(rule: String, case: Case)] {
    var cases: [(String, Case)] = []
    let rules = RuleRegistry.builtIn
    for mode in rules.learningModes.map(\.rawValue) {
      guard mode != "degroot" else {
        cases.append(("learning \(mode)", Case(name: "quickstart-7", config: quickstart, seed: 7)))
        continue
      }
      cases.append(
        (
          "learning \(mode)",
          Case(
            name: "learning-\(mode)", config: quickstart, seed: 11, steps: 120,
            replacing: [("mode: degroot ", "mode: \(mode) "), noStop])
        ))
    }
    for strategy in rules.recruitmentStrategies.map(\.rawValue) {
      guard strategy != "allies-first" else {
        cases.append(
          ("strategy \(strategy)", Case(name: "quickstart-7", config: quickstart, seed: 7)))
        continue
      }
      // Backward mapping: North's industry (agents 1-10) defers to its government (agent 0).
      let text =
        strategy == "backward-mapping"
        ? "strategy: backward-mapping\n  deference: DEFERENCE" : "strategy: \(strategy)"
      cases.append(
        (
          "strategy \(strategy)",
          Case(
            name: "strategy-\(strategy)", config: quickstart, seed: 11, steps: 120,
            replacing: [("strategy: allies-first", text), noStop])
        ))
    }
    for rule in rules.ratificationRules {
      let quota = rule.quotaKey == .none ? "" : "\n    quota: 0.6"
      cases.append(
        (
          "ratification \(rule.rawValue)",
          Case(
            name: "ratification-\(rule.rawValue)", config: quickstart, seed: 11, steps: 120,
            replacing: [
              ("rule: supermajority\n    quota: 0.6", "rule: \(rule.rawValue)\(quota)"), noStop,
            ])
        ))
    }
    return cases
  }

  /// Every rule the registry holds has a pinned trajectory: a new built-in rule without
  /// a pin fails here (regenerate the pins as the class comment says).
  func testEveryRegisteredRuleIsPinned() throws {
    let pinned = try XCTUnwrap(
      JSONSerialization.jsonObject(with: Data(contentsOf: Self.pinned)) as? [String: String])
    let rules = RuleRegistry.builtIn
    let names =
      rules.learningModes.map { "learning \($0.rawValue)" }
      + rules.recruitmentStrategies.map { "strategy \($0.rawValue)" }
      + rules.ratificationRules.map { "ratification \($0.rawValue)" }
    let cases = Dictionary(Self.ruleCases.map { ($0.rule, $0.case.name) }) { a, _ in a }
    XCTAssertEqual(Set(cases.keys), Set(names))
    for name in names {
      let pin = try XCTUnwrap(cases[name], "\(name) has no trajectory case")
      XCTAssertNotNil(pinned[pin], "\(name): its case \(pin) has no pin in trajectories.json")
    }
  }

  /// FNV-1a, 64 bits: stable across platforms and toolchains, unlike `Hasher`.
  static func fnv1a(_ data: Data) -> String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in data {
      hash ^= UInt64(byte)
      hash = hash &* 0x100_0000_01b3
    }
    return String(hash, radix: 16)
  }

  /// `summary.json` without the keys that describe the toolchain and the files' paths.
  static func runPart(ofSummary data: Data) throws -> Data {
    var object = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
    XCTAssertNotNil(object["versions"], "summary.json has no versions key")
    object["versions"] = nil
    object["config_file"] = nil
    // The deference file of a generated config lives in a fresh scratch folder.
    if var config = object["config"] as? [String: Any],
      var persuasion = config["persuasion"] as? [String: Any], persuasion["deference"] != nil
    {
      persuasion["deference"] = "DEFERENCE"
      config["persuasion"] = persuasion
      object["config"] = config
    }
    return try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
  }

  func testTrajectoriesArePinned() throws {
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
      "accord-trajectories-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: scratch) }
    var hashes: [String: String] = [:]
    for item in Self.cases {
      var config = item.config
      if !item.replacing.isEmpty {
        let deference = scratch.appendingPathComponent("deference.csv")
        try (1...10).map { "\($0),0\n" }.joined().write(
          to: deference, atomically: true, encoding: .utf8)
        var text = try String(
          contentsOf: Self.root.appendingPathComponent(item.config), encoding: .utf8)
        for (old, new) in item.replacing {
          XCTAssertTrue(text.contains(old), "\(item.name): '\(old)' not in \(item.config)")
          text = text.replacingOccurrences(
            of: old, with: new.replacingOccurrences(of: "DEFERENCE", with: deference.path))
        }
        let url = scratch.appendingPathComponent("\(item.name).yaml")
        try text.write(to: url, atomically: true, encoding: .utf8)
        config = url.path
      }
      let out = scratch.appendingPathComponent(item.name)
      var arguments = [
        "run", config, "--seed", String(item.seed), "--out", out.path, "--agents", "-q",
      ]
      if let steps = item.steps { arguments += ["--steps", String(steps)] }
      let result = try CLITests.accord(arguments)
      XCTAssertEqual(result.status, 0, "\(item.name): \(result.stderr)")
      guard result.status == 0 else { continue }
      let series = try Data(contentsOf: out.appendingPathComponent("timeseries.csv"))
      let agents = try Data(contentsOf: out.appendingPathComponent("agents.csv"))
      let summary = try Self.runPart(
        ofSummary: Data(contentsOf: out.appendingPathComponent("summary.json")))
      hashes[item.name] = [series, agents, summary].map(Self.fnv1a).joined(separator: " ")
    }
    XCTAssertEqual(hashes.count, Self.cases.count)

    if ProcessInfo.processInfo.environment["ACCORD_PIN_TRAJECTORIES"] == "1" {
      let data = try JSONSerialization.data(
        withJSONObject: hashes, options: [.sortedKeys, .prettyPrinted])
      try FileManager.default.createDirectory(
        at: Self.pinned.deletingLastPathComponent(), withIntermediateDirectories: true)
      try data.write(to: Self.pinned)
      return
    }
    let pinned = try XCTUnwrap(
      JSONSerialization.jsonObject(with: Data(contentsOf: Self.pinned)) as? [String: String])
    XCTAssertEqual(Set(pinned.keys), Set(hashes.keys), "the pinned cases differ from the cases run")
    for (name, hash) in hashes.sorted(by: { $0.key < $1.key }) {
      // The three hashes are timeseries.csv, agents.csv and summary.json, in that order.
      XCTAssertEqual(hash, pinned[name], "trajectory \(name) changed")
    }
  }
}
