package import AccordSweep
import Foundation

/// What one server lets its pages use: runs at once, open tabs, each run's memory, and
/// the host names it answers to.
package struct ServeLimits: Sendable {
  /// Runs stepping at once; more wait in a queue, in the order they were asked for.
  package var maxRuns: Int
  /// Open WebSocket connections (tabs); one more is closed with code 1013 and a reason.
  package var maxConnections: Int
  /// A run whose world and rows are estimated above this is refused before it is built.
  package var maxRunBytes: Int
  /// Host names the server answers besides its own address and the loopback names.
  package var allowedHosts: [String]

  /// The defaults: as many runs as cores, 64 tabs, 1 GiB a run, loopback names only.
  package init(
    maxRuns: Int = ProcessInfo.processInfo.activeProcessorCount, maxConnections: Int = 64,
    maxRunBytes: Int = 1 << 30, allowedHosts: [String] = []
  ) {
    self.maxRuns = maxRuns
    self.maxConnections = maxConnections
    self.maxRunBytes = maxRunBytes
    self.allowedHosts = allowedHosts
  }

  /// Bytes a run of this size is expected to hold: the world as `accord validate`
  /// estimates it, plus the rows the page keeps (about 40 bytes a nation and 100 more a
  /// line, measured on the shipped worlds' lines with a margin).
  package static func runBytes(agents: Int, storedEdges: Int, nations: Int, steps: Int) -> Double {
    let world = SweepPlan.memory(agents: agents, edges: storedEdges)
    let line = 100 + 40 * Double(nations)
    return world + line * Double(steps + 1)
  }
}

/// The `Host` values the server answers: a defence against DNS rebinding, where a page
/// from another site reaches this server under a name that resolves to 127.0.0.1.
package struct HostPolicy: Sendable {
  /// Host names, lowercased, IPv6 addresses in brackets.
  let names: Set<String>

  /// The bound address, `localhost`, `127.0.0.1`, `[::1]`, and `extra` (`--allow-host`).
  package init(boundHost: String, extra: [String]) {
    var names: Set<String> = ["localhost", "127.0.0.1", "[::1]"]
    for name in [boundHost] + extra {
      let lower = name.lowercased()
      names.insert(lower.contains(":") && !lower.hasPrefix("[") ? "[\(lower)]" : lower)
    }
    self.names = names
  }

  /// Whether a request's `Host` (its authority) names this server on `port`; the port
  /// may be left out only when it is 80, as browsers do.
  package func allows(_ authority: String?, port: Int) -> Bool {
    guard let authority = authority?.lowercased(), !authority.isEmpty else { return false }
    var host = Substring(authority)
    var given: Int?
    if let colon = authority.lastIndex(of: ":"), !authority[colon...].contains("]") {
      host = authority[..<colon]
      guard let number = Int(authority[authority.index(after: colon)...]) else { return false }
      given = number
    }
    guard names.contains(String(host)) else { return false }
    return (given ?? 80) == port
  }
}
