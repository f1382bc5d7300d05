import AccordNumerics

/// One trajectory of Morris's elementary-effects design (Morris 1991), in unit coordinates.
///
/// On a grid of `levels` values per factor (`0, 1/(p-1), ..., 1`), a start point is drawn
/// with every coordinate on the grid, and the factors are moved one at a time, in a
/// random order, by `delta = p / (2 (p - 1))` (2/3 with p = 4): up from the lower half of
/// the grid, down from the upper half, so every point stays in [0, 1]. A trajectory has
/// k + 1 points; consecutive points differ in one factor, which gives one elementary
/// effect `(f(x') - f(x)) / (x'_i - x_i)` per factor and trajectory, in units of the
/// factor's range.
package struct MorrisTrajectory: Sendable, Equatable {
  /// Grid levels per factor.
  package static let levels = 4
  /// The step, as a share of each factor's range.
  package static let delta = Double(levels) / (2 * Double(levels - 1))

  /// The k + 1 points, in unit coordinates.
  package var points: [[Double]]
  /// `moved[s]`: the factor moved between points s and s + 1.
  package var moved: [Int]
  /// `direction[s]`: +1 when that factor went up, -1 when down.
  package var direction: [Double]

  /// The design's trajectories, drawn from GSL's generator with the sweep's seed: the
  /// analysis regenerates them from the store's seed, so the factor each step moved is
  /// known even where a factor's values are categorical or rounded.
  package static func all(factors k: Int, samples: Int, seed: UInt32) throws
    -> [MorrisTrajectory]
  {
    let random = try RandomStream(seed: seed)
    let half = levels / 2
    let step = Double(half) / Double(levels - 1)
    return (0..<samples).map { _ in
      var x = (0..<k).map { _ in Double(random.uniformInt(levels)) / Double(levels - 1) }
      var order = Array(0..<k)
      random.shuffle(&order)
      var points = [x]
      var direction: [Double] = []
      for i in order {
        // Up from the lower half of the grid, down from the upper half.
        let up = x[i] < 0.5
        x[i] += up ? step : -step
        x[i] = min(1, max(0, x[i]))
        direction.append(up ? 1 : -1)
        points.append(x)
      }
      return MorrisTrajectory(points: points, moved: order, direction: direction)
    }
  }
}
