package import AccordConfig

extension SweepSpec {
  /// A linked factor's name: it names a store column and is used in expressions.
  static let namePattern = "[A-Za-z_][A-Za-z0-9_]*"

  /// The schema of a sweep file's settings, factors, derived values and labels, generated
  /// from their decoding; `experiment` is left open for the caller (it is read by `accord
  /// reproduce`, which this module does not see).
  package static func schema() -> JSONValue {
    var body = SchemaWalk.schema(of: Settings.self)
    let closedForm = SweepModel.allCases.flatMap(\.kind.factorNames).map { "^\($0)$" }
    let patterns =
      ConfigSchema.factorPathPatterns() + closedForm.map { String($0.dropFirst().dropLast()) }
    let pathPattern = "^(?:" + patterns.joined(separator: "|") + ")$"
    // As the loader reads keys: a path with `.` or `[` is a plain factor (no `link`); a
    // plain name that is also a config key (theta) may carry `link` (it then names a
    // linked factor); any other name is a linked factor's and must carry `link`.
    let compound = "^(?=.*[.\\[])(?:" + patterns.joined(separator: "|") + ")$"
    let simple = "^(?=" + namePattern + "$)(?:" + patterns.joined(separator: "|") + ")$"
    let factors: JSONValue = .object([
      ("type", .string("object")),
      (
        "description",
        .string(
          "Factor paths (theta, evidence.trials, nations[A].agents[b].outside) and their "
            + "values; or a design variable's name (community) with link: [PATH, ...]")
      ),
      ("minProperties", .number(1)),
      (
        "propertyNames",
        .object([
          ("pattern", .string("^(?:" + patterns.joined(separator: "|") + "|" + namePattern + ")$"))
        ])
      ),
      (
        "patternProperties",
        .object([
          (compound, FactorValues.forms(link: .forbidden)),
          (simple, FactorValues.forms(link: .optional)),
        ])
      ),
      ("additionalProperties", FactorValues.forms(link: .required)),
    ])
    let derive: JSONValue = .object([
      ("type", .string("object")),
      (
        "description",
        .string(
          "Config fields computed from the factors: PATH: EXPR (numbers, factor names, "
            + "+ - * / and parentheses) or PATH: {expr: EXPR, integer: true}")
      ),
      ("propertyNames", .object([("pattern", .string(pathPattern))])),
      ("additionalProperties", DeriveEntry.schema),
    ])
    let labels: JSONValue = .object([
      ("type", .string("object")),
      ("description", .string("Display names of factors in tables and figures")),
      ("additionalProperties", .object([("type", .string("string")), ("minLength", .number(1))])),
    ])
    if let properties = body["properties"] {
      body = body.setting(
        "properties",
        properties.setting("factors", factors).setting("labels", labels).setting(
          "derive", derive))
    }
    // `factors` is checked apart from the settings (in file order), so the walk cannot
    // see that it is required.
    let required = (body["required"]?.list ?? []) + [.string("factors")]
    return body.setting("required", .array(required))
  }
}

extension FactorValues: SchemaDescribed {
  /// Levels (numbers, names or booleans), `{levels}`, `{from, to, step}` or `{low, high}`,
  /// each mapping with `integer` and `link`.
  static var schema: JSONValue { forms(link: .optional) }

  /// Whether a factor's mapping may, must or must not carry `link`.
  enum LinkRule { case forbidden, optional, required }

  /// The value forms under `rule`; a linked factor has only the mapping forms.
  static func forms(link rule: LinkRule) -> JSONValue {
    let linked = rule == .required
    func number(_ extra: [(String, JSONValue)] = []) -> JSONValue {
      .object([("type", .string("number"))] + extra)
    }
    let numbers: JSONValue = .object([
      ("type", .string("array")), ("items", number()), ("minItems", .number(1)),
    ])
    // Names, or true/false for a boolean key (`linkage: [false, true]`).
    let names: JSONValue = .object([
      ("type", .string("array")),
      ("items", .object([("type", .array([.string("string"), .string("boolean")]))])),
      ("minItems", .number(1)), ("uniqueItems", .bool(true)),
    ])
    func mapping(_ keys: [Keys], required: [Keys]) -> JSONValue {
      let required = required + (linked ? [.link] : [])
      return .object([
        ("type", .string("object")),
        (
          "properties",
          .object(
            (keys + (rule == .forbidden ? [] : [.link])).map { key in
              switch key {
              case .integer:
                (key.rawValue, .object([("type", .string("boolean")), ("default", .bool(false))]))
              case .step: (key.rawValue, number([("exclusiveMinimum", .number(0))]))
              case .levels: (key.rawValue, .object([("oneOf", .array([numbers, names]))]))
              case .link:
                (
                  key.rawValue,
                  .object([
                    ("type", .string("array")),
                    ("items", .object([("type", .string("string")), ("minLength", .number(1))])),
                    ("minItems", .number(1)), ("uniqueItems", .bool(true)),
                  ])
                )
              default: (key.rawValue, number())
              }
            })
        ),
        ("required", .array(required.map { .string($0.rawValue) })),
        ("additionalProperties", .bool(false)),
      ])
    }
    let maps = [
      mapping([.levels, .integer], required: [.levels]),
      mapping([.from, .to, .step, .integer], required: [.from, .to, .step]),
      mapping([.low, .high, .integer], required: [.low, .high]),
    ]
    return .object([("oneOf", .array(linked ? maps : [numbers, names] + maps))])
  }
}

extension DeriveEntry: SchemaDescribed {
  /// An expression, or `{expr, integer}`.
  static var schema: JSONValue {
    .object([
      (
        "oneOf",
        .array([
          .object([
            ("type", .array([.string("string"), .string("number")])), ("minLength", .number(1)),
          ]),
          .object([
            ("type", .string("object")),
            (
              "properties",
              .object([
                ("expr", .object([("type", .string("string")), ("minLength", .number(1))])),
                ("integer", .object([("type", .string("boolean")), ("default", .bool(false))])),
              ])
            ),
            ("required", .array([.string("expr")])),
            ("additionalProperties", .bool(false)),
          ]),
        ])
      )
    ])
  }
}
