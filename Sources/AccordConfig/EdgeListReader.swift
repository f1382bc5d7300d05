import Foundation

/// Reads an edge-list file: one `source,target[,weight]` per line.
///
/// Endpoints are agent names, or 0-based agent indices. Blank lines and lines
/// starting with `#` are skipped, and so is a header line starting with `header`.
/// Weights must be positive and at most `maxWeight`. The same reader serves the social
/// network (`source,target`) and the deference network (`follower,leader`). The text is
/// read by ``InputText`` (any line ends, an optional byte-order mark), and a file
/// without a single edge is refused: a network the user named a file for is never
/// silently empty.
package enum EdgeListReader {
  /// The largest weight of a social tie: far above any meaningful ratio of tie
  /// strengths, and small enough that no neighbourhood's sum of weights times
  /// credibilities (each at most 1e12) leaves the doubles.
  package static let maxTieWeight = 1e12

  static func read(
    path: String, agentNames: [String], header: String = "source",
    maxWeight: Double = maxTieWeight
  ) throws(ConfigError) -> [(Int, Int, Double)] {
    let text: String
    do {
      text = try InputText.read(path: path, limit: InputText.maxTableBytes)
    } catch {
      throw ConfigError(file: path, message: "cannot read the edge-list file: \(error.message)")
    }
    return try parse(text, path: path, agentNames: agentNames, header: header, maxWeight: maxWeight)
  }

  /// The edges of an edge list's text (as ``InputText`` gives it); `path` names it in
  /// messages.
  package static func parse(
    _ text: String, path: String, agentNames: [String], header: String = "source",
    maxWeight: Double = maxTieWeight
  ) throws(ConfigError) -> [(Int, Int, Double)] {
    var index: [String: Int] = [:]
    for (i, name) in agentNames.enumerated() { index[name] = i }
    var edges: [(Int, Int, Double)] = []
    for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false)
      .enumerated()
    {
      let line = rawLine[...]
      let lineNumber = offset + 1
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
      let fields = line.split(separator: ",", omittingEmptySubsequences: false)
      let shape = header == "source" ? "source,target" : "\(header),leader"
      if edges.isEmpty && fields.first?.trimmingCharacters(in: .whitespaces) == header { continue }
      var column = 1
      var columns: [Int] = []
      for f in fields {
        columns.append(column)
        column += f.count + 1
      }
      func fail(_ field: Int, _ message: String) -> ConfigError {
        ConfigError(
          file: path, line: lineNumber, column: columns[min(field, columns.count - 1)],
          message: message)
      }
      guard fields.count == 2 || fields.count == 3 else {
        throw fail(0, "expected '\(shape)' or '\(shape),weight', found \(fields.count) fields")
      }
      func endpoint(_ k: Int) throws(ConfigError) -> Int {
        let token = fields[k].trimmingCharacters(in: .whitespaces)
        if let i = index[token] { return i }
        if let i = Int(token), i >= 0, i < agentNames.count { return i }
        var message =
          "unknown agent '\(token)' (use an agent name or an index in [0, \(agentNames.count - 1)])"
        if let guess = KeySuggestion.closest(to: token, among: agentNames) {
          message += "; did you mean '\(guess)'?"
        }
        throw fail(k, message)
      }
      let a = try endpoint(0)
      let b = try endpoint(1)
      guard a != b else { throw fail(1, "self-loop: an agent cannot be its own neighbour") }
      var weight = 1.0
      if fields.count == 3 {
        let token = fields[2].trimmingCharacters(in: .whitespaces)
        guard let w = Double(token), w.isFinite, w > 0, w <= maxWeight else {
          throw fail(2, "weight '\(token)' is not a number in (0, \(Bounds.format(maxWeight))]")
        }
        weight = w
      }
      edges.append((a, b, weight))
    }
    guard !edges.isEmpty else {
      let shape = header == "source" ? "source,target" : "\(header),leader"
      throw ConfigError(
        file: path,
        message: "the file has no edges; give one '\(shape)[,weight]' per line")
    }
    return edges
  }
}
