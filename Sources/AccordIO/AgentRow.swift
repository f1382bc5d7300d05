package import AccordModel
import AccordNumerics

/// One agent's state at one step: a row of `agents.csv` and of a sweep store's `agents`
/// table, read through ``AgentRow/columns``.
package struct AgentRow: Sendable {
  package var step: Int
  package var agent: String
  package var nation: String
  package var belief: Double
  /// The 95% credible interval of the agent's Beta belief (NaN when not computed).
  package var beliefLower: Double
  package var beliefUpper: Double
  package var ideal: Double
  package var member: Bool

  /// Agent `i` of `simulation`.
  ///
  /// The credible interval (GSL's Beta quantiles, the costly part) only `withInterval`.
  /// The agent's name is composed here, row by row: a table of a million names would
  /// hold the strings that ``AgentName`` saves.
  package init(_ simulation: borrowing Simulation, agent i: Int, withInterval: Bool) {
    let p = simulation.agents.belief[i]
    let spec = simulation.world.agents[i]
    step = simulation.step
    agent = spec.name
    nation = simulation.world.nations[spec.nation].name
    belief = p
    if withInterval {
      let c = simulation.agents.concentration[i]
      let a = max(p * c, 1e-12)
      let b = max((1 - p) * c, 1e-12)
      let interval = BetaDistribution(a: a, b: b).credibleInterval(level: 0.95)
      beliefLower = interval.lowerBound
      beliefUpper = interval.upperBound
    } else {
      beliefLower = .nan
      beliefUpper = .nan
    }
    ideal = UtilityShape.ideal(
      base: simulation.agents.ideal[i], kappa: simulation.agents.kappa[i], belief: p)
    member = simulation.agents.member[i]
  }

  /// The agent columns, in file order: the one definition of `agents.csv`, its JSON
  /// Lines form and a sweep store's `agents` table (which keeps ``storedColumns``).
  package static let columns: [OutputColumn<AgentRow>] = [
    .init("step", .count, unit: "step", "The step (0: the prior beliefs)") { r, _ in
      .integer(r.step)
    },
    .init("agent", .category, "The agent's name") { r, _ in .text(r.agent) },
    .init("nation", .category, "The agent's nation") { r, _ in .text(r.nation) },
    .init("belief", .real, unit: "probability", "Belief that the hypothesis holds") { r, _ in
      .number(r.belief)
    },
    .init(
      "belief_lower", .real, unit: "probability",
      "Lower bound of the belief's 95% credible interval (Beta quantile)"
    ) { r, _ in .number(r.beliefLower) },
    .init(
      "belief_upper", .real, unit: "probability",
      "Upper bound of the belief's 95% credible interval (Beta quantile)"
    ) { r, _ in .number(r.beliefUpper) },
    .init("ideal", .real, unit: "policy", "The agent's ideal point at its current belief") {
      r, _ in .number(r.ideal)
    },
    .init("member", .flag, "The agent is in the epistemic coalition") { r, _ in
      .flag(r.member)
    },
  ]

  /// The columns a sweep store keeps: all but the credible interval, which would cost
  /// two Beta quantiles per agent and step in every kept run.
  package static let storedColumns = columns.filter {
    $0.name != "belief_lower" && $0.name != "belief_upper"
  }
}
