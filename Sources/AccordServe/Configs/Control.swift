package import AccordConfig
import Foundation

/// One of the page's parameter controls: a slider or a select over a config key.
///
/// Which keys the page shows, and their labels, are listed in ``shown``; a control's
/// kind, documented range, step and options are read from the config schema
/// (``ConfigSchema``), which is generated from the declarations that decode configs, so
/// a changed bound or a new choice shows up here without an edit. `minimum` and
/// `maximum` are the slider's span inside the range, widened to the config's own value.
package struct Control: Sendable, Encodable {
  package enum Kind: String, Sendable, Encodable {
    case slider, integer, select
  }

  /// Where the value goes in the config, as a sweep factor path (`evidence.trials`).
  package var path: String
  package var label: String
  package var kind: Kind
  package var minimum: Double?
  package var maximum: Double?
  package var stepSize: Double?
  /// The documented range (`[0, 1]`) or the allowed values.
  package var documented: String
  /// For selects: the allowed values.
  package var options: [String]?
  /// The loaded config's value (numbers).
  package var value: Double?
  /// The loaded config's value (selects).
  package var choice: String?
  /// The closed lower and upper ends of the range, for the range tests (nil: open or
  /// unbounded).
  let range: (lower: Double?, upper: Double?)

  enum CodingKeys: String, CodingKey {
    case path, label, kind, minimum, maximum
    case stepSize = "step"
    case documented, options, value, choice
  }

  /// A key the page shows: its label and, for wide or unbounded ranges, the span and
  /// step its slider offers (clipped to the schema's range).
  struct Shown {
    var path: String
    var label: String
    var span: (Double, Double)?
    var step: Double?

    init(_ path: String, _ label: String, span: (Double, Double)? = nil, step: Double? = nil) {
      self.path = path
      self.label = label
      self.span = span
      self.step = step
    }
  }

  /// The main parameters, in the order the page shows them.
  static let shown: [Shown] = [
    Shown("theta", "theta* (true state)", step: 0.01),
    Shown("evidence.trials", "evidence trials per round", span: (0, 50)),
    Shown("evidence.attention", "evidence attention", span: (0.001, 1), step: 0.001),
    Shown("learning.mode", "learning mode"),
    Shown("persuasion.attempts", "persuasion attempts per step", span: (0, 20)),
    Shown("persuasion.strategy", "persuasion strategy"),
    Shown("negotiation.interval", "negotiation interval (steps)", span: (1, 50)),
  ]

  /// The controls of ``shown``, described by the config schema.
  package static let all: [Control] = {
    let schema = ConfigSchema.config()
    return shown.compactMap { Control($0, schema: schema) }
  }()

  /// The controls with `config`'s values, slider spans widened to hold them.
  package static func controls(for config: WorldConfig) -> [Control] {
    let tree = Self.tree(of: config)
    return all.map { control in
      var c = control
      switch control.value(in: tree) {
      case .number(let x):
        c.value = x
        if let lo = c.minimum, x < lo { c.minimum = x }
        if let hi = c.maximum, x > hi { c.maximum = x }
      case .choice(let s): c.choice = s
      }
      return c
    }
  }

  /// The control at `path`, if any.
  package static func named(_ path: String) -> Control? { all.first { $0.path == path } }

  /// The config's value for this control.
  package func value(in config: WorldConfig) -> ParameterValue { value(in: Self.tree(of: config)) }

  /// The resolved config as JSON objects (as `summary.json` records it).
  static func tree(of config: WorldConfig) -> Any? {
    guard let data = try? JSONEncoder().encode(config) else { return nil }
    return try? JSONSerialization.jsonObject(with: data)
  }

  private func value(in tree: Any?) -> ParameterValue {
    var node = tree
    for key in path.split(separator: ".") {
      node = (node as? [String: Any])?[String(key)]
    }
    if kind == .select {
      if let flag = node as? Bool, options == ["false", "true"] { return .choice("\(flag)") }
      return .choice(node as? String ?? "")
    }
    return .number((node as? NSNumber)?.doubleValue ?? .nan)
  }

  /// The control for `shown` from the schema of its key; nil when the schema has no
  /// number, whole number, choice or flag there.
  init?(_ shown: Shown, schema: JSONValue) {
    var node: JSONValue? = schema
    for key in shown.path.split(separator: ".") { node = node?["properties"]?[String(key)] }
    guard let node, let type = node["type"]?.text else { return nil }
    path = shown.path
    label = shown.label
    if let values = node["enum"]?.list?.compactMap(\.text) {
      kind = .select
      options = values
    } else if type == "boolean" {
      kind = .select
      options = ["false", "true"]
    } else if type == "integer" || type == "number" {
      kind = type == "integer" ? .integer : .slider
    } else {
      return nil
    }
    let lower = node["minimum"]?.double ?? node["exclusiveMinimum"]?.double
    let upper = node["maximum"]?.double ?? node["exclusiveMaximum"]?.double
    range = (node["minimum"]?.double, node["maximum"]?.double)
    if kind == .select {
      documented = options?.joined(separator: ", ") ?? ""
      return
    }
    documented = Self.interval(node)
    let step = kind == .integer ? 1 : shown.step ?? ((upper ?? 1) - (lower ?? 0)) / 100
    stepSize = step
    // The span: the hint where given, inside the range (an open end is stepped off).
    var lo = shown.span?.0 ?? lower ?? 0
    var hi = shown.span?.1 ?? upper ?? lo + 100 * step
    if let min = node["minimum"]?.double { lo = max(lo, min) }
    if let min = node["exclusiveMinimum"]?.double { lo = max(lo, min + step) }
    if let max = node["maximum"]?.double { hi = Swift.min(hi, max) }
    if let max = node["exclusiveMaximum"]?.double { hi = Swift.min(hi, max - step) }
    minimum = lo
    maximum = hi
  }

  /// A number's range in interval notation (`[0, 1]`, `(0, inf)`), as the loader words it.
  static func interval(_ node: JSONValue) -> String {
    func f(_ x: Double) -> String { x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : "\(x)" }
    let lower =
      node["minimum"].flatMap(\.double).map { "[\(f($0))" }
      ?? node["exclusiveMinimum"].flatMap(\.double).map { "(\(f($0))" } ?? "(-inf"
    let upper =
      node["maximum"].flatMap(\.double).map { "\(f($0))]" }
      ?? node["exclusiveMaximum"].flatMap(\.double).map { "\(f($0)))" } ?? "inf)"
    return "\(lower), \(upper)"
  }
}
