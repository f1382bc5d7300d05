import Hummingbird
import HummingbirdWebSocket

/// Refuses requests the page never makes: long targets, bodies, methods other than GET.
struct LimitsMiddleware: RouterMiddleware {
  typealias Context = BasicWebSocketRequestContext

  func handle(
    _ request: Request, context: Context, next: (Request, Context) async throws -> Response
  ) async throws -> Response {
    if request.uri.description.utf8.count > ExplorerServer.maxTargetBytes {
      return Response(status: .uriTooLong)
    }
    if request.method != .get {
      return Response(status: .methodNotAllowed)
    }
    if let length = request.headers[.contentLength].flatMap(Int.init), length > 0 {
      return Response(status: .contentTooLarge)
    }
    return try await next(request, context)
  }
}
