import AccordIO
import AccordPower
import Foundation

/// Renders power indices as a table, CSV or JSON.
struct PowerReport {
  let game: WeightedGame
  let players: [String]
  let indices: PowerIndices
  let index: PowerCommand.Index
  let coalition: [Int]?

  private var showShapley: Bool { index != .banzhaf }
  private var showBanzhaf: Bool { index != .shapleyShubik }

  func csv() -> String {
    var header = ["player", "weight"]
    if showShapley { header.append("shapley_shubik") }
    if showBanzhaf { header.append("banzhaf") }
    var lines = [header.joined(separator: ",")]
    for i in players.indices {
      var row = [CSV.field(players[i]), number(game.weights[i])]
      if showShapley { row.append(number(indices.shapleyShubik[i])) }
      if showBanzhaf { row.append(number(indices.banzhaf[i])) }
      lines.append(row.joined(separator: ","))
    }
    return lines.joined(separator: "\n") + "\n"
  }

  func table() -> String {
    var out =
      "\(indices.method == .exact ? "exact (dynamic programming over weight sums)" : "sampling, \(indices.samples ?? 0) samples, 95% intervals") · quota \(number(game.quota)) of \(number(game.totalWeight))\n"
    let width = max(6, players.map(\.count).max() ?? 0)
    func pad(_ s: String, _ n: Int) -> String {
      s.count >= n ? s : s + String(repeating: " ", count: n - s.count)
    }
    var header = pad("player", width) + "  " + pad("weight", 8)
    if showShapley { header += "  " + pad("shapley-shubik", 22) }
    if showBanzhaf { header += "  " + pad("banzhaf", 22) + "  swings" }
    out += header + "\n"
    for i in players.indices {
      var line = pad(players[i], width) + "  " + pad(number(game.weights[i]), 8)
      if showShapley {
        var cell = String(format: "%.6f", indices.shapleyShubik[i])
        if let h = indices.shapleyShubikHalfWidth?[i] { cell += String(format: " ± %.4f", h) }
        line += "  " + pad(cell, 22)
      }
      if showBanzhaf {
        var cell = String(format: "%.6f", indices.banzhaf[i])
        if let h = indices.banzhafAbsoluteHalfWidth?[i], indices.banzhafAbsolute[i] > 0 {
          cell += String(format: " ± %.4f", h * indices.banzhaf[i] / indices.banzhafAbsolute[i])
        }
        line += "  " + pad(cell, 22) + "  " + String(format: "%.0f", indices.swings[i])
      }
      out += line + "\n"
    }
    out += "veto players: \(names(CoalitionStructure.vetoPlayers(of: game)))\n"
    if indices.method == .exact {
      out += "dummy players: \(names(CoalitionStructure.dummies(indices)))\n"
    }
    if let minimal = try? CoalitionStructure.minimalWinning(game) {
      out +=
        "minimal winning coalitions (\(minimal.count)): "
        + minimal.prefix(20).map { "{" + $0.map { players[$0] }.joined(separator: ", ") + "}" }
        .joined(separator: " ")
        + (minimal.count > 20 ? " ..." : "") + "\n"
    } else {
      out +=
        "minimal winning coalitions: not enumerated (more than \(CoalitionStructure.enumerationLimit) players)\n"
    }
    if let coalition {
      out +=
        "coalition {\(coalition.map { players[$0] }.joined(separator: ", "))}: "
        + "\(game.isWinning(coalition) ? "winning" : "losing"), \(game.isBlocking(coalition) ? "blocking" : "not blocking")\n"
    }
    return out
  }

  func json() throws -> String {
    struct Player: Encodable {
      var player: String
      var weight: Double
      var shapleyShubik: Double?
      var shapleyShubikCi95: Double?
      var banzhaf: Double?
      var banzhafAbsolute: Double?
      var banzhafAbsoluteCi95: Double?
      var swings: Double?
    }
    struct Coalition: Encodable {
      var members: [String]
      var winning: Bool
      var blocking: Bool
    }
    struct Document: Encodable {
      var method: String
      var samples: Int?
      var quota: Double
      var totalWeight: Double
      var players: [Player]
      var vetoPlayers: [String]
      var dummyPlayers: [String]?
      var minimalWinningCoalitions: [[String]]?
      var coalition: Coalition?
    }
    let document = Document(
      method: indices.method.rawValue, samples: indices.samples, quota: game.quota,
      totalWeight: game.totalWeight,
      players: players.indices.map { i in
        Player(
          player: players[i], weight: game.weights[i],
          shapleyShubik: showShapley ? indices.shapleyShubik[i] : nil,
          shapleyShubikCi95: showShapley ? indices.shapleyShubikHalfWidth?[i] : nil,
          banzhaf: showBanzhaf ? indices.banzhaf[i] : nil,
          banzhafAbsolute: showBanzhaf ? indices.banzhafAbsolute[i] : nil,
          banzhafAbsoluteCi95: showBanzhaf ? indices.banzhafAbsoluteHalfWidth?[i] : nil,
          swings: showBanzhaf ? indices.swings[i] : nil)
      },
      vetoPlayers: CoalitionStructure.vetoPlayers(of: game).map { players[$0] },
      dummyPlayers: indices.method == .exact
        ? CoalitionStructure.dummies(indices).map { players[$0] } : nil,
      minimalWinningCoalitions: (try? CoalitionStructure.minimalWinning(game))?.map {
        $0.map { players[$0] }
      },
      coalition: coalition.map {
        Coalition(
          members: $0.map { players[$0] }, winning: game.isWinning($0),
          blocking: game.isBlocking($0))
      })
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    // The JSON keys are snake_case, as in every other file accord writes.
    encoder.keyEncodingStrategy = .convertToSnakeCase
    return String(decoding: try encoder.encode(document), as: UTF8.self)
  }

  private func names(_ list: [Int]) -> String {
    list.isEmpty ? "none" : list.map { players[$0] }.joined(separator: ", ")
  }
  private func number(_ x: Double) -> String {
    x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : "\(x)"
  }
}
