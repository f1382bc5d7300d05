package import AccordConfig
import AccordIO
import AccordModel

/// A loaded config as the page sees it: controls, nations and their thresholds, and the
/// `accord inspect` view of its world.
package struct ConfigView: Sendable, Encodable {
  package var id: String
  package var seed: UInt32
  package var steps: Int
  package var controls: [Control]
  package var nations: [String]
  /// Each nation's ratification quota: the coalition wins at this weight share and
  /// blocks above one minus it (veto players aside).
  package var quotas: [Double]
  package var agents: Int
  /// `accord inspect`'s table for this world, seed and parameters.
  package var inspect: String

  package init(id: String, loaded: LoadedConfig) {
    self.id = id
    seed = loaded.config.seed
    steps = loaded.config.steps
    controls = Control.controls(for: loaded.config)
    nations = loaded.world.nations.map(\.name)
    quotas = loaded.world.nations.indices.map(loaded.world.ratificationQuota(ofNation:))
    agents = loaded.world.agents.count
    inspect = Self.inspect(loaded)
  }

  private static func inspect(_ loaded: LoadedConfig) -> String {
    do {
      var simulation = try Simulation(world: loaded.world, seed: loaded.config.seed)
      return try simulation.inspect(trueBeliefs: false).table
    } catch {
      return "cannot inspect this world: \(error)"
    }
  }
}
