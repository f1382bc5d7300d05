import HummingbirdCore
import HummingbirdWebSocket
import Logging
import NIOCore
import NIOHTTP1

/// Takes the upgrade header off a WebSocket handshake the server refuses (a foreign Host
/// or Origin) before the upgrade handler sees it.
///
/// The handshake then reaches the router as a plain request and is answered there: 421
/// by ``HostMiddleware`` for a foreign Host, 403 by the `/ws` route for a foreign Origin.
/// Refused inside the upgrade handler, it would be answered 400 whatever the reason
/// (Hummingbird's one answer to a failed upgrade).
final class UpgradeGuard: ChannelInboundHandler, RemovableChannelHandler {
  typealias InboundIn = HTTPServerRequestPart
  typealias InboundOut = HTTPServerRequestPart

  /// Whether the server refuses this handshake, from its Host and Origin.
  let refuses: @Sendable (_ host: String?, _ origin: String?) -> Bool

  init(refuses: @escaping @Sendable (_ host: String?, _ origin: String?) -> Bool) {
    self.refuses = refuses
  }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    guard case .head(var head) = unwrapInboundIn(data) else {
      context.fireChannelRead(data)
      return
    }
    if head.headers.contains(name: "upgrade"),
      refuses(head.headers.first(name: "host"), head.headers.first(name: "origin"))
    {
      head.headers.remove(name: "upgrade")
    }
    context.fireChannelRead(wrapInboundOut(.head(head)))
    // Only a connection's first request can upgrade (the upgrade handler leaves after it).
    context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
  }
}

/// The HTTP and WebSocket channel with an ``UpgradeGuard`` in front of its upgrade handler.
struct GuardedUpgradeChannel: ServerChildChannel {
  typealias Value = HTTP1WebSocketUpgradeChannel.Value
  let base: HTTP1WebSocketUpgradeChannel
  let refuses: @Sendable (_ host: String?, _ origin: String?) -> Bool

  func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
    base.setup(channel: channel, logger: logger).flatMapThrowing { value in
      let upgrader = try channel.pipeline.syncOperations.handler(
        type: NIOTypedHTTPServerUpgradeHandler<HTTP1WebSocketUpgradeChannel.UpgradeResult>.self)
      try channel.pipeline.syncOperations.addHandler(
        UpgradeGuard(refuses: refuses), position: .before(upgrader))
      return value
    }
  }

  func handle(value: Value, logger: Logger) async {
    await base.handle(value: value, logger: logger)
  }
}
