import Foundation

/// How every text input is read: configs, sweep and experiment files, edge lists and
/// deference files.
///
/// A file is read as it was written on any system: UTF-8 with or without a byte-order
/// mark, lines ended by LF, CRLF (Windows) or CR, with or without a final line end.
/// Swift treats "\r\n" as one `Character`, so splitting on "\n" would see a Windows file
/// as one line; decoding here turns every line end into "\n" once, before any reader
/// looks at the text. Line and column numbers are unchanged by this (a CR only ever
/// ends a line).
package enum InputText {
  /// The text of `data`, or nil when it is not UTF-8.
  package static func decode(_ data: Data) -> String? {
    var bytes = data[...]
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
    guard let text = String(data: Data(bytes), encoding: .utf8) else { return nil }
    guard text.utf8.contains(0x0D) else { return text }
    return text.replacingOccurrences(of: "\r\n", with: "\n")
      .replacingOccurrences(of: "\r", with: "\n")
  }

  /// The text of the file at `path`, or an error naming the file and what is wrong.
  package static func read(path: String) throws(ConfigError) -> String {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw ConfigError(file: path, message: "no such file")
    }
    guard !isDirectory.boolValue else {
      throw ConfigError(file: path, message: "is a directory, not a file")
    }
    guard let data = FileManager.default.contents(atPath: path) else {
      throw ConfigError(file: path, message: "cannot read the file (permission?)")
    }
    guard let text = decode(data) else {
      throw ConfigError(file: path, message: "the file is not UTF-8 text")
    }
    return text
  }
}
