import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import HummingbirdWebSocket
import Logging
import NIOCore
import NIOWebSocket

/// `accord serve`: the page, its files, and one WebSocket session per open tab.
package struct ExplorerServer: Sendable {
  /// Where the server listens.
  package var host: String
  package var port: Int
  /// The config named on the command line, preselected in the page.
  package var initialConfig: String?
  /// Runs, tabs, memory and host names the server allows.
  package var limits: ServeLimits

  /// Tells the browser not to guess content types.
  static let noSniff =
    HTTPField.Name("X-Content-Type-Options").map { [HTTPField(name: $0, value: "nosniff")] } ?? []

  /// Frames above this close the socket (RFC 6455 code 1009); whole messages are held
  /// to ``ClientMessage/maxBytes``, and longer ones are refused with a message.
  static let maxFrameBytes = 1 << 20
  /// Frames up to this are read whole, so that a frame over ``maxFrameBytes`` is
  /// answered with close code 1009: refusing it while its bytes still arrive would
  /// close a socket with unread data, which the kernel turns into a TCP reset.
  static let maxDecodedFrameBytes = 16 << 20
  /// The longest request target accepted.
  static let maxTargetBytes = 2048
  /// How often a session sends what it has: 25 updates a second, on a fixed beat.
  ///
  /// Enough for smooth charts (the issue asks for 20), and each update carries every
  /// line since the last, so a slow beat drops nothing; fewer, larger messages cost the
  /// server and the page less CPU, which on a small machine is CPU the run does not get.
  static let sendInterval = Duration.milliseconds(40)

  package init(
    host: String = "127.0.0.1", port: Int = 8080, initialConfig: String? = nil,
    limits: ServeLimits = ServeLimits()
  ) {
    self.host = host
    self.port = port
    self.initialConfig = initialConfig
    self.limits = limits
  }

  /// Serves until SIGINT or SIGTERM; `onRunning` receives the URL once listening.
  package func run(onRunning: @escaping @Sendable (String) -> Void) async throws {
    let assets = try StaticAssets()
    let cwd = FileManager.default.currentDirectoryPath
    let shipped = ConfigCatalog.shippedRoot(
      workingDirectory: cwd, executable: Bundle.main.executablePath)
    let initialConfig = initialConfig
    let interval = Self.sendInterval
    let catalog: @Sendable () -> ConfigCatalog = {
      ConfigCatalog(workingDirectory: cwd, shippedRoot: shipped, extra: initialConfig)
    }
    if let initialConfig, catalog().initial == nil {
      throw ServeError(
        message:
          "\(initialConfig): the page can load only the shipped configs and world files under the working directory (\(cwd))"
      )
    }
    let limits = limits
    let slots = RunSlots(limit: limits.maxRuns)
    let connections = ConnectionCount(limit: limits.maxConnections)
    let hosts = HostPolicy(boundHost: host, extra: limits.allowedHosts)
    // The port is known once bound (`--port 0`); until then no request arrives.
    let bound = BoundPort(port)
    let allowed: @Sendable (Request) -> Bool = { hosts.allows($0.head.authority, port: bound.port) }
    let router = Router(context: BasicWebSocketRequestContext.self)
    router.middlewares.add(HostMiddleware(allowed: allowed))
    router.middlewares.add(LimitsMiddleware())
    let serveAsset: @Sendable (Request, BasicWebSocketRequestContext) -> Response = { request, _ in
      guard let asset = assets.asset(request.uri.path) else {
        return Response(
          status: .notFound, body: ResponseBody(byteBuffer: ByteBuffer(string: "not found\n")))
      }
      var headers: HTTPFields = [
        .contentType: asset.contentType, .cacheControl: "no-cache",
        .contentSecurityPolicy:
          "default-src 'self'; img-src 'self' data: blob:; connect-src 'self'; frame-ancestors 'none'",
      ]
      headers.append(contentsOf: Self.noSniff)
      return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: asset.body))
    }
    router.get("/", use: serveAsset)
    router.get("/**", use: serveAsset)
    // A refused handshake reaches this route as a plain request (``UpgradeGuard``): a
    // foreign Host has had its 421 from HostMiddleware, a foreign Origin gets 403 here.
    router.ws("/ws") { request, _ in
      guard allowed(request), Self.sameOrigin(request) else {
        throw HTTPError(
          .forbidden,
          message:
            "403: this WebSocket answers only this server's own page (Origin must be http://\(request.head.authority ?? "its address"))\n"
        )
      }
      return .upgrade([:])
    } onUpgrade: { inbound, outbound, _ in
      guard connections.enter() else {
        try? await outbound.close(
          .unknown(1013),
          reason: "server busy: \(limits.maxConnections) tabs are connected (the limit)")
        return
      }
      defer { connections.leave() }
      let session = ExplorerSession(
        catalog: catalog(), sweeps: SweepCatalog(workingDirectory: cwd), slots: slots,
        maxRunBytes: limits.maxRunBytes)
      await withTaskGroup(of: Void.self) { group in
        // The only writer: queued replies and the run's new rows, batched. It ends
        // quietly when the socket goes away; the reader below notices too.
        group.addTask {
          do {
            // A fixed beat rather than a pause after each send, so the rate does not
            // sag by the time the sending takes; a late beat is not made up (the next
            // update carries what piled up).
            let clock = ContinuousClock()
            var beat = clock.now
            while !Task.isCancelled {
              for message in await session.poll() {
                try await outbound.writeTextMessage(message.json())
              }
              beat = max(beat + interval, clock.now)
              try await Task.sleep(until: beat, clock: clock)
            }
          } catch {}
        }
        do {
          try await Self.receive(inbound, into: session)
        } catch let error as FrameTooLarge {
          try? await outbound.close(.messageTooLarge, reason: error.reason)
        } catch NIOWebSocketError.invalidFrameLength {
          try? await outbound.close(
            .messageTooLarge, reason: FrameTooLarge(bytes: Self.maxDecodedFrameBytes).reason)
        } catch {
          // A broken connection: the tab is gone.
        }
        await session.close()
        group.cancelAll()
        slots.returnFreeMemorySoon()
      }
    }
    let webSocketResponder = router.buildResponder()
    let refuses: @Sendable (String?, String?) -> Bool = { host, origin in
      !(hosts.allows(host, port: bound.port) && Self.sameOrigin(origin: origin, host: host))
    }
    let app = Application(
      router: router,
      server: HTTPServerBuilder { responder in
        GuardedUpgradeChannel(
          base: HTTP1WebSocketUpgradeChannel(
            responder: responder, webSocketResponder: webSocketResponder,
            configuration: .init(ws: .init(maxFrameSize: Self.maxDecodedFrameBytes))),
          refuses: refuses)
      },
      configuration: .init(address: .hostname(host, port: port), serverName: nil),
      onServerRunning: { channel in
        // The event loops and the task pool exist now; threads they start inherit.
        ThreadScheduling.batchServerThreads()
        bound.port = channel.localAddress?.port ?? port
        let shown = host.contains(":") ? "[\(host)]" : host
        onRunning("http://\(shown):\(bound.port)/")
      },
      logger: Self.quietLogger())
    try await app.runService()
  }

  /// Reads whole messages (up to ``ClientMessage/maxBytes``) and hands them to the session;
  /// a longer message is dropped unread and refused with a message.
  static func receive(_ inbound: WebSocketInboundStream, into session: ExplorerSession)
    async throws
  {
    var message = ByteBuffer()
    var oversize = 0
    for try await frame in inbound {
      if frame.data.readableBytes > maxFrameBytes {
        throw FrameTooLarge(bytes: frame.data.readableBytes)
      }
      if frame.opcode != .continuation {
        message.clear()
        oversize = 0
      }
      if oversize > 0
        || message.readableBytes + frame.data.readableBytes > ClientMessage.maxBytes
      {
        oversize += message.readableBytes + frame.data.readableBytes
        message.clear()
      } else {
        var data = frame.data
        message.writeBuffer(&data)
      }
      guard frame.fin else { continue }
      if oversize > 0 {
        await session.enqueue(
          .error(
            MessageError(
              .tooLarge,
              "message of \(oversize) bytes refused; the limit is \(ClientMessage.maxBytes) bytes"
            )))
      } else {
        await session.receive(Data(message.readableBytesView))
      }
      message.clear()
    }
  }

  /// Refuses WebSocket upgrades from other sites' pages (cross-site WebSocket hijacking):
  /// a browser always sends `Origin`; it must name this server.
  static func sameOrigin(_ request: Request) -> Bool {
    sameOrigin(origin: request.headers[.origin], host: request.head.authority)
  }

  /// Whether `origin` (nil when the client sent none, as non-browser clients do) is this
  /// server as the request's `host` names it.
  static func sameOrigin(origin: String?, host: String?) -> Bool {
    guard let origin else { return true }
    guard let host else { return false }
    return origin == "http://\(host)"
  }

  private static func quietLogger() -> Logger {
    var logger = Logger(label: "accord-serve")
    logger.logLevel = .warning
    return logger
  }
}
