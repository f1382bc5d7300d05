import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An `accord-serve` process on a free port, for tests that talk to it over TCP.
///
/// `ACCORD_SERVE` overrides the command (for instance `/path/accord serve`, to run the
/// same tests against another build).
final class ServeProcess {
  let process = Process()
  let port: Int
  var pid: Int32 { process.processIdentifier }

  init(arguments: [String] = [], directory: String? = nil) throws {
    var command = [Self.binary()]
    if let custom = ProcessInfo.processInfo.environment["ACCORD_SERVE"] {
      command = custom.split(separator: " ").map(String.init)
    }
    process.executableURL = URL(fileURLWithPath: command[0])
    process.arguments = Array(command.dropFirst()) + ["--port", "0"] + arguments
    process.currentDirectoryURL = URL(fileURLWithPath: directory ?? ServeFixtures.root.path)
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    // The first line names the URL: `accord serve: open http://127.0.0.1:PORT/ ...`.
    var line = Data()
    while !line.contains(UInt8(ascii: "\n")) {
      let chunk = output.fileHandleForReading.availableData
      if chunk.isEmpty { break }
      line += chunk
    }
    let text = String(decoding: line, as: UTF8.self)
    guard let range = text.range(of: #"127\.0\.0\.1:[0-9]+"#, options: .regularExpression),
      let port = Int(text[range].split(separator: ":")[1])
    else {
      process.terminate()
      throw ServeTestError("accord-serve did not print its URL: \(text)")
    }
    self.port = port
  }

  deinit {
    // SIGKILL: a graceful stop would wait for the test's open sockets to close.
    if process.isRunning {
      kill(pid, SIGKILL)
      process.waitUntilExit()
    }
  }

  /// The test build's `accord-serve`, beside the test bundle.
  static func binary() -> String {
    let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    for directory in [beside, beside.deletingLastPathComponent()] {
      let path = directory.appendingPathComponent("accord-serve").path
      if FileManager.default.isExecutableFile(atPath: path) { return path }
    }
    return ServeFixtures.root.appendingPathComponent(".build/debug/accord-serve").path
  }

  /// A line of `/proc/PID/status` as a number (`Threads`, `VmRSS` in kB); Linux only.
  func status(_ key: String) -> Int? {
    guard
      let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
    else { return nil }
    for line in text.split(separator: "\n") where line.hasPrefix(key + ":") {
      return Int(line.dropFirst(key.count + 1).split(whereSeparator: \.isWhitespace).first ?? "")
    }
    return nil
  }
}

struct ServeTestError: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}

/// A raw TCP client: HTTP requests with any `Host`, and WebSocket frames by hand.
final class RawClient {
  let fd: Int32
  /// Bytes read after a response head (the first WebSocket frames), for ``frames``.
  private var pending: [UInt8] = []

  init(port: Int, timeout: Int = 10) throws {
    fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw ServeTestError("socket failed") }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let connected = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    guard connected == 0 else {
      close(fd)
      throw ServeTestError("cannot connect to port \(port)")
    }
    setTimeout(Double(timeout))
  }

  /// How long a read waits for data.
  func setTimeout(_ seconds: Double) {
    var limit = timeval(
      tv_sec: Int(seconds), tv_usec: suseconds_t((seconds - seconds.rounded(.down)) * 1e6))
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
  }

  deinit { close(fd) }

  func send(_ bytes: [UInt8]) throws {
    var offset = 0
    while offset < bytes.count {
      let sent = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
      guard sent > 0 else { throw ServeTestError("write failed: errno \(errno)") }
      offset += sent
    }
  }

  /// Reads what is there (blocking up to the timeout); nil at a clean end of stream.
  ///
  /// Throws on a reset (`ECONNRESET`) or a timeout.
  func receive() throws -> [UInt8]? {
    var buffer = [UInt8](repeating: 0, count: 65536)
    let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
    if count == 0 { return nil }
    guard count > 0 else { throw ServeTestError(errno == ECONNRESET ? "reset" : "errno \(errno)") }
    return Array(buffer[..<count])
  }

  /// Sends a GET and returns the status code and the response head.
  func get(_ target: String, host: String, headers: [String: String] = [:]) throws -> (
    status: Int, head: String
  ) {
    var request = "GET \(target) HTTP/1.1\r\nHost: \(host)\r\n"
    for (name, value) in headers.sorted(by: { $0.key < $1.key }) {
      request += "\(name): \(value)\r\n"
    }
    try send(Array((request + "\r\n").utf8))
    var response: [UInt8] = []
    while !String(decoding: response, as: UTF8.self).contains("\r\n\r\n") {
      guard let chunk = try receive() else { break }
      response += chunk
    }
    let text = String(decoding: response, as: UTF8.self)
    let head = text.components(separatedBy: "\r\n\r\n")[0]
    pending = Array(response.dropFirst(head.utf8.count + 4))
    let status = head.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
    return (status, head)
  }

  /// The WebSocket handshake; returns the status (101 when upgraded).
  func upgrade(host: String, origin: String? = nil) throws -> Int {
    var headers = [
      "Upgrade": "websocket", "Connection": "Upgrade", "Sec-WebSocket-Version": "13",
      "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
    ]
    if let origin { headers["Origin"] = origin }
    return try get("/ws", host: host, headers: headers).status
  }

  /// Sends one masked text frame of `payload` (the mask is zero, which RFC 6455 allows).
  func sendText(_ payload: [UInt8]) throws {
    var frame: [UInt8] = [0x81]
    let n = payload.count
    if n < 126 {
      frame.append(0x80 | UInt8(n))
    } else if n < 65536 {
      frame += [0x80 | 126, UInt8(n >> 8), UInt8(n & 0xFF)]
    } else {
      frame.append(0x80 | 127)
      frame += (0..<8).reversed().map { UInt8((n >> ($0 * 8)) & 0xFF) }
    }
    frame += [0, 0, 0, 0]
    try send(frame + payload)
  }

  func sendText(_ text: String) throws { try sendText(Array(text.utf8)) }

  /// Answers a close frame and reads to the end; true when the stream ends cleanly (no
  /// reset: the server read everything it was sent before closing).
  func finishClose() -> Bool {
    try? send([0x88, 0x82, 0, 0, 0, 0, 0x03, 0xE8])
    setTimeout(10)
    while true {
      do {
        guard try receive() != nil else { return true }
      } catch {
        return false
      }
    }
  }

  /// Reads frames until `stop` says so, the server closes, or `seconds` pass; returns
  /// the text messages, the close code (if a close frame came) and whether the stream
  /// ended with a reset.
  func frames(seconds: Double = 20, until stop: ([String]) -> Bool = { _ in false }) -> (
    texts: [String], closeCode: Int?, closeReason: String, reset: Bool
  ) {
    var buffer = pending
    pending = []
    var texts: [String] = []
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
      // Parse whole frames (the server does not mask).
      while buffer.count >= 2 {
        let opcode = buffer[0] & 0x0F
        var length = Int(buffer[1] & 0x7F)
        var start = 2
        if length == 126, buffer.count >= 4 {
          length = Int(buffer[2]) << 8 | Int(buffer[3])
          start = 4
        } else if length == 127, buffer.count >= 10 {
          length = buffer[2..<10].reduce(0) { $0 << 8 | Int($1) }
          start = 10
        } else if length >= 126 {
          break
        }
        guard buffer.count >= start + length else { break }
        let body = Array(buffer[start..<(start + length)])
        buffer.removeFirst(start + length)
        if opcode == 8 {
          let code = body.count >= 2 ? Int(body[0]) << 8 | Int(body[1]) : nil
          return (texts, code, String(decoding: body.dropFirst(2), as: UTF8.self), false)
        }
        if opcode == 1 { texts.append(String(decoding: body, as: UTF8.self)) }
        if stop(texts) {
          pending = buffer
          return (texts, nil, "", false)
        }
      }
      // Wait no longer than the time left.
      setTimeout(max(0.01, deadline.timeIntervalSinceNow))
      do {
        guard let chunk = try receive() else { return (texts, nil, "", false) }
        buffer += chunk
      } catch let error as ServeTestError {
        return (texts, nil, "", error.description == "reset")
      } catch {
        return (texts, nil, "", false)
      }
    }
    return (texts, nil, "", false)
  }
}
