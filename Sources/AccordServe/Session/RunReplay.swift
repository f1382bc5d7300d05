import AccordConfig
import AccordModel

/// A second simulation of a run, stepped to whatever past step the page shows.
///
/// The explorer keeps no agent state per step: a run is a function of its world and
/// seed, so its state at a past step is recomputed by stepping this copy there, forward
/// from where it stands or, for an earlier step, again from step 0 with the same code as
/// the run. So a session holds one world's state for scrubbing and inspecting however
/// long the run, and a jump costs the steps replayed.
final class RunReplay {
  /// The run replayed.
  let run: Int
  private let world: World
  private let seed: UInt32
  private var simulation: Simulation

  init(run: Int, loaded: LoadedConfig) throws {
    self.run = run
    world = loaded.world
    seed = loaded.config.seed
    simulation = try Simulation(world: loaded.world, seed: loaded.config.seed)
  }

  /// The agents at `step` (at the run's last step, if it stopped at an agreement
  /// before), and agent `agent`'s row there.
  func frame(step: Int, agent: Int?) throws -> (AgentSnapshot, AgentDetail?) {
    if step < simulation.step { simulation = try Simulation(world: world, seed: seed) }
    simulation.run(steps: step)
    let detail = agent.map { AgentDetail(simulation, agent: $0) }
    return (AgentSnapshot(simulation), detail)
  }
}
