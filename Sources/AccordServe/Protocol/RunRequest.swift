/// What to run: a catalog config, a seed, a number of steps and parameter overrides.
public struct RunRequest: Sendable, Equatable, Decodable {
  /// A ``ConfigCatalog`` id such as `examples/quickstart.yaml`.
  public var config: String
  /// Overrides the config's seed.
  public var seed: Int?
  /// Overrides the config's steps.
  public var steps: Int?
  /// Overrides keyed by ``Control/path``: `theta`, `learning.mode` and so on.
  public var params: [String: ParameterValue]

  public init(
    config: String, seed: Int? = nil, steps: Int? = nil, params: [String: ParameterValue] = [:]
  ) {
    self.config = config
    self.seed = seed
    self.steps = steps
    self.params = params
  }

  enum CodingKeys: String, CodingKey { case config, seed, steps, params }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    config = try c.decode(String.self, forKey: .config)
    seed = try c.decodeIfPresent(Int.self, forKey: .seed)
    steps = try c.decodeIfPresent(Int.self, forKey: .steps)
    params = try c.decodeIfPresent([String: ParameterValue].self, forKey: .params) ?? [:]
  }
}
