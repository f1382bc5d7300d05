/// Builds the JSON Schema of a config-style type by walking its own `init(from:)`.
///
/// A walk decodes the type from a ``RecordingDecoder``: every key reads as present, and
/// each key whose presence makes the decoding throw reads as absent in the next attempt.
/// A first walk finds the choices (`network.type`, `nations[].rule`, ...); one walk
/// more for every value of every choice shows which keys that value allows or
/// requires. The schema is their union, with `if`/`then` clauses for keys that only
/// some values of a choice allow (`network.mean_degree`) or require (a sweep's `base`).
package enum SchemaWalk {
  /// One walk: the choice it fixes, the keys it found absent, and what it recorded.
  struct Walk {
    var forced: (path: String, value: String)?
    var absent: Set<String>
    /// The values it gave other choices.
    var pinned: [String: String]
    var recording: SchemaRecorder.Recording
    /// Whether the decoding got to the end (only such walks say what a choice allows).
    var complete: Bool
    /// Keys without which the decoding fails under the forced value.
    var needs: Set<String>
  }

  /// One decoding of `T` under `recorder`, and the issue that stopped it, if any.
  static func attempt<T: Decodable>(_ type: T.Type, _ recorder: SchemaRecorder) -> (
    recorder: SchemaRecorder, thrown: ConfigIssue?
  ) {
    do {
      try SchemaRecorder.$current.withValue(recorder) {
        _ = try T(from: RecordingDecoder(codingPath: [], recorder: recorder))
      }
      return (recorder, nil)
    } catch let issue as ConfigIssue {
      return (recorder, issue)
    } catch {
      // Not a config issue (a decoding error): treated as the end of this walk.
      return (recorder, ConfigIssue(path: [], message: "\(error)"))
    }
  }

  /// The path of the object holding the key at `p`.
  static func parent(_ p: String) -> String {
    p.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
  }

  /// `pinned` with the first choice of the object at `object` that has values left moved
  /// to its next value; nil when none has.
  static func nextPin(
    after pinned: [String: String], at object: String, _ recording: SchemaRecorder.Recording,
    forced: String?
  ) -> [String: String]? {
    for c in recording.choiceOrder where c != forced && parent(c) == object {
      guard let values = recording.choices[c]?.values else { continue }
      let next = pinned[c].flatMap { values.firstIndex(of: $0) }.map { $0 + 1 } ?? 0
      guard next < values.count else { continue }
      var out = pinned
      out[c] = values[next]
      return out
    }
    return nil
  }

  /// The schema of `T` (an object), without the document header.
  package static func schema<T: Decodable>(of type: T.Type) -> JSONValue {
    Builder(walks: walks(of: type)).build("")
  }

  /// The walks of `T`: one with nothing forced, then one per value of every choice.
  static func walks<T: Decodable>(of type: T.Type) -> [Walk] {
    var queue: [(path: String, value: String)?] = [nil]
    var queued: Set<String> = []
    var walks: [Walk] = []
    while !queue.isEmpty {
      let forced = queue.removeFirst()
      // A forced walk starts from what the first walk learnt about other objects' keys.
      let object = forced.map { parent($0.path) }
      var absent: Set<String> = walks.first?.absent.filter { parent($0) != object } ?? []
      var pinned = walks.first?.pinned.filter { parent($0.key) != object } ?? [:]
      var recording = SchemaRecorder.Recording()
      var complete = false
      // Each attempt turns one more key absent or moves a choice on; a config type has a
      // few dozen keys.
      for _ in 0..<256 {
        let (recorder, thrown) = attempt(
          T.self,
          SchemaRecorder(forced: forced, pinned: pinned, absent: absent, recording: recording))
        recording = recorder.recording
        complete = thrown == nil
        guard let issue = thrown else { break }
        let p = SchemaRecorder.normalised(issue.path)
        if recorder.answeredPresent.contains(p), !absent.contains(p) {
          absent.insert(p)
        } else if let next = nextPin(after: pinned, at: parent(p), recording, forced: forced?.path)
        {
          // The decoding refuses a combination of choices (a mean that 'expects'
          // positive): try the next value of a choice beside the key it names.
          pinned = next
        } else {
          break
        }
      }
      // Keys read only when another is absent (`x` when `factor` is not given): try the
      // first walk again without each key beside them in turn.
      if forced == nil {
        for (object, keys) in recording.closedKeys {
          let seen = recording.seenKeys[object] ?? []
          guard keys.contains(where: { !seen.contains($0) }) else { continue }
          for key in seen {
            let p = object.isEmpty ? key : object + "/" + key
            guard !absent.contains(p), !recording.required.contains(p) else { continue }
            let trial = SchemaRecorder(
              forced: nil, pinned: pinned, absent: absent.union([p]), recording: recording)
            recording = attempt(T.self, trial).recorder.recording
          }
        }
      }
      // The keys beside the forced choice that its value needs: the decoding refuses the
      // walk's own answers without them.
      var needs: Set<String> = []
      if complete, let forced, let object {
        for key in recording.seenKeys[object] ?? [] {
          let p = object.isEmpty ? key : object + "/" + key
          guard p != forced.path, !absent.contains(p) else { continue }
          let trial = SchemaRecorder(
            forced: forced, pinned: pinned, absent: absent.union([p]), recording: recording)
          if attempt(T.self, trial).thrown != nil { needs.insert(p) }
        }
      }
      walks.append(
        Walk(
          forced: forced, absent: absent, pinned: pinned, recording: recording, complete: complete,
          needs: needs))
      for p in recording.choiceOrder {
        for v in recording.choices[p]?.values ?? [] where queued.insert("\(p)=\(v)").inserted {
          queue.append((p, v))
        }
      }
    }
    return walks
  }

  /// Turns the union of the walks into schema objects, path by path.
  struct Builder {
    let walks: [Walk]

    func build(_ p: String) -> JSONValue {
      let fragments = distinct(walks.compactMap { $0.recording.fragments[p] })
      if !fragments.isEmpty { return merged(fragments) }
      if walks.contains(where: { $0.recording.arrays.contains(p) }) {
        let items = child(p, "[]")
        return .object(
          [("type", .string("array"))] + (known(items) ? [("items", build(items))] : []))
      }
      if walks.contains(where: { $0.recording.objects.contains(p) }) { return object(p) }
      return .object([])
    }

    private func child(_ p: String, _ key: String) -> String { p.isEmpty ? key : p + "/" + key }

    private func known(_ p: String) -> Bool {
      walks.contains { w in
        w.recording.fragments[p] != nil || w.recording.arrays.contains(p)
          || w.recording.objects.contains(p)
      }
    }

    private func distinct(_ values: [JSONValue]) -> [JSONValue] {
      var out: [JSONValue] = []
      for v in values where !out.contains(v) { out.append(v) }
      return out
    }

    /// One schema for a key recorded differently by different walks: the same but for
    /// its default (which then depends on another key), or any of them.
    private func merged(_ fragments: [JSONValue]) -> JSONValue {
      if fragments.count == 1 { return fragments[0] }
      let bare = distinct(fragments.map { $0.removing("default") })
      if bare.count == 1 { return bare[0] }
      return .object([("anyOf", .array(bare))])
    }

    private func object(_ p: String) -> JSONValue {
      let closed = walks.lazy.compactMap { $0.recording.closedKeys[p] }.first
      var keys = closed ?? []
      if closed == nil {
        for w in walks {
          for k in w.recording.seenKeys[p] ?? [] where !keys.contains(k) { keys.append(k) }
        }
      }
      var pairs: [(String, JSONValue)] = [("type", .string("object"))]
      if !keys.isEmpty {
        pairs.append(("properties", .object(keys.map { ($0, build(child(p, $0))) })))
      }
      var conditions: [JSONValue] = []
      var conditionallyRequired: Set<String> = []
      for (choice, key) in choices(at: p) {
        for other in keys where other != key {
          conditions += clauses(p, choice: choice, key: key, other: other, &conditionallyRequired)
        }
      }
      let required = keys.filter { k in
        !conditionallyRequired.contains(k)
          && walks.contains { $0.recording.required.contains(child(p, k)) }
      }
      if !required.isEmpty { pairs.append(("required", .array(required.map(JSONValue.string)))) }
      if closed != nil { pairs.append(("additionalProperties", .bool(false))) }
      if !conditions.isEmpty { pairs.append(("allOf", .array(conditions))) }
      return .object(pairs)
    }

    /// The choices among the keys of the object at `p`: their paths and key names.
    private func choices(at p: String) -> [(path: String, key: String)] {
      var seen: [(String, String)] = []
      for w in walks {
        for c in w.recording.choiceOrder where !seen.contains(where: { $0.0 == c }) {
          let parts = c.split(separator: "/", omittingEmptySubsequences: false)
          guard let last = parts.last, parts.dropLast().joined(separator: "/") == p else {
            continue
          }
          seen.append((c, String(last)))
        }
      }
      return seen
    }

    /// The `if`/`then` clauses for key `other` against the values of `choice`: forbidden
    /// for the values whose walks refused it, required for those whose walks needed it.
    private func clauses(
      _ p: String, choice: String, key: String, other: String, _ requiredSome: inout Set<String>
    ) -> [JSONValue] {
      guard let declared = walks.lazy.compactMap({ $0.recording.choices[choice] }).first else {
        return []
      }
      let path = child(p, other)
      var reached: [String] = []
      var allowed: [String] = []
      var required: [String] = []
      for v in declared.values {
        let these = walks.filter {
          $0.complete && $0.forced?.path == choice && $0.forced?.value == v
            && $0.recording.objects.contains(p)
        }
        guard !these.isEmpty else { continue }
        reached.append(v)
        // A key is forbidden only where its presence made the decoding fail; one that
        // a value merely does not read (a sweep's base for the Ishigami model) is
        // accepted by the loader, so by the schema.
        if these.contains(where: { !$0.absent.contains(path) }) {
          allowed.append(v)
        }
        if these.contains(where: { $0.recording.required.contains(path) || $0.needs.contains(path) }
        ) {
          required.append(v)
        }
      }
      var out: [JSONValue] = []
      if !allowed.isEmpty && allowed.count < reached.count {
        // Absent, the choice takes its default: the clause applies then only if the
        // default is not among the values that allow the key.
        out.append(
          condition(
            key, values: allowed, negated: true,
            fallbackMatches: !allowed.contains(declared.fallback),
            then: .object([("not", .object([("required", .array([.string(other)]))]))])))
      }
      if !required.isEmpty && required.count < reached.count {
        requiredSome.insert(other)
        out.append(
          condition(
            key, values: required, negated: false,
            fallbackMatches: required.contains(declared.fallback),
            then: .object([("required", .array([.string(other)]))])))
      }
      return out
    }

    /// `if` `key` is (`negated`: is not) one of `values` `then` ...; `fallbackMatches`
    /// says whether an absent key (its default) should meet the condition.
    private func condition(
      _ key: String, values: [String], negated: Bool, fallbackMatches: Bool, then: JSONValue
    ) -> JSONValue {
      let among: JSONValue = .object([("enum", .array(values.map(JSONValue.string)))])
      var test: [(String, JSONValue)] = [
        ("properties", .object([(key, negated ? .object([("not", among)]) : among)]))
      ]
      if !fallbackMatches { test.append(("required", .array([.string(key)]))) }
      return .object([("if", .object(test)), ("then", then)])
    }
  }
}
