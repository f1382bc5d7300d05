import AccordConfig
import AccordModel

/// One of the page's parameter controls: a slider or a select over a config key.
///
/// `documented` is the key's allowed range as docs/CONFIG.md gives it (the tests check
/// that the loader accepts its ends and refuses values just outside); `minimum` and
/// `maximum` are the slider's span inside it, widened to the config's own value.
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
  /// The documented lower and upper ends, for the range tests (nil: unbounded).
  let range: (lower: Double?, upper: Double?)
  private let read: @Sendable (WorldConfig) -> ParameterValue

  enum CodingKeys: String, CodingKey {
    case path, label, kind, minimum, maximum
    case stepSize = "step"
    case documented, options, value, choice
  }

  /// The main parameters, in the order the page shows them.
  package static let all: [Control] = [
    slider(
      "theta", "theta* (true state)", 0, 1, 0.01, "[0, 1]", range: (0, 1), read: { $0.theta }),
    integer(
      "evidence.trials", "evidence trials per round", 0, 50, "[0, 1000000]",
      range: (0, 1_000_000), read: { Double($0.evidence.trials) }),
    slider(
      "evidence.attention", "evidence attention", 0.001, 1, 0.001, "(0, inf)", range: (nil, nil),
      read: { $0.evidence.attention }),
    select(
      "learning.mode", "learning mode", LearningMode.allCases.map(\.rawValue),
      read: { $0.learning.mode.rawValue }),
    integer(
      "persuasion.attempts", "persuasion attempts per step", 0, 20, "[0, 10000]",
      range: (0, 10_000), read: { Double($0.persuasion.attempts) }),
    select(
      "persuasion.strategy", "persuasion strategy", RecruitmentStrategy.allCases.map(\.rawValue),
      read: { $0.persuasion.strategy.rawValue }),
    integer(
      "negotiation.interval", "negotiation interval (steps)", 1, 50, "[1, inf)",
      range: (1, nil), read: { Double($0.negotiation.interval) }),
  ]

  /// The controls with `config`'s values, slider spans widened to hold them.
  package static func controls(for config: WorldConfig) -> [Control] {
    all.map { control in
      var c = control
      switch control.read(config) {
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
  package func value(in config: WorldConfig) -> ParameterValue { read(config) }

  private static func slider(
    _ path: String, _ label: String, _ lo: Double, _ hi: Double, _ step: Double,
    _ documented: String, range: (Double?, Double?),
    read: @escaping @Sendable (WorldConfig) -> Double
  ) -> Control {
    Control(
      path: path, label: label, kind: .slider, minimum: lo, maximum: hi, stepSize: step,
      documented: documented, range: range, read: { .number(read($0)) })
  }

  private static func integer(
    _ path: String, _ label: String, _ lo: Double, _ hi: Double, _ documented: String,
    range: (Double?, Double?), read: @escaping @Sendable (WorldConfig) -> Double
  ) -> Control {
    Control(
      path: path, label: label, kind: .integer, minimum: lo, maximum: hi, stepSize: 1,
      documented: documented, range: range, read: { .number(read($0)) })
  }

  private static func select(
    _ path: String, _ label: String, _ options: [String],
    read: @escaping @Sendable (WorldConfig) -> String
  ) -> Control {
    Control(
      path: path, label: label, kind: .select, documented: options.joined(separator: ", "),
      options: options, range: (nil, nil), read: { .choice(read($0)) })
  }

  private init(
    path: String, label: String, kind: Kind, minimum: Double? = nil, maximum: Double? = nil,
    stepSize: Double? = nil, documented: String, options: [String]? = nil,
    range: (lower: Double?, upper: Double?),
    read: @escaping @Sendable (WorldConfig) -> ParameterValue
  ) {
    self.path = path
    self.label = label
    self.kind = kind
    self.minimum = minimum
    self.maximum = maximum
    self.stepSize = stepSize
    self.documented = documented
    self.options = options
    self.range = range
    self.read = read
  }
}
