import Accord
import AccordNumerics

/// Bounded confidence: each agent moves toward the plain mean of itself and the
/// neighbours within its bound.
///
/// `p_i <- (1 - lambda_i) p_i + lambda_i mean{p_j : j = i or (j ~ i and |p_j - p_i| <= eps_i)}`,
/// synchronously: the same arithmetic as accord's built-in `hegselmann-krause` on a sparse
/// network, written outside accord so the two can be compared step for step and timed.
/// On the complete network every other agent is a neighbour (O(n^2) a step: for small
/// worlds). With every `eps_i >= 1` on a complete network and equal `lambda`, every
/// deviation from the mean shrinks by `1 - lambda` a step and the mean stays put.
public enum BoundedMean: LearningRule {
  /// Tolerance on the bound, as accord's built-in kernels use.
  static let tolerance = 1e-12

  /// Moves every agent toward the mean within its bound; true: the new beliefs are in `next`.
  public static func update(_ context: LearningContext, random: borrowing RandomStream) -> Bool {
    let n = context.count
    let p = UnsafePointer(context.belief)
    let next = context.next
    let lambda = context.lambda
    let eps = context.eps
    let graph = context.graph
    if graph.isComplete {
      for i in 0..<n {
        let pi = p[i]
        let bound = eps[i] + tolerance
        var sum = pi
        var norm = 1.0
        for j in 0..<n where j != i {
          let w: Double = abs(p[j] - pi) <= bound ? 1 : 0
          sum += w * p[j]
          norm += w
        }
        next[i] = (1 - lambda[i]) * pi + lambda[i] * (sum / norm)
      }
      return true
    }
    graph.offsets.withUnsafeBufferPointer { offsets in
      graph.targets.withUnsafeBufferPointer { targets in
        for i in 0..<n {
          let pi = p[i]
          let bound = eps[i] + tolerance
          var sum = pi
          var norm = 1.0
          for e in Int(offsets[i])..<Int(offsets[i + 1]) {
            let pj = p[Int(targets[e])]
            let w: Double = abs(pj - pi) <= bound ? 1 : 0
            sum += w * pj
            norm += w
          }
          next[i] = (1 - lambda[i]) * pi + lambda[i] * (sum / norm)
        }
      }
    }
    return true
  }
}
