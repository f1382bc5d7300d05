import Foundation
import Testing

@testable import AccordSweep

/// PRIM on synthetic sweeps whose true box is known.
@Suite struct PrimTests {
  /// A full-factorial grid with step 0.5 on a and b, 1 on c.
  static let grid: [[Double]] = {
    var points: [[Double]] = []
    for a in stride(from: -3.0, through: 3.0, by: 0.5) {
      for b in stride(from: -3.0, through: 3.0, by: 0.5) {
        for c in stride(from: -3.0, through: 3.0, by: 1.0) { points.append([a, b, c]) }
      }
    }
    return points
  }()

  @Test func recoversAKnownBoxWithinOneGridStep() {
    // True box: a > 1.2, b < -0.3, c unrestricted.
    let y = Self.grid.map { $0[0] > 1.2 && $0[1] < -0.3 }
    let prim = Prim.discover(factors: ["a", "b", "c"], x: Self.grid, y: y)
    let box = prim.trajectory[prim.chosen]
    #expect(box.coverage == 1)
    #expect(box.density == 1)
    let a = try! #require(box.limits[0])
    let b = try! #require(box.limits[1])
    #expect(abs(a.lowerBound - 1.2) <= 0.5)
    #expect(a.upperBound == 3)
    #expect(b.lowerBound == -3)
    #expect(abs(b.upperBound - -0.3) <= 0.5)
    #expect(box.limits[2] == nil)
    // Both restrictions matter; c is not restricted, so it has no quasi-p-value.
    #expect((prim.quasiP[0] ?? 1) < 1e-6)
    #expect((prim.quasiP[1] ?? 1) < 1e-6)
    #expect(prim.quasiP[2] == nil)
    // Coverage never rises and mass falls along the trajectory.
    for (p, q) in zip(prim.trajectory, prim.trajectory.dropFirst()) {
      #expect(q.coverage <= p.coverage)
      #expect(q.mass < p.mass)
    }
    #expect(prim.trajectory.last!.mass >= 0.05)
  }

  @Test func aNoisyBoxIsStillFound() {
    // The condition holds in the box 90% of the time and outside it 5%, deterministically.
    let y = Self.grid.enumerated().map { i, x in
      let inBox = x[2] >= 0 && x[0] < 0
      return inBox ? i % 10 != 0 : i % 20 == 7
    }
    let prim = Prim.discover(factors: ["a", "b", "c"], x: Self.grid, y: y)
    let box = prim.trajectory[prim.chosen]
    #expect(box.density >= 0.8)
    let a = try! #require(box.limits[0])
    let c = try! #require(box.limits[2])
    #expect(abs(a.upperBound - -0.5) <= 0.5)
    #expect(abs(c.lowerBound - 0) <= 1)
  }

  struct Reference: Decodable {
    var coverage: [Double]
    var density: [Double]
    var mass: [Double]
    var restricted: [Int]
    var box: [String: [Double]]
  }

  /// The EMA workbench's trajectory on the same grid and condition, written by
  /// scripts/prim-ema-reference.py: every box agrees, and the final box's limits (the
  /// workbench's lie between grid levels) are within half a grid step of accord's.
  @Test func peelingAgreesWithTheEMAWorkbench() throws {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("Fixtures/prim-ema.json")
    let ema = try JSONDecoder().decode(Reference.self, from: Data(contentsOf: url))
    let y = Self.grid.map { $0[0] > 1.2 && $0[1] < -0.3 }
    let prim = Prim.discover(factors: ["a", "b", "c"], x: Self.grid, y: y)
    #expect(prim.trajectory.count == ema.coverage.count)
    for (i, box) in prim.trajectory.enumerated() where i < ema.coverage.count {
      #expect(abs(box.coverage - ema.coverage[i]) < 1e-12)
      #expect(abs(box.density - ema.density[i]) < 1e-12)
      #expect(abs(box.mass - ema.mass[i]) < 1e-12)
      #expect(box.restricted == ema.restricted[i])
    }
    let last = try #require(prim.trajectory.last)
    #expect(prim.chosen == prim.trajectory.count - 1)
    for (j, name) in ["a", "b", "c"].enumerated() {
      let theirs = try #require(ema.box[name])
      let ours = last.limits[j] ?? -3...3
      #expect(abs(ours.lowerBound - theirs[0]) <= 0.25 + 1e-12)
      #expect(abs(ours.upperBound - theirs[1]) <= 0.25 + 1e-12)
    }
  }

  @Test func binomialTail() {
    #expect(abs(Prim.binomialTail(atLeast: 3, trials: 4, p: 0.5) - 5.0 / 16) < 1e-12)
    #expect(Prim.binomialTail(atLeast: 0, trials: 4, p: 0.5) == 1)
    #expect(Prim.binomialTail(atLeast: 5, trials: 4, p: 0.5) == 0)
  }
}
