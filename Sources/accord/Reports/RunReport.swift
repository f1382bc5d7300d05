import AccordConfig
import AccordIO
import AccordModel
import Foundation

/// The short human summary `accord run` prints.
enum RunReport {
  static func text(loaded: LoadedConfig, result: RunResult) -> String {
    let s = result.summary
    let world = loaded.world
    func f(_ x: Double?) -> String { x.map { String(format: "%.3f", $0) } ?? "n/a" }
    var lines: [String] = []
    lines.append(
      "accord \(AccordVersion.current) · \(loaded.path) · seed \(loaded.config.seed) · "
        + "\(world.nations.count) nations, \(world.agents.count) agents")
    lines.append(
      "steps run: \(s.steps)" + (result.stoppedAtAgreement ? " (stopped at agreement)" : "")
        + (result.complete ? "" : " (interrupted: the files hold these steps, marked incomplete)"))
    if let step = s.agreementStep, let y = s.outcome {
      var line = "agreement at step \(step): y = \(f(y))"
      if let project = s.projectAtAgreement {
        line += " (community project \(f(project)), distance \(f(s.distanceToProject)))"
      }
      lines.append(line)
      let shares = world.nations.map { "\($0.name) \(f(s.gainShares[$0.name]))" }
      lines.append("efficiency \(f(s.efficiency)); gain shares: \(shares.joined(separator: ", "))")
    } else {
      lines.append("no agreement in \(s.negotiationRounds) rounds")
    }
    if let package = s.package, package.count > 1 {
      lines.append("package: (\(package.map { f($0) }.joined(separator: ", ")))")
    }
    if s.paretoInferior == true, let better = s.paretoImprovement {
      lines.append(
        "the deal is Pareto-inferior: (\(better.map { f($0) }.joined(separator: ", "))) in the true ZOPA "
          + "would give every nation more")
    }
    if s.involuntaryDefections > 0 {
      lines.append(
        "involuntary defections: \(s.involuntaryDefections) of \(s.negotiationRounds) rounds "
          + "(rate \(f(s.defectionRate)))")
    }
    lines.append(
      "coalition: blocking from step \(s.firstBlockingStep.map(String.init) ?? "never"), "
        + "winning from step \(s.firstWinningStep.map(String.init) ?? "never")")
    lines.append(
      "true ZOPA \(describe(s.trueZOPA)); perceived ZOPA at the end \(describe(s.finalPerceivedZOPA))"
    )
    lines.append("wrote \(result.files.joined(separator: ", "))")
    return lines.joined(separator: "\n")
  }

  private static func describe(_ intervals: [[Double]]) -> String {
    intervals.isEmpty
      ? "empty"
      : intervals.map { String(format: "[%.3f, %.3f]", $0[0], $0[1]) }.joined(separator: " ∪ ")
  }
}
