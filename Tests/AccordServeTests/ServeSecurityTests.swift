import Foundation
import Testing

/// `accord serve` as an attacker meets it: a real `accord-serve` process on a free port,
/// spoken to over raw TCP (any `Host`, hand-made WebSocket frames).
///
/// Each test failed on the server before these defences (rebinding answered 200 and
/// 101, a 2 MB frame was answered with a reset, a swapped symlink was followed, runs and
/// tabs had no limit); `ACCORD_SERVE="/path/accord serve"` runs them against another build.
@Suite(.serialized) struct ServeSecurityTests {
  /// DNS rebinding: a foreign `Host` is refused before any handler, on both the page and
  /// the WebSocket upgrade, even with a matching `Origin`; the loopback names and
  /// `--allow-host` names are answered.
  @Test func foreignHostIsRefused() throws {
    let server = try ServeProcess()
    let port = server.port
    #expect(try RawClient(port: port).get("/", host: "evil.example:\(port)").status == 421)
    #expect(try RawClient(port: port).get("/js/main.js", host: "evil.example").status == 421)
    #expect(try RawClient(port: port).get("/", host: "127.0.0.1:\(port + 1)").status == 421)
    // A refused handshake gets the refusal's own status, not a bare 400.
    let upgrade = try RawClient(port: port).upgrade(
      host: "evil.example:\(port)", origin: "http://evil.example:\(port)")
    #expect(upgrade == 421)
    #expect(
      try RawClient(port: port).upgrade(host: "evil.example:\(port)", origin: nil) == 421)
    for host in ["127.0.0.1:\(port)", "localhost:\(port)", "LOCALHOST:\(port)", "[::1]:\(port)"] {
      #expect(try RawClient(port: port).get("/", host: host).status == 200, "\(host)")
    }
    #expect(
      try RawClient(port: port).upgrade(
        host: "localhost:\(port)", origin: "http://localhost:\(port)") == 101)

    let remote = try ServeProcess(arguments: ["--allow-host", "lab.example.org"])
    let p = remote.port
    #expect(try RawClient(port: p).get("/", host: "lab.example.org:\(p)").status == 200)
    #expect(try RawClient(port: p).get("/", host: "evil.example:\(p)").status == 421)
    #expect(
      try RawClient(port: p).upgrade(
        host: "lab.example.org:\(p)", origin: "http://lab.example.org:\(p)") == 101)
  }

  /// Cross-site WebSocket hijacking: a handshake from another site's page (right Host,
  /// foreign Origin) is refused with 403 and a reason, not upgraded and not a bare 400;
  /// the page's own Origin is upgraded.
  @Test func foreignOriginUpgradeIsForbidden() throws {
    let server = try ServeProcess()
    let port = server.port
    for origin in ["http://evil.example", "http://127.0.0.1:\(port + 1)", "null"] {
      let client = try RawClient(port: port)
      let (status, _) = try client.get(
        "/ws", host: "127.0.0.1:\(port)",
        headers: [
          "Upgrade": "websocket", "Connection": "Upgrade", "Sec-WebSocket-Version": "13",
          "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==", "Origin": origin,
        ])
      #expect(status == 403, "\(origin)")
    }
    #expect(
      try RawClient(port: port).upgrade(
        host: "127.0.0.1:\(port)", origin: "http://127.0.0.1:\(port)") == 101)
  }

  /// A single frame of 1–10 MB closes the socket with code 1009 and a reason, and the
  /// stream ends cleanly rather than with a TCP reset.
  @Test(arguments: [2 << 20, 10 << 20])
  func oversizedFrameClosesWith1009(bytes: Int) throws {
    let server = try ServeProcess()
    let client = try RawClient(port: server.port)
    #expect(try client.upgrade(host: "127.0.0.1:\(server.port)") == 101)
    try client.sendText([UInt8](repeating: UInt8(ascii: "x"), count: bytes))
    let reply = client.frames()
    #expect(reply.closeCode == 1009)
    #expect(reply.closeReason.contains("frame of \(bytes) bytes refused"))
    #expect(!reply.reset)
    #expect(client.finishClose())
  }

  /// A listed world swapped for a symlink to a file outside the working directory, on a
  /// connection opened before the swap, is refused at `load`; the real file loads.
  @Test func symlinkSwappedOnOpenConnectionIsRefused() throws {
    let base = FileManager.default.temporaryDirectory.appendingPathComponent(
      "accord-serve-symlink-\(UUID().uuidString)")
    let inside = base.appendingPathComponent("cwd")
    let outside = base.appendingPathComponent("secret")
    try FileManager.default.createDirectory(at: inside, withIntermediateDirectories: true)
    try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: base) }
    let quickstart = try String(
      contentsOfFile: "\(ServeFixtures.configs)/examples/quickstart.yaml", encoding: .utf8)
    let world = inside.appendingPathComponent("world.yaml")
    try quickstart.write(to: world, atomically: true, encoding: .utf8)
    try quickstart.replacingOccurrences(of: "seed:", with: "# secret\nseed:")
      .write(to: outside.appendingPathComponent("world.yaml"), atomically: true, encoding: .utf8)

    let server = try ServeProcess(directory: inside.path)
    let client = try RawClient(port: server.port)
    #expect(try client.upgrade(host: "127.0.0.1:\(server.port)") == 101)
    try client.sendText(#"{"type":"load","config":"./world.yaml"}"#)
    let first = client.frames { $0.contains { $0.contains(#""type":"loaded""#) } }
    #expect(first.texts.contains { $0.contains(#""type":"loaded""#) })

    try FileManager.default.removeItem(at: world)
    try FileManager.default.createSymbolicLink(
      atPath: world.path, withDestinationPath: outside.appendingPathComponent("world.yaml").path)
    try client.sendText(#"{"type":"load","config":"./world.yaml"}"#)
    let second = client.frames {
      $0.contains { $0.contains(#""type":"error""#) || $0.contains(#""type":"loaded""#) }
    }
    let error = try #require(second.texts.first { $0.contains(#""type":"error""#) })
    #expect(error.contains("refused-path"))
    #expect(error.contains("resolves outside the working directory"))
    #expect(!second.texts.contains { $0.contains(#""type":"loaded""#) })
  }
}
