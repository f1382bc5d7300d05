/// Whether an agent supports the epistemic community's project over no agreement:
/// the membership test of the epistemic coalition (MODEL.md section 3, step 5).
///
/// A generic parameter of the membership scan and of persuasion, so each is written
/// once for one issue and for packages, and the test inlines.
protocol ProjectSupport {
  /// Whether there is a project at all (false without believers).
  var isDefined: Bool { get }
  /// 1 when agent `i` supports the project, else 0; `[lower, upper]` is the agent's
  /// support interval on issue 1 at its current belief.
  func supports(_ i: Int, lower: Double, upper: Double) -> Int
}

/// One issue: the agent supports the project when it lies in its support interval.
struct IntervalSupport: ProjectSupport {
  let project: Double

  var isDefined: Bool { !project.isNaN }

  @inline(__always)
  func supports(_ i: Int, lower: Double, upper: Double) -> Int {
    // Integer masks rather than `&&`, whose short circuit is an unpredictable branch.
    (lower <= project ? 1 : 0) & (project <= upper ? 1 : 0)
  }
}

/// Several issues: the agent supports the project package when its gain over no
/// agreement there is not negative, at its current belief.
struct PackageSupport: ProjectSupport {
  let space: PackageSpace
  let project: [Double]
  let specs: [AgentSpec]
  let belief: UnsafePointer<Double>

  var isDefined: Bool { !project.isEmpty && !project[0].isNaN }

  func supports(_ i: Int, lower: Double, upper: Double) -> Int {
    guard isDefined else { return 0 }
    let gain = project.withUnsafeBufferPointer { space.gain(specs[i], belief: belief[i], at: $0) }
    return gain >= -1e-12 ? 1 : 0
  }
}
