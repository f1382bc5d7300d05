import AccordNumerics
import CPrefetch

/// Where a sparse learning kernel reads a neighbour's belief and an edge's trust.
protocol EdgeSource {
  /// The belief of neighbour `j` and the trust of edge `e`, which leads to `j`.
  func read(_ e: Int, _ j: Int) -> (belief: Double, trust: Double)
  /// Asks for neighbour `j`'s cache line ahead of ``read(_:_:)``.
  func prefetch(_ j: Int)
}

/// Every edge's trust is 1 (unit ties, equal credibility): nothing stored.
struct UnitTrust: EdgeSource {
  let p: UnsafePointer<Double>
  @inline(__always) func read(_ e: Int, _ j: Int) -> (belief: Double, trust: Double) { (p[j], 1) }
  @inline(__always) func prefetch(_ j: Int) { accord_prefetch(p + j) }
}

/// A stored trust per edge.
struct StoredTrust: EdgeSource {
  let p: UnsafePointer<Double>
  let base: UnsafePointer<Double>
  @inline(__always) func read(_ e: Int, _ j: Int) -> (belief: Double, trust: Double) {
    (p[j], base[e])
  }
  @inline(__always) func prefetch(_ j: Int) { accord_prefetch(p + j) }
}

/// Unit ties: an edge's trust is its neighbour's credibility, read beside the
/// neighbour's belief from `pairs` (`pairs[2j]` the belief, `pairs[2j + 1]` the
/// credibility).
///
/// A rewired tie leads anywhere in the population, so reading the belief and the
/// credibility from two columns missed the cache twice; side by side they share a line.
struct NeighbourTrust: EdgeSource {
  let pairs: UnsafePointer<Double>
  @inline(__always) func read(_ e: Int, _ j: Int) -> (belief: Double, trust: Double) {
    (pairs[2 * j], pairs[2 * j + 1])
  }
  @inline(__always) func prefetch(_ j: Int) { accord_prefetch(pairs + 2 * j) }
}

/// The social-learning kernels, on raw columns so the step loop stays tight.
///
/// Every mode writes `(1 - lambda_i) base_i + lambda_i avg_i`, where `base_i` is the
/// current belief (the initial one for Friedkin-Johnsen), and `avg_i` averages the
/// beliefs the agent listens to: neighbours within `eps_i`, weighted by the tie
/// strength times the neighbour's credibility (DeGroot, Friedkin-Johnsen), or the
/// plain mean over itself and those neighbours (Hegselmann-Krause). An agent who
/// hears nobody within its bound keeps `avg_i = p_i`.
enum SocialLearning {
  /// Tolerance on confidence bounds, so that `|0.2 - 0.05| <= 0.15` holds as on paper.
  static let boundTolerance = 1e-12

  /// How many stored edges ahead the kernel asks for a neighbour's belief (about six
  /// agents at degree 10): a rewired tie's neighbour is anywhere in the population, and
  /// its line takes longer to arrive than an agent's update takes.
  static let prefetchDistance = 64

  /// Which average a synchronous kernel takes.
  enum Averaging: Sendable {
    /// Trust-weighted mean of the others within the bound, around the current belief.
    case degroot
    /// As DeGroot, around the initial belief.
    case friedkinJohnsen
    /// Plain mean of self and the others within the bound.
    case hegselmannKrause
  }

  /// One synchronous update on a sparse network, from `p` into `next`.
  ///
  /// `trust[e]` is the weight of edge `e` (tie strength times the neighbour's
  /// credibility), precomputed because it does not change during a run. The inner
  /// loops are branch-free: whether a neighbour is within the bound is unpredictable,
  /// so it selects a weight of zero instead of skipping.
  ///
  /// The kernel is generic over where it reads trust (``EdgeSource``) so that a network
  /// whose every trust is 1 needs no 8-byte weight per stored edge (``UnitTrust``): it
  /// is specialised for each kind, and `cond ? 1 : 0` is the same arithmetic as
  /// `cond ? trust[e] : 0` with `trust[e] == 1`.
  static func synchronousSparse(
    mode: Averaging, count n: Int, p: UnsafePointer<Double>, next: UnsafeMutablePointer<Double>,
    anchor: UnsafePointer<Double>, lambda: UnsafePointer<Double>, eps: UnsafePointer<Double>,
    offsets: UnsafePointer<Int32>, targets: UnsafePointer<Int32>, trust: UnsafePointer<Double>
  ) {
    sparseKernel(
      mode: mode, count: n, p: p, next: next, anchor: anchor, lambda: lambda, eps: eps,
      offsets: offsets, targets: targets, source: StoredTrust(p: p, base: trust))
  }

  /// ``synchronousSparse(mode:count:p:next:anchor:lambda:eps:offsets:targets:trust:)``
  /// for any kind of trust.
  static func sparseKernel<S: EdgeSource>(
    mode: Averaging, count n: Int, p: UnsafePointer<Double>, next: UnsafeMutablePointer<Double>,
    anchor: UnsafePointer<Double>, lambda: UnsafePointer<Double>, eps: UnsafePointer<Double>,
    offsets: UnsafePointer<Int32>, targets: UnsafePointer<Int32>, source: S
  ) {
    switch mode {
    case .hegselmannKrause:
      for i in 0..<n {
        let pi = p[i]
        let bound = eps[i] + boundTolerance
        var sum = pi
        var norm = 1.0
        for e in Int(offsets[i])..<Int(offsets[i + 1]) {
          let pj = source.read(e, Int(targets[e])).belief
          let w: Double = abs(pj - pi) <= bound ? 1 : 0
          sum += w * pj
          norm += w
        }
        next[i] = (1 - lambda[i]) * pi + lambda[i] * (sum / norm)
      }
    case .degroot, .friedkinJohnsen:
      let anchored = mode == .friedkinJohnsen
      let last = max(Int(offsets[n]) - 1, 0)
      for i in 0..<n {
        let pi = p[i]
        let bound = eps[i] + boundTolerance
        // Two independent accumulator chains halve the floating-point add latency.
        var sum0 = 0.0
        var sum1 = 0.0
        var norm0 = 0.0
        var norm1 = 0.0
        var e = Int(offsets[i])
        let end = Int(offsets[i + 1])
        while e + 1 < end {
          // Load before selecting, so the select compiles to a blend, not a branch.
          source.prefetch(Int(targets[min(e + prefetchDistance, last)]))
          source.prefetch(Int(targets[min(e + prefetchDistance + 1, last)]))
          let (pj0, t0) = source.read(e, Int(targets[e]))
          let (pj1, t1) = source.read(e + 1, Int(targets[e + 1]))
          let w0 = abs(pj0 - pi) <= bound ? t0 : 0
          let w1 = abs(pj1 - pi) <= bound ? t1 : 0
          sum0 += w0 * pj0
          sum1 += w1 * pj1
          norm0 += w0
          norm1 += w1
          e += 2
        }
        if e < end {
          let (pj, t) = source.read(e, Int(targets[e]))
          let w = abs(pj - pi) <= bound ? t : 0
          sum0 += w * pj
          norm0 += w
        }
        let sum = sum0 + sum1
        let norm = norm0 + norm1
        let avg = norm > 0 ? sum / norm : pi
        let base = anchored ? anchor[i] : pi
        next[i] = (1 - lambda[i]) * base + lambda[i] * avg
      }
    }
  }

  /// One synchronous update on the complete network, given the beliefs in sorted order
  /// (`sorted[k]` is the belief of agent `order[k]`).
  ///
  /// Prefix sums over the sorted beliefs give each agent's bounded-confidence sums with
  /// two binary searches: O(n log n) instead of O(n^2).
  static func synchronousComplete(
    mode: Averaging, count n: Int, p: UnsafePointer<Double>, next: UnsafeMutablePointer<Double>,
    anchor: UnsafePointer<Double>, lambda: UnsafePointer<Double>, eps: UnsafePointer<Double>,
    credibility: UnsafePointer<Double>, order: UnsafePointer<Int32>,
    sorted: UnsafePointer<Double>, prefixWeighted: UnsafeMutablePointer<Double>,
    prefixWeight: UnsafeMutablePointer<Double>
  ) {
    let plain = mode == .hegselmannKrause
    prefixWeighted[0] = 0
    prefixWeight[0] = 0
    for k in 0..<n {
      let j = Int(order[k])
      let w = plain ? 1 : credibility[j]
      prefixWeighted[k + 1] = prefixWeighted[k] + w * p[j]
      prefixWeight[k + 1] = prefixWeight[k] + w
    }
    func lowerIndex(_ x: Double) -> Int {
      var lo = 0
      var hi = n
      while lo < hi {
        let mid = (lo + hi) >> 1
        if sorted[mid] < x { lo = mid + 1 } else { hi = mid }
      }
      return lo
    }
    func upperIndex(_ x: Double) -> Int {
      var lo = 0
      var hi = n
      while lo < hi {
        let mid = (lo + hi) >> 1
        if sorted[mid] <= x { lo = mid + 1 } else { hi = mid }
      }
      return lo
    }
    for i in 0..<n {
      let pi = p[i]
      let bound = eps[i] + boundTolerance
      let lo = lowerIndex(pi - bound)
      let hi = upperIndex(pi + bound)
      var sum = prefixWeighted[hi] - prefixWeighted[lo]
      var norm = prefixWeight[hi] - prefixWeight[lo]
      if !plain {
        // Friedkin-Johnsen and DeGroot average over others only.
        sum -= credibility[i] * pi
        norm -= credibility[i]
      }
      let avg = norm > 1e-12 ? sum / norm : pi
      let base = mode == .friedkinJohnsen ? anchor[i] : pi
      next[i] = (1 - lambda[i]) * base + lambda[i] * avg
    }
  }

  /// A uniform agent and a uniform neighbour of it (nil for an agent without any).
  @inline(__always)
  static func neighbours(
    _ n: Int, _ graph: Graph, _ offsets: UnsafeBufferPointer<Int32>,
    _ targets: UnsafeBufferPointer<Int32>, _ random: borrowing RandomStream
  ) -> (Int, Int)? {
    if graph.isComplete { return random.pair(n) }
    let i = random.uniformInt(n)
    let start = Int(offsets[i])
    let degree = Int(offsets[i + 1]) - start
    if degree == 0 { return nil }
    return (i, Int(targets[start + random.uniformInt(degree)]))
  }

  /// Deffuant: `interactions` random neighbouring pairs, updated in place.
  ///
  /// Each of the pair moves by `mu lambda` toward the other when their distance is
  /// within its own bound, so a pair with equal `lambda` and bounds keeps its mean.
  static func deffuant(
    count n: Int, interactions: Int, mu: Double, p: UnsafeMutablePointer<Double>,
    lambda: UnsafePointer<Double>, eps: UnsafePointer<Double>, graph: Graph,
    random: borrowing RandomStream
  ) {
    guard n >= 2 else { return }
    graph.offsets.withUnsafeBufferPointer { offsets in
      graph.targets.withUnsafeBufferPointer { targets in
        for _ in 0..<interactions {
          guard let (i, j) = neighbours(n, graph, offsets, targets, random) else { continue }
          let pi = p[i]
          let pj = p[j]
          let gap = abs(pi - pj)
          if gap <= eps[i] + boundTolerance { p[i] = pi + mu * lambda[i] * (pj - pi) }
          if gap <= eps[j] + boundTolerance { p[j] = pj + mu * lambda[j] * (pi - pj) }
        }
      }
    }
  }
}

/// Social-learning settings.
public struct LearningParameters: Sendable, Equatable {
  /// The social learning rule.
  public var mode: LearningMode = .friedkinJohnsen
  /// Deffuant's convergence parameter `mu`.
  public var deffuantStep: Double = 0.3
  /// Deffuant pair interactions per step, as a multiple of the number of agents.
  public var deffuantRate: Double = 0.5

  /// Parameters for `mode`, with the Deffuant step and rate.
  public init(
    mode: LearningMode = .friedkinJohnsen, deffuantStep: Double = 0.3, deffuantRate: Double = 0.5
  ) {
    self.mode = mode
    self.deffuantStep = deffuantStep
    self.deffuantRate = deffuantRate
  }
}
