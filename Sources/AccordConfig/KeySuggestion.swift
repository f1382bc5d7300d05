/// Suggests the allowed word closest to a misspelt one.
package enum KeySuggestion {
  /// The closest candidate within a small edit distance, if any.
  package static func closest(to word: String, among candidates: [String]) -> String? {
    let scored = candidates.map { ($0, distance(word.lowercased(), $0.lowercased())) }
    guard let best = scored.min(by: { $0.1 < $1.1 }) else { return nil }
    return best.1 <= max(2, (word.count + 1) / 2) ? best.0 : nil
  }

  /// Levenshtein distance.
  static func distance(_ a: String, _ b: String) -> Int {
    let a = Array(a)
    let b = Array(b)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
      current[0] = i
      for j in 1...b.count {
        current[j] = min(
          previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
      }
      swap(&previous, &current)
    }
    return previous[b.count]
  }

  /// "unknown X 'w'; allowed: a, b, c (did you mean 'a'?)".
  package static func message(_ what: String, _ word: String, allowed: [String]) -> String {
    var text =
      "unknown \(what) '\(YAMLLimits.quoted(word))'; allowed: \(allowed.joined(separator: ", "))"
    if let guess = closest(to: word, among: allowed) { text += " (did you mean '\(guess)'?)" }
    return text
  }
}
