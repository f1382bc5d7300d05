/// How agents learn from each other (MODEL.md section 3, step 2).
public enum LearningMode: String, Sendable, CaseIterable, Codable {
  /// No social learning; beliefs change only through evidence and persuasion.
  case none
  /// `p_i <- (1 - lambda_i) p_i + lambda_i avg_j p_j` over neighbours within `eps_i`.
  case degroot
  /// As DeGroot, but anchored on the agent's initial belief: `(1 - lambda_i) p_i(0) + ...`.
  case friedkinJohnsen = "friedkin-johnsen"
  /// Bounded confidence, synchronous: the plain mean over self and neighbours within `eps_i`.
  case hegselmannKrause = "hegselmann-krause"
  /// Random neighbouring pairs within their bounds move toward each other by `mu`.
  case deffuant
}
