import AccordConfig

extension SweepSpec {
  /// The scalar settings, decoded with the config machinery (factors are read in file
  /// order separately: a dictionary would lose their order).
  struct Settings: Decodable {
    var model: SweepModel
    var base: String
    var design: DesignKind
    var samples: Int?
    var replicates: Int
    var seed: Int
    var keep: KeepLevel
    var every: Int
    var pair: String?
    var secondOrder: Bool

    enum CodingKeys: String, CodingKey, CaseIterable {
      // `experiment` is the declared test of a paper experiment, read by `accord reproduce`.
      // `labels` names factors in tables and figures (SweepLabels).
      // `derive` computes config fields from factors (DerivedValue), read with the factors.
      // `space` is the declared test of a sampled-world space, read by `accord reproduce`.
      case model, base, design, samples, replicates, seed, keep, every, factors, experiment,
        labels, derive, pair, space
      case secondOrder = "second_order"
    }

    init(from decoder: any Decoder) throws {
      try decoder.rejectUnknownKeys(CodingKeys.self)
      let c = try decoder.container(keyedBy: CodingKeys.self)
      model = try c.choice(.model, default: .accord)
      base = model.kind.simulatesWorld ? try c.decode(String.self, forKey: .base) : ""
      design = try c.choice(.design, default: .fullFactorial)
      samples =
        c.contains(.samples) ? try c.integer(.samples, default: 0, in: 1...100_000_000) : nil
      replicates = try c.integer(.replicates, default: 1, in: 1...1_000_000)
      seed = try c.integer(.seed, default: 1, in: 0...Int(WorldConfig.maxSeed))
      keep = try c.choice(.keep, default: .summary)
      every = try c.integer(.every, default: 1, in: 1...Int.max)
      pair = try c.decodeIfPresent(String.self, forKey: .pair)
      secondOrder = try c.flag(.secondOrder, default: false)
      if secondOrder && design != .saltelli {
        throw decoder.issue(
          CodingKeys.secondOrder,
          "second_order: true needs design: saltelli (its BA rows); this sweep's design is "
            + "'\(design.rawValue)'")
      }
      if pair != nil && (design == .saltelli || design == .morris || design == .points) {
        throw decoder.issue(
          CodingKeys.pair,
          "pair: needs a design whose points stand alone (full-factorial, latin-hypercube, "
            + "sobol); '\(design.rawValue)' analyses its points' structure")
      }
      guard c.contains(.factors) else {
        throw ConfigIssue(path: [], message: "missing required key 'factors'")
      }
      if design != .fullFactorial && design != .points && samples == nil {
        throw decoder.issue(CodingKeys.design, "design '\(design.rawValue)' needs samples: N")
      }
    }
  }
}
