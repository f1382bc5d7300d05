import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The advisory lock that makes one process at a time the writer of a sweep store.
///
/// `flock` on `sweep.sqlite.lock` beside the store, which holds the writer's pid. The
/// kernel releases the lock when the process dies, however it dies, so a killed sweep
/// never leaves a stale lock: the file may remain, but only a live writer holds it.
/// Readers take no lock (SQLite's WAL lets them read while a writer writes).
final class StoreLock: Sendable {
  let path: String
  private let descriptor: Int32

  /// Takes the lock of the store at `store`, or throws naming the process that holds it.
  init(store: String) throws {
    path = store + ".lock"
    let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
    guard fd >= 0 else {
      throw SweepStoreError(
        path: path,
        message: "cannot create the store's lock file: \(String(cString: strerror(errno)))")
    }
    guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
      let holder = Self.holder(fd)
      close(fd)
      throw SweepStoreError(
        path: store,
        message:
          "another accord process\(holder.map { ", pid \($0)," } ?? "") is writing this store; "
          + "wait for it to finish, or stop it (its finished runs are kept) and resume")
    }
    // The pid is informational (for the message above); the lock is the flock.
    let pid = "\(getpid())\n"
    _ = ftruncate(fd, 0)
    _ = pid.withCString { pwrite(fd, $0, strlen($0), 0) }
    descriptor = fd
  }

  deinit { close(descriptor) }

  /// The pid written in the lock file by its holder.
  private static func holder(_ fd: Int32) -> Int? {
    var buffer = [UInt8](repeating: 0, count: 32)
    let count = pread(fd, &buffer, buffer.count, 0)
    guard count > 0 else { return nil }
    return Int(
      String(decoding: buffer[0..<count], as: UTF8.self).trimmingCharacters(
        in: .whitespacesAndNewlines))
  }
}
