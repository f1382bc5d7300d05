/// What a sweep model does, so the runner, store and plan never branch on its name.
///
/// Adding a model: a type conforming here in its own file, a case in ``SweepModel``
/// and its line in ``SweepModel/kind``.
public protocol SweepModelKind: Sendable {
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
public struct AccordSweepModel: SweepModelKind {
  public var simulatesWorld: Bool { true }
  public func metricColumns(accord: [String]) -> [String] { accord }
  public func evaluate(_ factors: [Double]) -> (metrics: [Double], summaryJSON: String)? { nil }
  public var factorNames: [String] { [] }
}

/// The Ishigami function of x1, x2, x3: a test of the sensitivity analysis.
public struct IshigamiSweepModel: SweepModelKind {
  public var simulatesWorld: Bool { false }
  public func metricColumns(accord: [String]) -> [String] { ["y"] }
  public func evaluate(_ factors: [Double]) -> (metrics: [Double], summaryJSON: String)? {
    let y = Ishigami.value(factors)
    return ([y], "{\"y\":\(y)}")
  }
  public var factorNames: [String] { ["x1", "x2", "x3"] }
}

extension SweepModel {
  /// The model's behaviour (the registry of sweep models).
  public var kind: any SweepModelKind {
    switch self {
    case .accord: AccordSweepModel()
    case .ishigami: IshigamiSweepModel()
    }
  }
}
