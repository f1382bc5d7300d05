import AccordNumerics

/// How agents learn from each other (MODEL.md section 3, step 2): a learning rule under
/// its config name.
///
/// The built-in modes are the static members (``none``, ``degroot``, ...), listed in
/// ``allCases``; a ``RuleRegistry`` adds modes whose rule comes from another package
/// (``LearningRule``). Two modes are equal when their names are.
public struct LearningMode: Sendable, Hashable, Codable, CustomStringConvertible,
  RawRepresentable, CaseIterable
{
  /// The mode's name in configs.
  public let rawValue: String
  /// The code it runs.
  let rule: Rule

  /// A built-in rule (a static switch the step inlines) or a registered one.
  enum Rule: Sendable {
    case builtIn(BuiltInLearning)
    case external(any LearningRule.Type)
  }

  init(_ builtIn: BuiltInLearning) {
    rawValue = builtIn.rawValue
    rule = .builtIn(builtIn)
  }

  init(name: String, rule: any LearningRule.Type) {
    rawValue = name
    self.rule = .external(rule)
  }

  /// The built-in mode named `rawValue`; nil for any other name.
  public init?(rawValue: String) {
    guard let builtIn = BuiltInLearning(rawValue: rawValue) else { return nil }
    self.init(builtIn)
  }

  /// No social learning; beliefs change only through evidence and persuasion.
  public static let none = LearningMode(BuiltInLearning.none)
  /// `p_i <- (1 - lambda_i) p_i + lambda_i avg_j p_j` over neighbours within `eps_i`.
  public static let degroot = LearningMode(BuiltInLearning.degroot)
  /// As DeGroot, but anchored on the agent's initial belief: `(1 - lambda_i) p_i(0) + ...`.
  public static let friedkinJohnsen = LearningMode(BuiltInLearning.friedkinJohnsen)
  /// Bounded confidence, synchronous: the plain mean over self and neighbours within `eps_i`.
  public static let hegselmannKrause = LearningMode(BuiltInLearning.hegselmannKrause)
  /// Random neighbouring pairs within their bounds move toward each other by `mu`.
  public static let deffuant = LearningMode(BuiltInLearning.deffuant)
  /// Each agent in turn copies a random neighbour's belief, with probability `lambda_i`.
  public static let voter = LearningMode(BuiltInLearning.voter)

  /// The built-in modes, in the order configs' messages list them.
  public static let allCases = BuiltInLearning.allCases.map(LearningMode.init)

  /// Whether the two are the same rule: the same config name.
  public static func == (a: LearningMode, b: LearningMode) -> Bool { a.rawValue == b.rawValue }

  /// Hashes the config name.
  public func hash(into hasher: inout Hasher) { hasher.combine(rawValue) }

  /// The config name.
  public var description: String { rawValue }

  /// Decodes a name among the modes of the decoder's ``RuleRegistry`` (the built-ins
  /// when it carries none).
  public init(from decoder: any Decoder) throws {
    let name = try decoder.singleValueContainer().decode(String.self)
    guard let mode = RuleRegistry.in(decoder.userInfo).learningMode(named: name) else {
      throw DecodingError.dataCorrupted(
        .init(codingPath: decoder.codingPath, debugDescription: "unknown learning mode '\(name)'"))
    }
    self = mode
  }

  /// Encodes the config name, as configs spell it.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(rawValue)
  }

  /// Runs this mode's rule for one step; true when the new beliefs are in `context.next`.
  ///
  /// Built-ins go through a static switch; a registered rule costs one indirect call a
  /// step, its per-agent loop compiled and specialised in its own module.
  @inline(__always)
  func update(
    _ context: LearningContext, workspace: inout LearningWorkspace, random: borrowing RandomStream
  ) -> Bool {
    switch rule {
    case .builtIn(let builtIn): builtIn.update(context, workspace: &workspace, random: random)
    case .external(let external): external.update(context, random: random)
    }
  }
}
