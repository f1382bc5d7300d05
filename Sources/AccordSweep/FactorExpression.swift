/// An arithmetic expression over a sweep's factors, as a derived value's `expr`:
/// numbers, factor names, `+ - * /` and parentheses (`2 * community - 1`).
///
/// Names are factor keys: a plain name (`community`) or a path
/// (`nations[North].agents[north-industry].count`; a `-` inside brackets belongs to the
/// name, elsewhere it is a minus). Evaluation is in double precision; division is real
/// division.
package indirect enum FactorExpression: Sendable, Equatable, CustomStringConvertible {
  case number(Double)
  case name(String)
  case negate(FactorExpression)
  case add(FactorExpression, FactorExpression)
  case subtract(FactorExpression, FactorExpression)
  case multiply(FactorExpression, FactorExpression)
  case divide(FactorExpression, FactorExpression)

  /// Parses `text`; the error says what is wrong and where (a 1-based character offset).
  package static func parse(_ text: String) throws(FactorExpressionError) -> FactorExpression {
    // Evaluation recurses once per operator: a bounded length bounds the stack.
    guard text.count <= maxLength else {
      throw FactorExpressionError(
        "the expression has \(text.count) characters; at most \(maxLength)")
    }
    var parser = Parser(characters: Array(text))
    let e = try parser.sum()
    parser.skipSpaces()
    if parser.position < parser.characters.count {
      throw parser.error("unexpected '\(parser.characters[parser.position])'")
    }
    return e
  }

  /// The longest expression accepted, in characters.
  package static let maxLength = 1000

  /// The factor names the expression uses, in order of first use.
  package var names: [String] {
    var seen: [String] = []
    func walk(_ e: FactorExpression) {
      switch e {
      case .number: break
      case .name(let n): if !seen.contains(n) { seen.append(n) }
      case .negate(let a): walk(a)
      case .add(let a, let b), .subtract(let a, let b), .multiply(let a, let b),
        .divide(let a, let b):
        walk(a)
        walk(b)
      }
    }
    walk(self)
    return seen
  }

  /// The value with factor values `values` (by name).
  ///
  /// Throws on a division by zero, an unknown name or a result beyond the double range,
  /// so a run never gets an infinite or undefined value.
  package func evaluate(_ values: [String: Double]) throws(FactorExpressionError) -> Double {
    let x: Double
    switch self {
    case .number(let v): x = v
    case .name(let n):
      guard let v = values[n] else { throw FactorExpressionError("unknown name '\(n)'") }
      x = v
    case .negate(let a): x = -(try a.evaluate(values))
    case .add(let a, let b): x = try a.evaluate(values) + b.evaluate(values)
    case .subtract(let a, let b): x = try a.evaluate(values) - b.evaluate(values)
    case .multiply(let a, let b): x = try a.evaluate(values) * b.evaluate(values)
    case .divide(let a, let b):
      let d = try b.evaluate(values)
      guard d != 0 else { throw FactorExpressionError("division by zero: \(b) is 0") }
      x = try a.evaluate(values) / d
    }
    guard x.isFinite else { throw FactorExpressionError("\(self) exceeds 1.8e308") }
    return x
  }

  /// Bounds of the value when each name ranges over its interval (interval arithmetic).
  ///
  /// The bounds contain every value the expression can take (they may be wider where a
  /// name appears twice, as in `x - x`). Throws when a divisor's bounds contain 0 (the
  /// expression could divide by zero) or a bound exceeds the double range.
  package func bounds(_ ranges: [String: ClosedRange<Double>]) throws(FactorExpressionError)
    -> ClosedRange<Double>
  {
    func check(_ lo: Double, _ hi: Double) throws(FactorExpressionError) -> ClosedRange<Double> {
      guard lo.isFinite, hi.isFinite else {
        throw FactorExpressionError("\(self) can exceed 1.8e308")
      }
      return lo...hi
    }
    switch self {
    case .number(let v): return v...v
    case .name(let n):
      guard let r = ranges[n] else { throw FactorExpressionError("unknown name '\(n)'") }
      return r
    case .negate(let a):
      let r = try a.bounds(ranges)
      return -r.upperBound...(-r.lowerBound)
    case .add(let a, let b):
      let (p, q) = (try a.bounds(ranges), try b.bounds(ranges))
      return try check(p.lowerBound + q.lowerBound, p.upperBound + q.upperBound)
    case .subtract(let a, let b):
      let (p, q) = (try a.bounds(ranges), try b.bounds(ranges))
      return try check(p.lowerBound - q.upperBound, p.upperBound - q.lowerBound)
    case .multiply(let a, let b):
      let (p, q) = (try a.bounds(ranges), try b.bounds(ranges))
      let products = [
        p.lowerBound * q.lowerBound, p.lowerBound * q.upperBound, p.upperBound * q.lowerBound,
        p.upperBound * q.upperBound,
      ]
      // A product of a zero and an infinite bound is NaN: refused as beyond the range.
      guard products.allSatisfy(\.isFinite) else {
        throw FactorExpressionError("\(self) can exceed 1.8e308")
      }
      return try check(products.min() ?? 0, products.max() ?? 0)
    case .divide(let a, let b):
      let (p, q) = (try a.bounds(ranges), try b.bounds(ranges))
      guard !q.contains(0) else {
        throw FactorExpressionError(
          "division by zero: the divisor \(b) ranges over [\(Self.text(q.lowerBound)), "
            + "\(Self.text(q.upperBound))], which contains 0")
      }
      let quotients = [
        p.lowerBound / q.lowerBound, p.lowerBound / q.upperBound, p.upperBound / q.lowerBound,
        p.upperBound / q.upperBound,
      ]
      guard quotients.allSatisfy(\.isFinite) else {
        throw FactorExpressionError("\(self) can exceed 1.8e308")
      }
      return try check(quotients.min() ?? 0, quotients.max() ?? 0)
    }
  }

  /// A number as written in messages: whole numbers without a decimal point.
  static func text(_ x: Double) -> String {
    x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : "\(x)"
  }

  /// The expression with the parentheses its precedence needs.
  package var description: String {
    func wrapped(_ e: FactorExpression, below level: Int) -> String {
      e.precedence < level ? "(\(e))" : "\(e)"
    }
    switch self {
    case .number(let v): return Self.text(v)
    case .name(let n): return n
    case .negate(let a): return "-" + wrapped(a, below: 3)
    case .add(let a, let b): return "\(wrapped(a, below: 1)) + \(wrapped(b, below: 1))"
    case .subtract(let a, let b): return "\(wrapped(a, below: 1)) - \(wrapped(b, below: 2))"
    case .multiply(let a, let b): return "\(wrapped(a, below: 2)) * \(wrapped(b, below: 2))"
    case .divide(let a, let b): return "\(wrapped(a, below: 2)) / \(wrapped(b, below: 3))"
    }
  }

  private var precedence: Int {
    switch self {
    case .number, .name: 4
    case .negate: 3
    case .multiply, .divide: 2
    case .add, .subtract: 1
    }
  }

  /// Recursive descent: sum = product (('+' | '-') product)*, product = unary (('*' | '/')
  /// unary)*, unary = '-' unary | atom, atom = number | name | '(' sum ')'.
  private struct Parser {
    let characters: [Character]
    var position = 0
    /// Nesting depth, bounded so a hostile expression cannot exhaust the stack.
    var depth = 0
    static let maxDepth = 200

    func error(_ message: String) -> FactorExpressionError {
      FactorExpressionError("\(message) at character \(position + 1)")
    }

    mutating func skipSpaces() {
      while position < characters.count, characters[position].isWhitespace { position += 1 }
    }

    mutating func peek() -> Character? {
      skipSpaces()
      return position < characters.count ? characters[position] : nil
    }

    mutating func sum() throws(FactorExpressionError) -> FactorExpression {
      var e = try product()
      while let c = peek(), c == "+" || c == "-" {
        position += 1
        let rhs = try product()
        e = c == "+" ? .add(e, rhs) : .subtract(e, rhs)
      }
      return e
    }

    mutating func product() throws(FactorExpressionError) -> FactorExpression {
      var e = try unary()
      while let c = peek(), c == "*" || c == "/" {
        position += 1
        let rhs = try unary()
        e = c == "*" ? .multiply(e, rhs) : .divide(e, rhs)
      }
      return e
    }

    mutating func unary() throws(FactorExpressionError) -> FactorExpression {
      depth += 1
      defer { depth -= 1 }
      guard depth <= Self.maxDepth else { throw error("nested too deeply") }
      if peek() == "-" {
        position += 1
        return .negate(try unary())
      }
      if peek() == "+" {
        position += 1
        return try unary()
      }
      return try atom()
    }

    mutating func atom() throws(FactorExpressionError) -> FactorExpression {
      guard let c = peek() else { throw error("expected a number, a factor name or '('") }
      if c == "(" {
        position += 1
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maxDepth else { throw error("nested too deeply") }
        let e = try sum()
        guard peek() == ")" else { throw error("expected ')'") }
        position += 1
        return e
      }
      if c.isASCII && (c.isNumber || c == ".") {
        let start = position
        while position < characters.count {
          let d = characters[position]
          if d.isASCII && (d.isNumber || d == ".") {
            position += 1
          } else if d == "e" || d == "E" {
            position += 1
            if position < characters.count,
              characters[position] == "+" || characters[position] == "-"
            {
              position += 1
            }
          } else {
            break
          }
        }
        let text = String(characters[start..<position])
        guard let v = Double(text), v.isFinite else {
          position = start
          throw error("'\(text)' is not a finite number")
        }
        return .number(v)
      }
      if c.isLetter || c == "_" {
        let start = position
        while position < characters.count {
          let d = characters[position]
          if d.isLetter || d.isNumber || d == "_" || d == "." {
            position += 1
          } else if d == "[" {
            // A list selector: everything up to the closing bracket is part of the name.
            guard let close = characters[position...].firstIndex(of: "]") else {
              throw error("'[' without ']'")
            }
            position = close + 1
          } else {
            break
          }
        }
        return .name(String(characters[start..<position]))
      }
      throw error("unexpected '\(c)'")
    }
  }
}

/// Why an expression cannot be read or evaluated.
package struct FactorExpressionError: Error, Sendable, Equatable, CustomStringConvertible {
  package var message: String
  package init(_ message: String) { self.message = message }
  package var description: String { message }
}
