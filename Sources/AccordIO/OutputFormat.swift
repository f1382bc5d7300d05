import AccordEscaping
import AccordModel

/// The format of the time-series and agent files.
public enum OutputFormat: String, Sendable, CaseIterable, Codable {
  /// Comma-separated, header row first; missing values are empty fields.
  case csv
  /// One JSON object per line; missing values are `null`.
  case jsonl

  /// The file extension.
  public var fileExtension: String { rawValue }
}

/// Formats one row of named fields as CSV or JSON Lines, reusing its buffer.
struct RowFormatter {
  let format: OutputFormat
  let columns: [String]
  /// Each column's JSON key with its colon, escaped once.
  private let keys: [String]
  private(set) var line = ""
  private var field = 0

  init(format: OutputFormat, columns: [String]) {
    self.format = format
    self.columns = columns
    keys = columns.map { Escape.json($0) + ":" }
    line.reserveCapacity(64 * columns.count)
  }

  /// The header line (CSV) or nothing (JSON Lines).
  var header: String {
    format == .csv ? columns.map(Escape.csv).joined(separator: ",") + "\n" : ""
  }

  mutating func begin() {
    line.removeAll(keepingCapacity: true)
    field = 0
    if format == .jsonl { line.append("{") }
  }

  private mutating func key() {
    switch format {
    case .csv:
      if field > 0 { line.append(",") }
    case .jsonl:
      if field > 0 { line.append(",") }
      line.append(keys[field])
    }
    field += 1
  }

  mutating func add(_ x: Double) {
    key()
    if x.isFinite {
      line.append(x.description)
    } else if format == .jsonl {
      line.append("null")
    }
  }

  mutating func add(_ x: Int) {
    key()
    line.append(String(x))
  }

  mutating func add(_ x: Bool) {
    key()
    line.append(x ? "true" : "false")
  }

  /// A string, escaped for the format (names may hold quotes, backslashes, any Unicode).
  mutating func add(_ s: String) {
    key()
    if format == .jsonl {
      Escape.appendJSON(s, to: &line)
    } else {
      line.append(Escape.csv(s))
    }
  }

  mutating func add(_ value: RowValue) {
    switch value {
    case .number(let x): add(x)
    case .integer(let x): add(x)
    case .flag(let x): add(x)
    case .text(let x): add(x)
    case .missing: add(Double.nan)
    }
  }

  mutating func end() {
    precondition(field == columns.count, "row has \(field) fields, header has \(columns.count)")
    if format == .jsonl { line.append("}") }
    line.append("\n")
  }
}
