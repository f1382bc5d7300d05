import Foundation
import Testing

@testable import AccordSweep

/// CART against the EMA workbench (scikit-learn's tree) on the same points, and on a
/// categorical factor whose true box is known.
@Suite struct CartTests {
  /// One case of `Fixtures/cart-ema.json` (written by scripts/cart-ema-reference.py).
  struct Case: Decodable {
    var factors: [String]
    var kinds: [String]
    var x: [[Double]]
    var y: [Bool]
    /// The distinct trees the workbench grew under different random states.
    var alternatives: [[Leaf]]

    struct Leaf: Decodable {
      var limits: [String: [Double]]
      var coverage: Double
      var density: Double
      var mass: Double
      var restricted: Int
    }
  }

  static let fixture: [String: Case] = {
    struct File: Decodable { var cases: [String: Case] }
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("Fixtures/cart-ema.json")
    guard let data = try? Data(contentsOf: url),
      let file = try? JSONDecoder().decode(File.self, from: data)
    else { return [:] }
    return file.cases
  }()

  /// Whether accord's leaves equal one tree of the workbench's, leaf for leaf: limits
  /// within 1e-9 (an integer factor's rounded inward, as accord reports them), the same
  /// statistics and restricted count.
  static func matches(_ cart: Cart, _ tree: [Case.Leaf], _ c: Case) -> Bool {
    guard cart.leaves.count == tree.count else { return false }
    for (ours, theirs) in zip(cart.leaves, tree) {
      guard ours.restrictedCount == theirs.restricted,
        abs(ours.coverage - theirs.coverage) < 1e-12,
        abs(ours.density - theirs.density) < 1e-12, abs(ours.mass - theirs.mass) < 1e-12
      else { return false }
      for (j, name) in c.factors.enumerated() {
        guard var range = theirs.limits[name], range.count == 2 else { return false }
        if c.kinds[j] == "integer" {
          range = [range[0].rounded(.up), range[1].rounded(.down)]
        }
        guard abs(ours.limits[j].lower - range[0]) < 1e-9,
          abs(ours.limits[j].upper - range[1]) < 1e-9
        else { return false }
      }
    }
    return true
  }

  @Test(arguments: ["grid", "lhs", "mixed"])
  func leavesMatchTheWorkbench(name: String) throws {
    let c = try #require(Self.fixture[name])
    let factors = zip(c.factors, c.kinds).map {
      Prim.Factor(name: $0, kind: $1 == "integer" ? .integer : .real)
    }
    let cart = try Cart.grow(factors: factors, x: c.x, y: c.y, minMass: 0.05)
    let matched = c.alternatives.firstIndex { Self.matches(cart, $0, c) }
    #expect(matched != nil, "\(name): \(cart.leaves.count) leaves match none of the trees")
    // Where the workbench grew several trees, some node had a tie, and accord says so.
    if c.alternatives.count > 1 { #expect(cart.ties > 0) }
    // The leaves partition the runs.
    #expect(cart.leaves.map(\.count).reduce(0, +) == c.x.count)
    #expect(cart.leaves.allSatisfy { $0.count >= Int(0.05 * Double(c.x.count)) })
  }

  /// On the known-box data, the densest big leaf is the box x1 > 0.6, x2 < 0.3, x3 free.
  @Test func latinHypercubeLeafIsTheKnownBox() throws {
    let c = try #require(Self.fixture["lhs"])
    let factors = c.factors.map { Prim.Factor(name: $0, kind: .real) }
    let cart = try Cart.grow(factors: factors, x: c.x, y: c.y, minMass: 0.05)
    let report = CartReport(cart: cart, threshold: 0.8)
    let best = try #require(report.found.first { cart.leaves[$0].coverage > 0.3 })
    let leaf = cart.leaves[best]
    #expect(abs(leaf.limits[0].lower - 0.6) < 0.03)
    #expect(abs(leaf.limits[1].upper - 0.3) < 0.03)
    #expect(!leaf.restricted[2])
  }

  /// A categorical factor is split one level at a time; the right branch keeps only that
  /// level (the workbench's box would leave the factor unrestricted there).
  @Test func categoricalLevelIsItsOwnLeaf() throws {
    let levels = ["low", "mid", "high"]
    var x: [[Double]] = []
    var y: [Bool] = []
    for r in 0..<300 {
      let level = r % 3
      x.append([Double(level), Double(r % 7)])
      y.append(level == 2)
    }
    let factors = [
      Prim.Factor(name: "cat", kind: .categorical(levels: levels)),
      Prim.Factor(name: "n", kind: .integer),
    ]
    let cart = try Cart.grow(factors: factors, x: x, y: y, minMass: 0.05)
    #expect(cart.leaves.count == 2)
    #expect(cart.leaves[0].limits[0].levels == [true, true, false])
    #expect(cart.leaves[0].density == 0 && cart.leaves[0].count == 200)
    #expect(cart.leaves[1].limits[0].levels == [false, false, true])
    #expect(cart.leaves[1].density == 1 && cart.leaves[1].coverage == 1)
    #expect(cart.leaves[1].restricted == [true, false])
    let report = CartReport(cart: cart, threshold: 0.8)
    #expect(report.found == [1])
    #expect(report.text.contains("cat in {high}"))
    #expect(report.limitsCSV.contains("1,cat,categorical,true,,,high\n"))
  }

  @Test func refusesAConditionThatNeverHolds() {
    #expect(throws: PrimError.self) {
      _ = try Cart.grow(
        factors: [Prim.Factor(name: "a", kind: .real)], x: [[0], [1]], y: [false, false],
        minMass: 0.05)
    }
  }
}
