import AccordConfig
import Foundation

/// A run time measured on the sweep itself: a few of its runs, spread over the design,
/// performed as `sweep run` performs them (without the store) and timed.
package struct SweepTiming: Sendable {
  /// The runs timed (run indices).
  package var runs: [Int]
  /// Mean wall time of one run, in seconds.
  package var perRun: Double

  /// The most runs timed, and the time spent timing them (at least one run is timed).
  package static let maxSamples = 8
  package static let budget: Duration = .seconds(2)

  /// Times runs of `spec` spread evenly over its run indices.
  ///
  /// Until `maxSamples` runs or `budget` of wall time; runs that fail count with the time they took. Each run is
  /// timed cold (config decoded) and warm (config cached), and counts as the warm time
  /// plus the decoding shared among the point's replicates.
  package static func measure(_ spec: SweepSpec) throws -> SweepTiming {
    let points = try spec.points()
    let context = RunContext(spec: spec, points: points)
    let n = spec.runCount
    let count = min(maxSamples, n)
    // A stride through the runs (a prime multiplier visits different points and
    // replicates), so one cheap corner of the design does not stand for all of it.
    let picks = (0..<count).map { i in (i * (n / count) + (i * 7919) % max(1, n / count)) % n }
    var timed: [Int] = []
    var total = 0.0
    let clock = ContinuousClock()
    func seconds(_ d: Duration) -> Double {
      Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }
    let start = clock.now
    for run in picks {
      // As `sweep run` works: a point's config is decoded once for all its replicates, so
      // a run costs the warm run plus its share of the decoding.
      var cache: PointCache?
      let t0 = clock.now
      _ = try? context.execute(run: run, cache: &cache)
      let t1 = clock.now
      timed.append(run)
      // A run that alone used up the budget is not run again: its cold time stands.
      guard t1 - start <= budget else {
        total += seconds(t1 - t0)
        break
      }
      _ = try? context.execute(run: run, cache: &cache)
      let t2 = clock.now
      let (cold, warm) = (seconds(t1 - t0), seconds(t2 - t1))
      total += warm + max(0, cold - warm) / Double(spec.replicates)
      if clock.now - start > budget { break }
    }
    return SweepTiming(runs: timed, perRun: total / Double(timed.count))
  }
}
