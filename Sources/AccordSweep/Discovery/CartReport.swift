import AccordIO
import Foundation

/// What `accord sweep discover --method cart` prints and writes: every leaf (one row
/// each), every leaf's limits (one row per leaf and factor, tidy) and the leaves whose
/// density reaches the threshold, as conditions.
package struct CartReport: Sendable {
  package var cart: Cart
  /// The density a leaf must reach to count as a found box.
  package var threshold: Double

  package init(cart: Cart, threshold: Double) {
    self.cart = cart
    self.threshold = threshold
  }

  /// The leaves whose density reaches the threshold, densest first (then larger coverage,
  /// then tree order).
  package var found: [Int] {
    cart.leaves.indices.filter { cart.leaves[$0].density >= threshold }.sorted { a, b in
      let (p, q) = (cart.leaves[a], cart.leaves[b])
      if p.density != q.density { return p.density > q.density }
      if p.coverage != q.coverage { return p.coverage > q.coverage }
      return a < b
    }
  }

  /// `FILE.csv`: one row per leaf, in the tree's order.
  package var leavesCSV: String {
    var csv = "leaf,depth,coverage,density,mass,runs,hits,restricted,meets_threshold\n"
    for (i, l) in cart.leaves.enumerated() {
      let fields = [
        "\(i)", "\(l.depth)", "\(l.coverage)", "\(l.density)", "\(l.mass)", "\(l.count)",
        "\(l.hits)", "\(l.restrictedCount)", "\(l.density >= threshold)",
      ]
      csv += fields.joined(separator: ",") + "\n"
    }
    return csv
  }

  /// `FILE-limits.csv`: every leaf's limits, one row per leaf and factor, as PRIM's.
  package var limitsCSV: String {
    var csv = "leaf,factor,kind,restricted,lower,upper,levels\n"
    for (i, l) in cart.leaves.enumerated() {
      for (j, factor) in cart.factors.enumerated() {
        let limit = l.limits[j]
        var fields = ["\(i)", CSV.field(factor.name)]
        fields += PrimReport.limitFields(factor, limit, restricted: l.restricted[j])
        csv += fields.joined(separator: ",") + "\n"
      }
    }
    return csv
  }

  /// The printed report: the leaves, then each found leaf's restrictions.
  package var text: String {
    let depth = cart.leaves.map(\.depth).max() ?? 0
    var lines = [
      "CART (as the EMA workbench: Gini, at least \(PrimReport.number(cart.minMass)) of the "
        + "runs per leaf): \(cart.leaves.count) leaves, depth \(depth)"
    ]
    if cart.ties > 0 {
      lines.append(
        "\(cart.ties) split\(cart.ties == 1 ? "" : "s") tied with another factor's equally "
          + "good split; the first factor in the sweep's order was taken")
    }
    lines.append("leaf  coverage  density  mass   runs  restricted")
    let found = Set(found)
    for (i, l) in cart.leaves.enumerated() {
      lines.append(
        String(
          format: "%4d  %8@  %7@  %5@  %5d  %d%@", i, PrimReport.fixed(l.coverage),
          PrimReport.fixed(l.density), PrimReport.fixed(l.mass), l.count, l.restrictedCount,
          found.contains(i) ? "  <- density >= \(PrimReport.number(threshold))" : ""))
    }
    let ordered = self.found
    if ordered.isEmpty {
      lines.append(
        "no leaf reaches the threshold density \(PrimReport.number(threshold)); the densest "
          + "is leaf \(densest), density \(PrimReport.fixed(cart.leaves[densest].density))")
    }
    for i in ordered {
      let l = cart.leaves[i]
      lines.append(
        "leaf \(i): coverage \(PrimReport.fixed(l.coverage)), density "
          + "\(PrimReport.fixed(l.density)), mass \(PrimReport.fixed(l.mass)), \(l.count) runs")
      lines += conditions(l).map { "  " + $0 }
    }
    return lines.joined(separator: "\n")
  }

  /// The densest leaf (then larger coverage, then tree order).
  package var densest: Int {
    cart.leaves.indices.min { a, b in
      let (p, q) = (cart.leaves[a], cart.leaves[b])
      if p.density != q.density { return p.density > q.density }
      if p.coverage != q.coverage { return p.coverage > q.coverage }
      return a < b
    } ?? 0
  }

  /// A leaf's restrictions as sentences.
  func conditions(_ leaf: Cart.Leaf) -> [String] {
    var out: [String] = []
    for (j, factor) in cart.factors.enumerated() where leaf.restricted[j] {
      let limit = leaf.limits[j]
      switch factor.kind {
      case .categorical(let levels):
        let inside = levels.indices.filter { limit.levels?[$0] ?? true }.map { levels[$0] }
        out.append("\(factor.name) in {\(inside.joined(separator: ", "))}")
      case .real, .integer:
        out.append(
          "\(factor.name): [\(PrimReport.number(limit.lower)), "
            + "\(PrimReport.number(limit.upper))]")
      }
    }
    return out.isEmpty ? ["no factor restricted"] : out
  }
}
