import Foundation
import Testing

/// The server's caps on runs, tabs and memory, against a real `accord-serve` process.
@Suite(.serialized) struct ServeLimitsTests {
  static let large = #"{"type":"run","config":"./Configs/bench/large.yaml","steps":100000}"#

  /// Connects a tab: the handshake, then `hello`.
  func tab(_ server: ServeProcess) throws -> RawClient {
    let client = try RawClient(port: server.port)
    guard try client.upgrade(host: "127.0.0.1:\(server.port)") == 101 else {
      throw ServeTestError("upgrade refused")
    }
    return client
  }

  /// With one run slot, a second tab's run waits in the queue (and is told so), then
  /// starts and finishes when the first tab resets its run.
  @Test func extraRunsQueueAndStartWhenASlotFrees() throws {
    let server = try ServeProcess(arguments: ["--max-runs", "1"])
    let a = try tab(server)
    try a.sendText(Self.large)
    #expect(a.frames { $0.contains { $0.contains(#""type":"rows""#) } }.texts.count > 0)
    let b = try tab(server)
    try b.sendText(#"{"type":"run","config":"examples/quickstart.yaml","seed":7}"#)
    let waiting = b.frames(seconds: 10) { $0.contains { $0.contains(#""type":"queued""#) } }
    let queued = try #require(waiting.texts.first { $0.contains(#""type":"queued""#) })
    #expect(queued.contains(#""limit":1"#) && queued.contains(#""position":1"#))
    #expect(!waiting.texts.contains { $0.contains(#""type":"finished""#) })
    try a.sendText(#"{"type":"reset"}"#)
    let done = b.frames { $0.contains { $0.contains(#""type":"finished""#) } }
    #expect(done.texts.contains { $0.contains(#""position":0"#) })
    #expect(done.texts.contains { $0.contains(#""type":"finished""#) })
  }

  /// One tab over `--max-connections` is closed with code 1013 and a reason; a place
  /// freed by a closed tab is taken by the next.
  @Test func extraConnectionsAreClosedWith1013() throws {
    let server = try ServeProcess(arguments: ["--max-connections", "2"])
    var first: RawClient? = try tab(server)
    let second = try tab(server)
    let third = try tab(server)
    let refused = third.frames(seconds: 10)
    #expect(refused.closeCode == 1013)
    #expect(refused.closeReason.contains("server busy: 2 tabs are connected"))
    #expect(second.frames(seconds: 0.5).closeCode == nil)
    _ = first?.finishClose()
    first = nil
    var accepted = false
    for _ in 0..<50 where !accepted {
      Thread.sleep(forTimeInterval: 0.1)
      let next = try tab(server)
      accepted = next.frames(seconds: 0.3).closeCode == nil
    }
    #expect(accepted)
  }

  /// A world estimated over `--max-run-memory` is refused with the estimate and the limit,
  /// before it is built (the server's memory does not grow by the world's size).
  @Test func runOverTheMemoryCapIsRefusedBeforeItIsBuilt() throws {
    let server = try ServeProcess(arguments: ["--max-run-memory", "4"])
    let client = try tab(server)
    try client.sendText(Self.large)
    let reply = client.frames { $0.contains { $0.contains(#""type":"error""#) } }
    let error = try #require(reply.texts.first { $0.contains(#""type":"error""#) })
    #expect(error.contains("too-large"))
    // 9,990 agents and 10 executives; 850 bytes an agent, 16 an edge, the rows.
    #expect(error.contains("10000 agents over 100000 steps need about 56.6 MiB"))
    #expect(error.contains("up to 4.0 MiB (accord serve --max-run-memory"))
    #expect(!reply.texts.contains { $0.contains(#""type":"started""#) })
    try client.sendText(#"{"type":"run","config":"examples/quickstart.yaml"}"#)
    #expect(
      client.frames { $0.contains { $0.contains(#""type":"finished""#) } }.texts.contains {
        $0.contains(#""type":"finished""#)
      })
  }

  #if os(Linux)
  /// 300 tabs each starting a large run: the tabs over the cap are closed with 1013,
  /// the step threads never exceed the run cap, and the memory goes back once they close.
  @Test func floodOf300ConnectionsStaysBounded() throws {
    let server = try ServeProcess(arguments: ["--max-runs", "2", "--max-connections", "8"])
    // Warm: one small run, so the baseline includes the libraries' first use.
    let warm = try tab(server)
    try warm.sendText(#"{"type":"run","config":"examples/quickstart.yaml"}"#)
    _ = warm.frames { $0.contains { $0.contains(#""type":"finished""#) } }
    _ = warm.finishClose()
    Thread.sleep(forTimeInterval: 0.5)
    let baseThreads = try #require(server.status("Threads"))
    let baseRSS = try #require(server.status("VmRSS"))

    var clients: [RawClient] = []
    var refused = 0
    for _ in 0..<300 {
      // A long wait for the handshake: on a loaded 2-core machine the world builds of the
      // accepted tabs' runs compete with the event loops.
      let client = try RawClient(port: server.port, timeout: 60)
      guard try client.upgrade(host: "127.0.0.1:\(server.port)") == 101 else { continue }
      try client.sendText(Self.large)
      clients.append(client)
    }
    // Each tab is either closed with 1013 at once or told its run started (a run over
    // the two slots is started and queued).
    var accepted: [RawClient] = []
    for client in clients {
      let reply = client.frames(seconds: 120) {
        $0.contains { $0.contains(#""type":"started""#) }
      }
      if reply.closeCode == 1013 {
        refused += 1
      } else if reply.texts.contains(where: { $0.contains(#""type":"started""#) }) {
        accepted.append(client)
      }
    }
    #expect(accepted.count == 8)
    #expect(refused == 292)
    let peakThreads = try #require(server.status("Threads"))
    let peakRSS = try #require(server.status("VmRSS"))
    // Two step threads, plus at most a few the runtime starts for the sockets.
    #expect(peakThreads <= baseThreads + 2 + 4, "threads \(baseThreads) -> \(peakThreads)")

    for client in accepted { _ = client.finishClose() }
    accepted.removeAll()
    clients.removeAll()
    var afterRSS = peakRSS
    for _ in 0..<50 {
      Thread.sleep(forTimeInterval: 0.2)
      afterRSS = server.status("VmRSS") ?? afterRSS
      if afterRSS < baseRSS + 64 * 1024 { break }
    }
    let line =
      "flood: threads \(baseThreads) -> \(peakThreads); RSS \(baseRSS / 1024) MB -> "
      + "\(peakRSS / 1024) MB -> \(afterRSS / 1024) MB after close"
    print(line)
    #expect(afterRSS < baseRSS + 64 * 1024, "\(line)")
  }
  #endif
}
