import AccordConfig
import AccordIO
import AccordModel
import Foundation
import Testing
import Yams

/// Issue 26: every numeric key of the config, found from the schema, at the edges of the
/// doubles: `validate`, `run` and a one-point sweep never trap, they accept and refuse the
/// same values, and every number in every file written (the run's files, the sweep
/// store's exports) is finite or an explicit null.
///
/// In-process, through the code both commands call: `validate` is
/// `ConfigLoader.check(node:path:)`, `run` is `ConfigLoader.load(node:path:steps:)`
/// and `RunDriver.run` with agent rows (which reach the Beta quantiles). A trap fails the
/// test by killing it, which is what the reproducers did to the binary.
@Suite struct NumericEdgeTests {
  /// ±1e308, ±inf, NaN, 0, -0, the smallest subnormal and a larger one (5e-324 divided
  /// by anything is 0, while 1e-320 divided by a small count is still positive), as YAML.
  static let edges = [
    "1e308", "-1e308", ".inf", "-.inf", ".nan", "0", "-0.0", "5e-324", "1e-320",
  ]

  /// A numeric key of the schema: its factor path (lists take their first entry), its
  /// default, and whether it takes a distribution (a per-agent value).
  struct Key {
    var path: String
    var fallback: Double?
    var distribution: Bool
  }

  /// Every key whose schema admits a number, walked from `accord schema config`'s
  /// declarations so that a new key is fuzzed without editing this list.
  static func numericKeys(_ schema: JSONValue, prefix: String = "") -> [Key] {
    guard case .object(let properties)? = schema["properties"] else { return [] }
    var keys: [Key] = []
    for (name, value) in properties {
      let path = prefix.isEmpty ? name : "\(prefix).\(name)"
      if value["properties"] != nil {
        keys += numericKeys(value, prefix: path)
      } else if value["type"]?.text == "array", let items = value["items"],
        items["properties"] != nil
      {
        keys += numericKeys(items, prefix: "\(path)[0]")
      } else if admitsNumber(value) {
        let alternatives = value["oneOf"]?.list ?? []
        let distribution = alternatives.contains { $0["properties"]?["normal"] != nil }
        keys.append(Key(path: path, fallback: value["default"]?.double, distribution: distribution))
      }
    }
    return keys
  }

  static func admitsNumber(_ schema: JSONValue) -> Bool {
    if let type = schema["type"]?.text, type == "number" || type == "integer" { return true }
    return (schema["oneOf"]?.list ?? []).contains { admitsNumber($0) }
      || (schema["anyOf"]?.list ?? []).contains { admitsNumber($0) }
  }

  /// Small worlds that make different keys apply (a network type's parameters, a
  /// quota's share, an international quota, a second issue).
  static let bases = [
    "network: {type: complete}",
    "network: {type: erdos-renyi, mean_degree: 2}",
    "network: {type: watts-strogatz, degree: 2, rewire: 0.1}",
    "network: {type: barabasi-albert, links: 1}",
    "negotiation: {international: quota, international_quota: 0.5}",
    "issues: 2",
  ].map { extra in
    """
    steps: 3
    \(extra)
    nations:
      - name: A
        rule: supermajority
        quota: 0.6
        agents:
          - {name: a, believer: true, prior_concentration: 20}
          - {name: b, count: 2, ideal: 0.3}
      - name: B
        agents:
          - {name: c}
          - {name: d, weight: 2}

    """
  }

  enum Verdict: Equatable {
    case accepted
    case refused(String)

    var accepted: Bool { self == .accepted }
  }

  static func validate(_ node: Node) -> Verdict {
    do {
      _ = try ConfigLoader.check(node: node, path: "fuzz.yaml")
      return .accepted
    } catch {
      return .refused(error.description)
    }
  }

  static func run(_ node: Node, into directory: String) -> Verdict {
    do {
      let loaded = try ConfigLoader.load(node: node, path: "fuzz.yaml")
      _ = try RunDriver.run(
        world: loaded.world, seed: loaded.config.seed, steps: loaded.config.steps,
        config: loaded.config, configFile: "fuzz.yaml",
        output: RunOutputOptions(directory: directory, agents: true))
      return .accepted
    } catch {
      return .refused("\(error)")
    }
  }

  /// The first base in which the key, at its default (or 1), is accepted.
  static func base(for key: Key, among nodes: [Node]) throws -> Node {
    let value = Node(key.fallback.map { "\($0)" } ?? "1")
    for node in nodes {
      let override = ConfigOverride(path: try #require(FactorPath(key.path)), value: value)
      if let updated = try? override.applied(to: node), validate(updated).accepted {
        return node
      }
    }
    return nodes[0]
  }

  @Test func everyNumericKeyAtTheEdgesOfTheDoubles() throws {
    let keys = Self.numericKeys(ConfigSchema.config())
    // The schema's walk reaches the keys of every section, per-agent values included.
    let paths = Set(keys.map(\.path))
    for expected in [
      "theta", "evidence.attention", "clusters.gap", "network.mean_degree",
      "nations[0].agents[0].prior_concentration", "nations[0].quota",
    ] {
      #expect(paths.contains(expected), "\(expected) not found in the schema")
    }
    #expect(keys.count > 40)
    let nodes = try Self.bases.map { try ConfigLoader.compose(yaml: $0, path: "fuzz.yaml") }
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
      "accord-numeric-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: scratch) }
    var cases = 0
    var accepted = 0
    var disagreements: [String] = []
    var unnamed: [String] = []
    var nonFinite: [String] = []
    var sweeps = 0
    var sweptAccepted = 0
    let clock = ContinuousClock()
    let start = clock.now
    for key in keys {
      let base = try Self.base(for: key, among: nodes)
      let path = try #require(FactorPath(key.path))
      var values = Self.edges.map { Node($0) }
      if key.distribution {
        // A distribution with a valid centre and an extreme spread (the issue's
        // `prior_concentration: {normal: [2, 1e308]}`), and extreme uniform ends.
        let centre = key.fallback.map { "\($0)" } ?? "0.5"
        for shape in ["normal", "uniform"] {
          values += try Self.edges.compactMap {
            try Yams.compose(yaml: "{\(shape): [\(centre), \($0)]}")
          }
        }
      }
      for value in values {
        guard let node = try? ConfigOverride(path: path, value: value).applied(to: base) else {
          continue
        }
        cases += 1
        let shown = "\(key.path)=\((try? Yams.serialize(node: value)) ?? "?")"
          .trimmingCharacters(in: .whitespacesAndNewlines)
        let checked = Self.validate(node)
        let directory = scratch.appendingPathComponent("\(cases)")
        let ran = Self.run(node, into: directory.path)
        if checked.accepted { accepted += 1 }
        if checked.accepted != ran.accepted {
          disagreements.append("\(shown): validate \(checked), run \(ran)")
        }
        nonFinite += Self.nonFinite(inRunFiles: directory).map { "\(shown): \($0)" }
        // The same world as a sweep's base: the store and its exports.
        if Self.throughSweep(cases) {
          let swept = Self.sweep(node, in: scratch.appendingPathComponent("sweep-\(cases)"))
          sweeps += 1
          if swept.verdict.accepted { sweptAccepted += 1 }
          if checked.accepted != swept.verdict.accepted {
            disagreements.append("\(shown): validate \(checked), sweep \(swept.verdict)")
          }
          nonFinite += swept.nonFinite.map { "\(shown): \($0)" }
        }
        // A refusal names the key it refuses (or, for a value that breaks a derived
        // quantity such as a nation's weights, the nation) and never a raw trap text.
        if case .refused(let message) = checked {
          let last = key.path.split(separator: ".").last.map { String($0) } ?? key.path
          if !message.contains(last) && !message.contains("nations[") {
            unnamed.append("\(shown): \(message)")
          }
        }
      }
    }
    let elapsed = clock.now - start
    print(
      "numeric edges: \(keys.count) keys, \(cases) cases, \(accepted) accepted, "
        + "\(cases - accepted) refused, \(disagreements.count) disagreements; \(sweeps) "
        + "through a sweep store (\(sweptAccepted) accepted), in \(elapsed)")
    #expect(cases >= keys.count * Self.edges.count)
    #expect(accepted > 0 && accepted < cases)
    #expect(disagreements == [])
    #expect(unnamed == [])
    #expect(nonFinite == [])
    #expect(sweptAccepted > 0 && sweptAccepted < sweeps)
  }
}
