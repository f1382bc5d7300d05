/// The agents' state as struct-of-arrays columns: what the step loop reads and writes.
///
/// A belief is kept as its mean `p = a / (a + b)` and concentration `a + b`; social
/// learning rewrites the mean and keeps the concentration, so the precision earned
/// from evidence is not lost when an agent moves toward its neighbours.
public struct AgentState: ~Copyable {
  /// The number of agents.
  public let count: Int
  /// Belief mean `p_i`.
  public var belief: Column<Double>
  /// Scratch buffer for synchronous updates (swapped with `belief`).
  var nextBelief: Column<Double>
  /// Belief concentration `a_i + b_i`.
  public let concentration: Column<Double>
  /// Initial belief mean: the Friedkin-Johnsen anchor.
  public let anchor: Column<Double>
  /// Material ideal point `x0` on issue 1.
  public let ideal: Column<Double>
  /// Knowledge sensitivity `kappa` on issue 1.
  public let kappa: Column<Double>
  /// Salience `s` of issue 1.
  public let salience: Column<Double>
  /// Ratification weight.
  public let weight: Column<Double>
  /// Outside option `o`: the reservation is `d = u(q) + o`.
  public let outside: Column<Double>
  /// Susceptibility `lambda` to others.
  public let lambda: Column<Double>
  /// Confidence bound `eps`.
  public let eps: Column<Double>
  /// Credibility: persuasive capability.
  public let credibility: Column<Double>
  /// The probability of seeing each round of evidence.
  public let access: Column<Double>
  /// Member of the epistemic community.
  public let believer: Column<Bool>
  /// Veto player in its nation's ratification rule.
  public let veto: Column<Bool>
  /// The agent's nation, as an index into ``World/nations``.
  public let nation: Column<Int32>
  /// The agent's current support interval `{y : u(y|p) >= d(p)}`; empty when lo > hi.
  public let supportLower: Column<Double>
  /// The upper end of the support interval (see `supportLower`).
  public let supportUpper: Column<Double>
  /// Member of the epistemic coalition at the end of the last step.
  public let member: Column<Bool>

  init(specs: [AgentSpec], veto: [Bool]) {
    count = specs.count
    belief = Column(specs.map { $0.prior.mean })
    nextBelief = Column(repeating: 0, count: specs.count)
    concentration = Column(specs.map { $0.prior.concentration })
    anchor = Column(specs.map { $0.prior.mean })
    ideal = Column(specs.map(\.ideal))
    kappa = Column(specs.map(\.kappa))
    salience = Column(specs.map(\.salience))
    weight = Column(specs.map(\.weight))
    outside = Column(specs.map(\.outside))
    lambda = Column(specs.map(\.lambda))
    eps = Column(specs.map(\.eps))
    credibility = Column(specs.map(\.credibility))
    access = Column(specs.map(\.access))
    believer = Column(specs.map(\.believer))
    self.veto = Column(veto)
    nation = Column(specs.map { Int32($0.nation) })
    supportLower = Column(repeating: .infinity, count: specs.count)
    supportUpper = Column(repeating: -.infinity, count: specs.count)
    member = Column(repeating: false, count: specs.count)
  }
}
