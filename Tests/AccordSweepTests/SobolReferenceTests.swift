import AccordConfig
import Foundation
import Testing

@testable import AccordSweep

/// The Sobol estimator against SALib's, and its invariance to a shift of the outputs.
@Suite struct SobolReferenceTests {
  struct Fixture: Decodable {
    var a: [Double]
    var b: [Double]
    var ab: [[Double]]
    var firstOrder: [Double]
    var total: [Double]
    var ba: [[Double]]
    var secondOrder: [Double]
    var secondOrderFirst: [Double]
    var secondOrderTotal: [Double]

    enum CodingKeys: String, CodingKey {
      case a, b, ab, ba
      case firstOrder = "first_order"
      case total
      case secondOrder = "second_order"
      case secondOrderFirst = "second_order_first"
      case secondOrderTotal = "second_order_total"
    }
  }

  /// Written by scripts/sobol-salib-reference.py (SALib's `sobol.analyze` on Ishigami
  /// outputs shifted by 100, 64 base points).
  static func fixture() throws -> Fixture {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("Fixtures/sobol-salib.json")
    return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
  }

  @Test func agreesWithSALibOnTheSameSample() throws {
    let f = try Self.fixture()
    let ours = try SobolIndices.compute(a: f.a, b: f.b, ab: f.ab, bootstrap: 0, seed: 1)
    for i in 0..<3 {
      #expect(abs(ours.firstOrder[i].value - f.firstOrder[i]) < 1e-12)
      #expect(abs(ours.total[i].value - f.total[i]) < 1e-12)
    }
  }

  /// With the BA rows SALib centres over them too, so its first-order and total indices
  /// move slightly; the second-order ones are Saltelli's (2002) estimator.
  @Test func secondOrderAgreesWithSALibOnTheSameSample() throws {
    let f = try Self.fixture()
    let ours = try SobolIndices.compute(a: f.a, b: f.b, ab: f.ab, ba: f.ba, bootstrap: 0, seed: 1)
    #expect(ours.secondOrder.count == 3 && f.secondOrder.count == 3)
    for p in 0..<3 { #expect(abs(ours.secondOrder[p].value - f.secondOrder[p]) < 1e-12) }
    for i in 0..<3 {
      #expect(abs(ours.firstOrder[i].value - f.secondOrderFirst[i]) < 1e-12)
      #expect(abs(ours.total[i].value - f.secondOrderTotal[i]) < 1e-12)
    }
    // Without BA rows there are none.
    let plain = try SobolIndices.compute(a: f.a, b: f.b, ab: f.ab, bootstrap: 0, seed: 1)
    #expect(plain.secondOrder.isEmpty)
  }

  @Test(arguments: [1000.0, -1e4, 1e6])
  func indicesAreShiftInvariant(shift: Double) throws {
    let f = try Self.fixture()
    let plain = try SobolIndices.compute(a: f.a, b: f.b, ab: f.ab, bootstrap: 50, seed: 7)
    let moved = try SobolIndices.compute(
      a: f.a.map { $0 + shift }, b: f.b.map { $0 + shift }, ab: f.ab.map { $0.map { $0 + shift } },
      bootstrap: 50, seed: 7)
    let tolerance = shift.magnitude > 1e5 ? 1e-7 : 1e-9
    for i in 0..<3 {
      for (x, y) in [
        (plain.firstOrder[i], moved.firstOrder[i]), (plain.total[i], moved.total[i]),
      ] {
        #expect(abs(x.value - y.value) < tolerance)
        #expect(abs(x.lower - y.lower) < tolerance)
        #expect(abs(x.upper - y.upper) < tolerance)
      }
    }
  }
}
