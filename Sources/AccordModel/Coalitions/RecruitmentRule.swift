/// A recruitment strategy from any package: the order in which the epistemic community
/// tries to persuade non-members (MODEL.md section 3, step 4).
///
/// A rule is a type with one static function, registered under a config name with
/// `RuleRegistry.register(_:name:)`. Once per step it scores every candidate (lower is
/// recruited first): one indirect call, after which its own loop runs as compiled in its
/// module. Persuasion then tries the `K` lowest scores, breaking ties by a hash of the
/// run, the step and the agent, so equal scores give a fresh random order each step
/// that is the same at any thread count. A rule must not allocate and draws no random
/// numbers.
public protocol RecruitmentRule: Sendable {
  /// Writes `scores[c]` for each agent `candidates[c]`, `c` in `0..<count`.
  static func score(
    _ context: RecruitmentContext, candidates: UnsafePointer<Int32>, count: Int,
    into scores: UnsafeMutablePointer<Double>
  )
}

/// What a recruitment rule may read in one step, as raw column pointers.
///
/// Agent columns address one value per agent, in the order configs list them; nation
/// columns one value per nation, in the order of `nations:`.
public struct RecruitmentContext {
  /// The community's consensus belief `p_EC` this step.
  public let consensus: Double
  /// Current beliefs `p_i`.
  public let belief: UnsafePointer<Double>
  /// Weights `w_i` in their nation's ratification.
  public let weight: UnsafePointer<Double>
  /// Each agent's nation (an index into the nation columns).
  public let nation: UnsafePointer<Int32>
  /// Whether each agent holds a veto in its nation's rule.
  public let veto: UnsafePointer<Bool>
  /// Whether each agent was a member of the coalition at the end of the last step.
  public let member: UnsafePointer<Bool>
  /// Each nation's total weight.
  public let nationWeight: UnsafePointer<Double>
  /// Each nation's winning weight (its quota times its total weight).
  public let quotaWeight: UnsafePointer<Double>
  /// The coalition's current weight in each nation.
  public let coalitionWeight: UnsafePointer<Double>

  /// A context over the given columns, for calling a rule directly (in a test, say).
  public init(
    consensus: Double, belief: UnsafePointer<Double>, weight: UnsafePointer<Double>,
    nation: UnsafePointer<Int32>, veto: UnsafePointer<Bool>, member: UnsafePointer<Bool>,
    nationWeight: UnsafePointer<Double>, quotaWeight: UnsafePointer<Double>,
    coalitionWeight: UnsafePointer<Double>
  ) {
    self.consensus = consensus
    self.belief = belief
    self.weight = weight
    self.nation = nation
    self.veto = veto
    self.member = member
    self.nationWeight = nationWeight
    self.quotaWeight = quotaWeight
    self.coalitionWeight = coalitionWeight
  }
}
