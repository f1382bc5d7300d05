import AccordConfig
import AccordIO
import AccordModel
import Foundation

// A run's world and its summary's stored form, apart from the runner's loop so a
// replay of a stored run (`accord serve`) builds it with exactly this code.
extension RunContext {
  /// Run `run`'s decoded config, with the run's seed, and its built world.
  ///
  /// The config is decoded once per design point (`cache` keeps the last point's), and
  /// each run builds its world once, with its seed.
  func world(run: Int, cache: inout PointCache?) throws -> (config: WorldConfig, world: World) {
    let point = run / spec.replicates
    let seed = spec.seed(run: run)
    let hit = cache?.point == point ? cache : nil
    let cached =
      try hit
      ?? {
        let node = try spec.config(at: points[point])
        return (point, try ConfigLoader.decode(node: node, path: spec.basePath), node)
      }()
    cache = cached
    var seeded = cached.config
    seeded.seed = seed
    TestHooks.slowPointSetup(point)
    let world = try ConfigLoader.build(seeded, node: cached.node, path: spec.basePath, seed: seed)
    return (config: seeded, world: world)
  }

  /// A run summary as the store's `summary_json` holds it: sorted keys, and every key
  /// present (null without a value), so a store's summaries show what they lack
  /// (``SweepStore/requireSummaries(_:path:refusing:)``).
  static func summaryJSON(_ summary: RunSummary) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return String(decoding: try encoder.encode(ExplicitNulls(summary)), as: UTF8.self)
  }
}
