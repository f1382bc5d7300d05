/// A ratification rule under its config name: how a nation decides (MODEL.md section 2).
///
/// The built-in rules are the static members (``majority``, ``supermajority``, ...),
/// listed in ``allCases``; a ``RuleRegistry`` adds rules defined in another package
/// (``RatificationRuleDefinition``). Config decoding and validation read the registry's
/// names and each rule's ``quotaKey``, so a registered rule is accepted with nothing else
/// to change. Two kinds are equal when their names are.
public struct RatificationKind: Sendable, Hashable, Codable, CustomStringConvertible,
  RawRepresentable, CaseIterable
{
  /// The rule's name in configs.
  public let rawValue: String
  /// The rule's code.
  let definition: any RatificationRuleDefinition.Type

  init(name: String, definition: any RatificationRuleDefinition.Type) {
    rawValue = name
    self.definition = definition
  }

  /// The built-in rule named `rawValue`; nil for any other name.
  public init?(rawValue: String) {
    guard let kind = Self.allCases.first(where: { $0.rawValue == rawValue }) else { return nil }
    self = kind
  }

  /// More than half of the weight.
  public static let majority = RatificationKind(name: "majority", definition: MajorityRule.self)
  /// At least the fraction `quota` (in [1/2, 1]) of the weight.
  public static let supermajority = RatificationKind(
    name: "supermajority", definition: SupermajorityRule.self)
  /// Every faction with positive weight is a veto player.
  public static let unanimity = RatificationKind(name: "unanimity", definition: UnanimityRule.self)
  /// A quota rule (`quota` in [1/2, 1]; 1/2 means more than half) plus the executive's support.
  public static let executiveVeto = RatificationKind(
    name: "executive-veto", definition: ExecutiveVetoRule.self)
  /// The quota that makes Banzhaf power track weight (Slomczynski and Zyczkowski 2006).
  public static let optimalQuota = RatificationKind(
    name: "optimal-quota", definition: OptimalQuotaRule.self)

  /// accord's own rules, in the order configs' messages list them: a new built-in adds
  /// its static member above and its entry here, and the trajectory tests demand a pin.
  public static let allCases: [RatificationKind] = [
    majority, supermajority, unanimity, executiveVeto, optimalQuota,
  ]

  /// Whether configs give this rule a `quota`, and its default.
  public var quotaKey: QuotaKey { definition.quotaKey }

  /// Whether the two are the same rule: the same config name.
  public static func == (a: RatificationKind, b: RatificationKind) -> Bool {
    a.rawValue == b.rawValue
  }

  /// Hashes the config name.
  public func hash(into hasher: inout Hasher) { hasher.combine(rawValue) }

  /// The config name.
  public var description: String { rawValue }

  /// Decodes a name among the rules of the decoder's ``RuleRegistry`` (the built-ins
  /// when it carries none).
  public init(from decoder: any Decoder) throws {
    let name = try decoder.singleValueContainer().decode(String.self)
    guard let kind = RuleRegistry.in(decoder.userInfo).ratificationRule(named: name) else {
      throw DecodingError.dataCorrupted(
        .init(
          codingPath: decoder.codingPath, debugDescription: "unknown ratification rule '\(name)'"))
    }
    self = kind
  }

  /// Encodes the config name, as configs spell it.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(rawValue)
  }
}
