public import AccordNumerics

/// One agent's parameters at step 0: a faction, agency or expert.
///
/// ``World`` holds a list of these; ``Simulation`` turns them into struct-of-arrays
/// columns (``AgentState``) for the step loop.
public struct AgentSpec: Sendable, Equatable {
  /// A unique name, used in outputs and to name a nation's executive.
  public var name: String {
    get { compactName.description }
    set { compactName = AgentName(newValue) }
  }
  /// The name as kept: a group's members share its string (see ``AgentName``).
  public var compactName: AgentName
  /// The index of the agent's nation in ``World/nations``.
  public var nation: Int {
    get { Int(nationIndex) }
    set { nationIndex = Int32(clamping: newValue) }
  }
  // Four bytes, in the name's padding after its member number: no room of its own.
  private var nationIndex: Int32
  /// Prior belief about `theta`.
  public var prior: BetaDistribution
  /// Material ideal point `x0` at a neutral belief.
  public var ideal: Double
  /// Sensitivity of the ideal point to knowledge: `x(p) = clamp(x0 + kappa (p - 1/2), 0, 1)`.
  public var kappa: Double
  /// Salience `s` of the issue.
  public var salience: Double
  /// Weight in the nation's ratification (votes, seats).
  public var weight: Double
  /// Outside option `o`; the reservation value is `u(q) + o`.
  public var outside: Double
  /// Susceptibility to others, in [0, 1] (0 = stubborn).
  public var lambda: Double
  /// Confidence bound: the agent listens only to beliefs within `eps` of its own.
  public var eps: Double
  /// Credibility or persuasive capability.
  public var credibility: Double
  /// Probability of seeing each round of evidence.
  public var access: Double
  /// Member of the epistemic community.
  public var believer: Bool
  /// Ideal, knowledge sensitivity and salience on issues 2...D (empty with one issue).
  public var otherIssues: [IssueStance] = []

  /// The agent's stance on issue `k` (0-based).
  public func stance(_ k: Int) -> IssueStance {
    k == 0 ? IssueStance(ideal: ideal, kappa: kappa, salience: salience) : otherIssues[k - 1]
  }

  /// An agent of nation `nation` with a stance on issue 1; the defaults are a config entry's.
  public init(
    name: String, nation: Int, prior: BetaDistribution = BetaDistribution(a: 1, b: 1),
    ideal: Double = 0.5, kappa: Double = 0, salience: Double = 1, weight: Double = 1,
    outside: Double = 0, lambda: Double = 0.5, eps: Double = 1, credibility: Double = 1,
    access: Double = 1, believer: Bool = false
  ) {
    self.init(
      compactName: AgentName(name), nation: nation, prior: prior, ideal: ideal, kappa: kappa,
      salience: salience, weight: weight, outside: outside, lambda: lambda, eps: eps,
      credibility: credibility, access: access, believer: believer)
  }

  /// An agent named by `compactName` (a group's member, say), as `init(name:nation:...)`.
  public init(
    compactName: AgentName, nation: Int, prior: BetaDistribution = BetaDistribution(a: 1, b: 1),
    ideal: Double = 0.5, kappa: Double = 0, salience: Double = 1, weight: Double = 1,
    outside: Double = 0, lambda: Double = 0.5, eps: Double = 1, credibility: Double = 1,
    access: Double = 1, believer: Bool = false
  ) {
    self.compactName = compactName
    nationIndex = Int32(clamping: nation)
    self.prior = prior
    self.ideal = ideal
    self.kappa = kappa
    self.salience = salience
    self.weight = weight
    self.outside = outside
    self.lambda = lambda
    self.eps = eps
    self.credibility = credibility
    self.access = access
    self.believer = believer
  }
}

/// An agent's ideal point, knowledge sensitivity and salience on one issue.
public struct IssueStance: Sendable, Equatable {
  /// The material ideal point `x0` on the issue.
  public var ideal: Double
  /// Knowledge sensitivity `kappa` on the issue.
  public var kappa: Double
  /// Salience `s` of the issue.
  public var salience: Double

  /// A stance on one issue.
  public init(ideal: Double, kappa: Double = 0, salience: Double = 1) {
    self.ideal = ideal
    self.kappa = kappa
    self.salience = salience
  }
}
