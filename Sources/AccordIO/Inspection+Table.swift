import AccordModel
import Foundation

extension Inspection {
  /// The world at step 0 as the text table `accord inspect` prints (and `accord serve` shows).
  package var table: String {
    let i = self
    func f(_ x: Double) -> String { String(format: "%.4f", x) }
    func set(_ s: [[Double]]) -> String {
      s.isEmpty ? "empty" : s.map { "[\(f($0[0])), \(f($0[1]))]" }.joined(separator: " ∪ ")
    }
    var out = "beliefs: \(i.beliefs)\n"
    for n in i.nations {
      out += "\nnation \(n.name): \(n.rule) (quota \(f(n.quota))), executive \(n.executive)"
      out +=
        n.sidePaymentEfficiency > 0 ? ", side payments at \(f(n.sidePaymentEfficiency))\n" : "\n"
      for a in n.factions.prefix(12) {
        out +=
          "  \(a.name): weight \(f(a.weight)), belief \(f(a.belief)), ideal \(f(a.ideal)), "
          + "supports \(a.support.map { "[\(f($0[0])), \(f($0[1]))]" } ?? "nothing"), banzhaf \(f(a.banzhaf))"
          + (a.veto ? ", veto" : "") + "\n"
      }
      if n.factions.count > 12 { out += "  ... \(n.factions.count - 12) more factions\n" }
      out +=
        "  veto players: \(n.vetoPlayers.isEmpty ? "none" : n.vetoPlayers.joined(separator: ", "))\n"
      out += "  pivotal players: \(n.pivotalPlayers.joined(separator: ", "))\n"
      if let power = n.power { out += "  banzhaf power: \(power)\n" }
      out += "  win-set: \(set(n.winSet))"
      if n.sidePaymentEfficiency > 0 {
        out += " (without side payments: \(set(n.winSetWithoutSidePayments)))"
      }
      out += "\n"
    }
    if i.issues > 1 {
      out += "\n\(i.issues) issues; win-sets and ZOPAs below show their extent on issue 1\n"
      out +=
        "ZOPA (\(i.beliefs) beliefs): \(set(i.zopa)), \(f(100 * (i.zopaShare ?? 0)))% of the policy space\n"
      out += "true ZOPA: \(set(i.trueZOPA))\n"
      for (k, z) in (i.zopaByIssue ?? []).enumerated() {
        out += "issue \(k + 1) on its own (others at the status quo): ZOPA \(set(z))\n"
      }
      if let y = i.package {
        let shares = i.shares.keys.sorted().map { "\($0) \(f(i.shares[$0, default: 0]))" }.joined(
          separator: ", ")
        out += "package: (\(y.map(f).joined(separator: ", "))); shares of the gains: \(shares)\n"
      } else if let why = i.blocked {
        out += "\(why)\n"
      }
      return out
    }
    out += "\nZOPA (\(i.beliefs) beliefs): \(set(i.zopa))\ntrue ZOPA: \(set(i.trueZOPA))\n"
    if let y = i.nash {
      let shares = i.shares.keys.sorted().map { "\($0) \(f(i.shares[$0, default: 0]))" }.joined(
        separator: ", ")
      out += "Nash solution: \(f(y)); shares of the gains: \(shares)\n"
    } else if let why = i.blocked {
      out += "\(why)\n"
    }
    return out
  }
}
