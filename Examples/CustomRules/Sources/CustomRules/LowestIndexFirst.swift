import Accord

/// Recruits the non-members in the order the config lists them: the first listed first.
///
/// A deliberately plain strategy, so that a run's recruitment is predictable: with one
/// attempt a step and a target that never joins, the same agent is persuaded every
/// step, its belief moving `mu` of the way to the consensus each time.
public enum LowestIndexFirst: RecruitmentRule {
  /// Scores each candidate by its index (lower is recruited first): the first listed first.
  public static func score(
    _ context: RecruitmentContext, candidates: UnsafePointer<Int32>, count: Int,
    into scores: UnsafeMutablePointer<Double>
  ) {
    for c in 0..<count { scores[c] = Double(candidates[c]) }
  }
}
