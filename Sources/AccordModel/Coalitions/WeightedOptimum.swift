import AccordNumerics

/// The policy that maximises a weighted sum of utilities `-sum_i w_i |y - x_i|^gamma`.
///
/// For gamma = 2 it is the weighted mean of the ideal points; for gamma = 1 it is the
/// lower weighted median. Used for the epistemic community's project `y_EC` and for
/// the best joint outcome in the efficiency measure.
package enum WeightedOptimum {
  /// Reusable buffers for weighted medians, so the step loop allocates nothing.
  package struct Workspace: Sendable {
    var scratch: [Double] = []
    var order: [Int32] = []
    var sorter = BucketSort()

    package init() {}
  }

  /// The optimum of `count` ideal points; NaN when the weights sum to zero.
  package static func peak(
    count: Int, gamma: Int, value: (Int) -> Double, weight: (Int) -> Double,
    workspace: inout Workspace
  ) -> Double {
    if gamma == 2 {
      var sum = 0.0
      var norm = 0.0
      for k in 0..<count {
        sum += weight(k) * value(k)
        norm += weight(k)
      }
      return norm > 0 ? sum / norm : .nan
    }
    if workspace.scratch.count < count {
      workspace.scratch = [Double](repeating: 0, count: count)
      workspace.order = [Int32](repeating: 0, count: count)
    }
    var total = 0.0
    for k in 0..<count {
      workspace.scratch[k] = value(k)
      workspace.order[k] = Int32(k)
      total += weight(k)
    }
    guard total > 0 else { return .nan }
    workspace.scratch.withUnsafeMutableBufferPointer { key in
      workspace.order.withUnsafeMutableBufferPointer { ord in
        workspace.sorter.sort(keys: key.base, ids: ord.base, count: count)
      }
    }
    var cumulative = 0.0
    for k in 0..<count {
      cumulative += weight(Int(workspace.order[k]))
      if cumulative >= total / 2 - 1e-12 * total { return workspace.scratch[k] }
    }
    return workspace.scratch[count - 1]
  }

  /// Convenience form over arrays (allocates; not for the step loop).
  package static func peak(values: [Double], weights: [Double], gamma: Int) -> Double {
    var workspace = Workspace()
    return peak(
      count: values.count, gamma: gamma, value: { values[$0] }, weight: { weights[$0] },
      workspace: &workspace)
  }
}
