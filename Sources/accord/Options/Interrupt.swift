import AccordSweep
import Foundation
import Synchronization

/// Ctrl-C, SIGTERM and SIGHUP as a request to stop: each raises ``stop`` instead of
/// killing the process, so workers commit the runs in flight and a later `--resume`
/// (or rerun) continues.
///
/// Slurm sends SIGTERM when a job reaches its time limit (then SIGKILL after its
/// `KillWait`, 30 s by default), and a closed terminal or SSH session sends SIGHUP: both
/// are handled like Ctrl-C. The command then exits with 128 plus the signal's number
/// (``exitStatus``: 130, 143 or 129), as a shell reports a process the signal killed.
///
/// A command is in one of two stages. During setup (reading the config, building the
/// world, computing power indices: minutes for a very large world) there is nothing to
/// save, and a signal ends the process at once with that status, from the handler's
/// thread, whatever the main thread is computing. Once the command calls ``proceed()``
/// (its run loop or workers are about to start) a signal raises ``stop`` for them to
/// finish cleanly. `validate` and `inspect` never leave setup.
///
/// Keep the value alive for as long as the command runs: it owns the signal sources.
struct Interrupt {
  /// The signals handled.
  static let signals = [SIGINT, SIGTERM, SIGHUP]

  let stop = StopSignal()
  private let stage = Stage()
  private let sources: [any DispatchSourceSignal]

  /// Installs the handlers, in the setup stage unless `graceful`; `message` is printed
  /// to standard error on the first signal once the command has proceeded.
  init(message: String, graceful: Bool = false) {
    if graceful { stage.proceed() }
    var sources: [any DispatchSourceSignal] = []
    for number in Self.signals {
      signal(number, SIG_IGN)
      let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
      source.setEventHandler { [stop, stage] in
        guard stage.proceeded else {
          FileHandle.standardError.write(
            Data("\nstopped during setup (signal \(number))\n".utf8))
          _exit(128 + number)
        }
        let first = !stop.isRaised
        stop.raise(signal: number)
        if first { FileHandle.standardError.write(Data("\n\(message)\n".utf8)) }
      }
      source.resume()
      sources.append(source)
    }
    self.sources = sources
  }

  /// Leaves setup: from now on a signal asks the command to stop cleanly.
  ///
  /// A signal that came during setup has already ended the process.
  func proceed() { stage.proceed() }

  /// The exit status for a command the signal stopped.
  var exitStatus: Int32 { stop.exitStatus }

  /// Whether the command has left setup.
  private final class Stage: Sendable {
    private let flag = Atomic<Bool>(false)
    var proceeded: Bool { flag.load(ordering: .sequentiallyConsistent) }
    func proceed() { flag.store(true, ordering: .sequentiallyConsistent) }
  }
}
