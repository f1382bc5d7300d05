import AccordConfig
import AccordModel
import Foundation
import Yams

/// The config target: `--set` overrides, then `validate`'s check, then `run`'s load,
/// world and a few steps.
///
/// A config that the check accepts and the load refuses is a disagreement between
/// `validate` and `run`, and stops the fuzzer like a crash.
enum ConfigFuzz {
  /// Anchors relative paths (edge lists) among the shipped examples.
  static let path = "Configs/examples/fuzz.yaml"
  /// Worlds above this many agents are skipped, so that each input runs in milliseconds.
  static let maxAgents = 5_000
  /// Steps run of an accepted config.
  static let maxSteps = 25

  static func run(_ data: Data) -> FuzzTarget.Outcome {
    guard let text = InputText.decode(data) else { return .refused("not UTF-8 text") }
    var overrides: [ConfigOverride] = []
    for line in text.split(separator: "\n") where line.hasPrefix("#set ") {
      do {
        overrides.append(try ConfigOverride(argument: String(line.dropFirst(5))))
      } catch {
        return .refused(error.message)
      }
    }
    var node: Node
    do {
      node = try ConfigLoader.compose(yaml: text, path: path)
      for override in overrides { node = try override.applied(to: node) }
    } catch let error as ConfigError {
      return .refused("\(error)")
    } catch {
      return .refused("\(error)")
    }
    guard agents(in: node) <= maxAgents else { return .skipped }
    let checked: CheckedConfig
    do {
      checked = try ConfigLoader.check(node: node, path: path)
    } catch {
      return .refused("\(error)")
    }
    guard checked.agents <= maxAgents else { return .skipped }
    do {
      let loaded = try ConfigLoader.load(node: node, path: path)
      var simulation = try Simulation(world: loaded.world, seed: loaded.config.seed)
      simulation.run(steps: min(loaded.config.steps, maxSteps))
      return .accepted
    } catch {
      fatalError("validate accepted a config that run refuses: \(error)")
    }
  }

  /// The agents the tree asks for: the sum of every `count` (a bound; defaults are small).
  static func agents(in node: Node) -> Int {
    switch node {
    case .mapping(let mapping):
      var total = 0
      for (key, value) in mapping {
        if key.string == "count" {
          // A count that is not a whole number is refused by the check; a huge one skipped.
          guard let n = value.int else { continue }
          guard n >= 0 else { return Int.max }
          total = total.addingReportingOverflow(n).overflow ? Int.max : total + n
        } else {
          let inner = agents(in: value)
          total = total.addingReportingOverflow(inner).overflow ? Int.max : total + inner
        }
      }
      return total
    case .sequence(let sequence):
      return sequence.reduce(0) { total, item in
        let inner = agents(in: item)
        return total.addingReportingOverflow(inner).overflow ? Int.max : total + inner
      }
    default:
      return 0
    }
  }
}
