import Foundation
import Hummingbird
import HummingbirdWebSocket
import NIOCore

/// Refuses a request whose `Host` is not this server's with 421, before any handler.
///
/// A page on another site can make its own name resolve to 127.0.0.1 (DNS rebinding);
/// its requests then reach this server with that name in `Host`, and an `Origin` that
/// matches it. Only a Host check stops them.
struct HostMiddleware: RouterMiddleware {
  typealias Context = BasicWebSocketRequestContext
  let allowed: @Sendable (Request) -> Bool

  func handle(
    _ request: Request, context: Context, next: (Request, Context) async throws -> Response
  ) async throws -> Response {
    guard allowed(request) else {
      return Response(
        status: .misdirectedRequest,
        body: ResponseBody(
          byteBuffer: ByteBuffer(
            string:
              "421: this server answers only to its own address, localhost, 127.0.0.1 and [::1] "
              + "(accord serve --allow-host NAME adds a name)\n")))
    }
    return try await next(request, context)
  }
}

/// The port the server listens on, set once it is bound (`--port 0` picks one then).
final class BoundPort: @unchecked Sendable {
  private let lock = NSLock()
  private var value: Int

  init(_ port: Int) { value = port }

  var port: Int {
    get { lock.withLock { value } }
    set { lock.withLock { value = newValue } }
  }
}

/// Open WebSocket connections, held under a limit.
final class ConnectionCount: @unchecked Sendable {
  let limit: Int
  private let lock = NSLock()
  private var open = 0

  init(limit: Int) { self.limit = max(1, limit) }

  /// Takes a place; false when all are taken.
  func enter() -> Bool {
    lock.withLock {
      guard open < limit else { return false }
      open += 1
      return true
    }
  }

  func leave() { lock.withLock { open -= 1 } }
}

/// A frame over ``ExplorerServer/maxFrameBytes``: the socket closes with code 1009.
struct FrameTooLarge: Error {
  var bytes: Int
  var reason: String {
    "frame of \(bytes) bytes refused; the limit is \(ExplorerServer.maxFrameBytes) bytes"
  }
}
