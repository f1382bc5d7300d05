import Foundation
import Testing

@testable import AccordConfig

/// The schema walk on a small type whose decoding has the shapes the config types use:
/// a choice whose values allow or need other keys, a required key, a bounded number and
/// an object that rejects unknown keys.
@Suite struct SchemaWalkTests {
  enum Shape: String, CaseIterable { case circle, square, polygon }

  struct Figure: Decodable {
    var name: String
    var shape: Shape
    var radius: Double?
    var sides: Int?
    var scale: Double

    enum CodingKeys: String, CodingKey, CaseIterable { case name, shape, radius, sides, scale }

    init(from decoder: any Decoder) throws {
      try decoder.rejectUnknownKeys(CodingKeys.self)
      let c = try decoder.container(keyedBy: CodingKeys.self)
      name = try c.decode(String.self, forKey: .name)
      shape = try c.choice(.shape, default: .square)
      scale = try c.number(.scale, default: 1, in: .positive)
      switch shape {
      case .circle:
        radius = try c.number(.radius, default: 1, in: .closed(0, 10))
      case .polygon:
        guard c.contains(.sides) else { throw decoder.issue(CodingKeys.shape, "needs sides") }
        sides = try c.integer(.sides, default: 3, in: 3...12)
      case .square:
        break
      }
      for key in [CodingKeys.radius, .sides] where c.contains(key) {
        let applies = (key == .radius && shape == .circle) || (key == .sides && shape == .polygon)
        if !applies { throw decoder.issue(key, "does not apply") }
      }
    }
  }

  let schema = SchemaWalk.schema(of: Figure.self)

  @Test func keysTypesBoundsAndDefaultsComeFromTheHelpers() {
    #expect(schema["type"] == .string("object"))
    #expect(schema["additionalProperties"] == .bool(false))
    #expect(schema["required"] == .array([.string("name")]))
    let properties = schema["properties"]
    #expect(properties?["name"] == .object([("type", .string("string"))]))
    #expect(
      properties?["shape"]
        == SchemaFragment.choice(["circle", "square", "polygon"], default: "square"))
    #expect(
      properties?["scale"]
        == .object([
          ("type", .string("number")), ("exclusiveMinimum", .number(0)), ("default", .number(1)),
        ]))
    #expect(properties?["radius"] == SchemaFragment.number(.closed(0, 10), default: 1))
    #expect(properties?["sides"] == SchemaFragment.integer(3...12, default: 3))
  }

  @Test func choicesAllowAndNeedTheirKeys() {
    let clauses = schema["allOf"]?.list ?? []
    // radius only with circle, sides only with polygon (absent shape is square: the
    // clauses apply then), and polygon needs sides.
    let forbidRadius: JSONValue = .object([
      (
        "if",
        .object([
          (
            "properties",
            .object([
              ("shape", .object([("not", .object([("enum", .array([.string("circle")]))]))]))
            ])
          )
        ])
      ),
      ("then", .object([("not", .object([("required", .array([.string("radius")]))]))])),
    ])
    let needSides: JSONValue = .object([
      (
        "if",
        .object([
          ("properties", .object([("shape", .object([("enum", .array([.string("polygon")]))]))])),
          ("required", .array([.string("shape")])),
        ])
      ),
      ("then", .object([("required", .array([.string("sides")]))])),
    ])
    #expect(clauses.contains(forbidRadius))
    #expect(clauses.contains(needSides))
    #expect(clauses.count == 3)
  }

  @Test func decodingOutsideAWalkRecordsNothing() throws {
    #expect(SchemaRecorder.current == nil)
    let node = try ConfigLoader.compose(yaml: "name: a\nshape: polygon\nsides: 5\n", path: "f.yaml")
    let figure = try ConfigLoader.decode(Figure.self, from: node, path: "f.yaml")
    #expect(figure.sides == 5 && figure.scale == 1)
    #expect(throws: ConfigError.self) {
      try ConfigLoader.decode(
        Figure.self, from: try ConfigLoader.compose(yaml: "name: a\nsides: 5\n", path: "f.yaml"),
        path: "f.yaml")
    }
  }

  @Test func theConfigSchemaNamesEveryKeyOfEveryConfigType() {
    let config = ConfigSchema.config()
    let properties = config["properties"]
    #expect(
      (properties.map { if case .object(let p) = $0 { p.map(\.0) } else { [] } } ?? [])
        == WorldConfig.CodingKeys.allCases.map(\.stringValue))
    let agent = properties?["nations"]?["items"]?["properties"]?["agents"]?["items"]
    #expect(
      (agent?["properties"].map { if case .object(let p) = $0 { p.map(\.0) } else { [] } } ?? [])
        == AgentGroupConfig.CodingKeys.allCases.map(\.stringValue))
    // A per-agent value: a constant in the key's range or a distribution; a beta only
    // where the range holds [0, 1].
    let kappa = agent?["properties"]?["kappa"]
    #expect(kappa?["oneOf"]?.list?.first == Parameter.schema(in: AgentGroupConfig.Range.kappa))
    let alternatives = Parameter.schema(in: .closed(0.5, 1))["oneOf"]?.list ?? []
    #expect(alternatives.count == 3)
    #expect(Parameter.schema(in: .unit)["oneOf"]?.list?.count == 4)
  }
}
