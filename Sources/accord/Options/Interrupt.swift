import AccordSweep
import Foundation

/// Ctrl-C as a request to stop: it raises ``stop`` instead of killing the process, so
/// workers commit the runs in flight and a later `--resume` (or rerun) continues.
///
/// Keep the value alive for as long as the command runs: it owns the signal source.
struct Interrupt {
  let stop = StopSignal()
  private let source: any DispatchSourceSignal

  /// Installs the handler; `message` is printed to standard error on Ctrl-C.
  init(message: String) {
    signal(SIGINT, SIG_IGN)
    source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
    source.setEventHandler { [stop] in
      stop.raise()
      FileHandle.standardError.write(Data("\n\(message)\n".utf8))
    }
    source.resume()
  }
}
