import Foundation
import Testing

@testable import AccordSweep

/// PRIM against the EMA workbench on the same points, and on synthetic sweeps whose true
/// box is known.
@Suite struct PrimTests {
  /// One case of `Fixtures/prim-ema.json` (written by scripts/prim-ema-reference.py).
  struct Case: Decodable {
    var factors: [String]
    var kinds: [String]
    var x: [[Value]]
    var y: [Bool]
    var ema: Trajectory

    /// A factor value: a number, or a categorical level's name.
    enum Value: Decodable {
      case number(Double)
      case level(String)
      init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let x = try? c.decode(Double.self) {
          self = .number(x)
        } else {
          self = .level(try c.decode(String.self))
        }
      }
    }

    /// A box's limit on one factor: [lower, upper], or the levels inside.
    enum Limit: Decodable {
      case range(Double, Double)
      case levels([String])
      init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let r = try? c.decode([Double].self), r.count == 2 {
          self = .range(r[0], r[1])
        } else {
          self = .levels(try c.decode([String].self))
        }
      }
    }

    struct Trajectory: Decodable {
      var coverage: [Double]
      var density: [Double]
      var mass: [Double]
      var restricted: [Int]
      var runs: [Int]
      var hits: [Int]
      var limits: [[String: Limit]]
      /// Per box, per restricted factor: [lower, upper] (null: that limit did not move).
      var quasiP: [[String: [Double?]]]

      enum CodingKeys: String, CodingKey {
        case coverage, density, mass, restricted, runs, hits, limits
        case quasiP = "quasi_p"
      }
    }

    /// The factors with their kinds, and the points with categorical values as indices.
    func input() -> (factors: [Prim.Factor], x: [[Double]]) {
      var factors: [Prim.Factor] = []
      for (j, name) in self.factors.enumerated() {
        switch kinds[j] {
        case "categorical":
          let levels = Set(
            x.compactMap { row -> String? in
              if case .level(let s) = row[j] { return s }
              return nil
            }
          ).sorted()
          factors.append(.init(name: name, kind: .categorical(levels: levels)))
        case "integer": factors.append(.init(name: name, kind: .integer))
        default: factors.append(.init(name: name, kind: .real))
        }
      }
      let rows = x.map { row in
        row.enumerated().map { j, value -> Double in
          switch value {
          case .number(let v): return v
          case .level(let s):
            if case .categorical(let levels) = factors[j].kind {
              return Double(levels.firstIndex(of: s) ?? -1)
            }
            return .nan
          }
        }
      }
      return (factors, rows)
    }
  }

  static let cases: [String: Case] = {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("Fixtures/prim-ema.json")
    struct File: Decodable { var cases: [String: Case] }
    guard let data = try? Data(contentsOf: url),
      let file = try? JSONDecoder().decode(File.self, from: data)
    else { return [:] }
    return file.cases
  }()

  /// Every box of the trajectory agrees with the workbench's: coverage, density, mass,
  /// runs, restricted factors, every limit (within 1e-9) and every quasi-p-value.
  @Test(arguments: ["grid", "lhs", "mixed"])
  func trajectoryEqualsTheEMAWorkbench(name: String) throws {
    let c = try #require(Self.cases[name], "fixture case \(name) missing")
    let (factors, x) = c.input()
    let prim = try Prim.discover(factors: factors, x: x, y: c.y)
    let ema = c.ema
    #expect(prim.trajectory.count == ema.coverage.count)
    for (i, box) in prim.trajectory.enumerated() where i < ema.coverage.count {
      #expect(box.count == ema.runs[i], "box \(i)")
      #expect(box.hits == ema.hits[i], "box \(i)")
      #expect(abs(box.coverage - ema.coverage[i]) < 1e-12, "box \(i)")
      #expect(abs(box.density - ema.density[i]) < 1e-12, "box \(i)")
      #expect(abs(box.mass - ema.mass[i]) < 1e-12, "box \(i)")
      #expect(box.restrictedCount == ema.restricted[i], "box \(i)")
      for (j, factor) in factors.enumerated() {
        let theirs = try #require(ema.limits[i][factor.name])
        let ours = box.limits[j]
        switch (theirs, factor.kind) {
        case (.range(let lo, let hi), _):
          #expect(abs(ours.lower - lo) <= 1e-9, "box \(i) \(factor.name) lower")
          #expect(abs(ours.upper - hi) <= 1e-9, "box \(i) \(factor.name) upper")
        case (.levels(let names), .categorical(let levels)):
          let inside = levels.indices.filter { ours.levels?[$0] ?? false }.map { levels[$0] }
          #expect(inside == names.sorted(), "box \(i) \(factor.name) levels")
        default:
          Issue.record("box \(i) \(factor.name): kinds differ")
        }
        let q = ema.quasiP[i][factor.name]
        #expect((q != nil) == box.restricted[j], "box \(i) \(factor.name) restricted")
        if let q, let mine = box.quasiP[j] {
          for (theirs, ours) in [(q[0], mine.lower), (q.count > 1 ? q[1] : nil, mine.upper)] {
            #expect((theirs == nil) == (ours == nil), "box \(i) \(factor.name) quasi-p side")
            if let theirs, let ours {
              #expect(
                abs(ours - theirs) <= 1e-9 * max(1e-300, theirs) || abs(ours - theirs) < 1e-15,
                "box \(i) \(factor.name) quasi-p \(ours) vs \(theirs)")
            }
          }
        }
      }
    }
  }

  /// The issue's case: a known box on Latin-hypercube points.
  ///
  /// The box is x1 > 0.6, x2 < 0.3 on 2,000 points with 5% of labels flipped. x3 is never peeled, so the chosen box leaves it
  /// unrestricted, and the box's limits lie within a few hundredths of the truth.
  @Test func latinHypercubeBoxLeavesTheIrrelevantFactorFree() throws {
    let c = try #require(Self.cases["lhs"])
    let (factors, x) = c.input()
    let prim = try Prim.discover(factors: factors, x: x, y: c.y)
    #expect(prim.selection == .threshold)
    let box = prim.trajectory[prim.chosen]
    #expect(box.restricted == [true, true, false])
    #expect(box.quasiP[2] == nil)
    #expect(abs(box.limits[0].lower - 0.6) < 0.03)
    #expect(abs(box.limits[1].upper - 0.3) < 0.03)
    #expect(box.density >= 0.8)
    // The chosen box has the best F1 score among those reaching the threshold.
    for other in prim.trajectory where other.density >= 0.8 {
      #expect(other.fScore <= box.fScore)
    }
  }

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

  static let real = ["a", "b", "c"].map { Prim.Factor(name: $0, kind: .real) }

  @Test func recoversAKnownBoxBetweenGridLevels() throws {
    // True box: a > 1.2, b < -0.3, c unrestricted; the limits fall midway between levels.
    let y = Self.grid.map { $0[0] > 1.2 && $0[1] < -0.3 }
    let prim = try Prim.discover(factors: Self.real, x: Self.grid, y: y)
    let box = prim.trajectory[prim.chosen]
    #expect(box.coverage == 1)
    #expect(box.density == 1)
    #expect(box.limits[0].lower == 1.25)
    #expect(box.limits[0].upper == 3)
    #expect(box.limits[1].lower == -3)
    #expect(box.limits[1].upper == -0.25)
    #expect(box.restricted == [true, true, false])
    // Only the moved limits have quasi-p-values; both restrictions matter.
    #expect(box.quasiP[0]?.upper == nil)
    #expect((box.quasiP[0]?.lower ?? 1) < 1e-6)
    #expect(box.quasiP[1]?.lower == nil)
    #expect((box.quasiP[1]?.upper ?? 1) < 1e-6)
    #expect(box.quasiP[2] == nil)
    // Peeling: coverage never rises and mass falls along the trajectory.
    let peels = prim.trajectory.filter { $0.phase != .paste }
    for (p, q) in zip(peels, peels.dropFirst()) {
      #expect(q.coverage <= p.coverage)
      #expect(q.mass < p.mass)
      #expect(q.density > p.density)
    }
  }

  @Test(arguments: ["lhs", "mixed"])
  func pastingGrowsTheLastPeeledBox(name: String) throws {
    // In both cases the workbench's last two boxes are pastes: each adds runs and
    // raises the density. Without pasting the trajectory stops at the last peel.
    let c = try #require(Self.cases[name])
    let (factors, x) = c.input()
    let prim = try Prim.discover(factors: factors, x: x, y: c.y)
    let phases = prim.trajectory.map(\.phase)
    #expect(Array(phases.suffix(2)) == [.paste, .paste])
    let peeled = try #require(prim.trajectory.lastIndex { $0.phase == .peel })
    for (p, q) in zip(prim.trajectory[peeled...], prim.trajectory[(peeled + 1)...]) {
      #expect(q.count > p.count)
      #expect(q.density > p.density)
    }
    var settings = Prim.Settings()
    settings.paste = false
    let unpasted = try Prim.discover(factors: factors, x: x, y: c.y, settings: settings)
    #expect(unpasted.trajectory == Array(prim.trajectory[...peeled]))
  }

  @Test func selectionSaysWhyAndHonoursTheThresholdAndBox() throws {
    let y = Self.grid.map { $0[0] > 1.2 && $0[1] < -0.3 }
    var settings = Prim.Settings()
    settings.threshold = 1.01  // unreachable
    let none = try Prim.discover(factors: Self.real, x: Self.grid, y: y, settings: settings)
    #expect(none.selection == .densest)
    #expect(!none.found)
    #expect(none.trajectory[none.chosen].density == none.trajectory.map(\.density).max())
    #expect(PrimReport(prim: none).reason.hasPrefix("no box reaches the threshold density 1.01"))
    let picked = try Prim.discover(factors: Self.real, x: Self.grid, y: y, box: 3)
    #expect(picked.chosen == 3)
    #expect(picked.selection == .requested)
    #expect(PrimReport(prim: picked).reason.contains("below the threshold"))
    #expect(throws: PrimError.self) {
      try Prim.discover(factors: Self.real, x: Self.grid, y: y, box: 99)
    }
    #expect(throws: PrimError.self) {
      try Prim.discover(factors: Self.real, x: Self.grid, y: Self.grid.map { _ in false })
    }
  }

  @Test func reportWritesEveryBoxsLimits() throws {
    let y = Self.grid.map { $0[0] > 1.2 && $0[1] < -0.3 }
    let prim = try Prim.discover(factors: Self.real, x: Self.grid, y: y)
    let report = PrimReport(prim: prim)
    let rows = report.limitsCSV.split(separator: "\n")
    #expect(rows[0] == "box,factor,kind,restricted,lower,upper,levels,quasi_p_lower,quasi_p_upper")
    #expect(rows.count == 1 + 3 * prim.trajectory.count)
    #expect(rows[1] == "0,a,real,false,-3.0,3.0,,,")
    let last = prim.trajectory.count - 1
    #expect(rows[1 + 3 * last + 2] == "\(last),c,real,false,-3.0,3.0,,,")
    #expect(rows[1 + 3 * last].hasPrefix("\(last),a,real,true,1.25,3.0,,"))
    let trajectory = report.trajectoryCSV.split(separator: "\n")
    #expect(
      trajectory[0]
        == "box,phase,coverage,density,mass,runs,hits,restricted,f_score,meets_threshold,chosen")
    #expect(trajectory[1].hasPrefix("0,start,1.0,"))
    #expect(trajectory.filter { $0.hasSuffix(",true") }.count == 1)
  }

  @Test func quantileIsTheWorkbenchs() {
    // Midpoints between distinct neighbours, moved outward past ties.
    #expect(Prim.quantile(sorted: [1, 2, 3, 4, 5], 0.05) == 1.5)
    #expect(Prim.quantile(sorted: [1, 2, 3, 4, 5], 0.95) == 4.5)
    #expect(Prim.quantile(sorted: [1, 1, 1, 2, 3], 0.05) == 1.5)
    #expect(Prim.quantile(sorted: [1, 2, 3, 3, 3], 0.95) == 2.5)
    #expect(Prim.quantile(sorted: [2, 2, 2], 0.05) == 2)
  }

  @Test func binomialTail() {
    #expect(abs(Prim.binomialTail(atLeast: 3, trials: 4, p: 0.5) - 5.0 / 16) < 1e-12)
    #expect(Prim.binomialTail(atLeast: 0, trials: 4, p: 0.5) == 1)
    #expect(Prim.binomialTail(atLeast: 5, trials: 4, p: 0.5) == 0)
  }
}
