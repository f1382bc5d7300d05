import XCTest

@testable import AccordReproduce

/// The interaction statistic of `accord reproduce` (a difference of differences of four
/// cell means), against hand-computed values.
final class InteractionEstimateTests: XCTestCase {
  func testInteractionOfFourGroupsByHand() {
    // Means 2, 1, 4, 1; variances 2, 2, 4, 0.
    let e = Estimate.interaction([1, 3], [0, 2], [2, 4, 6], [1, 1, 1, 1])
    XCTAssertEqual(e.value, (2 - 1) - (4 - 1), accuracy: 1e-12)
    XCTAssertEqual(e.n, 11)
    // se^2 = 2/2 + 2/2 + 4/3 + 0; Welch-Satterthwaite dof = se^4 / (1 + 1 + (4/3)^2 / 2).
    let se = (2.0 + 4.0 / 3).squareRoot()
    let dof = (10.0 / 3) * (10.0 / 3) / (2 + 16.0 / 9 / 2)
    XCTAssertEqual(dof, 3.846153846153846, accuracy: 1e-12)
    // t(0.975) on 3.846 dof lies between t(0.975; 4) = 2.7764 and t(0.975; 3) = 3.1824.
    let half = (e.upper - e.lower) / 2
    XCTAssertEqual(e.value - e.lower, half, accuracy: 1e-12)
    XCTAssertGreaterThan(half / se, 2.7764)
    XCTAssertLessThan(half / se, 3.1824)
  }

  func testConstantCellsReduceTheInteractionToWelchsDifference() {
    let a = [0.1, 0.4, 0.35, 0.2, 0.9]
    let b = [0.5, 0.45, 0.7]
    let i = Estimate.interaction(a, b, [3, 3], [2, 2, 2])
    let w = Estimate.difference(a, b, proportion: false)
    XCTAssertEqual(i.value, w.value - 1, accuracy: 1e-12)
    XCTAssertEqual(i.upper - i.lower, w.upper - w.lower, accuracy: 1e-12)
  }

  func testEmptyAndSingletonCells() {
    XCTAssertTrue(Estimate.interaction([1], [], [1], [1]).value.isNaN)
    let one = Estimate.interaction([1], [2], [3], [5])
    XCTAssertEqual(one.value, 1, accuracy: 1e-12)
    XCTAssertTrue(one.lower.isNaN)
  }
}

/// The peak statistic (an interior level above both extremes, which level not fixed).
final class PeakEstimateTests: XCTestCase {
  func testPeakTakesTheBestInteriorLevelAndTheSmallerRise() {
    // Means 1, 3, 4, 2: the peak is level 2 (index 2), min(4 - 1, 4 - 2) = 2.
    let groups: [[Double]] = [[0, 2], [2, 4], [3, 5], [1, 3]]
    let (e, level) = Evaluation.peak(groups, proportion: false, split: false)
    XCTAssertEqual(level, 2)
    XCTAssertEqual(e.value, 2, accuracy: 1e-12)
    let down = Estimate.difference(groups[2], groups[3], proportion: false)
    let up = Estimate.difference(groups[2], groups[0], proportion: false)
    // The binding difference (equal spreads: the smaller rise) gives value, interval and
    // p-value alike.
    XCTAssertEqual(e.lower, min(up.lower, down.lower), accuracy: 1e-12)
    XCTAssertEqual(e.lower, down.lower, accuracy: 1e-12)
    XCTAssertEqual(e.standardError, down.standardError, accuracy: 1e-12)
    XCTAssertEqual(e.upper, down.upper, accuracy: 1e-12)
    XCTAssertEqual(e.n, 8)
    // A monotone profile has no interior peak: the estimate is not positive.
    XCTAssertLessThanOrEqual(
      Evaluation.peak([[1, 1.2], [2, 2.2], [3, 3.2]], proportion: false, split: false).estimate
        .value, 0)
  }
}
