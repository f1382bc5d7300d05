import AccordNumerics
import Testing

@Suite struct MinimizerTests {
  @Test func brentFindsAParabolaMinimum() throws {
    let brent = BrentMinimizer()
    let result = try brent.minimize(lower: 0, upper: 1, guess: 0.5) { ($0 - 0.3) * ($0 - 0.3) + 2 }
    #expect(abs(result.x - 0.3) < 1e-6)
    #expect(abs(result.value - 2) < 1e-12)
  }

  /// GSL's status codes become Swift errors instead of aborting the process.
  @Test func brentRejectsABracketWithoutMinimum() {
    let brent = BrentMinimizer()
    #expect(throws: GSLError.self) {
      _ = try brent.minimize(lower: 0, upper: 1, guess: 0.5) { $0 }
    }
  }

  @Test func nelderMeadFindsRosenbrockMinimum() throws {
    let simplex = NelderMeadMinimizer(dimension: 2)
    let result = try simplex.minimize(start: [-1.2, 1], step: 0.5, tolerance: 1e-10) { v in
      let (x, y) = (v[0], v[1])
      return (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x)
    }
    #expect(abs(result.x[0] - 1) < 1e-5)
    #expect(abs(result.x[1] - 1) < 1e-5)
    #expect(result.value < 1e-9)
  }
}
