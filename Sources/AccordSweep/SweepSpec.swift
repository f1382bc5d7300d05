package import AccordConfig
import AccordNumerics
import Foundation
package import Yams

/// What each run of a sweep evaluates.
package enum SweepModel: String, Sendable, CaseIterable, Codable {
  /// The accord model on the base config.
  case accord
  /// The Ishigami function of factors x1, x2, x3 in [-pi, pi]: a test of the
  /// sensitivity analysis with known Sobol indices.
  case ishigami
}

/// What a sweep keeps of each run.
package enum KeepLevel: String, Sendable, CaseIterable, Codable {
  case summary, timeseries, agents
}

/// A sweep file: a base config, factors, a design, replicates and a base seed.
///
/// ```yaml
/// base: ../examples/quickstart.yaml    # relative to the sweep file
/// design: latin-hypercube              # full-factorial | latin-hypercube | sobol | saltelli
/// samples: 64                          # points of the sampling designs
/// replicates: 5
/// seed: 1
/// keep: timeseries                     # summary | timeseries | agents
/// every: 10                            # keep every 10th step of the time series
/// factors:
///   theta: {low: 0.5, high: 0.9}
///   evidence.trials: {from: 0, to: 20, step: 5}
///   nations[North].agents[north-industry].outside: [0, 0.02, 0.04]
/// ```
package struct SweepSpec {
  package var path: String
  package var model: SweepModel
  package var basePath: String
  package var design: DesignKind
  package var samples: Int
  package var replicates: Int
  package var seed: UInt32
  package var keep: KeepLevel
  package var every: Int
  package var factors: [Factor]
  /// Config fields computed from the factors (`derive:`), applied after them in file order.
  package var derived: [DerivedValue] = []
  /// The base config's node tree, to which factor values are applied.
  package var base: Node
  /// The paired factor (`pair:`): each design point of the other factors is run at every
  /// level of this factor with the same seeds (common random numbers); nil: none.
  package var pair: String?
  /// Whether a Saltelli design also has the BA rows for second-order indices
  /// (`second_order: true`).
  package var secondOrder = false

  /// Reads and checks a sweep file, including every factor against the base config.
  package static func load(path: String) throws(ConfigError) -> SweepSpec {
    try load(yaml: try Self.text(of: path), path: path)
  }

  /// Checks a sweep file's text; `path` names it in messages and anchors its base.
  ///
  /// `storedBase` is the base config's text as a store recorded it, read instead of the
  /// file `base:` names (which may have changed since).
  package static func load(yaml text: String, path: String, storedBase: String? = nil)
    throws(ConfigError) -> SweepSpec
  {
    let node = try ConfigLoader.compose(yaml: text, path: path)
    let settings = try ConfigLoader.decode(Settings.self, from: node, path: path)
    if !settings.model.kind.simulatesWorld {
      return try closedForm(settings, node: node, path: path)
    }
    let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
    let basePath =
      settings.base.hasPrefix("/")
      ? settings.base : directory.appendingPathComponent(settings.base).path
    let baseText: String
    do {
      if let storedBase { baseText = storedBase } else { baseText = try Self.text(of: basePath) }
    } catch {
      throw located(
        node, "base", path,
        error.message == "no such file"
          ? "no such base config: \(basePath)" : "the base config \(basePath): \(error.message)")
    }
    let base = try ConfigLoader.compose(yaml: baseText, path: basePath)
    _ = try ConfigLoader.load(node: base, path: basePath)

    guard let factorNode = node.mapping?["factors"], let pairs = factorNode.mapping, !pairs.isEmpty
    else {
      throw located(node, "factors", path, "a sweep needs at least one factor (PATH: values)")
    }
    var factors: [Factor] = []
    // Config paths already set, and by what (a factor or a derived value).
    var setBy: [String: String] = [:]
    for (keyNode, valueNode) in pairs {
      let key = keyNode.string ?? ""
      func fail(_ message: String) -> ConfigError {
        ConfigError(
          file: path, line: keyNode.mark?.line, column: keyNode.mark?.column, key: "factors.\(key)",
          message: message)
      }
      if SweepStore.reserved.contains(key) || SweepStore.metrics.contains(key) {
        throw fail(
          key == "seed"
            ? "the sweep sets every run's seed (from its base seed); seed cannot be a factor"
            : "'\(key)' is also a column of the store's runs table; it cannot be a factor")
      }
      let values: FactorValues
      do {
        values = try ConfigLoader.decode(FactorValues.self, from: valueNode, path: path)
      } catch {
        throw ConfigError(
          file: path, line: error.line ?? keyNode.mark?.line,
          column: error.column ?? keyNode.mark?.column,
          key: "factors.\(key)"
            + (error.key.isEmpty || error.key.hasPrefix("[") ? error.key : ".\(error.key)"),
          message: error.message
        )
      }
      let linked = !values.links.isEmpty
      guard let factorPath = FactorPath(key), !linked || Self.isName(key) else {
        throw fail(
          linked
            ? "a linked factor's key names its design variable (letters, digits and _, "
              + "such as community); the config paths it sets go in link"
            : "'\(key)' is not a factor path such as theta, evidence.trials or nations[A].agents[b].outside"
        )
      }
      let factor = Factor(
        path: factorPath, values: values.values, integer: values.integer, labels: values.labels,
        links: values.links)
      if let refusal = Design.refusal(settings.design, factor: factor, after: factors) {
        throw fail(refusal)
      }
      let linkNodes = valueNode.mapping?["link"]?.sequence.map { Array($0) } ?? []
      for (i, target) in factor.targets.enumerated() {
        // A link entry is reported at its own line; a plain factor at its key.
        func failTarget(_ message: String) -> ConfigError {
          guard linked, linkNodes.indices.contains(i) else { return fail(message) }
          let entry = linkNodes[i]
          return ConfigError(
            file: path, line: entry.mark?.line, column: entry.mark?.column,
            key: "factors.\(key).link[\(i)]", message: message)
        }
        if let other = setBy[target.text] {
          throw failTarget("\(target) is also set by \(other); a config field takes one value")
        }
        setBy[target.text] = "factor \(key)"
        // Every level the factor takes must give a valid config on its own, at every
        // field it sets, exactly as `--set PATH=VALUE` would.
        for x in checkedValues(factor) {
          do {
            _ = try ConfigOverride(path: target, value: scalar(x, factor)).check(
              in: base, basePath: basePath, describedAs: factor.label(x) ?? "\(x)")
          } catch {
            throw failTarget(error.message)
          }
        }
      }
      factors.append(factor)
    }
    let derived = try derivedValues(
      node, factors: factors, setBy: &setBy, base: base, basePath: basePath, path: path)
    _ = try SweepLabels.read(node, factors: factors.map(\.path.text), path: path)
    if let pair = settings.pair {
      guard let factor = factors.first(where: { $0.name == pair }) else {
        throw located(node, "pair", path, "pair: '\(pair)' is not a factor of this sweep")
      }
      guard case .levels(let levels) = factor.values, levels.count >= 2, factors.count >= 2
      else {
        throw located(
          node, "pair", path,
          "pair: '\(pair)' needs a list of levels (two or more) and at least one other factor")
      }
    }
    let paired = settings.pair != nil
    let k = factors.count - (paired ? 1 : 0)
    if (settings.design == .sobol && k > SobolSequence.maxDimension)
      || (settings.design == .saltelli && 2 * k > SobolSequence.maxDimension)
    {
      throw located(
        node, "design", path,
        "design '\(settings.design.rawValue)' takes at most \(settings.design == .sobol ? 40 : 20) factors; this sweep has \(k)"
      )
    }
    return SweepSpec(
      path: path, model: .accord, basePath: basePath, design: settings.design,
      samples: settings.samples ?? 0,
      replicates: settings.replicates, seed: UInt32(settings.seed), keep: settings.keep,
      every: settings.every,
      factors: factors, derived: derived, base: base, pair: settings.pair,
      secondOrder: settings.secondOrder)
  }

  /// Whether `key` is a plain name (a linked factor's): a letter or `_`, then letters,
  /// digits and `_`.
  static func isName(_ key: String) -> Bool {
    guard let first = key.first, first.isASCII, first.isLetter || first == "_" else {
      return false
    }
    return key.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
  }

  /// The text of a sweep or config file, with what is wrong if it cannot be read.
  package static func text(of path: String) throws(ConfigError) -> String {
    try InputText.read(path: path)
  }

  /// A sweep of a closed-form model (the Ishigami test function): exactly the model's
  /// factors, in its order, with bounds; no base config.
  static func closedForm(_ settings: Settings, node: Node, path: String) throws(ConfigError)
    -> SweepSpec
  {
    let names = settings.model.kind.factorNames
    let model = "model '\(settings.model.rawValue)'"
    let list =
      names.dropLast().joined(separator: ", ") + (names.count > 1 ? " and " : "")
      + (names.last ?? "")
    guard let pairs = node.mapping?["factors"]?.mapping else {
      throw located(node, "factors", path, "\(model) needs factors \(list)")
    }
    var factors: [Factor] = []
    for (keyNode, valueNode) in pairs {
      let key = keyNode.string ?? ""
      let values = try ConfigLoader.decode(FactorValues.self, from: valueNode, path: path)
      guard let fp = FactorPath(key), names.contains(key), values.links.isEmpty else {
        throw ConfigError(
          file: path, line: keyNode.mark?.line, column: keyNode.mark?.column, key: "factors.\(key)",
          message: "\(model) takes factors \(list)")
      }
      factors.append(Factor(path: fp, values: values.values, integer: values.integer))
    }
    guard factors.map(\.path.text) == names else {
      throw located(node, "factors", path, "\(model) needs factors \(list), in that order")
    }
    if node.mapping?["derive"] != nil {
      throw located(node, "derive", path, "\(model) has no config fields to derive")
    }
    return SweepSpec(
      path: path, model: settings.model, basePath: "", design: settings.design,
      samples: settings.samples ?? 0,
      replicates: settings.replicates, seed: UInt32(settings.seed), keep: .summary, every: 1,
      factors: factors,
      base: Node.mapping(Node.Mapping([])), secondOrder: settings.secondOrder)
  }

  /// The values of a factor checked against the base config when a sweep is loaded.
  ///
  /// Every level written as a list (a run takes each of them); for a `{from, to, step}`
  /// range its ends and second level (its interior lies between the ends and differs
  /// from them only by multiples of the step, which the second level tests against
  /// whole-number keys); for `{low, high}` bounds the ends and an irrational interior
  /// point (whole-number keys need `integer: true`).
  static func checkedValues(_ f: Factor) -> [Double] {
    switch f.values {
    case .levels(let v):
      if f.labels != nil || v.count <= maxCheckedLevels { return Array(Set(v)).sorted() }
      return Array(Set([v[0], v[1], v[v.count - 1], v.min() ?? v[0], v.max() ?? v[0]])).sorted()
    case .bounds:
      return [f.value(at: 0), f.value(at: 0.5 / Double.pi), f.value(at: 0.999_999_999)]
    }
  }

  /// Lists of levels up to this long are checked level by level (each check builds a
  /// world from the base config); longer ones come from ranges.
  static let maxCheckedLevels = 256

  /// A YAML scalar for a factor value: integers without a decimal point.
  static func scalar(_ x: Double, _ factor: Factor? = nil) -> Node {
    if let label = factor?.label(x) { return Node(label) }
    if x == x.rounded() && abs(x) < 1e15 { return Node(String(Int(x)), Tag(.int)) }
    return Node("\(x)", Tag(.float))
  }

  static func located(_ node: Node, _ key: String, _ path: String, _ message: String) -> ConfigError
  {
    let mark = node.mapping?.first { $0.key.string == key }?.key.mark ?? node.mark
    return ConfigError(
      file: path, line: mark?.line, column: mark?.column, key: key, message: message)
  }

  /// The number of design points (with `pair`, each point of the other factors once per
  /// level of the paired factor).
  package var pointCount: Int {
    guard let pairing else {
      return Design.count(design, factors: factors, samples: samples, secondOrder: secondOrder)
    }
    var others = factors
    others.remove(at: pairing.index)
    let (product, overflow) = Design.count(design, factors: others, samples: samples)
      .multipliedReportingOverflow(by: pairing.levels.count)
    return overflow ? Int.max : product
  }

  /// The paired factor's position among the factors and its levels.
  package var pairing: (index: Int, levels: [Double])? {
    guard let pair, let index = factors.firstIndex(where: { $0.name == pair }),
      case .levels(let levels) = factors[index].values
    else { return nil }
    return (index, levels)
  }

  /// The design points as factor values, in run order.
  ///
  /// With `pair`, the design is drawn over the other factors (so the paired factor takes
  /// no stratum of a Latin hypercube), and each of its points is followed by its copies
  /// at every level of the paired factor, which varies fastest.
  package func points() throws -> [[Double]] {
    guard let pairing else {
      return try Design.points(
        design, factors: factors, samples: samples, seed: seed, secondOrder: secondOrder)
    }
    var others = factors
    others.remove(at: pairing.index)
    return try Design.points(design, factors: others, samples: samples, seed: seed).flatMap {
      point in
      pairing.levels.map { level in
        var full = point
        full.insert(level, at: pairing.index)
        return full
      }
    }
  }

  /// The seed of run `run`.
  ///
  /// Without `pair`: ``RunSeeds/seed(base:run:)`` of the run index, distinct for every run.
  /// With `pair`, runs differing only in the paired factor share a seed (common random
  /// numbers): the seed is that of the index `world * replicates + replicate`, where
  /// `world` is the design point of the other factors, so seeds are distinct across
  /// worlds and replicates by the same bijection.
  package func seed(run: Int) -> UInt32 {
    guard let pairing else { return RunSeeds.seed(base: seed, run: run) }
    let world = run / replicates / pairing.levels.count
    return RunSeeds.seed(base: seed, run: world * replicates + run % replicates)
  }
  /// The number of runs: points times replicates.
  package var runCount: Int {
    let (product, overflow) = pointCount.multipliedReportingOverflow(by: replicates)
    return overflow ? Int.max : product
  }

  /// The base config with design point `values` applied.
  ///
  /// Each factor's value goes to every field it sets (its own path, or its `link` paths),
  /// then each derived value is computed from the factors' values and applied.
  package func config(at values: [Double]) throws(ConfigError) -> Node {
    var node = base
    var byName: [String: Double] = [:]
    for (factor, x) in zip(factors, values) {
      byName[factor.name] = x
      for target in factor.targets {
        switch target.applying(Self.scalar(x, factor), to: node) {
        case .success(let updated): node = updated
        case .failure(let error):
          throw ConfigError(file: path, key: "factors.\(factor.path)", message: error.message)
        }
      }
    }
    for d in derived {
      let result: Result<Node, FactorPathError>
      do {
        result = d.path.applying(Self.scalar(try d.value(byName)), to: node)
      } catch {
        throw ConfigError(file: path, key: "derive.\(d.path)", message: error.message)
      }
      switch result {
      case .success(let updated): node = updated
      case .failure(let error):
        throw ConfigError(file: path, key: "derive.\(d.path)", message: error.message)
      }
    }
    return node
  }
}
