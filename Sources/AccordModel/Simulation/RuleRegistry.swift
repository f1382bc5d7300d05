/// The rules configs can name: learning modes, recruitment strategies and ratification
/// rules, each under its config name.
///
/// ``builtIn`` holds accord's own rules. A package adds its rules to a copy and hands it
/// to the loader, so the registry is a value, not global state:
///
/// ```swift
/// var rules = RuleRegistry.builtIn
/// try rules.register(BoundedMean.self, name: "bounded-mean")
/// let loaded = try ConfigLoader.load(path: "world.yaml", rules: rules)
/// ```
///
/// Config decoding, validation messages (`known: ...`) and the schema list the names in
/// registration order, the built-ins first.
public struct RuleRegistry: Sendable {
  /// The learning modes, built-ins first.
  public private(set) var learningModes: [LearningMode]
  /// The recruitment strategies, built-ins first.
  public private(set) var recruitmentStrategies: [RecruitmentStrategy]
  /// The ratification rules, built-ins first.
  public private(set) var ratificationRules: [RatificationKind]

  /// accord's own rules.
  public static let builtIn = RuleRegistry(
    learningModes: LearningMode.allCases, recruitmentStrategies: RecruitmentStrategy.allCases,
    ratificationRules: RatificationKind.allCases)

  /// Where a decoder's `userInfo` carries the registry its config names resolve in.
  public static let userInfoKey = CodingUserInfoKey(rawValue: "accord.rules")

  /// The registry in a decoder's `userInfo`, or ``builtIn`` when it carries none.
  public static func `in`(_ userInfo: [CodingUserInfoKey: Any]) -> RuleRegistry {
    guard let key = userInfoKey, let rules = userInfo[key] as? RuleRegistry else { return builtIn }
    return rules
  }

  /// The learning mode named `name`, or nil.
  public func learningMode(named name: String) -> LearningMode? {
    learningModes.first { $0.rawValue == name }
  }

  /// The recruitment strategy named `name`, or nil.
  public func recruitmentStrategy(named name: String) -> RecruitmentStrategy? {
    recruitmentStrategies.first { $0.rawValue == name }
  }

  /// The ratification rule named `name`, or nil.
  public func ratificationRule(named name: String) -> RatificationKind? {
    ratificationRules.first { $0.rawValue == name }
  }

  /// Adds a learning rule under the config name `name` (`learning.mode: NAME`).
  public mutating func register(_ rule: any LearningRule.Type, name: String)
    throws(RuleRegistryError)
  {
    try Self.check(name, "learning mode", taken: learningModes.map(\.rawValue))
    learningModes.append(LearningMode(name: name, rule: rule))
  }

  /// Adds a recruitment strategy under the config name `name` (`persuasion.strategy: NAME`).
  public mutating func register(_ rule: any RecruitmentRule.Type, name: String)
    throws(RuleRegistryError)
  {
    try Self.check(name, "recruitment strategy", taken: recruitmentStrategies.map(\.rawValue))
    recruitmentStrategies.append(RecruitmentStrategy(name: name, rule: rule))
  }

  /// Adds a ratification rule under the config name `name` (a nation's `rule: NAME`).
  public mutating func register(_ rule: any RatificationRuleDefinition.Type, name: String)
    throws(RuleRegistryError)
  {
    try Self.check(name, "ratification rule", taken: ratificationRules.map(\.rawValue))
    ratificationRules.append(RatificationKind(name: name, definition: rule))
  }

  /// A config name is lower-case ASCII letters, digits and '-', from a letter, and new.
  private static func check(_ name: String, _ noun: String, taken: [String])
    throws(RuleRegistryError)
  {
    let valid =
      name.first.map { $0.isASCII && $0.isLowercase } == true
      && name.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }
    guard valid else {
      throw RuleRegistryError(
        message:
          "'\(name)' is not a valid \(noun) name: use lower-case ASCII letters, digits and '-', "
          + "starting with a letter")
    }
    guard !taken.contains(name) else {
      throw RuleRegistryError(message: "\(noun) '\(name)' is already registered")
    }
  }
}

/// Why a rule could not be registered: an invalid or taken name.
public struct RuleRegistryError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The problem, naming the rule.
  public let message: String

  /// The message.
  public var description: String { message }
}
