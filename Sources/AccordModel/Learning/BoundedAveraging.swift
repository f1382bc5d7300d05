import AccordNumerics

/// DeGroot: the trust-weighted mean of the neighbours within `eps_i`.
enum DeGroot: BuiltInLearningRule {
  static func update(
    _ context: LearningContext, workspace: inout LearningWorkspace, random: borrowing RandomStream
  ) -> Bool {
    BoundedAveraging.update(.degroot, context, workspace: &workspace)
  }
}

/// Friedkin-Johnsen: DeGroot anchored on each agent's initial belief.
enum FriedkinJohnsen: BuiltInLearningRule {
  static func update(
    _ context: LearningContext, workspace: inout LearningWorkspace, random: borrowing RandomStream
  ) -> Bool {
    BoundedAveraging.update(.friedkinJohnsen, context, workspace: &workspace)
  }
}

/// Hegselmann-Krause: the plain mean of self and the neighbours within `eps_i`.
enum HegselmannKrause: BuiltInLearningRule {
  static func update(
    _ context: LearningContext, workspace: inout LearningWorkspace, random: borrowing RandomStream
  ) -> Bool {
    BoundedAveraging.update(.hegselmannKrause, context, workspace: &workspace)
  }
}

/// Deffuant: random neighbouring pairs within their bounds meet and move closer, in place.
enum Deffuant: BuiltInLearningRule {
  static func update(
    _ context: LearningContext, workspace: inout LearningWorkspace, random: borrowing RandomStream
  ) -> Bool {
    let n = context.count
    SocialLearning.deffuant(
      count: n, interactions: Int((context.parameters.deffuantRate * Double(n)).rounded()),
      mu: context.parameters.deffuantStep, p: context.belief, lambda: context.lambda,
      eps: context.eps, graph: context.graph, random: random)
    return false
  }
}

/// The synchronous bounded-confidence averages, on the complete network (sorted
/// beliefs and prefix sums) or a sparse one (edge lists).
enum BoundedAveraging {
  static func update(
    _ averaging: SocialLearning.Averaging, _ c: LearningContext,
    workspace: inout LearningWorkspace
  ) -> Bool {
    let n = c.count
    let graph = c.graph
    if graph.isComplete {
      workspace.sorted.base.update(from: c.belief, count: n)
      for i in 0..<n { workspace.order.write(i, Int32(i)) }
      workspace.sorter.sort(keys: workspace.sorted.base, ids: workspace.order.base, count: n)
      SocialLearning.synchronousComplete(
        mode: averaging, count: n, p: c.belief, next: c.next, anchor: c.anchor, lambda: c.lambda,
        eps: c.eps, credibility: c.credibility, order: workspace.order.base,
        sorted: workspace.sorted.base, prefixWeighted: workspace.prefixWeighted.base,
        prefixWeight: workspace.prefixWeight.base)
    } else {
      let trust = workspace.edgeTrust.base
      graph.offsets.withUnsafeBufferPointer { offsets in
        graph.targets.withUnsafeBufferPointer { targets in
          guard let offsets = offsets.baseAddress, let targets = targets.baseAddress else {
            c.next.update(from: c.belief, count: n)  // no edges: nobody moves
            return
          }
          switch workspace.trust {
          case .unit:
            SocialLearning.sparseKernel(
              mode: averaging, count: n, p: c.belief, next: c.next, anchor: c.anchor,
              lambda: c.lambda, eps: c.eps, offsets: offsets, targets: targets,
              source: UnitTrust(p: c.belief))
          case .neighbour:
            // The credibilities were paired at setup; only the beliefs change.
            let pairs = workspace.neighbourPairs.base
            for i in 0..<n { pairs[2 * i] = c.belief[i] }
            SocialLearning.sparseKernel(
              mode: averaging, count: n, p: c.belief, next: c.next, anchor: c.anchor,
              lambda: c.lambda, eps: c.eps, offsets: offsets, targets: targets,
              source: NeighbourTrust(pairs: pairs))
          case .stored:
            SocialLearning.synchronousSparse(
              mode: averaging, count: n, p: c.belief, next: c.next, anchor: c.anchor,
              lambda: c.lambda, eps: c.eps, offsets: offsets, targets: targets,
              trust: trust)
          }
        }
      }
    }
    return true
  }
}
