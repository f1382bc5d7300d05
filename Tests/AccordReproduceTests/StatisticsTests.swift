import Foundation
import Testing

@testable import AccordReproduce

/// The intervals of `accord reproduce` against textbook values, and the verdict rules on
/// constructed intervals (docs/REPRODUCE.md, "Verdict of a test").
@Suite struct StatisticsTests {
  /// `values` with `successes` ones and the rest zeros.
  static func binary(_ successes: Int, of n: Int) -> [Double] {
    (0..<n).map { $0 < successes ? 1 : 0 }
  }

  static func close(_ a: Double, _ b: Double, _ tolerance: Double = 5e-5) -> Bool {
    abs(a - b) <= tolerance
  }

  // MARK: Wilson

  /// Newcombe (1998a), Table I, method 3 (Wilson's score interval), to 4 decimals.
  @Test(arguments: [
    (81, 263, 0.2553, 0.3662), (15, 148, 0.0624, 0.1605), (0, 20, 0.0, 0.1611),
    (1, 29, 0.0061, 0.1718),
  ])
  func wilsonMatchesNewcombe(successes: Int, n: Int, lower: Double, upper: Double) {
    let e = Estimate.mean(Self.binary(successes, of: n))
    #expect(e.method == .wilson)
    #expect(Self.close(e.lower, lower), "\(successes)/\(n): lower \(e.lower)")
    #expect(Self.close(e.upper, upper), "\(successes)/\(n): upper \(e.upper)")
  }

  /// 0 of n has a lower end of exactly 0 and n of n an upper end of exactly 1 (the
  /// formula leaves about 3.5e-18 at 0 of 200).
  @Test func wilsonIsClampedExactly() {
    for n in [1, 7, 30, 200, 800] {
      let none = Estimate.wilson(successes: 0, n: n)
      #expect(none.lower == 0)
      #expect(none.value == 0)
      let all = Estimate.wilson(successes: Double(n), n: n)
      #expect(all.upper == 1)
      #expect(all.value == 1)
    }
    // The upper end for 0 of 200 is 0.0188: above a bound of 0.01 (the review's point).
    #expect(Self.close(Estimate.wilson(successes: 0, n: 200).upper, 0.018846, 1e-6))
  }

  // MARK: Newcombe

  /// Newcombe (1998b), Table II, method 10 (hybrid score interval), to 4 decimals.
  @Test(arguments: [
    (56, 70, 48, 80, 0.0524, 0.3339), (9, 10, 3, 10, 0.1705, 0.8090),
    (6, 7, 2, 7, 0.0582, 0.8062), (5, 56, 0, 29, -0.0381, 0.1926),
    (0, 10, 0, 20, -0.1611, 0.2775), (0, 10, 0, 10, -0.2775, 0.2775),
    (10, 10, 0, 20, 0.6791, 1.0), (10, 10, 0, 10, 0.6075, 1.0),
  ])
  func newcombeMatchesTable(
    a: Int, m: Int, b: Int, n: Int, lower: Double, upper: Double
  ) {
    let e = Estimate.difference(Self.binary(a, of: m), Self.binary(b, of: n))
    #expect(e.method == .newcombe)
    #expect(Self.close(e.value, Double(a) / Double(m) - Double(b) / Double(n), 1e-12))
    #expect(Self.close(e.lower, lower), "\(a)/\(m) - \(b)/\(n): lower \(e.lower)")
    #expect(Self.close(e.upper, upper), "\(a)/\(m) - \(b)/\(n): upper \(e.upper)")
  }

  // MARK: Welch, slope, t

  /// The Welch test example of Wikipedia ("Welch's t-test", A1 against A2): t = -2.46 on
  /// 24.99 degrees of freedom, two-sided p = 0.021; the interval from scipy's t quantile.
  @Test func welchMatchesTextbook() throws {
    let a = [
      27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4,
    ]
    let b = [
      27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4,
    ]
    let e = Estimate.difference(a, b)
    #expect(e.method == .t)
    #expect(Self.close(e.value, -2.166667, 1e-6))
    #expect(Self.close(e.dof, 24.988529, 1e-5))
    #expect(Self.close(e.value / e.standardError, -2.455356, 1e-5))
    #expect(Self.close(e.lower, -3.984096, 1e-5))
    #expect(Self.close(e.upper, -0.349237, 1e-5))
    let p = try #require(e.pValue(null: 0, greater: false))
    #expect(Self.close(p, 0.021378 / 2, 1e-6))
  }

  /// y = (2, 4, 5, 4, 5) on x = 1...5: slope 0.6, SE sqrt(2.4 / 3 / 10), t(0.975, 3)
  /// = 3.182446 (by hand).
  @Test func slopeMatchesHandComputation() {
    let e = Estimate.slope(x: [1, 2, 3, 4, 5], y: [2, 4, 5, 4, 5])
    #expect(Self.close(e.value, 0.6, 1e-12))
    #expect(Self.close(e.standardError, 0.08.squareRoot(), 1e-12))
    #expect(e.dof == 3)
    #expect(Self.close(e.lower, -0.300132, 1e-6))
    #expect(Self.close(e.upper, 1.500132, 1e-6))
  }

  /// A mean's t interval: (1, 2, 3, 4) has mean 2.5, SE sqrt(5/3 / 4), t(0.975, 3).
  @Test func meanMatchesHandComputation() {
    let e = Estimate.mean([1, 2, 3, 4])
    let half = 3.182446305284263 * (5.0 / 3 / 4).squareRoot()
    #expect(Self.close(e.lower, 2.5 - half, 1e-9))
    #expect(Self.close(e.upper, 2.5 + half, 1e-9))
  }

  // MARK: Holm

  @Test func holmStepsDown() {
    // m = 4 at 0.025: 0.001 <= 0.025/4, then 0.01 > 0.025/3 stops the procedure.
    #expect(Holm.rejected([0.01, 0.001, 0.02, 0.012]) == [false, true, false, false])
    // 0.004 <= 0.025/3 and 0.006 <= 0.025/2, then 0.3 > 0.025.
    #expect(Holm.rejected([0.3, 0.006, 0.004]) == [false, true, true])
    // Every p at most its threshold: all rejected.
    #expect(Holm.rejected([0.006, 0.02, 0.01]) == [true, true, true])
    #expect(Holm.rejected([]) == [])
  }

  // MARK: verdict rules

  /// The four outcomes on constructed (signed) intervals, delta 0.2.
  @Test(arguments: [
    (0.25, 0.5, "holds"),  // excludes 0 on the claimed side, beyond delta
    (0.05, 0.3, "holds"),  // straddles delta: excludes 0, not inside (-delta, delta)
    (0.05, 0.15, "negligible"),  // excludes 0 but inside (-delta, delta): real, too small
    (-0.1, 0.1, "negligible"),  // contains 0, inside (-delta, delta)
    (-0.15, -0.01, "negligible"),  // wrong side, but inside (-delta, delta)
    (-0.24, -0.11, "reversed"),  // M3 at noise 0.05: wrong side, beyond delta
    (-0.5, -0.3, "reversed"),
    (-0.1, 0.3, "inconclusive"),  // contains 0, reaches beyond delta
    (-0.3, 0.1, "inconclusive"),
    (-0.3, 0.3, "inconclusive"),
  ])
  func intervalRule(lower: Double, upper: Double, kind: String) {
    #expect(Verdict.interval(lower: lower, upper: upper, delta: 0.2).kind == kind)
  }

  /// Without a smallest effect (manipulation checks) nothing is negligible.
  @Test func checksHaveNoNegligibleRegion() {
    #expect(Verdict.interval(lower: 0.001, upper: 0.002, delta: 0) == .holds)
    #expect(Verdict.interval(lower: -0.002, upper: -0.001, delta: 0) == .failsReversed)
    #expect(Verdict.interval(lower: -0.002, upper: 0.001, delta: 0).kind == "inconclusive")
    #expect(Verdict.interval(lower: .nan, upper: 1, delta: 0.1).kind == "inconclusive")
  }

  /// Exact values against delta and the solver's tolerance.
  @Test(arguments: [
    (0.1, "holds"), (0.02, "holds"), (0.019, "negligible"), (1e-3, "negligible"),
    (5e-5, "negligible"), (0, "negligible"), (-0.019, "negligible"), (-0.02, "reversed"),
    (-0.5, "reversed"),
  ])
  func exactRule(effect: Double, kind: String) {
    #expect(Verdict.exact(effect, delta: 0.02, tolerance: 1e-4).kind == kind)
  }

  @Test func exactChecksUseTheTolerance() {
    #expect(Verdict.exact(2e-7, delta: 0, tolerance: 1e-7) == .holds)
    #expect(Verdict.exact(5e-8, delta: 0, tolerance: 1e-7) == .negligible)
    #expect(Verdict.exact(-2e-7, delta: 0, tolerance: 1e-7) == .failsReversed)
    // M9-two-issues' map cells of about 1e-3 are not effects at delta 0.005.
    #expect(Verdict.exact(1.2e-3, delta: 0.005, tolerance: 1e-4) == .negligible)
  }

  static func test(
    expect: StatisticTest.Expectation, bound: Double = 0, minEffect: Double
  ) -> StatisticTest {
    StatisticTest(
      name: "t", kind: .mean, metric: "m", measure: "m", minEffect: minEffect, checks: nil,
      proportion: nil, factor: "", levels: [], expect: expect, bound: bound, filter: [],
      by: nil, compare: [])
  }

  /// The direction comes from `expect`, and a bound is the reference.
  @Test func judgeSignsByDirection() {
    let m3 = Estimate(value: -0.177, lower: -0.24, upper: -0.114, n: 120)
    #expect(
      Evaluation.judge(m3, Self.test(expect: .positive, minEffect: 0.02), tolerance: 0)
        == .failsReversed)
    #expect(
      Evaluation.judge(m3, Self.test(expect: .negative, minEffect: 0.02), tolerance: 0) == .holds)
    #expect(
      Evaluation.judge(m3, Self.test(expect: .increasing, minEffect: 0.02), tolerance: 0)
        == .failsReversed)
    // S8-supermajority, North: 0.17 [0.078, 0.258] against delta 0.2 straddles it: holds;
    // an interval wholly below 0.2 would be negligible.
    let s8 = Estimate(value: 0.17, lower: 0.078, upper: 0.258, n: 400)
    #expect(
      Evaluation.judge(s8, Self.test(expect: .positive, minEffect: 0.2), tolerance: 0) == .holds)
    let small = Estimate(value: 0.12, lower: 0.05, upper: 0.19, n: 400)
    #expect(
      Evaluation.judge(small, Self.test(expect: .positive, minEffect: 0.2), tolerance: 0)
        == .negligible)
    // A proportion of 0 of 200 against "below 0.01": Wilson's upper end 0.019 reaches
    // above the bound, so a manipulation check (no delta) cannot pass.
    let none = Estimate.wilson(successes: 0, n: 200)
    let check = Self.test(expect: .below, bound: 0.01, minEffect: .infinity)
    #expect(Evaluation.judge(none, check, tolerance: 0).kind == "inconclusive")
    // 0 of 800 (upper 0.0048) is below 0.01, by more than delta 0.005 at its lower end.
    let unanimity = Estimate.wilson(successes: 0, n: 800)
    #expect(
      Evaluation.judge(
        unanimity, Self.test(expect: .below, bound: 0.01, minEffect: 0.005), tolerance: 0) == .holds
    )
    // "Above 0.9" from 0.97: exact, 0.07 beyond the bound.
    #expect(
      Evaluation.judge(
        .exact(0.97), Self.test(expect: .above, bound: 0.9, minEffect: 0.05), tolerance: 1e-7)
        == .holds)
  }

  // MARK: combining

  @Test func combineRanksReversedThenNegligibleThenInconclusive() {
    #expect(Verdict.combine([.holds, .holds]) == .holds)
    #expect(Verdict.combine([.holds, .negligible, .inconclusive("x")]) == .negligible)
    #expect(Verdict.combine([.negligible, .failsReversed, .inconclusive("x")]) == .failsReversed)
    #expect(Verdict.combine([.holds, .inconclusive("x")]).kind == "inconclusive")
    #expect(Verdict.combine([.holds, .holdsOnlyWhen("a = 1")]) == .holdsOnlyWhen("a = 1"))
  }

  @Test func conditionsNameWhatTheOtherLevelsShow() {
    let mixed = Evaluation.conditional(
      "x.noise", [("0", .holds), ("0.05", .failsReversed), ("0.1", .inconclusive("wide"))])
    #expect(mixed == .holdsOnlyWhen("noise = 0 (reversed at 0.05; inconclusive at 0.1)"))
    #expect(Evaluation.conditional("n", [("1", .holds), ("2", .holds)]) == .holds)
    #expect(
      Evaluation.conditional("n", [("1", .negligible), ("2", .failsReversed)]) == .failsReversed)
    #expect(Evaluation.conditional("n", [("1", .negligible), ("2", .negligible)]) == .negligible)
    #expect(
      Evaluation.conditional("n", [("1", .negligible), ("2", .inconclusive("w"))]).kind
        == "inconclusive")
  }

  /// Only emergent tests make a reading; analytic ones alone are "analytic check only".
  @Test func analyticChecksMakeNoVerdict() {
    let analytic = Reading.of([(.analytic, .holds), (.analytic, .holds)])
    #expect(analytic.emergent == nil)
    #expect(!analytic.holds)
    #expect(analytic.description == "analytic check only (implementation check: holds)")
    let mixed = Reading.of([(.analytic, .failsReversed), (.emergent, .holds), (nil, .negligible)])
    #expect(mixed.emergent == .holds)
    #expect(mixed.analytic == .failsReversed)
    #expect(mixed.description == "holds")
    #expect(Reading.combine([analytic, mixed]).emergent == .holds)
  }

  // MARK: peak

  /// The peak's estimate, interval and p-value are one difference (the binding one, with
  /// the larger p-value), and its lower end excludes 0 exactly when that p is below 0.025.
  @Test func peakIsOneQuantity() throws {
    // Level 1 peaks; it beats level 0 by about 1 and level 2 by about 0.3.
    let groups: [[Double]] = [
      (0..<40).map { 0 + 0.2 * sin(Double($0)) },
      (0..<40).map { 1 + 0.2 * cos(Double($0)) },
      (0..<40).map { 0.7 + 0.2 * sin(Double($0) * 1.3) },
    ]
    let (e, level) = Evaluation.peak(groups, proportion: nil, split: false)
    #expect(level == 1)
    var down = Estimate.difference(groups[1], groups[2])
    down.n = 120
    #expect(e == down)
    let p = try #require(e.pValue(null: 0, greater: true))
    let pUp = try #require(Estimate.difference(groups[1], groups[0]).pValue(null: 0, greater: true))
    #expect(p >= pUp)
    #expect((e.lower > 0) == (p < 0.025))
  }

  /// With `split`, the level is chosen on the runs at even positions and tested on the
  /// runs at odd positions.
  @Test func peakChoosesOnOneHalfAndTestsOnTheOther() {
    // Even positions: level 1 peaks (2 against 1 at level 2); odd positions: level 2
    // peaks. The test half must be level 1's odd runs (value 0.5 minus the ends').
    func level(_ even: Double, _ odd: Double) -> [Double] {
      (0..<20).map { (i: Int) -> Double in
        let base = i % 2 == 0 ? even : odd
        return base + 0.01 * Double(i)
      }
    }
    let groups = [level(0, 0), level(2, 0.5), level(1, 3), level(0, 0)]
    let (e, chosen) = Evaluation.peak(groups, proportion: nil, split: true)
    #expect(chosen == 1)
    #expect(Self.close(e.value, 0.5, 1e-12))
    #expect(e.n == 40)
    let (all, allChosen) = Evaluation.peak(groups, proportion: nil, split: false)
    #expect(allChosen == 2)
    #expect(all.n == 80)
  }
}

/// The preregistration record's hash, against FIPS 180-4's examples.
@Suite struct SHA256Tests {
  @Test(arguments: [
    ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
    ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
    (
      "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
    ),
  ])
  func fipsExamples(message: String, digest: String) {
    #expect(SHA256.hex(Array(message.utf8)) == digest)
  }

  @Test func aMillionAs() {
    #expect(
      SHA256.hex([UInt8](repeating: 0x61, count: 1_000_000))
        == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
  }
}
