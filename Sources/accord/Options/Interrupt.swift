import AccordSweep
import Foundation

/// Ctrl-C, SIGTERM and SIGHUP as a request to stop: each raises ``stop`` instead of
/// killing the process, so workers commit the runs in flight and a later `--resume`
/// (or rerun) continues.
///
/// Slurm sends SIGTERM when a job reaches its time limit (then SIGKILL after its
/// `KillWait`, 30 s by default), and a closed terminal or SSH session sends SIGHUP: both
/// are handled like Ctrl-C. The command then exits with 128 plus the signal's number
/// (``exitStatus``: 130, 143 or 129), as a shell reports a process the signal killed.
///
/// Keep the value alive for as long as the command runs: it owns the signal sources.
struct Interrupt {
  /// The signals handled.
  static let signals = [SIGINT, SIGTERM, SIGHUP]

  let stop = StopSignal()
  private let sources: [any DispatchSourceSignal]

  /// Installs the handlers; `message` is printed to standard error on the first signal.
  init(message: String) {
    var sources: [any DispatchSourceSignal] = []
    for number in Self.signals {
      signal(number, SIG_IGN)
      let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
      source.setEventHandler { [stop] in
        let first = !stop.isRaised
        stop.raise(signal: number)
        if first { FileHandle.standardError.write(Data("\n\(message)\n".utf8)) }
      }
      source.resume()
      sources.append(source)
    }
    self.sources = sources
  }

  /// The exit status for a command the signal stopped.
  var exitStatus: Int32 { stop.exitStatus }
}
