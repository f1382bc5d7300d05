/// The epistemic community's persuasion effort (MODEL.md section 3, step 4).
public struct PersuasionParameters: Sendable, Equatable {
  /// Attempts `K` per step, each on a different non-member.
  public var attempts: Int = 1
  /// Whom the community targets.
  public var strategy: RecruitmentStrategy = .alliesFirst
  /// Step `mu` toward the consensus on success: `p_j <- p_j + mu (p_EC - p_j)`.
  public var step: Double = 0.3
  /// Recruit only in this nation (index), such as the other side's blocking factions.
  public var targetNation: Int?
  /// How a success moves the belief (``PersuasionUpdate``).
  public var update = PersuasionUpdate.linear
  /// `w`, the pseudo-observations a success adds under `.pseudoEvidence`.
  public var pseudoObservations = 4.0

  /// Parameters with `attempts` per step, `strategy` and the step `mu`.
  public init(attempts: Int = 1, strategy: RecruitmentStrategy = .alliesFirst, step: Double = 0.3) {
    self.attempts = attempts
    self.strategy = strategy
    self.step = step
  }
}
