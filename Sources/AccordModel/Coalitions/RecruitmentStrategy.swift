/// How the epistemic community picks whom to persuade: a recruitment rule under its
/// config name.
///
/// The built-in strategies are the static members (``random``, ``alliesFirst``, ...),
/// listed in ``allCases``; a ``RuleRegistry`` adds strategies whose scores come from
/// another package (``RecruitmentRule``). Two strategies are equal when their names are.
public struct RecruitmentStrategy: Sendable, Hashable, Codable, CustomStringConvertible,
  RawRepresentable, CaseIterable
{
  /// The strategy's name in configs.
  public let rawValue: String
  /// The code that ranks candidates.
  let rule: Rule

  /// A built-in score (a static switch per candidate) or a registered rule's scores.
  enum Rule: Sendable {
    case builtIn(BuiltInRecruitment)
    case external(any RecruitmentRule.Type)
  }

  init(_ builtIn: BuiltInRecruitment) {
    rawValue = builtIn.rawValue
    rule = .builtIn(builtIn)
  }

  init(name: String, rule: any RecruitmentRule.Type) {
    rawValue = name
    self.rule = .external(rule)
  }

  /// The built-in strategy named `rawValue`; nil for any other name.
  public init?(rawValue: String) {
    guard let builtIn = BuiltInRecruitment(rawValue: rawValue) else { return nil }
    self.init(builtIn)
  }

  /// Uniformly among non-members.
  public static let random = RecruitmentStrategy(BuiltInRecruitment.random)
  /// Closest belief to the community's consensus first.
  public static let alliesFirst = RecruitmentStrategy(BuiltInRecruitment.alliesFirst)
  /// Largest share of its nation's weight first.
  public static let weightFirst = RecruitmentStrategy(BuiltInRecruitment.weightFirst)
  /// Largest step toward a winning coalition in its nation first: a missing veto
  /// player, then the weight that closes most of the gap to the quota, then Banzhaf power.
  public static let pivotalFirst = RecruitmentStrategy(BuiltInRecruitment.pivotalFirst)
  /// Sebenius's backward mapping: the agent whose conversion brings the most weight
  /// along the deference network (its own plus its followers') first.
  public static let backwardMapping = RecruitmentStrategy(BuiltInRecruitment.backwardMapping)

  /// The built-in strategies, in the order configs' messages list them.
  public static let allCases = BuiltInRecruitment.allCases.map(RecruitmentStrategy.init)

  /// Whether the two are the same rule: the same config name.
  public static func == (a: RecruitmentStrategy, b: RecruitmentStrategy) -> Bool {
    a.rawValue == b.rawValue
  }

  /// Hashes the config name.
  public func hash(into hasher: inout Hasher) { hasher.combine(rawValue) }

  /// The config name.
  public var description: String { rawValue }

  /// Decodes a name among the strategies of the decoder's ``RuleRegistry`` (the
  /// built-ins when it carries none).
  public init(from decoder: any Decoder) throws {
    let name = try decoder.singleValueContainer().decode(String.self)
    guard let strategy = RuleRegistry.in(decoder.userInfo).recruitmentStrategy(named: name)
    else {
      throw DecodingError.dataCorrupted(
        .init(
          codingPath: decoder.codingPath, debugDescription: "unknown recruitment strategy '\(name)'"
        ))
    }
    self = strategy
  }

  /// Encodes the config name, as configs spell it.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(rawValue)
  }
}
