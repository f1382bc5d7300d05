package import AccordConfig
package import AccordModel
import Foundation
package import Yams

/// A sweep as its store recorded it, to rebuild any of its runs: the sweep file and
/// base config are read from the store's `meta`, not from the files (which may have
/// changed or gone), and each run's world is built by the runner's own code.
package struct StoredSweep {
  /// The store's path.
  package let path: String
  package let spec: SweepSpec
  private let context: RunContext

  /// Reads the sweep the store at `path` (`DIR/sweep.sqlite`) was made with.
  ///
  /// The store does not record where the sweep file was: its `base:` is taken from the
  /// store's directory, and a base config's relative files (an edge list) from there.
  package init(path: String) throws {
    let (sweepText, baseText) = try SweepStore.reading(path) { db in
      (
        try SweepStore.metaValue(db, "sweep_file") ?? "",
        try SweepStore.metaValue(db, "base_config") ?? ""
      )
    }
    guard !sweepText.isEmpty else {
      throw SweepStoreError(path: path, message: "this store recorded no sweep file")
    }
    guard !baseText.isEmpty else {
      throw SweepStoreError(
        path: path, message: "this sweep runs a test function, not a world: nothing to replay")
    }
    let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
    let spec = try SweepSpec.load(
      yaml: sweepText, path: "\(directory)/sweep-file-in-store.yaml", storedBase: baseText)
    self.path = path
    self.spec = spec
    context = RunContext(spec: spec, points: try spec.points())
  }

  /// The number of runs of the sweep.
  package var runCount: Int { spec.runCount }

  /// Run `run`'s config tree (the base config at its design point), to size its world
  /// before building it.
  package func node(run: Int) throws -> Node {
    try checked(run)
    return try spec.config(at: context.points[run / spec.replicates])
  }

  /// Run `run`'s config, with its seed, and its world, built as the runner built them.
  package func world(run: Int) throws -> (config: WorldConfig, world: World) {
    try checked(run)
    var cache: PointCache?
    return try context.world(run: run, cache: &cache)
  }

  /// A summary as the store's `summary_json` holds one: equal text means equal summary.
  package static func summaryJSON(_ summary: RunSummary) throws -> String {
    try RunContext.summaryJSON(summary)
  }

  private func checked(_ run: Int) throws {
    guard (0..<spec.runCount).contains(run) else {
      throw SweepStoreError(
        path: path, message: "run \(run) is not a run of this sweep (0 to \(spec.runCount - 1))")
    }
  }
}
