import AccordNumerics
import Testing

@Suite struct SobolSequenceTests {
  /// The first 2^k points of a Sobol sequence put exactly one point in each dyadic cell
  /// of width 2^-k, in every coordinate.
  ///
  /// GSL omits the first point (the origin), so its first 15 points fill the 15 cells other than
  /// the origin's.
  @Test func firstPointsStratifyEachCoordinate() {
    let sobol = SobolSequence(dimension: 3)
    let points = (0..<15).map { _ in sobol.next() }
    for d in 0..<3 {
      let cells = Set(points.map { Int($0[d] * 16) })
      #expect(cells.count == 15)
      #expect(!cells.contains(0))
    }
    #expect(points[0] == [0.5, 0.5, 0.5])
  }

  @Test func sequenceIsDeterministic() {
    let a = SobolSequence(dimension: 2)
    let b = SobolSequence(dimension: 2)
    for _ in 0..<50 { #expect(a.next() == b.next()) }
  }
}
