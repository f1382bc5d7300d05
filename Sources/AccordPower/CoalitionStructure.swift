/// Structural facts about a weighted game: veto players, dummies, minimal winning coalitions.
public enum CoalitionStructure {
  /// The most players for which minimal winning coalitions are enumerated.
  public static let enumerationLimit = 20

  /// Players without whom no coalition wins (listed vetoes, and anyone whose absence
  /// leaves the rest short of the quota).
  public static func vetoPlayers(of game: WeightedGame) -> [Int] {
    let total = game.totalWeight
    return (0..<game.playerCount).filter {
      game.vetoPlayers.contains($0) || total - game.weights[$0] < game.quota - game.tolerance
    }
  }

  /// Players who are never a swing (zero Banzhaf index), from exact or given indices.
  public static func dummies(_ indices: PowerIndices) -> [Int] {
    guard indices.method == .exact else { return [] }
    return indices.banzhafAbsolute.indices.filter { indices.banzhafAbsolute[$0] == 0 }
  }

  /// Every minimal winning coalition (winning, and losing without any one member),
  /// as sorted player lists in lexicographic order.
  public static func minimalWinning(_ game: WeightedGame) throws(PowerError) -> [[Int]] {
    let n = game.playerCount
    guard n <= enumerationLimit else {
      throw .tooLargeToEnumerate(players: n, limit: enumerationLimit)
    }
    let tolerance = game.tolerance
    var vetoMask = 0
    for v in game.vetoPlayers { vetoMask |= 1 << v }
    var weightOf = [Double](repeating: 0, count: 1 << n)
    var result: [[Int]] = []
    for mask in 1..<(1 << n) {
      let low = mask & -mask
      let bit = low.trailingZeroBitCount
      weightOf[mask] = weightOf[mask ^ low] + game.weights[bit]
      func wins(_ m: Int) -> Bool {
        weightOf[m] >= game.quota - tolerance && m & vetoMask == vetoMask
      }
      guard wins(mask) else { continue }
      var minimal = true
      var rest = mask
      while rest != 0 {
        let b = rest & -rest
        if wins(mask ^ b) {
          minimal = false
          break
        }
        rest ^= b
      }
      if minimal { result.append((0..<n).filter { mask & (1 << $0) != 0 }) }
    }
    return result.sorted { $0.lexicographicallyPrecedes($1) }
  }
}
