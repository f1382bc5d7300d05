import AccordNumerics

/// How design points are chosen.
package enum DesignKind: String, Sendable, CaseIterable, Codable {
  /// Every combination of every factor's levels.
  case fullFactorial = "full-factorial"
  /// `samples` points; each factor's range cut into `samples` strata, each hit once.
  case latinHypercube = "latin-hypercube"
  /// `samples` points of GSL's Sobol sequence.
  case sobol
  /// Saltelli's scheme for Sobol indices: `samples` base points, each giving the rows
  /// A, B and A with column i from B, for every factor i: `samples (k + 2)` points (with
  /// `second_order: true`, also B with column i from A: `samples (2k + 2)`).
  case saltelli
  /// Morris's elementary-effects screening: `samples` trajectories of k + 1 points on a
  /// grid of 4 levels per factor, each step moving one factor by 2/3 of its range.
  case morris
  /// Explicit points: every factor lists one value per point, all lists equally long, and
  /// point i takes entry i of each (points drawn by another tool, such as a Python sampler).
  case points
}

/// Design points as unit coordinates (one per factor) or level indices, then values.
///
/// The sampling designs draw unit coordinates and map them through
/// ``Factor/value(at:)``, which gives each discrete value (a level, a whole number of
/// integer bounds) an equal share; Morris maps its grid through
/// ``Factor/value(morris:levels:)``. The coordinates themselves do not depend on the
/// factors' values, so the Sobol and Morris analyses, which regenerate or index the
/// design's structure, are unaffected by how values are mapped.
package enum Design {
  /// The design's points as factor values, in run order.
  package static func points(
    _ kind: DesignKind, factors: [Factor], samples: Int, seed: UInt32, secondOrder: Bool = false
  )
    throws
    -> [[Double]]
  {
    switch kind {
    case .fullFactorial:
      let levels = factors.map { f -> [Double] in
        if case .levels(let values) = f.values { return values }
        return []
      }
      var points: [[Double]] = [[]]
      for values in levels {
        points = points.flatMap { prefix in values.map { prefix + [$0] } }
      }
      return points
    case .points:
      let columns = factors.map { f -> [Double] in
        if case .levels(let values) = f.values { return values }
        return []
      }
      let n = columns.first?.count ?? 0
      return (0..<n).map { i in columns.map { $0[i] } }
    case .latinHypercube:
      let random = try RandomStream(seed: seed)
      var columns: [[Double]] = []
      for _ in factors {
        var strata = Array(0..<samples)
        random.shuffle(&strata)
        columns.append(strata.map { (Double($0) + random.uniform()) / Double(samples) })
      }
      return (0..<samples).map { n in factors.indices.map { factors[$0].value(at: columns[$0][n]) }
      }
    case .sobol:
      let sequence = SobolSequence(dimension: factors.count)
      return (0..<samples).map { _ in
        let u = sequence.next()
        return factors.indices.map { factors[$0].value(at: u[$0]) }
      }
    case .saltelli:
      let k = factors.count
      let sequence = SobolSequence(dimension: 2 * k)
      var points: [[Double]] = []
      for _ in 0..<samples {
        let u = sequence.next()
        let a = Array(u[0..<k])
        let b = Array(u[k..<(2 * k)])
        points.append(a)
        points.append(b)
        for i in 0..<k {
          var ab = a
          ab[i] = b[i]
          points.append(ab)
        }
        // BA rows after the AB rows, so a first-order store's rows are a prefix of each
        // base point's group.
        for i in 0..<k where secondOrder {
          var ba = b
          ba[i] = a[i]
          points.append(ba)
        }
      }
      return points.map { u in factors.indices.map { factors[$0].value(at: u[$0]) } }
    case .morris:
      return try MorrisTrajectory.all(factors: factors.count, samples: samples, seed: seed)
        .flatMap { $0.points }
        // Grid points, not uniform draws: discrete factors take evenly spaced values.
        .map { u in factors.indices.map { factors[$0].value(morris: u[$0]) } }
    }
  }

  /// The number of points, without generating them.
  package static func count(
    _ kind: DesignKind, factors: [Factor], samples: Int, secondOrder: Bool = false
  ) -> Int {
    switch kind {
    case .fullFactorial:
      factors.reduce(1) { total, f in
        if case .levels(let v) = f.values {
          // Saturates: a product beyond Int.max is refused as too many runs.
          let (product, overflow) = total.multipliedReportingOverflow(by: v.count)
          return overflow ? Int.max : product
        }
        return 0
      }
    case .points:
      if let first = factors.first, case .levels(let v) = first.values { v.count } else { 0 }
    case .latinHypercube, .sobol: samples
    case .saltelli: samples * ((secondOrder ? 2 : 1) * factors.count + 2)
    case .morris: samples * (factors.count + 1)
    }
  }
}

extension Design {
  /// Why `factor` cannot follow the factors `earlier` in a design of `kind`, or nil.
  ///
  /// Explicit points may repeat a level's name (two points with the same strategy);
  /// elsewhere a repeated name is a typo.
  package static func refusal(_ kind: DesignKind, factor: Factor, after earlier: [Factor])
    -> String?
  {
    if kind == .fullFactorial || kind == .points, case .bounds = factor.values {
      return "design '\(kind.rawValue)' needs levels: a list or {from, to, step}, not {low, high}"
    }
    if kind != .points, let names = factor.labels, Set(names).count != names.count {
      return "a level is listed twice"
    }
    if kind == .points, let first = earlier.first, first.discreteCount != factor.discreteCount {
      return "design 'points' needs one value per point in every factor: \(first.name) lists "
        + "\(first.discreteCount ?? 0), \(factor.name) lists \(factor.discreteCount ?? 0)"
    }
    return nil
  }
}
