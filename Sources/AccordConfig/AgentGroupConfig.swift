/// One entry of a nation's `agents:` list: a single agent, or `count` agents whose
/// fields are drawn from distributions.
public struct AgentGroupConfig: Codable, Sendable, Equatable {
  /// The agent's name, or with `count` above 1 the stem of the names `NAME-1` to `NAME-count`.
  public var name: String
  /// How many agents this entry stands for (`count`).
  public var count = 1
  /// Member of the epistemic community (`believer`).
  public var believer = false
  /// The prior belief mean `a / (a + b)` (`prior_mean`).
  public var priorMean: Parameter
  /// The prior's concentration `a + b` (`prior_concentration`).
  public var priorConcentration: Parameter
  /// Per issue: one value for every issue, or a list of one per issue.
  public var ideal: OneOrMany<Parameter>
  /// Knowledge sensitivity per issue (`kappa`): `x(p) = clamp(x0 + kappa (p - 1/2), 0, 1)`.
  public var kappa: OneOrMany<Parameter>
  /// Salience `s` per issue (`salience`).
  public var salience: OneOrMany<Parameter>
  /// Ratification weight (`weight`).
  public var weight: Parameter
  /// Outside option `o`, so that the reservation is `d = u(q) + o` (`outside`).
  public var outside: Parameter
  /// The reservation value `d` given directly (instead of `outside`): fixed at step 0.
  public var reservation: Parameter?
  /// Susceptibility; defaults to 0 for believers (stubborn) and 0.5 otherwise.
  public var lambda: Parameter
  /// Confidence bound (`eps`): 1 or more listens to everyone.
  public var eps: Parameter
  /// Credibility; defaults to 2 for believers and 1 otherwise.
  public var credibility: Parameter
  /// The probability of seeing each round of evidence (`access`).
  public var access: Parameter

  enum CodingKeys: String, CodingKey, CaseIterable {
    case name, count, believer
    case priorMean = "prior_mean"
    case priorConcentration = "prior_concentration"
    case ideal, kappa, salience, weight, outside, reservation, lambda, eps, credibility, access
  }

  /// Allowed ranges of the per-agent fields.
  enum Range {
    static let priorMean = Bounds.openUnit
    /// Past 1e12 pseudo-observations a prior is a point mass to any output's precision,
    /// and the belief updates' sums would lose the evidence entirely.
    static let priorConcentration = Bounds(lower: 0, upper: 1e12, lowerOpen: true)
    static let ideal = Bounds.unit
    static let kappa = Bounds.closed(-10, 10)
    static let salience = Bounds.nonNegative
    static let weight = Bounds.nonNegative
    static let outside = Bounds.real
    static let reservation = Bounds.real
    static let lambda = Bounds.unit
    static let eps = Bounds.nonNegative
    /// Bounded so that tie strength times credibility, summed over any neighbourhood,
    /// stays a finite double.
    static let credibility = Bounds(lower: 0, upper: 1e12, lowerOpen: true)
    static let access = Bounds.unit
  }

  /// Decodes an entry, naming unknown keys and out-of-range values.
  public init(from decoder: any Decoder) throws {
    try decoder.rejectUnknownKeys(CodingKeys.self)
    let c = try decoder.container(keyedBy: CodingKeys.self)
    name = try c.decode(String.self, forKey: .name)
    guard !name.isEmpty, !name.contains(","), !name.contains(where: \.isWhitespace),
      !name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F })
    else {
      // Quoted as JSON so that a control character shows as an escape, not as itself.
      throw decoder.issue(
        CodingKeys.name,
        "\(JSONValue.quote(name)) is not a valid name: no spaces, commas or control "
          + "characters (U+0000-U+001F, U+007F); any other Unicode is allowed")
    }
    count = try c.integer(.count, default: 1, in: 1...10_000_000)
    believer = try c.flag(.believer, default: false)
    priorMean = try c.parameter(.priorMean, fallback: .constant(0.5), in: Range.priorMean)
    priorConcentration = try c.parameter(
      .priorConcentration, fallback: .constant(2), in: Range.priorConcentration)
    ideal = try c.perIssue(.ideal, default: .constant(0.5), in: Range.ideal)
    kappa = try c.perIssue(.kappa, default: .constant(0), in: Range.kappa)
    salience = try c.perIssue(.salience, default: .constant(1), in: Range.salience)
    weight = try c.parameter(.weight, fallback: .constant(1), in: Range.weight)
    outside = try c.parameter(.outside, fallback: .constant(0), in: Range.outside)
    reservation = try c.parameter(.reservation, default: nil, in: Range.reservation)
    if reservation != nil && c.contains(.outside) {
      throw decoder.issue(
        CodingKeys.reservation,
        "give either outside (d = u(q) + outside) or reservation (d itself), not both")
    }
    lambda = try c.parameter(.lambda, fallback: .constant(believer ? 0 : 0.5), in: Range.lambda)
    eps = try c.parameter(.eps, fallback: .constant(1), in: Range.eps)
    credibility = try c.parameter(
      .credibility, fallback: .constant(believer ? 2 : 1), in: Range.credibility)
    access = try c.parameter(.access, fallback: .constant(1), in: Range.access)
  }
}

extension KeyedDecodingContainer {
  /// A per-agent field with a default: never nil, unlike `parameter(_:default:in:)`.
  fileprivate func parameter(_ key: Key, fallback: Parameter, in bounds: Bounds) throws -> Parameter
  {
    try parameter(key, default: fallback, in: bounds) ?? fallback
  }
}
