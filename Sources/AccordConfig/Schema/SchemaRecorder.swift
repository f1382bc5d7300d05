import Synchronization

/// What the config helpers (`number`, `integer`, `choice`, `parameter`, ...) tell a schema
/// walk about the keys they read, while ``RecordingDecoder`` drives the types'
/// `init(from:)`.
///
/// Outside a walk ``current`` is nil and the helpers do nothing more than a task-local
/// read, so decoding real files costs the same as before.
package final class SchemaRecorder: Sendable {
  /// The recorder of the walk under way, if any.
  @TaskLocal package static var current: SchemaRecorder?

  /// Everything one walk of the declarations found (shared by its attempts).
  struct Recording {
    /// Schemas of leaf values, by normalised path (`nations/[]/rule`).
    var fragments: [String: JSONValue] = [:]
    /// Keys a helper described (the decoder reads them as absent, a sample or forced).
    var described: Set<String> = []
    /// Samples the helpers ask the decoder to return for their keys.
    var samples: [String: Sample] = [:]
    /// The declared keys of objects that reject unknown keys, in declaration order.
    var closedKeys: [String: [String]] = [:]
    /// Keys seen in each object, in the order first read.
    var seenKeys: [String: [String]] = [:]
    /// Keys read with `decode` (so required).
    var required: Set<String> = []
    var arrays: Set<String> = []
    var objects: Set<String> = []
    /// Choice points: the allowed values and the default, by path.
    var choices: [String: (values: [String], fallback: String)] = [:]
    var choiceOrder: [String] = []
  }

  /// A value the recording decoder returns for a helper's key.
  enum Sample {
    case number(Double)
    case text(String)
  }

  struct State {
    var recording = Recording()
    /// Keys the decoder answered as present (so a throw at one makes it absent next time).
    var answeredPresent: Set<String> = []
    /// Nesting of decodes whose records are dropped (types that describe themselves).
    var quiet = 0
  }

  /// The one choice this walk fixes: path and value.
  let forced: (path: String, value: String)?
  /// Values given to other choices so that the decoding gets past them.
  let pinned: [String: String]
  /// Keys answered as absent.
  let absent: Set<String>
  private let state: Mutex<State>

  init(
    forced: (path: String, value: String)?, pinned: [String: String], absent: Set<String>,
    recording: Recording
  ) {
    self.forced = forced
    self.pinned = pinned
    self.absent = absent
    state = Mutex(State(recording: recording))
  }

  var recording: Recording { state.withLock { $0.recording } }
  var answeredPresent: Set<String> { state.withLock { $0.answeredPresent } }

  /// `path` as the recording keys it: names joined by `/`, list positions as `[]`.
  static func normalised(_ path: [any CodingKey]) -> String {
    path.map { $0.intValue == nil ? $0.stringValue : "[]" }.joined(separator: "/")
  }

  private func update(_ body: (inout State) -> Void) {
    state.withLock { state in
      guard state.quiet == 0 else { return }
      body(&state)
    }
  }

  // MARK: What the helpers call

  /// A helper's key: its schema and the value the decoder should return for it.
  package func describe(_ path: [any CodingKey], _ schema: JSONValue, sample: Double? = nil) {
    let p = Self.normalised(path)
    update { state in
      state.recording.fragments[p] = state.recording.fragments[p] ?? schema
      state.recording.described.insert(p)
      if let sample { state.recording.samples[p] = .number(sample) }
      Self.see(p, in: &state.recording)
    }
  }

  /// A choice among `values`.
  ///
  /// The decoder returns the forced value, else the key is absent.
  /// `branches` false: the values pick a setting, not which keys apply, so the walk
  /// need not try each.
  package func choice(
    _ path: [any CodingKey], values: [String], fallback: String, branches: Bool = true
  ) {
    let p = Self.normalised(path)
    describe(path, SchemaFragment.choice(values, default: fallback))
    guard branches else { return }
    update { state in
      if state.recording.choices[p] == nil {
        state.recording.choices[p] = (values, fallback)
        state.recording.choiceOrder.append(p)
      }
    }
  }

  /// An object that rejects keys outside `keys`.
  package func close(_ path: [any CodingKey], keys: [String]) {
    let p = Self.normalised(path)
    update { state in
      state.recording.closedKeys[p] = keys
      state.recording.objects.insert(p)
    }
  }

  // MARK: What the recording decoder calls

  func isDescribed(_ p: String) -> Bool {
    state.withLock { $0.recording.described.contains(p) }
  }

  func sample(_ p: String) -> Sample? {
    if let forced, forced.path == p { return .text(forced.value) }
    if let value = pinned[p] { return .text(value) }
    return state.withLock { $0.recording.samples[p] }
  }

  func leaf(_ p: String, _ schema: JSONValue) {
    update { state in
      state.recording.fragments[p] = state.recording.fragments[p] ?? schema
      Self.see(p, in: &state.recording)
    }
  }

  func object(_ p: String) {
    update {
      $0.recording.objects.insert(p)
      Self.see(p, in: &$0.recording)
    }
  }
  func array(_ p: String) {
    update {
      $0.recording.arrays.insert(p)
      Self.see(p, in: &$0.recording)
    }
  }
  func require(_ p: String) { update { $0.recording.required.insert(p) } }
  func answeredPresent(_ p: String) { state.withLock { _ = $0.answeredPresent.insert(p) } }

  func quietly<T>(_ body: () throws -> T) rethrows -> T {
    state.withLock { $0.quiet += 1 }
    defer { state.withLock { $0.quiet -= 1 } }
    return try body()
  }

  /// Notes `p` as a key of its parent object.
  private static func see(_ p: String, in recording: inout Recording) {
    guard !p.isEmpty else { return }
    let parts = p.split(separator: "/", omittingEmptySubsequences: false)
    guard let last = parts.last, last != "[]" else { return }
    let parent = parts.dropLast().joined(separator: "/")
    if recording.seenKeys[parent]?.contains(String(last)) != true {
      recording.seenKeys[parent, default: []].append(String(last))
    }
  }
}
