/// How a successful persuasion moves the persuaded agent's belief (`persuasion.update`).
public enum PersuasionUpdate: String, Sendable, CaseIterable, Codable {
  /// `p <- p + mu (p_EC - p)`, whatever the agent's concentration (the default).
  case linear
  /// The community's message counts as `w` pseudo-observations of a Beta belief:
  /// `a <- a + w p_EC`, `b <- b + w (1 - p_EC)`. The mean moves by `w / (a + b + w)`
  /// of the gap, so a firm prior (large `a + b`) moves less than a diffuse one, and the
  /// concentration grows by `w`.
  case pseudoEvidence = "pseudo-evidence"

  /// The belief mean and concentration after a successful persuasion toward `message`.
  @inline(__always)
  public func apply(
    belief p: Double, concentration c: Double, message: Double, step mu: Double,
    pseudoObservations w: Double
  ) -> (belief: Double, concentration: Double) {
    switch self {
    case .linear: (p + mu * (message - p), c)
    case .pseudoEvidence: ((p * c + w * message) / (c + w), c + w)
    }
  }
}
