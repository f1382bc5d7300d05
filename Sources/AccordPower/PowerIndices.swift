/// Shapley-Shubik and Banzhaf indices of every player of a game.
public struct PowerIndices: Sendable, Codable, Equatable {
  /// How the indices were computed.
  public var method: PowerMethod
  /// Samples drawn (sampling only).
  public var samples: Int?
  /// Shapley-Shubik index; sums to 1.
  public var shapleyShubik: [Double]
  /// Banzhaf index normalised to sum to 1.
  public var banzhaf: [Double]
  /// Absolute Banzhaf index: the probability of being a swing in a uniform random coalition.
  public var banzhafAbsolute: [Double]
  /// Swing counts: coalitions of the others that the player turns from losing to winning
  /// (`banzhafAbsolute * 2^(n-1)`; estimated when sampling).
  public var swings: [Double]
  /// Half-widths of 95% confidence intervals (sampling only).
  public var shapleyShubikHalfWidth: [Double]?
  /// Half-widths of 95% confidence intervals of the absolute Banzhaf index (sampling only).
  public var banzhafAbsoluteHalfWidth: [Double]?

  enum CodingKeys: String, CodingKey {
    case method, samples
    case shapleyShubik = "shapley_shubik"
    case banzhaf
    case banzhafAbsolute = "banzhaf_absolute"
    case swings
    case shapleyShubikHalfWidth = "shapley_shubik_ci95"
    case banzhafAbsoluteHalfWidth = "banzhaf_absolute_ci95"
  }
}
