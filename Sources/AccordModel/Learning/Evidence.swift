/// How evidence about `theta` arrives (MODEL.md section 3, step 1).
public struct EvidenceParameters: Sendable, Equatable {
  /// Trials per round `m`; each succeeds with probability `theta*` (0 = no evidence).
  public var trials: Int = 10
  /// A round of evidence arrives every `interval` steps.
  public var interval: Int = 1
  /// Attention `r`: how much one observed trial counts.
  public var attention: Double = 1
  /// Forgetting `delta` in (0, 1]: an agent who sees new evidence first scales `a, b` by it.
  public var forgetting: Double = 1

  /// Parameters with `trials` per round every `interval` steps, `attention` and `forgetting`.
  public init(trials: Int = 10, interval: Int = 1, attention: Double = 1, forgetting: Double = 1) {
    self.trials = trials
    self.interval = interval
    self.attention = attention
    self.forgetting = forgetting
  }
}

/// The Beta-Binomial update, on a belief kept as mean and concentration.
enum Evidence {
  /// The belief after evidence: `a' = delta a + r k`, `b' = delta b + r (m - k)`,
  /// given `gain = r k` and `total = r m`.
  @inline(__always)
  static func update(
    belief p: Double, concentration c: Double, gain: Double, total: Double, forgetting delta: Double
  ) -> (belief: Double, concentration: Double) {
    let concentration = delta * c + total
    return ((delta * p * c + gain) / concentration, concentration)
  }
}
