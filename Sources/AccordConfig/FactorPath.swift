package import Yams

/// Where a factor goes in a config: `theta`, `evidence.trials`, or
/// `nations[North].agents[north-industry].outside` (`[name]` picks the list entry with
/// that `name:`, `[2]` the entry at that 0-based index).
package struct FactorPath: Sendable, Equatable, CustomStringConvertible {
  package enum Component: Sendable, Equatable {
    case key(String)
    case named(String)
    case index(Int)
  }

  package let components: [Component]
  package let text: String

  /// Parses a path; nil when it is malformed.
  package init?(_ text: String) {
    var components: [Component] = []
    var rest = Substring(text)
    while !rest.isEmpty {
      if rest.first == "[" {
        guard let close = rest.firstIndex(of: "]") else { return nil }
        let inside = String(rest[rest.index(after: rest.startIndex)..<close])
        guard !inside.isEmpty else { return nil }
        components.append(Int(inside).map(Component.index) ?? .named(inside))
        rest = rest[rest.index(after: close)...]
        if rest.first == "." { rest = rest.dropFirst() }
      } else {
        let end = rest.firstIndex { $0 == "." || $0 == "[" } ?? rest.endIndex
        let key = String(rest[..<end])
        guard !key.isEmpty else { return nil }
        components.append(.key(key))
        rest = rest[end...]
        if rest.first == "." { rest = rest.dropFirst() }
      }
    }
    guard case .key = components.first else { return nil }
    self.components = components
    self.text = text
  }

  package var description: String { text }

  /// `node` with `value` at this path; intermediate mappings are created where a key is
  /// missing.
  ///
  /// Returns a message instead when a list selector names no entry.
  package func applying(_ value: Node, to node: Node) -> Result<Node, FactorPathError> {
    set(value, at: components[...], in: node)
  }

  private func set(_ value: Node, at path: ArraySlice<Component>, in node: Node) -> Result<
    Node, FactorPathError
  > {
    guard let head = path.first else { return .success(value) }
    let rest = path.dropFirst()
    switch head {
    case .key(let key):
      guard node.scalar == nil, node.sequence == nil || node.mapping != nil else {
        return .failure(
          FactorPathError(message: "'\(key)' is inside a value that is not a mapping"))
      }
      var mapping = node.mapping ?? Node.Mapping([])
      let child = mapping[key] ?? Node.mapping(Node.Mapping([]))
      switch set(value, at: rest, in: child) {
      case .success(let updated):
        mapping[key] = updated
        return .success(.mapping(mapping))
      case .failure(let error): return .failure(error)
      }
    case .named, .index:
      guard case .sequence(let sequence) = node else {
        return .failure(
          FactorPathError(message: "'\(head)' selects from a list, but there is no list here"))
      }
      var items = Array(sequence)
      let position: Int?
      if case .named(let name) = head {
        position = items.firstIndex { $0.mapping?["name"]?.string == name }
      } else if case .index(let i) = head {
        position = items.indices.contains(i) ? i : nil
      } else {
        position = nil
      }
      guard let at = position else {
        let names = items.compactMap { $0.mapping?["name"]?.string }
        return .failure(
          FactorPathError(
            message: "no entry \(head) in this list (entries: \(names.joined(separator: ", ")))"))
      }
      switch set(value, at: rest, in: items[at]) {
      case .success(let updated):
        items[at] = updated
        return .success(.sequence(Node.Sequence(items, sequence.tag, sequence.style)))
      case .failure(let error): return .failure(error)
      }
    }
  }
}

extension FactorPath.Component: CustomStringConvertible {
  package var description: String {
    switch self {
    case .key(let k): k
    case .named(let n): "[\(n)]"
    case .index(let i): "[\(i)]"
    }
  }
}

/// A factor path that cannot be applied to the base config.
package struct FactorPathError: Error, Sendable {
  package var message: String
}
