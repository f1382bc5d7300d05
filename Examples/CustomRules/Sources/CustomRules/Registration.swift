import Accord

extension RuleRegistry {
  /// accord's built-in rules plus this package's three, under their config names.
  ///
  /// `bounded-mean` (``BoundedMean``), `lowest-index-first` (``LowestIndexFirst``) and
  /// `heaviest-veto` (``HeaviestVeto``).
  public static func withCustomRules() throws(RuleRegistryError) -> RuleRegistry {
    var rules = RuleRegistry.builtIn
    try rules.register(BoundedMean.self, name: "bounded-mean")
    try rules.register(LowestIndexFirst.self, name: "lowest-index-first")
    try rules.register(HeaviestVeto.self, name: "heaviest-veto")
    return rules
  }
}
