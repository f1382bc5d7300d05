import AccordServe
import Foundation

/// The serve-protocol target: one WebSocket message as `accord serve` parses it.
enum MessageFuzz {
  static func run(_ data: Data) -> FuzzTarget.Outcome {
    do {
      _ = try ClientMessage.parse(data)
      return .accepted
    } catch {
      return .refused("\(error)")
    }
  }
}
