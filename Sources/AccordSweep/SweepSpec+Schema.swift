import AccordConfig

extension SweepSpec {
  /// The schema of a sweep file's settings, factors and labels, generated from their
  /// decoding; `experiment` is left open for the caller (it is read by `accord
  /// reproduce`, which this module does not see).
  package static func schema() -> JSONValue {
    var body = SchemaWalk.schema(of: Settings.self)
    let closedForm = SweepModel.allCases.flatMap(\.kind.factorNames).map { "^\($0)$" }
    let patterns =
      ConfigSchema.factorPathPatterns() + closedForm.map { String($0.dropFirst().dropLast()) }
    let factors: JSONValue = .object([
      ("type", .string("object")),
      (
        "description",
        .string(
          "Factor paths (theta, evidence.trials, nations[A].agents[b].outside) and their values")
      ),
      ("minProperties", .number(1)),
      (
        "propertyNames",
        .object([("pattern", .string("^(?:" + patterns.joined(separator: "|") + ")$"))])
      ),
      ("additionalProperties", FactorValues.schema),
    ])
    let labels: JSONValue = .object([
      ("type", .string("object")),
      ("description", .string("Display names of factors in tables and figures")),
      ("additionalProperties", .object([("type", .string("string")), ("minLength", .number(1))])),
    ])
    if let properties = body["properties"] {
      body = body.setting(
        "properties", properties.setting("factors", factors).setting("labels", labels))
    }
    // `factors` is checked apart from the settings (in file order), so the walk cannot
    // see that it is required.
    let required = (body["required"]?.list ?? []) + [.string("factors")]
    return body.setting("required", .array(required))
  }
}

extension FactorValues: SchemaDescribed {
  /// Levels (numbers, names or booleans), `{from, to, step}` or `{low, high}`, each with
  /// `integer`.
  static var schema: JSONValue {
    func number(_ extra: [(String, JSONValue)] = []) -> JSONValue {
      .object([("type", .string("number"))] + extra)
    }
    func mapping(_ keys: [Keys], required: [Keys]) -> JSONValue {
      .object([
        ("type", .string("object")),
        (
          "properties",
          .object(
            keys.map { key in
              switch key {
              case .integer:
                (key.rawValue, .object([("type", .string("boolean")), ("default", .bool(false))]))
              case .step: (key.rawValue, number([("exclusiveMinimum", .number(0))]))
              default: (key.rawValue, number())
              }
            })
        ),
        ("required", .array(required.map { .string($0.rawValue) })),
        ("additionalProperties", .bool(false)),
      ])
    }
    return .object([
      (
        "oneOf",
        .array([
          .object([("type", .string("array")), ("items", number()), ("minItems", .number(1))]),
          // Names, or true/false for a boolean key (`linkage: [false, true]`).
          .object([
            ("type", .string("array")),
            ("items", .object([("type", .array([.string("string"), .string("boolean")]))])),
            ("minItems", .number(1)), ("uniqueItems", .bool(true)),
          ]),
          mapping([.from, .to, .step, .integer], required: [.from, .to, .step]),
          mapping([.low, .high, .integer], required: [.low, .high]),
        ])
      )
    ])
  }
}
