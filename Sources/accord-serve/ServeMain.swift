import AccordServe
import ArgumentParser
import Foundation

/// `accord serve [CONFIG]`: the interactive explorer in the browser.
///
/// A program of its own, `accord-serve`, so that `accord` builds without the server's
/// dependencies; `accord serve` runs it with the same arguments.
@main
struct ServeMain: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "accord serve",
    abstract: "Explore worlds in the browser: run, pause, vary parameters, watch the charts.",
    discussion: """
      Serves one page on http://HOST:PORT/ (127.0.0.1 by default, so only this machine \
      can connect). The page loads the shipped examples and paper worlds and YAML world \
      files under the working directory, nothing else. It answers only requests that name \
      it by its address, localhost, 127.0.0.1 or [::1] (a defence against DNS rebinding); \
      --allow-host adds a name. Ctrl-C stops the server.
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

  @Option(
    name: .customLong("allow-host"),
    help: ArgumentHelp(
      "A host name the server also answers to, for deliberate remote use (repeatable).",
      valueName: "NAME"))
  var allowHosts: [String] = []

  @Option(help: "Runs stepping at once, one per core unless set; more wait in a queue.")
  var maxRuns = ServeLimits().maxRuns

  @Option(help: "Open tabs at once; one more is closed with code 1013 and a reason.")
  var maxConnections = ServeLimits().maxConnections

  @Option(
    help: ArgumentHelp(
      "Largest estimated memory of one run (world and rows), in MiB; larger worlds are refused.",
      valueName: "MIB"))
  var maxRunMemory = ServeLimits().maxRunBytes >> 20

  func validate() throws {
    guard (0...65535).contains(port) else {
      throw ValidationError("--port: \(port) is out of range; allowed: [0, 65535]")
    }
    for (name, value, range) in [
      ("--max-runs", maxRuns, 1...1024), ("--max-connections", maxConnections, 1...100_000),
      ("--max-run-memory", maxRunMemory, 1...1_048_576),
    ] where !range.contains(value) {
      throw ValidationError(
        "\(name): \(value) is out of range; allowed: [\(range.lowerBound), \(range.upperBound)]")
    }
    for name in allowHosts
    where name.isEmpty || name.contains(where: { $0 == "/" || $0 == " " || $0 == "@" }) {
      throw ValidationError("--allow-host: '\(name)' is not a host name")
    }
    if let config, !FileManager.default.fileExists(atPath: config) {
      throw ValidationError("\(config): no such file")
    }
  }

  func run() throws {
    let (host, port) = (host, port)
    let limits = ServeLimits(
      maxRuns: maxRuns, maxConnections: maxConnections, maxRunBytes: maxRunMemory << 20,
      allowedHosts: allowHosts)
    let server = ExplorerServer(host: host, port: port, initialConfig: config, limits: limits)
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
      FileHandle.standardError.write(Data("Error: \(failure)\n".utf8))
      throw ExitCode(1)
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
