extension ConfigCatalog {
  /// Refuses a name the page sent that no listing could hold: empty, over 512 bytes,
  /// absolute, or climbing out with `..`; `what` names the kind (`config`, `sweep`).
  static func checkName(_ id: String, what: String) throws(MessageError) {
    guard !id.isEmpty, id.utf8.count <= 512, !id.contains("\0") else {
      throw MessageError(.refusedPath, "\(what) name refused: empty, too long or not text")
    }
    if id.hasPrefix("/") || id.hasPrefix("~") || id.hasPrefix("\\") || id.contains(":") {
      throw MessageError(
        .refusedPath, "\(what) '\(id.prefix(80))' refused: absolute paths are not allowed")
    }
    let parts = id.split(whereSeparator: { $0 == "/" || $0 == "\\" })
    if parts.contains("..") {
      throw MessageError(
        .refusedPath,
        "\(what) '\(id.prefix(80))' refused: path traversal ('..') is not allowed")
    }
  }
}
