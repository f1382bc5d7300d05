/// CSV conventions shared by every file accord writes (RFC 4180 quoting).
package enum CSV {
  /// `s` as one CSV field: quoted, with quotes doubled, when it holds a comma, a quote or
  /// a line break.
  package static func field(_ s: String) -> String {
    s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
      ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
  }
}
