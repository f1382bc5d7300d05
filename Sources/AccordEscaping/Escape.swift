/// One escaper per output format, used by every writer, so that every byte that reaches
/// a file is valid for its format whatever a name holds.
package enum Escape {
  /// `s` as one CSV field (RFC 4180): quoted, with quotes doubled, when it holds a comma,
  /// a quote or a line break; otherwise `s` itself.
  package static func csv(_ s: String) -> String {
    guard s.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D })
    else { return s }
    var out = "\""
    for c in s.unicodeScalars {
      if c == "\"" { out += "\"\"" } else { out.unicodeScalars.append(c) }
    }
    return out + "\""
  }

  /// `s` as a JSON string literal, quotes included: quote, backslash and every control
  /// character escaped.
  package static func json(_ s: String) -> String {
    var out = ""
    appendJSON(s, to: &out)
    return out
  }

  /// Appends `s` as a JSON string literal to `out`, without an intermediate string when
  /// nothing needs escaping.
  package static func appendJSON(_ s: String, to out: inout String) {
    out.append("\"")
    if !s.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) {
      out.append(s)
    } else {
      for scalar in s.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\t": out += "\\t"
        case "\r": out += "\\r"
        default:
          if scalar.value < 0x20 {
            let hex = String(scalar.value, radix: 16)
            out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
          } else {
            out.unicodeScalars.append(scalar)
          }
        }
      }
    }
    out.append("\"")
  }

  /// `s` escaped for XML 1.0 content and quoted attributes (SVG, GraphML).
  ///
  /// XML 1.0 cannot carry most control characters at all, not even as character
  /// references: those (U+0000-U+001F but tab, line feed and carriage return) become
  /// U+FFFD. Tab, line feed and carriage return are written as references, so that an
  /// attribute keeps them.
  package static func xml(_ s: String) -> String {
    var out = ""
    for scalar in s.unicodeScalars {
      switch scalar {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "\t": out += "&#9;"
      case "\n": out += "&#10;"
      case "\r": out += "&#13;"
      default:
        if scalar.value < 0x20 || (0xFFFE...0xFFFF).contains(scalar.value) {
          out += "\u{FFFD}"
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out
  }

  /// A quoted SQL identifier: double quotes, with quotes doubled.
  ///
  /// Names may hold dots, brackets or quotes. SQLite ends a name at NUL, so NUL cannot be quoted; it is
  /// refused in names before it gets here and becomes U+FFFD otherwise.
  package static func sqlIdentifier(_ name: String) -> String {
    var out = "\""
    for c in name.unicodeScalars {
      switch c {
      case "\"": out += "\"\""
      case "\u{0}": out += "\u{FFFD}"
      default: out.unicodeScalars.append(c)
      }
    }
    return out + "\""
  }
}
