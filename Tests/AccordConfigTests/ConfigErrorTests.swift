import AccordConfig
import AccordModel
import Foundation
import Testing

/// Bad configs: one message naming the file, line:column and key, with the allowed values.
@Suite struct ConfigErrorTests {
  let minimal = """
    nations:
      - name: A
        agents:
          - name: a
    """

  func error(_ yaml: String, file: String = "bad.yaml") -> ConfigError? {
    do {
      _ = try ConfigLoader.load(yaml: yaml, path: file)
      return nil
    } catch {
      return error
    }
  }

  @Test func minimalConfigLoads() throws {
    let loaded = try ConfigLoader.load(yaml: minimal, path: "ok.yaml")
    #expect(loaded.world.agents.count == 1)
    #expect(loaded.config.steps == 100)
    #expect(loaded.config.seed == 1)
  }

  @Test func unknownKeySuggestsTheClosest() throws {
    let e = try #require(error("stpes: 10\n" + minimal))
    #expect(e.line == 1 && e.column == 1)
    #expect(e.key == "stpes")
    #expect(e.description.hasPrefix("bad.yaml:1:1: stpes: unknown key 'stpes'"))
    #expect(e.message.contains("(did you mean 'steps'?)"))
  }

  @Test func nestedUnknownKey() throws {
    let yaml = minimal + "\n        wieght: 2\n"
    let e = try #require(error(yaml))
    #expect(e.key == "nations[0].agents[0].wieght")
    #expect(e.line == 5 && e.column == 9)
    #expect(e.message.contains("did you mean 'weight'"))
  }

  @Test func outOfRangeNamesTheRange() throws {
    let e = try #require(error("theta: 1.5\n" + minimal))
    #expect(e.description == "bad.yaml:1:8: theta: 1.5 is out of range; allowed: [0, 1]")
  }

  @Test func persuasionUpdateIsValidated() throws {
    let e = try #require(error("persuasion: {update: bayes}\n" + minimal))
    #expect(e.key == "persuasion.update")
    #expect(e.line == 1)
    #expect(e.message.contains("allowed: linear, pseudo-evidence"))
    let w = try #require(error("persuasion: {pseudo_observations: 3}\n" + minimal))
    #expect(w.key == "persuasion.pseudo_observations")
    #expect(w.message.contains("only when update is 'pseudo-evidence'"))
    let zero = try #require(
      error("persuasion: {update: pseudo-evidence, pseudo_observations: 0}\n" + minimal))
    #expect(zero.key == "persuasion.pseudo_observations")
    let ok = try ConfigLoader.load(
      yaml: "persuasion: {update: pseudo-evidence, pseudo_observations: 3}\n" + minimal,
      path: "ok.yaml")
    #expect(ok.world.parameters.persuasion.update == .pseudoEvidence)
    #expect(ok.world.parameters.persuasion.pseudoObservations == 3)
    #expect(
      try ConfigLoader.load(yaml: minimal, path: "ok.yaml").world.parameters.persuasion
        .update == .linear)
  }

  @Test func badEnumListsTheValues() throws {
    let yaml = minimal.replacingOccurrences(
      of: "  - name: A\n", with: "  - name: A\n    rule: majoritarian\n")
    let e = try #require(error(yaml))
    #expect(e.key == "nations[0].rule")
    #expect(e.line == 3 && e.column == 11)
    #expect(e.message.contains("allowed: majority, supermajority, unanimity, executive-veto"))
    #expect(e.message.contains("did you mean 'majority'"))
  }

  @Test func wrongTypeSaysWhatWasExpected() throws {
    let e = try #require(error("steps: many\n" + minimal))
    #expect(e.key == "steps")
    #expect(e.line == 1)
    #expect(e.message.contains("expected a number"))
  }

  @Test func fractionalCountIsRefused() throws {
    let e = try #require(error("steps: 2.5\n" + minimal))
    #expect(e.message == "expected a whole number, found 2.5")
  }

  @Test func missingNations() throws {
    let e = try #require(error("steps: 3\n"))
    #expect(e.message == "missing required key 'nations'")
  }

  @Test func distributionOutsideTheFieldRange() throws {
    let yaml = minimal + "\n        ideal: {uniform: [0.5, 1.5]}\n"
    let e = try #require(error(yaml))
    #expect(e.key == "nations[0].agents[0].ideal")
    #expect(e.message.contains("leaves the allowed range [0, 1]"))
  }

  @Test func unknownDistribution() throws {
    let yaml = minimal + "\n        ideal: {gauss: [0.5, 0.1]}\n"
    let e = try #require(error(yaml))
    #expect(e.message.contains("unknown distribution 'gauss'"))
  }

  @Test func executiveMustExist() throws {
    let yaml = minimal.replacingOccurrences(
      of: "  - name: A\n", with: "  - name: A\n    executive: b\n")
    let e = try #require(error(yaml))
    #expect(e.key == "nations[0].executive")
    #expect(e.line == 3)
    #expect(e.message.contains("no agent named 'b'"))
  }

  @Test func zeroWeightNation() throws {
    let e = try #require(error(minimal + "\n        weight: 0\n"))
    #expect(e.key == "nations[0].agents")
    #expect(e.message.contains("zero total weight"))
  }

  @Test func quotaOnlyWhereItApplies() throws {
    let yaml = minimal.replacingOccurrences(
      of: "  - name: A\n", with: "  - name: A\n    quota: 0.6\n")
    let e = try #require(error(yaml))
    #expect(e.key == "nations[0].quota")
    #expect(e.message.contains("applies only to rules 'supermajority' and 'executive-veto'"))
    let tooHigh = minimal.replacingOccurrences(
      of: "  - name: A\n", with: "  - name: A\n    rule: supermajority\n    quota: 1.2\n")
    #expect(try #require(error(tooHigh)).message == "1.2 is out of range; allowed: [0.5, 1]")
  }

  @Test func networkKeysMustFitTheType() throws {
    let e = try #require(error("network: {type: complete, degree: 4}\n" + minimal))
    #expect(e.key == "network.degree")
    #expect(e.message.contains("does not apply to network type 'complete'"))
    let odd = try #require(error("network: {type: watts-strogatz, degree: 3}\n" + minimal))
    #expect(odd.message == "must be even, found 3")
  }

  @Test func networkLargerThanTheWorld() throws {
    let e = try #require(error("network: {type: watts-strogatz, degree: 4}\n" + minimal))
    #expect(e.key == "network.degree")
    #expect(e.message.contains("must be below the number of agents (1)"))
  }

  @Test func yamlSyntaxError() throws {
    let e = try #require(error("steps: [1, 2\n" + minimal))
    // The unclosed list is noticed where the next key begins.
    #expect(e.line == 2 && e.column == 8)
    #expect(
      e.message
        == "YAML syntax error: did not find expected ',' or ']' (while parsing a flow sequence)")
  }

  @Test func duplicateNames() throws {
    let yaml = minimal + "\n      - name: a\n"
    let e = try #require(error(yaml))
    #expect(e.message.contains("duplicate agent name 'a'"))
  }

  @Test func twoLevelRanges() throws {
    let lambda = minimal.replacingOccurrences(
      of: "  - name: A\n", with: "  - name: A\n    side_payment_efficiency: 1.5\n")
    let e1 = try #require(error(lambda))
    #expect(e1.key == "nations[0].side_payment_efficiency" && e1.line == 3)
    #expect(e1.message == "1.5 is out of range; allowed: [0, 1]")
    let sigma = minimal.replacingOccurrences(
      of: "  - name: A\n", with: "  - name: A\n    judgement_noise: -0.1\n")
    let e2 = try #require(error(sigma))
    #expect(e2.key == "nations[0].judgement_noise")
    #expect(e2.message == "-0.1 is out of range; allowed: [0, inf)")
    let own = minimal.replacingOccurrences(
      of: "  - name: A\n", with: "  - name: A\n    own_judgement_noise: -0.5\n")
    let e3 = try #require(error(own))
    #expect(e3.key == "nations[0].own_judgement_noise" && e3.line == 3)
    #expect(e3.message == "-0.5 is out of range; allowed: [0, inf)")
    let empty = try #require(error("nations:\n  - name: A\n    agents: []\n"))
    #expect(empty.key == "nations[0].agents" && empty.line == 3)
    #expect(empty.message == "a nation needs at least one faction (agent)")
    let both = try #require(error(minimal + "\n        outside: 0.1\n        reservation: -1\n"))
    #expect(both.message.contains("either outside"))
  }

  @Test func missingFile() throws {
    #expect(throws: ConfigError(file: "/nonexistent/x.yaml", message: "no such file")) {
      _ = try ConfigLoader.load(path: "/nonexistent/x.yaml")
    }
  }

  @Test func edgeListErrorsPointIntoTheEdgeFile() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "accord-edges-\(getpid())")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let edges = directory.appendingPathComponent("edges.csv")
    try "source,target\na,b\nb,c\n".write(to: edges, atomically: true, encoding: .utf8)
    let yaml = """
      learning: {mode: degroot}
      network: {type: edge-list, file: edges.csv}
      nations:
        - name: A
          agents:
            - name: a
            - name: b
      """
    let config = directory.appendingPathComponent("world.yaml").path
    let e = try #require(error(yaml, file: config))
    #expect(e.file == edges.path)
    #expect(e.line == 3 && e.column == 3)
    #expect(e.message.contains("unknown agent 'c'"))
    try "a,b,2.5\n".write(to: edges, atomically: true, encoding: .utf8)
    let loaded = try ConfigLoader.load(yaml: yaml, path: config)
    #expect(loaded.world.graph.edgeCount == 1)
    #expect(loaded.world.graph.weights == [2.5, 2.5])
    let missing = yaml.replacingOccurrences(of: "edges.csv", with: "nope.csv")
    #expect(try #require(error(missing, file: config)).message.hasPrefix("no such file"))
  }
}

@Suite struct DeferenceConfigTests {
  @Test func backwardMappingNeedsADeferenceFile() throws {
    let yaml =
      "persuasion: {strategy: backward-mapping}\nnations:\n  - {name: A, agents: [{name: a}]}\n"
    do {
      _ = try ConfigLoader.load(yaml: yaml, path: "d.yaml")
      Issue.record("expected an error")
    } catch {
      #expect(error.key == "persuasion.strategy")
      #expect(error.message.contains("needs deference: FILE"))
    }
  }

  @Test func deferenceFileIsRead() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "accord-def-\(getpid())")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    try "follower,leader,strength\nb,a,0.5\nc,a\n".write(
      to: directory.appendingPathComponent("deference.csv"), atomically: true, encoding: .utf8)
    let yaml = """
      persuasion: {strategy: backward-mapping, deference: deference.csv}
      nations:
        - {name: A, agents: [{name: a}, {name: b}, {name: c}]}
      """
    let config = directory.appendingPathComponent("w.yaml").path
    let world = try ConfigLoader.load(yaml: yaml, path: config).world
    #expect(world.deference.linkCount == 2)
    #expect(world.deference.followers == [1, 2] && world.deference.strengths == [0.5, 1])
    try "b,a,1.5\n".write(
      to: directory.appendingPathComponent("deference.csv"), atomically: true, encoding: .utf8)
    do {
      _ = try ConfigLoader.load(yaml: yaml, path: config)
      Issue.record("expected an error")
    } catch {
      #expect(error.line == 1 && error.column == 5)
      #expect(error.message == "weight '1.5' is not a number in (0, 1]")
    }
  }
}
