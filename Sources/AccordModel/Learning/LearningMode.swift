import AccordNumerics

/// How agents learn from each other (MODEL.md section 3, step 2).
///
/// This enum is also the registry of learning rules: a new rule adds its case here
/// (the raw value is its name in configs) and one line to `update(_:workspace:random:)`.
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
  /// Each agent in turn copies a random neighbour's belief, with probability `lambda_i`.
  case voter

  /// Runs this mode's rule for one step; true when the new beliefs are in `context.next`.
  @inline(__always)
  func update(
    _ context: LearningContext, workspace: inout LearningWorkspace, random: borrowing RandomStream
  ) -> Bool {
    switch self {
    case .none: false
    case .degroot: DeGroot.update(context, workspace: &workspace, random: random)
    case .friedkinJohnsen: FriedkinJohnsen.update(context, workspace: &workspace, random: random)
    case .hegselmannKrause: HegselmannKrause.update(context, workspace: &workspace, random: random)
    case .deffuant: Deffuant.update(context, workspace: &workspace, random: random)
    case .voter: VoterModel.update(context, workspace: &workspace, random: random)
    }
  }
}
