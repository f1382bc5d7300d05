import AccordConfig
import AccordModel
import AccordNumerics
import Testing

/// Everyone moves to the midpoint 1/2 in one step.
private enum ToMidpoint: LearningRule {
  static func update(_ context: LearningContext, random: borrowing RandomStream) -> Bool {
    for i in 0..<context.count { context.next[i] = 0.5 }
    return true
  }
}

/// Recruits the last-listed agent first.
private enum LastListedFirst: RecruitmentRule {
  static func score(
    _ context: RecruitmentContext, candidates: UnsafePointer<Int32>, count: Int,
    into scores: UnsafeMutablePointer<Double>
  ) {
    for c in 0..<count { scores[c] = -Double(candidates[c]) }
  }
}

/// Four fifths of the weight; the last faction holds a veto.
private enum FourFifthsLastVeto: RatificationRuleDefinition {
  static let quotaKey = QuotaKey.none
  static func quota(configured: Double?, weights: [Double]) -> Double { 0.8 }
  static func vetoPlayers(weights: [Double], executive: Int) -> [Int] { [weights.count - 1] }
}

/// Rules registered from outside accord: config names resolve through the registry
/// handed to the loader, messages list the registered names, and the engine runs them.
@Suite struct RuleRegistryTests {
  static func registry() throws -> RuleRegistry {
    var rules = RuleRegistry.builtIn
    try rules.register(ToMidpoint.self, name: "to-midpoint")
    try rules.register(LastListedFirst.self, name: "last-listed-first")
    try rules.register(FourFifthsLastVeto.self, name: "four-fifths")
    return rules
  }

  static let yaml = """
    learning: {mode: to-midpoint}
    network: {type: complete}
    persuasion: {strategy: last-listed-first}
    nations:
      - name: A
        rule: four-fifths
        agents:
          - {name: a, weight: 1, prior_mean: 0.1, lambda: 1}
          - {name: b, weight: 3, prior_mean: 0.9, lambda: 1}
    """

  @Test func builtInsAreTheRegistrysFirstEntries() {
    let rules = RuleRegistry.builtIn
    #expect(
      rules.learningModes.map(\.rawValue) == [
        "none", "degroot", "friedkin-johnsen", "hegselmann-krause", "deffuant", "voter",
      ])
    #expect(
      rules.recruitmentStrategies.map(\.rawValue) == [
        "random", "allies-first", "weight-first", "pivotal-first", "backward-mapping",
      ])
    #expect(
      rules.ratificationRules.map(\.rawValue) == [
        "majority", "supermajority", "unanimity", "executive-veto", "optimal-quota",
      ])
    #expect(LearningMode(rawValue: "voter") == .voter)
    #expect(LearningMode(rawValue: "to-midpoint") == nil)
  }

  @Test func registeredNamesLoadAndRun() throws {
    let rules = try Self.registry()
    let loaded = try ConfigLoader.load(yaml: Self.yaml, path: "custom.yaml", rules: rules)
    let parameters = loaded.world.parameters
    #expect(parameters.learning.mode.rawValue == "to-midpoint")
    #expect(parameters.persuasion.strategy.rawValue == "last-listed-first")
    #expect(loaded.world.nations[0].rule.name == "four-fifths")
    #expect(loaded.world.ratificationQuota(ofNation: 0) == 0.8)
    #expect(loaded.world.nations[0].rule.vetoPlayers(weights: [1, 3], executive: 0) == [1])
    // The learning rule runs in the step: both beliefs are 1/2 after one step.
    var simulation = try Simulation(world: loaded.world, seed: 1)
    simulation.run(steps: 1)
    #expect(simulation.agents.belief.array == [0.5, 0.5])
  }

  @Test func withoutTheRegistryTheNamesAreUnknown() throws {
    do {
      _ = try ConfigLoader.load(yaml: Self.yaml, path: "custom.yaml")
      Issue.record("an unregistered learning mode was accepted")
    } catch {
      #expect(error.key == "learning.mode")
      #expect(error.line == 1)
      #expect(error.message.contains("'to-midpoint'"))
      #expect(error.message.contains("allowed: none, degroot,"))
      #expect(!error.message.contains("to-midpoint,"))
    }
  }

  @Test func unknownNamesListTheRegisteredOnesAfterTheBuiltIns() throws {
    let rules = try Self.registry()
    let yaml = Self.yaml.replacingOccurrences(of: "mode: to-midpoint", with: "mode: to-midpont")
    do {
      _ = try ConfigLoader.load(yaml: yaml, path: "custom.yaml", rules: rules)
      Issue.record("an unknown learning mode was accepted")
    } catch {
      #expect(error.key == "learning.mode")
      #expect(error.message.contains("deffuant, voter, to-midpoint"))
      #expect(error.message.contains("did you mean 'to-midpoint'"))
    }
    // A registered rule that takes no quota refuses one, naming the rules that take one.
    let quota = Self.yaml.replacingOccurrences(
      of: "rule: four-fifths\n", with: "rule: four-fifths\n    quota: 0.7\n")
    do {
      _ = try ConfigLoader.load(yaml: quota, path: "custom.yaml", rules: rules)
      Issue.record("a quota was accepted for a rule that takes none")
    } catch {
      #expect(error.key == "nations[0].quota")
      #expect(
        error.message
          == "applies only to rules 'supermajority' and 'executive-veto', not 'four-fifths'")
    }
  }

  @Test func takenAndMalformedNamesAreRefused() throws {
    var rules = RuleRegistry.builtIn
    do {
      try rules.register(ToMidpoint.self, name: "voter")
      Issue.record("a taken name was registered")
    } catch {
      #expect(error.message == "learning mode 'voter' is already registered")
    }
    #expect(throws: RuleRegistryError.self) { try rules.register(ToMidpoint.self, name: "Mid") }
    #expect(throws: RuleRegistryError.self) { try rules.register(ToMidpoint.self, name: "") }
    #expect(throws: RuleRegistryError.self) {
      try rules.register(LastListedFirst.self, name: "allies-first")
    }
    #expect(throws: RuleRegistryError.self) {
      try rules.register(FourFifthsLastVeto.self, name: "majority")
    }
    #expect(rules.learningModes.count == LearningMode.allCases.count)
  }
}
