import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The runs a sweep's workers are computing, recorded before each starts, in a file the
/// kernel keeps whatever way the process dies.
///
/// `sweep.sqlite.inflight` beside the store holds one slot per worker, mapped
/// `MAP_SHARED`: a worker writes its run's index into its slot before the run starts
/// and clears it when the run has finished (before the run is committed). A store of
/// 8 bytes into the page cache costs nothing next to a run, and the page outlives a
/// trap, an abort or SIGKILL (it is lost only with the machine, which takes the
/// sweep's cause with it). A slot still set when `--resume` opens the file names a run
/// that was in flight when the process died: the one that killed it, or a bystander.
/// ``SweepRunner`` retries each such run once, alone, before the others; a run found
/// in flight again on its retry is recorded as failed (crashed), so every sweep can
/// complete.
package final class RunsInFlight: @unchecked Sendable {
  /// A run in flight when the last writer died, and which try that was (1 or 2).
  package struct Entry: Equatable, Sendable {
    package var run: Int
    package var attempt: Int
  }

  /// The file beside the store at `store`.
  package static func path(store: String) -> String { store + ".inflight" }

  /// Runs left in flight by the process that wrote the file last, in run order.
  package let left: [Entry]
  private let path: String
  private let base: UnsafeMutablePointer<Int64>
  private let slots: Int
  private let descriptor: Int32
  private static let empty: Int64 = -1

  /// Reads what the last writer left at `path`, then clears the file to `slots` empty slots.
  ///
  /// The caller holds the store's lock, so no live process is writing the file.
  package init(path: String, slots: Int) throws {
    let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
    guard fd >= 0 else {
      throw SweepStoreError(
        path: path, message: "cannot create the runs-in-flight file: \(Self.reason())")
    }
    var found: [Entry] = []
    var value: Int64 = 0
    var offset: off_t = 0
    while pread(fd, &value, 8, offset) == 8 {
      // A run index times 4 plus its try; anything else (a torn or foreign file) is ignored.
      if value >= 0, (1...2).contains(Int(value & 3)) {
        found.append(Entry(run: Int(value >> 2), attempt: Int(value & 3)))
      }
      offset += 8
    }
    left = found.sorted { $0.run < $1.run }
    self.path = path
    self.slots = max(1, slots)
    let size = self.slots * 8
    guard ftruncate(fd, off_t(size)) == 0,
      let mapped = mmap(nil, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0),
      mapped != MAP_FAILED
    else {
      let message = Self.reason()
      close(fd)
      throw SweepStoreError(
        path: path, message: "cannot map the runs-in-flight file: \(message)")
    }
    descriptor = fd
    base = mapped.bindMemory(to: Int64.self, capacity: self.slots)
    for slot in 0..<self.slots { base[slot] = Self.empty }
  }

  deinit {
    munmap(base, slots * 8)
    close(descriptor)
  }

  /// Records that `slot`'s worker starts `run`, on its `attempt`-th try (1 or 2).
  @inline(__always)
  package func begin(slot: Int, run: Int, attempt: Int) {
    base[slot % slots] = Int64(run) << 2 | Int64(attempt)
  }

  /// Records that `slot`'s worker has finished its run (however it ended).
  @inline(__always)
  package func end(slot: Int) { base[slot % slots] = Self.empty }

  /// Removes the file once no run is in flight (the workers have returned, whether the
  /// sweep finished, stopped or failed): a finished store is `sweep.sqlite` alone.
  package func discard() { unlink(path) }

  private static func reason() -> String { String(cString: strerror(errno)) }
}
