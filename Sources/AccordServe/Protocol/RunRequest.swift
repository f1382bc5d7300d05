/// What to run: a catalog config, a seed, a number of steps and parameter overrides.
package struct RunRequest: Sendable, Equatable, Decodable {
  /// A ``ConfigCatalog`` id such as `examples/quickstart.yaml`.
  package var config: String
  /// Overrides the config's seed.
  package var seed: Int?
  /// Overrides the config's steps.
  package var steps: Int?
  /// Overrides keyed by ``Control/path``: `theta`, `learning.mode` and so on.
  package var params: [String: ParameterValue]
  /// Steps per second (0: as fast as possible); nil keeps the session's speed.
  package var speed: Double?

  package init(
    config: String, seed: Int? = nil, steps: Int? = nil, params: [String: ParameterValue] = [:],
    speed: Double? = nil
  ) {
    self.config = config
    self.seed = seed
    self.steps = steps
    self.params = params
    self.speed = speed
  }

  enum CodingKeys: String, CodingKey { case config, seed, steps, params, speed }

  /// The fastest pace a run can be asked for, in steps per second.
  package static let maxSpeed = 1_000_000.0

  /// Refuses a speed outside [0, ``maxSpeed``] with the allowed range.
  package static func checkSpeed(_ speed: Double) throws(MessageError) {
    guard speed.isFinite, (0...maxSpeed).contains(speed) else {
      throw MessageError(
        .badParameter,
        "speed \(speed) is out of range; allowed: [0, \(Int(maxSpeed))] steps per second "
          + "(0: as fast as possible)")
    }
  }

  package init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    config = try c.decode(String.self, forKey: .config)
    seed = try c.decodeIfPresent(Int.self, forKey: .seed)
    steps = try c.decodeIfPresent(Int.self, forKey: .steps)
    params = try c.decodeIfPresent([String: ParameterValue].self, forKey: .params) ?? [:]
    speed = try c.decodeIfPresent(Double.self, forKey: .speed)
  }
}
