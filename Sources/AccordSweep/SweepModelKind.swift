/// What a sweep model does, so the runner, store and plan never branch on its name.
///
/// Adding a model: a type conforming here in its own file, a case in ``SweepModel``
/// and its line in ``SweepModel/kind``.
package protocol SweepModelKind: Sendable {
  /// Whether runs simulate the sweep's base config (so the sweep needs `base:`, and the
  /// store records its nations, issues and text).
  var simulatesWorld: Bool { get }
  /// The metric columns of the runs table, given the accord summary's metrics.
  func metricColumns(accord: [String]) -> [String]
  /// A run computed without a world (a closed-form test function): its metrics and
  /// summary JSON; nil for models that simulate.
  func evaluate(_ factors: [Double]) -> (metrics: [Double], summaryJSON: String)?
  /// The factors a closed-form model takes, in order (a sweep must name exactly these);
  /// empty for models whose factors are paths into the base config.
  var factorNames: [String] { get }
}

/// The accord model on the base config.
package struct AccordSweepModel: SweepModelKind {
  package var simulatesWorld: Bool { true }
  package func metricColumns(accord: [String]) -> [String] { accord }
  package func evaluate(_ factors: [Double]) -> (metrics: [Double], summaryJSON: String)? { nil }
  package var factorNames: [String] { [] }
}

/// The Ishigami function of x1, x2, x3: a test of the sensitivity analysis.
package struct IshigamiSweepModel: SweepModelKind {
  package var simulatesWorld: Bool { false }
  package func metricColumns(accord: [String]) -> [String] { ["y"] }
  package func evaluate(_ factors: [Double]) -> (metrics: [Double], summaryJSON: String)? {
    let y = Ishigami.value(factors)
    return ([y], "{\"y\":\(y)}")
  }
  package var factorNames: [String] { ["x1", "x2", "x3"] }
}

extension SweepModel {
  /// The model's behaviour (the registry of sweep models).
  package var kind: any SweepModelKind {
    switch self {
    case .accord: AccordSweepModel()
    case .ishigami: IshigamiSweepModel()
    }
  }
}
