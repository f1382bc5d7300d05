import AccordEscaping

/// CSV conventions shared by every file accord writes (RFC 4180 quoting).
package enum CSV {
  /// `s` as one CSV field: quoted, with quotes doubled, when it holds a comma, a quote or
  /// a line break (``Escape/csv(_:)``).
  package static func field(_ s: String) -> String { Escape.csv(s) }
}
