package import Yams

/// Bounds on a YAML tree, checked right after it is composed and before anything walks,
/// converts or prints it.
///
/// Yams resolves an alias by sharing the anchored node, so a "billion laughs" tree of a
/// few hundred bytes composes at once but expands to billions of nodes the moment it is
/// serialised, decoded or recorded. Counting stops at the budget, so the check itself
/// costs at most `maxNodes` steps.
package struct YAMLLimits: Sendable {
  /// Nodes counted with every alias expanded.
  package var maxNodes: Int
  /// Nesting of lists and mappings.
  package var maxDepth: Int

  /// A config, sweep or experiment file that uses aliases (without any, its tree is no
  /// larger than its text): room for 10^5 agents listed one by one.
  package static let file = YAMLLimits(maxNodes: 1_000_000, maxDepth: 64)
  /// One `--set` value (its text is also limited, to ``ConfigOverride/maxValueBytes``).
  package static let commandLineValue = YAMLLimits(maxNodes: 10_000, maxDepth: 32)

  /// What is wrong with `node` under these limits, or nil.
  package func problem(_ node: Node) -> String? {
    var stack: [(Node, Int)] = [(node, 1)]
    var count = 0
    while let (next, depth) = stack.popLast() {
      count += 1
      if count > maxNodes {
        return "more than \(maxNodes) values once its aliases are expanded; "
          + "aliases may not multiply a value beyond that"
      }
      if depth > maxDepth { return "lists and mappings nested deeper than \(maxDepth) levels" }
      switch next {
      case .sequence(let sequence): for child in sequence { stack.append((child, depth + 1)) }
      case .mapping(let mapping):
        for (key, value) in mapping {
          // A key is almost always a scalar: counted here rather than stacked.
          if key.scalar != nil { count += 1 } else { stack.append((key, depth + 1)) }
          stack.append((value, depth + 1))
        }
      case .scalar, .alias: break
      }
    }
    return nil
  }

  /// `text` as error messages quote a value: at most 60 characters, then "…".
  package static func quoted(_ text: String) -> String {
    text.count <= 60 ? text : String(text.prefix(60)) + "…"
  }
}
