import AccordNumerics

/// The phases of steps 3-7 that every issue space shares: the epistemic community, the
/// coalition tally, persuasion and the negotiation record.
///
/// Grouped so that steps 3-7 are one method over one value and the issue space, passed
/// `inout` beside it: a `Simulation` stores both, and a method of the simulation itself
/// could not take its own space `inout`.
struct StepPhases: ~Copyable {
  let specs: [AgentSpec]
  var community: EpistemicCommunity
  var tally: CoalitionTally
  var persuasion: Persuasion
  var negotiation: NegotiationPhase

  /// Steps 3-7, written once for every issue space (specialised, no existential): the
  /// consensus (step 3), the project, membership and persuasion (steps 4-5), win-sets
  /// and the ZOPA (6), a negotiation round (7).
  ///
  /// True when the run stops at an agreement. At step 0 (the initial state) it measures
  /// only: no persuasion (0 persuaded) and no round.
  mutating func run<S: IssueSpace>(
    over space: inout S, step: Int, agents: borrowing AgentState,
    random: borrowing RandomStream, record: inout StepRecord
  ) -> Bool {
    let (consensus, credibility) = community.consensus(agents)
    record.consensus = consensus
    let project = space.project(
      consensus: consensus, community: &community, agents: agents, specs: specs)
    record.project = project
    let support = space.support(agents: agents, project: project)
    let available = tally.scan(
      agents: agents, support: support, recruiting: persuasion.parameters.attempts > 0,
      candidates: persuasion.candidates)
    let acts = step > 0
    record.persuaded =
      acts
      ? persuasion.run(
        available: available, step: step, consensus: consensus, credibility: credibility,
        support: support,
        agents: agents, tally: &tally, random: random) : 0
    tally.record(into: &record, step: step)
    space.compute(agents: agents, specs: specs, record: &record)
    guard acts else { return false }
    return space.negotiate(
      step: step, project: project, agents: agents, specs: specs, negotiation: &negotiation,
      random: random, record: &record)
  }
}
