import AccordServe
import Foundation

/// Paths and helpers shared by the server tests.
enum ServeFixtures {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
  static let configs = root.appendingPathComponent("Configs").path

  /// The catalog of the repository's shipped configs, with the repository as working directory.
  static func catalog() -> ConfigCatalog {
    ConfigCatalog(workingDirectory: root.path, shippedRoot: configs)
  }

  static func data(_ json: String) -> Data { Data(json.utf8) }

  /// Polls a session until its run has finished; returns every line streamed and the outcome.
  static func collect(_ session: ExplorerSession, timeout: Double = 60) async throws -> (
    lines: [String], outcome: RunOutcome?, errors: [String], batches: Int
  ) {
    var lines: [String] = []
    var errors: [String] = []
    var batches = 0
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
      for message in await session.poll() {
        switch message {
        case .rows(_, let batch, _, _):
          lines += batch
          batches += 1
        case .finished(_, let outcome): return (lines, outcome, errors, batches)
        case .error(let error): errors.append(error.message)
        default: break
        }
      }
      try await Task.sleep(for: .milliseconds(5))
    }
    return (lines, nil, errors, batches)
  }
}
