import AccordIO
import Foundation

/// What `accord sweep discover` prints and writes for a PRIM run: the trajectory (one
/// row per box), every box's limits (one row per box and factor, tidy) and the chosen
/// box with the reason it was chosen.
package struct PrimReport: Sendable {
  package var prim: Prim

  package init(prim: Prim) { self.prim = prim }

  /// Why the chosen box was chosen, in a sentence.
  package var reason: String {
    let threshold = Self.number(prim.settings.threshold)
    switch prim.selection {
    case .threshold:
      return "box \(prim.chosen) chosen: the best F1 score (harmonic mean of coverage and "
        + "density) among the boxes of density at least \(threshold)"
    case .densest:
      return "no box reaches the threshold density \(threshold): box \(prim.chosen) is the "
        + "densest, and no box counts as found"
    case .requested:
      let box = prim.trajectory[prim.chosen]
      return "box \(prim.chosen) selected with --box"
        + (box.density >= prim.settings.threshold
          ? "" : " (its density is below the threshold \(threshold))")
    }
  }

  /// `FILE.csv`: one row per box of the trajectory.
  package var trajectoryCSV: String {
    var csv =
      "box,phase,coverage,density,mass,runs,hits,restricted,f_score,meets_threshold,chosen\n"
    for (i, b) in prim.trajectory.enumerated() {
      let fields: [String] = [
        "\(i)", b.phase.rawValue, "\(b.coverage)", "\(b.density)", "\(b.mass)", "\(b.count)",
        "\(b.hits)", "\(b.restrictedCount)", "\(b.fScore)",
        "\(b.density >= prim.settings.threshold)", "\(i == prim.chosen)",
      ]
      csv += fields.joined(separator: ",") + "\n"
    }
    return csv
  }

  /// `FILE-limits.csv`: every box's limits, one row per box and factor.
  ///
  /// `lower` and
  /// `upper` are the inclusive limits of a real or integer factor; `levels` lists a
  /// categorical factor's levels in the box (separated by `|`); the quasi-p-values are
  /// empty where a limit did not move (a categorical factor's is `quasi_p_lower`).
  package var limitsCSV: String {
    var csv = "box,factor,kind,restricted,lower,upper,levels,quasi_p_lower,quasi_p_upper\n"
    for (i, b) in prim.trajectory.enumerated() {
      for (j, factor) in prim.factors.enumerated() {
        let limit = b.limits[j]
        let q = b.quasiP[j]
        var fields = ["\(i)", CSV.field(factor.name)]
        fields += Self.limitFields(factor, limit, restricted: b.restricted[j])
        fields += [q?.lower.map { "\($0)" } ?? "", q?.upper.map { "\($0)" } ?? ""]
        csv += fields.joined(separator: ",") + "\n"
      }
    }
    return csv
  }

  /// The printed report: the trajectory (thinned to about 15 rows, keeping the chosen
  /// and the last box), then the chosen box's restrictions.
  package var text: String {
    var lines = ["trajectory (\(prim.trajectory.count) boxes; \(peelsAndPastes)):"]
    lines.append("box  phase  coverage  density  mass   restricted")
    let stride = max(1, prim.trajectory.count / 15)
    for (i, b) in prim.trajectory.enumerated()
    where i % stride == 0 || i == prim.chosen || i == prim.trajectory.count - 1
      || b.phase == .paste
    {
      lines.append(
        String(
          format: "%3d  %-5@  %8@  %7@  %5@  %d%@", i, b.phase.rawValue, Self.fixed(b.coverage),
          Self.fixed(b.density), Self.fixed(b.mass), b.restrictedCount,
          i == prim.chosen ? "  <- chosen" : ""))
    }
    let box = prim.trajectory[prim.chosen]
    lines.append(reason + ".")
    lines.append(
      "box \(prim.chosen): coverage \(Self.fixed(box.coverage)), density "
        + "\(Self.fixed(box.density)), mass \(Self.fixed(box.mass)), \(box.count) runs")
    for (j, factor) in prim.factors.enumerated() where box.restricted[j] {
      let limit = box.limits[j]
      let q = box.quasiP[j]
      switch factor.kind {
      case .categorical(let levels):
        let inside = levels.indices.filter { limit.levels?[$0] ?? true }.map { levels[$0] }
        lines.append(
          "  \(factor.name) in {\(inside.joined(separator: ", "))}, quasi-p \(Self.p(q?.lower))")
      case .real, .integer:
        lines.append(
          "  \(factor.name): [\(Self.number(limit.lower)), \(Self.number(limit.upper))], "
            + "quasi-p lower \(Self.p(q?.lower)), upper \(Self.p(q?.upper))")
      }
    }
    if box.restrictedCount == 0 { lines.append("  no factor restricted") }
    return lines.joined(separator: "\n")
  }

  var peelsAndPastes: String {
    let peels = prim.trajectory.filter { $0.phase == .peel }.count
    let pastes = prim.trajectory.filter { $0.phase == .paste }.count
    return "\(peels) peel\(peels == 1 ? "" : "s"), \(pastes) paste\(pastes == 1 ? "" : "s")"
  }

  /// A limit's `kind, restricted, lower, upper, levels` fields, as both methods write them.
  static func limitFields(_ factor: Prim.Factor, _ limit: Prim.Limit, restricted: Bool)
    -> [String]
  {
    switch factor.kind {
    case .categorical(let levels):
      let inside = levels.indices.filter { limit.levels?[$0] ?? true }.map { levels[$0] }
      return ["categorical", "\(restricted)", "", "", CSV.field(inside.joined(separator: "|"))]
    case .integer: return ["integer", "\(restricted)", "\(limit.lower)", "\(limit.upper)", ""]
    case .real: return ["real", "\(restricted)", "\(limit.lower)", "\(limit.upper)", ""]
    }
  }

  static func fixed(_ x: Double) -> String { String(format: "%.3f", x) }

  /// A limit with as many digits as it needs, at most 6 significant.
  static func number(_ x: Double) -> String { String(format: "%.6g", x) }

  static func p(_ x: Double?) -> String { x.map { String(format: "%.3g", $0) } ?? "-" }
}
