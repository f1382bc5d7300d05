#if canImport(Glibc)
package import Glibc
#elseif canImport(Darwin)
package import Darwin
#endif

/// A file written under a temporary name and renamed into place only on `commit()`.
///
/// Until it is committed the data lives in `.NAME.partial` beside the target, so a
/// reader never sees a half-written result; if the writer is dropped uncommitted (an
/// error, a crash unwinding), the partial file is removed.
package struct AtomicFile: ~Copyable {
  /// The final path.
  package let path: String
  private let temporary: String
  private var handle: UnsafeMutablePointer<FILE>?

  /// Opens the temporary file for `path`.
  package init(path: String) throws(OutputError) {
    self.path = path
    let slash = path.lastIndex(of: "/")
    let directory = slash.map { String(path[..<$0]) } ?? "."
    let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
    temporary = "\(directory)/.\(name).partial"
    DurableWrites.point("create")
    guard let file = fopen(temporary, "w") else {
      throw OutputError(
        path: path, message: "cannot create file: \(String(cString: strerror(errno)))")
    }
    setvbuf(file, nil, _IOFBF, 1 << 20)
    handle = file
  }

  deinit {
    if let handle {
      fclose(handle)
      unlink(temporary)
    }
  }

  /// Appends UTF-8 text.
  package func write(_ text: String) throws(OutputError) {
    guard let handle else { throw OutputError(path: path, message: "file already committed") }
    DurableWrites.point("write")
    var text = text
    let ok = text.withUTF8 { bytes in
      bytes.isEmpty || fwrite(bytes.baseAddress, 1, bytes.count, handle) == bytes.count
    }
    if !ok {
      throw OutputError(path: path, message: "write failed: \(String(cString: strerror(errno)))")
    }
  }

  /// Writes `text` to `path` atomically; `executable` makes it a runnable script.
  package static func write(_ text: String, to path: String, executable: Bool = false)
    throws(OutputError)
  {
    var file = try AtomicFile(path: path)
    try file.write(text)
    try file.commit(mode: executable ? 0o755 : nil)
  }

  /// Flushes to disk and renames the file into place, with permissions `mode` if given.
  package mutating func commit(mode: mode_t? = nil) throws(OutputError) {
    guard let file = handle else { return }
    handle = nil
    DurableWrites.point("fsync")
    let flushed =
      fflush(file) == 0 && fsync(fileno(file)) == 0
      && (mode.map { fchmod(fileno(file), $0) == 0 } ?? true)
    let closed = fclose(file) == 0
    guard flushed && closed else {
      unlink(temporary)
      throw OutputError(
        path: path, message: "cannot flush file: \(String(cString: strerror(errno)))")
    }
    DurableWrites.point("rename")
    guard rename(temporary, path) == 0 else {
      unlink(temporary)
      throw OutputError(
        path: path, message: "cannot move file into place: \(String(cString: strerror(errno)))")
    }
  }
}
