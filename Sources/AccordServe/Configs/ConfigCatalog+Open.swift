import AccordConfig
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension ConfigCatalog {
  /// Reads an entry's YAML text, refusing files over ``maxFileBytes`` and files whose
  /// real path, read from the open file itself, has left the catalog's folders.
  ///
  /// The path was checked when the catalog was listed, but a listed file can be swapped
  /// for a symlink afterwards while a tab stays connected; checking the descriptor that
  /// is then read, rather than the name before opening it, leaves no gap to swap in.
  package func text(of entry: Entry) throws(MessageError) -> String {
    let fd = open(entry.path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
    guard fd >= 0 else {
      throw MessageError(.badConfig, "\(entry.id): cannot open the file")
    }
    let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
    guard let real = Self.realPath(of: fd), roots.contains(where: { real.hasPrefix($0 + "/") })
    else {
      throw MessageError(
        .refusedPath,
        "config '\(entry.id)' refused: it now resolves outside the working directory and the shipped configs"
      )
    }
    var status = stat()
    guard fstat(fd, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
      throw MessageError(.badConfig, "\(entry.id): not a regular file")
    }
    guard Int(status.st_size) <= Self.maxFileBytes else {
      throw MessageError(
        .badConfig,
        "\(entry.id): \(status.st_size) bytes; configs over \(Self.maxFileBytes) bytes are refused")
    }
    guard let data = try? handle.readToEnd() ?? Data(), data.count <= Self.maxFileBytes,
      let text = InputText.decode(data)
    else {
      throw MessageError(.badConfig, "\(entry.id): cannot read the file as UTF-8 text")
    }
    return text
  }

  /// The path of the file an open descriptor refers to, symlinks resolved.
  static func realPath(of fd: Int32) -> String? {
    #if os(Linux)
    var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
    let count = readlink("/proc/self/fd/\(fd)", &buffer, buffer.count - 1)
    guard count > 0 else { return nil }
    return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    #elseif canImport(Darwin)
    var buffer = [CChar](repeating: 0, count: Int(MAXPATHLEN))
    guard fcntl(fd, F_GETPATH, &buffer) == 0 else { return nil }
    return String(cString: buffer)
    #else
    return nil
    #endif
  }
}
