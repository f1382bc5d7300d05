import AccordNumerics

/// Step 1: a round of evidence, seen by each agent with its access probability.
struct EvidencePhase {
  let parameters: EvidenceParameters
  /// The true state `theta*`, the success probability of each trial.
  let theta: Double

  func run(step: Int, agents: borrowing AgentState, random: borrowing RandomStream) {
    guard parameters.trials > 0, step % parameters.interval == 0 else { return }
    let k = random.binomial(p: theta, trials: parameters.trials)
    let gain = parameters.attention * Double(k)
    let total = parameters.attention * Double(parameters.trials)
    let delta = parameters.forgetting
    // Local pointers: stores through them could alias the columns' owner, which would
    // make the compiler reload every column base each iteration.
    let belief = agents.belief.base
    let concentration = agents.concentration.base
    let access = agents.access.base
    for i in 0..<agents.count {
      // One draw per agent, seen or not, so that access levels do not shift the stream;
      // the update is computed always and selected, since who sees is unpredictable.
      let seen = random.uniform() < access[i]
      let p = belief[i]
      let c = concentration[i]
      let updated = Evidence.update(
        belief: p, concentration: c, gain: gain, total: total, forgetting: delta)
      belief[i] = seen ? updated.belief : p
      concentration[i] = seen ? updated.concentration : c
    }
  }
}
