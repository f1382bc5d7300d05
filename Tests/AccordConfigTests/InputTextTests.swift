import Foundation
import Testing

@testable import AccordConfig

/// Text inputs are read as written on any system, and refused before parsing when too
/// large for their kind or binary.
@Suite struct InputTextTests {
  func write(_ data: Data, _ name: String = "input.yaml") throws -> String {
    let path = FileManager.default.temporaryDirectory
      .appendingPathComponent("accord-input-\(UUID().uuidString)-\(name)").path
    try data.write(to: URL(fileURLWithPath: path))
    return path
  }

  @Test func lineEndsAndByteOrderMarkAreRead() throws {
    let path = try write(Data([0xEF, 0xBB, 0xBF]) + Data("a: 1\r\nb: 2\rc: 3".utf8))
    defer { try? FileManager.default.removeItem(atPath: path) }
    #expect(try InputText.read(path: path) == "a: 1\nb: 2\nc: 3")
  }

  /// A config over 16 MB is refused by its size, before it is read or parsed.
  @Test func anOversizedDocumentIsRefusedUnread() throws {
    let path = try write(Data(repeating: 0x61, count: InputText.maxDocumentBytes + 1))
    defer { try? FileManager.default.removeItem(atPath: path) }
    #expect {
      _ = try InputText.read(path: path)
    } throws: { error in
      guard let e = error as? ConfigError else { return false }
      return e.file == path
        && e.message == "the file is 16777217 bytes; at most 16777216 (16.0 MB) are read here"
    }
    // The same bytes pass the edge-list limit.
    #expect(try InputText.read(path: path, limit: InputText.maxTableBytes).utf8.count > 0)
  }

  /// A NUL byte means binary data: refused with its offset, in a config and in an edge
  /// list (whose reader once took minutes over a gigabyte of them).
  @Test func aNulByteIsRefusedWithItsOffset() throws {
    let config = try write(Data("a: 1\n".utf8) + Data([0, 0x62]))
    let edges = try write(Data([0, 0, 0, 0]), "edges.csv")
    defer {
      try? FileManager.default.removeItem(atPath: config)
      try? FileManager.default.removeItem(atPath: edges)
    }
    #expect {
      _ = try ConfigLoader.load(path: config)
    } throws: { error in
      (error as? ConfigError)?.message
        == "the file holds a NUL byte at byte 5: binary data, not text"
    }
    #expect {
      _ = try EdgeListReader.read(path: edges, agentNames: ["a", "b"])
    } throws: { error in
      (error as? ConfigError)?.message.contains("NUL byte at byte 0") == true
    }
  }
}
