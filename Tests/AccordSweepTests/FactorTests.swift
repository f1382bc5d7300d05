import AccordConfig
import AccordNumerics
import Foundation
import Testing

@testable import AccordSweep

/// Integer factors are uniform over their whole numbers in every design, and evenly
/// spaced on Morris's grid.
@Suite struct IntegerFactorTests {
  /// The 0.999 quantiles of chi-squared with 9 and 3 degrees of freedom (scipy's
  /// `chi2.ppf(0.999, 9)` and `chi2.ppf(0.999, 3)`; GSL agrees, checked below).
  static let critical9 = 27.877164871256568
  static let critical3 = 16.26623619623813

  func integer(_ name: String, _ low: Double, _ high: Double) -> Factor {
    guard let path = FactorPath(name) else { preconditionFailure("bad factor path \(name)") }
    return Factor(path: path, values: .bounds(low: low, high: high), integer: true)
  }

  func unit(_ name: String) -> Factor {
    guard let path = FactorPath(name) else { preconditionFailure("bad factor path \(name)") }
    return Factor(path: path, values: .bounds(low: 0, high: 1), integer: false)
  }

  /// Pearson's statistic of `values` against equal counts at each of `levels`.
  static func chiSquare(_ values: [Double], levels: [Double]) -> Double {
    let expected = Double(values.count) / Double(levels.count)
    return levels.reduce(0) { sum, level in
      let observed = Double(values.filter { $0 == level }.count)
      return sum + (observed - expected) * (observed - expected) / expected
    }
  }

  @Test func criticalValuesAreGSLs() {
    #expect(abs(ChiSquared.quantile(0.999, dof: 9) - Self.critical9) < 1e-9)
    #expect(abs(ChiSquared.quantile(0.999, dof: 3) - Self.critical3) < 1e-9)
  }

  /// Unit coordinates map to whole numbers in equal shares: `low + floor(u k)`.
  @Test func unitCoordinatesMapToEqualShares() {
    let n = integer("n", 1, 10)
    #expect(n.discreteCount == 10)
    #expect(
      [0, 0.0999, 0.1, 0.55, 0.8999, 0.9, 0.999_999_999, 1].map(n.value(at:)) == [
        1, 1, 2, 6, 9, 10, 10, 10,
      ])
    let signed = integer("m", -5, 4)
    #expect([0, 0.05, 0.5, 0.55, 0.95].map(signed.value(at:)) == [-5, -5, 0, 0, 4])
    // The largest accepted bounds keep the count exact.
    let wide = integer("w", -999_999_999_999_999, 999_999_999_999_999)
    #expect(wide.discreteCount == 1_999_999_999_999_999)
    #expect(wide.value(at: 0) == -999_999_999_999_999)
    #expect(wide.value(at: 1) == 999_999_999_999_999)
  }

  /// Two integer factors (10 whole numbers each) in a sampling design of 1,000 points:
  /// every whole number appears, and the counts pass a chi-squared test of uniformity at
  /// the 0.999 level (9 degrees of freedom).
  @Test(arguments: [DesignKind.latinHypercube, .sobol, .saltelli])
  func integerLevelsAreUniform(design: DesignKind) throws {
    let factors = [integer("n", 1, 10), unit("x"), integer("m", -4, 5)]
    let points = try Design.points(design, factors: factors, samples: 1000, seed: 17)
    #expect(points.count >= 1000)
    for (column, low) in [(0, 1.0), (2, -4.0)] {
      let levels = (0..<10).map { low + Double($0) }
      let values = points.map { $0[column] }
      #expect(Set(values) == Set(levels))
      let statistic = Self.chiSquare(values, levels: levels)
      print("chi-square \(design.rawValue) column \(column): \(statistic) (N = \(values.count))")
      #expect(statistic < Self.critical9)
    }
  }

  /// Independent uniform draws (GSL's generator) through the same mapping.
  @Test func independentDrawsAreUniform() throws {
    let random = try RandomStream(seed: 23)
    let n = integer("n", 1, 10)
    let values = (0..<10_000).map { _ in n.value(at: random.uniform()) }
    let statistic = Self.chiSquare(values, levels: (1...10).map(Double.init))
    print("chi-square random draws: \(statistic) (N = 10000)")
    #expect(statistic < Self.critical9)
  }

  /// Rounding a continuous value (the former rule) halves the ends' share; the test
  /// above would catch it.
  @Test func roundingFailsTheTest() throws {
    let points = try Design.points(.latinHypercube, factors: [unit("u")], samples: 1000, seed: 17)
    let rounded = points.map { (1 + $0[0] * 9).rounded() }
    #expect(Self.chiSquare(rounded, levels: (1...10).map(Double.init)) > Self.critical9)
  }

  /// Saltelli's rows keep their structure with integer factors: the value mapping is per
  /// column, so AB_i is A with column i from B, as the index estimators assume.
  @Test func saltelliRowsKeepTheirStructure() throws {
    let factors = [integer("n", 1, 10), unit("x"), integer("m", -4, 5)]
    let points = try Design.points(.saltelli, factors: factors, samples: 64, seed: 1)
    #expect(points.count == 64 * 5)
    var differing = 0
    for n in 0..<64 {
      let (a, b) = (points[5 * n], points[5 * n + 1])
      differing += a[0] != b[0] ? 1 : 0
      for i in 0..<3 {
        let ab = points[5 * n + 2 + i]
        for j in 0..<3 { #expect(ab[j] == (j == i ? b[j] : a[j])) }
      }
    }
    #expect(differing > 32)
  }

  /// With second order, each base point's group is the first-order group followed by the
  /// rows B with column i from A.
  @Test func saltelliSecondOrderAddsTheBARows() throws {
    let factors = [integer("n", 1, 10), unit("x"), integer("m", -4, 5)]
    let first = try Design.points(.saltelli, factors: factors, samples: 32, seed: 1)
    let second = try Design.points(
      .saltelli, factors: factors, samples: 32, seed: 1, secondOrder: true)
    #expect(second.count == 32 * 8)
    #expect(Design.count(.saltelli, factors: factors, samples: 32, secondOrder: true) == 256)
    for n in 0..<32 {
      #expect(Array(second[(8 * n)..<(8 * n + 5)]) == Array(first[(5 * n)..<(5 * n + 5)]))
      let (a, b) = (second[8 * n], second[8 * n + 1])
      for i in 0..<3 {
        let ba = second[8 * n + 5 + i]
        for j in 0..<3 { #expect(ba[j] == (j == i ? a[j] : b[j])) }
      }
    }
  }

  /// Morris's 4 grid levels over k whole numbers: indices round(j (k - 1) / 3).
  @Test func morrisIndicesAreEvenlySpaced() throws {
    func indices(_ k: Int) -> [Int] { (0..<4).map { Factor.evenIndex(level: $0, of: 4, over: k) } }
    #expect(indices(10) == [0, 3, 6, 9])
    #expect(indices(7) == [0, 2, 4, 6])
    #expect(indices(4) == [0, 1, 2, 3])
    // 3 does not divide k - 1: the nearest indices to 0, 4/3, 8/3, 4.
    #expect(indices(5) == [0, 1, 3, 4])
    #expect(indices(2) == [0, 0, 1, 1])
    let levels = Factor(
      path: try #require(FactorPath("x")), values: .levels([5, 6, 7, 8, 9, 10, 11]), integer: false)
    #expect([0, 1.0 / 3, 2.0 / 3, 1].map { levels.value(morris: $0) } == [5, 7, 9, 11])
  }

  /// In a Morris design, integer factors take evenly spaced values in equal shares, and
  /// every step moves the factor it moves by 2/3 of its range exactly.
  ///
  /// The chi-squared test takes the trajectories' start points (1,000, independent):
  /// a trajectory's k + 1 points share most coordinates, so its points together are not
  /// independent draws. A move maps grid levels one to one (0 and 2, 1 and 3), so the
  /// moved values have the start values' distribution.
  @Test func morrisDesignUsesEvenlySpacedIntegers() throws {
    let factors = [integer("n", 1, 10), integer("m", 0, 6), unit("x")]
    let points = try Design.points(.morris, factors: factors, samples: 1000, seed: 5)
    #expect(points.count == 4000)
    for (column, levels) in [(0, [1.0, 4, 7, 10]), (1, [0.0, 2, 4, 6])] {
      #expect(Set(points.map { $0[column] }) == Set(levels))
      let starts = stride(from: 0, to: points.count, by: 4).map { points[$0][column] }
      let statistic = Self.chiSquare(starts, levels: levels)
      print("chi-square morris column \(column): \(statistic) (N = 1000 starts, 3 df)")
      #expect(statistic < Self.critical3)
    }
    let trajectories = try MorrisTrajectory.all(factors: 3, samples: 1000, seed: 5)
    for (t, trajectory) in trajectories.enumerated() {
      for (s, moved) in trajectory.moved.enumerated() where moved < 2 {
        let before = points[t * 4 + s][moved]
        let after = points[t * 4 + s + 1][moved]
        #expect(after - before == trajectory.direction[s] * (moved == 0 ? 6 : 4))
      }
    }
  }
}

/// Linked factors and derived values, loaded from sweep files and checked at plan time.
@Suite struct LinkedFactorTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent()
    .deletingLastPathComponent()

  static let header = """
    base: ../examples/quickstart.yaml
    design: latin-hypercube
    samples: 8
    factors:
      community:
        low: 1
        high: 10
        integer: true
        link:
          - nations[North].agents[north-scientists].count
          - nations[South].agents[south-scientists].count
      theta: {low: 0.5, high: 0.9}

    """

  func load(_ text: String) throws -> SweepSpec {
    let directory = Self.root.appendingPathComponent("Configs/sweeps")
    let file = directory.appendingPathComponent(".test-\(UUID().uuidString).yaml")
    try text.write(to: file, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(at: file) }
    return try SweepSpec.load(path: file.path)
  }

  func error(_ text: String) throws -> ConfigError? {
    do {
      _ = try load(text)
      return nil
    } catch let error as ConfigError {
      return error
    }
  }

  @Test func oneFactorSetsSeveralFieldsAndDerivedValuesFollow() throws {
    let spec = try load(
      Self.header + """
        derive:
          nations[South].agents[south-farmers].count: {expr: 2 * community - 1, integer: true}
          nations[South].quota: 0.55 + (theta - 0.5) / 4
        """)
    // One store column per design variable.
    #expect(spec.factors.map(\.name) == ["community", "theta"])
    #expect(
      spec.factors[0].targets.map(\.text) == [
        "nations[North].agents[north-scientists].count",
        "nations[South].agents[south-scientists].count",
      ])
    #expect(
      spec.derived.map(\.path.text) == [
        "nations[South].agents[south-farmers].count", "nations[South].quota",
      ])
    let loaded = try ConfigLoader.load(node: try spec.config(at: [3, 0.7]), path: spec.basePath)
    func count(_ prefix: String) -> Int {
      loaded.world.agents.filter { $0.name.hasPrefix(prefix) }.count
    }
    #expect(count("north-scientists") == 3)
    #expect(count("south-scientists") == 3)
    #expect(count("south-farmers") == 5)
    #expect(abs((loaded.config.nations[1].quota ?? 0) - 0.6) < 1e-12)
    // The design's values of the linked factor are the design variable's.
    let points = try Design.points(spec.design, factors: spec.factors, samples: 8, seed: 1)
    #expect(points.allSatisfy { (1...10).contains($0[0]) && $0[0] == $0[0].rounded() })
  }

  /// A linked list of levels in a full-factorial design; derived values see a plain
  /// factor by its path.
  @Test func linkedLevelsInAFullFactorialDesign() throws {
    let spec = try load(
      """
      base: ../examples/quickstart.yaml
      factors:
        community:
          levels: [2, 4]
          # In a flow list, paths with brackets are quoted (YAML ends the list at ']').
          link: ["nations[North].agents[north-scientists].count", "nations[South].agents[south-scientists].count"]
        evidence.trials: [0, 10]
      derive:
        nations[South].agents[south-farmers].count: evidence.trials + community
      """)
    #expect(spec.pointCount == 4)
    let points = try Design.points(spec.design, factors: spec.factors, samples: 0, seed: 1)
    #expect(points == [[2, 0], [2, 10], [4, 0], [4, 10]])
    let loaded = try ConfigLoader.load(node: try spec.config(at: [4, 10]), path: spec.basePath)
    func count(_ prefix: String) -> Int {
      loaded.world.agents.filter { $0.name.hasPrefix(prefix) }.count
    }
    #expect(count("north-scientists") == 4 && count("south-scientists") == 4)
    #expect(count("south-farmers") == 14)
    #expect(loaded.config.evidence.trials == 10)
  }

  @Test func derivedIntegerRoundingIsHalfAwayFromZero() throws {
    let d = DerivedValue(
      path: try #require(FactorPath("x")), expression: try FactorExpression.parse("n / 2"),
      integer: true)
    #expect(try [5, 3, -5, 4].map { try d.value(["n": $0]) } == [3, 2, -3, 2])
    let e = try FactorExpression.parse("-(a + 2) * 3 - b / (4 - a)")
    #expect(try e.evaluate(["a": 1, "b": 6]) == -11)
    #expect(e.description == "-(a + 2) * 3 - b / (4 - a)")
    #expect(
      try FactorExpression.parse("1e3 - nations[North].agents[a-b].count").names == [
        "nations[North].agents[a-b].count"
      ])
    #expect(try e.bounds(["a": 0...2, "b": 0...6]) == -15...(-6))
  }

  @Test func badLinksAndExpressionsNameTheFactor() throws {
    let unknownLink = try #require(
      try error(
        Self.header.replacingOccurrences(
          of: "south-scientists].count", with: "south-scientists].cont")))
    #expect(unknownLink.key == "factors.community.link[1]")
    #expect(unknownLink.line == 11 && unknownLink.column == 9)
    #expect(unknownLink.message.contains("names no config field"), "\(unknownLink)")

    let zero = try #require(
      try error(Self.header.replacingOccurrences(of: "low: 1", with: "low: 0")))
    #expect(zero.key == "factors.community.link[0]" && zero.line == 10)
    #expect(zero.message.contains("value 0.0 gives an invalid config"), "\(zero)")
    #expect(zero.message.contains("allowed"), "\(zero)")

    let notName = try #require(
      try error(
        Self.header.replacingOccurrences(of: "  community:", with: "  nations[North].size:")))
    #expect(notName.key == "factors.nations[North].size" && notName.line == 5)
    #expect(notName.message.contains("a linked factor's key names its design variable"))

    let fractional = try #require(
      try error(Self.header.replacingOccurrences(of: "low: 1", with: "low: 1.5")))
    #expect(fractional.key == "factors.community.low")
    #expect(fractional.message.contains("integer: true takes whole-number bounds"))

    let derivePath = "nations[South].agents[south-farmers].count"
    func derive(_ expr: String) throws -> ConfigError? {
      try error(Self.header + "derive:\n  \(derivePath): \(expr)\n")
    }
    let misspelt = try #require(try derive("2 * comunity - 1"))
    #expect(misspelt.key == "derive.\(derivePath)" && misspelt.line == 14 && misspelt.column == 3)
    #expect(misspelt.message.contains("unknown name 'comunity'"), "\(misspelt)")
    #expect(misspelt.message.contains("(did you mean 'community'?)"), "\(misspelt)")

    let division = try #require(try derive("6 / (community - 1)"))
    #expect(division.key == "derive.\(derivePath)")
    #expect(
      division.message.contains("division by zero: the divisor community - 1 ranges over [0, 9]"),
      "\(division)")

    let below = try #require(try derive("community - 5"))
    #expect(
      below.message.contains("value -4 (at community = 1) gives an invalid config"), "\(below)")
    #expect(below.message.contains("allowed"), "\(below)")

    let half = try #require(try derive("community / 2"))
    #expect(half.message.contains("value 0.5 (at community = 1)"), "\(half)")

    let huge = try #require(try derive("community * 1e308 * 10"))
    #expect(huge.message.contains("can exceed 1.8e308"), "\(huge)")

    let syntax = try #require(try derive("\"2 * (community\""))
    #expect(syntax.message.contains("cannot read the expression"), "\(syntax)")
    #expect(syntax.message.contains("expected ')' at character 15"), "\(syntax)")

    let long = try #require(
      try derive(Array(repeating: "community", count: 101).joined(separator: " + ")))
    #expect(long.message.contains("the expression has 1209 characters; at most 1000"), "\(long)")

    let categorical = try #require(
      try error(
        Self.header + "  persuasion.strategy: [random, allies-first]\nderive:\n"
          + "  \(derivePath): persuasion.strategy + 1\n"))
    #expect(
      categorical.message.contains("'persuasion.strategy' is a categorical factor"),
      "\(categorical)")

    let twice = try #require(
      try error(
        Self.header + "derive:\n  nations[South].agents[south-scientists].count: community\n"))
    #expect(twice.message.contains("also set by factor community"), "\(twice)")
  }
}
