import AccordServe
import ArgumentParser
import Foundation

/// `accord serve [CONFIG]`: the interactive explorer in the browser.
struct ServeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "serve",
    abstract: "Explore worlds in the browser: run, pause, vary parameters, watch the charts.",
    discussion: """
      Serves one page on http://HOST:PORT/ (127.0.0.1 by default, so only this machine \
      can connect). The page loads the shipped examples and paper worlds and YAML world \
      files under the working directory, nothing else. Ctrl-C stops the server.
      """)

  @Argument(
    help:
      "A world to preselect in the page (a shipped config or a file under the working directory).")
  var config: String?

  @Option(help: "Port to listen on (0: any free port; the URL printed names it).")
  var port: Int = 8080

  @Option(
    help: "Address to listen on; anything but 127.0.0.1 or ::1 exposes the server to the network.")
  var host = "127.0.0.1"

  func validate() throws {
    guard (0...65535).contains(port) else {
      throw ValidationError("--port: \(port) is out of range; allowed: [0, 65535]")
    }
    if let config, !FileManager.default.fileExists(atPath: config) {
      throw ValidationError("\(config): no such file")
    }
  }

  func run() throws {
    let (host, port) = (host, port)
    let server = ExplorerServer(host: host, port: port, initialConfig: config)
    let outcome = ServeOutcome()
    let done = DispatchSemaphore(value: 0)
    Task.detached {
      do {
        try await server.run { url in
          // Unbuffered, so a script reading the pipe sees the URL at once.
          FileHandle.standardOutput.write(Data("accord serve: open \(url)  (Ctrl-C stops)\n".utf8))
        }
      } catch let error as ServeError {
        outcome.set(error.message)
      } catch {
        outcome.set("cannot serve on \(host):\(port): \(error)")
      }
      done.signal()
    }
    done.wait()
    if let failure = outcome.failure {
      throw InputError(failure)
    }
    print("accord serve: stopped")
  }
}

/// The server task's failure, handed back to the blocked main thread.
private final class ServeOutcome: @unchecked Sendable {
  private let lock = NSLock()
  private var message: String?

  func set(_ text: String) { lock.withLock { message = text } }
  var failure: String? { lock.withLock { message } }
}
