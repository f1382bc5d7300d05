/// A decoder with no document behind it: it drives a config type's `init(from:)` and
/// notes every key, list and value that the decoding asks for in a ``SchemaRecorder``.
///
/// Every key reads as present (with a sample value) unless the recorder lists it as
/// absent; the helpers' keys read as absent, or as their sample, or as the value the walk
/// forces on a choice. Lists hold one element.
struct RecordingDecoder: Decoder {
  let codingPath: [any CodingKey]
  let recorder: SchemaRecorder
  var userInfo: [CodingUserInfoKey: Any] { [:] }

  func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
    recorder.object(SchemaRecorder.normalised(codingPath))
    return KeyedDecodingContainer(
      RecordingKeyedContainer<Key>(codingPath: codingPath, recorder: recorder))
  }

  func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
    recorder.array(SchemaRecorder.normalised(codingPath))
    return RecordingUnkeyedContainer(codingPath: codingPath, recorder: recorder)
  }

  func singleValueContainer() throws -> any SingleValueDecodingContainer {
    RecordingSingleValue(codingPath: codingPath, recorder: recorder)
  }

  /// A value of `T` at `path`, noting what its decoding asks for.
  static func value<T: Decodable>(
    _ type: T.Type, at path: [any CodingKey], _ recorder: SchemaRecorder
  )
    throws -> T
  {
    let p = SchemaRecorder.normalised(path)
    switch recorder.sample(p) {
    case .number(let x):
      if let value = x as? T ?? Int(exactly: x) as? T { return value }
    case .text(let s):
      if let value = s as? T { return value }
    case nil: break
    }
    if let described = T.self as? any SchemaDescribed.Type {
      recorder.leaf(p, described.schema)
      return try recorder.quietly {
        try T(from: RecordingDecoder(codingPath: path, recorder: recorder))
      }
    }
    return try T(from: RecordingDecoder(codingPath: path, recorder: recorder))
  }
}

private struct RecordingKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
  let codingPath: [any CodingKey]
  let recorder: SchemaRecorder
  var allKeys: [Key] { [] }

  private func path(_ key: Key) -> String { SchemaRecorder.normalised(codingPath + [key]) }

  func contains(_ key: Key) -> Bool {
    let p = path(key)
    guard !recorder.absent.contains(p) else { return false }
    recorder.answeredPresent(p)
    return true
  }

  func decodeNil(forKey key: Key) throws -> Bool { false }

  func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
    let p = path(key)
    // Read without asking whether it is there: required (after `contains`, optional).
    if !recorder.isDescribed(p) && !recorder.answeredPresent.contains(p) { recorder.require(p) }
    return try RecordingDecoder.value(T.self, at: codingPath + [key], recorder)
  }

  func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
    let p = path(key)
    if recorder.absent.contains(p) { return nil }
    if recorder.isDescribed(p) {
      // A helper's key: absent (its default) unless the walk forces a value on it.
      guard case .text(let s) = recorder.sample(p), let value = s as? T else { return nil }
      recorder.answeredPresent(p)
      return value
    }
    recorder.answeredPresent(p)
    return try RecordingDecoder.value(T.self, at: codingPath + [key], recorder)
  }

  func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try decode(value: type, key) }
  func decode(_ type: String.Type, forKey key: Key) throws -> String {
    try decode(value: type, key)
  }
  func decode(_ type: Double.Type, forKey key: Key) throws -> Double {
    try decode(value: type, key)
  }
  func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try decode(value: type, key) }
  func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try decode(value: type, key) }
  func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try decode(value: type, key) }
  func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try decode(value: type, key) }
  func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try decode(value: type, key) }
  func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try decode(value: type, key) }
  func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try decode(value: type, key) }
  func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try decode(value: type, key) }
  func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 {
    try decode(value: type, key)
  }
  func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 {
    try decode(value: type, key)
  }
  func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 {
    try decode(value: type, key)
  }

  private func decode<T: Decodable>(value type: T.Type, _ key: Key) throws -> T {
    try decode(type, forKey: key)
  }

  func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? {
    try decodeIfPresent(value: type, key)
  }
  func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? {
    try decodeIfPresent(value: type, key)
  }
  func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? {
    try decodeIfPresent(value: type, key)
  }
  func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? {
    try decodeIfPresent(value: type, key)
  }

  private func decodeIfPresent<T: Decodable>(value type: T.Type, _ key: Key) throws -> T? {
    try decodeIfPresent(type, forKey: key)
  }

  func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
    -> KeyedDecodingContainer<NestedKey>
  {
    try RecordingDecoder(codingPath: codingPath + [key], recorder: recorder).container(
      keyedBy: type)
  }

  func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
    try RecordingDecoder(codingPath: codingPath + [key], recorder: recorder).unkeyedContainer()
  }

  func superDecoder() throws -> any Decoder {
    RecordingDecoder(codingPath: codingPath, recorder: recorder)
  }

  func superDecoder(forKey key: Key) throws -> any Decoder {
    RecordingDecoder(codingPath: codingPath + [key], recorder: recorder)
  }
}

/// A list of exactly one element.
private struct RecordingUnkeyedContainer: UnkeyedDecodingContainer {
  let codingPath: [any CodingKey]
  let recorder: SchemaRecorder
  var currentIndex = 0
  var count: Int? { 1 }
  var isAtEnd: Bool { currentIndex >= 1 }

  init(codingPath: [any CodingKey], recorder: SchemaRecorder) {
    self.codingPath = codingPath
    self.recorder = recorder
  }

  mutating func decodeNil() throws -> Bool { false }

  mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
    let path = codingPath + [AnyKey(intValue: currentIndex)]
    currentIndex += 1
    return try RecordingDecoder.value(T.self, at: path, recorder)
  }

  mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws
    -> KeyedDecodingContainer<NestedKey>
  {
    let path = codingPath + [AnyKey(intValue: currentIndex)]
    currentIndex += 1
    return try RecordingDecoder(codingPath: path, recorder: recorder).container(keyedBy: type)
  }

  mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
    let path = codingPath + [AnyKey(intValue: currentIndex)]
    currentIndex += 1
    return try RecordingDecoder(codingPath: path, recorder: recorder).unkeyedContainer()
  }

  mutating func superDecoder() throws -> any Decoder {
    RecordingDecoder(codingPath: codingPath, recorder: recorder)
  }
}

/// One scalar: noted as its JSON type, read as a sample (1, "x", false).
private struct RecordingSingleValue: SingleValueDecodingContainer {
  let codingPath: [any CodingKey]
  let recorder: SchemaRecorder

  func decodeNil() -> Bool { false }

  private func leaf(_ type: String) {
    recorder.leaf(SchemaRecorder.normalised(codingPath), .object([("type", .string(type))]))
  }

  func decode(_ type: Bool.Type) throws -> Bool {
    leaf("boolean")
    return false
  }

  func decode(_ type: String.Type) throws -> String {
    leaf("string")
    if case .text(let s) = recorder.sample(SchemaRecorder.normalised(codingPath)) { return s }
    return "x"
  }

  func decode(_ type: Double.Type) throws -> Double {
    leaf("number")
    return 1
  }

  func decode(_ type: Float.Type) throws -> Float {
    leaf("number")
    return 1
  }

  func decode<T: Decodable>(_ type: T.Type) throws -> T {
    if let integer = T.self as? any FixedWidthInteger.Type, let one = integer.init(1) as? T {
      leaf("integer")
      return one
    }
    return try RecordingDecoder.value(T.self, at: codingPath, recorder)
  }
}
