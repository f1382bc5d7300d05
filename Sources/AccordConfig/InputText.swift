public import Foundation

/// How every text input is read: configs, sweep and experiment files, edge lists and
/// deference files.
///
/// A file is read as it was written on any system: UTF-8 with or without a byte-order
/// mark, lines ended by LF, CRLF (Windows) or CR, with or without a final line end.
/// Swift treats "\r\n" as one `Character`, so splitting on "\n" would see a Windows file
/// as one line; decoding here turns every line end into "\n" once, before any reader
/// looks at the text. Line and column numbers are unchanged by this (a CR only ever
/// ends a line).
///
/// A file is refused before it is read when it is larger than its kind allows
/// (``maxDocumentBytes`` for configs, sweep and experiment files, ``maxTableBytes`` for
/// edge lists), and before it is parsed when it holds a NUL byte (binary data, never
/// text a person wrote): either would otherwise cost minutes and gigabytes before the
/// first error.
package enum InputText {
  /// The largest config, sweep or experiment file read: far beyond any hand-written
  /// world (the shipped ones are under 10 KB), small enough to parse in a second.
  package static let maxDocumentBytes = 16 * 1024 * 1024
  /// The largest edge-list or deference file read: 2 GB holds about 100 million edges.
  package static let maxTableBytes = 2 * 1024 * 1024 * 1024

  /// The text of `data`, or nil when it is not UTF-8.
  package static func decode(_ data: Data) -> String? {
    var bytes = data[...]
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
    guard let text = String(data: Data(bytes), encoding: .utf8) else { return nil }
    guard text.utf8.contains(0x0D) else { return text }
    return text.replacingOccurrences(of: "\r\n", with: "\n")
      .replacingOccurrences(of: "\r", with: "\n")
  }

  /// The text of the file at `path`, or an error naming the file and what is wrong;
  /// `limit` is the largest size read, in bytes.
  package static func read(path: String, limit: Int = maxDocumentBytes) throws(ConfigError)
    -> String
  {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw ConfigError(file: path, message: "no such file")
    }
    guard !isDirectory.boolValue else {
      throw ConfigError(file: path, message: "is a directory, not a file")
    }
    let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    guard size <= limit else {
      throw ConfigError(
        file: path,
        message: "the file is \(size) bytes; at most \(limit) (\(megabytes(limit))) are read here")
    }
    guard let data = FileManager.default.contents(atPath: path) else {
      throw ConfigError(file: path, message: "cannot read the file (permission?)")
    }
    guard data.count <= limit else {
      throw ConfigError(
        file: path,
        message:
          "the file is \(data.count) bytes; at most \(limit) (\(megabytes(limit))) are read here"
      )
    }
    if let nul = data.firstIndex(of: 0) {
      throw ConfigError(
        file: path,
        message: "the file holds a NUL byte at byte \(nul - data.startIndex): binary data, not text"
      )
    }
    guard let text = decode(data) else {
      throw ConfigError(file: path, message: "the file is not UTF-8 text")
    }
    return text
  }

  /// A size in megabytes, for messages.
  static func megabytes(_ bytes: Int) -> String {
    String(format: "%.1f MB", Double(bytes) / 1_048_576)
  }
}
