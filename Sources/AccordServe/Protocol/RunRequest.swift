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

  package init(
    config: String, seed: Int? = nil, steps: Int? = nil, params: [String: ParameterValue] = [:]
  ) {
    self.config = config
    self.seed = seed
    self.steps = steps
    self.params = params
  }

  enum CodingKeys: String, CodingKey { case config, seed, steps, params }

  package init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    config = try c.decode(String.self, forKey: .config)
    seed = try c.decodeIfPresent(Int.self, forKey: .seed)
    steps = try c.decodeIfPresent(Int.self, forKey: .steps)
    params = try c.decodeIfPresent([String: ParameterValue].self, forKey: .params) ?? [:]
  }
}
